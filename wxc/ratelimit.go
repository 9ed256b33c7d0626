package wxc

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// gate is the client-wide "not before" time set by a 429: no new attempt of the client
// starts before it.
type gate struct {
	notBefore atomic.Int64 // unix nanoseconds; 0 = open
}

// closeUntil moves the gate's time forward to t (never back).
func (g *gate) closeUntil(t time.Time) {
	n := t.UnixNano()
	for {
		cur := g.notBefore.Load()
		if cur >= n || g.notBefore.CompareAndSwap(cur, n) {
			return
		}
	}
}

// wait returns how long to wait at now before the gate opens (0 when open).
func (g *gate) wait(now time.Time) time.Duration {
	nb := g.notBefore.Load()
	if nb == 0 {
		return 0
	}
	if d := time.Duration(nb - now.UnixNano()); d > 0 {
		return d
	}
	return 0
}

// AIMD parameters of the adaptive limiter (see the package doc, "Retries and rate limits").
const (
	// aimdDecrease multiplies the rate on a 429.
	aimdDecrease = 0.9
	// aimdIncrease is the additive increase per second of successful requests, as a share of
	// the rate set by the last decrease.
	aimdIncrease = 0.05
	// aimdMinIncrease is the smallest additive increase per second (requests/second).
	aimdMinIncrease = 0.5
	// aimdQuietPeriod: the additive step doubles for each such period without a 429.
	aimdQuietPeriod = 4 * time.Second
	// aimdMinRate is the lowest rate the limiter goes down to (requests/second).
	aimdMinRate = 0.5
	// aimdMaxRate is where an adaptive limiter that was not set with WithRateLimit switches
	// itself off again.
	aimdMaxRate = 10000.0
	// aimdBurstSeconds sizes the limiter's burst: this many seconds of the current rate.
	aimdBurstSeconds = 0.05
	// successBuckets x successBucketWidth is the window over which successes are counted to
	// estimate the rate the server accepts when the first 429 arrives.
	successBuckets     = 10
	successBucketWidth = 100 * time.Millisecond
)

// adaptiveLimiter is the proactive limiter. It adapts its rate with AIMD: multiplicative
// decrease on a 429 (at most once per "epoch": a 429 of a request sent before the last
// decrease does not count again), additive increase on success.
type adaptiveLimiter struct {
	mu      sync.Mutex
	lim     *rate.Limiter
	engaged bool      // rate is finite
	ceiling float64   // user's WithRateLimit rate, or 0 (adaptive up to aimdMaxRate)
	burst   int       // user's burst, or 0 (derived from the rate)
	cur     float64   // current rate when engaged
	step    float64   // additive increase per second, before quiet-time growth
	lastDec time.Time // time of the last decrease (zero: none yet)
	// sampleUntil: until then, the first decrease's estimate is still being refined by
	// successes that arrive after the first 429 (answers of the same wave).
	sampleUntil time.Time
	epoch       uint64
	buckets     [successBuckets]struct {
		idx int64
		n   int
	}
}

// newAdaptiveLimiter returns a limiter at perSecond/burst, or an unlimited one when
// perSecond is 0.
func newAdaptiveLimiter(perSecond float64, burst int) *adaptiveLimiter {
	l := &adaptiveLimiter{lim: rate.NewLimiter(rate.Inf, 1)}
	if perSecond > 0 {
		l.ceiling = perSecond
		l.burst = burst
		l.engaged = true
		l.cur = perSecond
		l.step = math.Max(aimdIncrease*perSecond, aimdMinIncrease)
		l.lim = rate.NewLimiter(rate.Limit(perSecond), burst)
	}
	return l
}

// currentEpoch returns the epoch to pass to throttled for a request sent now.
func (l *adaptiveLimiter) currentEpoch() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.epoch
}

// limit returns the current rate (math.Inf(1) when off).
func (l *adaptiveLimiter) limit() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.engaged {
		return math.Inf(1)
	}
	return l.cur
}

