package plan

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

// Outcome of one op in a run.
const (
	OutcomeDone     = "done"     // written in this run (Retried says whether it took more than one try)
	OutcomeVerified = "verified" // interrupted earlier; a re-read showed the write in place
	OutcomeInPlace  = "in-place" // failed with a temporary error, but a re-read showed the server had made it
	OutcomeSkipped  = "skipped"  // done in an earlier run (journal)
	OutcomeFailed   = "failed"   // the write failed
	OutcomeNotRun   = "not-run"  // an earlier write of the same entity failed
)

// OpResult is what happened to one op.
type OpResult struct {
	Entity  snapshot.Entity
	Op      Op
	Outcome string
	// Tries is how many times the write was sent in this run (0 when it was not sent).
	Tries int
	Err   error
}

// Summary counts a run's outcomes. Done, Verified, InPlace, Skipped, Failed and NotRun add
// up to the ops run; Retried counts the Done writes that took more than one try.
type Summary struct {
	Done, Verified, InPlace, Skipped, Failed, NotRun int
	Retried                                          int
	Failures                                         []OpResult
}

// Applier runs a plan's ops, journaling each one. Ops of one entity run in plan order, one
// after the other; entities run Concurrency at a time.
//
// A write that fails with a temporary error (429, 500, 502, 503, 504, a network error; see
// snapshot.Transient) is tried again, up to Retries more times, but never blindly: the server
// may have made it before the error (the SDK does not resend a POST, which creates access
// codes and digit patterns, for that reason). After a pause the entity is re-read and the op
// checked (Check, as for a resumed run): in place, it counts as InPlace and is not sent again;
// otherwise what is still missing is sent. A re-read that fails ends the retries (Fetch
// should make its own retries): when the API cannot even be read, more writes will not help.
type Applier struct {
	Writer      Writer
	Fetch       snapshot.FetchFunc // re-reads an entity whose op was interrupted or failed
	Journal     *Journal
	Concurrency int
	// Prior is the state of an earlier, interrupted run (nil for a fresh run).
	Prior *JournalState
	// OnResult, when set, is called after each op (from several goroutines; it must be safe).
	OnResult func(OpResult)
	// Retries is how many more times a write that failed with a temporary error is sent; 0
	// means DefaultCreateRetries for creates and DefaultWriteRetries for the other writes,
	// negative none.
	Retries int
	// Backoff is the pause before retry n (1 = the first); nil means DefaultBackoff.
	Backoff func(n int) time.Duration
	// Sleep waits d or until ctx is done; nil means a timer. Tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
}

// The retries of a write that failed with a temporary error, when Applier.Retries is 0.
const (
	// DefaultWriteRetries is for PUT and DELETE writes, which the SDK has already tried up
	// to its RetryPolicy.MaxAttempts times (5 by default) each time.
	DefaultWriteRetries = 2
	// DefaultCreateRetries is for creates (access codes, digit patterns: POST), which the
	// SDK sends once; with the re-read before each retry, each try is as safe as the first.
	DefaultCreateRetries = 8
)

// DefaultBackoff is the pause before the n-th retry of a write: drawn uniformly from
// [0, 250ms·2^(n-1)), that bound at most 2s ("full jitter", like the SDK's own retries).
func DefaultBackoff(n int) time.Duration {
	limit := 250 * time.Millisecond
	for i := 1; i < n && limit < 2*time.Second; i++ {
		limit *= 2
	}
	limit = min(limit, 2*time.Second)
	return time.Duration(rand.Int64N(int64(limit)))
}

func (a *Applier) retries(op Op) int {
	switch {
	case a.Retries < 0:
		return 0
	case a.Retries > 0:
		return a.Retries
	case op.Kind.IsCreate():
		return DefaultCreateRetries
	}
	return DefaultWriteRetries
}

