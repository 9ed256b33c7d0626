package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// tsrv is the harness of the white-box tests (package emulator): a Server driven in
// process through its Transport (no socket), with access to its internals.
type tsrv struct {
	*Server
	t   *testing.T
	tok string
}

func newT(t *testing.T, opts Options) *tsrv {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &tsrv{Server: s, t: t, tok: s.Tokens().FullAdmin}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errCode returns errors[0].errorCode of a Webex error body, checking its shape.
func (r resp) errCode(t *testing.T) int {
	t.Helper()
	var e struct {
		Message string `json:"message"`
		Errors  []struct {
			Description string `json:"description"`
			ErrorCode   int    `json:"errorCode"`
		} `json:"errors"`
		TrackingID string `json:"trackingId"`
	}
	r.json(t, &e)
	if e.Message == "" || len(e.Errors) != 1 || e.Errors[0].Description == "" || e.TrackingID == "" {
		t.Fatalf("error body not in the Webex shape: %s", r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("error Content-Type = %q", ct)
	}
	if e.TrackingID != r.header.Get("TrackingID") {
		t.Fatalf("trackingId %q != header %q", e.TrackingID, r.header.Get("TrackingID"))
	}
	return e.Errors[0].ErrorCode
}

func (s *tsrv) doTok(tok, method, path string, body any) resp {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, "http://emu.test"+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Content-Type", "application/json;charset=utf-8")
	r := s.serve(req)
	if r.header.Get("TrackingID") == "" {
		s.t.Fatalf("%s %s: no TrackingID header", method, path)
	}
	if r.status == http.StatusInternalServerError && !strings.Contains(string(r.body), "injected") {
		s.t.Fatalf("%s %s: 500: %s", method, path, r.body)
	}
	return r
}

// serve sends req to the handler through the emulator's in-process Transport and
// reads the answer.
func (s *tsrv) serve(req *http.Request) resp {
	s.t.Helper()
	res, err := s.Transport().RoundTrip(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatalf("%s %s: read the answer: %v", req.Method, req.URL.Path, err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func (s *tsrv) do(method, path string, body any) resp {
	s.t.Helper()
	return s.doTok(s.tok, method, path, body)
}

// must asserts the status and returns the response.
func (s *tsrv) must(status int, method, path string, body any) resp {
	s.t.Helper()
	r := s.do(method, path, body)
	if r.status != status {
		s.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	return r
}

type permsResp struct {
	UseCustomEnabled     *bool `json:"useCustomEnabled"`
	UseCustomPermissions *bool `json:"useCustomPermissions"`
	CallingPermissions   []struct {
		CallType                     string `json:"callType"`
		Action                       string `json:"action"`
		TransferEnabled              bool   `json:"transferEnabled"`
		IsCallTypeRestrictionEnabled *bool  `json:"isCallTypeRestrictionEnabled"`
	} `json:"callingPermissions"`
}

func (p permsResp) action(ct string) string {
	for _, e := range p.CallingPermissions {
		if e.CallType == ct {
			return e.Action
		}
	}
	return ""
}

func (p permsResp) types() []string {
	var out []string
	for _, e := range p.CallingPermissions {
		out = append(out, e.CallType)
	}
	return out
}

func (s *tsrv) perms(path string) permsResp {
	s.t.Helper()
	var p permsResp
	s.must(200, "GET", path, nil).json(s.t, &p)
	return p
}

func (s *tsrv) person(i int) *person     { return s.dir.primary.people[i] }
func (s *tsrv) location(i int) *location { return s.dir.primary.locations[i] }

func personPath(p *person) string { return "/v1/people/" + p.id + "/features/outgoingPermission" }
func tcPersonPath(p *person) string {
	return "/v1/telephony/config/people/" + p.id + "/outgoingPermission"
}
func locPath(l *location) string {
	return "/v1/telephony/config/locations/" + l.id + "/outgoingPermission"
}
