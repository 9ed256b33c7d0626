package emulator_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// The authorization matrix: each role x endpoint group x read/write -> expected status.
// Expectations follow spec §4 (OAS26 roles and scopes):
//   - no or unknown token: 401 everywhere;
//   - full admin: everything; read-only admin: reads only (writes 403);
//   - location admin: entities in its own location (and that location) only, 403 elsewhere;
//   - user (a non-admin person): workspaces/{id}/features/... with spark:workspaces_*, and its
//     own person's people/{id}/features/outgoingPermission; every telephony/config endpoint
//     is admin-only (403);
//   - partner admin: the customer org with orgId; without orgId the entity is not in the
//     partner's own org, so 404 (never 403, which would confirm that the ID exists).

type authRole string

const (
	roleFull        authRole = "full admin"
	roleReadOnly    authRole = "read-only admin"
	roleLocOwn      authRole = "location admin, own location"
	roleLocOther    authRole = "location admin, other location"
	roleUserOwn     authRole = "user, own person"
	roleUser        authRole = "user"
	rolePartner     authRole = "partner admin, no orgId"
	rolePartnerOrg  authRole = "partner admin, orgId"
	roleNoToken     authRole = "no token"
	roleBadToken    authRole = "bad token"
	roleFullForeign authRole = "full admin, foreign orgId"
)

type authGroup string

const (
	gOutgoing      authGroup = "outgoingPermission"
	gTransfer      authGroup = "autoTransferNumbers"
	gAccessCodes   authGroup = "accessCodes"
	gDigitPatterns authGroup = "digitPatterns"
)

// allowed reports whether role may do the operation (write or read) on group of kind.
func allowed(role authRole, kind string, group authGroup, write bool) bool {
	switch role {
	case roleFull, roleLocOwn, rolePartnerOrg:
		return true
	case roleReadOnly:
		return !write
	case roleUserOwn, roleUser:
		if kind == kWorkspace && group != gDigitPatterns {
			return true // workspaces/{id}/features/... with spark:workspaces_*
		}
		return role == roleUserOwn && kind == kPerson && group == gOutgoing
	}
	return false
}

func expectStatus(role authRole, kind string, group authGroup, write bool) int {
	switch role {
	case roleNoToken, roleBadToken:
		return http.StatusUnauthorized
	case rolePartner:
		return http.StatusNotFound
	case roleFullForeign:
		return http.StatusForbidden
	}
	if !allowed(role, kind, group, write) {
		return http.StatusForbidden
	}
	if write {
		return 0 // any 2xx
	}
	return http.StatusOK
}

// authTarget is one entity a role acts on.
type authTarget struct {
	role  authRole
	token string
	en    entity
	query string
}