// wait blocks until the limiter admits one request at the clock's now, sleeping with sleep.
func (l *adaptiveLimiter) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	l.mu.Lock()
	engaged := l.engaged
	l.mu.Unlock()
	if !engaged {
		return nil
	}
	t := now()
	r := l.lim.ReserveN(t, 1)
	if !r.OK() {
		return nil // burst below 1 cannot happen; do not block forever
	}
	d := r.DelayFrom(t)
	if d <= 0 {
		return nil
	}
	if err := sleep(ctx, d); err != nil {
		r.CancelAt(now())
		return err
	}
	return nil
}

// succeeded records a 2xx and raises an engaged rate additively.
func (l *adaptiveLimiter) succeeded(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	idx := now.UnixNano() / int64(successBucketWidth)
	b := &l.buckets[idx%successBuckets]
	if b.idx != idx {
		b.idx, b.n = idx, 0
	}
	b.n++
	if !l.engaged {
		return
	}
	if now.Before(l.sampleUntil) {
		// Answers of the wave that met the first 429 are still arriving: the rate the
		// server accepted is at least what succeeded in the window.
		if est := aimdDecrease * l.windowRate(now); est > l.cur && (l.ceiling == 0 || est <= l.ceiling) {
			l.step = math.Max(aimdIncrease*est, aimdMinIncrease)
			l.setRate(now, est)
		}
		return
	}
	// Each success adds step/cur, so the rate grows by step per second of successes. The
	// step doubles for every aimdQuietPeriod without a 429, so a rate that started far too
	// low (for example from a small first sample) recovers in seconds, not minutes.
	step := l.step
	if !l.lastDec.IsZero() {
		quiet := now.Sub(l.lastDec)
		for p := aimdQuietPeriod; p <= quiet && step < l.cur; p += aimdQuietPeriod {
			step *= 2
		}
	}
	next := l.cur + step/math.Max(l.cur, 1)
	if l.ceiling > 0 {
		next = math.Min(next, l.ceiling)
	} else if next >= aimdMaxRate {
		l.engaged = false
		l.lim.SetLimitAt(now, rate.Inf)
		return
	}
	if next != l.cur {
		l.setRate(now, next)
	}
}

// recentSuccesses counts the successes of the last successBuckets buckets.
func (l *adaptiveLimiter) recentSuccesses(now time.Time) int {
	idx := now.UnixNano() / int64(successBucketWidth)
	n := 0
	for _, b := range l.buckets {
		if b.idx > idx-successBuckets && b.idx <= idx {
			n += b.n
		}
	}
	return n
}

// windowRate is the successes of the window per second.
func (l *adaptiveLimiter) windowRate(now time.Time) float64 {
	window := time.Duration(successBuckets) * successBucketWidth
	return float64(l.recentSuccesses(now)) / window.Seconds()
}

// throttled records a 429 of a request sent in epoch. It lowers the rate once per epoch:
// from the current rate, or, when the limiter was off, from the number of successes in
// the last second (the rate the server just accepted). It reports whether it lowered.
func (l *adaptiveLimiter) throttled(epoch uint64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if epoch != l.epoch {
		return false
	}
	l.epoch++
	base := l.cur
	if !l.engaged {
		base = l.windowRate(now)
		l.sampleUntil = now.Add(time.Duration(successBuckets) * successBucketWidth)
	} else {
		l.sampleUntil = time.Time{}
	}
	next := math.Max(base*aimdDecrease, aimdMinRate)
	if l.ceiling > 0 {
		next = math.Min(next, l.ceiling)
	}
	l.engaged = true
	l.step = math.Max(aimdIncrease*next, aimdMinIncrease)
	l.lastDec = now
	l.setRate(now, next)
	return true
}

// setRate sets the rate and, without a user burst, a burst of aimdBurstSeconds of it.
// l.mu must be held.
func (l *adaptiveLimiter) setRate(now time.Time, r float64) {
	l.cur = r
	l.lim.SetLimitAt(now, rate.Limit(r))
	b := l.burst
	if b == 0 {
		b = max(1, int(r*aimdBurstSeconds))
	}
	if l.lim.Burst() != b {
		l.lim.SetBurstAt(now, b)
	}
}
