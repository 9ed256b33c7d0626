package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// Black-box tests of POST telephony/config/actions/testCallRouting/invoke: decisions on the
// demo org, and every answer (2xx and errors) against the call-routing OpenAPI document.

const (
	callRoutingPath = "telephony/config/actions/testCallRouting/invoke"
	callRoutingSpec = "testdata/openapi/call-routing-and-orgs.openapi.yaml"
)

func callRoutingContract(t testing.TB) *openapitest.Contract {
	t.Helper()
	c, err := openapitest.Load(callRoutingSpec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demoPerson is a calling person of the demo org as GET people lists it.
type demoPerson struct {
	ID, LocationID, Extension, DisplayName string
	PhoneNumbers                           []struct{ Type, Value string }
}

func demoPeople(t testing.TB, e *rawEmu) []demoPerson {
	t.Helper()
	var l struct{ Items []demoPerson }
	e.getJSON(t, "people?callingData=true&max=100", &l)
	var out []demoPerson
	for _, p := range l.Items {
		if p.LocationID != "" {
			out = append(out, p)
		}
	}
	if len(out) < 12 {
		t.Fatalf("demo org has %d calling people, want at least 12", len(out))
	}
	return out
}

type routingAnswer struct {
	DestinationType string `json:"destinationType"`
	RoutingAddress  string `json:"routingAddress"`
	IsRejected      bool   `json:"isRejected"`
	HostedAgent     *struct {
		ID, Type string
	} `json:"hostedAgent"`
	AppliedServices []struct {
		ByType *struct {
			ConfigurationLevel, CallType, Permission, TransferNumber, Reason, Number string
		} `json:"outgoingCallingPlanPermissionsByType"`
		ByPattern *struct {
			ConfigurationLevel, Name, Permission, TransferNumber, Pattern, Reason, Number string
		} `json:"outgoingCallingPlanPermissionsByDigitPattern"`
	} `json:"appliedServices"`
}

func routingBody(originator, dest string) string {
	return fmt.Sprintf(`{"originatorId":%q,"originatorType":"PEOPLE","destination":%q,"includeAppliedServices":true}`, originator, dest)
}

// TestCallRoutingDecisions runs calls of demo people (see demo.go for their settings)
// and checks the decision and that each answer matches the document.
func TestCallRoutingDecisions(t *testing.T) {
	t.Parallel()
	e := newRaw(t, func(o *emulator.Options) { o.Demo = true })
	ct := callRoutingContract(t)
	people := demoPeople(t, e)
	// People i live in location i%4: Dallas (US), Frankfurt (DE), London (GB), New York (US).
	tests := []struct {
		name     string
		person   int
		dest     string
		wantDest string
		rejected bool
		// the applied service: a digit pattern (pattern != "") or a call type
		level, callType, pattern, permission, transfer, reason string
	}{
		{"location pattern over call type", 0, "+1 900 555 0123", "PSTN_NUMBER", false, "LOCATION", "", "Premium hotline", "ALLOW", "", ""},
		{"location pattern in national form", 0, "19765550123", "PSTN_NUMBER", true, "LOCATION", "", "Block 976", "BLOCK", "", ""},
		{"inherited AUTH_CODE with location codes", 0, "+442079460000", "PSTN_NUMBER", false, "LOCATION", "INTERNATIONAL", "", "AUTH_CODE", "", ""},
		{"custom call type", 1, "+12125550123", "PSTN_NUMBER", false, "PEOPLE", "INTERNATIONAL", "", "ALLOW", "", ""},
		{"location pattern while call types are custom", 1, "09001234567", "PSTN_NUMBER", true, "LOCATION", "", "Service numbers", "BLOCK", "", ""},
		{"custom AUTH_CODE with own code", 5, "030555000", "PSTN_NUMBER", false, "PEOPLE", "NATIONAL", "", "AUTH_CODE", "", ""},
		{"inherited TRANSFER_NUMBER_1 with number", 9, "030555000", "PSTN_NUMBER", false, "LOCATION", "NATIONAL", "", "TRANSFER_NUMBER_1", "+496955500", ""},
		{"TRANSFER_NUMBER_2 without number", 11, "+33155501234", "PSTN_NUMBER", true, "PEOPLE", "INTERNATIONAL", "", "TRANSFER_NUMBER_2", "", "TRANSFER_NUMBER_2_NOT_CONFIGURED"},
		{"own patterns replace the location's", 7, "+19005550123", "PSTN_NUMBER", true, "PEOPLE", "PREMIUM_SERVICES_I", "", "BLOCK", "", ""},
		{"own pattern", 7, "+9001234", "PSTN_NUMBER", false, "PEOPLE", "", "Premium 900", "ALLOW", "", ""},
		{"toll free default", 2, "08001234567", "PSTN_NUMBER", false, "LOCATION", "TOLL_FREE", "", "ALLOW", "", ""},
		{"premium default", 2, "09001234567", "PSTN_NUMBER", true, "LOCATION", "PREMIUM_SERVICES_I", "", "BLOCK", "", ""},
		{"extension", 0, people[4].Extension, "HOSTED_AGENT", false, "LOCATION", "INTERNAL_CALL", "", "ALLOW", "", ""},
		{"the org's own number", 0, people[2].PhoneNumbers[0].Value, "HOSTED_AGENT", false, "LOCATION", "INTERNAL_CALL", "", "ALLOW", "", ""},
		{"emergency", 0, "911", "EMERGENCY", false, "", "", "", "", "", ""},
		{"emergency never blocked", 2, "999", "EMERGENCY", false, "", "", "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := routingBody(people[tt.person].ID, tt.dest)
			r := e.call(e.tokens.FullAdmin, http.MethodPost, callRoutingPath, body)
			if err := ct.CheckRequest(r.Req, []byte(body)); err != nil {
				t.Errorf("test request does not match the document: %v", err)
			}
			ct.ValidateResponse(t, r.Req, r.Status, r.Header, r.Body)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			var a routingAnswer
			if err := json.Unmarshal(r.Body, &a); err != nil {
				t.Fatal(err)
			}
			if a.DestinationType != tt.wantDest || a.IsRejected != tt.rejected {
				t.Errorf("destinationType %s isRejected %v, want %s %v: %s", a.DestinationType, a.IsRejected, tt.wantDest, tt.rejected, r.Body)
			}
			if tt.permission == "" {
				if len(a.AppliedServices) != 0 {
					t.Errorf("applied services %s, want none", r.Body)
				}
				return
			}
			if len(a.AppliedServices) != 1 {
				t.Fatalf("%d applied services, want 1: %s", len(a.AppliedServices), r.Body)
			}
			s := a.AppliedServices[0]
			var got [5]string
			switch {
			case tt.pattern != "" && s.ByPattern != nil:
				p := s.ByPattern
				got = [5]string{p.ConfigurationLevel, p.Name, p.Permission, p.TransferNumber, p.Reason}
			case tt.pattern == "" && s.ByType != nil:
				p := s.ByType
				got = [5]string{p.ConfigurationLevel, p.CallType, p.Permission, p.TransferNumber, p.Reason}
			default:
				t.Fatalf("wrong kind of applied service: %s", r.Body)
			}
			want := [5]string{tt.level, tt.callType + tt.pattern, tt.permission, tt.transfer, tt.reason}
			if got != want {
				t.Errorf("applied service %v, want %v", got, want)
			}
			if tt.wantDest == "HOSTED_AGENT" && (a.HostedAgent == nil || a.HostedAgent.Type != "PEOPLE") {
				t.Errorf("hostedAgent missing or not PEOPLE: %s", r.Body)
			}
		})
	}
}

// TestCallRoutingWithoutAppliedServices: includeAppliedServices absent leaves them out; the
// decision (isRejected) is the same.
func TestCallRoutingWithoutAppliedServices(t *testing.T) {
	t.Parallel()
	e := newRaw(t, func(o *emulator.Options) { o.Demo = true })
	p := demoPeople(t, e)[0]
	r := e.must(t, http.MethodPost, callRoutingPath, fmt.Sprintf(`{"originatorId":%q,"originatorType":"PEOPLE","destination":"19765550123"}`, p.ID), http.StatusOK)
	var a routingAnswer
	if err := json.Unmarshal(r.Body, &a); err != nil {
		t.Fatal(err)
	}
	if !a.IsRejected || len(a.AppliedServices) != 0 || a.RoutingAddress != "+19765550123" {
		t.Errorf("answer %s, want rejected, routingAddress +19765550123, no appliedServices", r.Body)
	}
}

// TestCallRoutingFollowsState: a change of the person's settings changes the answer.
func TestCallRoutingFollowsState(t *testing.T) {
	t.Parallel()
	e := newRaw(t, func(o *emulator.Options) { o.Demo = true })
	p := demoPeople(t, e)[2] // London, inherits: PREMIUM_SERVICES_I BLOCK
	ask := func() routingAnswer {
		r := e.must(t, http.MethodPost, callRoutingPath, routingBody(p.ID, "09091234567"), http.StatusOK)
		var a routingAnswer
		if err := json.Unmarshal(r.Body, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := ask(); !a.IsRejected {
		t.Fatalf("before: not rejected")
	}
	paths := pathsFor(kPerson, p.ID)
	e.must(t, http.MethodPost, paths.DigitPatterns, `{"name":"GB premium","pattern":"+449!","action":"TRANSFER_NUMBER_3","transferEnabled":false}`, http.StatusCreated)
	e.must(t, http.MethodPut, paths.DigitPatterns, `{"useCustomDigitPatterns":true}`, http.StatusNoContent)
	a := ask()
	if !a.IsRejected || len(a.AppliedServices) != 1 || a.AppliedServices[0].ByPattern == nil ||
		a.AppliedServices[0].ByPattern.Reason != "TRANSFER_NUMBER_3_NOT_CONFIGURED" || a.AppliedServices[0].ByPattern.ConfigurationLevel != "PEOPLE" {
		t.Fatalf("after the pattern: %+v", a)
	}
	e.must(t, http.MethodPut, paths.Transfer, `{"useCustomTransferNumbers":true,"autoTransferNumber3":"+442079460999"}`, http.StatusNoContent)
	a = ask()
	if a.IsRejected || a.AppliedServices[0].ByPattern.TransferNumber != "+442079460999" {
		t.Fatalf("after the transfer number: %+v", a)
	}
}

// TestCallRoutingErrors: the error answers (400, 401, 403, 404) and that each matches the
// document and the Webex error shape; never a 5xx.
func TestCallRoutingErrors(t *testing.T) {
	t.Parallel()
	e := newRaw(t, func(o *emulator.Options) { o.Demo = true })
	ct := callRoutingContract(t)
	people := demoPeople(t, e)
	dallas := people[0]
	var other demoPerson // a person outside the location admin's location (the first)
	for _, p := range people {
		if p.LocationID != dallas.LocationID {
			other = p
			break
		}
	}
	ws := e.first(t, kWorkspace)
	ok := routingBody(dallas.ID, "+12125550123")
	tests := []struct {
		name, token, path, body string
		status                  int
	}{
		{"missing originatorId", e.tokens.FullAdmin, "", `{"originatorType":"PEOPLE","destination":"1"}`, 400},
		{"missing originatorType", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"destination":"1"}`, dallas.ID), 400},
		{"missing destination", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"originatorType":"PEOPLE"}`, dallas.ID), 400},
		{"null destination", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"originatorType":"PEOPLE","destination":null}`, dallas.ID), 400},
		{"unknown originatorType", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"originatorType":"ROBOT","destination":"1"}`, dallas.ID), 400},
		{"trunk originator", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"originatorType":"TRUNK","destination":"1"}`, dallas.ID), 400},
		{"letters in destination", e.tokens.FullAdmin, "", routingBody(dallas.ID, "call mom"), 400},
		{"empty destination", e.tokens.FullAdmin, "", routingBody(dallas.ID, ""), 400},
		{"wrong type", e.tokens.FullAdmin, "", fmt.Sprintf(`{"originatorId":%q,"originatorType":"PEOPLE","destination":12}`, dallas.ID), 400},
		{"malformed body", e.tokens.FullAdmin, "", `{`, 400},
		{"no body", e.tokens.FullAdmin, "", ``, 400},
		{"no token", "", "", ok, 401},
		{"bad token", "nope", "", ok, 401},
		{"read-only admin", e.tokens.ReadOnlyAdmin, "", ok, 403},
		{"user", e.tokens.User, "", ok, 403},
		{"location admin, other location", e.tokens.LocationAdmin, "", routingBody(other.ID, "+12125550123"), 403},
		{"foreign orgId", e.tokens.FullAdmin, "?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3Bl", ok, 403},
		{"unknown originator", e.tokens.FullAdmin, "", routingBody("Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub3Bl", "1"), 404},
		{"workspace as PEOPLE", e.tokens.FullAdmin, "", routingBody(ws.ID, "1"), 404},
		{"partner admin without orgId", e.tokens.PartnerAdmin, "", ok, 404},
		// Successes of the other roles, for contrast.
		{"location admin, own location", e.tokens.LocationAdmin, "", ok, 200},
		{"partner admin with orgId", e.tokens.PartnerAdmin, "?orgId=" + e.OrgID, ok, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.call(tt.token, http.MethodPost, callRoutingPath+tt.path, tt.body)
			if r.Status != tt.status {
				t.Errorf("status %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			ct.ValidateResponse(t, r.Req, r.Status, r.Header, r.Body)
			if r.Status >= 400 {
				checkErrorBody(t, r)
			}
		})
	}
	// Every other method on the path is 405 with an Allow header naming POST.
	r := e.call(e.tokens.FullAdmin, http.MethodGet, callRoutingPath, nil)
	if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" {
		t.Errorf("GET: %d Allow %q, want 405 Allow POST", r.Status, r.Header.Get("Allow"))
	}
}

// BenchmarkTestCallRouting: one testCallRouting through the handler (no socket), a US
// number that the location's digit patterns do not match (patterns, then the call type).
//
//	go test ./emulator -run '^$' -bench TestCallRouting -benchmem
func BenchmarkTestCallRouting(b *testing.B) {
	e := newRaw(b, func(o *emulator.Options) { o.Demo = true })
	p := demoPeople(b, e)[0]
	benchServe(b, e, http.MethodPost, callRoutingPath, []byte(routingBody(p.ID, "+1 212 555 0123")), http.StatusOK)
}

// TestCallRoutingSeededCountries: a seed file's country is matched without regard to case;
// a country without a dial plan is a 400 that names it (not a 500).
func TestCallRoutingSeededCountries(t *testing.T) {
	t.Parallel()
	seed := filepath.Join(t.TempDir(), "seed.yaml")
	if err := os.WriteFile(seed, []byte(`orgs:
  - name: Acme
    domain: acme.example.com
    locations:
      - {name: HQ, timeZone: Europe/Berlin, address: {city: Berlin, country: de}}
      - {name: Tokyo, timeZone: Asia/Tokyo, address: {city: Tokyo, country: JP}}
    people:
      - {firstName: Ann, lastName: Lee, email: ann@acme.example.com, location: HQ, extension: "100", phoneNumber: "+4930555100"}
      - {firstName: Kei, lastName: Ito, email: kei@acme.example.com, location: Tokyo, extension: "200"}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newRaw(t, func(o *emulator.Options) { o.SeedFile = seed })
	var l struct{ Items []demoPerson }
	e.getJSON(t, "people?callingData=true", &l)
	if len(l.Items) != 2 {
		t.Fatalf("%d people, want 2", len(l.Items))
	}
	var a routingAnswer
	r := e.must(t, http.MethodPost, callRoutingPath, routingBody(l.Items[0].ID, "0800 1234567"), http.StatusOK)
	if err := json.Unmarshal(r.Body, &a); err != nil || len(a.AppliedServices) != 1 || a.AppliedServices[0].ByType == nil ||
		a.AppliedServices[0].ByType.CallType != "TOLL_FREE" {
		t.Errorf("Berlin 0800: %s", r.Body)
	}
	r = e.must(t, http.MethodPost, callRoutingPath, routingBody(l.Items[0].ID, "200"), http.StatusOK)
	if err := json.Unmarshal(r.Body, &a); err != nil || a.DestinationType != "HOSTED_AGENT" {
		t.Errorf("extension 200: %s", r.Body)
	}
	r = e.call(e.tokens.FullAdmin, http.MethodPost, callRoutingPath, routingBody(l.Items[1].ID, "0312345678"))
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), `\"JP\"`) {
		t.Errorf("Tokyo: %d %s, want 400 naming JP", r.Status, r.Body)
	}
}
