package wxc

import (
	"context"
	"errors"
	"fmt"
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
//
// Its exported fields are the services of the list and directory APIs (and wxc_sdk's
// location access-code API). The outgoing-permission categories, which exist per entity
// kind, are reached with OutgoingPermissions(kind): the returned service reads and
// configures the call-type permissions, and its fields TransferNumbers, AccessCodes and
// DigitPatterns manage the other categories of the same kind.
type Client struct {
	// People lists and reads people (GET people, GET people/{personId}).
	People *PeopleService
	// Workspaces lists workspaces (GET workspaces).
	Workspaces *WorkspacesService
	// Locations lists locations (GET locations, GET telephony/config/locations).
	Locations *LocationsService
	// VirtualLines lists virtual lines (GET telephony/config/virtualLines).
	VirtualLines *VirtualLinesService
	// LocationAccessCodes manages a location's access codes with wxc_sdk's method set
	// (several codes per create). OutgoingPermissions(Location).AccessCodes reaches the
	// same API with the per-entity method set.
	LocationAccessCodes *LocationAccessCodesService
	// Organizations lists and reads organizations (GET organizations, GET organizations/{orgId}).
	Organizations *OrganizationsService
	// CallRouting tests call routing (POST telephony/config/actions/testCallRouting/invoke).
	CallRouting *CallRoutingService

	// The per-kind services (outgoing permissions, transfer numbers, access codes, digit
	// patterns) are reached with the OutgoingPermissions method.
	outgoing map[EntityKind]*OutgoingPermissionsService

	token          string
	base           *url.URL // scheme, host and path ending in "/"
	baseStr        string   // base.String(), ends in "/"
	httpClient     *http.Client
	timeout        time.Duration
	userAgent      string
	logger         *slog.Logger
	retry          RetryPolicy
	slots          chan struct{}
	limiter        *adaptiveLimiter
	observe        func(*http.Response)
	observeAttempt func(AttemptInfo)
	stats          statsCounter

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
		observeAttempt:           cfg.attemptObserver,
		defaultOrgID:             cfg.orgID,
		legacyPersonTransferPath: cfg.legacyTransfer,
		now:                      time.Now,
		sleep:                    realSleep,
		rand:                     rand.Float64,
	}
	c.limiter.startWindow(cfg.maxInFlight)
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	c.httpClient = cfg.httpClient
	if c.httpClient == nil {
		c.httpClient = c.defaultHTTPClient(cfg.maxInFlight)
	}
	c.initServices()
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
