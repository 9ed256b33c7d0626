package wxc

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// Parameters of the adaptive limiter (see the package doc, "Retries and rate limits").
// They were chosen with the fake-clock simulation in throttle_sim_test.go.
const (
	// underEstimate: after a 429 the rate goes this share under what the server was
	// measured to accept.
	underEstimate = 0.95
	// Without a span to measure over, a 429 sets the rate to underEstimate x the rate
	// sent x (1 - share of other 429s) over the sends of the last shareWindow (at least
	// shareAnswers of them; half as many are needed to use the share at all).
	shareWindow  = 250 * time.Millisecond
	shareAnswers = 20.0
	// A span over which the refill rate is measured runs from an earlier 429 to this one
	// (by send time): at least estimateSpan long and estimateMinOK successes, at most
	// estimateHorizon, with at least estimateMin429 429s (both ends included) making up
	// at least estimateMinShare of its answers, none more than estimateMaxGap apart: the
	// server is then taken to have been saturated throughout.
	estimateSpan     = 200 * time.Millisecond
	estimateMinOK    = 5
	estimateHorizon  = 3 * time.Second
	estimateMin429   = 3
	estimateMinShare = 0.15
	estimateMaxGap   = 500 * time.Millisecond
	// secondRoundSpan: a second round sent before the limiter engaged measures the refill
	// rate (see secondRound) over at least this time since the first 429's request.
	secondRoundSpan = 20 * time.Millisecond
	// startShare: the first 429 engages the limiter at this share of the rate of
	// successes in the last second (which includes the server's burst), at least
	// minEvidence.
	startShare = 0.5
	// slowStartGrowth: until the first 429 after engaging, the rate grows by this factor
	// every slowStartPeriod while the limiter holds requests back, but never beyond
	// growthEvidence times the rate actually sent over the last growthWindow (at least
	// evidenceSends sends long; minEvidence at least).
	slowStartGrowth = 1.5
	slowStartPeriod = 400 * time.Millisecond
	// blindStartPeriod replaces slowStartPeriod when the first wave had too few successes
	// to say anything (the start rate is minEvidence): the server's rate may be far higher.
	blindStartPeriod = 250 * time.Millisecond
	growthEvidence   = 2.0
	growthWindow     = 250 * time.Millisecond
	minEvidence      = 2.0
	evidenceSends    = 4.0
	// probeGrowth is the upward probe after the first decrease, per second of held-back
	// sending; it doubles for every probeQuietPeriod without a 429, up to probeMaxGrowth.
	probeGrowth      = 0.01
	probeQuietPeriod = 3 * time.Second
	probeMaxGrowth   = 1.0
	// When probing, the rate stays within probeEvidence x the rate sent over the last
	// probeEvidenceWindow (answered sends: the window is long next to the latency).
	probeEvidence       = 1.15
	probeEvidenceWindow = time.Second
	// limitedRecently: the rate only grows while the limiter made a request wait within
	// this time (otherwise the callers, not the limiter, set the pace).
	limitedRecently = 250 * time.Millisecond
	// For hitMemory after a decrease, the probe stops at hitMargin x the rate that drew it;
	// for hitRetryAfters x the longest Retry-After seen when that is longer (a 429 costs
	// its request that wait: the longer it is, the rarer the probe should draw one). After
	// an isolated 429 (see isolated) the hold is isolatedHold, or as long when that is
	// longer.
	hitMemory      = 10 * time.Second
	hitRetryAfters = 4
	hitMargin      = 0.98
	isolatedHold   = 2 * time.Second
	// maxCut is the largest share an isolated 429 (see isolated) cuts off the rate after
	// the first decrease.
	maxCut          = 0.03
	isolatedWindow  = time.Second
	isolatedAnswers = 30
	isolatedShare   = 0.03
	// initialWindow: until the first 429 a client starts with half its WithMaxInFlight
	// slots on the wire (at most initialWindow) and adds one per answer that was neither
	// a 429 nor a server error (so the window doubles every round trip), up to its slots.
	// The first wave then meets an unknown server bucket with a part of the slots, not
	// all of them: fewer first 429s, and when a long Retry-After puts the first wave to
	// sleep, other requests go on and find the server's rate meanwhile.
	initialWindow = 10
	// minRate is the lowest rate the limiter goes down to (requests/second).
	minRate = 0.5
	// maxAdaptiveRate is where an adaptive limiter that was not set with WithRateLimit
	// switches itself off again.
	maxAdaptiveRate = 10000.0
	// histWidth x histBuckets is the send history the measurements read.
	histWidth   = 10 * time.Millisecond
	histBuckets = 512
)

