package wxc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy says how often and how long the client retries a request. Zero fields take
// the defaults (5 attempts, 2 minutes total wait, 500ms base delay, 30s max delay).
type RetryPolicy struct {
	// MaxAttempts caps the attempts per call, the first one included. 1 disables retries.
	MaxAttempts int
	// MaxWait caps the total time one call spends waiting between attempts. A Retry-After
	// that would go past it ends the retries with the last error.
	MaxWait time.Duration
	// BaseDelay is the backoff cap of the first retry; it doubles per retry up to MaxDelay.
	// The actual delay is drawn uniformly from [0, cap) ("full jitter").
	BaseDelay time.Duration
	// MaxDelay caps one backoff delay (not a server's Retry-After).
	MaxDelay time.Duration
}

// Default retry policy values.
const (
	// DefaultMaxAttempts is the default RetryPolicy.MaxAttempts.
	DefaultMaxAttempts = 5
	// DefaultMaxWait is the default RetryPolicy.MaxWait.
	DefaultMaxWait = 2 * time.Minute
	// DefaultBaseDelay is the default RetryPolicy.BaseDelay.
	DefaultBaseDelay = 500 * time.Millisecond
	// DefaultMaxDelay is the default RetryPolicy.MaxDelay.
	DefaultMaxDelay = 30 * time.Second
)

// validate reports negative values and a base delay above the max delay.
func (p RetryPolicy) validate() error {
	switch {
	case p.MaxAttempts < 0:
		return &ValidationError{Field: "retry policy MaxAttempts", Reason: fmt.Sprintf("must not be negative, got %d", p.MaxAttempts)}
	case p.MaxWait < 0:
		return &ValidationError{Field: "retry policy MaxWait", Reason: fmt.Sprintf("must not be negative, got %v", p.MaxWait)}
	case p.BaseDelay < 0:
		return &ValidationError{Field: "retry policy BaseDelay", Reason: fmt.Sprintf("must not be negative, got %v", p.BaseDelay)}
	case p.MaxDelay < 0:
		return &ValidationError{Field: "retry policy MaxDelay", Reason: fmt.Sprintf("must not be negative, got %v", p.MaxDelay)}
	}
	q := p.withDefaults()
	if q.BaseDelay > q.MaxDelay {
		return &ValidationError{Field: "retry policy", Reason: fmt.Sprintf("BaseDelay %v is above MaxDelay %v", q.BaseDelay, q.MaxDelay)}
	}
	return nil
}

// withDefaults fills zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts == 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.MaxWait == 0 {
		p.MaxWait = DefaultMaxWait
	}
	if p.BaseDelay == 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	return p
}

// backoff returns the full-jitter delay before retry number retry (1 = first retry):
// uniform in [0, min(MaxDelay, BaseDelay*2^(retry-1))). rnd returns a value in [0, 1).
func (p RetryPolicy) backoff(retry int, rnd func() float64) time.Duration {
	limit := p.BaseDelay
	for i := 1; i < retry && limit < p.MaxDelay; i++ {
		limit *= 2
	}
	if limit > p.MaxDelay {
		limit = p.MaxDelay
	}
	f := rnd()
	if f < 0 || f >= 1 {
		f = 0
	}
	return time.Duration(f * float64(limit))
}

// maxRetryAfter bounds a parsed Retry-After so that arithmetic on it cannot overflow.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After value: whole seconds or an HTTP date. ok is false
// for anything else (Webex has sent "rand(30),add(30)"); callers then fall back to backoff.
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return maxRetryAfter, true
			}
			return 0, false
		}
		if n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d = t.Sub(now)
	if d < 0 {
		d = 0
	}
	if d > maxRetryAfter {
		d = maxRetryAfter
	}
	return d, true
}

// idempotent reports whether a failed request of this method may be sent again after a
// transient 5xx or a network error: sending it twice has the effect of sending it once.
// POST (which creates access codes and digit patterns) and PATCH are not: the server may
// have acted before it failed, so they are retried only on 429, which Webex answers
// before doing anything.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// retryableStatus reports whether a response status may be retried for method: 429 for
// every method, and the transient server errors 500, 502, 503 and 504 for idempotent
// ones (Webex, like the emulator's fault mix, answers a passing fault with a plain 500).
// Other statuses are final: 501 and 505 say the server will never support the request,
// other 5xx (507, 508, 511, ...) are not passing faults, and a 4xx other than 429 is an
// answer to the request itself.
func retryableStatus(status int, method string) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent(method)
	}
	return false
}

// temporaryNetError reports whether a transport error is worth retrying (connection reset
// or refused, timeouts, early EOF). Certificate and protocol errors are not.
func temporaryNetError(err error) bool {
	if err == nil {
		return false
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}

// realSleep waits d or until ctx is done.
func realSleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
