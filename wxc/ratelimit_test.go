package wxc

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestAdaptiveLimiterEngage: off until the first 429, which engages it at half the rate
// of successes of the last second; 429s of the first wave (an older epoch) and, in slow
// start, at the starting rate do not lower it.
func TestAdaptiveLimiterEngage(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(0, 0)
	if !math.IsInf(l.limit(), 1) {
		t.Fatalf("limiter starts at %v, want off", l.limit())
	}
	tk := func(at time.Time) sendTicket {
		return sendTicket{at: at, rate: l.limit(), epoch: l.epoch}
	}
	for i := range 80 { // 80 successes sent within the second before the 429's request
		l.succeeded(sendTicket{at: now.Add(time.Duration(i) * 10 * time.Millisecond), rate: math.Inf(1)}, now)
	}
	now = now.Add(800 * time.Millisecond)
	wave := tk(now)
	if !l.throttled(wave, now) {
		t.Fatal("first 429 did not engage the limiter")
	}
	if got := l.limit(); got != 40 {
		t.Fatalf("rate after the first 429 = %v, want 40 (half of 80/s)", got)
	}
	for range 20 {
		if l.throttled(wave, now) {
			t.Fatal("a 429 of the first wave lowered the rate again")
		}
	}
	if l.throttled(tk(now), now) {
		t.Error("in slow start, a 429 at the starting rate lowered the rate")
	}
	if got := l.limit(); got != 40 {
		t.Errorf("rate = %v, want still 40", got)
	}
}

// TestAdaptiveLimiterCeiling: WithRateLimit's rate is where it starts and the most it
// grows to; a 429 lowers it.
func TestAdaptiveLimiterCeiling(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newAdaptiveLimiter(50, 5)
	if got := l.limit(); got != 50 {
		t.Fatalf("start = %v, want 50", got)
	}
	l.limitedAt = now.Add(time.Hour)
	for i := range 100 {
		at := now.Add(time.Duration(i) * 20 * time.Millisecond)
		l.succeeded(sendTicket{at: at, rate: 50}, at)
	}
	if got := l.limit(); got != 50 {
		t.Errorf("after successes = %v, want the ceiling 50", got)
	}
	at := now.Add(2 * time.Second)
	if !l.throttled(sendTicket{at: at, rate: 50, epoch: l.epoch}, at) {
		t.Fatal("429 did not lower the rate")
	}
	if got := l.limit(); got >= 50 || got < 40 {
		t.Errorf("after one 429 = %v, want a little under 50", got)
	}
}

// TestPacerSpacing: requests are admitted about 1/rate apart (burst 1), never closer than
// minSpacing/rate, whatever the number of callers waiting, and a higher rate reaches
// callers that already wait.
func TestPacerSpacing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := newAdaptiveLimiter(10, 1)
		var mu sync.Mutex
		var admitted []time.Time
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := l.wait(context.Background(), time.Now, realSleep); err != nil {
					t.Error(err)
				}
				mu.Lock()
				admitted = append(admitted, time.Now())
				mu.Unlock()
			})
		}
		time.Sleep(time.Second) // 10 or 11 admitted at 10/s
		l.mu.Lock()
		l.setRate(time.Now(), 100)
		l.mu.Unlock()
		start := time.Now()
		wg.Wait()
		if took := time.Since(start); took > 200*time.Millisecond {
			t.Errorf("the last ~9 callers took %v after the rate went to 100/s, want < 200ms", took)
		}
		mu.Lock()
		defer mu.Unlock()
		// No two admissions closer than minSpacing/rate (late wake-ups may catch up a
		// little, never in a burst).
		for i := 1; i < len(admitted); i++ {
			gap := admitted[i].Sub(admitted[i-1])
			if admitted[i].Before(start) && gap < time.Duration(minSpacing*float64(100*time.Millisecond)) {
				t.Errorf("gap %d = %v at 10/s, want >= %v", i, gap, time.Duration(minSpacing*float64(100*time.Millisecond)))
			}
			if gap < time.Duration(minSpacing*float64(10*time.Millisecond)) {
				t.Errorf("gap %d = %v, want >= %v at 100/s", i, gap, time.Duration(minSpacing*float64(10*time.Millisecond)))
			}
		}
		if n := len(admitted); n != 20 {
			t.Errorf("%d admitted, want 20", n)
		}
	})
}

