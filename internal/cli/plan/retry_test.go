package plan

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func apiErr(status int) error {
	return fmt.Errorf("write: %w", &wxc.APIError{StatusCode: status, Message: http.StatusText(status), Method: "POST", Path: "/v1/x"})
}

// instant records the pauses instead of sleeping.
type instant struct {
	mu     sync.Mutex
	pauses []time.Duration
}

func (s *instant) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.pauses = append(s.pauses, d)
	s.mu.Unlock()
	return ctx.Err()
}

// TestApplyRetriesTransientWrites makes the first try of every write fail with a temporary
// error, once before the server acts and once after it did, and checks that the applier
// re-reads before sending again: a write the server made is not sent again (InPlace), one it
// did not make is sent once more (Done, Retried), and the end state is the desired one.
func TestApplyRetriesTransientWrites(t *testing.T) {
	d := mustParse(t, renderDesired)
	for _, landed := range []bool{false, true} {
		for _, status := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable, http.StatusTooManyRequests} {
			t.Run(fmt.Sprintf("%d/landed=%v", status, landed), func(t *testing.T) {
				org := newMemOrg(fixture())
				p, _ := Compute(org.snapshot(fixtureIDs()), d)
				_, _, nops := p.Counts()
				path, j := newTestJournal(t, &p)
				var mu sync.Mutex
				failedOnce := map[string]bool{}
				org.hook = func(op Op, after bool) error {
					if after != landed {
						return nil
					}
					mu.Lock()
					defer mu.Unlock()
					if failedOnce[op.ID] {
						return nil
					}
					failedOnce[op.ID] = true
					return apiErr(status)
				}
				sl := &instant{}
				var results []OpResult
				a := &Applier{Writer: org, Fetch: org.Fetch, Journal: j, Concurrency: 3, Sleep: sl.Sleep,
					OnResult: func(r OpResult) { mu.Lock(); results = append(results, r); mu.Unlock() }}
				sum, err := a.Run(t.Context(), &p)
				if err != nil {
					t.Fatal(err)
				}
				j.Close()
				if sum.Failed+sum.NotRun != 0 {
					t.Fatalf("summary %+v: failures %v", sum, sum.Failures)
				}
				if landed {
					if sum.InPlace != nops || sum.Done != 0 || sum.Retried != 0 {
						t.Errorf("summary %+v, want all %d found in place", sum, nops)
					}
				} else if sum.Done != nops || sum.Retried != nops || sum.InPlace != 0 {
					t.Errorf("summary %+v, want all %d done after a retry", sum, nops)
				}
				// Every write took effect once: lost, it was sent again; made, it was not.
				for _, o := range p.Ops() {
					if got := org.writes[o.Op.ID]; got != 1 {
						t.Errorf("%s took effect %d times, want 1", o.Op.ID, got)
					}
				}
				for _, r := range results {
					if want := map[bool]int{false: 2, true: 1}[landed]; r.Tries != want {
						t.Errorf("%s: %d tries, want %d", r.Op.ID, r.Tries, want)
					}
				}
				if len(sl.pauses) != nops {
					t.Errorf("%d pauses, want one per retried write (%d)", len(sl.pauses), nops)
				}
				for _, d := range sl.pauses {
					if d < 0 || d >= 250*time.Millisecond {
						t.Errorf("first pause %v, want in [0, 250ms)", d)
					}
				}
				after, _ := Compute(org.snapshot(fixtureIDs()), d)
				if !after.Empty() {
					t.Errorf("state after the run differs from the desired one: %d entities", len(after.Entities))
				}
				st, err := ReadJournal(path)
				if err != nil || st.Done != nops {
					t.Errorf("journal: %d done (%v), want %d", st.Done, err, nops)
				}
			})
		}
	}
}

