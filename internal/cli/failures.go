package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// This file holds the one set of rules that turns API failures into exit codes and hints
// (docs/EXIT_CODES.md): failureClassOf sorts an error into a class, and the class gives the
// hint, both for bulk summaries (FailureLog) and for single errors (classify in root.go).

// failureClass groups errors by what a person should do about them.
type failureClass int

const (
	classUnauthorized failureClass = iota // 401: the token was refused
	classForbidden                        // 403: the token may not do this
	classRefused                          // 400 and other 4xx: the API refused the value
	classGone                             // 404: the entity or item is gone
	classTemporary                        // 429, 5xx, network errors and timeouts
	classOther                            // anything else
)

// failureClassOf sorts err into a class, through the SDK's sentinel errors.
func failureClassOf(err error) failureClass {
	switch {
	case errors.Is(err, wxc.ErrUnauthorized):
		return classUnauthorized
	case errors.Is(err, wxc.ErrForbidden):
		return classForbidden
	case errors.Is(err, wxc.ErrNotFound):
		return classGone
	case errors.Is(err, wxc.ErrRateLimited), errors.Is(err, wxc.ErrServerError):
		return classTemporary
	case errors.Is(err, wxc.ErrBadRequest):
		return classRefused
	}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		if apiErr.StatusCode >= 400 && apiErr.StatusCode <= 499 {
			return classRefused // 409, 412, 422, ...: the API said no to this request
		}
		return classOther
	}
	if isNetworkError(err) {
		return classTemporary
	}
	return classOther
}

// isNetworkError reports transport failures: timeouts, refused or reset connections, early EOF.
func isNetworkError(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// auth reports the classes that exit with ExitAuth.
func (c failureClass) auth() bool { return c == classUnauthorized || c == classForbidden }

// permissionsHint is what a 403 means: which token, role and org the call needs.
const permissionsHint = "the token needs an administrator who may change these settings (a full administrator; " +
	"a read-only administrator can only read) with the spark-admin:telephony_config_read and _write scopes, " +
	"and a partner administrator needs --org-id for a customer org"

// hint says what to do about failures of class c: bulk for a summary of many entities or
// writes (bulk commands), else for the one error of a single-entity command.
func (c failureClass) hint(bulk bool) string {
	switch c {
	case classUnauthorized:
		return "the token was refused: check --token or WEBEX_ACCESS_TOKEN (personal access tokens expire after 12 hours)"
	case classForbidden:
		return "not allowed: " + permissionsHint
	case classRefused:
		return "the API refused the value; re-running as is will fail again: fix the input"
	case classGone:
		if bulk {
			return "the entity or item is gone (deleted since it was read, or no longer licensed for Webex Calling); a new run works from the current state"
		}
		return "not found: check the ID, or the entity has no Webex Calling licence"
	case classTemporary:
		if bulk {
			return "temporary: safe to re-run (lower --concurrency for 429)"
		}
		return "temporary (rate limit, server or network error, even after retries): try again; lower --concurrency for 429"
	}
	if bulk {
		return "see the message of each failure in the failures file"
	}
	return ""
}

// failureReason names err in the summary's tally: "HTTP 403", "network error" or "error".
func failureReason(err error) string {
	var apiErr *wxc.APIError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("HTTP %d", apiErr.StatusCode)
	case isNetworkError(err):
		return "network error"
	}
	return "error"
}

// Failure is one line of the failures file: an entity that could not be read (export,
// audit, plan; and apply/restore while planning), a list that failed (then List and Page
// say which and where, and there is no ID), or one write that failed (apply, restore; then
// Op and OpID name the write, and NotRun lists the writes of the same entity that were not
// run because of it).
type Failure struct {
	Time       time.Time      `json:"time"`
	Kind       wxc.EntityKind `json:"kind"`
	ID         string         `json:"id,omitempty"`
	Name       string         `json:"name,omitempty"`
	List       string         `json:"list,omitempty"`
	Page       int            `json:"page,omitempty"`
	Listed     *int           `json:"listed,omitempty"`
	Op         string         `json:"op,omitempty"`
	OpID       string         `json:"opId,omitempty"`
	Error      string         `json:"error"`
	Status     int            `json:"status,omitempty"`
	TrackingID string         `json:"trackingId,omitempty"`
	NotRun     []string       `json:"notRun,omitempty"`
}

// tally counts one sort of failure (reads or writes) by reason and class.
type tally struct {
	n        int
	byReason map[string]int
	classes  map[failureClass]map[string]bool // class -> reasons seen
}