// sendHistory counts answers by the send time of their request, in histWidth buckets.
type sendHistory struct {
	b [histBuckets]histBucket
}

type histBucket struct {
	idx      int64
	ok, n429 int32
}

func histIndex(t time.Time) int64 { return t.UnixNano() / int64(histWidth) }

// slot is the ring slot of bucket idx (it may hold another bucket).
func (h *sendHistory) slot(idx int64) *histBucket {
	return &h.b[int(idx%histBuckets+histBuckets)%histBuckets]
}

func (h *sendHistory) add(at time.Time, ok bool) {
	idx := histIndex(at)
	b := h.slot(idx)
	if b.idx != idx {
		b.idx, b.ok, b.n429 = idx, 0, 0
	}
	if ok {
		b.ok++
	} else {
		b.n429++
	}
}

// get returns the counts of bucket idx (zero when the slot holds another bucket).
func (h *sendHistory) get(idx int64) (ok, n429 int) {
	b := h.slot(idx)
	if b.idx != idx {
		return 0, 0
	}
	return int(b.ok), int(b.n429)
}

// counts sums the answers of the buckets of the window ending at now (bucket of now
// included).
func (h *sendHistory) counts(now time.Time, window time.Duration) (ok, n429 int) {
	k := histIndex(now)
	for i := k - int64(window/histWidth) + 1; i <= k; i++ {
		o, t := h.get(i)
		ok += o
		n429 += t
	}
	return ok, n429
}

// sentRate is the answered sends per second over the window ending at now.
func (h *sendHistory) sentRate(now time.Time, window time.Duration) float64 {
	ok, n429 := h.counts(now, window)
	return float64(ok+n429) / window.Seconds()
}

// share429 is the share of 429s among the answered sends of the window ending at now
// (bucket of now included), not counting one 429 (the one that asks).
func (h *sendHistory) share429(now time.Time, window time.Duration) float64 {
	ok, n429 := h.counts(now, window)
	// The 429 at hand only says the rate is at (or just above) the limit: it is not counted.
	// Too few answers say nothing.
	n429--
	if float64(ok+n429) < shareAnswers/2 || n429 <= 0 {
		return 0
	}
	return float64(n429) / float64(ok+n429)
}

// okRate is the successful sends per second over the window ending at now.
func (h *sendHistory) okRate(now time.Time, window time.Duration) float64 {
	ok, _ := h.counts(now, window)
	return float64(ok) / window.Seconds()
}

// refillRate measures the server's refill rate at a 429 of a request sent at at: a 429
// means the server's bucket was empty when the request arrived, so between the earliest
// 429 within estimateHorizon and this one the server accepted at most its refill rate
// times the span (less when it was not kept busy, so this errs low). It returns 0 when
// there is no such span of at least estimateSpan with estimateMin429 429s.
func (h *sendHistory) refillRate(at, from time.Time) float64 {
	k := histIndex(at)
	maxGap := int64(estimateMaxGap / histWidth)
	first, last := k, k
	n429, okSum := 1, 0
	stop := max(k-int64(estimateHorizon/histWidth), histIndex(from))
	for i := k - 1; i >= stop && last-i <= maxGap; i-- {
		ok, n := h.get(i)
		okSum += ok
		if n > 0 {
			n429 += n
			first, last = i, i
		}
	}
	// okSum counted down to where the walk stopped; take back the successes sent before
	// the first 429 of the span.
	for i := first - 1; i >= stop && last-i <= maxGap+1; i-- {
		ok, _ := h.get(i)
		okSum -= ok
	}
	span := time.Duration(k-first) * histWidth
	if span < estimateSpan || okSum < estimateMinOK || n429 < estimateMin429 || float64(n429) < estimateMinShare*float64(n429+okSum) {
		return 0
	}
	return float64(okSum) / span.Seconds()
}

