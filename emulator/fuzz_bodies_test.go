package emulator_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fuzz targets for every request body the emulator accepts. Properties, for any input:
//   - never a 5xx (a panic would be recovered into a 500, so this covers panics too);
//   - every 4xx is the documented JSON error shape;
//   - after any 4xx the entity's state (all of its GETs) is unchanged.
//
// The f.Add seeds run as ordinary tests; explore with e.g.
//   go test ./emulator -run '^$' -fuzz FuzzOutgoingPermissionsPUT -fuzztime 30s

// commonSeeds are malformed or edge-case bodies that every endpoint must reject cleanly or accept.
var commonSeeds = []string{
	``, `null`, `{}`, `[]`, `"x"`, `1`, `true`, `{`, `}`, `{"a":}`, `{"a":1,}`, "\x00", "\xff\xfe",
	`{"useCustomEnabled":"yes"}`, `{"useCustomEnabled":null}`, `[{"x":1}]`,
	`{"a":` + deepJSON(200) + `}`, `{"x":1e400}`, `{"x":-0}`, `{"\u0000":1}`,
	`{"x":1}{"y":2}`, `{"x":1} trailing`,
}

func deepJSON(n int) string {
	s := "1"
	for range n {
		s = "[" + s + "]"
	}
	return s
}

// fuzzBodies runs one fuzz target: method on path(entity) with the fuzzed body, for the
// given kinds.
func fuzzBodies(f *testing.F, method string, kinds []string, seeds []string, path func(e *rawEmu, en entity) string) {
	e := newRaw(f)
	ents := map[string]entity{}
	for _, k := range kinds {
		ents[k] = e.first(f, k)
	}
	for _, s := range append(append([]string{}, commonSeeds...), seeds...) {
		for k := range kinds {
			f.Add(uint8(k), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, k uint8, body []byte) {
		kind := kinds[int(k)%len(kinds)]
		en := ents[kind]
		p := path(e, en)
		before := e.snapshot(t, kind, en.ID)
		r := e.call(e.tokens.FullAdmin, method, p, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s with %q = %d: %s", method, p, body, r.Status, r.Body)
		}
		if r.Status >= 400 {
			checkErrorBody(t, r)
			after := e.snapshot(t, kind, en.ID)
			if diff := cmp.Diff(before, after); diff != "" {
				t.Fatalf("%s %s with %q = %d, but state changed (-before +after):\n%s", method, p, body, r.Status, diff)
			}
		}
	})
}

// checkErrorBody checks the Webex error shape: JSON with message, trackingId and errors[].
func checkErrorBody(t testing.TB, r *rawResp) {
	t.Helper()
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		t.Errorf("%d answer has Content-Type %q, want application/json", r.Status, r.Header.Get("Content-Type"))
	}
	var e struct {
		Message    *string `json:"message"`
		TrackingID *string `json:"trackingId"`
		Errors     []struct {
			Description *string `json:"description"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.Body, &e); err != nil {
		t.Fatalf("%d answer is not JSON: %v: %q", r.Status, err, r.Body)
	}
	if e.Message == nil || *e.Message == "" || e.TrackingID == nil || *e.TrackingID == "" {
		t.Errorf("%d answer lacks message/trackingId: %s", r.Status, r.Body)
	}
	for _, d := range e.Errors {
		if d.Description == nil {
			t.Errorf("%d answer has an errors[] entry without description: %s", r.Status, r.Body)
		}
	}
}

func FuzzOutgoingPermissionsPUT(f *testing.F) {
	seeds := []string{
		`{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`,
		`{"useCustomEnabled":null,"useCustomPermissions":null}`,
		`{"callingPermissions":[{"callType":"CASUAL","action":"ALLOW","transferEnabled":true}]}`,
		`{"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true},{"callType":"URL_DIALING","action":"ALLOW","transferEnabled":true}]}`,
		`{"callingPermissions":[{"callType":"MADE_UP","action":"ALLOW","transferEnabled":true}]}`,
		`{"callingPermissions":[{"callType":"NATIONAL","action":"MAYBE","transferEnabled":true}]}`,
		`{"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":"yes"}]}`,
		`{"callingPermissions":[{"action":"ALLOW","transferEnabled":true}]}`,
		`{"callingPermissions":[{"callType":"NATIONAL"}]}`,                        // refused (transferEnabled missing) but for workspaces
		`{"callingPermissions":[{"callType":"NATIONAL","transferEnabled":true}]}`, // action kept; refused for locations
		`{"callingPermissions":[null]}`,
		`{"callingPermissions":{"NATIONAL":"BLOCK"}}`,
		`{"callingPermissions":null}`,
		`{"callingPermissions":[]}`,
		`{"callingPermissions":[{"callType":"NATIONAL","action":"AUTH_CODE","transferEnabled":true},{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`,
		`{"callingPermissions":[{"callType":"INTERNATIONAL","action":"TRANSFER_NUMBER_1","transferEnabled":false,"isCallTypeRestrictionEnabled":true}]}`,
		`{"useCustomEnabled":false,"unknownTopLevel":{"nested":[1,2]}}`,
	}
	fuzzBodies(f, http.MethodPut, allKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).Outgoing })
}

func FuzzTransferNumbersPUT(f *testing.F) {
	seeds := []string{
		`{"autoTransferNumber1":"+15551230001"}`,
		`{"autoTransferNumber1":"","autoTransferNumber2":"","autoTransferNumber3":""}`,
		`{"useCustomTransferNumbers":true,"autoTransferNumber2":"+1-555-123-0002"}`,
		`{"useCustomTransferNumbers":""}`,
		`{"autoTransferNumber1":1234}`,
		`{"autoTransferNumber1":null}`,
		`{"autoTransferNumber4":"+15551230004"}`,
		`{"autoTransferNumber1":"not a number at all"}`,
		`{"autoTransferNumber1":"` + string(make([]byte, 300)) + `"}`,
	}
	fuzzBodies(f, http.MethodPut, allKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).Transfer })
}

