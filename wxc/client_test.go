package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		token   string
		opts    []Option
		wantErr bool
		wantURL string
	}{
		{name: "defaults", token: "t", wantURL: "https://webexapis.com/v1/"},
		{name: "empty token", token: "", wantErr: true},
		{name: "blank token", token: "  ", wantErr: true},
		{name: "token with newline", token: "a\nb", wantErr: true},
		{name: "https custom", token: "t", opts: []Option{WithBaseURL("https://example.com/x/v1/")}, wantURL: "https://example.com/x/v1/"},
		{name: "http non-loopback", token: "t", opts: []Option{WithBaseURL("http://example.com/v1")}, wantErr: true},
		{name: "http non-loopback insecure", token: "t", opts: []Option{WithBaseURL("http://example.com/v1"), WithInsecureHTTP()}, wantURL: "http://example.com/v1/"},
		{name: "http 127.0.0.1", token: "t", opts: []Option{WithBaseURL("http://127.0.0.1:8080/v1")}, wantURL: "http://127.0.0.1:8080/v1/"},
		{name: "http 127.9.9.9", token: "t", opts: []Option{WithBaseURL("http://127.9.9.9/v1")}, wantURL: "http://127.9.9.9/v1/"},
		{name: "http ::1", token: "t", opts: []Option{WithBaseURL("http://[::1]:9/v1")}, wantURL: "http://[::1]:9/v1/"},
		{name: "http localhost", token: "t", opts: []Option{WithBaseURL("http://LocalHost:9/v1")}, wantURL: "http://localhost:9/v1/"},
		{name: "http 128.0.0.1", token: "t", opts: []Option{WithBaseURL("http://128.0.0.1/v1")}, wantErr: true},
		{name: "http localhost.example.com", token: "t", opts: []Option{WithBaseURL("http://localhost.example.com/v1")}, wantErr: true},
		{name: "ftp scheme", token: "t", opts: []Option{WithBaseURL("ftp://example.com/v1")}, wantErr: true},
		{name: "no scheme", token: "t", opts: []Option{WithBaseURL("example.com/v1")}, wantErr: true},
		{name: "user info", token: "t", opts: []Option{WithBaseURL("https://u:p@example.com/v1")}, wantErr: true},
		{name: "query", token: "t", opts: []Option{WithBaseURL("https://example.com/v1?x=1")}, wantErr: true},
		{name: "fragment", token: "t", opts: []Option{WithBaseURL("https://example.com/v1#f")}, wantErr: true},
		{name: "empty base URL", token: "t", opts: []Option{WithBaseURL("")}, wantErr: true},
		{name: "nil option", token: "t", opts: []Option{nil}, wantErr: true},
		{name: "nil http client", token: "t", opts: []Option{WithHTTPClient(nil)}, wantErr: true},
		{name: "negative timeout", token: "t", opts: []Option{WithTimeout(-time.Second)}, wantErr: true},
		{name: "zero timeout", token: "t", opts: []Option{WithTimeout(0)}, wantURL: DefaultBaseURL + "/"},
		{name: "empty user agent", token: "t", opts: []Option{WithUserAgent("")}, wantErr: true},
		{name: "user agent CRLF", token: "t", opts: []Option{WithUserAgent("a\r\nX: y")}, wantErr: true},
		{name: "max in flight 0", token: "t", opts: []Option{WithMaxInFlight(0)}, wantErr: true},
		{name: "retry negative attempts", token: "t", opts: []Option{WithRetryPolicy(RetryPolicy{MaxAttempts: -1})}, wantErr: true},
		{name: "retry base above max", token: "t", opts: []Option{WithRetryPolicy(RetryPolicy{BaseDelay: time.Minute, MaxDelay: time.Second})}, wantErr: true},
		{name: "rate zero", token: "t", opts: []Option{WithRateLimit(0, 1)}, wantErr: true},
		{name: "rate burst zero", token: "t", opts: []Option{WithRateLimit(5, 0)}, wantErr: true},
		{name: "rate ok", token: "t", opts: []Option{WithRateLimit(5, 5)}, wantURL: DefaultBaseURL + "/"},
		{name: "nil observer", token: "t", opts: []Option{WithResponseObserver(nil)}, wantErr: true},
		{name: "org ID", token: "t", opts: []Option{WithOrgID("org-1"), WithLegacyPersonTransferNumbersPath()}, wantURL: DefaultBaseURL + "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.token, tt.opts...)
			if tt.wantErr {
				var ve *ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("NewClient error = %v, want *ValidationError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if got := c.BaseURL(); got != tt.wantURL {
				t.Errorf("BaseURL = %q, want %q", got, tt.wantURL)
			}
			if c.People == nil || c.Workspaces == nil || c.Locations == nil || c.VirtualLines == nil || c.LocationAccessCodes == nil {
				t.Error("services not initialised")
			}
		})
	}
}