// secondRound measures the refill rate from the answers to requests sent after the one
// sent at first (whose 429 says the bucket was empty) up to at (a 429 too): the successes
// among them over the time between. It returns 0 for fewer than estimateMinOK successes,
// fewer than estimateMin429 429s, or a span under secondRoundSpan.
func (h *sendHistory) secondRound(first, at time.Time) float64 {
	span := at.Sub(first)
	if span < secondRoundSpan || span > estimateHorizon {
		return 0
	}
	okSum, n429 := 0, 0
	for i := histIndex(first) + 1; i <= histIndex(at); i++ {
		ok, n := h.get(i)
		okSum += ok
		n429 += n
	}
	if okSum < estimateMinOK || n429 < estimateMin429 {
		return 0
	}
	return float64(okSum) / span.Seconds()
}

// sendTicket is what the limiter knows about one attempt when it is sent.
type sendTicket struct {
	at    time.Time
	rate  float64 // limiter rate at send time (+Inf when off)
	epoch uint64
	// windowed: admitted under the start window; done must be called once when answered.
	windowed bool
}

// adaptiveLimiter is the proactive limiter. It is off until the first 429 (or set by
// WithRateLimit). Then it measures the server's refill rate from what the server accepted
// between 429s, sets its rate a little under that, and probes upward gently.
type adaptiveLimiter struct {
	mu      sync.Mutex
	engaged bool    // rate is finite
	ceiling float64 // user's WithRateLimit rate, or 0 (adaptive up to maxAdaptiveRate)
	burst   int     // user's burst, or 0 (1)
	cur     float64 // current rate when engaged
	// The pacer numbers send slots: slot k is due at anchorT + (k-anchorK)/cur, and nextK
	// is the next free slot. A change of rate re-anchors the map at the time of the
	// change, so callers already waiting for a later slot move with the new rate.
	anchorT time.Time
	anchorK float64
	nextK   float64
	// lastSend is the time the pacer last admitted a request.
	lastSend time.Time
	// slowStart: engaged, but the refill rate not measured yet.
	slowStart bool
	// hitRate: the rate that drew the last decrease.
	hitRate   float64
	lastDec   time.Time     // time of the last decrease
	holdFor   time.Duration // how long the probe stays under hitRate after lastDec
	lastGrow  time.Time     // time growth was last applied
	limitedAt time.Time     // end of the last wait the limiter imposed
	epoch     uint64
	startRate float64       // the rate set when the first 429 engaged the limiter
	engagedAt time.Time     // when it did
	firstAt   time.Time     // send time of the request whose 429 engaged it
	roundRate float64       // the refill rate the second round measured (0: none)
	longestRA time.Duration // the longest Retry-After of a 429 seen
	hist      sendHistory
	// The start window (initialWindow): until the first 429, at most window requests
	// admitted by wait are unanswered (0: no window). wake is closed (and replaced) when
	// the window may have room.
	window, maxWindow, windowUsed int
	wake                          chan struct{}
}

// newAdaptiveLimiter returns a limiter at perSecond/burst, or an unlimited one when
// perSecond is 0.
func newAdaptiveLimiter(perSecond float64, burst int) *adaptiveLimiter {
	l := &adaptiveLimiter{}
	if perSecond > 0 {
		l.ceiling = perSecond
		l.burst = burst
		l.engaged = true
		l.cur = perSecond
	}
	return l
}

// startWindow makes an adaptive limiter (one not set with WithRateLimit) start with half
// of slots on the wire (at most initialWindow), growing to slots.
func (l *adaptiveLimiter) startWindow(slots int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.engaged || slots < 2 {
		return
	}
	l.window, l.maxWindow = min(slots/2, initialWindow), slots
	l.wake = make(chan struct{})
}

