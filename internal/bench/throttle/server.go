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
	rate       float64
	burst      float64
	latency    time.Duration
	retryAfter int

	mu     sync.Mutex
	tokens float64
	last   time.Time

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
	return &bucketServer{rate: rate, burst: float64(burst), latency: latency, retryAfter: retryAfter,
		tokens: float64(burst), last: time.Now()}
}

// take takes one token, or returns the whole seconds until one is available.
func (s *bucketServer) take(now time.Time) (ok bool, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.After(s.last) {
		s.tokens = math.Min(s.burst, s.tokens+now.Sub(s.last).Seconds()*s.rate)
		s.last = now
	}
	if s.tokens >= 1 {
		s.tokens--
		return true, 0
	}
	secs := int(math.Ceil((1 - s.tokens) / s.rate))
	return false, max(secs, 1)
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
