package emulator_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// Organizations (testdata/openapi/call-routing-and-orgs.openapi.yaml), per role, and the
// org-scoped faults of /_emulator/org-faults.

const orgsSpecPath = "testdata/openapi/call-routing-and-orgs.openapi.yaml"

func orgsContract(t testing.TB) *openapitest.Contract {
	t.Helper()
	c, err := openapitest.Load(orgsSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func withDemo(o *emulator.Options) { o.Demo = true }

type orgItem struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Created     string `json:"created"`
}

// listOrgs GETs organizations with token, checks the answer against the document and
// returns the display names (nil and the answer when it is not 200).
func listOrgs(t *testing.T, e *rawEmu, c *openapitest.Contract, token string) ([]orgItem, *rawResp) {
	t.Helper()
	r := e.call(token, http.MethodGet, "organizations", nil)
	if err := c.CheckRequest(r.Req, nil); err != nil {
		t.Errorf("test request does not match the document: %v", err)
	}
	c.ValidateResponse(t, r.Req, r.Status, r.Header, r.Body)
	if r.Status != http.StatusOK {
		checkErrorBody(t, r)
		return nil, r
	}
	var out struct {
		Items []orgItem `json:"items"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		t.Fatalf("decode: %v: %s", err, r.Body)
	}
	return out.Items, r
}

func orgNames(items []orgItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.DisplayName)
	}
	return out
}

func TestOrganizationsByRole(t *testing.T) {
	t.Parallel()
	c := orgsContract(t)
	e := newRaw(t, withDemo)
	tok := e.tokens

	// The partner sees exactly its two customer orgs, not its own.
	partner, _ := listOrgs(t, e, c, tok.PartnerAdmin)
	if got := orgNames(partner); !slices.Equal(got, []string{"Acme Corp", "Initech GmbH"}) {
		t.Errorf("partner sees %q, want its two customers", got)
	}
	if len(partner) != 2 || partner[0].ID != e.OrgID || partner[1].ID == "" || partner[0].Created == "" {
		t.Fatalf("partner items %+v (primary org %s)", partner, e.OrgID)
	}
	// Every admin role of a customer org sees exactly that org.
	for name, token := range map[string]string{"full": tok.FullAdmin, "read-only": tok.ReadOnlyAdmin, "location": tok.LocationAdmin} {
		got, _ := listOrgs(t, e, c, token)
		if len(got) != 1 || got[0].ID != e.OrgID || got[0].DisplayName != "Acme Corp" {
			t.Errorf("%s admin sees %+v, want Acme Corp only", name, got)
		}
	}
	// A user may not list organizations.
	if got, r := listOrgs(t, e, c, tok.User); got != nil || r.Status != http.StatusForbidden {
		t.Errorf("user: %d %s, want 403", r.Status, r.Body)
	}
	if r := e.call("", http.MethodGet, "organizations", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", r.Status)
	}

	// GET organizations/{orgId}: what the list shows, and nothing else.
	initech := partner[1].ID
	get := func(token, id string) *rawResp {
		r := e.call(token, http.MethodGet, "organizations/"+id, nil)
		if err := c.CheckRequest(r.Req, nil); err != nil {
			t.Errorf("test request does not match the document: %v", err)
		}
		c.ValidateResponse(t, r.Req, r.Status, r.Header, r.Body)
		if r.Status >= 400 {
			checkErrorBody(t, r)
		}
		return r
	}
	for _, tc := range []struct {
		name, token, id string
		want            int
	}{
		{"partner, customer", tok.PartnerAdmin, initech, 200},
		{"partner, other customer", tok.PartnerAdmin, e.OrgID, 200},
		{"admin, own", tok.FullAdmin, e.OrgID, 200},
		{"admin, other org", tok.FullAdmin, initech, 404},
		{"read-only admin, own", tok.ReadOnlyAdmin, e.OrgID, 200},
		{"unknown", tok.PartnerAdmin, "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3BlCg", 404},
		{"user", tok.User, e.OrgID, 403},
	} {
		r := get(tc.token, tc.id)
		if r.Status != tc.want {
			t.Errorf("%s: GET organizations/%s = %d, want %d: %s", tc.name, tc.id, r.Status, tc.want, r.Body)
			continue
		}
		if tc.want == 200 {
			var o orgItem
			if err := json.Unmarshal(r.Body, &o); err != nil || o.ID != tc.id || o.DisplayName == "" {
				t.Errorf("%s: body %s (%v)", tc.name, r.Body, err)
			}
		}
	}
	// Not writable here: 405 with Allow.
	if r := e.call(tok.PartnerAdmin, http.MethodPut, "organizations/"+initech, "{}"); r.Status != http.StatusMethodNotAllowed {
		t.Errorf("PUT organizations/{id} = %d, want 405", r.Status)
	}
}

// TestOrganizationsGenerated: Options.CustomerOrgs gives the partner that many customers.
func TestOrganizationsGenerated(t *testing.T) {
	t.Parallel()
	c := orgsContract(t)
	e := newRaw(t, func(o *emulator.Options) { o.CustomerOrgs = 3; o.People = 2; o.Locations = 1 })
	got, _ := listOrgs(t, e, c, e.tokens.PartnerAdmin)
	if names := orgNames(got); !slices.Equal(names, []string{"Emulator Customer", "Emulator Customer 2", "Emulator Customer 3"}) {
		t.Fatalf("partner sees %q", names)
	}
	// Each generated org has its own people, reached through the partner with orgId.
	for _, o := range got {
		r := e.call(e.tokens.PartnerAdmin, http.MethodGet, "people?callingData=true&orgId="+o.ID, nil)
		var people struct {
			Items []struct {
				OrgID string `json:"orgId"`
			} `json:"items"`
		}
		if err := json.Unmarshal(r.Body, &people); err != nil || r.Status != 200 {
			t.Fatalf("people of %s: %d %s", o.DisplayName, r.Status, r.Body)
		}
		if len(people.Items) < 2 {
			t.Errorf("%s has %d people, want at least 2", o.DisplayName, len(people.Items))
		}
		for _, p := range people.Items {
			if p.OrgID != o.ID {
				t.Errorf("%s lists a person of org %s", o.DisplayName, p.OrgID)
			}
		}
	}
	if err := (emulator.Options{CustomerOrgs: -1}).Validate(); err == nil || !strings.Contains(err.Error(), "CustomerOrgs") {
		t.Errorf("CustomerOrgs -1: %v", err)
	}
}

// TestOrgFaults: an org-scoped fault answers every request for that org, and only for it.
func TestOrgFaults(t *testing.T) {
	t.Parallel()
	e := newRaw(t, withDemo)
	c := orgsContract(t)
	orgs, _ := listOrgs(t, e, c, e.tokens.PartnerAdmin)
	acme, initech := orgs[0].ID, orgs[1].ID
	people := func(org string) *rawResp {
		return e.call(e.tokens.PartnerAdmin, http.MethodGet, "telephony/config/locations?orgId="+org, nil)
	}
	if st, body := e.Admin(http.MethodPut, "/_emulator/org-faults", `{"`+initech+`":403}`); st != 200 || !strings.Contains(string(body), initech) {
		t.Fatalf("PUT org-faults: %d %s", st, body)
	}
	if r := people(initech); r.Status != http.StatusForbidden || !slices.Contains(r.errorCodes(), 2) {
		t.Errorf("faulted org: %d %s, want 403", r.Status, r.Body)
	} else {
		checkErrorBody(t, r)
	}
	if r := people(acme); r.Status != http.StatusOK {
		t.Errorf("other org: %d %s, want 200", r.Status, r.Body)
	}
	// The org list itself is the partner's request: not faulted.
	if got, r := listOrgs(t, e, c, e.tokens.PartnerAdmin); len(got) != 2 {
		t.Errorf("list with a faulted customer: %d %s", r.Status, r.Body)
	}
	if st, body := e.Admin(http.MethodGet, "/_emulator/org-faults", ""); st != 200 || !strings.Contains(string(body), `"`+initech+`":403`) {
		t.Errorf("GET org-faults: %d %s", st, body)
	}
	for _, bad := range []string{`{"nope":403}`, `{"` + acme + `":200}`, `{"` + acme + `":600}`, `[]`} {
		if st, body := e.Admin(http.MethodPut, "/_emulator/org-faults", bad); st != http.StatusBadRequest {
			t.Errorf("PUT %s: %d %s, want 400", bad, st, body)
		}
	}
	if st, body := e.Admin(http.MethodPut, "/_emulator/org-faults", `{}`); st != 200 || string(body) != "{}\n" {
		t.Errorf("clear: %d %q", st, body)
	}
	if r := people(initech); r.Status != http.StatusOK {
		t.Errorf("after clearing: %d %s", r.Status, r.Body)
	}
}