// TestApplyRetryLimits: a write that keeps failing with a temporary error is sent
// 1+DefaultWriteRetries times (a create 1+DefaultCreateRetries times), then reported (its
// entity's later writes not run); one that fails with a final error (400, 501) is sent once;
// a re-read that fails ends the retries without sending the write again.
func TestApplyRetryLimits(t *testing.T) {
	d := mustParse(t, renderDesired)
	for _, tt := range []struct {
		name      string
		create    bool // fail the entity's first create instead of its first write
		err       error
		fetchErr  error
		sends     int
		rereads   int
		inMessage string
	}{
		{"503 always", false, apiErr(503), nil, 1 + DefaultWriteRetries, DefaultWriteRetries, fmt.Sprintf("(sent %d times)", 1+DefaultWriteRetries)},
		{"create 500 always", true, apiErr(500), nil, 1 + DefaultCreateRetries, DefaultCreateRetries, fmt.Sprintf("(sent %d times)", 1+DefaultCreateRetries)},
		{"network error", false, fmt.Errorf("POST x: %w", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), nil,
			1 + DefaultWriteRetries, DefaultWriteRetries, "connection reset"},
		{"plain error", false, errors.New("something else"), nil, 1, 0, "something else"},
		{"400", false, apiErr(400), nil, 1, 0, "400"},
		{"501", false, apiErr(501), nil, 1, 0, "501"},
		{"re-read fails", false, apiErr(502), apiErr(503), 1, 1, "re-reading the entity to check whether it was made failed too"},
		{"re-read refused", false, apiErr(502), apiErr(403), 1, 1, "re-reading the entity"},
		{"create, re-read fails", true, apiErr(503), apiErr(500), 1, 1, "re-reading the entity"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			org := newMemOrg(fixture())
			p, _ := Compute(org.snapshot(fixtureIDs()), d)
			ops := p.Entities[0].Ops
			at := 0
			for tt.create && !ops[at].Kind.IsCreate() {
				at++
			}
			first := ops[at]
			_, j := newTestJournal(t, &p)
			defer j.Close()
			sends, rereads := 0, 0
			org.hook = func(op Op, after bool) error {
				if op.ID == first.ID && !after {
					sends++
					return tt.err
				}
				return nil
			}
			fetch := func(ctx context.Context, e snapshot.Entity) (*snapshot.Settings, error) {
				if e.ID == p.Entities[0].Entity.ID {
					rereads++
					if tt.fetchErr != nil {
						return nil, tt.fetchErr
					}
				}
				return org.Fetch(ctx, e)
			}
			sl := &instant{}
			a := &Applier{Writer: org, Fetch: fetch, Journal: j, Concurrency: 1, Sleep: sl.Sleep}
			sum, err := a.Run(t.Context(), &p)
			if err != nil {
				t.Fatal(err)
			}
			if sends != tt.sends || rereads != tt.rereads {
				t.Errorf("sent %d times with %d re-reads, want %d and %d", sends, rereads, tt.sends, tt.rereads)
			}
			if sum.Failed != 1 || sum.NotRun != len(ops)-at-1 || sum.Failures[0].Op.ID != first.ID {
				t.Fatalf("summary %+v", sum)
			}
			if msg := sum.Failures[0].Err.Error(); !strings.Contains(msg, tt.inMessage) {
				t.Errorf("error %q lacks %q", msg, tt.inMessage)
			}
			var apiE *wxc.APIError
			if errors.As(tt.err, &apiE) && !errors.As(sum.Failures[0].Err, &apiE) {
				t.Errorf("the reported error lost its API error (status for the failures file)")
			}
		})
	}
}

func TestDefaultBackoff(t *testing.T) {
	t.Parallel()
	for n, limit := range map[int]time.Duration{1: 250 * time.Millisecond, 2: 500 * time.Millisecond, 3: time.Second, 4: 2 * time.Second, 9: 2 * time.Second} {
		for range 50 {
			if d := DefaultBackoff(n); d < 0 || d >= limit {
				t.Fatalf("DefaultBackoff(%d) = %v, want in [0, %v)", n, d, limit)
			}
		}
	}
}
