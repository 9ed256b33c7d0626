package snapshot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"
)

func entities(n int, failAt int) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		for i := range n {
			if i == failAt {
				yield(Entity{}, errors.New("list failed"))
				return
			}
			if !yield(Entity{Kind: "person", ID: fmt.Sprint(i)}, nil) {
				return
			}
		}
	}
}

func TestRunKeepsOrderAndBoundsWindow(t *testing.T) {
	t.Parallel()
	const n, conc = 500, 8
	var inFlight, maxInFlight, started, emitted atomic.Int64
	fetch := func(ctx context.Context, e Entity) (*Settings, error) {
		cur := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if cur <= m || maxInFlight.CompareAndSwap(m, cur) {
				break
			}
		}
		s := started.Add(1)
		if ahead := s - emitted.Load(); ahead > 4*conc+conc {
			return nil, fmt.Errorf("started %d entities ahead of output", ahead)
		}
		if e.ID == "13" {
			return nil, errors.New("boom")
		}
		return &Settings{Entity: e}, nil
	}
	var got []string
	err := Run(t.Context(), entities(n, -1), conc, fetch, func(r Result) error {
		emitted.Add(1)
		if r.Entity.ID == "13" {
			if r.Err == nil || r.Settings != nil {
				t.Errorf("entity 13: want error and no settings, got %v %v", r.Settings, r.Err)
			}
		} else if r.Err != nil {
			t.Errorf("entity %s: %v", r.Entity.ID, r.Err)
		}
		got = append(got, r.Entity.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("got %d results, want %d", len(got), n)
	}
	for i, id := range got {
		if id != fmt.Sprint(i) {
			t.Fatalf("result %d is entity %s: order not kept", i, id)
		}
	}
	if m := maxInFlight.Load(); m > conc {
		t.Errorf("max in flight %d > concurrency %d", m, conc)
	}
}

func TestRunStopsOnCallbackError(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	var calls int
	err := Run(t.Context(), entities(1000, -1), 4, func(ctx context.Context, e Entity) (*Settings, error) {
		return &Settings{Entity: e}, nil
	}, func(r Result) error {
		calls++
		if calls == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want stop", err)
	}
	if calls != 10 {
		t.Errorf("fn called %d times after it failed", calls)
	}
}

func TestRunListError(t *testing.T) {
	t.Parallel()
	var calls int
	err := Run(t.Context(), entities(100, 50), 4, func(ctx context.Context, e Entity) (*Settings, error) {
		return &Settings{Entity: e}, nil
	}, func(r Result) error { calls++; return nil })
	if err == nil || err.Error() != "list failed" {
		t.Fatalf("err = %v, want list failed", err)
	}
	if calls != 50 {
		t.Errorf("fn called %d times, want the 50 entities listed before the error", calls)
	}
}

func TestRunCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	var calls int
	err := Run(ctx, entities(1_000_000, -1), 4, func(ctx context.Context, e Entity) (*Settings, error) {
		return &Settings{Entity: e}, ctx.Err()
	}, func(r Result) error {
		calls++
		if calls == 100 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if calls > 100+4*4+4 {
		t.Errorf("%d results after cancel", calls-100)
	}
}

// TestRunFailedListInPlace: a *ListError from the sequence goes to fn in its place and the
// run goes on with the entities after it.
func TestRunFailedListInPlace(t *testing.T) {
	t.Parallel()
	seq := func(yield func(Entity, error) bool) {
		for i := range 200 {
			if i == 70 || i == 150 {
				if !yield(Entity{Kind: "workspace"}, &ListError{Kind: "workspace", List: "workspaces", Page: i, Err: errors.New("503")}) {
					return
				}
			}
			if !yield(Entity{Kind: "person", ID: fmt.Sprint(i)}, nil) {
				return
			}
		}
	}
	var got []string
	err := Run(t.Context(), seq, 4, func(ctx context.Context, e Entity) (*Settings, error) {
		return &Settings{Entity: e}, nil
	}, func(r Result) error {
		if le, ok := r.ListFailed(); ok {
			got = append(got, fmt.Sprintf("list@%d", le.Page))
			return nil
		}
		if r.Err != nil {
			t.Errorf("entity %s: %v", r.Entity.ID, r.Err)
		}
		got = append(got, r.Entity.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 202 || got[70] != "list@70" || got[71] != "70" || got[151] != "list@150" || got[201] != "199" {
		t.Errorf("results out of order: %d results, around the failures %v %v", len(got), got[69:72], got[150:153])
	}
}