// TestAdaptiveLimiterWaitCancelled: a cancelled context ends the wait with its error.
func TestAdaptiveLimiterWaitCancelled(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	l := newAdaptiveLimiter(1, 1)
	if _, err := l.wait(t.Context(), clock.Now, clock.Sleep); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := l.wait(ctx, clock.Now, clock.Sleep); err == nil {
		t.Error("wait on a cancelled ctx succeeded")
	}
}

// TestLimiterConvergence drives the real client against a fake-clock token bucket (the
// throttle simulation) for each bucket shape and checks the limiter's rate: within
// convergeBy of the first 429 it is inside [bandLow, bandHigh] x the server's rate and
// stays there (no oscillation beyond that band) until the queue drains.
//
// The band is wide on the upper side on purpose: with a bucket of one second or more the
// server absorbs a probe above its rate for a while, so the limiter may get to about 1.5x
// before the 429 that brings it back (observed with rate 10, bucket 10).
func TestLimiterConvergence(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates 5 runs of 20 s (a few seconds of CPU)")
	}
	const (
		convergeBy = 5 * time.Second
		bandLow    = 0.75
		bandHigh   = 1.6
	)
	for _, cell := range []simCell{
		{Rate: 200, Bucket: 1, RetryAfter: time.Second, InFlight: 100},
		{Rate: 200, Bucket: 20, RetryAfter: time.Second, InFlight: 100},
		{Rate: 200, Bucket: 200, RetryAfter: time.Second, InFlight: 100},
		{Rate: 10, Bucket: 1, RetryAfter: time.Second, InFlight: 100},
		{Rate: 10, Bucket: 10, RetryAfter: time.Second, InFlight: 100},
	} {
		cell.Latency = 50 * time.Millisecond
		cell.Requests = int(20 * cell.Rate)
		t.Run("rate="+strconv.FormatFloat(cell.Rate, 'g', -1, 64)+"_bucket="+strconv.Itoa(cell.Bucket), func(t *testing.T) {
			t.Parallel()
			var r simResult
			synctest.Test(t, func(t *testing.T) {
				r = simRunWxc(t, cell, newSimBucket(cell.Rate, cell.Bucket), cell.Requests)
			})
			if r.Failed > 0 {
				t.Fatalf("%d requests failed: %v", r.Failed, r.FirstErr)
			}
			// r.Rates: one sample per 250 ms; skip the samples before the first 429
			// (limiter off) and the last second (the queue drains).
			first := -1
			for i, x := range r.Rates {
				if !math.IsInf(x, 1) {
					first = i
					break
				}
			}
			if first < 0 {
				t.Fatal("the limiter never engaged")
			}
			end := len(r.Rates) - 4
			// converged: the first sample from which every later one is in the band.
			converged := end
			for i := end - 1; i >= first; i-- {
				if x := r.Rates[i] / cell.Rate; x < bandLow || x > bandHigh {
					break
				}
				converged = i
			}
			if time.Duration(converged-first)*250*time.Millisecond > convergeBy {
				t.Errorf("the rate stays within [%.2f, %.2f] x %g/s only from %v, more than %v after the first 429; rates (per second) %v",
					bandLow, bandHigh, cell.Rate, time.Duration(converged)*250*time.Millisecond, convergeBy, fmtRates(r.Rates))
			}
			t.Logf("engaged at %v, in the band %v later; wall %.2fs (%.3f x floor), %d 429s",
				time.Duration(first)*250*time.Millisecond, time.Duration(converged-first)*250*time.Millisecond,
				r.Wall.Seconds(), r.Wall.Seconds()/cell.floor().Seconds(), r.N429)
		})
	}
}

