package emulator_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// trackedBody is a request body that records whether it was closed.
type trackedBody struct {
	io.Reader
	closed bool
}

func (b *trackedBody) Close() error { b.closed = true; return nil }

// failingBody fails the first read.
type failingBody struct{ closed bool }

func (b *failingBody) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
func (b *failingBody) Close() error             { b.closed = true; return nil }

func inProcessReq(t *testing.T, ctx context.Context, e *rawEmu, method, path string, body io.ReadCloser) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, emulator.InProcessBaseURL+"/"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.tokens.FullAdmin)
	if body != nil {
		req.Body = body
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func TestTransportServesInProcess(t *testing.T) {
	e := newRaw(t)
	p := pathsFor(kPerson, e.first(t, kPerson).ID)
	c := e.Server.HTTPClient()

	body := &trackedBody{Reader: strings.NewReader(`{"autoTransferNumber1":"+15550001234"}`)}
	req := inProcessReq(t, t.Context(), e, http.MethodPut, p.Transfer, body)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || resp.Request != req || resp.Header.Get("TrackingID") == "" {
		t.Fatalf("PUT = %d (request %p, want %p), TrackingID %q", resp.StatusCode, resp.Request, req, resp.Header.Get("TrackingID"))
	}
	if !body.closed {
		t.Error("request body not closed")
	}
	if req.RequestURI != "" || req.RemoteAddr != "" || req.Body != body {
		t.Errorf("the caller's request was changed: RequestURI %q, RemoteAddr %q", req.RequestURI, req.RemoteAddr)
	}

	resp, err = c.Do(inProcessReq(t, t.Context(), e, http.MethodGet, p.Transfer, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ AutoTransferNumber1 string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || got.AutoTransferNumber1 != "+15550001234" {
		t.Fatalf("GET after PUT: %v %+v", err, got)
	}
	if resp.Header.Get("Content-Type") != "application/json" || resp.ContentLength <= 0 {
		t.Errorf("Content-Type %q, ContentLength %d", resp.Header.Get("Content-Type"), resp.ContentLength)
	}
}

// TestTransportAnyHost: the URL's host only decides the host of next-page links.
func TestTransportAnyHost(t *testing.T) {
	e := newRaw(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://emulator.example:8443/v1/people?max=1", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens.FullAdmin)
	resp, err := e.Server.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	link := resp.Header.Get("Link")
	next, err := url.Parse(strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`))
	if resp.StatusCode != http.StatusOK || err != nil || next.Host != "emulator.example:8443" {
		t.Fatalf("GET people = %d, Link %q", resp.StatusCode, link)
	}
}

func TestTransportContext(t *testing.T) {
	e := newRaw(t)
	p := pathsFor(kLocation, e.first(t, kLocation).ID)
	lat, _ := http.NewRequestWithContext(t.Context(), http.MethodPut, strings.TrimSuffix(emulator.InProcessBaseURL, "/v1")+"/_emulator/faults",
		strings.NewReader(`{"latency":"10s"}`))
	lat.Header.Set("Authorization", "Bearer "+e.tokens.FullAdmin)
	lat.Header.Set("Content-Type", "application/json")
	resp, err := e.Server.HTTPClient().Do(lat)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /_emulator/faults = %d", resp.StatusCode)
	}

	// Done before: nothing is served, the body is closed.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	body := &trackedBody{Reader: strings.NewReader(`{}`)}
	if _, err := e.Server.Transport().RoundTrip(inProcessReq(t, ctx, e, http.MethodPut, p.Transfer, body)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: err = %v", err)
	}
	if !body.closed {
		t.Error("request body not closed on a cancelled request")
	}

	// Done while served (the injected latency): the context's error, promptly.
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = e.Server.HTTPClient().Do(inProcessReq(t, ctx, e, http.MethodGet, p.Outgoing, nil))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("deadline during latency: err = %v after %v", err, time.Since(start))
	}
}

// TestTransportBodyReadError: a body that cannot be read is an error, not a panic.
func TestTransportBodyReadError(t *testing.T) {
	e := newRaw(t)
	p := pathsFor(kPerson, e.first(t, kPerson).ID)
	body := &failingBody{}
	resp, err := e.Server.Transport().RoundTrip(inProcessReq(t, t.Context(), e, http.MethodPut, p.Transfer, body))
	if err == nil {
		resp.Body.Close()
		t.Fatalf("unreadable body: %d, want an error", resp.StatusCode)
	}
	if !strings.Contains(err.Error(), "aborted") {
		t.Errorf("err = %v, want the handler's abort", err)
	}
	if !body.closed {
		t.Error("request body not closed")
	}
}

// TestTransportSDK: the SDK works over the in-process transport, pagination included.
func TestTransportSDK(t *testing.T) {
	e := newRaw(t, scaled)
	c, err := wxc.NewClient(e.tokens.FullAdmin, wxc.WithBaseURL(emulator.InProcessBaseURL), wxc.WithHTTPClient(e.Server.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	got := collect(t, c.People.All(t.Context(), &wxc.PeopleListOptions{Max: 2}))
	if len(got) != 9 {
		t.Fatalf("people over the in-process transport: %d, want 9", len(got))
	}
}
