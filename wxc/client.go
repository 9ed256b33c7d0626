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
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is the SDK version, sent in the default User-Agent.
const Version = "0.1.0"

// Client talks to the Webex Calling API. It is safe for concurrent use; create one per
// token with NewClient and share it.
type Client struct {
	services

	token      string
	base       *url.URL // scheme, host and path ending in "/"
	baseStr    string   // base.String(), ends in "/"
	httpClient *http.Client
	timeout    time.Duration
	userAgent  string
	logger     *slog.Logger
	retry      RetryPolicy
	slots      chan struct{}
	gate       gate
	limiter    *adaptiveLimiter
	observe    func(*http.Response)

	// defaultOrgID is WithOrgID's value, sent as orgId unless a call overrides it.
	defaultOrgID string
	// legacyPersonTransferPath is set by WithLegacyPersonTransferNumbersPath.
	legacyPersonTransferPath bool

	// now, sleep and rand are the clock and random source; tests replace them.
	now   func() time.Time
	sleep func(context.Context, time.Duration) error
	rand  func() float64
}

// NewClient returns a client for token. It does no network I/O. An empty token or an
// invalid option is an error.
func NewClient(token string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(token) == "" {
		return nil, &ValidationError{Field: "token", Reason: "must not be empty"}
	}
	if strings.ContainsAny(token, "\r\n\x00 ") {
		return nil, &ValidationError{Field: "token", Reason: "must not contain spaces or control characters"}
	}
	cfg := clientConfig{
		baseURL:     DefaultBaseURL,
		timeout:     DefaultTimeout,
		userAgent:   "go-wxc/" + Version,
		maxInFlight: DefaultMaxInFlight,
	}
	for i, o := range opts {
		if o == nil {
			return nil, &ValidationError{Field: "option", Reason: fmt.Sprintf("option %d is nil", i)}
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	base, err := checkBaseURL(cfg.baseURL, cfg.insecureHTTP)
	if err != nil {
		return nil, err
	}
	c := &Client{
		token:                    token,
		base:                     base,
		baseStr:                  base.String(),
		timeout:                  cfg.timeout,
		userAgent:                cfg.userAgent,
		logger:                   cfg.logger,
		retry:                    cfg.retry.withDefaults(),
		slots:                    make(chan struct{}, cfg.maxInFlight),
		limiter:                  newAdaptiveLimiter(cfg.ratePerSecond, cfg.rateBurst),
		observe:                  cfg.responseObserver,
		defaultOrgID:             cfg.orgID,
		legacyPersonTransferPath: cfg.legacyTransfer,
		now:                      time.Now,
		sleep:                    realSleep,
		rand:                     rand.Float64,
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	c.httpClient = cfg.httpClient
	if c.httpClient == nil {
		c.httpClient = c.defaultHTTPClient(cfg.maxInFlight)
	}
	c.services.init(c)
	return c, nil
}

// BaseURL returns the API base URL the client sends requests to (ending in "/").
func (c *Client) BaseURL() string { return c.baseStr }

// defaultHTTPClient is a client with a transport that keeps enough idle connections for
// maxInFlight requests and refuses redirects that leave the base URL's scheme and host.
func (c *Client) defaultHTTPClient(maxInFlight int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(maxInFlight, 2)
	tr.MaxIdleConns = max(tr.MaxIdleConns, maxInFlight)
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if !c.sameOrigin(req.URL) {
				return errors.New("redirect to another host refused")
			}
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return nil
		},
	}
}

// checkBaseURL parses and checks a base URL and returns it with a path ending in "/".
func checkBaseURL(raw string, insecure bool) (*url.URL, error) {
	bad := func(reason string) error { return &ValidationError{Field: "base URL", Reason: reason} }
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, bad("cannot parse it")
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, bad(fmt.Sprintf("scheme must be https (or http for loopback), got %q", u.Scheme))
	case u.Host == "" || u.Hostname() == "":
		return nil, bad("has no host")
	case u.User != nil:
		return nil, bad("must not contain user info")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return nil, bad("must not contain a query or fragment")
	case u.Scheme == "http" && !insecure && !isLoopbackHost(u.Hostname()):
		return nil, bad(fmt.Sprintf("plain http is allowed only for loopback hosts (use https, or WithInsecureHTTP), got host %q", u.Hostname()))
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// isLoopbackHost reports whether host is localhost, 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin reports whether u has the base URL's scheme and host.
func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Host, c.base.Host)
}