// TestClientAdaptsAfter429: through the request path, the first 429 engages the
// limiter; the request is retried after its Retry-After.
func TestClientAdaptsAfter429(t *testing.T) {
	t.Parallel()
	env := setup(t)
	s := &scripted{statuses: []int{200, 200, 429, 200}, retryAfter: []string{"", "", "1"}}
	env.handle("GET x", s.ServeHTTP)
	for range 2 {
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
	if got := env.c.limiter.limit(); math.IsInf(got, 1) || got < minRate {
		t.Fatalf("limiter after a 429 = %v, want engaged", got)
	}
	if s.count() != 4 {
		t.Errorf("requests = %d, want 4", s.count())
	}
}

// steadyLimiter returns an engaged limiter past slow start at rate r, whose history holds
// successes at r/s for the two seconds before now and no 429.
func steadyLimiter(now time.Time, r float64) *adaptiveLimiter {
	l := newAdaptiveLimiter(0, 0)
	l.engaged, l.cur, l.epoch = true, r, 1
	l.engagedAt, l.lastDec, l.lastGrow = now.Add(-10*time.Second), now.Add(-10*time.Second), now
	gap := time.Duration(float64(time.Second) / r)
	for at := now.Add(-2 * time.Second); at.Before(now); at = at.Add(gap) {
		l.hist.add(at, true)
	}
	return l
}

// TestLimiterIsolated429: in the steady state, a 429 among successes (jitter at a small
// bucket) cuts at most maxCut; one among many 429s cuts to what the server accepted; and
// no decrease raises the rate, whatever a measurement says.
func TestLimiterIsolated429(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := steadyLimiter(now, 100)
	if !l.throttled(sendTicket{at: now, rate: 100, epoch: 1}, now) {
		t.Fatal("an isolated 429 at the current rate changed nothing")
	}
	if got := l.limit(); got < (1-maxCut)*100-1e-9 || got >= 100 {
		t.Errorf("after an isolated 429: %v, want in [%v, 100)", got, (1-maxCut)*100)
	}

	l = steadyLimiter(now.Add(-time.Second), 100)
	// In the last second, every other answer was a 429: the server accepts about 50/s.
	for i := range 100 {
		l.hist.add(now.Add(-time.Second+time.Duration(i)*10*time.Millisecond), i%2 == 0)
	}
	l.throttled(sendTicket{at: now, rate: 100, epoch: 1}, now)
	if got := l.limit(); got > 55 || got < 40 {
		t.Errorf("after a 429 among many: %v, want about 0.95 x 50 (what was accepted)", got)
	}

	l = steadyLimiter(now, 20)
	// A burst of successes far above the rate (another client's, or a measurement error)
	// between two 429s must not make a decrease an increase.
	for i := range 300 {
		l.hist.add(now.Add(-time.Second+time.Duration(i)*time.Millisecond), true)
	}
	l.hist.add(now.Add(-time.Second), false)
	l.hist.add(now.Add(-500*time.Millisecond), false)
	l.throttled(sendTicket{at: now, rate: 20, epoch: 1}, now)
	if got := l.limit(); got > 20 {
		t.Errorf("a decrease raised the rate: %v > 20", got)
	}
}

// TestLimiterProbeStopsUnderHit: for hitMemory after a decrease (not an isolated 429), the
// upward probe stops at hitMargin x the rate that drew the 429; after that it may go on.
func TestLimiterProbeStopsUnderHit(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := steadyLimiter(now, 100)
	for i := range 5 { // 5 of the last second's 100 answers were 429s: not isolated
		l.hist.add(now.Add(-time.Duration(i+1)*100*time.Millisecond), false)
	}
	l.throttled(sendTicket{at: now, rate: 100, epoch: 1}, now)
	if l.holdFor != hitMemory {
		t.Fatalf("hold %v, want %v", l.holdFor, hitMemory)
	}
	// The client keeps the limiter busy and sends at the rate: the probe has evidence.
	sawAbove := false
	for i := 1; i <= 2000; i++ {
		at := now.Add(time.Duration(i) * 10 * time.Millisecond)
		l.limitedAt = at
		r := l.limit()
		l.succeeded(sendTicket{at: at, rate: r, epoch: l.epoch}, at)
		if n := max(1, int(r/100)); n > 1 {
			for range n - 1 {
				l.hist.add(at, true)
			}
		}
		got := l.limit()
		if at.Sub(now) < hitMemory && got > hitMargin*100+1e-9 {
			t.Fatalf("%v after the 429 the rate is %v, over %v x 100", at.Sub(now), got, hitMargin)
		}
		if got > 100 {
			sawAbove = true
		}
	}
	if !sawAbove {
		t.Errorf("20 s after the 429 the rate is %v: the probe never went past the old rate", l.limit())
	}
}

// TestLimiterSecondRound: requests sent after the first wave but before its 429 came
// back met the bucket that wave emptied, so their successes over the time since measure
// the refill rate: the limiter jumps to 95% of it. A second round with too few successes
// (a slow server) leaves it in slow start at the starting rate.
func TestLimiterSecondRound(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		ok, n429 int
		want     float64
	}{
		{"fast server", 10, 10, underEstimate * 10 / 0.05},
		{"slow server", 1, 19, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newAdaptiveLimiter(0, 0)
			wave := sendTicket{at: t0, rate: math.Inf(1)}
			for range 20 { // the first wave: 20 accepted (the server's burst), the rest 429
				l.succeeded(wave, t0.Add(50*time.Millisecond))
			}
			// The second round leaves as the first wave's 200s come back, before its 429s.
			second := sendTicket{at: t0.Add(50 * time.Millisecond), rate: math.Inf(1)}
			now := t0.Add(51 * time.Millisecond)
			if !l.throttled(wave, now) {
				t.Fatal("first 429 did not engage the limiter")
			}
			if got := l.limit(); got != 10 {
				t.Fatalf("start rate %v, want 10 (half of 20/s)", got)
			}
			now = t0.Add(100 * time.Millisecond)
			for range tc.ok {
				l.succeeded(second, now)
			}
			for range tc.n429 {
				l.throttled(second, now)
			}
			if got := l.limit(); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("rate after the second round = %v, want %v", got, tc.want)
			}
			if !l.slowStart {
				t.Error("the second round ended slow start")
			}
		})
	}
}

