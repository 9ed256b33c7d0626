package wxc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// scripted answers the n-th request (0-based) with statuses[n] (the last one repeats),
// setting Retry-After when retryAfter[n] is not empty, and records bodies.
type scripted struct {
	mu         sync.Mutex
	statuses   []int
	retryAfter []string
	bodies     []string
	n          int
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	i := s.n
	s.n++
	s.bodies = append(s.bodies, string(b))
	status := s.statuses[min(i, len(s.statuses)-1)]
	ra := ""
	if i < len(s.retryAfter) {
		ra = s.retryAfter[i]
	}
	s.mu.Unlock()
	if ra != "" {
		w.Header().Set("Retry-After", ra)
	}
	if status == http.StatusOK {
		writeJSON(w, status, map[string]string{"ok": "yes"})
		return
	}
	writeJSON(w, status, map[string]any{"message": http.StatusText(status), "trackingId": "T"})
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func TestRetrySchedule(t *testing.T) {
	t.Parallel()
	base := newFakeClock().Now()
	tests := []struct {
		name       string
		method     string
		policy     RetryPolicy
		rand       float64
		statuses   []int
		retryAfter []string
		wantCalls  int
		wantSleeps []time.Duration
		wantErr    error
		wantRA     time.Duration
	}{
		{name: "Retry-After seconds", method: "GET", statuses: []int{429, 200}, retryAfter: []string{"3"},
			wantCalls: 2, wantSleeps: []time.Duration{3 * time.Second}},
		{name: "Retry-After HTTP date", method: "GET", statuses: []int{503, 200},
			retryAfter: []string{base.Add(10 * time.Second).Format(http.TimeFormat)},
			wantCalls:  2, wantSleeps: []time.Duration{10 * time.Second}},
		{name: "Retry-After date in the past", method: "GET", statuses: []int{503, 200},
			retryAfter: []string{base.Add(-time.Hour).Format(http.TimeFormat)},
			wantCalls:  2, wantSleeps: []time.Duration{0}},
		{name: "Retry-After garbage falls back to backoff", method: "GET", statuses: []int{429, 200},
			retryAfter: []string{"rand(30),add(30)"}, policy: RetryPolicy{BaseDelay: time.Second}, rand: 0.5,
			wantCalls: 2, wantSleeps: []time.Duration{500 * time.Millisecond}},
		{name: "5xx exponential backoff with jitter", method: "GET", statuses: []int{502, 503, 504, 503, 200},
			policy: RetryPolicy{BaseDelay: time.Second, MaxDelay: 3 * time.Second}, rand: 0.5,
			wantCalls: 5, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second, 1500 * time.Millisecond, 1500 * time.Millisecond}},
		{name: "attempt cap returns last APIError", method: "GET", statuses: []int{503},
			policy: RetryPolicy{MaxAttempts: 3, BaseDelay: time.Second}, rand: 0.5,
			wantCalls: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}, wantErr: ErrServerError},
		{name: "MaxAttempts 1 disables retries", method: "GET", statuses: []int{503},
			policy: RetryPolicy{MaxAttempts: 1}, wantCalls: 1, wantErr: ErrServerError},
		{name: "total wait cap", method: "GET", statuses: []int{429}, retryAfter: []string{"50", "50", "50", "50"},
			policy:    RetryPolicy{MaxAttempts: 10, MaxWait: 2 * time.Minute},
			wantCalls: 3, wantSleeps: []time.Duration{50 * time.Second, 50 * time.Second}, wantErr: ErrRateLimited, wantRA: 50 * time.Second},
		{name: "Retry-After beyond total wait ends at once", method: "GET", statuses: []int{429}, retryAfter: []string{"3600"},
			wantCalls: 1, wantErr: ErrRateLimited, wantRA: time.Hour},
		{name: "GET retried on 500", method: "GET", statuses: []int{500, 500, 200}, policy: RetryPolicy{BaseDelay: time.Second}, rand: 0.5,
			wantCalls: 3, wantSleeps: []time.Duration{500 * time.Millisecond, time.Second}},
		{name: "HEAD retried on 500", method: "HEAD", statuses: []int{500, 200}, retryAfter: []string{"1"},
			wantCalls: 2, wantSleeps: []time.Duration{time.Second}},
		{name: "PUT retried on 500", method: "PUT", statuses: []int{500, 200}, retryAfter: []string{"2"},
			wantCalls: 2, wantSleeps: []time.Duration{2 * time.Second}},
		{name: "DELETE retried on 500", method: "DELETE", statuses: []int{500, 200}, retryAfter: []string{"1"},
			wantCalls: 2, wantSleeps: []time.Duration{time.Second}},
		{name: "500 within the attempt cap", method: "GET", statuses: []int{500}, policy: RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second}, rand: 0.5,
			wantCalls: 2, wantSleeps: []time.Duration{500 * time.Millisecond}, wantErr: ErrServerError},
		{name: "500 within the total wait cap", method: "GET", statuses: []int{500}, retryAfter: []string{"60", "61"},
			wantCalls: 2, wantSleeps: []time.Duration{time.Minute}, wantErr: ErrServerError, wantRA: 61 * time.Second},
		{name: "no retry on 501", method: "GET", statuses: []int{501, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "no retry on 505", method: "GET", statuses: []int{505, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "POST not replayed on 500", method: "POST", statuses: []int{500, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "PATCH not replayed on 500", method: "PATCH", statuses: []int{500, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "no retry on 404", method: "DELETE", statuses: []int{404, 200}, wantCalls: 1, wantErr: ErrNotFound},
		{name: "POST not replayed on 503", method: "POST", statuses: []int{503, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "POST not replayed on 502", method: "POST", statuses: []int{502, 200}, wantCalls: 1, wantErr: ErrServerError},
		{name: "POST retried on 429", method: "POST", statuses: []int{429, 200}, retryAfter: []string{"2"},
			wantCalls: 2, wantSleeps: []time.Duration{2 * time.Second}},
		{name: "PUT retried on 503", method: "PUT", statuses: []int{503, 200}, retryAfter: []string{"1"},
			wantCalls: 2, wantSleeps: []time.Duration{time.Second}},
		{name: "DELETE retried on 504", method: "DELETE", statuses: []int{504, 200}, retryAfter: []string{"1"},
			wantCalls: 2, wantSleeps: []time.Duration{time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t, WithRetryPolicy(tt.policy))
			env.c.rand = func() float64 { return tt.rand }
			s := &scripted{statuses: tt.statuses, retryAfter: tt.retryAfter}
			env.handle(tt.method+" thing", s.ServeHTTP)
			var body any
			if tt.method == "POST" || tt.method == "PUT" || tt.method == "PATCH" {
				body = map[string]string{"k": "v"}
			}
			_, err := env.c.do(t.Context(), &request{method: tt.method, path: "thing", body: body})
			if tt.wantErr == nil && err != nil {
				t.Fatalf("do: %v", err)
			}
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error = %v, want %v", err, tt.wantErr)
				}
				var apiErr *APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("error %T is not an *APIError", err)
				}
				if apiErr.StatusCode != tt.statuses[min(tt.wantCalls-1, len(tt.statuses)-1)] {
					t.Errorf("status %d is not the last answer's", apiErr.StatusCode)
				}
				if apiErr.RetryAfter != tt.wantRA {
					t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.wantRA)
				}
			}
			if got := s.count(); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if diff := cmp.Diff(tt.wantSleeps, env.clock.Sleeps()); diff != "" {
				t.Errorf("sleeps (-want +got):\n%s", diff)
			}
			if body != nil {
				for i, b := range s.bodies {
					if b != `{"k":"v"}` {
						t.Errorf("attempt %d body %q: not rewound", i+1, b)
					}
				}
			}
		})
	}
}

