package emulator

import (
	"crypto/subtle"
	"fmt"
	"math"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// faultSettings is the run-time fault, latency and rate-limit configuration,
// as shown and changed by GET/PUT /_emulator/faults.
type faultSettings struct {
	FaultRate     float64 `json:"faultRate"`
	FaultStatuses []int   `json:"faultStatuses"`
	FaultSeed     int64   `json:"faultSeed"`
	Latency       string  `json:"latency"`
	Jitter        string  `json:"jitter"`
	RateLimit     float64 `json:"rateLimit"`
	RateBurst     int     `json:"rateBurst"`
}

// faultSettingsIn is the PUT body; absent or null members keep their value.
type faultSettingsIn struct {
	FaultRate     *float64 `json:"faultRate"`
	FaultStatuses []int    `json:"faultStatuses"`
	FaultSeed     *int64   `json:"faultSeed"`
	Latency       *string  `json:"latency"`
	Jitter        *string  `json:"jitter"`
	RateLimit     *float64 `json:"rateLimit"`
	RateBurst     *int     `json:"rateBurst"`
}

var defaultFaultStatuses = []int{500, 502, 503}

// control holds the mutable run-time knobs: faults, latency and rate limits.
type control struct {
	mu        sync.Mutex
	faultRate float64
	statuses  []int
	seed      int64
	latency   time.Duration
	jitter    time.Duration
	rateLimit float64
	rateBurst int
	faultRng  *rand.Rand // one draw per API request: reproducible for a given seed and request order
	jitterRng *rand.Rand
	limiters  map[string]*rate.Limiter
}

func newControl(o Options) *control {
	c := &control{faultRate: o.FaultRate, statuses: defaultFaultStatuses, latency: o.Latency, jitter: o.Jitter,
		rateLimit: o.RateLimit, rateBurst: o.RateBurst}
	c.reseed(o.FaultSeed)
	c.limiters = map[string]*rate.Limiter{}
	return c
}

func (c *control) reseed(seed int64) {
	c.seed = seed
	c.faultRng = rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	c.jitterRng = rand.New(rand.NewPCG(uint64(seed), 0x5851f42d4c957f2d))
}

// fault decides whether this request fails and with which status (0 = no).
func (c *control) fault() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.faultRate <= 0 {
		return 0
	}
	if c.faultRng.Float64() >= c.faultRate {
		return 0
	}
	return c.statuses[c.faultRng.IntN(len(c.statuses))]
}

// delay returns the latency to add to this request.
func (c *control) delay() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.latency
	if c.jitter > 0 {
		d += time.Duration(c.jitterRng.Int64N(int64(c.jitter)))
	}
	return d
}

// allow takes a token for tok; when the bucket is empty it returns the
// whole seconds (>= 1) to wait.
func (c *control) allow(tok string, now time.Time) (ok bool, retryAfter int) {
	c.mu.Lock()
	if c.rateLimit <= 0 {
		c.mu.Unlock()
		return true, 0
	}
	lim := c.limiters[tok]
	if lim == nil {
		burst := c.rateBurst
		if burst <= 0 {
			burst = max(1, int(math.Ceil(c.rateLimit)))
		}
		lim = rate.NewLimiter(rate.Limit(c.rateLimit), burst)
		c.limiters[tok] = lim
	}
	c.mu.Unlock()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return false, 1
	}
	d := r.DelayFrom(now)
	if d <= 0 {
		return true, 0
	}
	r.CancelAt(now)
	return false, max(1, int(math.Ceil(d.Seconds())))
}

func (c *control) settings() faultSettings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return faultSettings{FaultRate: c.faultRate, FaultStatuses: append([]int(nil), c.statuses...), FaultSeed: c.seed,
		Latency: c.latency.String(), Jitter: c.jitter.String(), RateLimit: c.rateLimit, RateBurst: c.rateBurst}
}

