package emulator_test

// The harness of the black-box tests (package emulator_test): newRaw starts an emulator
// (emulatortest.New: listening on 127.0.0.1, with an SDK client) and adds raw HTTP helpers
// that drive its Handler in process through the emulator's own Transport, so that the wire
// tests do not depend on the SDK getting the wire format right.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/wxc"
)

// Entity kinds as used in these tests.
const (
	kPerson      = "person"
	kWorkspace   = "workspace"
	kLocation    = "location"
	kVirtualLine = "virtual-line"
)

var allKinds = []string{kPerson, kWorkspace, kLocation, kVirtualLine}

// featurePaths are the API paths (relative to /v1/, no leading slash) of one entity.
type featurePaths struct {
	Outgoing, Transfer, AccessCodes, DigitPatterns string
}

// DigitPattern is the path of one digit pattern.
func (p featurePaths) DigitPattern(id string) string {
	return p.DigitPatterns + "/" + url.PathEscape(id)
}

// pathsFor returns the official (OAS) paths for kind/id.
func pathsFor(kind, id string) featurePaths {
	id = url.PathEscape(id)
	switch kind {
	case kPerson:
		tc := "telephony/config/people/" + id + "/outgoingPermission"
		return featurePaths{"people/" + id + "/features/outgoingPermission", tc + "/autoTransferNumbers", tc + "/accessCodes", tc + "/digitPatterns"}
	case kWorkspace:
		f := "workspaces/" + id + "/features/outgoingPermission"
		return featurePaths{f, f + "/autoTransferNumbers", f + "/accessCodes", "telephony/config/workspaces/" + id + "/outgoingPermission/digitPatterns"}
	case kLocation:
		b := "telephony/config/locations/" + id + "/outgoingPermission"
		return featurePaths{b, b + "/autoTransferNumbers", b + "/accessCodes", b + "/digitPatterns"}
	case kVirtualLine:
		b := "telephony/config/virtualLines/" + id + "/outgoingPermission"
		return featurePaths{b, b + "/autoTransferNumbers", b + "/accessCodes", b + "/digitPatterns"}
	}
	panic("unknown kind " + kind)
}

// rawEmu is an emulator under test: emulatortest's (Server, BaseURL, Client, ClientFor,
// Tokens, OrgID, Admin), plus raw requests through its Handler (call, must, getJSON) and
// its entities (entities, first, snapshot).
type rawEmu struct {
	*emulatortest.Emulator
	tokens emulator.Tokens // = Tokens
}

// newRaw starts an in-memory emulator configured by opts; t.Cleanup closes it.
func newRaw(t testing.TB, opts ...func(*emulator.Options)) *rawEmu {
	t.Helper()
	emu := emulatortest.New(t, opts...)
	return &rawEmu{Emulator: emu, tokens: emu.Tokens}
}

// rawResp is one recorded answer.
type rawResp struct {
	Status int
	Header http.Header
	Body   []byte
	Req    *http.Request
}

func (r *rawResp) String() string { return string(r.Body) }

// errorCodes returns errors[].errorCode of an error body.
func (r *rawResp) errorCodes() []int {
	var e struct {
		Errors []struct {
			ErrorCode int `json:"errorCode"`
		} `json:"errors"`
	}
	json.Unmarshal(r.Body, &e)
	var out []int
	for _, x := range e.Errors {
		out = append(out, x.ErrorCode)
	}
	return out
}

