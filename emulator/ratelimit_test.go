package emulator_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestRateScope: with a frozen clock (no refill), RateBurst 2 lets exactly two requests
// through per bucket. Scope "token" gives each token a bucket; scope "org" one per
// organization, shared by its tokens and not by another org's.
func TestRateScope(t *testing.T) {
	t.Parallel()
	frozen := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	get := func(t *testing.T, e *rawEmu, tok string) int {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, e.BaseURL+"/people?max=1", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		return resp.StatusCode
	}
	for _, tc := range []struct {
		scope string
		// statuses of: full admin x2, read-only admin (same org), partner admin (other org)
		want [4]int
	}{
		{"", [4]int{200, 200, 200, 200}},
		{emulator.RateScopeToken, [4]int{200, 200, 200, 200}},
		{emulator.RateScopeOrg, [4]int{200, 200, 429, 200}},
	} {
		t.Run("scope="+tc.scope, func(t *testing.T) {
			t.Parallel()
			e := newRaw(t, func(o *emulator.Options) {
				o.RateLimit, o.RateBurst, o.RateScope = 0.001, 2, tc.scope
				o.Now = func() time.Time { return frozen }
			})
			got := [4]int{
				get(t, e, e.tokens.FullAdmin), get(t, e, e.tokens.FullAdmin),
				get(t, e, e.tokens.ReadOnlyAdmin), get(t, e, e.tokens.PartnerAdmin),
			}
			if got != tc.want {
				t.Errorf("statuses = %v, want %v", got, tc.want)
			}
			// The full admin's own bucket (or its org's) is empty in every scope.
			if st := get(t, e, e.tokens.FullAdmin); st != http.StatusTooManyRequests {
				t.Errorf("third full-admin request: %d, want 429", st)
			}
		})
	}
	if err := (emulator.Options{RateScope: "user"}).Validate(); err == nil {
		t.Error(`RateScope "user" accepted`)
	}
}

// TestTwoClientsShareOneLimit: two SDK clients (two processes, say) with the same token
// against one rate limit both finish, and neither starves: each ends within a generous
// bound of the time the server needs for both clients' requests together.
func TestTwoClientsShareOneLimit(t *testing.T) {
	t.Parallel()
	const (
		rate     = 100.0
		perCli   = 120
		inFlight = 10
	)
	e := newRaw(t, func(o *emulator.Options) { o.RateLimit, o.RateBurst = rate, 10 })
	id := e.first(t, kPerson).ID
	floor := time.Duration(2 * perCli / rate * float64(time.Second))
	// Generous: three times the floor plus the first Retry-After (1 s) and a second of
	// slack for a loaded machine. A starving client (stuck near the limiter's minimum
	// rate, or waiting out repeated Retry-Afters) ends far later or fails its retries.
	limit := 3*floor + 2*time.Second
	ctx, cancel := context.WithTimeout(t.Context(), 4*limit)
	defer cancel()
	type outcome struct {
		wall    time.Duration
		failed  int
		stats   wxc.Stats
		firstEr error
	}
	var out [2]outcome
	var wg sync.WaitGroup
	start := time.Now()
	for ci := range out {
		c := e.ClientFor(e.tokens.FullAdmin, wxc.WithMaxInFlight(inFlight))
		wg.Go(func() {
			work := make(chan int)
			var mu sync.Mutex
			var inner sync.WaitGroup
			for range inFlight {
				inner.Go(func() {
					for range work {
						if _, err := c.People.Get(ctx, id); err != nil {
							mu.Lock()
							out[ci].failed++
							if out[ci].firstEr == nil {
								out[ci].firstEr = err
							}
							mu.Unlock()
						}
					}
				})
			}
			for i := range perCli {
				work <- i
			}
			close(work)
			inner.Wait()
			out[ci].wall = time.Since(start)
			out[ci].stats = c.Stats()
		})
	}
	wg.Wait()
	for ci, o := range out {
		t.Logf("client %d: %v (floor of both %v), %d requests, %d attempts, %d answered 429",
			ci, o.wall.Round(time.Millisecond), floor, o.stats.Requests, o.stats.Attempts, o.stats.RateLimited)
		if o.failed > 0 {
			t.Errorf("client %d: %d of %d calls failed, first: %v", ci, o.failed, perCli, o.firstEr)
		}
		if o.stats.ByStatus[http.StatusOK] != perCli {
			t.Errorf("client %d: %d answers 200, want %d", ci, o.stats.ByStatus[http.StatusOK], perCli)
		}
		if o.wall > limit {
			t.Errorf("client %d took %v, more than %v (3 x the floor of both + 2 s): starved?", ci, o.wall, limit)
		}
	}
}
