package emulator_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// The response-shape test: every member of every 2xx response of every operation the
// emulator serves is in the documented schema (testdata/openapi, both documents), in both
// API eras. Schema validation alone is not enough: the documents leave additionalProperties
// open, so a response with undocumented members validates; strict clients (unknown members
// forbidden) reject it.

// shapeExceptions are the members the emulator sends that the documents do not have, by
// operation ("GET /path") and JSON path ("locations[].orgId"). Each is listed in doc.go too.
var shapeExceptions = func() map[string][]string {
	m := map[string][]string{
		// The CLI's export reads each calling location's org from it (internal/cli/snapshot).
		"GET /telephony/config/locations": {"locations[].orgId"},
		// The schema (Location) has only id and name; the document's own example, and the
		// service, have orgId, address and timeZone.
		"GET /locations": {"items[].address", "items[].orgId", "items[].timeZone"},
		// GetLocationAccessCodeObject requires description but does not declare it.
		"GET /telephony/config/locations/{locationId}/outgoingPermission/accessCodes": {"accessCodes[].description"},
	}
	// Per-entity access codes: the schema (UserPlaceAuthorizationCodeListGet,
	// AuthorizationCode) has only accessCodes[].code; the document's example has
	// useCustomAccessCodes and level, and the service (and wxc_sdk) the description.
	for _, p := range []string{"/telephony/config/people/{personId}/outgoingPermission/accessCodes",
		"/workspaces/{workspaceId}/features/outgoingPermission/accessCodes",
		"/telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes"} {
		m["GET "+p] = []string{"useCustomAccessCodes", "accessCodes[].level", "accessCodes[].description"}
	}
	return m
}()

