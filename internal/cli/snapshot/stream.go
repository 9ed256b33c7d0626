package snapshot

import (
	"context"
	"errors"
	"iter"
	"sync"

	"github.com/wxcgo/go-wxc/wxc"
)

// Result is the outcome for one entity: its settings, or the error that stopped reading them.
// A list that failed (a *ListError in Err, see List) comes as a Result too, in its place in
// the sequence, with only Entity.Kind set.
type Result struct {
	Entity   Entity
	Settings *Settings // nil when Err is set
	Err      error
}

// FetchFunc reads one entity's settings; Fetch with a client is the usual one. Run uses it,
// and so does plan.Applier to re-read an entity.
type FetchFunc func(ctx context.Context, e Entity) (*Settings, error)

// ListFailed reports whether r is a list that failed rather than an entity.
func (r Result) ListFailed() (*ListError, bool) {
	var le *ListError
	if r.Err != nil && errors.As(r.Err, &le) {
		return le, true
	}
	return nil, false
}

// Stream fetches the settings of every entity with concurrency workers (FetchRetrying, counted
// in retries, which may be nil) and calls fn with each result in the order the entities came
// from the sequence. See Run.
func Stream(ctx context.Context, client *wxc.Client, entities iter.Seq2[Entity, error], concurrency int,
	retries *Retries, fn func(Result) error, opts ...wxc.CallOption) error {
	return Run(ctx, entities, concurrency, func(ctx context.Context, e Entity) (*Settings, error) {
		return FetchRetrying(ctx, client, e, retries, opts...)
	}, fn)
}

// Run calls fetch for every entity with concurrency workers and fn (in the caller's
// goroutine) with each result in input order. At most 4×concurrency entities are in flight or
// waiting for an earlier one, so memory does not grow with the number of entities.
//
// A per-entity error goes to fn as Result.Err and does not stop the run; so does a *ListError
// from the sequence (in its place, between the entities before and after it). Run stops and
// returns the error when fn returns one, when the entity sequence yields any other error
// (after the entities already started are handed to fn), or when ctx is done.
func Run(ctx context.Context, entities iter.Seq2[Entity, error], concurrency int, fetch FetchFunc,
	fn func(Result) error) error {
	if concurrency < 1 {
		concurrency = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		seq int
		e   Entity
	}
	type done struct {
		seq int
		r   Result
	}
	window := make(chan struct{}, 4*concurrency)
	jobs := make(chan job)
	results := make(chan done, 4*concurrency)

	var listErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(jobs)
		seq := 0
		for e, err := range entities {
			var le *ListError
			if err != nil && !errors.As(err, &le) {
				listErr = err
				return
			}
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			if le != nil {
				// In order, like an entity: straight to the results.
				results <- done{seq, Result{Entity: e, Err: err}}
				seq++
				continue
			}
			select {
			case jobs <- job{seq, e}:
			case <-ctx.Done():
				return
			}
			seq++
		}
	})

	for range concurrency {
		wg.Go(func() {
			for j := range jobs {
				s, err := fetch(ctx, j.e)
				if err != nil {
					s = nil
				}
				results <- done{j.seq, Result{Entity: j.e, Settings: s, Err: err}}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := make(map[int]Result, 4*concurrency)
	next := 0
	var fnErr error
	for d := range results {
		if fnErr != nil {
			continue // draining after fn failed
		}
		pending[d.seq] = d.r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if err := fn(r); err != nil {
				fnErr = err
				cancel()
				break
			}
		}
	}
	if fnErr != nil {
		return fnErr
	}
	if listErr != nil {
		return listErr
	}
	return context.Cause(ctx)
}
