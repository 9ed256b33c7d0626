package wxc

import (
	"maps"
	"sync"
	"time"
)

// Stats is a snapshot of a client's request counters since NewClient, returned by
// (*Client).Stats. Every count is taken in the single request path, so it covers every
// service method and every page of a list.
type Stats struct {
	// Requests is the number of calls (one per service call or list page), retries not
	// counted. Calls refused before any I/O (a *ValidationError) are not counted.
	Requests int64
	// Attempts is the number of HTTP attempts: Requests plus retries.
	Attempts int64
	// ByStatus counts the answers of all attempts by HTTP status code (retried ones too).
	ByStatus map[int]int64
	// RateLimited is the number of 429 answers (also in ByStatus[429]).
	RateLimited int64
	// NetworkErrors is the number of attempts that got no answer (transport errors and
	// per-attempt timeouts; not the caller's cancelled context).
	NetworkErrors int64
	// GateWait is the time spent waiting to be admitted by the adaptive rate limiter
	// (see the package doc, "Retries and rate limits"), summed over requests: with
	// concurrent requests it can exceed the wall time. Waiting for a concurrency slot
	// (WithMaxInFlight) is not counted.
	GateWait time.Duration
	// BackoffWait is the time spent sleeping between attempts (retry backoff or
	// Retry-After), summed over requests like GateWait.
	BackoffWait time.Duration
}

// Retries returns Attempts - Requests, the number of attempts that were retries.
func (s Stats) Retries() int64 { return s.Attempts - s.Requests }

// AttemptInfo describes one HTTP attempt of a call, given to the observer of
// WithAttemptObserver.
type AttemptInfo struct {
	Method string // http.MethodGet, ...
	// Path is the escaped URL path of the request, without query string or host (the same
	// path errors and log lines name). Never holds the token.
	Path string
	// Attempt is 1 for the first attempt of a call, 2 for its first retry, ...
	Attempt int
	// StatusCode is the HTTP status of the answer; 0 when there was none (then Err is set).
	StatusCode int
	// Err is nil for a 2xx answer, else the attempt's error: an *APIError for a non-2xx
	// answer, or the (redacted) transport or context error.
	Err error
	// Duration is the time from sending the request to reading the response body.
	Duration time.Duration
	// Wait is the time this attempt waited before being sent: the backoff after the
	// previous attempt plus the time waiting at the rate limiting (see Stats.GateWait).
	Wait time.Duration
	// Retry reports whether the call will retry after this attempt.
	Retry bool
}

// Stats returns a snapshot of the client's request counters. It is safe for concurrent
// use, also while requests run.
func (c *Client) Stats() Stats {
	if c == nil {
		return Stats{ByStatus: map[int]int64{}}
	}
	return c.stats.snapshot()
}

// statsCounter holds the counters behind Stats.
type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

func (sc *statsCounter) snapshot() Stats {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	s := sc.s
	s.ByStatus = maps.Clone(sc.s.ByStatus)
	if s.ByStatus == nil {
		s.ByStatus = map[int]int64{}
	}
	return s
}

func (sc *statsCounter) request() {
	sc.mu.Lock()
	sc.s.Requests++
	sc.mu.Unlock()
}

// attempt counts one attempt: status 0 means no answer; netErr whether that was a
// network error (not the caller's context).
func (sc *statsCounter) attempt(status int, netErr bool, gateWait time.Duration) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.s.Attempts++
	sc.s.GateWait += gateWait
	switch {
	case status != 0:
		if sc.s.ByStatus == nil {
			sc.s.ByStatus = make(map[int]int64)
		}
		sc.s.ByStatus[status]++
		if status == 429 {
			sc.s.RateLimited++
		}
	case netErr:
		sc.s.NetworkErrors++
	}
}

// gateWaited adds gate wait that did not end in an attempt (the context ended).
func (sc *statsCounter) gateWaited(d time.Duration) {
	sc.mu.Lock()
	sc.s.GateWait += d
	sc.mu.Unlock()
}

func (sc *statsCounter) backoff(d time.Duration) {
	sc.mu.Lock()
	sc.s.BackoffWait += d
	sc.mu.Unlock()
}
