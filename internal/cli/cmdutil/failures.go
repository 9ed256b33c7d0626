package cmdutil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

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
	classes  map[FailureClass]map[string]bool // class -> reasons seen
}

func (t *tally) add(err error) {
	if t.byReason == nil {
		t.byReason, t.classes = map[string]int{}, map[FailureClass]map[string]bool{}
	}
	t.n++
	r := failureReason(err)
	t.byReason[r]++
	c := FailureClassOf(err)
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