// TestLimiterSlowStartEndsAtRound: when slow start, grown on the burst the server saved,
// ends with a 429 far above what the second round measured, the rate goes back to 95% of
// that measurement (not to 95% of the rate that drew the 429), but not under half of it.
func TestLimiterSlowStartEndsAtRound(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		round float64
		hit   float64
		want  float64
	}{
		{"measured well under the hit", 190, 340, underEstimate * 190},
		{"measured far under the hit", 100, 340, 340.0 / 2},
		{"measured above the hit", 400, 340, underEstimate * 340},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			l := newAdaptiveLimiter(0, 0)
			l.engaged, l.slowStart, l.epoch = true, true, 1
			l.startRate, l.roundRate = 20, tc.round
			l.engagedAt = now.Add(-2 * time.Second)
			l.setRate(now, tc.hit)
			if !l.throttled(sendTicket{at: now, rate: tc.hit, epoch: 1}, now) {
				t.Fatal("the 429 that ends slow start changed nothing")
			}
			if got := l.limit(); math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("rate = %v, want %v", got, tc.want)
			}
			if l.slowStart {
				t.Error("still in slow start")
			}
		})
	}
}

// TestLimiterIsolatedAtLowRate: at a low rate the window that decides whether a 429 is
// isolated spans the last isolatedAnswers sends (3 s at 10/s, not one second of 10
// answers), and one other 429 in it is still isolated (a cut of at most maxCut); several
// are not.
func TestLimiterIsolatedAtLowRate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		others   int
		isolated bool
	}{
		{"alone", 0, true},
		{"one other", 1, true},
		{"four others", 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := steadyLimiter(now.Add(-3*time.Second), 10)
			for i := range 30 { // 10/s for the last 3 s, the last tc.others of them 429s
				l.hist.add(now.Add(-3*time.Second+time.Duration(i)*100*time.Millisecond), i < 30-tc.others)
			}
			l.throttled(sendTicket{at: now, rate: 10, epoch: 1}, now)
			cut := 1 - l.limit()/10
			if tc.isolated && cut > maxCut+1e-9 {
				t.Errorf("an isolated 429 cut %.3f, more than %v", cut, maxCut)
			}
			if !tc.isolated && cut <= maxCut {
				t.Errorf("a 429 among %d others cut only %.3f", tc.others, cut)
			}
		})
	}
}

