package wxc

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The single request path: every API call goes through do, which alone retries, limits,
// logs, decodes and redacts, and which alone gives errors their "METHOD /path: " prefix
// (the services add no text of their own).

// request is one API call; see ARCHITECTURE.md "Single request path".
type request struct {
	method string     // http.MethodGet, ...
	path   string     // relative to the base URL, segments escaped, no leading slash
	rawURL string     // absolute URL (pagination "next" link); must be on the base URL's host
	query  url.Values // may be nil
	body   any        // JSON-encoded when non-nil
	out    any        // JSON-decoded from a non-empty 2xx body when non-nil; then checked when a responseChecker
}

// responseChecker is a request.out that knows what a usable 2xx answer must hold (the
// created digit pattern's ID, say). do calls checkResponse after decoding, also after an
// empty body, and returns its error as it returns the others: "METHOD /path: ...".
type responseChecker interface {
	checkResponse() error
}

// requestURL builds the URL of r and checks it stays on the base URL's scheme and host.
func (c *Client) requestURL(r *request) (*url.URL, error) {
	if r.rawURL != "" {
		u, err := url.Parse(r.rawURL)
		if err != nil {
			return nil, &ValidationError{Field: "URL", Reason: "cannot parse the next-page URL"}
		}
		if !u.IsAbs() || !c.sameOrigin(u) || u.User != nil {
			return nil, &ValidationError{Field: "URL", Reason: fmt.Sprintf("next-page URL is not on the base URL's host %s://%s; refusing to send the token there", c.base.Scheme, c.base.Host)}
		}
		u.Fragment, u.RawFragment = "", ""
		return u, nil
	}
	if strings.HasPrefix(r.path, "/") || strings.ContainsAny(r.path, "?#") || strings.Contains(r.path, "://") {
		return nil, &ValidationError{Field: "path", Reason: fmt.Sprintf("must be relative to the base URL, without query: %q", r.path)}
	}
	for seg := range strings.SplitSeq(r.path, "/") {
		if seg == ".." || seg == "." {
			return nil, &ValidationError{Field: "path", Reason: fmt.Sprintf("must not contain dot segments: %q", r.path)}
		}
	}
	u, err := url.Parse(c.baseStr + r.path)
	if err != nil {
		return nil, &ValidationError{Field: "path", Reason: fmt.Sprintf("cannot parse %q", r.path)}
	}
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	return u, nil
}

// newTrackingID returns "GOWXC_" plus a random UUID-shaped string.
func newTrackingID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := rand.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [6 + 36]byte
	copy(s[:], "GOWXC_")
	hex.Encode(s[6:14], b[0:4])
	s[14] = '-'
	hex.Encode(s[15:19], b[4:6])
	s[19] = '-'
	hex.Encode(s[20:24], b[6:8])
	s[24] = '-'
	hex.Encode(s[25:29], b[8:10])
	s[29] = '-'
	hex.Encode(s[30:], b[10:16])
	return string(s[:])
}

// attemptResult is what one attempt returns.
type attemptResult struct {
	status    int
	header    http.Header
	body      []byte
	truncated bool
	resp      *http.Response
}

// do sends r with retries, rate limiting and concurrency slots. It returns the final
// response (body drained and closed; headers usable), or an error: *APIError for a non-2xx
// answer, *ValidationError for bad arguments, the wrapped ctx.Err() when ctx is done.
func (c *Client) do(ctx context.Context, r *request) (*http.Response, error) {
	if c == nil {
		return nil, &ValidationError{Field: "client", Reason: "nil *Client; create one with NewClient"}
	}
	if ctx == nil {
		return nil, &ValidationError{Field: "ctx", Reason: "nil context"}
	}
	if r == nil {
		return nil, &ValidationError{Field: "request", Reason: "nil"}
	}
	switch r.method {
	case http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodHead, http.MethodPatch:
	default:
		return nil, &ValidationError{Field: "method", Reason: fmt.Sprintf("unsupported HTTP method %q", r.method)}
	}
	u, err := c.requestURL(r)
	if err != nil {
		return nil, err
	}
	path := u.EscapedPath()
	var body []byte
	if r.body != nil {
		if body, err = json.Marshal(r.body); err != nil {
			return nil, fmt.Errorf("%s %s: encode request body: %w", r.method, path, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.method, path, err)
	}
	trackingID := newTrackingID()
	c.stats.request()
	var waited, backoff time.Duration // backoff: the sleep before this attempt
	for attempt := 1; ; attempt++ {
		ticket, gateWait, err := c.admit(ctx)
		if err != nil {
			c.stats.gateWaited(gateWait)
			return nil, fmt.Errorf("%s %s: %w", r.method, path, err)
		}
		note := func(status int, netErr bool, err error, dur time.Duration, retry bool) {
			c.stats.attempt(status, netErr, gateWait)
			if c.observeAttempt != nil {
				c.observeAttempt(AttemptInfo{Method: r.method, Path: path, Attempt: attempt, StatusCode: status,
					Err: err, Duration: dur, Wait: backoff + gateWait, Retry: retry})
			}
		}
		start := c.now()
		ticket.at = start
		res, err := c.attempt(ctx, r.method, u, body, trackingID)
		<-c.slots
		dur := c.now().Sub(start)
		if err == nil {
			c.limiter.done(ticket, res.status)
		} else {
			c.limiter.done(ticket, 0)
		}

		var lastErr error
		var delay time.Duration
		var retry bool
		status := 0
		respTracking := trackingID
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, 0, attempt, dur, trackingID, ctxErr)
				err := fmt.Errorf("%s %s: %w", r.method, path, ctxErr)
				note(0, false, err, dur, false)
				return nil, err
			}
			lastErr = fmt.Errorf("%s %s: %w", r.method, path, c.redactErr(unwrapURLError(err)))
			retry = idempotent(r.method) && temporaryNetError(err)
			delay = c.retry.backoff(attempt, c.rand)
		} else {
			status = res.status
			if h := res.header.Get("Trackingid"); h != "" {
				respTracking = h
			}
			if status >= 200 && status <= 299 {
				c.limiter.succeeded(ticket, c.now())
				c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, status, attempt, dur, respTracking, nil)
				note(status, false, nil, dur, false)
				return c.finish(r, path, res)
			}
			apiErr := newAPIError(status, r.method, path, res.body, res.truncated, respTracking, c.redact)
			ra, raOK := parseRetryAfter(res.header.Get("Retry-After"), c.now())
			if raOK {
				apiErr.RetryAfter = ra
				delay = ra
			} else {
				delay = c.retry.backoff(attempt, c.rand)
			}
			if status == http.StatusTooManyRequests {
				// A 429 delays only its own request (by Retry-After, below); the limiter
				// learns from it and paces the others.
				if raOK {
					c.limiter.retryAfter(ra)
				}
				c.limiter.throttled(ticket, c.now())
			}
			lastErr = apiErr
			retry = retryableStatus(status, r.method)
		}
		c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, status, attempt, dur, respTracking, lastErr)
		final := !retry || attempt >= c.retry.MaxAttempts || waited+delay > c.retry.MaxWait
		note(status, status == 0, lastErr, dur, !final)
		if final {
			if res != nil && c.observe != nil {
				c.observe(res.resp)
			}
			return nil, lastErr
		}
		c.logger.LogAttrs(ctx, slog.LevelWarn, "wxc retry",
			slog.String("method", r.method),
			slog.String("path", path),
			slog.Int("status", status),
			slog.Int("attempt", attempt),
			slog.Duration("duration", dur),
			slog.String("tracking_id", respTracking),
			slog.Duration("wait", delay),
			slog.String("error", lastErr.Error()),
		)
		sleepStart := c.now()
		err = c.sleep(ctx, delay)
		backoff = c.now().Sub(sleepStart)
		c.stats.backoff(backoff)
		if err != nil {
			return nil, fmt.Errorf("%s %s: waiting to retry after %v: %w", r.method, path, lastErr, err)
		}
		waited += delay
	}
}