// setWindow sets the start window (0 retires it) and wakes its waiters. l.mu must be held.
func (l *adaptiveLimiter) setWindow(w int) {
	if w >= l.maxWindow {
		w = 0
	}
	l.window = w
	if l.wake != nil {
		close(l.wake)
		l.wake = nil
		if w > 0 {
			l.wake = make(chan struct{})
		}
	}
}

// done records that the attempt tk was answered (status 0: no answer) and lets the start
// window grow. Every ticket wait returned must be done once, whatever became of it.
func (l *adaptiveLimiter) done(tk sendTicket, status int) {
	if !tk.windowed {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.windowUsed--
	if l.window == 0 {
		return
	}
	w := l.window
	if status != 0 && status != http.StatusTooManyRequests && status < 500 {
		w++
	}
	l.setWindow(w)
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

// maxPacerSleep bounds one sleep in wait, so that a change of rate reaches callers that
// already wait within this time. minSpacing is the least gap between two admissions, as
// a share of 1/rate (with burst 1): low enough that a caller on time may follow one that
// woke late (timers wake a millisecond or so late: at 200/s that is a fifth of the
// interval, and a higher floor would lower the rate by that much), high enough that late
// callers never go out in a burst.
const (
	maxPacerSleep = 50 * time.Millisecond
	minSpacing    = 0.8
)

// slotAt returns the (fractional) slot number due at t. l.mu must be held.
func (l *adaptiveLimiter) slotAt(t time.Time) float64 {
	return l.anchorK + t.Sub(l.anchorT).Seconds()*l.cur
}

// slotTime returns when slot k is due. l.mu must be held.
func (l *adaptiveLimiter) slotTime(k float64) time.Time {
	return l.anchorT.Add(time.Duration((k - l.anchorK) / l.cur * float64(time.Second)))
}

// wait blocks until the limiter admits one request at the clock's now, sleeping with sleep,
// and returns the request's ticket (the caller sets its send time). Requests are spaced
// 1/rate apart (after an idle time, up to burst of them at once).
func (l *adaptiveLimiter) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) (sendTicket, error) {
	l.mu.Lock()
	for !l.engaged && l.window > 0 && l.windowUsed >= l.window {
		wake := l.wake
		l.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return sendTicket{}, ctx.Err()
		}
		l.mu.Lock()
	}
	if !l.engaged {
		tk := l.ticket()
		if l.window > 0 {
			tk.windowed = true
			l.windowUsed++
		}
		l.mu.Unlock()
		return tk, nil
	}
	t := now()
	if l.anchorT.IsZero() {
		l.anchorT, l.anchorK, l.nextK = t, 0, 0
	}
	k := math.Max(l.nextK, l.slotAt(t)-float64(max(l.burst, 1)-1))
	l.nextK = k + 1
	for {
		at := l.slotTime(k)
		if l.burst <= 1 {
			// Callers that woke late must not go out together: keep most of the spacing
			// (not all of it, so that late wake-ups do not lower the rate).
			if sp := l.lastSend.Add(time.Duration(minSpacing * float64(time.Second) / l.cur)); sp.After(at) {
				at = sp
			}
		}
		if !l.engaged || !at.After(t) {
			l.lastSend = t
			tk := l.ticket()
			l.mu.Unlock()
			return tk, nil
		}
		l.limitedAt = at
		l.mu.Unlock()
		if err := sleep(ctx, min(at.Sub(t), maxPacerSleep)); err != nil {
			return sendTicket{}, err
		}
		l.mu.Lock()
		t = now()
	}
}

// ticket returns the ticket of a request admitted now (the caller sets its send time).
// l.mu must be held.
func (l *adaptiveLimiter) ticket() sendTicket {
	if !l.engaged {
		return sendTicket{rate: math.Inf(1), epoch: l.epoch}
	}
	return sendTicket{rate: l.cur, epoch: l.epoch}
}

// succeeded records a 2xx of the attempt tk and lets an engaged rate grow.
func (l *adaptiveLimiter) succeeded(tk sendTicket, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hist.add(tk.at, true)
	if l.engaged {
		l.grow(now)
	}
}