// pause waits before retry n.
func (a *Applier) pause(ctx context.Context, n int) error {
	backoff := a.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	d := backoff(n)
	if a.Sleep != nil {
		return a.Sleep(ctx, d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Run applies the plan. It returns the summary and an error only when it could not go on
// (journal write failed, ctx done); per-op failures are in the summary.
func (a *Applier) Run(ctx context.Context, p *Plan) (Summary, error) {
	var (
		mu    sync.Mutex
		sum   Summary
		fatal error
	)
	record := func(r OpResult) {
		mu.Lock()
		switch r.Outcome {
		case OutcomeDone:
			sum.Done++
			if r.Tries > 1 {
				sum.Retried++
			}
		case OutcomeVerified:
			sum.Verified++
		case OutcomeInPlace:
			sum.InPlace++
		case OutcomeSkipped:
			sum.Skipped++
		case OutcomeFailed:
			sum.Failed++
			sum.Failures = append(sum.Failures, r)
		case OutcomeNotRun:
			sum.NotRun++
			sum.Failures = append(sum.Failures, r)
		}
		mu.Unlock()
		if a.OnResult != nil {
			a.OnResult(r)
		}
	}
	setFatal := func(err error) {
		mu.Lock()
		if fatal == nil {
			fatal = err
		}
		mu.Unlock()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := max(a.Concurrency, 1)
	jobs := make(chan *EntityPlan)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ep := range jobs {
				if err := a.runEntity(ctx, ep, record); err != nil {
					setFatal(err)
					cancel()
				}
			}
		})
	}
feed:
	for i := range p.Entities {
		select {
		case jobs <- &p.Entities[i]:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if fatal != nil {
		return sum, fatal
	}
	return sum, context.Cause(ctx)
}

func (a *Applier) prior(id string) string {
	if a.Prior == nil {
		return ""
	}
	return a.Prior.Last[id]
}

// runEntity runs one entity's ops; it returns an error only for journal failures or ctx.
func (a *Applier) runEntity(ctx context.Context, ep *EntityPlan, record func(OpResult)) error {
	var current *snapshot.Settings // re-read state, valid until the next write
	failed := false
	for _, op := range ep.Ops {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := OpResult{Entity: ep.Entity, Op: op}
		if failed {
			res.Outcome, res.Err = OutcomeNotRun, errors.New("not run: an earlier write for this entity failed")
			record(res)
			continue
		}
		switch a.prior(op.ID) {
		case StateDone:
			res.Outcome = OutcomeSkipped
			record(res)
			continue
		case StateStarted, StateFailed:
			// The write may or may not have reached the server: look before writing again.
			if current == nil {
				s, err := a.Fetch(ctx, ep.Entity)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					res.Outcome, res.Err = OutcomeFailed, fmt.Errorf("re-read before retrying %s: %w", op.ID, err)
					record(res)
					failed = true
					continue
				}
				current = s
			}
			inPlace, next := Check(current, op)
			if inPlace {
				if err := a.Journal.Record(op.ID, StateDone, "verified", nil); err != nil {
					return err
				}
				res.Outcome = OutcomeVerified
				record(res)
				continue
			}
			op = next
		}
		s, err := a.write(ctx, ep.Entity, op, &res)
		if err != nil {
			return err
		}
		current = s
		record(res)
		if res.Outcome == OutcomeFailed {
			failed = true
		}
	}
	return nil
}

// write sends op, journaling each try, and retries it after a temporary error as the Applier
// doc says. It fills res (Outcome, Tries, Err) and returns the entity's settings when a
// re-read after the last write is still valid (nil otherwise); an error only for journal
// failures or ctx.
func (a *Applier) write(ctx context.Context, e snapshot.Entity, op Op, res *OpResult) (*snapshot.Settings, error) {
	retries := a.retries(op)
	for n := 0; ; n++ { // n: the retries made so far
		if err := a.Journal.Record(op.ID, StateStarted, "", nil); err != nil {
			return nil, err
		}
		res.Tries++
		result, err := a.Writer.Write(ctx, e, op)
		if err == nil {
			if err := a.Journal.Record(op.ID, StateDone, result, nil); err != nil {
				return nil, err
			}
			res.Outcome, res.Err = OutcomeDone, nil
			return nil, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err() // interrupted: the journal says started; a resume checks
		}
		if jerr := a.Journal.Record(op.ID, StateFailed, "", err); jerr != nil {
			return nil, jerr
		}
		res.Outcome, res.Err = OutcomeFailed, err
		if !snapshot.Transient(err) {
			return nil, nil
		}
		if n >= retries {
			if res.Tries > 1 {
				res.Err = fmt.Errorf("%w (sent %d times)", err, res.Tries)
			}
			return nil, nil
		}
		// Did the write reach the server before it failed? Look before sending it again.
		if err := a.pause(ctx, n+1); err != nil {
			return nil, err
		}
		s, ferr := a.Fetch(ctx, e)
		if ferr != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			res.Err = fmt.Errorf("%w; re-reading the entity to check whether it was made failed too: %v", err, ferr)
			return nil, nil
		}
		inPlace, next := Check(s, op)
		if inPlace {
			if err := a.Journal.Record(op.ID, StateDone, "verified", nil); err != nil {
				return nil, err
			}
			res.Outcome, res.Err = OutcomeInPlace, nil
			return s, nil
		}
		op = next
	}
}
