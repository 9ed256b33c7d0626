package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// Contract tests: every emulator answer (2xx and errors) for every operation of the
// official OpenAPI document validates against that document (internal/openapitest, which
// also corrects the document's location access-code schema, spec §1.4). Era "current" only
// (the document is today's API). GET organizations and organizations/{orgId} of
// testdata/openapi/call-routing-and-orgs.openapi.yaml: orgs_test.go validates every answer
// (each role, errors included) against that document. POST
// telephony/config/actions/testCallRouting/invoke of the same document: callrouting_test.go
// validates its requests and every answer (decisions, and 400/401/403/404).

// contractOp is one (path template, method) of the document.
type contractOp struct {
	path, method string
}

// notImplemented are document operations outside the emulator's scope (the document has
// them because the trimmed source tags carry them). They may answer 404/405, never 5xx.
var notImplemented = map[contractOp]bool{
	{"/locations", "POST"}:                     true,
	{"/people", "POST"}:                        true,
	{"/people/{personId}", "PUT"}:              true,
	{"/people/{personId}", "DELETE"}:           true,
	{"/telephony/config/virtualLines", "POST"}: true,
	{"/workspaces", "POST"}:                    true,
}

func contractOps(t testing.TB) []contractOp {
	t.Helper()
	ops, err := openapitest.Operations()
	if err != nil {
		t.Fatal(err)
	}
	var out []contractOp
	order := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "DELETE": 3}
	for _, op := range ops {
		out = append(out, contractOp{op.Path, op.Method})
	}
	// Creates before updates and deletes on the same path.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return order[out[i].method] < order[out[j].method]
	})
	return out
}

// contractFixture fills path templates with real IDs and gives a valid body per operation.
type contractFixture struct {
	e   *rawEmu
	ids map[string]string // path parameter -> entity ID
	seq int
}

func newContractFixture(t testing.TB, e *rawEmu) *contractFixture {
	return &contractFixture{e: e, ids: map[string]string{
		"personId":      e.first(t, kPerson).ID,
		"workspaceId":   e.first(t, kWorkspace).ID,
		"locationId":    e.first(t, kLocation).ID,
		"virtualLineId": e.first(t, kVirtualLine).ID,
	}}
}

// kindOf tells which entity kind a path template is about.
func kindOf(path string) string {
	switch {
	case strings.Contains(path, "{personId}"):
		return kPerson
	case strings.Contains(path, "{workspaceId}"):
		return kWorkspace
	case strings.Contains(path, "{virtualLineId}"):
		return kVirtualLine
	case strings.Contains(path, "{locationId}"):
		return kLocation
	}
	return ""
}

// fill returns the concrete path (relative to /v1) for op; it creates a digit pattern or an
// access code when the template needs one. unknown replaces the entity ID with one that
// does not exist.
func (f *contractFixture) fill(t testing.TB, op contractOp, unknown bool) string {
	t.Helper()
	p := op.path
	kind := kindOf(p)
	for param, id := range f.ids {
		if unknown {
			id = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9kb2VzLW5vdC1leGlzdA"
		}
		p = strings.ReplaceAll(p, "{"+param+"}", id)
	}
	if strings.Contains(p, "{digitPatternId}") {
		id := "Y2lzY29zcGFyazovL3VzL0RJR0lUX1BBVFRFUk4vbm9uZQ"
		if !unknown {
			f.seq++
			parent := pathsFor(kind, f.ids[paramOf(kind)]).DigitPatterns
			r := f.e.must(t, http.MethodPost, parent, fmt.Sprintf(`{"name":"contract-%d","pattern":"5%03d","action":"ALLOW","transferEnabled":true}`, f.seq, f.seq), http.StatusCreated)
			var c struct{ ID string }
			json.Unmarshal(r.Body, &c)
			id = c.ID
		}
		p = strings.ReplaceAll(p, "{digitPatternId}", id)
	}
	if strings.Contains(p, "{accessCode}") {
		f.seq++
		code := fmt.Sprintf("7%03d", f.seq)
		if !unknown {
			f.e.call(f.e.tokens.FullAdmin, http.MethodPost, pathsFor(kind, f.ids[paramOf(kind)]).AccessCodes, fmt.Sprintf(`{"code":"%s","description":"c"}`, code))
		}
		p = strings.ReplaceAll(p, "{accessCode}", code)
	}
	return strings.TrimPrefix(p, "/")
}

func paramOf(kind string) string {
	return map[string]string{kPerson: "personId", kWorkspace: "workspaceId", kLocation: "locationId", kVirtualLine: "virtualLineId"}[kind]
}