// grow raises the rate for the time since the last call, if the limiter held requests
// back meanwhile. l.mu must be held.
func (l *adaptiveLimiter) grow(now time.Time) {
	// Growth is for time spent limited: after an idle spell (no answers) it counts at most
	// limitedRecently, or two intervals at a low rate (where answers come that far apart
	// although the limiter holds requests back all the time).
	dt := min(now.Sub(l.lastGrow), max(limitedRecently, time.Duration(2/l.cur*float64(time.Second))))
	l.lastGrow = now
	if dt <= 0 || now.Sub(l.limitedAt) > limitedRecently {
		return
	}
	if l.ceiling > 0 && l.cur >= l.ceiling {
		return
	}
	var next float64
	if l.slowStart {
		period := slowStartPeriod
		if l.startRate <= minEvidence {
			period = blindStartPeriod
		}
		next = l.cur * math.Exp(dt.Seconds()/period.Seconds()*math.Log(slowStartGrowth))
	} else {
		// The probe speeds up the longer it goes without a 429 (a measurement may have
		// erred low, or another client of the same limit may have left).
		g := probeGrowth
		quiet := now.Sub(l.lastDec)
		if l.hitRate > 0 && quiet >= l.holdFor {
			// Past the rate that drew the last 429 the probe starts over: the quiet time
			// under that cap said nothing about the room above it.
			quiet -= l.holdFor
		}
		for p := probeQuietPeriod; p <= quiet && g < probeMaxGrowth; p += probeQuietPeriod {
			g *= 2
		}
		next = l.cur * math.Exp(math.Min(g, probeMaxGrowth)*dt.Seconds())
	}
	// Never run far ahead of what was actually sent: growth needs evidence.
	window := max(growthWindow, time.Duration(evidenceSends/l.cur*float64(time.Second)))
	factor := growthEvidence
	if !l.slowStart {
		window, factor = max(window, probeEvidenceWindow), probeEvidence
	}
	if capRate := factor * math.Max(l.hist.sentRate(now, window), minEvidence); next > capRate {
		next = math.Max(l.cur, capRate)
	}
	if !l.slowStart && l.hitRate > 0 && now.Sub(l.lastDec) < l.holdFor {
		// Do not probe right back to the rate that drew the last 429.
		next = math.Min(next, math.Max(l.cur, hitMargin*l.hitRate))
	}
	if l.ceiling > 0 {
		next = math.Min(next, l.ceiling)
	} else if next >= maxAdaptiveRate {
		l.engaged = false
		return
	}
	if next != l.cur {
		l.setRate(now, next)
	}
}

// retryAfter records the Retry-After of a 429 (before throttled is called for it).
func (l *adaptiveLimiter) retryAfter(d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.longestRA = max(l.longestRA, d)
}

// hold is how long after a decrease (not an isolated 429) the probe stays under the rate
// that drew it. l.mu must be held.
func (l *adaptiveLimiter) hold() time.Duration {
	return max(hitMemory, hitRetryAfters*l.longestRA)
}

// isolated reports whether a 429 of a request sent at at, at rate base, is isolated: at
// most one other 429, or at most isolatedShare of 429s, among the answers to the sends of
// the isolatedWindow before it (at least isolatedAnswers sends long). l.mu must be held.
func (l *adaptiveLimiter) isolated(at time.Time, base float64) bool {
	window := min(max(isolatedWindow, time.Duration(isolatedAnswers/base*float64(time.Second))), estimateHorizon)
	ok, n429 := l.hist.counts(at, window)
	others := n429 - 1
	return others <= 1 || float64(others) <= isolatedShare*float64(ok+others)
}