// request is one API call; see ARCHITECTURE.md "Single request path".
type request struct {
	method string     // http.MethodGet, ...
	path   string     // relative to the base URL, segments escaped, no leading slash
	rawURL string     // absolute URL (pagination "next" link); must be on the base URL's host
	query  url.Values // may be nil
	body   any        // JSON-encoded when non-nil
	out    any        // JSON-decoded from a non-empty 2xx body when non-nil
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

// redacted replaces a secret in server-provided text.
const redacted = "[REDACTED]"

// redact removes the token from server-provided text. The token is the only secret the
// client knows (the one secret header it sends, Authorization, is "Bearer <token>"). A
// server can echo it into anything it sends back, so the request path redacts whatever of
// a response can reach an error, a log line or the caller's files: every response header
// value, in place before anyone reads it (attempt: tracking ID, Link, Retry-After, the
// response observer), the decoded error body (newAPIError: message, details, tracking
// ID) and the text of transport and decode errors (redactErr).
func (c *Client) redact(s string) string {
	if c.token == "" || !strings.Contains(s, c.token) {
		return s
	}
	return strings.ReplaceAll(s, c.token, redacted)
}

// redactHeader redacts every value of h in place.
func (c *Client) redactHeader(h http.Header) {
	for _, vs := range h {
		for i, v := range vs {
			vs[i] = c.redact(v)
		}
	}
}

// redactErr returns err unchanged, or, when its text carries the token (a transport error
// quoting a malformed response line, say), an error with the redacted text that still
// wraps err for errors.Is and errors.As.
func (c *Client) redactErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if r := c.redact(msg); r != msg {
		return &redactedError{msg: r, err: err}
	}
	return err
}

// redactedError is an error whose text had the token removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

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
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		if err := c.admit(ctx); err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.method, path, err)
		}
		epoch := c.limiter.currentEpoch()
		start := c.now()
		res, err := c.attempt(ctx, r.method, u, body, trackingID)
		<-c.slots
		dur := c.now().Sub(start)

		var lastErr error
		var delay time.Duration
		var retry bool
		status := 0
		respTracking := trackingID
		if err != nil {
			if ctxErr := ctx.Err(); ctxErr != nil {
				c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, 0, attempt, dur, trackingID, ctxErr)
				return nil, fmt.Errorf("%s %s: %w", r.method, path, ctxErr)
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
				c.limiter.succeeded(c.now())
				c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, status, attempt, dur, respTracking, nil)
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
				now := c.now()
				c.gate.closeUntil(now.Add(delay))
				c.limiter.throttled(epoch, now)
			}
			lastErr = apiErr
			retry = retryableStatus(status, r.method)
		}
		c.logAttempt(ctx, slog.LevelDebug, "wxc request", r.method, path, status, attempt, dur, respTracking, lastErr)
		if !retry || attempt >= c.retry.MaxAttempts || waited+delay > c.retry.MaxWait {
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
		if err := c.sleep(ctx, delay); err != nil {
			return nil, fmt.Errorf("%s %s: waiting to retry after %v: %w", r.method, path, lastErr, err)
		}
		waited += delay
	}
}

// admit waits for the 429 gate, the proactive limiter and a concurrency slot, in that
// order, and returns holding a slot. It starts over when the gate closed meanwhile.
func (c *Client) admit(ctx context.Context) error {
	for {
		if d := c.gate.wait(c.now()); d > 0 {
			if err := c.sleep(ctx, d); err != nil {
				return err
			}
			continue
		}
		if err := c.limiter.wait(ctx, c.now, c.sleep); err != nil {
			return err
		}
		if c.gate.wait(c.now()) > 0 {
			continue
		}
		select {
		case c.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		if c.gate.wait(c.now()) > 0 {
			<-c.slots
			continue
		}
		return nil
	}
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