// body returns a valid request body for op (nil when it has none).
func (f *contractFixture) body(op contractOp) []byte {
	f.seq++
	kind := kindOf(op.path)
	p := op.path
	var s string
	switch {
	case op.method == "PUT" && strings.HasSuffix(p, "/outgoingPermission"):
		if kind == kLocation {
			s = `{"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true}]}`
		} else {
			s = `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true}]}`
		}
	case op.method == "PUT" && strings.HasSuffix(p, "/autoTransferNumbers"):
		if kind == kLocation {
			s = `{"autoTransferNumber1":"+15550100001"}`
		} else {
			s = `{"useCustomTransferNumbers":true,"autoTransferNumber1":"+15550100001"}`
		}
	case op.method == "POST" && strings.HasSuffix(p, "/accessCodes"):
		if kind == kLocation {
			s = fmt.Sprintf(`{"accessCodes":[{"code":"6%03d","description":"contract"}]}`, f.seq)
		} else {
			s = fmt.Sprintf(`{"code":"6%03d","description":"contract"}`, f.seq)
		}
	case op.method == "PUT" && strings.HasSuffix(p, "/accessCodes"):
		if kind == kLocation {
			s = `{"deleteCodes":["0000"]}`
		} else {
			s = `{"useCustomAccessCodes":true,"deleteCodes":["0000"]}`
		}
	case op.method == "POST" && strings.HasSuffix(p, "/digitPatterns"):
		s = fmt.Sprintf(`{"name":"contract-body-%d","pattern":"4%03d","action":"BLOCK","transferEnabled":false}`, f.seq, f.seq)
	case op.method == "PUT" && strings.HasSuffix(p, "/digitPatterns"):
		s = `{"useCustomDigitPatterns":true}`
	case op.method == "PUT" && strings.HasSuffix(p, "/{digitPatternId}"):
		s = fmt.Sprintf(`{"name":"contract-renamed-%d"}`, f.seq)
	case op.method == "POST" || op.method == "PUT":
		s = `{}`
	default:
		return nil
	}
	return []byte(s)
}

// checkAnswer validates one answer against the document and, for errors, the error shape.
func checkAnswer(t *testing.T, r *rawResp) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s %s = %d: %s", r.Req.Method, r.Req.URL.Path, r.Status, r.Body)
		return
	}
	openapitest.ValidateResponse(t, r.Req, r.Status, r.Header, r.Body)
	if r.Status >= 400 {
		checkErrorBody(t, r)
	}
}

// TestContractSuccess sends a valid request to every operation and validates the answer.
func TestContractSuccess(t *testing.T) {
	e := newRaw(t)
	f := newContractFixture(t, e)
	for _, op := range contractOps(t) {
		t.Run(op.method+" "+op.path, func(t *testing.T) {
			path := f.fill(t, op, false)
			if op.method == "GET" && (op.path == "/people" || op.path == "/workspaces" || op.path == "/locations" ||
				op.path == "/telephony/config/locations" || op.path == "/telephony/config/virtualLines") {
				path += "?max=2"
				if op.path == "/people" {
					path += "&callingData=true"
				}
			}
			body := f.body(op)
			r := e.call(e.tokens.FullAdmin, op.method, path, body)
			if !notImplemented[op] {
				// The test's own request must match the document too.
				if err := openapitest.CheckRequest(r.Req, body); err != nil {
					t.Errorf("test request does not match the document: %v", err)
				}
			}
			checkAnswer(t, r)
			if !notImplemented[op] && (r.Status < 200 || r.Status > 299) {
				t.Errorf("%s %s = %d, want 2xx: %s", op.method, path, r.Status, r.Body)
			}
			if r.Status >= 200 && r.Status < 300 {
				if ct := r.Header.Get("Content-Type"); len(r.Body) > 0 && !strings.HasPrefix(ct, "application/json") {
					t.Errorf("2xx body with Content-Type %q", ct)
				}
				if r.Status == 204 && len(r.Body) != 0 {
					t.Errorf("204 with a body: %q", r.Body)
				}
			}
		})
	}
}

// TestContractErrors sends failing requests (no token, bad token, unknown entity, read-only
// write, malformed body) to every operation and validates each error answer.
func TestContractErrors(t *testing.T) {
	e := newRaw(t)
	f := newContractFixture(t, e)
	for _, op := range contractOps(t) {
		t.Run(op.method+" "+op.path, func(t *testing.T) {
			path := f.fill(t, op, false)
			body := f.body(op)
			type errCase struct {
				name  string
				r     *rawResp
				wants []int
			}
			cases := []errCase{
				{"no token", e.call("", op.method, path, body), []int{401}},
				{"bad token", e.call("not-a-token", op.method, path, body), []int{401}},
			}
			if op.method != "GET" {
				cases = append(cases, errCase{"read-only admin writes", e.call(e.tokens.ReadOnlyAdmin, op.method, path, body), []int{403, 404, 405}})
			}
			if strings.Contains(op.path, "{") {
				cases = append(cases, errCase{"unknown entity", e.call(e.tokens.FullAdmin, op.method, f.fill(t, op, true), body), []int{404, 405}})
			}
			if body != nil && !notImplemented[op] {
				cases = append(cases,
					errCase{"malformed body", e.call(e.tokens.FullAdmin, op.method, path, "{"), []int{400}},
					errCase{"wrong JSON type", e.call(e.tokens.FullAdmin, op.method, path, "[]"), []int{400}})
			}
			for _, c := range cases {
				if !slices.Contains(c.wants, c.r.Status) {
					t.Errorf("%s: %s %s = %d, want one of %v: %s", c.name, op.method, c.r.Req.URL.Path, c.r.Status, c.wants, c.r.Body)
				}
				checkAnswer(t, c.r)
			}
		})
	}
}

// TestContractUnsettableCallType: the 25024 answer validates too.
func TestContractUnsettableCallType(t *testing.T) {
	e := newRaw(t)
	for _, kind := range allKinds {
		p := pathsFor(kind, e.first(t, kind).ID)
		r := e.call(e.tokens.FullAdmin, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"CASUAL","action":"ALLOW","transferEnabled":true}]}`)
		if r.Status != 400 || !slices.Contains(r.errorCodes(), 25024) {
			t.Errorf("%s CASUAL: %d %s, want 400 with errorCode 25024", kind, r.Status, r.Body)
		}
		checkAnswer(t, r)
	}
}