func TestNewClientSettings(t *testing.T) {
	t.Parallel()
	noNet := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		t.Error("NewClient did network I/O")
		return nil, errors.New("no network")
	})}
	c, err := NewClient("t", WithHTTPClient(noNet), WithOrgID("org-9"), WithLegacyPersonTransferNumbersPath(), WithMaxInFlight(3))
	if err != nil {
		t.Fatal(err)
	}
	if c.defaultOrgID != "org-9" || !c.legacyPersonTransferPath || cap(c.slots) != 3 || c.userAgent != "go-wxc/"+Version {
		t.Errorf("settings not applied: org=%q legacy=%v slots=%d ua=%q", c.defaultOrgID, c.legacyPersonTransferPath, cap(c.slots), c.userAgent)
	}
	if c.logger.Enabled(context.Background(), slog.LevelError) {
		t.Error("default logger is not silent")
	}
	if !isInf(c.limiter.limit()) {
		t.Errorf("limiter without WithRateLimit = %v, want off", c.limiter.limit())
	}
}

func isInf(f float64) bool { return f > 1e308 }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

var trackingIDPattern = regexp.MustCompile(`^GOWXC_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRequestHeadersAndBody(t *testing.T) {
	t.Parallel()
	env := setup(t, WithUserAgent("test-agent/1"))
	type seen struct {
		method, auth, accept, ctype, ua, tracking, query, body string
	}
	var got []seen
	var mu sync.Mutex
	h := func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, seen{r.Method, r.Header.Get("Authorization"), r.Header.Get("Accept"), r.Header.Get("Content-Type"),
			r.Header.Get("User-Agent"), r.Header.Get("TrackingID"), r.URL.RawQuery, string(b)})
		mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]string{"id": "x1", "name": "n"})
	}
	env.handle("GET things/a%2Fb", h)
	env.handle("PUT things/a%2Fb", h)
	ctx := t.Context()
	var out struct{ ID, Name string }
	resp, err := env.c.do(ctx, &request{method: http.MethodGet, path: "things/a%2Fb", query: url.Values{"orgId": {"o 1"}}, out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("response = %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if out.ID != "x1" || out.Name != "n" {
		t.Errorf("decoded %+v", out)
	}
	if _, err := env.c.do(ctx, &request{method: http.MethodPut, path: "things/a%2Fb", body: map[string]int{"n": 1}}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("server saw %d requests", len(got))
	}
	for i, s := range got {
		if s.auth != "Bearer "+testToken || s.accept != "application/json" || s.ua != "test-agent/1" {
			t.Errorf("request %d headers: %+v", i, s)
		}
		if !trackingIDPattern.MatchString(s.tracking) {
			t.Errorf("request %d TrackingID %q", i, s.tracking)
		}
	}
	if got[0].ctype != "" || got[0].body != "" || got[0].query != "orgId=o+1" {
		t.Errorf("GET: content type %q, body %q, query %q", got[0].ctype, got[0].body, got[0].query)
	}
	if got[1].ctype != "application/json" || got[1].body != `{"n":1}` || got[1].query != "" {
		t.Errorf("PUT: content type %q, body %q, query %q", got[1].ctype, got[1].body, got[1].query)
	}
	if got[0].tracking == got[1].tracking {
		t.Error("two calls share a TrackingID")
	}
}

func TestDoRejectsBadRequests(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var hits atomic.Int32
	env.handleRaw("/", func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Errorf("request sent to another host with Authorization %q", r.Header.Get("Authorization"))
	}))
	defer other.Close()
	tests := []struct {
		name string
		r    *request
	}{
		{"nil request", nil},
		{"bad method", &request{method: "TRACE", path: "x"}},
		{"leading slash", &request{method: http.MethodGet, path: "/x"}},
		{"dot dot", &request{method: http.MethodGet, path: "a/../../x"}},
		{"query in path", &request{method: http.MethodGet, path: "x?y=1"}},
		{"absolute path", &request{method: http.MethodGet, path: "http://evil.example/x"}},
		{"raw URL other host", &request{method: http.MethodGet, rawURL: other.URL + basePath + "/x"}},
		{"raw URL other scheme", &request{method: http.MethodGet, rawURL: strings.Replace(env.srv.URL, "http:", "https:", 1) + "/x"}},
		{"raw URL relative", &request{method: http.MethodGet, rawURL: "/api/v1/x"}},
		{"raw URL user info", &request{method: http.MethodGet, rawURL: strings.Replace(env.srv.URL, "http://", "http://u:p@", 1) + "/x"}},
	}
	for _, tt := range tests {
		_, err := env.c.do(t.Context(), tt.r)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: error %v, want *ValidationError", tt.name, err)
		}
	}
	//lint:ignore SA1012 a nil context is the point of the test
	if _, err := env.c.do(nil, &request{method: http.MethodGet, path: "x"}); err == nil {
		t.Error("nil ctx accepted")
	}
	var nilClient *Client
	if _, err := nilClient.do(t.Context(), &request{method: http.MethodGet, path: "x"}); err == nil {
		t.Error("nil client accepted")
	}
	if _, err := env.c.do(t.Context(), &request{method: http.MethodPut, path: "x", body: func() {}}); err == nil {
		t.Error("unencodable body accepted")
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached a server", n)
	}
}

func TestRawURLUsedAsIs(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var query string
	env.handle("GET list", func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		writeJSON(w, 200, map[string]any{})
	})
	raw := env.srv.URL + basePath + "/list?b=2&a=1&cursor=abc%3D%3D"
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, rawURL: raw, query: url.Values{"ignored": {"x"}}}); err != nil {
		t.Fatal(err)
	}
	if query != "b=2&a=1&cursor=abc%3D%3D" {
		t.Errorf("query = %q, want the next link's query unchanged", query)
	}
}

func TestDecodeResponse(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.handle("DELETE thing", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	env.handle("GET bad", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id": [`))
	})
	var out map[string]any
	if _, err := env.c.do(t.Context(), &request{method: http.MethodDelete, path: "thing", out: &out}); err != nil {
		t.Errorf("204 with out: %v", err)
	}
	_, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "bad", out: &out})
	if err == nil || !strings.Contains(err.Error(), "decode response") {
		t.Errorf("bad JSON: err = %v", err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Error("a decode error is not an *APIError")
	}
}

