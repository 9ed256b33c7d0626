package cmdutil

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

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
	classes := map[FailureClass]map[string]bool{}
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
	for _, c := range []FailureClass{classUnauthorized, classForbidden, classRefused, classGone, classTemporary, classOther} {
		rs, ok := classes[c]
		if !ok {
			continue
		}
		if !c.Auth() {
			code = ExitPartial // 6 only when every failure is 401/403
		}
		labels := make([]string, 0, len(rs))
		for r := range rs {
			labels = append(labels, r)
		}
		slices.Sort(labels)
		fmt.Fprintf(&b, "\n  %s: %s", strings.Join(labels, ", "), c.Hint(true))
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
		why := le.Why
		if why == "" {
			why = "every record names its location"
		}
		return fmt.Sprintf("could not list the %s (%s failed: %s), and %s, so nothing else was read",
			le.List, where, how, why)
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

// WriteCountsLine is the count line at the end of apply and restore: every number printed is
// a number of writes (or, first, of entities) with that outcome.
func WriteCountsLine(command string, entities, writes int, sum plan.Summary) string {
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

// JobFailures records the failed writes of a run in failures, in plan order, each with the
// writes of its entity that were not run after it.
func JobFailures(failures *FailureLog, p *plan.Plan, sum plan.Summary) {
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

// EmptyReadError is the error of export and audit when the org listed no entity at all:
// an empty result must not pass for a clean one (exit 3 unless --allow-empty). filters
// describes the selection flags given ("--kind person", ...), if any.
func EmptyReadError(f *Factory, command string, filters []string) error {
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

// IncompleteWhat says why an export was incomplete, from its summary record.
func IncompleteWhat(sum *snapshot.Summary) string {
	var parts []string
	if sum.Interrupted {
		parts = append(parts, "interrupted")
	}
	if sum.Unreadable > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d listed entities could not be read", sum.Unreadable, sum.Listed))
	}
	for _, fl := range sum.FailedLists {
		parts = append(parts, fmt.Sprintf("the list of %s failed at page %d", fl.List, fl.Page))
	}
	if len(parts) == 0 {
		return "marked incomplete"
	}
	return strings.Join(parts, "; ")
}