// closingHandler drops the connection of the first failures requests, then answers 200.
func closingHandler(t *testing.T, failures int32, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= failures {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			_ = conn.Close()
			return
		}
		writeJSON(w, 200, map[string]string{})
	}
}

func TestRetryNetworkErrors(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var getCalls, postCalls atomic.Int32
	env.handle("GET flaky", closingHandler(t, 2, &getCalls))
	env.handle("POST flaky", closingHandler(t, 2, &postCalls))
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "flaky"}); err != nil {
		t.Errorf("GET after two dropped connections: %v", err)
	}
	if n := getCalls.Load(); n != 3 {
		t.Errorf("GET attempts = %d, want 3", n)
	}
	_, err := env.c.do(t.Context(), &request{method: http.MethodPost, path: "flaky", body: map[string]int{"a": 1}})
	if err == nil {
		t.Error("POST after a dropped connection succeeded; it must not be replayed")
	}
	if n := postCalls.Load(); n != 1 {
		t.Errorf("POST attempts = %d, want 1 (never replayed after a network error)", n)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Errorf("network error reported as *APIError: %v", err)
	}
}

func TestRetryContextCancelledDuringWait(t *testing.T) {
	t.Parallel()
	env := setup(t)
	s := &scripted{statuses: []int{503, 200}, retryAfter: []string{"30"}}
	env.handle("GET thing", s.ServeHTTP)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	env.clock.hook = func(c context.Context, d time.Duration) error {
		cancel()
		<-c.Done()
		return c.Err()
	}
	_, err := env.c.do(ctx, &request{method: http.MethodGet, path: "thing"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if s.count() != 1 {
		t.Errorf("server saw %d requests, want 1", s.count())
	}
}

func TestRetryContextDoneBeforeStart(t *testing.T) {
	t.Parallel()
	env := setup(t)
	s := &scripted{statuses: []int{200}}
	env.handle("GET thing", s.ServeHTTP)
	ctx, cancel := context.WithTimeout(t.Context(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	_, err := env.c.do(ctx, &request{method: http.MethodGet, path: "thing"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if s.count() != 0 {
		t.Errorf("server saw %d requests, want 0", s.count())
	}
}

// nameKey tags a context with the name of the request, for the sleep hook.
type nameKey struct{}

func named(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, nameKey{}, name)
}

// TestRetryWaitReleasesSlot: with one slot, request A waits for its retry while request B
// runs to completion. A slot held across the wait would block B until its timeout.
func TestRetryWaitReleasesSlot(t *testing.T) {
	t.Parallel()
	env := setup(t, WithMaxInFlight(1))
	a := &scripted{statuses: []int{503, 200}, retryAfter: []string{"5"}}
	b := &scripted{statuses: []int{200}}
	env.handle("GET a", a.ServeHTTP)
	env.handle("GET b", b.ServeHTTP)
	waiting := make(chan struct{})
	release := make(chan struct{})
	env.clock.hook = func(ctx context.Context, d time.Duration) error {
		if ctx.Value(nameKey{}) == "a" {
			close(waiting)
			select {
			case <-release:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
	errA := make(chan error, 1)
	go func() {
		_, err := env.c.do(named(t.Context(), "a"), &request{method: http.MethodGet, path: "a"})
		errA <- err
	}()
	<-waiting
	ctxB, cancel := context.WithTimeout(named(t.Context(), "b"), 10*time.Second)
	defer cancel()
	if _, err := env.c.do(ctxB, &request{method: http.MethodGet, path: "b"}); err != nil {
		t.Fatalf("B while A waits to retry: %v (A holds the only slot?)", err)
	}
	close(release)
	if err := <-errA; err != nil {
		t.Fatalf("A: %v", err)
	}
	if a.count() != 2 || b.count() != 1 {
		t.Errorf("requests: a=%d b=%d, want 2 and 1", a.count(), b.count())
	}
}

// TestRateLimit429DelaysOnlyItsRequest: after A's 429 with Retry-After 5, A waits 5 s
// before its retry, while B (another call) is not held back by A's Retry-After: it waits
// at most for the limiter the 429 engaged.
func TestRateLimit429DelaysOnlyItsRequest(t *testing.T) {
	t.Parallel()
	env := setup(t)
	a := &scripted{statuses: []int{429, 200}, retryAfter: []string{"5"}}
	env.handle("GET a", a.ServeHTTP)
	env.handle("GET b", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]string{})
	})
	waiting := make(chan struct{})
	release := make(chan struct{})
	var aSlept, bSlept []time.Duration
	var mu sync.Mutex
	env.clock.hook = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		switch ctx.Value(nameKey{}) {
		case "a":
			aSlept = append(aSlept, d)
			if len(aSlept) == 1 {
				close(waiting)
				mu.Unlock()
				<-release
				mu.Lock()
			}
		case "b":
			bSlept = append(bSlept, d)
		}
		return nil
	}
	errA := make(chan error, 1)
	go func() {
		_, err := env.c.do(named(t.Context(), "a"), &request{method: http.MethodGet, path: "a"})
		errA <- err
	}()
	<-waiting
	if _, err := env.c.do(named(t.Context(), "b"), &request{method: http.MethodGet, path: "b"}); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-errA; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(aSlept) == 0 || aSlept[0] != 5*time.Second {
		t.Errorf("A slept %v, want first its 5s Retry-After", aSlept)
	}
	var b time.Duration
	for _, d := range bSlept {
		b += d
	}
	if b >= time.Second {
		t.Errorf("B slept %v in all (%v), want well under A's 5s Retry-After", b, bSlept)
	}
	if a.count() != 2 {
		t.Errorf("A requests = %d, want 2", a.count())
	}
}

func TestBackoffBounds(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{}.withDefaults()
	for retry := 1; retry <= 40; retry++ {
		for _, f := range []float64{0, 0.3, 0.999999, 1, -1} {
			d := p.backoff(retry, func() float64 { return f })
			if d < 0 || d > p.MaxDelay {
				t.Fatalf("backoff(%d, %v) = %v outside [0, %v]", retry, f, d, p.MaxDelay)
			}
		}
	}
	if d := p.backoff(1, func() float64 { return 0.999999 }); d > p.BaseDelay {
		t.Errorf("first backoff %v above BaseDelay %v", d, p.BaseDelay)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 12 ", 12 * time.Second, true},
		{"99999999999999999999999", maxRetryAfter, true},
		{"100000", maxRetryAfter, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"Fri, 02 Jan 2026 03:04:00 GMT", 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"rand(30),add(30)", 0, false},
		{"soon", 0, false},
		{"5s", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestRealSleepWatchesContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := realSleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("realSleep on a cancelled ctx = %v", err)
	}
	if err := realSleep(t.Context(), 0); err != nil {
		t.Errorf("realSleep(0) = %v", err)
	}
}

// TestPerAttemptTimeoutRetried: an attempt that exceeds WithTimeout is a temporary error;
// a GET is retried, and the caller's ctx is not affected.
func TestPerAttemptTimeoutRetried(t *testing.T) {
	t.Parallel()
	env := setup(t, WithTimeout(100*time.Millisecond))
	var calls atomic.Int32
	env.handle("GET slow", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			<-r.Context().Done() // hang until the client gives up on this attempt
			return
		}
		writeJSON(w, 200, map[string]string{})
	})
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "slow"}); err != nil {
		t.Fatalf("do: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("attempts = %d, want 2", n)
	}
}