func TestRedirectToOtherHostRefused(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
	}))
	defer other.Close()
	env := setup(t)
	env.handle("GET moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
	})
	_, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "moved"})
	if err == nil {
		t.Fatal("redirect to another host followed")
	}
	assertNoToken(t, "error", err.Error())
	if leaked.Load() != 0 {
		t.Error("request reached the other host")
	}
}

func TestResponseObserver(t *testing.T) {
	t.Parallel()
	var statuses []int
	var mu sync.Mutex
	env := setup(t, WithResponseObserver(func(r *http.Response) {
		mu.Lock()
		statuses = append(statuses, r.StatusCode)
		mu.Unlock()
	}))
	env.handle("GET ok", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{}) })
	env.handle("GET gone", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, map[string]any{"message": "gone"}) })
	_, _ = env.c.do(t.Context(), &request{method: http.MethodGet, path: "ok"})
	_, _ = env.c.do(t.Context(), &request{method: http.MethodGet, path: "gone"})
	if diff := cmp.Diff([]int{200, 404}, statuses); diff != "" {
		t.Errorf("observed statuses (-want +got):\n%s", diff)
	}
}

// TestTokenNeverLeaks drives every error path with Debug logging on and checks that no
// error string and no log line contains the token, even when the server echoes it.
func TestTokenNeverLeaks(t *testing.T) {
	t.Parallel()
	env := setup(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 2}))
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			w.Header().Set("Retry-After", "1")
			writeJSON(w, status, map[string]any{
				"message": "bad token " + auth,
				"errors":  []map[string]any{{"description": "token was " + strings.TrimPrefix(auth, "Bearer "), "errorCode": 1}},
			})
		}
	}
	env.handle("GET e401", echo(401))
	env.handle("GET e429", echo(429))
	env.handle("GET e503", echo(503))
	env.handle("GET text", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		_, _ = io.WriteString(w, "<html>"+r.Header.Get("Authorization")+"</html>")
	})
	env.handle("GET hang", func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("no hijacker")
			return
		}
		conn, _, _ := hj.Hijack()
		_ = conn.Close()
	})
	var errs []error
	for _, p := range []string{"e401", "e429", "e503", "text", "hang"} {
		_, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: p})
		if err == nil {
			t.Errorf("%s: no error", p)
			continue
		}
		errs = append(errs, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := env.c.do(ctx, &request{method: http.MethodGet, path: "e401"})
	errs = append(errs, err)
	for _, err := range errs {
		assertNoToken(t, "error", err.Error())
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			assertNoToken(t, "APIError", apiErr.Message)
			for _, d := range apiErr.Details {
				assertNoToken(t, "APIError detail", d.Description)
			}
		}
	}
	logs := env.logs.String()
	if !strings.Contains(logs, "wxc retry") || !strings.Contains(logs, "tracking_id=") {
		t.Errorf("expected debug and retry logs, got:\n%s", logs)
	}
	assertNoToken(t, "logs", logs)
}

