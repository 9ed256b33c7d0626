// Package emulatortest starts an in-process outgoing-permissions emulator for tests, in the
// spirit of net/http/httptest, and hands back a ready SDK client:
//
//	func TestSomething(t *testing.T) {
//		emu := emulatortest.New(t)
//		perms, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), personID)
//		...
//	}
//
// The server listens on 127.0.0.1 on a free port and is closed by t.Cleanup.
package emulatortest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// Emulator is a running in-process emulator plus an SDK client for it.
type Emulator struct {
	// Server is the emulator; tests may use its Handler, Tokens and OrgID directly.
	Server *emulator.Server
	// BaseURL is the API base URL, "http://127.0.0.1:PORT/v1".
	BaseURL string
	// Client is an SDK client authenticated with the full-admin token of the primary org.
	Client *wxc.Client
	// Tokens are the emulator's tokens (full, read-only and location admin, user, partner admin).
	Tokens emulator.Tokens
	// OrgID is the primary customer org.
	OrgID string

	t testing.TB
}

// New starts an emulator configured by opts (each one edits the emulator.Options before
// the server starts), listening on 127.0.0.1:0. It fails the test if the emulator cannot
// start, and registers t.Cleanup to close it.
func New(t testing.TB, opts ...func(*emulator.Options)) *Emulator {
	t.Helper()
	var o emulator.Options
	for _, f := range opts {
		f(&o)
	}
	srv, err := emulator.New(o)
	if err != nil {
		t.Fatalf("emulatortest: start emulator: %v", err)
	}
	baseURL, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		srv.Close()
		t.Fatalf("emulatortest: listen: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("emulatortest: close emulator: %v", err)
		}
	})
	e := &Emulator{Server: srv, BaseURL: baseURL, Tokens: srv.Tokens(), OrgID: srv.OrgID(), t: t}
	e.Client = e.ClientFor(e.Tokens.FullAdmin)
	return e
}

// ClientFor returns an SDK client for the emulator that authenticates with token. opts are
// applied after the emulator's base URL, so they may override anything but should not need to.
func (e *Emulator) ClientFor(token string, opts ...wxc.Option) *wxc.Client {
	e.t.Helper()
	all := append([]wxc.Option{wxc.WithBaseURL(e.BaseURL)}, opts...)
	c, err := wxc.NewClient(token, all...)
	if err != nil {
		e.t.Fatalf("emulatortest: new client: %v", err)
	}
	return c
}

// Admin calls an emulator admin endpoint, path like "/_emulator/reset" or
// "/_emulator/faults", with the full-admin token those endpoints need; body,
// when not empty, is sent as application/json. It returns the status and the
// response body, and fails the test on a transport error.
//
//	emu.Admin(http.MethodPut, "/_emulator/faults", `{"faultRate":0.2}`)
//	emu.Admin(http.MethodPost, "/_emulator/reset", "")
func (e *Emulator) Admin(method, path, body string) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(e.BaseURL, "/v1")+path, rd)
	if err != nil {
		e.t.Fatalf("emulatortest: admin request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+e.Tokens.FullAdmin)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("emulatortest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("emulatortest: %s %s: %v", method, path, err)
	}
	return resp.StatusCode, b
}
