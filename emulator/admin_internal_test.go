package emulator

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// adminReq sends a request to the handler with exactly the given headers.
func (s *tsrv) adminReq(method, path, body string, hdr map[string]string) resp {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://127.0.0.1:8080"+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return s.serve(req)
}

// TestUnitAdminEndpointsGuarded: the full-admin token is needed on every
// admin endpoint but GET health; a foreign Origin is 403; a body that is not
// JSON is 415. The cross-site form post of issue 9 changes nothing.
func TestUnitAdminEndpointsGuarded(t *testing.T) {
	s := newT(t, Options{})
	tok := s.Tokens()
	full := "Bearer " + tok.FullAdmin
	pp := personPath(s.person(0))
	s.must(204, "PUT", pp, `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":false}]}`)
	json := map[string]string{"Authorization": full, "Content-Type": "application/json"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "" {
				delete(m, kv[i])
			} else {
				m[kv[i]] = kv[i+1]
			}
		}
		return m
	}
	const form = "application/x-www-form-urlencoded"
	endpoints := []struct{ method, path, body string }{
		{"POST", "/_emulator/reset", ""},
		{"GET", "/_emulator/faults", ""},
		{"PUT", "/_emulator/faults", `{"faultRate":0}`},
	}
	for _, e := range endpoints {
		t.Run(e.method+" "+e.path, func(t *testing.T) {
			cases := []struct {
				name string
				body string
				hdr  map[string]string
				want int
			}{
				{"no token", e.body, with(json, "Authorization", ""), 401},
				{"unknown token", e.body, with(json, "Authorization", "Bearer nope"), 401},
				{"read-only admin", e.body, with(json, "Authorization", "Bearer "+tok.ReadOnlyAdmin), 403},
				{"partner admin", e.body, with(json, "Authorization", "Bearer "+tok.PartnerAdmin), 403},
				{"user", e.body, with(json, "Authorization", "Bearer "+tok.User), 403},
				{"foreign origin", e.body, with(json, "Origin", "https://evil.example"), 403},
				{"foreign origin without token", e.body, with(json, "Origin", "https://evil.example", "Authorization", ""), 403},
				{"same host, other port", e.body, with(json, "Origin", "http://127.0.0.1:3000"), 403},
				{"null origin", e.body, with(json, "Origin", "null"), 403},
				{"cross-site fetch", e.body, with(json, "Sec-Fetch-Site", "cross-site"), 403},
				{"form", "a=b", with(json, "Content-Type", form), 415},
				{"text/plain", "{}", with(json, "Content-Type", "text/plain"), 415},
				{"form without body", "", with(json, "Content-Type", form), 415},
				{"body without content type", `{"faultRate":0}`, with(json, "Content-Type", ""), 415},
				{"bad content type", "{}", with(json, "Content-Type", ";;"), 415},
			}
			for _, c := range cases {
				r := s.adminReq(e.method, e.path, c.body, c.hdr)
				if r.status != c.want {
					t.Errorf("%s: status %d, want %d: %s", c.name, r.status, c.want, r.body)
					continue
				}
				r.errCode(t) // the Webex error shape
			}
			// Correct: token, JSON (with parameters), same origin.
			ok := with(json, "Content-Type", "application/json; charset=utf-8", "Origin", "http://127.0.0.1:8080", "Sec-Fetch-Site", "same-origin")
			if e.method == "POST" {
				ok = with(ok, "Content-Type", "") // no body, no content type: curl -X POST
			}
			if r := s.adminReq(e.method, e.path, e.body, ok); r.status/100 != 2 {
				t.Errorf("with the full-admin token: status %d: %s", r.status, r.body)
			}
			if e.path == "/_emulator/reset" {
				if a := s.perms(pp).action(ctInternational); a == "ALLOW" {
					t.Error("the accepted reset did not reset")
				}
			}
			s.must(204, "PUT", pp, `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":false}]}`)
		})
	}

	// Issue 9's attack: a cross-site form post to reset. Refused, and nothing is reset.
	r := s.adminReq("POST", "/_emulator/reset", "x=1", map[string]string{"Origin": "https://evil.example", "Content-Type": form})
	if r.status != http.StatusForbidden {
		t.Fatalf("cross-site form post: %d", r.status)
	}
	r = s.adminReq("POST", "/_emulator/reset", "x=1", map[string]string{"Content-Type": form})
	if r.status != http.StatusUnauthorized {
		t.Fatalf("form post without Origin or token: %d", r.status)
	}
	if a := s.perms(pp).action(ctInternational); a != "ALLOW" {
		t.Fatalf("a refused reset reset the state: INTERNATIONAL is %s", a)
	}

	// Health needs no token (liveness probes) but is still same-origin only.
	if r := s.adminReq("GET", "/_emulator/health", "", nil); r.status != 200 {
		t.Fatalf("health without token: %d", r.status)
	}
	if r := s.adminReq("HEAD", "/_emulator/health", "", nil); r.status != 200 {
		t.Fatalf("HEAD health without token: %d", r.status)
	}
	if r := s.adminReq("GET", "/_emulator/health", "", map[string]string{"Origin": "https://evil.example"}); r.status != 403 {
		t.Fatalf("health from a foreign origin: %d", r.status)
	}
	// Unknown admin paths need the token too (no probing).
	if r := s.adminReq("GET", "/_emulator/nothing", "", nil); r.status != 401 {
		t.Fatalf("unknown admin path without token: %d", r.status)
	}
}

// TestUnitAdminOverHTTP runs the refused and the accepted reset through a
// real loopback listener, as curl or a browser would.
func TestUnitAdminOverHTTP(t *testing.T) {
	srv, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	base, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	root := strings.TrimSuffix(base, "/v1")
	do := func(hdr map[string]string, body string) int {
		req, _ := http.NewRequestWithContext(t.Context(), "POST", root+"/_emulator/reset", strings.NewReader(body))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := do(map[string]string{"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, "a=b"); st != 403 {
		t.Errorf("cross-site form post: %d, want 403", st)
	}
	if st := do(nil, ""); st != 401 {
		t.Errorf("no token: %d, want 401", st)
	}
	if st := do(map[string]string{"Authorization": "Bearer " + srv.Tokens().FullAdmin, "Content-Type": "application/x-www-form-urlencoded"}, "a=b"); st != 415 {
		t.Errorf("form with token: %d, want 415", st)
	}
	if st := do(map[string]string{"Authorization": "Bearer " + srv.Tokens().FullAdmin}, ""); st != 204 {
		t.Errorf("with token: %d, want 204", st)
	}
}
