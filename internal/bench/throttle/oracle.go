package main

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

// The oracle is the best any client could do in a cell: it knows the server's rate and
// bucket, keeps a copy of the server's token bucket (refilled at rate / spacing, starting
// full, as the server's does), and sends each request when its copy has a token, timed to
// the microsecond by spinning through the last two milliseconds of each wait (the SDK
// sleeps; Go's timers wake a millisecond or two late). A 429 (which only arrival jitter
// between the client's clock and the server's causes) waits its Retry-After (0.5 s when
// absent, as the SDK's first backoff) and goes back through the pacer. Sweeping spacing
// over a cell (-frontier) shows what the loopback's own jitter costs: the least wall time
// any client reaches for a given number of 429s.

// oraclePacer is the oracle's copy of the server's token bucket.
type oraclePacer struct {
	mu     sync.Mutex
	bucket tokenBucket
}

func newOraclePacer(rate float64, burst int) *oraclePacer {
	return &oraclePacer{bucket: newTokenBucket(rate, burst)}
}

// acquire waits until the copy has a token and takes it. One caller waits at a time (the
// others queue on the lock), and the token is taken at the time the request really goes:
// a wake-up that came late never makes the next gap short.
func (p *oraclePacer) acquire(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		now := time.Now()
		ok, wait := p.bucket.take(now)
		if ok {
			return nil
		}
		if err := sleepUntil(ctx, now.Add(wait)); err != nil {
			return err
		}
	}
}

// sleepUntil waits until t: a timer for all but the last 2 ms, then spinning.
func sleepUntil(ctx context.Context, t time.Time) error {
	for {
		d := time.Until(t)
		if d <= 0 {
			return nil
		}
		if d > 2*time.Millisecond {
			tm := time.NewTimer(d - 2*time.Millisecond)
			select {
			case <-ctx.Done():
				tm.Stop()
				return ctx.Err()
			case <-tm.C:
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		runtime.Gosched()
	}
}

// oracleGet returns the oracle's GET for cfg (spacing: the pacer runs at rate / spacing).
func oracleGet(baseURL string, cfg config) func(context.Context, int) error {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.InFlight, MaxConnsPerHost: cfg.InFlight}}
	p := newOraclePacer(cfg.Rate/cfg.Spacing, cfg.Burst)
	return func(ctx context.Context, i int) error {
		for attempt := 0; attempt < 1000; attempt++ {
			if err := p.acquire(ctx); err != nil {
				return err
			}
			status, ra, err := plainGet(ctx, hc, baseURL, i)
			if err != nil || status != http.StatusTooManyRequests {
				return err
			}
			wait := wxc.DefaultBaseDelay
			if n, err := strconv.Atoi(ra); err == nil {
				wait = time.Duration(n) * time.Second
			}
			if err := sleepUntil(ctx, time.Now().Add(wait)); err != nil {
				return err
			}
		}
		return errors.New("gave up after 1000 attempts")
	}
}