var entityKinds = []string{kPerson, kWorkspace, kVirtualLine}

func FuzzAccessCodesPOST(f *testing.F) {
	seeds := []string{
		`{"code":"4856","description":"Marketing"}`,
		`{"code":"4856"}`,
		`{"description":"no code"}`,
		`{"code":"","description":"empty"}`,
		`{"code":4856,"description":"number"}`,
		`{"code":"12ab","description":"letters"}`,
		`{"code":"4856","description":"dup"}`,
		`{"code":"4857","description":"level","level":"LOCATION"}`,
		`{"code":"` + string(make([]byte, 100)) + `","description":"nul"}`,
		`{"accessCodes":[{"code":"1357","description":"location shape"}]}`,
	}
	fuzzBodies(f, http.MethodPost, entityKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).AccessCodes })
}

func FuzzAccessCodesPUT(f *testing.F) {
	seeds := []string{
		`{"useCustomAccessCodes":true}`,
		`{"useCustomAccessCodes":false,"deleteCodes":["4856"]}`,
		`{"deleteCodes":["does-not-exist"]}`,
		`{"deleteCodes":[]}`,
		`{"deleteCodes":null}`,
		`{"deleteCodes":"4856"}`,
		`{"deleteCodes":[4856]}`,
		`{"deleteCodes":[null]}`,
		`{"useCustomAccessCodes":"true"}`,
	}
	fuzzBodies(f, http.MethodPut, entityKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).AccessCodes })
}

func FuzzLocationAccessCodesPOST(f *testing.F) {
	seeds := []string{
		`{"accessCodes":[{"code":"1357","description":"Main"}]}`,
		`{"accessCodes":[{"code":"1358","description":"a"},{"code":"1359","description":"b"}]}`,
		`{"accessCodes":[{"code":"1360","description":"l","level":"LOCATION"}]}`,
		`{"accessCodes":[{"code":"1361","description":"dup"},{"code":"1361","description":"dup"}]}`,
		`{"accessCodes":[{"code":"1362"}]}`,
		`{"accessCodes":[{"description":"no code"}]}`,
		`{"accessCodes":[]}`,
		`{"accessCodes":null}`,
		`{"accessCodes":{"code":"1363","description":"object"}}`,
		`{"accessCodes":[null]}`,
		`{"code":"1364","description":"entity shape"}`,
	}
	fuzzBodies(f, http.MethodPost, []string{kLocation}, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).AccessCodes })
}