// admit waits for the proactive limiter and then a concurrency slot, and returns holding
// a slot, with the limiter's ticket for the attempt. It returns the time slept at the
// limiter (Stats.GateWait), also with an error.
func (c *Client) admit(ctx context.Context) (sendTicket, time.Duration, error) {
	var slept time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		start := c.now()
		err := c.sleep(ctx, d)
		slept += c.now().Sub(start)
		return err
	}
	tk, err := c.limiter.wait(ctx, c.now, sleep)
	if err != nil {
		return sendTicket{}, slept, err
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		c.limiter.done(tk, 0)
		return sendTicket{}, slept, ctx.Err()
	}
	return tk, slept, nil
}

// attempt sends one HTTP request and reads the response body (all of a 2xx body, at most
// maxErrorBody of another) under the per-attempt timeout.
func (c *Client) attempt(ctx context.Context, method string, u *url.URL, body []byte, trackingID string) (*attemptResult, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	req.Header["Authorization"] = []string{"Bearer " + c.token}
	req.Header["Accept"] = []string{"application/json"}
	req.Header["User-Agent"] = []string{c.userAgent}
	req.Header["Trackingid"] = []string{trackingID}
	if body != nil {
		req.Header["Content-Type"] = []string{"application/json"}
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	c.redactHeader(resp.Header)
	res := &attemptResult{status: resp.StatusCode, header: resp.Header, resp: resp}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		if res.body, err = io.ReadAll(resp.Body); err != nil {
			return nil, fmt.Errorf("read response body: %w", err)
		}
	} else {
		res.body, err = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+1))
		if err != nil && len(res.body) == 0 {
			return nil, fmt.Errorf("read error body: %w", err)
		}
		if len(res.body) > maxErrorBody {
			res.body = res.body[:maxErrorBody]
			res.truncated = true
		}
		// Drain a little more so the connection can be reused; give up on huge bodies.
		_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	}
	resp.Body = http.NoBody
	return res, nil
}

// finish decodes a 2xx body into r.out and returns the response.
func (c *Client) finish(r *request, path string, res *attemptResult) (*http.Response, error) {
	if c.observe != nil {
		c.observe(res.resp)
	}
	if r.out != nil && len(bytes.TrimSpace(res.body)) > 0 {
		if err := json.Unmarshal(res.body, r.out); err != nil {
			return res.resp, fmt.Errorf("%s %s: decode response: %w", r.method, path, c.redactErr(err))
		}
	}
	if rc, ok := r.out.(responseChecker); ok {
		if err := rc.checkResponse(); err != nil {
			return res.resp, fmt.Errorf("%s %s: %w", r.method, path, err)
		}
	}
	return res.resp, nil
}

// logAttempt logs one attempt at level with the stable keys.
func (c *Client) logAttempt(ctx context.Context, level slog.Level, msg, method, path string, status, attempt int, dur time.Duration, trackingID string, err error) {
	if !c.logger.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", dur),
		slog.String("tracking_id", trackingID),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, level, msg, attrs...)
}

// unwrapURLError drops *url.Error's "Get <url>:" prefix, so errors carry the path only
// (the caller adds method and path).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