// TestLimiterHoldFollowsRetryAfter: the probe's hold after a decrease is hitMemory, or
// hitRetryAfters x the longest Retry-After seen when that is longer.
func TestLimiterHoldFollowsRetryAfter(t *testing.T) {
	t.Parallel()
	l := newAdaptiveLimiter(0, 0)
	if got := l.hold(); got != hitMemory {
		t.Errorf("hold = %v, want %v", got, hitMemory)
	}
	l.retryAfter(time.Second)
	if got := l.hold(); got != hitMemory {
		t.Errorf("hold after Retry-After 1s = %v, want %v", got, hitMemory)
	}
	l.retryAfter(5 * time.Second)
	l.retryAfter(2 * time.Second)
	if got := l.hold(); got != hitRetryAfters*5*time.Second {
		t.Errorf("hold after Retry-After 5s = %v, want %v", got, hitRetryAfters*5*time.Second)
	}
}

// TestStartWindow: until the first 429 a client starts with half its slots on the wire (at
// most initialWindow) and adds one per answer, so it reaches all of them in a few round
// trips; a 429 retires the window at once; a failed or cancelled request gives its place
// back.
func TestStartWindow(t *testing.T) {
	t.Parallel()
	peaks := func(t *testing.T, slots int, status func(i int64) int) []int64 {
		var got []int64
		synctest.Test(t, func(t *testing.T) {
			var cur, peak, n atomic.Int64
			tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				i := n.Add(1)
				c := cur.Add(1)
				for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
				}
				time.Sleep(50 * time.Millisecond)
				cur.Add(-1)
				st := status(i)
				if st == 0 {
					return nil, errors.New("connection reset")
				}
				h := http.Header{"Content-Type": {"application/json"}}
				if st == http.StatusTooManyRequests {
					h.Set("Retry-After", "1")
				}
				return &http.Response{StatusCode: st, Header: h, Body: io.NopCloser(strings.NewReader(`{}`)), Request: r}, nil
			})
			c, err := NewClient("tok", WithBaseURL("http://127.0.0.1:1/v1"), WithMaxInFlight(slots),
				WithHTTPClient(&http.Client{Transport: tr}), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for i := range 4 * slots {
				wg.Go(func() {
					_, _ = c.People.Get(context.Background(), "p"+strconv.Itoa(i))
				})
			}
			// One round trip at a time: the peak of each.
			for range 6 {
				time.Sleep(50*time.Millisecond - time.Nanosecond)
				synctest.Wait()
				got = append(got, peak.Swap(0))
				time.Sleep(time.Nanosecond)
			}
			wg.Wait()
		})
		return got
	}
	ok := func(int64) int { return http.StatusOK }
	if got := peaks(t, 100, ok); got[0] != initialWindow || got[1] != 2*initialWindow || got[3] != 8*initialWindow {
		t.Errorf("100 slots, no 429: in flight per round trip %v, want %d, %d, ..., %d", got, initialWindow, 2*initialWindow, 8*initialWindow)
	}
	if got := peaks(t, 10, ok); got[0] != 5 || got[1] != 10 {
		t.Errorf("10 slots: in flight per round trip %v, want 5 then 10", got)
	}
	// The first answer is a 429: the window is gone, the limiter paces what follows.
	first429 := func(i int64) int {
		if i == 1 {
			return http.StatusTooManyRequests
		}
		return http.StatusOK
	}
	if got := peaks(t, 100, first429); got[0] != initialWindow {
		t.Errorf("first round trip %v, want %d", got, initialWindow)
	}
	// Network errors give their place back (the calls do not hang).
	failing := func(i int64) int {
		if i <= 20 {
			return 0
		}
		return http.StatusOK
	}
	if got := peaks(t, 40, failing); got[0] != initialWindow {
		t.Errorf("with failing requests: %v, want %d first", got, initialWindow)
	}
}

