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

// Tokens are the bearer tokens the emulator accepts, one per role. The order of the
// fields is that of the `wxc emulator` ready line.
type Tokens struct {
	FullAdmin     string `json:"fullAdmin" yaml:"fullAdmin"`
	ReadOnlyAdmin string `json:"readOnlyAdmin" yaml:"readOnlyAdmin"`
	LocationAdmin string `json:"locationAdmin" yaml:"locationAdmin"`
	User          string `json:"user" yaml:"user"`
	PartnerAdmin  string `json:"partnerAdmin" yaml:"partnerAdmin"`
}

// Server is an emulated Webex Calling outgoing-permissions service.
type Server struct {
	opts    Options // with defaults (withDefaults)
	log     *slog.Logger
	now     func() time.Time
	st      store.Store
	handler http.Handler

	mu       sync.Mutex
	listener net.Listener
	httpSrv  *http.Server
	closed   bool

	dir    *directory
	tokens Tokens
	ctl    *control
	// orgFaults: injected answers per target org (handlers_orgs.go, /_emulator/org-faults).
	orgFaults orgFaults
}

// New builds a Server from opts. It returns an error for options that
// Validate refuses (an *OptionError), a bad seed file, or a state file that
// is corrupt, not an emulator state file or of another schema version
// (errors.Is ErrStateFileUnusable; the file is checked before it is opened
// and left untouched, see CheckState).
func New(opts Options) (*Server, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	s := &Server{opts: opts, log: opts.Logger, now: opts.Now}
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
