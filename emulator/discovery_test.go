package emulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// Discovery endpoints (testdata/openapi/discovery.openapi.yaml): calling locations,
// numbers, people/me, licenses.

func discoveryContract(t testing.TB) *openapitest.Contract {
	t.Helper()
	c, err := openapitest.Load(openapitest.DiscoverySpecPath)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// discoverySuccess are valid requests per operation (path relative to /v1, {locationId}
// filled in by the test).
var discoverySuccess = map[string][]string{
	"GET /licenses":  {"licenses"},
	"GET /people/me": {"people/me", "people/me?callingData=true"},
	"GET /telephony/config/locations": {"telephony/config/locations", "telephony/config/locations?max=2",
		"telephony/config/locations?name=dal&start=0&order=name-asc"},
	"GET /telephony/config/locations/{locationId}": {"telephony/config/locations/{locationId}"},
	"GET /telephony/config/numbers": {"telephony/config/numbers", "telephony/config/numbers?max=3&start=1",
		"telephony/config/numbers?ownerType=PEOPLE", "telephony/config/numbers?numberType=EXTENSION",
		"telephony/config/numbers?numberType=NUMBER&locationId={locationId}&details=true",
		"telephony/config/numbers?available=true&state=ACTIVE&phoneNumberType=PRIMARY",
		"telephony/config/numbers?ownerName=ali&extension=1000&tollFreeNumbers=false&includedTelephonyTypes=PSTN_NUMBER"},
}

// discoveryBadQuery are requests answered 400.
var discoveryBadQuery = map[string][]string{
	"GET /people/me":                  {"people/me?callingData=maybe"},
	"GET /telephony/config/locations": {"telephony/config/locations?max=0", "telephony/config/locations?start=-1"},
	"GET /telephony/config/numbers": {"telephony/config/numbers?max=x", "telephony/config/numbers?ownerType=BOGUS",
		"telephony/config/numbers?numberType=DIGITS", "telephony/config/numbers?available=maybe",
		"telephony/config/numbers?state=GONE"},
}

func TestDiscoveryContract(t *testing.T) {
	c := discoveryContract(t)
	for _, era := range []string{emulator.EraCurrent, emulator.Era2024} {
		t.Run(era, func(t *testing.T) {
			e := newRaw(t, withEra(era))
			loc := e.first(t, kLocation).ID
			fill := func(p string) string { return strings.ReplaceAll(p, "{locationId}", loc) }
			check := func(t *testing.T, r *rawResp) {
				t.Helper()
				if err := c.CheckResponse(r.Req, r.Status, r.Header, r.Body); err != nil {
					t.Errorf("%v\nbody: %s", err, r.Body)
				}
				if r.Status >= 400 {
					checkErrorBody(t, r)
				}
			}
			for _, op := range c.Operations() {
				name := op.String()
				if notServed[contractOp{op.Path, op.Method}] {
					r := e.call(e.tokens.FullAdmin, op.Method, fill(strings.TrimPrefix(op.Path, "/")), "{}")
					if r.Status != 405 && r.Status != 404 {
						t.Errorf("%s (not served) = %d, want 404 or 405", name, r.Status)
					}
					continue
				}
				t.Run(name, func(t *testing.T) {
					if len(discoverySuccess[name]) == 0 {
						t.Fatalf("no success case for %s", name)
					}
					for _, p := range discoverySuccess[name] {
						r := e.call(e.tokens.FullAdmin, http.MethodGet, fill(p), nil)
						if err := c.CheckRequest(r.Req, nil); err != nil {
							t.Errorf("test request does not match the document: %v", err)
						}
						if r.Status != 200 {
							t.Errorf("GET %s = %d, want 200: %s", p, r.Status, r.Body)
						}
						check(t, r)
					}
					p := fill(discoverySuccess[name][0])
					for _, c := range []struct {
						token string
						want  int
					}{{"", 401}, {"not-a-token", 401}} {
						r := e.call(c.token, http.MethodGet, p, nil)
						if r.Status != c.want {
							t.Errorf("GET %s with token %q = %d, want %d", p, c.token, r.Status, c.want)
						}
						check(t, r)
					}
					if strings.HasPrefix(op.Path, "/telephony/") {
						r := e.call(e.tokens.User, http.MethodGet, p, nil)
						if r.Status != 403 {
							t.Errorf("GET %s as user = %d, want 403", p, r.Status)
						}
						check(t, r)
					}
					r := e.call(e.tokens.FullAdmin, http.MethodGet, p+sep(p)+"orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub25l", nil)
					if r.Status != 403 {
						t.Errorf("GET %s with a foreign orgId = %d, want 403", p, r.Status)
					}
					check(t, r)
					for _, bad := range discoveryBadQuery[name] {
						r := e.call(e.tokens.FullAdmin, http.MethodGet, fill(bad), nil)
						if r.Status != 400 {
							t.Errorf("GET %s = %d, want 400: %s", bad, r.Status, r.Body)
						}
						check(t, r)
					}
				})
			}
			// 404s.
			for _, p := range []string{
				"telephony/config/locations/Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU",
				"telephony/config/numbers?locationId=Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL25vbmU",
			} {
				r := e.call(e.tokens.FullAdmin, http.MethodGet, p, nil)
				if r.Status != 404 {
					t.Errorf("GET %s = %d, want 404", p, r.Status)
				}
				check(t, r)
			}
		})
	}
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

type meOut struct {
	ID, OrgID, LocationID, Extension string
	Licenses                         []string
	Emails                           []string
}

// TestPeopleMeEveryRole: every role's token is a person; the user is the first person of
// the primary org, the admins are people of their own (without Webex Calling).
func TestPeopleMeEveryRole(t *testing.T) {
	for _, demo := range []bool{false, true} {
		t.Run(fmt.Sprint("demo=", demo), func(t *testing.T) {
			e := newRaw(t, func(o *emulator.Options) { o.Demo = demo })
			callingLic := callingLicenses(t, e)
			ids := map[string]string{}
			for role, tok := range map[string]string{"full": e.tokens.FullAdmin, "read-only": e.tokens.ReadOnlyAdmin,
				"location": e.tokens.LocationAdmin, "user": e.tokens.User, "partner": e.tokens.PartnerAdmin} {
				r := e.call(tok, http.MethodGet, "people/me?callingData=true", nil)
				if r.Status != 200 {
					t.Fatalf("%s: people/me = %d: %s", role, r.Status, r.Body)
				}
				var me meOut
				if err := json.Unmarshal(r.Body, &me); err != nil || me.ID == "" || len(me.Emails) == 0 {
					t.Fatalf("%s: people/me: %v %s", role, err, r.Body)
				}
				if prev, dup := ids[me.ID]; dup {
					t.Errorf("%s and %s have the same person %s", role, prev, me.ID)
				}
				ids[me.ID] = role
				hasCalling := slices.ContainsFunc(me.Licenses, func(id string) bool { return callingLic[id] })
				switch role {
				case "user":
					if me.LocationID == "" || me.Extension == "" || !hasCalling {
						t.Errorf("user: %s, want a calling person", r.Body)
					}
					if me.ID != e.first(t, kPerson).ID {
						t.Errorf("user is %s, want the first person", me.ID)
					}
				case "partner":
					if me.OrgID == e.OrgID {
						t.Errorf("partner admin's person is in the customer org")
					}
				default:
					if me.LocationID != "" || hasCalling || me.OrgID != e.OrgID {
						t.Errorf("%s admin: %s, want a person of the primary org without Webex Calling", role, r.Body)
					}
					// The admin's person can be read.
					e.must(t, http.MethodGet, "people/"+me.ID, nil, 200)
				}
			}
		})
	}
}

// callingLicenses returns the IDs of the org's Webex Calling licences.
func callingLicenses(t testing.TB, e *rawEmu) map[string]bool {
	t.Helper()
	var l struct {
		Items []struct {
			ID, Name        string
			ConsumedByUsers int
		}
	}
	e.getJSON(t, "licenses", &l)
	out := map[string]bool{}
	for _, it := range l.Items {
		if strings.HasPrefix(it.Name, "Webex Calling") {
			out[it.ID] = true
		}
	}
	if len(out) == 0 {
		t.Fatalf("no Webex Calling licence: %+v", l)
	}
	return out
}

// TestLicensesTellCallingPeople: a client that keeps the people with a Webex Calling
// licence gets exactly the calling people (those with a location under callingData), and
// the demo has people without one.
func TestLicensesTellCallingPeople(t *testing.T) {
	for _, era := range []string{emulator.EraCurrent, emulator.Era2024} {
		t.Run(era, func(t *testing.T) {
			e := newRaw(t, withEra(era), func(o *emulator.Options) { o.Demo = true })
			calling := callingLicenses(t, e)
			var people struct{ Items []meOut }
			e.getJSON(t, "people?callingData=true&max=100", &people)
			licensed, without := 0, 0
			for _, p := range people.Items {
				has := slices.ContainsFunc(p.Licenses, func(id string) bool { return calling[id] })
				if has != (p.LocationID != "") {
					t.Errorf("person %s: calling licence %v, location %q", p.ID, has, p.LocationID)
				}
				if has {
					licensed++
				} else {
					without++
					if p.Extension != "" || len(p.Licenses) == 0 {
						t.Errorf("person %s without Webex Calling: extension %q, licences %v", p.ID, p.Extension, p.Licenses)
					}
					// Not a calling entity.
					if r := e.call(e.tokens.FullAdmin, http.MethodGet, pathsFor(kPerson, p.ID).Outgoing, nil); r.Status != 404 {
						t.Errorf("outgoingPermission of a person without Webex Calling = %d, want 404", r.Status)
					}
				}
			}
			if without == 0 || licensed < 8 {
				t.Errorf("demo: %d people with and %d without a calling licence", licensed, without)
			}
			var l struct {
				Items []struct {
					ID              string
					ConsumedByUsers int
				}
			}
			e.getJSON(t, "licenses", &l)
			for _, it := range l.Items {
				if calling[it.ID] && it.ConsumedByUsers != 0 && it.ConsumedByUsers != licensed {
					t.Errorf("licence %s consumedByUsers %d, want %d", it.ID, it.ConsumedByUsers, licensed)
				}
			}
		})
	}
}

type numberItem struct {
	PhoneNumber, Extension, RoutingPrefix, ESN string
	MainNumber                                 bool
	Location                                   struct{ ID, Name string }
	Owner                                      *struct{ ID, Type, FirstName, LastName string }
}

// allNumbers pages through telephony/config/numbers?query.
func allNumbers(t testing.TB, e *rawEmu, query string) []numberItem {
	t.Helper()
	var out []numberItem
	for start := 0; ; {
		var page struct{ PhoneNumbers []numberItem }
		r := e.must(t, http.MethodGet, fmt.Sprintf("telephony/config/numbers?max=1000&start=%d%s", start, query), nil, 200)
		if err := json.Unmarshal(r.Body, &page); err != nil {
			t.Fatal(err)
		}
		out = append(out, page.PhoneNumbers...)
		link := r.Header.Get("Link")
		if link == "" {
			return out
		}
		if _, err := fmt.Sscanf(link[strings.Index(link, "start=")+len("start="):], "%d", &start); err != nil {
			t.Fatalf("Link %q: %v", link, err)
		}
	}
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)

var countryCodes = map[string]string{"US": "+1", "DE": "+49", "GB": "+44", "FR": "+33", "AU": "+61"}

// TestNumberingCoherent: every calling person, workspace and virtual line has an
// extension, unique in its location (and an ESN unique in the org); numbers are E.164 in
// the location's country and unique; every calling location has a routing prefix and a
// main number that is its calling line ID; numbers agree with the people list.
func TestNumberingCoherent(t *testing.T) {
	for name, opt := range map[string]func(*emulator.Options){
		"demo":    func(o *emulator.Options) { o.Demo = true },
		"default": func(*emulator.Options) {},
		"scaled": func(o *emulator.Options) {
			o.Locations, o.People, o.Workspaces, o.VirtualLines = 10, 12000, 3100, 2000
		},
	} {
		t.Run(name, func(t *testing.T) {
			e := newRaw(t, opt)
			var locs struct {
				Items []struct {
					ID      string
					Address struct{ Country string }
				}
			}
			e.getJSON(t, "locations?max=1000", &locs)
			country := map[string]string{}
			for _, l := range locs.Items {
				country[l.ID] = l.Address.Country
			}
			var cl struct {
				Locations []struct {
					ID, RoutingPrefix string
					CallingLineID     struct{ PhoneNumber string } `json:"callingLineId"`
				}
			}
			e.getJSON(t, "telephony/config/locations?max=1000", &cl)
			mainOf := map[string]string{}
			prefixes := map[string]bool{}
			for _, l := range cl.Locations {
				if l.RoutingPrefix == "" || prefixes[l.RoutingPrefix] || !e164.MatchString(l.CallingLineID.PhoneNumber) {
					t.Errorf("calling location %s: routing prefix %q, calling line ID %q", l.ID, l.RoutingPrefix, l.CallingLineID.PhoneNumber)
				}
				prefixes[l.RoutingPrefix] = true
				mainOf[l.ID] = l.CallingLineID.PhoneNumber
			}
			nums := allNumbers(t, e, "")
			phones, esns, exts := map[string]bool{}, map[string]bool{}, map[string]bool{}
			owners := map[string]numberItem{}
			extOnly := 0
			for _, n := range nums {
				if n.PhoneNumber != "" {
					if !e164.MatchString(n.PhoneNumber) || !strings.HasPrefix(n.PhoneNumber, countryCodes[country[n.Location.ID]]) {
						t.Errorf("number %s in a %s location", n.PhoneNumber, country[n.Location.ID])
					}
					if phones[n.PhoneNumber] {
						t.Errorf("number %s twice", n.PhoneNumber)
					}
					phones[n.PhoneNumber] = true
				}
				if n.MainNumber {
					if n.Owner != nil || n.PhoneNumber != mainOf[n.Location.ID] {
						t.Errorf("main number %+v, want the unowned calling line ID %s", n, mainOf[n.Location.ID])
					}
					continue
				}
				if n.Owner == nil || n.Extension == "" || n.ESN != n.RoutingPrefix+n.Extension {
					t.Fatalf("number %+v: want an owner, an extension and ESN = prefix+extension", n)
				}
				if n.PhoneNumber == "" {
					extOnly++
				}
				if esns[n.ESN] || exts[n.Location.ID+"/"+n.Extension] {
					t.Errorf("ESN %s or extension %s twice", n.ESN, n.Extension)
				}
				esns[n.ESN], exts[n.Location.ID+"/"+n.Extension] = true, true
				owners[n.Owner.ID] = n
			}
			// Every calling entity owns exactly one entry.
			want := 0
			for _, k := range []string{kPerson, kWorkspace, kVirtualLine} {
				for _, en := range e.entities(t, k, 0) {
					want++
					if n, ok := owners[en.ID]; !ok || n.Location.ID != en.LocationID {
						t.Errorf("%s %s has no number in its location", k, en.ID)
					}
				}
			}
			if name != "scaled" && len(owners) != want {
				t.Errorf("%d owners, %d calling entities", len(owners), want)
			}
			if got := len(allNumbers(t, e, "&numberType=EXTENSION")); got != extOnly {
				t.Errorf("numberType=EXTENSION: %d, want %d", got, extOnly)
			}
			if name == "scaled" && extOnly == 0 {
				t.Errorf("scaled org: no extension-only entities")
			}
			// The people list agrees.
			var people struct{ Items []meOut }
			e.getJSON(t, "people?callingData=true&max=100", &people)
			for _, p := range people.Items {
				if p.LocationID == "" {
					continue
				}
				if n := owners[p.ID]; n.Extension != p.Extension {
					t.Errorf("person %s: extension %q in people, %q in numbers", p.ID, p.Extension, n.Extension)
				}
			}
		})
	}
}

// TestNumbersFilters: the filters clients choose test subjects with.
func TestNumbersFilters(t *testing.T) {
	e := newRaw(t, func(o *emulator.Options) { o.Demo = true })
	all := allNumbers(t, e, "")
	count := func(f func(numberItem) bool) int {
		n := 0
		for _, x := range all {
			if f(x) {
				n++
			}
		}
		return n
	}
	loc := e.first(t, kLocation).ID
	person := e.first(t, kPerson).ID
	var one numberItem
	for _, n := range all {
		if n.Owner != nil && n.Owner.ID == person {
			one = n
		}
	}
	for q, want := range map[string]int{
		"&ownerType=PEOPLE":       count(func(n numberItem) bool { return n.Owner != nil && n.Owner.Type == "PEOPLE" }),
		"&ownerType=PLACE":        count(func(n numberItem) bool { return n.Owner != nil && n.Owner.Type == "PLACE" }),
		"&ownerType=VIRTUAL_LINE": count(func(n numberItem) bool { return n.Owner != nil && n.Owner.Type == "VIRTUAL_LINE" }),
		"&ownerType=HUNT_GROUP":   0,
		"&locationId=" + loc:      count(func(n numberItem) bool { return n.Location.ID == loc }),
		"&available=true":         count(func(n numberItem) bool { return n.Owner == nil }),
		"&ownerId=" + person:      1,
		"&extension=" + one.Extension + "&locationId=" + loc:              1,
		"&phoneNumber=" + strings.ReplaceAll(one.PhoneNumber, "+", "%2B"): 1,
		"&numberType=NUMBER":    count(func(n numberItem) bool { return n.PhoneNumber != "" }),
		"&tollFreeNumbers=true": 0,
	} {
		if got := len(allNumbers(t, e, q)); got != want || (want == 0 && !strings.Contains(q, "HUNT") && !strings.Contains(q, "tollFree")) {
			t.Errorf("numbers%s: %d, want %d", q, got, want)
		}
	}
	if len(e.entities(t, kPerson, 0)) != count(func(n numberItem) bool { return n.Owner != nil && n.Owner.Type == "PEOPLE" }) {
		t.Errorf("PEOPLE numbers and calling people differ")
	}
}

// TestFixtureDiscovery: a seed file's routing prefixes, main numbers and people without
// Webex Calling.
func TestFixtureDiscovery(t *testing.T) {
	path := t.TempDir() + "/seed.yaml"
	seed := `orgs:
  - name: Fixture Org
    locations:
      - {name: HQ, timeZone: Europe/Berlin, routingPrefix: "42", mainNumber: "+4930555000", address: {country: DE}}
      - {name: Lab, address: {country: DE}}
    people:
      - {firstName: Max, lastName: Mail, location: HQ, calling: false}
      - {firstName: Ann, lastName: Lee, location: HQ, extension: "100", phoneNumber: "+4930555100"}
`
	if err := os.WriteFile(path, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newRaw(t, func(o *emulator.Options) { o.SeedFile = path })
	var me meOut
	e.getJSON(t, "people/me", &me)
	r := e.call(e.tokens.User, http.MethodGet, "people/me?callingData=true", nil)
	if err := json.Unmarshal(r.Body, &me); err != nil || me.Extension != "100" {
		t.Errorf("user's people/me = %s, want Ann (the first person with Webex Calling)", r.Body)
	}
	var people struct{ Items []meOut }
	e.getJSON(t, "people?callingData=true", &people)
	if len(people.Items) != 2 || people.Items[1].LocationID != "" {
		t.Errorf("people: %+v, want Ann, then Max without a location", people.Items)
	}
	var cl struct {
		Locations []struct {
			RoutingPrefix string
			CallingLineID struct{ Name, PhoneNumber string } `json:"callingLineId"`
		}
	}
	e.getJSON(t, "telephony/config/locations", &cl)
	if len(cl.Locations) != 2 || cl.Locations[0].RoutingPrefix != "42" || cl.Locations[0].CallingLineID.PhoneNumber != "+4930555000" ||
		cl.Locations[1].RoutingPrefix != "802" || cl.Locations[1].CallingLineID.PhoneNumber != "" {
		t.Errorf("calling locations: %+v", cl.Locations)
	}
	nums := allNumbers(t, e, "")
	if len(nums) != 2 || !nums[0].MainNumber || nums[1].ESN != "42100" {
		t.Errorf("numbers: %+v, want the main number and Ann's", nums)
	}
}
