package wxc

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The package's one test harness: setup(t) starts a fake Webex API (an httptest server
// with the API mounted under basePath) and a client wired to it with a fake clock and a
// debug log. The fake records every request; it answers with handlers registered with
// handle or, when none is registered, with scripted replies (respond).

// testToken is the client's token; no error or log line may contain it.
const testToken = "plumb-SECRET-token-4f1c2a"

// basePath is where the fake API is mounted (not at the root, so absolute-URL bugs show).
const basePath = "/api/v1"

// recordedRequest is one request the fake API received.
type recordedRequest struct {
	Method string
	Path   string // escaped path, including the basePath mount point
	Query  url.Values
	Header http.Header
	Body   []byte
	req    *http.Request // clone, body already read, for contract validation
}

// reply is a scripted answer of the fake API. In header values, {{base}} stands for the
// API's base URL (server URL + basePath).
type reply struct {
	status int
	body   string
	header http.Header
}

// jsonReply is a reply with a JSON body.
func jsonReply(status int, body string) reply { return reply{status: status, body: body} }

// noContent is the default reply: 204, no body.
var noContent = reply{status: http.StatusNoContent}

// testEnv is a client wired to a fake API, with a fake clock and a debug log.
type testEnv struct {
	c     *Client
	srv   *httptest.Server
	mux   *http.ServeMux // registered handlers; see handle
	clock *fakeClock
	logs  *syncBuffer // the client's Debug log (unless a test passes its own WithLogger)

	mu       sync.Mutex
	reqs     []recordedRequest
	queue    []reply
	handlers bool // a handler was registered: the mux answers every request
}

// setup starts the fake API and a client for it: base URL <server>/api/v1, a fake clock
// (sleeping advances it at once), rand fixed at 0.5 and Debug logging into env.logs; opts
// are applied after these. At cleanup it checks that no log line contains the token.
func setup(t *testing.T, opts ...Option) *testEnv {
	t.Helper()
	env := &testEnv{mux: http.NewServeMux(), clock: newFakeClock(), logs: &syncBuffer{}}
	env.srv = httptest.NewServer(http.HandlerFunc(env.serve))
	t.Cleanup(env.srv.Close)
	logger := slog.New(slog.NewTextHandler(env.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]Option{WithBaseURL(env.srv.URL + basePath), WithLogger(logger)}, opts...)
	c, err := NewClient(testToken, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	c.now = env.clock.Now
	c.sleep = env.clock.Sleep
	c.rand = func() float64 { return 0.5 }
	env.c = c
	t.Cleanup(func() { assertNoToken(t, "log output", env.logs.String()) })
	return env
}

// handle registers h for "METHOD path", path relative to the base URL. From then on the
// registered handlers answer every request (404 for unregistered paths) and the scripted
// replies are not used.
func (e *testEnv) handle(pattern string, h http.HandlerFunc) {
	method, path, _ := strings.Cut(pattern, " ")
	e.handleRaw(method+" "+basePath+"/"+path, h)
}

// handleRaw registers h for a ServeMux pattern on the server's full path ("/" catches all).
func (e *testEnv) handleRaw(pattern string, h http.HandlerFunc) {
	e.mu.Lock()
	e.handlers = true
	e.mu.Unlock()
	e.mux.HandleFunc(pattern, h)
}

// respond queues replies, answered in order; after them the default, noContent.
func (e *testEnv) respond(rs ...reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.queue = append(e.queue, rs...)
}

// requests returns what was received so far.
func (e *testEnv) requests() []recordedRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]recordedRequest(nil), e.reqs...)
}

// only returns the single request received, failing the test otherwise.
func (e *testEnv) only(t *testing.T) recordedRequest {
	t.Helper()
	rs := e.requests()
	if len(rs) != 1 {
		t.Fatalf("got %d requests, want 1: %+v", len(rs), rs)
	}
	return rs[0]
}

func (e *testEnv) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	clone := r.Clone(r.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	e.mu.Lock()
	e.reqs = append(e.reqs, recordedRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, req: clone})
	handlers := e.handlers
	rep := noContent
	if !handlers && len(e.queue) > 0 {
		rep, e.queue = e.queue[0], e.queue[1:]
	}
	e.mu.Unlock()
	if handlers {
		e.mux.ServeHTTP(w, r)
		return
	}
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, strings.ReplaceAll(v, "{{base}}", e.srv.URL+basePath))
		}
	}
	if rep.body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

// fakeClock replaces the client's clock and sleep: sleeping advances the time at once.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
	// hook, when set, runs before a sleep; an error ends the sleep with that error.
	hook func(ctx context.Context, d time.Duration) error
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	hook := f.hook
	f.mu.Unlock()
	if hook != nil {
		if err := hook(ctx, d); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.t = f.t.Add(d)
	return nil
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// assertNoToken fails when s contains the test token.
func assertNoToken(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testToken) {
		t.Errorf("%s contains the token: %s", what, s)
	}
}

// assertJSON compares a request body with want as decoded JSON; want "" means no body.
func assertJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	if want == "" {
		if len(bytes.TrimSpace(got)) != 0 {
			t.Errorf("body = %s, want none", got)
		}
		return
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body %q is not JSON: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want JSON %q: %v", want, err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("body mismatch (-want +got):\n%s\ngot: %s", d, got)
	}
}

// assertQuery compares a query with want (nil and empty are the same).
func assertQuery(t *testing.T, got, want url.Values) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("query mismatch (-want +got):\n%s", d)
	}
}

// writeJSON answers status with v as JSON (for handlers).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
