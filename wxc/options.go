package wxc

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"time"
)

// Option configures a Client in NewClient. An invalid option makes NewClient fail.
type Option func(*clientConfig) error

// clientConfig collects the options; NewClient validates the combination.
type clientConfig struct {
	baseURL          string
	insecureHTTP     bool
	httpClient       *http.Client
	timeout          time.Duration
	userAgent        string
	logger           *slog.Logger
	maxInFlight      int
	retry            RetryPolicy
	rateSet          bool
	ratePerSecond    float64
	rateBurst        int
	orgID            string
	legacyTransfer   bool
	responseObserver func(*http.Response)
	attemptObserver  func(AttemptInfo)
}

// Defaults of the client options.
const (
	// DefaultBaseURL is the Webex API base URL.
	DefaultBaseURL = "https://webexapis.com/v1"
	// DefaultMaxInFlight is the default number of concurrent requests per client.
	DefaultMaxInFlight = 10
	// DefaultTimeout is the default time limit of one attempt (request and response body).
	DefaultTimeout = 60 * time.Second
)

// WithBaseURL sets the API base URL (default https://webexapis.com/v1). Plain http:// is
// accepted only for loopback hosts (127.0.0.0/8, ::1, localhost) unless WithInsecureHTTP is
// also given. The URL must not carry user info, a query or a fragment.
func WithBaseURL(u string) Option {
	return func(c *clientConfig) error {
		if strings.TrimSpace(u) == "" {
			return &ValidationError{Field: "base URL", Reason: "must not be empty"}
		}
		c.baseURL = u
		return nil
	}
}

// WithInsecureHTTP allows a plain http:// base URL on a non-loopback host. The token then
// travels unencrypted; use it only on trusted networks.
func WithInsecureHTTP() Option {
	return func(c *clientConfig) error {
		c.insecureHTTP = true
		return nil
	}
}

// WithHTTPClient sets the *http.Client that sends the requests. Without it, the client uses
// its own transport sized to the max in-flight setting, refusing redirects to another host.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *clientConfig) error {
		if hc == nil {
			return &ValidationError{Field: "HTTP client", Reason: "must not be nil"}
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout sets the time limit of one attempt, response body included (default 60s).
// Zero means no limit besides the caller's context.
func WithTimeout(d time.Duration) Option {
	return func(c *clientConfig) error {
		if d < 0 {
			return &ValidationError{Field: "timeout", Reason: fmt.Sprintf("must not be negative, got %v", d)}
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default "go-wxc/<Version>").
func WithUserAgent(ua string) Option {
	return func(c *clientConfig) error {
		if strings.TrimSpace(ua) == "" {
			return &ValidationError{Field: "user agent", Reason: "must not be empty"}
		}
		if strings.ContainsAny(ua, "\r\n\x00") {
			return &ValidationError{Field: "user agent", Reason: "must not contain control characters"}
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger sets the logger for request and retry logs (default: discard). Requests log at
// Debug, retries at Warn; bodies and tokens are never logged, not even a token a server
// echoes back. A nil logger discards.
func WithLogger(l *slog.Logger) Option {
	return func(c *clientConfig) error {
		c.logger = l
		return nil
	}
}

// WithMaxInFlight sets how many requests of this client may be on the wire at once
// (default 10). A request waiting to retry does not hold a slot.
func WithMaxInFlight(n int) Option {
	return func(c *clientConfig) error {
		if n < 1 {
			return &ValidationError{Field: "max in flight", Reason: fmt.Sprintf("must be at least 1, got %d", n)}
		}
		c.maxInFlight = n
		return nil
	}
}

// WithRetryPolicy sets the retry policy. Zero fields keep their defaults; MaxAttempts 1
// turns retries off.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *clientConfig) error {
		if err := p.validate(); err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithRateLimit starts the proactive limiter at perSecond requests per second with the
// given burst. The rate then adapts under 429 answers (see the package doc) but never
// rises above perSecond. Without this option the limiter is off until the first 429.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *clientConfig) error {
		if math.IsNaN(perSecond) || math.IsInf(perSecond, 0) || perSecond <= 0 {
			return &ValidationError{Field: "rate limit", Reason: fmt.Sprintf("must be a positive number of requests per second, got %v", perSecond)}
		}
		if burst < 1 {
			return &ValidationError{Field: "rate limit burst", Reason: fmt.Sprintf("must be at least 1, got %d", burst)}
		}
		c.rateSet = true
		c.ratePerSecond = perSecond
		c.rateBurst = burst
		return nil
	}
}

// WithOrgID sets the default orgId of every call (for partner administrators). Which
// organization a request goes to is decided in one place, in this order: the OrgID call
// option (or, for a list, the list options' OrgID field when not empty), then WithOrgID,
// then none (the token's own organization).
func WithOrgID(orgID string) Option {
	return func(c *clientConfig) error {
		if strings.ContainsAny(orgID, "\r\n\x00") {
			return &ValidationError{Field: "org ID", Reason: "must not contain control characters"}
		}
		c.orgID = orgID
		return nil
	}
}

// WithLegacyPersonTransferNumbersPath reads and writes person auto transfer numbers on
// people/{id}/features/outgoingPermission/autoTransferNumbers, the path wxc_sdk uses,
// instead of the documented telephony/config path.
func WithLegacyPersonTransferNumbersPath() Option {
	return func(c *clientConfig) error {
		c.legacyTransfer = true
		return nil
	}
}

// WithResponseObserver calls f with the final response of every call (after retries),
// for callers that want response headers. It sees one response per call, never the
// retried ones; WithAttemptObserver sees every attempt. The body is already drained and closed, and
// the token is redacted from the header values. f must be safe for concurrent use and
// must not block.
func WithResponseObserver(f func(*http.Response)) Option {
	return func(c *clientConfig) error {
		if f == nil {
			return &ValidationError{Field: "response observer", Reason: "must not be nil"}
		}
		c.responseObserver = f
		return nil
	}
}

// WithAttemptObserver calls f after every HTTP attempt of every call, retried ones
// included (WithResponseObserver sees only the final response of a call), with its method,
// path (no query), attempt number, status or error, duration, the wait before it and
// whether the call retries. (*Client).Stats gives the same information as counters. f runs
// on the calling goroutine before the call continues: it must be safe for concurrent use
// and must not block.
func WithAttemptObserver(f func(AttemptInfo)) Option {
	return func(c *clientConfig) error {
		if f == nil {
			return &ValidationError{Field: "attempt observer", Reason: "must not be nil"}
		}
		c.attemptObserver = f
		return nil
	}
}
