package wxc

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestStatsRetries: 429, 429, 200 is one request of three attempts; the backoff is what
// the fake clock slept, and the attempt observer sees all three attempts.
func TestStatsRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var seen []AttemptInfo
	env := setup(t, WithAttemptObserver(func(a AttemptInfo) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, a)
	}))
	env.respond(jsonReply(429, `{"message":"slow down"}`), reply{status: 429, header: http.Header{"Retry-After": {"2"}}}, jsonReply(200, `{}`))
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "people/p1", query: map[string][]string{"max": {"5"}}}); err != nil {
		t.Fatalf("do: %v", err)
	}
	st := env.c.Stats()
	var slept time.Duration
	for _, d := range env.clock.Sleeps() {
		slept += d
	}
	if slept == 0 {
		t.Fatal("the fake clock never slept")
	}
	want := Stats{Requests: 1, Attempts: 3, ByStatus: map[int]int64{429: 2, 200: 1}, RateLimited: 2,
		GateWait: st.GateWait, BackoffWait: slept - st.GateWait}
	if d := cmp.Diff(want, st); d != "" {
		t.Errorf("Stats (-want +got):\n%s", d)
	}
	if st.Retries() != 2 {
		t.Errorf("Retries() = %d, want 2", st.Retries())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 {
		t.Fatalf("observer saw %d attempts, want 3: %+v", len(seen), seen)
	}
	var waits time.Duration
	for i, a := range seen {
		wantStatus := []int{429, 429, 200}[i]
		if a.Method != "GET" || a.Path != basePath+"/people/p1" || a.Attempt != i+1 || a.StatusCode != wantStatus || a.Retry != (i < 2) {
			t.Errorf("attempt %d: %+v", i+1, a)
		}
		if (a.Err == nil) != (wantStatus == 200) || (a.Err != nil && !errors.Is(a.Err, ErrRateLimited)) {
			t.Errorf("attempt %d: Err = %v", i+1, a.Err)
		}
		waits += a.Wait
	}
	if seen[0].Wait != 0 || seen[2].Wait < 2*time.Second {
		t.Errorf("waits %v, %v, %v: want 0 before the first, >= Retry-After 2s before the third", seen[0].Wait, seen[1].Wait, seen[2].Wait)
	}
	if waits != slept {
		t.Errorf("observer waits sum to %v, fake clock slept %v", waits, slept)
	}
}

// TestStatsFinalAndNetworkErrors: final answers, network errors and refused calls.
func TestStatsFinalAndNetworkErrors(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int64
	env := setup(t, WithAttemptObserver(func(AttemptInfo) { attempts.Add(1) }))
	var calls atomic.Int32
	env.handle("GET flaky", closingHandler(t, 1, &calls))
	env.handle("GET missing", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, map[string]string{"message": "no"}) })
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "flaky"}); err != nil {
		t.Fatalf("flaky: %v", err)
	}
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "missing"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := env.c.do(t.Context(), &request{method: "BREW", path: "x"}); err == nil {
		t.Fatal("BREW accepted")
	}
	got := env.c.Stats()
	want := Stats{Requests: 2, Attempts: 3, ByStatus: map[int]int64{200: 1, 404: 1}, NetworkErrors: 1, BackoffWait: got.BackoffWait}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Stats (-want +got):\n%s", d)
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("observer saw %d attempts, want 3", n)
	}
	got.ByStatus[999] = 1
	if _, ok := env.c.Stats().ByStatus[999]; ok {
		t.Error("Stats shares its ByStatus map with the client")
	}
}

// TestStatsConcurrent: counters stay exact under concurrent calls (run with -race).
func TestStatsConcurrent(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.handle("GET ok", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{}) })
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, _ = env.c.do(t.Context(), &request{method: http.MethodGet, path: "ok"})
			_ = env.c.Stats()
		})
	}
	wg.Wait()
	if st := env.c.Stats(); st.Requests != 20 || st.Attempts != 20 || st.ByStatus[200] != 20 {
		t.Errorf("Stats = %+v, want 20 requests, attempts and 200s", st)
	}
}

func TestWithAttemptObserverNil(t *testing.T) {
	t.Parallel()
	if _, err := NewClient("tok", WithAttemptObserver(nil)); err == nil {
		t.Error("WithAttemptObserver(nil) accepted")
	}
}

// TestStatsMatchServerCounts: under a rate limit with retries, the client's counters
// equal the server's own count of what it answered, status by status.
func TestStatsMatchServerCounts(t *testing.T) {
	t.Parallel()
	cell := simCell{Rate: 50, Bucket: 5, RetryAfter: time.Second, InFlight: 20, Latency: 20 * time.Millisecond, Requests: 300}
	synctest.Test(t, func(t *testing.T) {
		b := newSimBucket(cell.Rate, cell.Bucket)
		tr := &simTransport{bucket: b, latency: cell.Latency, retryAfter: cell.RetryAfter}
		c, err := NewClient("sim-token", WithBaseURL("http://127.0.0.1:1/v1"), WithMaxInFlight(cell.InFlight),
			WithHTTPClient(&http.Client{Transport: tr}))
		if err != nil {
			t.Fatal(err)
		}
		_, failed, firstErr := simWork(cell.InFlight, cell.Requests, func(i int) error {
			_, err := c.People.Get(context.Background(), "p"+strconv.Itoa(i))
			return err
		})
		if failed > 0 {
			t.Fatalf("%d calls failed: %v", failed, firstErr)
		}
		s := c.Stats()
		ok, n429 := b.ok.Load(), b.n429.Load()
		if n429 == 0 {
			t.Fatal("the server answered no 429: the test does not test counting them")
		}
		want := Stats{Requests: int64(cell.Requests), Attempts: ok + n429, ByStatus: map[int]int64{200: ok, 429: n429}, RateLimited: n429}
		got := s
		got.GateWait, got.BackoffWait = 0, 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Stats differ from the server's counts (-server +client):\n%s", diff)
		}
		if s.BackoffWait < time.Duration(n429)*time.Second {
			t.Errorf("BackoffWait %v, want at least %d x the 1 s Retry-After", s.BackoffWait, n429)
		}
	})
}