// throttled records a 429 of the attempt tk and reports whether it changed the rate. The
// first 429 engages a limiter that was off, at startShare of the rate of successes in the
// last second, in slow start; a 429 of a second round sent before that may raise it to
// underEstimate of the refill rate the round measured (secondRound). Later it lowers the
// rate at most once per epoch (a 429 of a request admitted before the last decrease does
// not count again): to underEstimate of the server's refill rate when a span of 429s
// measures it (refillRate; not under half the next estimate), else to underEstimate of
// what the server accepted of late: the rate sent x (1 - share of 429s). An isolated 429
// cuts at most maxCut; no decrease raises the rate.
func (l *adaptiveLimiter) throttled(tk sendTicket, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hist.add(tk.at, false)
	if !l.engaged {
		// Only an adaptive limiter (no ceiling) is ever off.
		r := l.hist.okRate(tk.at, time.Second)
		l.engaged = true
		l.slowStart = true
		l.epoch++
		l.lastDec, l.lastGrow = now, now
		l.cur = 0
		l.startRate = math.Max(r*startShare, minEvidence)
		l.engagedAt = now
		l.firstAt = tk.at
		l.setRate(now, l.startRate)
		l.setWindow(0)
		// The first wave has just emptied the server's bucket: the first slot is one
		// interval away, so that a caller whose request succeeded does not meet the empty
		// bucket at once (and wait a Retry-After).
		l.nextK = 1
		return true
	}
	if l.slowStart && tk.epoch == 0 && l.epoch == 1 {
		// A second round sent before the limiter engaged, after the first wave had
		// emptied the server's bucket: what it accepted is the refill since. The round
		// may have been sent over a while, so this can err low: slow start goes on.
		if m := l.hist.secondRound(l.firstAt, tk.at); m > 0 && underEstimate*m > l.cur {
			l.roundRate = math.Max(l.roundRate, m)
			l.lastGrow = now
			l.setRate(now, underEstimate*m)
			return true
		}
		return false
	}
	if tk.epoch != l.epoch || (l.slowStart && tk.rate <= l.startRate) {
		// Already lowered for this one; or, in slow start, a 429 at the starting rate: the
		// first wave emptied the server's bucket, which says nothing new.
		return false
	}
	base := math.Min(tk.rate, l.cur)
	// The server accepted about base x (1 - share of 429s) of late: go a little under that.
	// Sends before the limiter engaged (the first wave) do not count.
	window := min(max(shareWindow, time.Duration(shareAnswers/base*float64(time.Second))), estimateHorizon, tk.at.Sub(l.engagedAt))
	next := base * underEstimate * (1 - l.hist.share429(tk.at, window))
	// Sends before the limiter engaged (the first wave, which met the server's burst) are
	// no measure of its refill rate.
	if m := l.hist.refillRate(tk.at, l.engagedAt.Add(histWidth)); m > 0 {
		// A measurement from a few answers can err far low: it may not go under half
		// of the estimate from the share of 429s.
		next = math.Max(underEstimate*m, next/2)
	}
	if l.slowStart && l.roundRate > 0 {
		// Slow start grew past the refill rate the second round measured, on the burst the
		// server had saved meanwhile: the first 429 after it says that burst is gone, and
		// the measurement is the better estimate (not under half the rate that drew it).
		next = math.Min(next, math.Max(underEstimate*l.roundRate, base/2))
	}
	isolated := !l.slowStart && l.isolated(tk.at, base)
	if isolated {
		// An isolated 429 of the steady state cuts at most maxCut: with a small bucket a
		// jittered arrival is a 429 although the rate is right, and a span measured while
		// the client sent under the limit errs low.
		next = math.Max(next, (1-maxCut)*base)
	}
	// A decrease never raises the rate.
	next = math.Max(math.Min(next, base), minRate)
	if l.ceiling > 0 {
		next = math.Min(next, l.ceiling)
	}
	l.hitRate, l.holdFor = base, l.hold()
	if isolated {
		// The probe stays at the cut rate (not hitMargin under the rate that drew the 429:
		// that may be above the server's, and each step back up would draw another 429),
		// for a shorter time.
		l.hitRate = next / hitMargin
		l.holdFor = max(isolatedHold, hitRetryAfters*l.longestRA)
	}
	l.slowStart = false
	l.epoch++
	l.lastDec, l.lastGrow = now, now
	l.setRate(now, next)
	return true
}

// setRate sets the rate, re-anchoring the pacer's slots at now. l.mu must be held.
func (l *adaptiveLimiter) setRate(now time.Time, r float64) {
	if l.cur > 0 && !l.anchorT.IsZero() {
		l.anchorK = l.slotAt(now)
	} else {
		l.anchorK, l.nextK = 0, 0
	}
	l.anchorT = now
	l.cur = r
}