// apply validates and applies a PUT body; nothing changes on error.
func (c *control) apply(in *faultSettingsIn) error {
	parse := func(name string, s *string) (time.Duration, bool, error) {
		if s == nil {
			return 0, false, nil
		}
		d, err := time.ParseDuration(*s)
		if err != nil || d < 0 || d > time.Minute {
			return 0, false, fmt.Errorf("%s: want a duration between 0s and 1m, like \"50ms\"", name)
		}
		return d, true, nil
	}
	lat, setLat, err := parse("latency", in.Latency)
	if err != nil {
		return err
	}
	jit, setJit, err := parse("jitter", in.Jitter)
	if err != nil {
		return err
	}
	if in.FaultRate != nil && (*in.FaultRate < 0 || *in.FaultRate > 1 || math.IsNaN(*in.FaultRate)) {
		return fmt.Errorf("faultRate must be between 0 and 1")
	}
	for _, st := range in.FaultStatuses {
		if st < 500 || st > 599 {
			return fmt.Errorf("faultStatuses must be 5xx codes, got %d", st)
		}
	}
	if in.FaultStatuses != nil && len(in.FaultStatuses) == 0 {
		return fmt.Errorf("faultStatuses must not be empty")
	}
	if in.RateLimit != nil && (*in.RateLimit < 0 || math.IsNaN(*in.RateLimit) || math.IsInf(*in.RateLimit, 0)) {
		return fmt.Errorf("rateLimit must be >= 0")
	}
	if in.RateBurst != nil && *in.RateBurst < 0 {
		return fmt.Errorf("rateBurst must be >= 0")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if in.FaultRate != nil {
		c.faultRate = *in.FaultRate
	}
	if in.FaultStatuses != nil {
		c.statuses = append([]int(nil), in.FaultStatuses...)
	}
	if in.FaultSeed != nil {
		c.reseed(*in.FaultSeed)
	}
	if setLat {
		c.latency = lat
	}
	if setJit {
		c.jitter = jit
	}
	if in.RateLimit != nil || in.RateBurst != nil {
		if in.RateLimit != nil {
			c.rateLimit = *in.RateLimit
		}
		if in.RateBurst != nil {
			c.rateBurst = *in.RateBurst
		}
		c.limiters = map[string]*rate.Limiter{}
	}
	return nil
}

// resetRandom restarts the fault and jitter sequences and empties the buckets.
func (c *control) resetRandom() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reseed(c.seed)
	c.limiters = map[string]*rate.Limiter{}
}

// ---- admin endpoints ----

// adminGuard protects the admin endpoints (see the package doc, Admin
// endpoints): a request from a browser page of another origin is 403; every
// endpoint but GET /_emulator/health needs the full-admin token (401 without
// a valid token, 403 with another role's); a request with a body, or any
// Content-Type, must be application/json (415). A cross-site form post or
// fetch can therefore never reach reset or faults.
func (s *Server) adminGuard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if why := crossOrigin(r); why != "" {
			writeError(w, http.StatusForbidden, codeForbidden, "emulator admin endpoints refuse cross-origin requests ("+why+")")
			return
		}
		public := r.URL.Path == "/_emulator/health" && (r.Method == http.MethodGet || r.Method == http.MethodHead)
		if !public {
			tok, ok := bearer(r.Header.Get("Authorization"))
			switch {
			case !ok || s.dir.byToken[tok] == nil:
				writeError(w, http.StatusUnauthorized, codeUnauthorized,
					"emulator admin endpoints need the full-admin token: Authorization: Bearer <tokens.fullAdmin of the ready line>")
				return
			case subtle.ConstantTimeCompare([]byte(tok), []byte(s.tokens.FullAdmin)) != 1:
				writeError(w, http.StatusForbidden, codeForbidden, "emulator admin endpoints need the full-admin token, not this role's")
				return
			}
		}
		if ct := r.Header.Get("Content-Type"); ct != "" || (r.ContentLength != 0 && r.Body != nil && r.Body != http.NoBody) {
			if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, codeInvalidInput,
					"emulator admin endpoints take only Content-Type: application/json (got "+strconv.Quote(ct)+")")
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin returns why r comes from a browser page of another origin, or
// "". Requests without an Origin header (curl, SDKs, tests) are fine; a
// browser sends Origin on every cross-origin fetch and form post, and
// Sec-Fetch-Site on every request.
func crossOrigin(r *http.Request) string {
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "cross-site", "same-site":
		return "Sec-Fetch-Site: " + site
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return ""
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return "Origin: " + o
	}
	return ""
}

func (s *Server) adminMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /_emulator/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "apiEra": s.opts.APIEra, "orgId": s.OrgID(),
			"persistent": s.opts.StatePath != ""})
	})
	m.HandleFunc("POST /_emulator/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.st.Reset(r.Context()); err != nil {
			fail(w, err)
			return
		}
		s.ctl.resetRandom()
		noContent(w)
	})
	m.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.ctl.settings())
	})
	m.HandleFunc("PUT /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var in faultSettingsIn
		if err := decodeBody(w, r, &in); err != nil {
			fail(w, err)
			return
		}
		if err := s.ctl.apply(&in); err != nil {
			fail(w, badRequest(err.Error()))
			return
		}
		writeJSON(w, http.StatusOK, s.ctl.settings())
	})
	m.HandleFunc("GET /_emulator/org-faults", s.handleOrgFaults)
	m.HandleFunc("PUT /_emulator/org-faults", s.handleOrgFaults)
	m.HandleFunc("/_emulator/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, codeNotFound, "unknown emulator admin endpoint")
	})
	return m
}