func (t *tally) add(err error) {
	if t.byReason == nil {
		t.byReason, t.classes = map[string]int{}, map[failureClass]map[string]bool{}
	}
	t.n++
	r := failureReason(err)
	t.byReason[r]++
	c := failureClassOf(err)
	if t.classes[c] == nil {
		t.classes[c] = map[string]bool{}
	}
	t.classes[c][r] = true
}

// reasons is "25× HTTP 403, 2× HTTP 503", most frequent first.
func (t *tally) reasons() string {
	rs := make([]string, 0, len(t.byReason))
	for r := range t.byReason {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		if a, b := t.byReason[rs[i]], t.byReason[rs[j]]; a != b {
			return a > b
		}
		return rs[i] < rs[j]
	})
	for i, r := range rs {
		rs[i] = fmt.Sprintf("%d× %s", t.byReason[r], r)
	}
	return strings.Join(rs, ", ")
}

// FailureLog collects the failures of a bulk command: entities that could not be read, and
// (apply, restore) writes that failed. The failures go, one JSON line each, to a file that is
// created at the first failure (so a clean run leaves no file); Summary and JobSummary turn
// them into an error with the exit code and a hint per kind of failure. It is safe for
// concurrent use.
type FailureLog struct {
	f              *Factory
	path           string
	mu             sync.Mutex
	file           *os.File
	enc            *json.Encoder
	reads, writes  tally
	lists          tally
	failedLists    []*snapshot.ListError
	failedEntities map[string]bool // kind/id of entities with a failed write
	writeErr       error
}

// NewFailureLog returns a log that writes to path, or to wxc-failures-<time>.jsonl in the
// current directory when path is empty.
func (f *Factory) NewFailureLog(path string) *FailureLog {
	if path == "" {
		path = "wxc-failures-" + f.Now().UTC().Format("20060102T150405Z") + ".jsonl"
	}
	return &FailureLog{f: f, path: path, failedEntities: map[string]bool{}}
}

// Path is the failures file.
func (l *FailureLog) Path() string { return l.path }

// Count is the number of failures so far (lines of the failures file).
func (l *FailureLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reads.n + l.writes.n + l.lists.n
}

// Unreadable is the number of entities that could not be read so far.
func (l *FailureLog) Unreadable() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reads.n
}

// FailedLists are the lists that failed so far, in the order they failed.
func (l *FailureLog) FailedLists() []*snapshot.ListError {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.failedLists)
}

// AddList records a list that failed after its retries: the entities it did not list are
// missing from the command's result.
func (l *FailureLog) AddList(le *snapshot.ListError) {
	fl := l.failure(snapshot.Entity{Kind: le.Kind}, le)
	fl.List, fl.Page = le.List, le.Page
	listed := le.Listed
	fl.Listed = &listed
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lists.add(le)
	l.failedLists = append(l.failedLists, le)
	l.writeLocked(fl)
}

// Result records what a read of the entity stream says went wrong: an entity that could not
// be read, or a list that failed. It reports whether r is a listed entity (counted in the
// command's total) rather than a failed list. Failures after ctx is done are the
// interruption, not failures, and are not recorded.
func (l *FailureLog) Result(ctx context.Context, r snapshot.Result) (entity bool) {
	if le, ok := r.ListFailed(); ok {
		if ctx.Err() == nil {
			l.AddList(le)
		}
		return false
	}
	if r.Err != nil && ctx.Err() == nil {
		l.Add(r.Entity, r.Err)
	}
	return true
}

// Add records that entity e could not be read.
func (l *FailureLog) Add(e snapshot.Entity, err error) {
	fl := l.failure(e, err)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reads.add(err)
	l.writeLocked(fl)
}

// AddWrite records that the write op of entity e failed with err; notRun are the IDs of the
// writes of e that were not run because of it.
func (l *FailureLog) AddWrite(e snapshot.Entity, op plan.Op, notRun []string, err error) {
	fl := l.failure(e, err)
	fl.Op, fl.OpID, fl.NotRun = string(op.Kind), op.ID, notRun
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes.add(err)
	l.failedEntities[string(e.Kind)+"/"+e.ID] = true
	l.writeLocked(fl)
}

func (l *FailureLog) failure(e snapshot.Entity, err error) Failure {
	fl := Failure{Time: l.f.Now().UTC(), Kind: e.Kind, ID: e.ID, Name: e.Name, Error: err.Error()}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		fl.Status, fl.TrackingID = apiErr.StatusCode, apiErr.TrackingID
	}
	return fl
}