func TestLogKeys(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.handle("GET ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("TrackingID", "SERVER_TID")
		writeJSON(w, 200, map[string]any{})
	})
	if _, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "ok", query: url.Values{"orgId": {"secret-org"}}}); err != nil {
		t.Fatal(err)
	}
	logs := env.logs.String()
	for _, want := range []string{"level=DEBUG", "method=GET", "path=" + basePath + "/ok", "status=200", "attempt=1", "duration=", "tracking_id=SERVER_TID"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, "secret-org") {
		t.Errorf("log contains the query:\n%s", logs)
	}
}

// TestEchoedSecretsRedacted: a server that copies the Authorization header into every
// field it controls (message, details, trackingId in body and header, a custom header, the
// next-page link, a malformed status line) gets the token into no error text, no APIError
// field, no debug log line and no header the response observer sees.
func TestEchoedSecretsRedacted(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// The observer logs every response header, as a caller's --debug output might.
	observer := WithResponseObserver(func(r *http.Response) {
		for k, vs := range r.Header {
			logger.Debug("response header", "name", k, "values", vs)
		}
	})
	env := setup(t, WithLogger(logger), observer, WithRetryPolicy(RetryPolicy{MaxAttempts: 2}))
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			auth := r.Header.Get("Authorization")
			token := strings.TrimPrefix(auth, "Bearer ")
			w.Header().Set("Trackingid", "ROUTER_"+token)
			w.Header().Set("X-Echo", auth)
			w.Header().Set("Retry-After", token)
			if status == http.StatusOK {
				w.Header().Set("Link", "<"+env.srv.URL+basePath+"/echo500?cursor="+token+`>; rel="next"`)
			}
			writeJSON(w, status, map[string]any{
				"message":    "you sent " + auth,
				"errors":     []map[string]any{{"errorCode": 7, "description": "token " + token}, {"description": auth}},
				"trackingId": "WEBEX_" + token,
				"items":      []map[string]string{{"id": "a"}},
			})
		}
	}
	env.handle("GET echo401", echo(http.StatusUnauthorized))
	env.handle("GET echo429", echo(http.StatusTooManyRequests))
	env.handle("GET echo500", echo(http.StatusInternalServerError))
	env.handle("PUT echo503", echo(http.StatusServiceUnavailable))
	env.handle("GET echo200", echo(http.StatusOK))
	env.handle("GET badstatus", func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 " + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + " OK\r\n\r\n")
		_ = buf.Flush()
	})

	var errs []error
	for _, r := range []*request{
		{method: http.MethodGet, path: "echo401"},
		{method: http.MethodGet, path: "echo429"},
		{method: http.MethodGet, path: "echo500"},
		{method: http.MethodPut, path: "echo503", body: map[string]int{"n": 1}},
		{method: http.MethodGet, path: "badstatus"},
	} {
		_, err := env.c.do(t.Context(), r)
		if err == nil {
			t.Fatalf("%s %s: no error", r.method, r.path)
		}
		errs = append(errs, err)
	}
	// A listing: page 1 echoes the token into its next link, page 2 fails.
	_, err := collect(paginate[pageItem](t.Context(), env.c, "echo200", nil, "items"))
	if err == nil {
		t.Fatal("listing: no error from the failing second page")
	}
	errs = append(errs, err)

	redactedFields := 0
	for _, err := range errs {
		assertNoToken(t, "error", err.Error())
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			continue
		}
		fields := []string{apiErr.Message, apiErr.TrackingID, apiErr.Path}
		for _, d := range apiErr.Details {
			fields = append(fields, d.Description)
		}
		for _, f := range fields {
			assertNoToken(t, "APIError field", f)
			if strings.Contains(f, redacted) {
				redactedFields++
			}
		}
		if apiErr.TrackingID != "WEBEX_"+redacted {
			t.Errorf("TrackingID = %q, want the body's, redacted", apiErr.TrackingID)
		}
	}
	if redactedFields < 4*5 {
		t.Errorf("only %d redacted APIError fields: did the server echo the token?", redactedFields)
	}
	out := logs.String()
	assertNoToken(t, "debug log", out)
	for _, want := range []string{"tracking_id=ROUTER_" + redacted, "name=X-Echo", "Bearer " + redacted, "wxc retry"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q; the test no longer covers it:\n%s", want, out)
		}
	}
}