func TestAuthMatrix(t *testing.T) {
	e := newRaw(t)
	tk := e.tokens

	// The location admin's location is the one it may read; exactly one must exist.
	var own, other string
	for _, l := range e.entities(t, kLocation, 0) {
		r := e.call(tk.LocationAdmin, http.MethodGet, pathsFor(kLocation, l.ID).Outgoing, nil)
		switch r.Status {
		case http.StatusOK:
			if own != "" {
				t.Fatalf("location admin can read two locations (%s, %s)", own, l.ID)
			}
			own = l.ID
		case http.StatusForbidden:
			other = l.ID
		default:
			t.Fatalf("location admin GET location: %d %s", r.Status, r.Body)
		}
	}
	if own == "" || other == "" {
		t.Fatalf("need one own and one other location for the location admin (own %q, other %q)", own, other)
	}
	// Pick, per kind, one entity in the own location and one elsewhere.
	inLoc := func(kind, loc string, want bool) entity {
		for _, en := range e.entities(t, kind, 0) {
			if (en.LocationID == loc) == want {
				return en
			}
		}
		t.Fatalf("no %s with location==%s:%v", kind, loc, want)
		return entity{}
	}
	// The user's own person: the only person whose settings the user token can read.
	var userOwn, userOther entity
	for _, p := range e.entities(t, kPerson, 0) {
		r := e.call(tk.User, http.MethodGet, pathsFor(kPerson, p.ID).Outgoing, nil)
		if r.Status == http.StatusOK {
			if userOwn.ID != "" {
				t.Fatalf("user can read two people's settings (%s, %s)", userOwn.ID, p.ID)
			}
			userOwn = p
		} else {
			userOther = p
		}
	}
	if userOwn.ID == "" || userOther.ID == "" {
		t.Fatalf("need the user's own person and another one (own %q, other %q)", userOwn.ID, userOther.ID)
	}

	orgQ := "orgId=" + url.QueryEscape(e.OrgID)
	foreignQ := "orgId=" + url.QueryEscape("Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub3QtbWluZQ")
	seq := 0
	for _, kind := range allKinds {
		first := e.first(t, kind)
		targets := []authTarget{
			{roleFull, tk.FullAdmin, first, ""},
			{roleReadOnly, tk.ReadOnlyAdmin, first, ""},
			{roleLocOwn, tk.LocationAdmin, inLoc(kind, own, true), ""},
			{roleLocOther, tk.LocationAdmin, inLoc(kind, own, false), ""},
			{roleUser, tk.User, first, ""},
			{rolePartner, tk.PartnerAdmin, first, ""},
			{rolePartnerOrg, tk.PartnerAdmin, first, orgQ},
			{roleNoToken, "", first, ""},
			{roleBadToken, "bogus-token", first, ""},
			{roleFullForeign, tk.FullAdmin, first, foreignQ},
		}
		if kind == kPerson {
			targets[4].en = userOther
			targets = append(targets, authTarget{roleUserOwn, tk.User, userOwn, ""})
		}
		for _, tg := range targets {
			p := pathsFor(kind, tg.en.ID)
			groups := []struct {
				g     authGroup
				path  string
				write func() (string, string, any) // method, path, body
			}{
				{gOutgoing, p.Outgoing, func() (string, string, any) {
					return http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true}]}`
				}},
				{gTransfer, p.Transfer, func() (string, string, any) {
					return http.MethodPut, p.Transfer, `{"autoTransferNumber3":"+15550100003"}`
				}},
				{gAccessCodes, p.AccessCodes, func() (string, string, any) {
					seq++
					if kind == kLocation {
						return http.MethodPost, p.AccessCodes, fmt.Sprintf(`{"accessCodes":[{"code":"5%03d","description":"auth"}]}`, seq)
					}
					return http.MethodPut, p.AccessCodes, `{"useCustomAccessCodes":false}`
				}},
				{gDigitPatterns, p.DigitPatterns, func() (string, string, any) {
					seq++
					return http.MethodPost, p.DigitPatterns, fmt.Sprintf(`{"name":"auth-%d","pattern":"3%03d","action":"ALLOW","transferEnabled":true}`, seq, seq)
				}},
			}
			for _, g := range groups {
				for _, write := range []bool{false, true} {
					op := "read"
					method, path, body := http.MethodGet, g.path, any(nil)
					if write {
						op = "write"
						method, path, body = g.write()
					}
					if tg.query != "" {
						path += "?" + tg.query
					}
					want := expectStatus(tg.role, kind, g.g, write)
					t.Run(fmt.Sprintf("%s/%s/%s/%s", tg.role, kind, g.g, op), func(t *testing.T) {
						r := e.call(tg.token, method, path, body)
						if want == 0 {
							if r.Status < 200 || r.Status > 299 {
								t.Errorf("%s %s = %d, want 2xx: %s", method, path, r.Status, r.Body)
							}
							return
						}
						if r.Status != want {
							t.Errorf("%s %s = %d, want %d: %s", method, path, r.Status, want, r.Body)
						}
						if r.Status >= 400 {
							checkErrorBody(t, r)
						}
					})
				}
			}
		}
	}
}

// TestAuthLists: list endpoints by role.
func TestAuthLists(t *testing.T) {
	e := newRaw(t)
	tk := e.tokens
	orgQ := "&orgId=" + url.QueryEscape(e.OrgID)
	lists := []string{"people?max=5", "workspaces?max=5", "locations?max=5", "telephony/config/locations?max=5", "telephony/config/virtualLines?max=5"}
	cases := []struct {
		role  authRole
		token string
		query string
		want  int
	}{
		{roleFull, tk.FullAdmin, "", 200},
		{roleReadOnly, tk.ReadOnlyAdmin, "", 200},
		{rolePartnerOrg, tk.PartnerAdmin, orgQ, 200},
		{roleNoToken, "", "", 401},
		{roleBadToken, "bogus-token", "", 401},
	}
	for _, c := range cases {
		for _, l := range lists {
			t.Run(string(c.role)+"/"+l, func(t *testing.T) {
				r := e.call(c.token, http.MethodGet, l+c.query, nil)
				if r.Status != c.want {
					t.Errorf("GET %s = %d, want %d: %s", l+c.query, r.Status, c.want, r.Body)
				}
				if r.Status >= 400 {
					checkErrorBody(t, r)
				}
			})
		}
	}
	// The customer's full admin listing people of the partner's view sees only its own org.
	var mine struct {
		Items []struct{ OrgID string } `json:"items"`
	}
	e.getJSON(t, "people?max=100", &mine)
	for _, it := range mine.Items {
		if it.OrgID != "" && it.OrgID != e.OrgID {
			t.Errorf("full admin's people list has a person of org %s", it.OrgID)
		}
	}
}

// TestAuthForeignOrgEntity: an entity of another customer org is 404 for this org's admins
// (never 403: that would confirm the ID exists); naming that org with orgId is 403; the
// partner admin managing both reaches it with orgId and gets 404 without.
//
// IDs derive from org name, kind and index, so two emulators seeded with the same two orgs
// in opposite order give the second org's IDs as the primary org of the other.
func TestAuthForeignOrgEntity(t *testing.T) {
	dir := t.TempDir()
	seed := func(name string, orgs ...string) string {
		var b strings.Builder
		b.WriteString("partner: Partner Inc\norgs:\n")
		for _, o := range orgs {
			fmt.Fprintf(&b, "  - name: %s\n    domain: %s.example.com\n    locations:\n      - name: HQ\n      - name: Branch\n", o, strings.ToLower(o))
			b.WriteString("    people:\n")
			for i, loc := range []string{"HQ", "Branch", "HQ"} {
				fmt.Fprintf(&b, "      - {firstName: P%d, lastName: %s, location: %s, extension: \"10%d\"}\n", i, o, loc, i)
			}
			fmt.Fprintf(&b, "    workspaces:\n      - {displayName: Lobby, location: HQ, calling: true}\n")
			fmt.Fprintf(&b, "    virtualLines:\n      - {firstName: Night, lastName: Line, location: HQ}\n")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	a := newRaw(t, func(o *emulator.Options) { o.SeedFile = seed("a.yaml", "Acme", "Initech") })
	b := newRaw(t, func(o *emulator.Options) { o.SeedFile = seed("b.yaml", "Initech", "Acme") })
	if a.OrgID == b.OrgID {
		t.Fatal("the two emulators have the same primary org")
	}
	initechOrg := b.OrgID
	for _, kind := range allKinds {
		foreign := b.first(t, kind) // an Initech entity
		if a.call(a.tokens.FullAdmin, http.MethodGet, pathsFor(kind, foreign.ID).Outgoing+"?orgId="+url.QueryEscape(initechOrg), nil).Status != http.StatusForbidden {
			t.Errorf("%s: Acme admin naming Initech's orgId: want 403", kind)
		}
		p := pathsFor(kind, foreign.ID)
		// Writes: 404 for roles that may write; the read-only admin may not write at all,
		// whatever the ID (403 confirms nothing).
		for _, tok := range []struct {
			name, token string
			want        int
		}{{"full admin", a.tokens.FullAdmin, 404}, {"partner without orgId", a.tokens.PartnerAdmin, 404}, {"read-only admin", a.tokens.ReadOnlyAdmin, 403}} {
			w := a.call(tok.token, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`)
			if w.Status != tok.want {
				t.Errorf("%s of another org, %s: PUT = %d, want %d", kind, tok.name, w.Status, tok.want)
			}
		}
		for _, path := range []string{p.Outgoing, p.Transfer, p.DigitPatterns} {
			for _, tok := range []struct {
				name, token string
			}{{"full admin", a.tokens.FullAdmin}, {"read-only admin", a.tokens.ReadOnlyAdmin}, {"partner without orgId", a.tokens.PartnerAdmin}} {
				r := a.call(tok.token, http.MethodGet, path, nil)
				if r.Status != http.StatusNotFound {
					t.Errorf("%s of another org, %s: GET %s = %d, want 404: %s", kind, tok.name, path, r.Status, r.Body)
				} else {
					checkErrorBody(t, r)
				}
			}
			r := a.call(a.tokens.PartnerAdmin, http.MethodGet, path+"?orgId="+url.QueryEscape(initechOrg), nil)
			if r.Status != http.StatusOK {
				t.Errorf("%s: partner with Initech's orgId: GET %s = %d, want 200: %s", kind, path, r.Status, r.Body)
			}
		}
	}
}
