package wxc

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"
)

func TestGate(t *testing.T) {
	t.Parallel()
	var g gate
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if d := g.wait(now); d != 0 {
		t.Fatalf("open gate wait = %v", d)
	}
	g.closeUntil(now.Add(5 * time.Second))
	g.closeUntil(now.Add(2 * time.Second)) // never moves back
	if d := g.wait(now); d != 5*time.Second {
		t.Errorf("wait = %v, want 5s", d)
	}
	if d := g.wait(now.Add(6 * time.Second)); d != 0 {
		t.Errorf("wait after the time = %v, want 0", d)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(b)) }

func TestAdaptiveLimiterAIMD(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(0, 0)
	if !math.IsInf(l.limit(), 1) {
		t.Fatalf("limiter starts at %v, want off", l.limit())
	}
	// 200 successes within the last second, then a 429: 90% of 200.
	for i := range 200 {
		l.succeeded(now.Add(time.Duration(i) * 4 * time.Millisecond))
	}
	now = now.Add(800 * time.Millisecond)
	e := l.currentEpoch()
	if !l.throttled(e, now) {
		t.Fatal("first 429 did not lower the rate")
	}
	if got := l.limit(); !near(got, 180) {
		t.Fatalf("rate after first 429 = %v, want 180", got)
	}
	// More 429s of requests sent in the same epoch do not lower it again.
	for range 50 {
		if l.throttled(e, now) {
			t.Fatal("a 429 of an old epoch lowered the rate")
		}
	}
	if got := l.limit(); !near(got, 180) {
		t.Fatalf("rate after old-epoch 429s = %v, want 180", got)
	}
	// Additive increase (after the first-estimate window): 180 successes (about one second
	// at 180/s) add about 5% of 180.
	now = now.Add(time.Second)
	for range 180 {
		now = now.Add(time.Second / 180)
		l.succeeded(now)
	}
	if got := l.limit(); got < 188 || got > 189.1 {
		t.Errorf("rate after a second of successes = %v, want about 189", got)
	}
	// A 429 in the new epoch lowers multiplicatively.
	before := l.limit()
	if !l.throttled(l.currentEpoch(), now) {
		t.Fatal("new-epoch 429 ignored")
	}
	if got := l.limit(); !near(got, before*aimdDecrease) {
		t.Errorf("rate = %v, want %v", got, before*aimdDecrease)
	}
	// It never drops below the floor.
	for range 200 {
		l.throttled(l.currentEpoch(), now)
	}
	if got := l.limit(); !near(got, aimdMinRate) {
		t.Errorf("rate after many 429s = %v, want the floor %v", got, aimdMinRate)
	}
}

func TestAdaptiveLimiterIdleFirst429(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(0, 0)
	l.succeeded(now)
	// The success is 10s old: the window is empty, so the floor applies.
	l.throttled(l.currentEpoch(), now.Add(10*time.Second))
	if got := l.limit(); !near(got, aimdMinRate) {
		t.Errorf("rate = %v, want %v", got, aimdMinRate)
	}
}

func TestAdaptiveLimiterCeiling(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(10, 2)
	if got := l.limit(); got != 10 {
		t.Fatalf("start rate = %v", got)
	}
	for range 1000 {
		now = now.Add(10 * time.Millisecond)
		l.succeeded(now)
	}
	if got := l.limit(); got != 10 {
		t.Errorf("rate rose above the WithRateLimit ceiling: %v", got)
	}
	l.throttled(l.currentEpoch(), now)
	if got := l.limit(); !near(got, 9) {
		t.Errorf("rate after 429 = %v, want 9", got)
	}
	if l.lim.Burst() != 2 {
		t.Errorf("user burst changed to %d", l.lim.Burst())
	}
}

func TestAdaptiveLimiterSwitchesOffAtMax(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(0, 0)
	l.throttled(l.currentEpoch(), now)
	l.mu.Lock()
	l.setRate(now, aimdMaxRate-1e-6)
	l.mu.Unlock()
	l.succeeded(now.Add(2 * time.Second))
	if !math.IsInf(l.limit(), 1) {
		t.Errorf("limiter at %v did not switch off", l.limit())
	}
}

func TestAdaptiveLimiterWaitUsesClock(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	l := newAdaptiveLimiter(10, 1)
	ctx := t.Context()
	for range 3 {
		if err := l.wait(ctx, clock.Now, clock.Sleep); err != nil {
			t.Fatal(err)
		}
	}
	// The first request uses the burst; the next two wait 100ms each at 10/s.
	sleeps := clock.Sleeps()
	if len(sleeps) != 2 || sleeps[0] != 100*time.Millisecond || sleeps[1] != 100*time.Millisecond {
		t.Errorf("sleeps = %v, want [100ms 100ms]", sleeps)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.wait(cctx, clock.Now, clock.Sleep); err == nil {
		t.Error("wait on a cancelled ctx succeeded")
	}
}

// TestClientAdaptsAfter429: the first 429 engages the limiter of the client; later
// requests are paced by it (fake clock) and successes raise the rate again.
func TestClientAdaptsAfter429(t *testing.T) {
	t.Parallel()
	env := setup(t)
	s := &scripted{statuses: []int{200, 200, 200, 200, 429, 200}, retryAfter: []string{"", "", "", "", "1"}}
	env.handle("GET x", s.ServeHTTP)
	for range 4 {
		if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	if !math.IsInf(env.c.limiter.limit(), 1) {
		t.Fatal("limiter engaged before any 429")
	}
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "x"}); err != nil {
		t.Fatal(err)
	}
	got := env.c.limiter.limit()
	if math.IsInf(got, 1) || got < aimdMinRate {
		t.Fatalf("limiter after a 429 = %v, want engaged", got)
	}
	if s.count() != 6 {
		t.Errorf("requests = %d, want 6", s.count())
	}
}

func TestAdaptiveLimiterQuietGrowth(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rateAfter := func(quiet time.Duration) float64 {
		l := newAdaptiveLimiter(100, 10)
		l.throttled(l.currentEpoch(), now) // 90/s, step 4.5/s
		l.succeeded(now.Add(quiet))
		return l.limit() - 90
	}
	early, late := rateAfter(time.Second), rateAfter(aimdQuietPeriod*2+time.Second)
	if !near(early, 4.5/90) {
		t.Errorf("increase per success shortly after a 429 = %v, want %v", early, 4.5/90)
	}
	if !near(late, 4*4.5/90) {
		t.Errorf("increase per success after two quiet periods = %v, want %v (step doubled twice)", late, 4*4.5/90)
	}
}

// TestAdaptiveLimiterFirstSampleRefined: successes of the wave that met the first 429 but
// were answered after it still count towards the first estimate (within the window).
func TestAdaptiveLimiterFirstSampleRefined(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(0, 0)
	for range 10 {
		l.succeeded(now)
	}
	l.throttled(l.currentEpoch(), now)
	if got := l.limit(); !near(got, 9) {
		t.Fatalf("first estimate = %v, want 9", got)
	}
	for range 40 {
		l.succeeded(now.Add(time.Millisecond))
	}
	if got := l.limit(); !near(got, 45) {
		t.Errorf("refined estimate = %v, want 45 (90%% of 50 successes)", got)
	}
	// After the sampling window, successes add the usual additive step only.
	later := now.Add(2 * time.Second)
	l.succeeded(later)
	if got := l.limit(); got < 45 || got > 45.1 {
		t.Errorf("rate after the window = %v, want just above 45", got)
	}
}