// TestRedactErrKeepsChain: an error whose text carries the token gets a redacted text but
// still matches its causes with errors.Is; an error without it is returned as is.
func TestRedactErrKeepsChain(t *testing.T) {
	t.Parallel()
	c, err := NewClient(testToken)
	if err != nil {
		t.Fatal(err)
	}
	leaky := fmt.Errorf("bad status %q: %w", testToken, io.ErrUnexpectedEOF)
	got := c.redactErr(leaky)
	assertNoToken(t, "redacted error", got.Error())
	if want := `bad status "` + redacted + `": unexpected EOF`; got.Error() != want {
		t.Errorf("text = %q, want %q", got.Error(), want)
	}
	if !errors.Is(got, io.ErrUnexpectedEOF) {
		t.Error("redacted error lost its cause")
	}
	clean := errors.New("connection reset")
	if c.redactErr(clean) != clean || c.redactErr(nil) != nil {
		t.Error("an error without the token was rewrapped")
	}
}

// BenchmarkClientGet measures the client's overhead per call (URL building, headers,
// admission, retry bookkeeping, decoding a tiny JSON body) against a local server.
func BenchmarkClientGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	c, err := NewClient("bench-token", WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var out struct{ ID, Name string }
	r := &request{method: http.MethodGet, path: "things/abc", out: &out}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.do(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientGetParallel is BenchmarkClientGet from GOMAXPROCS goroutines (the slots,
// gate and limiter are shared).
func BenchmarkClientGetParallel(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	c, err := NewClient("bench-token", WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			var out struct{ ID, Name string }
			if _, err := c.do(ctx, &request{method: http.MethodGet, path: "things/abc", out: &out}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParseLink measures the Link header parser on a Webex-style header.
func BenchmarkParseLink(b *testing.B) {
	h := []string{`<https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM>; rel="next"`}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := nextLink(h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawHTTPGet is the baseline for BenchmarkClientGet: the same request with a bare
// http.Client and encoding/json, so the difference is the SDK's overhead.
func BenchmarkRawHTTPGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	hc := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/things/abc", nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer bench-token")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out struct{ ID, Name string }
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