// TestStartWindowCancel: a caller waiting for a place in the start window leaves when its
// context ends.
func TestStartWindowCancel(t *testing.T) {
	t.Parallel()
	l := newAdaptiveLimiter(0, 0)
	l.startWindow(4)
	noSleep := func(context.Context, time.Duration) error { return nil }
	var tks []sendTicket
	for range 2 {
		tk, err := l.wait(context.Background(), time.Now, noSleep)
		if err != nil || !tk.windowed {
			t.Fatalf("wait = %+v, %v; want a windowed ticket", tk, err)
		}
		tks = append(tks, tk)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := l.wait(ctx, time.Now, noSleep)
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("wait with a full window after cancel = %v, want context.Canceled", err)
	}
	l.done(tks[0], http.StatusOK) // the window grows to 3, one place is free
	for range 2 {
		if _, err := l.wait(context.Background(), time.Now, noSleep); err != nil {
			t.Fatal(err)
		}
	}
	if l.windowUsed != 3 || l.window != 3 {
		t.Errorf("window %d used %d, want 3 and 3", l.window, l.windowUsed)
	}
}

// TestLimiterIsolatedHoldsShort: after a 429 among many the probe stays under hitMargin x
// the rate that drew it for the long hold; after an isolated 429 (jitter at a small
// bucket, or a rate a little over the server's) it stays at the rate it cut to (at most
// maxCut under), for isolatedHold only, or hitRetryAfters x a long Retry-After.
func TestLimiterIsolatedHoldsShort(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := steadyLimiter(now.Add(-time.Second), 100)
	for i := range 100 { // half of the last second's answers were 429s
		l.hist.add(now.Add(-time.Second+time.Duration(i)*10*time.Millisecond), i%2 == 0)
	}
	l.throttled(sendTicket{at: now, rate: 100, epoch: 1}, now)
	if l.hitRate != 100 || l.holdFor != hitMemory {
		t.Fatalf("after a 429 among many: stop %v for %v, want 100 for %v", l.hitRate, l.holdFor, hitMemory)
	}
	for i, ra := range []time.Duration{0, 0, 5 * time.Second} {
		if ra > 0 {
			l.retryAfter(ra)
		}
		// Three seconds of successes at the current rate, then a lone 429.
		start, r := now, l.limit()
		for at := start; at.Before(start.Add(3 * time.Second)); at = at.Add(time.Duration(float64(time.Second) / r)) {
			l.hist.add(at, true)
		}
		now = start.Add(3 * time.Second)
		if !l.throttled(sendTicket{at: now, rate: r, epoch: l.epoch}, now) {
			t.Fatalf("isolated 429 %d changed nothing", i+1)
		}
		got := l.limit()
		if got < (1-maxCut)*r-1e-9 {
			t.Errorf("isolated 429 %d cut %v to %v, more than %v", i+1, r, got, maxCut)
		}
		want := isolatedHold
		if ra > 0 {
			want = hitRetryAfters * ra
		}
		if stop := hitMargin * l.hitRate; math.Abs(stop-got) > 1e-9 || l.holdFor != want {
			t.Errorf("isolated 429 %d: the probe stops at %v for %v, want %v (the cut rate) for %v", i+1, stop, l.holdFor, got, want)
		}
	}
}