func (l *FailureLog) writeLocked(fl Failure) {
	if l.writeErr != nil {
		return
	}
	if l.file == nil {
		file, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			l.writeErr = err
			return
		}
		l.file, l.enc = file, json.NewEncoder(file)
	}
	if err := l.enc.Encode(fl); err != nil {
		l.writeErr = err
	}
}

// Close closes the failures file.
func (l *FailureLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Close()
	l.file = nil
	return err
}

// Summary closes the log and returns nil when nothing failed, or an *ExitError that says how
// many of the total entities command could not read, why, where the details are and what to
// do. command is the command's name ("export"; a trailing ": reading" is dropped).
func (l *FailureLog) Summary(total int, command string) error {
	return l.summary(strings.TrimSuffix(command, ": reading"), total, jobCounts{})
}

// jobCounts are the writes of an apply or restore run, for JobSummary.
type jobCounts struct {
	entities int // entities the plan writes to
	writes   int // writes in the plan
	notRun   int // writes not run because an earlier write of the same entity failed
}

// JobSummary is Summary for apply and restore: read is the number of entities read while
// planning, entities and writes the size of the plan, notRun the writes that were not run.
func (l *FailureLog) JobSummary(command string, read, entities, writes, notRun int) error {
	return l.summary(command, read, jobCounts{entities: entities, writes: writes, notRun: notRun})
}

