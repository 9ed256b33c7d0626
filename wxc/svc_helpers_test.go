package wxc

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// svcRequest is one request the fake API received.
type svcRequest struct {
	Method string
	Path   string // escaped path, including the /v1 mount point
	Query  url.Values
	Header http.Header
	Body   []byte
	req    *http.Request // clone, body already read, for contract validation
}

// svcReply is what the fake API answers.
type svcReply struct {
	status int
	body   string
	header http.Header
}

// svcFake is an httptest server mounted under /v1 that records requests and answers with
// queued (or default) replies.
type svcFake struct {
	t   *testing.T
	srv *httptest.Server

	mu      sync.Mutex
	reqs    []svcRequest
	queue   []svcReply
	deflt   svcReply
	handler func(w http.ResponseWriter, r *http.Request, body []byte) bool // optional; true = handled
}

const svcToken = "test-token"

// jsonRaw shortens json.RawMessage in test tables.
type jsonRaw = json.RawMessage

// svcSetup returns a client mounted under <server>/v1 and its fake API.
func svcSetup(t *testing.T, opts ...Option) (*Client, *svcFake) {
	t.Helper()
	f := &svcFake{t: t, deflt: svcReply{status: http.StatusNoContent}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	c, err := NewClient(svcToken, append([]Option{WithBaseURL(f.srv.URL + "/v1")}, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, f
}

func (f *svcFake) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	clone := r.Clone(r.Context())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	f.mu.Lock()
	f.reqs = append(f.reqs, svcRequest{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, req: clone})
	rep := f.deflt
	if len(f.queue) > 0 {
		rep, f.queue = f.queue[0], f.queue[1:]
	}
	h := f.handler
	f.mu.Unlock()
	if h != nil && h(w, r, body) {
		return
	}
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, strings.ReplaceAll(v, "{{base}}", f.srv.URL))
		}
	}
	if rep.body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

// respond queues replies, answered in order; after them the default (204, no body).
func (f *svcFake) respond(rs ...svcReply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, rs...)
}

// requests returns what was received so far.
func (f *svcFake) requests() []svcRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]svcRequest(nil), f.reqs...)
}

// only returns the single request received, failing the test otherwise.
func (f *svcFake) only(t *testing.T) svcRequest {
	t.Helper()
	rs := f.requests()
	if len(rs) != 1 {
		t.Fatalf("got %d requests, want 1: %+v", len(rs), rs)
	}
	return rs[0]
}

// svcAssertJSON compares a request body with want as decoded JSON; want "" means no body.
func svcAssertJSON(t *testing.T, got []byte, want string) {
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

// svcAssertQuery compares a query with want (nil and empty are the same).
func svcAssertQuery(t *testing.T, got, want url.Values) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("query mismatch (-want +got):\n%s", d)
	}
}

// semanticRawJSON compares raw JSON values by meaning (whitespace, escapes, key order).
func semanticRawJSON(a, b json.RawMessage) bool {
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	var va, vb any
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(va, vb)
}

// modelCmp compares models: CallingPermissions by order and content, Extra values by
// meaning, nil and empty the same.
var modelCmp = cmp.Options{
	cmp.AllowUnexported(CallingPermissions{}),
	cmp.Comparer(semanticRawJSON),
	cmpopts.EquateEmpty(),
}

// mustDecodeModel decodes s into a new T.
func mustDecodeModel[T any](t testing.TB, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, s)
	}
	return v
}