// undocumented returns the JSON paths of the members of v that schema does not document.
func undocumented(s *openapi3.SchemaRef, v any, at string) []string {
	if s == nil || s.Value == nil {
		return nil
	}
	sc := s.Value
	var out []string
	switch x := v.(type) {
	case map[string]any:
		props := map[string]*openapi3.SchemaRef{}
		open := sc.AdditionalProperties.Has != nil && *sc.AdditionalProperties.Has || sc.AdditionalProperties.Schema != nil
		for name, p := range sc.Properties {
			props[name] = p
		}
		for _, group := range []openapi3.SchemaRefs{sc.AllOf, sc.OneOf, sc.AnyOf} {
			for _, sub := range group {
				if sub.Value != nil {
					for name, p := range sub.Value.Properties {
						props[name] = p
					}
				}
			}
		}
		names := make([]string, 0, len(x))
		for name := range x {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			p, ok := props[name]
			switch {
			case ok:
				out = append(out, undocumented(p, x[name], join(at, name))...)
			case sc.AdditionalProperties.Schema != nil:
				out = append(out, undocumented(sc.AdditionalProperties.Schema, x[name], join(at, name))...)
			case !open:
				out = append(out, join(at, name))
			}
		}
	case []any:
		for _, it := range x {
			for _, u := range undocumented(sc.Items, it, at+"[]") {
				if !slices.Contains(out, u) {
					out = append(out, u)
				}
			}
		}
	}
	return out
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// responseSchema returns the JSON schema of op's answer with status (nil when the document
// declares no JSON body for it).
func responseSchema(doc *openapi3.T, path, method string, status int) *openapi3.SchemaRef {
	item := doc.Paths.Value(path)
	if item == nil {
		return nil
	}
	op := item.GetOperation(method)
	if op == nil {
		return nil
	}
	r := op.Responses.Status(status)
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil {
		return nil
	}
	return mt.Schema
}

// shapeDocs are the documents the emulator serves operations of.
func shapeDocs(t testing.TB) []*openapi3.T {
	t.Helper()
	main, err := openapitest.Document()
	if err != nil {
		t.Fatal(err)
	}
	disc, err := openapitest.Load(openapitest.DiscoverySpecPath)
	if err != nil {
		t.Fatal(err)
	}
	return []*openapi3.T{main, disc.Document()}
}

// shapeQueries are extra queries that change which members an answer has.
var shapeQueries = map[string][]string{
	"/people":                   {"", "callingData=true", "callingData=true&max=1"},
	"/people/{personId}":        {"", "callingData=true"},
	"/people/me":                {"", "callingData=true"},
	"/telephony/config/numbers": {"", "details=true", "numberType=EXTENSION", "ownerType=PEOPLE&max=1"},
}

// notServed are document operations the emulator does not serve (404/405).
var notServed = map[contractOp]bool{
	{"/telephony/config/locations", "POST"}:             true,
	{"/telephony/config/locations/{locationId}", "PUT"}: true,
}

func TestResponsesHaveNoUndocumentedMembers(t *testing.T) {
	for _, era := range []string{emulator.EraCurrent, emulator.Era2024} {
		t.Run(era, func(t *testing.T) {
			// Demo data (people without Webex Calling, custom settings, patterns), and
			// enough people for extension-only numbers.
			e := newRaw(t, withEra(era), func(o *emulator.Options) { o.Demo = true })
			f := newContractFixture(t, e)
			seen := map[string]bool{}
			for _, doc := range shapeDocs(t) {
				for path, item := range doc.Paths.Map() {
					for method := range item.Operations() {
						op := contractOp{path, method}
						if notImplemented[op] || notServed[op] {
							continue
						}
						queries := shapeQueries[path]
						if queries == nil {
							queries = []string{""}
						}
						for _, q := range queries {
							p := f.fill(t, op, false)
							if q != "" {
								p += "?" + q
							}
							r := e.call(e.tokens.FullAdmin, method, p, f.body(op))
							name := method + " " + path
							if r.Status < 200 || r.Status > 299 {
								t.Errorf("%s?%s = %d, want 2xx: %s", name, q, r.Status, r.Body)
								continue
							}
							seen[name] = true
							if len(r.Body) == 0 {
								continue
							}
							var v any
							if err := json.Unmarshal(r.Body, &v); err != nil {
								t.Errorf("%s: %v", name, err)
								continue
							}
							s := responseSchema(doc, path, method, r.Status)
							if s == nil {
								t.Errorf("%s?%s = %d with a body, but the document declares none", name, q, r.Status)
								continue
							}
							for _, u := range undocumented(s, v, "") {
								if !slices.Contains(shapeExceptions[name], u) {
									t.Errorf("%s?%s: undocumented member %s", name, q, u)
								}
							}
						}
					}
				}
			}
			for _, want := range []string{"GET /telephony/config/locations", "GET /telephony/config/locations/{locationId}",
				"GET /telephony/config/numbers", "GET /people/me", "GET /licenses", "GET /people"} {
				if !seen[want] {
					t.Errorf("%s was not checked", want)
				}
			}
		})
	}
}

// oldCallingLocation is a calling-location answer as the emulator gave it before it served
// the documented shape (the /v1/locations shape). The checker must reject it.
const oldCallingLocation = `{"id":"Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OL2E","name":"Dallas","orgId":"Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9i",` +
	`"timeZone":"America/Chicago","address":{"address1":"1 Main St","city":"Dallas","state":"TX","postalCode":"75201","country":"US"}}`

func TestUndocumentedMembersCheckerRejectsOldLocationShape(t *testing.T) {
	disc, err := openapitest.Load(openapitest.DiscoverySpecPath)
	if err != nil {
		t.Fatal(err)
	}
	doc := disc.Document()
	var one any
	if err := json.Unmarshal([]byte(oldCallingLocation), &one); err != nil {
		t.Fatal(err)
	}
	got := undocumented(responseSchema(doc, "/telephony/config/locations/{locationId}", "GET", 200), one, "")
	if want := []string{"address", "orgId", "timeZone"}; !slices.Equal(got, want) {
		t.Errorf("old GET shape: undocumented %v, want %v", got, want)
	}
	var list any
	if err := json.Unmarshal([]byte(`{"locations":[`+oldCallingLocation+`]}`), &list); err != nil {
		t.Fatal(err)
	}
	got = undocumented(responseSchema(doc, "/telephony/config/locations", "GET", 200), list, "")
	var left []string
	for _, u := range got {
		if !slices.Contains(shapeExceptions["GET /telephony/config/locations"], u) {
			left = append(left, u)
		}
	}
	if want := []string{"locations[].address", "locations[].timeZone"}; !slices.Equal(left, want) {
		t.Errorf("old list shape: undocumented %v (after exceptions), want %v", left, want)
	}
	// And the old body also misses required members, which the contract check reports.
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/v1/telephony/config/locations/x", nil)
	if err := disc.CheckResponse(req, 200, http.Header{"Content-Type": {"application/json"}}, []byte(oldCallingLocation)); err == nil ||
		!strings.Contains(err.Error(), "routingPrefix") {
		t.Errorf("old GET shape validates against the document: %v", err)
	}
}