func (l *FailureLog) summary(command string, read int, job jobCounts) error {
	cerr := l.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.reads.n == 0 && l.writes.n == 0 && l.lists.n == 0 {
		return nil
	}
	var parts []string
	planned := job.writes > 0 || l.writes.n > 0
	for _, le := range l.failedLists {
		parts = append(parts, listFailurePart(le, planned))
	}
	if l.reads.n > 0 {
		s := fmt.Sprintf("could not read %d of %s (%s)", l.reads.n, count(read, "entity", "entities"), l.reads.reasons())
		if job.writes > 0 || l.writes.n > 0 {
			s += ", so the plan leaves them out"
		}
		parts = append(parts, s)
	}
	if l.writes.n > 0 {
		parts = append(parts, fmt.Sprintf("%d of %s failed (%s) on %d of %s",
			l.writes.n, count(job.writes, "write", "writes"), l.writes.reasons(), len(l.failedEntities), count(job.entities, "entity", "entities")))
	}
	if job.notRun > 0 {
		parts = append(parts, fmt.Sprintf("%s not run (after a failed write of the same entity)", count(job.notRun, "more write was", "more writes were")))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s incomplete: %s", command, strings.Join(parts, "; "))
	var whats []string
	if l.lists.n > 0 {
		whats = append(whats, "failed list")
	}
	if l.writes.n > 0 {
		whats = append(whats, "failed write")
	}
	if l.reads.n > 0 {
		if len(whats) == 0 {
			whats = append(whats, "entity that could not be read")
		} else {
			whats = append(whats, "unreadable entity")
		}
	}
	what := "one JSON line per " + strings.Join(whats, " or ")
	if len(whats) == 3 {
		what = "one JSON line per " + whats[0] + ", " + whats[1] + " or " + whats[2]
	}
	switch {
	case l.writeErr != nil:
		fmt.Fprintf(&b, "; could not write the failures file %s: %v", l.path, l.writeErr)
	case cerr != nil:
		fmt.Fprintf(&b, "; closing the failures file %s: %v", l.path, cerr)
	default:
		fmt.Fprintf(&b, "; details, %s, in %s", what, l.path)
	}
	// One hint per class of failure, in a fixed order, labelled with the reasons seen.
	classes := map[failureClass]map[string]bool{}
	for _, t := range []*tally{&l.lists, &l.reads, &l.writes} {
		for c, rs := range t.classes {
			if classes[c] == nil {
				classes[c] = map[string]bool{}
			}
			for r := range rs {
				classes[c][r] = true
			}
		}
	}
	code := ExitAuth
	for _, c := range []failureClass{classUnauthorized, classForbidden, classRefused, classGone, classTemporary, classOther} {
		rs, ok := classes[c]
		if !ok {
			continue
		}
		if !c.auth() {
			code = ExitPartial // 6 only when every failure is 401/403
		}
		labels := make([]string, 0, len(rs))
		for r := range rs {
			labels = append(labels, r)
		}
		slices.Sort(labels)
		fmt.Fprintf(&b, "\n  %s: %s", strings.Join(labels, ", "), c.hint(true))
	}
	return &ExitError{Code: code, Err: errors.New(b.String())}
}

// listFailurePart says in the summary which list failed and what is missing because of it;
// planned adds that the plan leaves those entities out.
func listFailurePart(le *snapshot.ListError, planned bool) string {
	how := failureReason(le)
	if le.Tries > 1 {
		how += fmt.Sprintf(", tried %d times", le.Tries)
	}
	where := fmt.Sprintf("page %d", max(le.Page, 1))
	if le.Stopped {
		return fmt.Sprintf("could not list the %s (%s failed: %s), and every record names its location, so nothing else was read",
			le.List, where, how)
	}
	s := fmt.Sprintf("could not list all %s (%s failed: %s), so the %s after the first %d were not read",
		le.List, where, how, le.List, le.Listed)
	if le.Listed == 0 {
		s = fmt.Sprintf("could not list the %s (%s failed: %s), so none of them were read", le.List, where, how)
	}
	if planned {
		s += " and the plan leaves them out"
	}
	return s
}

// writeCountsLine is the count line at the end of apply and restore: every number printed is
// a number of writes (or, first, of entities) with that outcome.
func writeCountsLine(command string, entities, writes int, sum plan.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %s: %d done", command, count(entities, "entity", "entities"), count(writes, "write", "writes"), sum.Done)
	if sum.Retried > 0 {
		fmt.Fprintf(&b, " (%d of them sent again after a temporary error)", sum.Retried)
	}
	if sum.InPlace > 0 {
		fmt.Fprintf(&b, ", %d found in place after a temporary error", sum.InPlace)
	}
	if sum.Skipped > 0 {
		fmt.Fprintf(&b, ", %d done by the interrupted run", sum.Skipped)
	}
	if sum.Verified > 0 {
		fmt.Fprintf(&b, ", %d found in place after the interruption", sum.Verified)
	}
	fmt.Fprintf(&b, ", %d failed, %d not run", sum.Failed, sum.NotRun)
	return b.String()
}

// count is "1 entity", "2 entities".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// jobFailures records the failed writes of a run in failures, in plan order, each with the
// writes of its entity that were not run after it.
func jobFailures(failures *FailureLog, p *plan.Plan, sum plan.Summary) {
	key := func(e snapshot.Entity) string { return string(e.Kind) + "/" + e.ID }
	order := map[string]int{}
	for i, e := range p.Entities {
		order[key(e.Entity)] = i
	}
	notRun := map[string][]string{}
	var failed []plan.OpResult
	for _, r := range sum.Failures {
		switch r.Outcome {
		case plan.OutcomeNotRun:
			notRun[key(r.Entity)] = append(notRun[key(r.Entity)], r.Op.ID)
		case plan.OutcomeFailed:
			failed = append(failed, r)
		}
	}
	sort.SliceStable(failed, func(i, j int) bool { return order[key(failed[i].Entity)] < order[key(failed[j].Entity)] })
	for _, r := range failed {
		failures.AddWrite(r.Entity, r.Op, notRun[key(r.Entity)], r.Err)
	}
}

// emptyReadError is the error of export and audit when the org listed no entity at all:
// an empty result must not pass for a clean one (exit 3 unless --allow-empty). filters
// describes the selection flags given ("--kind person", ...), if any.
func emptyReadError(f *Factory, command string, filters []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s read 0 entities, so its result says nothing about the org. Likely causes:", command)
	if f.Options.OrgID == "" {
		b.WriteString("\n  - a partner administrator's token without --org-id reads the partner's own org, " +
			"which has no calling entities: pass --org-id CUSTOMER_ORG_ID")
	} else {
		fmt.Fprintf(&b, "\n  - --org-id %s names an org with no Webex Calling entities that this token can see", f.Options.OrgID)
	}
	if len(filters) > 0 {
		fmt.Fprintf(&b, "\n  - %s selects nothing", strings.Join(filters, " "))
		if slices.ContainsFunc(filters, func(s string) bool { return strings.HasPrefix(s, "--location") }) {
			b.WriteString(" (`wxc export --kind location -o csv` lists the locations)")
		}
	}
	b.WriteString("\n  pass --allow-empty if an empty org is expected")
	return &ExitError{Code: ExitPartial, Err: errors.New(b.String())}
}
