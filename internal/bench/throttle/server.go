package main

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// bucketServer answers every GET with a small JSON object, admitted by a token bucket
// (rate per second, capacity burst). An empty bucket gives 429 with Retry-After: the whole
// seconds until a token is back (at least 1) when retryAfter is raAuto, no header when it
// is raAbsent, else retryAfter seconds. Every answer, 429s included, takes latency.
type bucketServer struct {
	latency    time.Duration
	retryAfter int

	mu     sync.Mutex
	bucket tokenBucket

	total     atomic.Int64
	ok        atomic.Int64
	throttled atomic.Int64
}

// Special values of bucketServer.retryAfter.
const (
	raAuto   = -1 // seconds until a token is back, at least 1
	raAbsent = 0  // no Retry-After header
)

func newBucketServer(rate float64, burst int, latency time.Duration, retryAfter int) *bucketServer {
	return &bucketServer{latency: latency, retryAfter: retryAfter, bucket: newTokenBucket(rate, burst)}
}

// tokenBucket holds up to burst tokens, refilled continuously at rate per second. It
// starts full. The server admits with one; the oracle (oracle.go) keeps a copy.
type tokenBucket struct {
	rate, burst, tokens float64
	last                time.Time
}

func newTokenBucket(rate float64, burst int) tokenBucket {
	return tokenBucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: time.Now()}
}

// take refills the bucket up to now and takes a token if there is one; if not, it returns
// how long until there is.
func (b *tokenBucket) take(now time.Time) (ok bool, wait time.Duration) {
	if now.After(b.last) {
		b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// take takes one token, or returns the whole seconds until one is available.
func (s *bucketServer) take(now time.Time) (ok bool, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ok, wait := s.bucket.take(now)
	if ok {
		return true, 0
	}
	return false, max(int(math.Ceil(wait.Seconds())), 1)
}

func (s *bucketServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.total.Add(1)
	ok, retryAfter := s.take(time.Now())
	if s.latency > 0 {
		t := time.NewTimer(s.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		s.throttled.Add(1)
		switch {
		case s.retryAfter == raAuto:
			w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		case s.retryAfter > 0:
			w.Header().Set("Retry-After", strconv.Itoa(s.retryAfter))
		}
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"message":"Too Many Requests","errors":[{"description":"rate limited"}],"trackingId":"BENCH"}`))
		return
	}
	s.ok.Add(1)
	_, _ = w.Write([]byte(`{"id":"` + r.PathValue("id") + `","displayName":"Bench Person","emails":["bench@example.com"]}`))
}
