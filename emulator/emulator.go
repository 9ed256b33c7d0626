package emulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

// Options configures a Server. The zero value is useful: an in-memory store
// seeded with a small deterministic org, API era "current", no faults.
type Options struct {
	APIEra         string // "current" (default) | "2024"
	StatePath      string // "" = in memory; else a bbolt file
	Demo           bool   // deterministic demo: partner + 2 customer orgs, fixed documented tokens
	SeedFile       string // JSON or YAML fixture (format in the package doc)
	Locations      int    // scale of the primary customer org (0 = defaults)
	People         int
	Workspaces     int
	VirtualLines   int
	Latency        time.Duration // fixed delay added to every API request
	Jitter         time.Duration // random extra delay in [0, Jitter)
	RateLimit      float64       // requests/second per token; 0 = off
	RateBurst      int           // token bucket size; 0 = max(1, ceil(RateLimit))
	FaultRate      float64       // share of API requests answered 500/502/503
	FaultSeed      int64         // seed of the fault and jitter random sources
	MaxAccessCodes int           // per entity; 0 = 100
	// LegacyPersonTransferPath also serves person auto transfer numbers on
	// people/{id}/features/outgoingPermission/autoTransferNumbers (the wxc_sdk
	// path). Off by default: that path answers 404 as the real service does.
	LegacyPersonTransferPath bool
	Logger                   *slog.Logger // nil = discard
}

// Tokens are the bearer tokens the emulator accepts, one per role.
type Tokens struct {
	FullAdmin     string `json:"fullAdmin" yaml:"fullAdmin"`
	ReadOnlyAdmin string `json:"readOnlyAdmin" yaml:"readOnlyAdmin"`
	LocationAdmin string `json:"locationAdmin" yaml:"locationAdmin"`
	User          string `json:"user" yaml:"user"`
	PartnerAdmin  string `json:"partnerAdmin" yaml:"partnerAdmin"`
}

// Server is an emulated Webex Calling outgoing-permissions service.
type Server struct {
	opts    Options
	log     *slog.Logger
	st      store.Store
	handler http.Handler

	mu       sync.Mutex
	listener net.Listener
	httpSrv  *http.Server
	closed   bool

	dir    *directory
	tokens Tokens
	ctl    *control
}

// New builds a Server from opts. It returns an error for an unknown API era,
// a state file that is corrupt or of another schema version, or a bad seed file.
func New(opts Options) (*Server, error) {
	switch opts.APIEra {
	case "":
		opts.APIEra = EraCurrent
	case EraCurrent, Era2024:
	default:
		return nil, fmt.Errorf("emulator: unknown API era %q (want %q or %q)", opts.APIEra, EraCurrent, Era2024)
	}
	if opts.MaxAccessCodes < 0 || opts.Locations < 0 || opts.People < 0 || opts.Workspaces < 0 || opts.VirtualLines < 0 {
		return nil, errors.New("emulator: negative count in options")
	}
	if opts.MaxAccessCodes == 0 {
		opts.MaxAccessCodes = defaultMaxAccessCodes
	}
	if opts.FaultRate < 0 || opts.FaultRate > 1 {
		return nil, fmt.Errorf("emulator: FaultRate %v outside [0,1]", opts.FaultRate)
	}
	if opts.RateLimit < 0 || opts.RateBurst < 0 || opts.Latency < 0 || opts.Jitter < 0 {
		return nil, errors.New("emulator: negative rate limit, burst, latency or jitter")
	}
	s := &Server{opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	dir, tokens, err := buildDirectory(opts)
	if err != nil {
		return nil, err
	}
	s.dir, s.tokens = dir, tokens
	if opts.StatePath == "" {
		s.st = store.NewMemory()
	} else {
		st, err := store.OpenBolt(opts.StatePath)
		if err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
		s.st = st
	}
	s.ctl = newControl(opts)
	s.handler = s.buildHandler()
	return s, nil
}

// Handler returns the HTTP handler: the API under /v1/..., admin endpoints under /_emulator/...
func (s *Server) Handler() http.Handler { return s.handler }

// Tokens returns the bearer tokens for each role.
func (s *Server) Tokens() Tokens { return s.tokens }

// OrgID returns the ID of the primary customer org.
func (s *Server) OrgID() string { return s.dir.primary.id }

// Listen serves the handler on addr (for example "127.0.0.1:0") in the
// background and returns the base URL, which ends in /v1.
func (s *Server) Listen(addr string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("emulator: server closed")
	}
	if s.listener != nil {
		return "", errors.New("emulator: already listening")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("emulator: listen: %w", err)
	}
	s.listener = ln
	s.httpSrv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.httpSrv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/v1", nil
}

// Close stops serving, then flushes and closes the store. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var errs []error
	if s.httpSrv != nil {
		// Requests in flight get a moment to finish. A connection that was dialled but
		// never sent a request (net/http counts it as busy for 5 s) must not hold Close up,
		// so after the grace period the rest are closed hard; that is not an error.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		if err := s.httpSrv.Shutdown(ctx); err != nil {
			if !errors.Is(err, context.DeadlineExceeded) {
				errs = append(errs, err)
			}
			_ = s.httpSrv.Close()
		}
		cancel()
	}
	if err := s.st.Close(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