// newRequest builds a request for path (relative to /v1/, may carry a query), as a server
// would receive it (it also goes to a RoundTripper).
func newRequest(token, method, path string, body []byte) *http.Request {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, "http://127.0.0.1/v1/"+strings.TrimPrefix(path, "/"), rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// call sends one request through the handler. body may be nil, []byte, string or any JSON value.
func (e *rawEmu) call(token, method, path string, body any) *rawResp {
	var b []byte
	switch v := body.(type) {
	case nil:
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		var err error
		if b, err = json.Marshal(v); err != nil {
			panic(err)
		}
	}
	resp, err := e.Server.Transport().RoundTrip(newRequest(token, method, path, b))
	if err != nil {
		panic(err) // the in-process transport fails only on a done context or an unreadable body
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(err)
	}
	return &rawResp{Status: resp.StatusCode, Header: resp.Header, Body: got, Req: newRequest(token, method, path, b)}
}

// must sends a request as full admin and fails the test unless the status is want.
func (e *rawEmu) must(t testing.TB, method, path string, body any, want int) *rawResp {
	t.Helper()
	r := e.call(e.tokens.FullAdmin, method, path, body)
	if r.Status != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// getJSON GETs path as full admin into out.
func (e *rawEmu) getJSON(t testing.TB, path string, out any) {
	t.Helper()
	r := e.must(t, http.MethodGet, path, nil, http.StatusOK)
	if err := json.Unmarshal(r.Body, out); err != nil {
		t.Fatalf("GET %s: decode: %v: %s", path, err, r.Body)
	}
}

// entity is one entity of a kind with its location.
type entity struct {
	Kind, ID, LocationID string
}

// entities lists (up to max per kind) calling entities of the primary org.
func (e *rawEmu) entities(t testing.TB, kind string, max int) []entity {
	t.Helper()
	var out []entity
	switch kind {
	case kPerson:
		var l struct {
			Items []struct{ ID, LocationID string } `json:"items"`
		}
		e.getJSON(t, "people?callingData=true&max=100", &l)
		for _, it := range l.Items {
			if it.LocationID != "" {
				out = append(out, entity{kind, it.ID, it.LocationID})
			}
		}
	case kWorkspace:
		var l struct {
			Items []struct {
				ID, LocationID string
				Calling        *struct{ Type string } `json:"calling"`
			} `json:"items"`
		}
		e.getJSON(t, "workspaces?max=100", &l)
		for _, it := range l.Items {
			if it.Calling == nil || it.Calling.Type == "webexCalling" {
				out = append(out, entity{kind, it.ID, it.LocationID})
			}
		}
	case kLocation:
		var l struct {
			Locations []struct{ ID string } `json:"locations"`
		}
		e.getJSON(t, "telephony/config/locations?max=100", &l)
		for _, it := range l.Locations {
			out = append(out, entity{kind, it.ID, it.ID})
		}
	case kVirtualLine:
		var l struct {
			VirtualLines []struct {
				ID       string
				Location *struct{ ID string } `json:"location"`
			} `json:"virtualLines"`
		}
		e.getJSON(t, "telephony/config/virtualLines?max=100", &l)
		for _, it := range l.VirtualLines {
			loc := ""
			if it.Location != nil {
				loc = it.Location.ID
			}
			out = append(out, entity{kind, it.ID, loc})
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s entities in the default data", kind)
	}
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}

// first returns the first entity of a kind.
func (e *rawEmu) first(t testing.TB, kind string) entity {
	t.Helper()
	return e.entities(t, kind, 1)[0]
}

// snapshot GETs every feature of an entity and returns the bodies keyed by path, for
// "nothing changed" checks.
func (e *rawEmu) snapshot(t testing.TB, kind, id string) map[string]string {
	t.Helper()
	p := pathsFor(kind, id)
	out := map[string]string{}
	for _, path := range []string{p.Outgoing, p.Transfer, p.AccessCodes, p.DigitPatterns} {
		r := e.must(t, http.MethodGet, path, nil, http.StatusOK)
		out[path] = string(r.Body)
	}
	return out
}

// ---- SDK-side helpers ----

// sdkKinds maps our test kind names to SDK kinds.
var sdkKinds = map[string]wxc.EntityKind{
	kPerson: wxc.Person, kWorkspace: wxc.Workspace, kLocation: wxc.Location, kVirtualLine: wxc.VirtualLine,
}

// eras are the API eras the emulator serves.
var eras = []string{"current", "2024"}

func withEra(era string) func(*emulator.Options) {
	return func(o *emulator.Options) { o.APIEra = era }
}

// apiErr asserts err is an *wxc.APIError with the status (and errorCode when non-zero).
func apiErr(t testing.TB, err error, status, errorCode int) *wxc.APIError {
	t.Helper()
	var ae *wxc.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v (%T), want *wxc.APIError %d", err, err, status)
	}
	if ae.StatusCode != status {
		t.Fatalf("status = %d, want %d (%v)", ae.StatusCode, status, err)
	}
	if errorCode != 0 && ae.ErrorCode != errorCode {
		found := false
		for _, d := range ae.Details {
			found = found || d.ErrorCode == errorCode
		}
		if !found {
			t.Fatalf("errorCode = %d (details %+v), want %d", ae.ErrorCode, ae.Details, errorCode)
		}
	}
	return ae
}

func strp(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func boolp(p *bool) string {
	if p == nil {
		return "<nil>"
	}
	if *p {
		return "true"
	}
	return "false"
}