func FuzzLocationAccessCodesPUT(f *testing.F) {
	seeds := []string{
		`{"deleteCodes":["1357"]}`,
		`{"deleteCodes":[]}`,
		`{"deleteCodes":null}`,
		`{"deleteCodes":[1357]}`,
		`{"deleteCodes":"1357"}`,
		`{"useCustomAccessCodes":true}`, // refused: deleteCodes missing
		`{"useCustomAccessCodes":true,"deleteCodes":[]}`,
	}
	fuzzBodies(f, http.MethodPut, []string{kLocation}, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).AccessCodes })
}

func FuzzDigitPatternPOST(f *testing.F) {
	seeds := []string{
		`{"name":"p1","pattern":"1XXX","action":"ALLOW","transferEnabled":true}`,
		`{"name":"p2","pattern":"+496196!","action":"BLOCK","transferEnabled":false}`,
		`{"name":"p3","pattern":"2XXXX","action":"ALLOW"}`, // refused in era current (transferEnabled missing)
		`{"name":"p4","pattern":"2XXXX","action":"ALLOW","transferEnabled":false}`,
		`{"name":"p1","pattern":"3XXX","action":"ALLOW","transferEnabled":true}`,
		`{"pattern":"4XXX","action":"ALLOW","transferEnabled":true}`,
		`{"name":"p5","action":"ALLOW","transferEnabled":true}`,
		`{"name":"p6","pattern":"5XXX","action":"NOPE","transferEnabled":true}`,
		`{"name":"p7","pattern":"5XXX","action":"ALLOW","transferEnabled":1}`,
		`{"name":"","pattern":"","action":"","transferEnabled":false}`,
		`{"id":"forced","name":"p8","pattern":"6XXX","action":"ALLOW","transferEnabled":true}`,
		`{"name":"p9","pattern":"abc","action":"ALLOW","transferEnabled":true}`,
	}
	fuzzBodies(f, http.MethodPost, allKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).DigitPatterns })
}

func FuzzDigitPatternPUT(f *testing.F) {
	seeds := []string{
		`{"name":"renamed"}`,
		`{"pattern":"7XXX"}`,
		`{"action":"BLOCK","transferEnabled":false}`,
		`{"action":"NOPE"}`,
		`{"name":""}`,
		`{"name":"other"}`,
		`{"id":"other-id","name":"x"}`,
		`{"transferEnabled":"no"}`,
	}
	// Each entity gets two patterns; updates target the first ("other" is the second's name,
	// to exercise a name clash).
	ids := map[string]string{}
	fuzzBodies(f, http.MethodPut, allKinds, seeds, func(e *rawEmu, en entity) string {
		p := pathsFor(en.Kind, en.ID)
		id, ok := ids[en.ID]
		if !ok {
			var created struct{ ID string }
			r := e.call(e.tokens.FullAdmin, http.MethodPost, p.DigitPatterns, `{"name":"fuzz-target","pattern":"8XXX","action":"ALLOW","transferEnabled":true}`)
			json.Unmarshal(r.Body, &created)
			e.call(e.tokens.FullAdmin, http.MethodPost, p.DigitPatterns, `{"name":"other","pattern":"9XXX","action":"ALLOW","transferEnabled":true}`)
			id = created.ID
			ids[en.ID] = id
		}
		return p.DigitPattern(id)
	})
}

func FuzzCategoryControlPUT(f *testing.F) {
	seeds := []string{
		`{"useCustomDigitPatterns":true}`,
		`{"useCustomDigitPatterns":false}`,
		`{"useCustomDigitPatterns":null}`,
		`{"useCustomDigitPatterns":"true"}`,
		`{"digitPatterns":[]}`,
	}
	fuzzBodies(f, http.MethodPut, allKinds, seeds, func(e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).DigitPatterns })
}
