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

	// Connection limits of Listen (a Handler mounted elsewhere is governed
	// by its own server). Zero means the default; a negative value means no
	// limit.
	//
	// ReadHeaderTimeout bounds reading the request line and headers,
	// ReadTimeout reading the whole request, body included (a client that
	// sends its body too slowly is cut off). Once the request is read,
	// neither runs any more: Latency and Jitter are not counted.
	// WriteTimeout bounds writing the response, counted from when the
	// emulator starts answering (after Latency and Jitter). IdleTimeout
	// closes a keep-alive connection that waits that long for its next
	// request. MaxConns caps the connections served at once; further
	// connections wait in the listen backlog until one closes.
	ReadHeaderTimeout time.Duration // default DefaultReadHeaderTimeout
	ReadTimeout       time.Duration // default DefaultReadTimeout
	WriteTimeout      time.Duration // default DefaultWriteTimeout
	IdleTimeout       time.Duration // default DefaultIdleTimeout
	MaxConns          int           // default DefaultMaxConns
}

// Defaults of the connection limits in Options.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 30 * time.Second
	DefaultMaxConns          = 512
)

// limitOrDefault resolves a connection-limit option: 0 is def, negative is "none" (-1).
func limitOrDefault[T time.Duration | int](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
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
// a bad seed file, or a state file that is corrupt, not an emulator state file
// or of another schema version (errors.Is ErrStateFileUnusable; the file is
// checked before it is opened and left untouched, see CheckState).
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
	opts.ReadHeaderTimeout = limitOrDefault(opts.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	opts.ReadTimeout = limitOrDefault(opts.ReadTimeout, DefaultReadTimeout)
	opts.WriteTimeout = limitOrDefault(opts.WriteTimeout, DefaultWriteTimeout)
	opts.IdleTimeout = limitOrDefault(opts.IdleTimeout, DefaultIdleTimeout)
	opts.MaxConns = limitOrDefault(opts.MaxConns, DefaultMaxConns)
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
	if s.opts.MaxConns > 0 {
		ln = newLimitListener(ln, s.opts.MaxConns)
	}
	s.listener = ln
	// Negative values mean "no timeout" to net/http as they do here.
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout:       s.opts.ReadTimeout,
		WriteTimeout:      s.opts.WriteTimeout,
		IdleTimeout:       s.opts.IdleTimeout,
	}
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

// limitListener accepts at most cap(sem) connections at once; Accept waits
// for a served connection to close before it takes the next one from the
// backlog (as golang.org/x/net/netutil.LimitListener).
type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back once, on the first Close.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
