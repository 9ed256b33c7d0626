package emulator

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestUnitPermsMergeAndInheritance(t *testing.T) {
	s := newT(t, Options{})
	p := s.person(0)
	// Default: not custom, location's values.
	got := s.perms(personPath(p))
	if *got.UseCustomEnabled || *got.UseCustomPermissions {
		t.Fatalf("default person is custom: %+v", got)
	}
	if got.action(ctInternational) != "BLOCK" || got.action(ctNational) != "ALLOW" {
		t.Fatalf("defaults wrong: %+v", got)
	}
	// The location allows INTERNATIONAL: the person inherits it.
	s.must(204, "PUT", locPath(p.loc), `{"useCustomEnabled":null,"useCustomPermissions":null,"callingPermissions":[{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":true}]}`)
	if a := s.perms(personPath(p)).action(ctInternational); a != "ALLOW" {
		t.Fatalf("person does not inherit the location: %s", a)
	}
	// Merge: only the listed type changes; switching to custom shows own values.
	s.must(204, "PUT", personPath(p), `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`)
	got = s.perms(personPath(p))
	if got.action(ctNational) != "BLOCK" || got.action(ctInternational) != "BLOCK" || got.action(ctTollFree) != "ALLOW" {
		t.Fatalf("after custom PUT: %+v", got)
	}
	s.must(204, "PUT", personPath(p), `{"callingPermissions":[{"callType":"TOLL_FREE","action":"AUTH_CODE","transferEnabled":true}]}`)
	got = s.perms(personPath(p))
	if got.action(ctNational) != "BLOCK" || got.action(ctTollFree) != "AUTH_CODE" || !*got.UseCustomEnabled {
		t.Fatalf("second PUT did not merge: %+v", got)
	}
	// Switch off: location values again; the custom ones are kept for later.
	s.must(204, "PUT", personPath(p), `{"useCustomEnabled":false,"useCustomPermissions":null}`)
	got = s.perms(personPath(p))
	if got.action(ctNational) != "ALLOW" || got.action(ctInternational) != "ALLOW" || *got.UseCustomEnabled || !*got.UseCustomPermissions {
		t.Fatalf("after switching off: %+v", got)
	}
	s.must(204, "PUT", personPath(p), `{"useCustomEnabled":true}`)
	if got = s.perms(personPath(p)); got.action(ctNational) != "BLOCK" || got.action(ctTollFree) != "AUTH_CODE" {
		t.Fatalf("custom values lost: %+v", got)
	}
	// Location GET has no switches.
	r := s.must(200, "GET", locPath(p.loc), nil)
	if bytes.Contains(r.body, []byte("useCustom")) {
		t.Fatalf("location GET has switches: %s", r.body)
	}
}

func TestUnitPermsValidationChangesNothing(t *testing.T) {
	s := newT(t, Options{})
	p := s.person(1)
	path := personPath(p)
	s.must(204, "PUT", path, `{"useCustomEnabled":true,"useCustomPermissions":true}`)
	before := s.must(200, "GET", path, nil).body
	tests := []struct {
		name, body string
		code       int
	}{
		{"casual", `{"useCustomEnabled":false,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false},{"callType":"CASUAL","action":"ALLOW","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"url dialing", `{"callingPermissions":[{"callType":"URL_DIALING","action":"ALLOW","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"unknown", `{"callingPermissions":[{"callType":"UNKNOWN","action":"ALLOW","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"made up", `{"callingPermissions":[{"callType":"MADE_UP","action":"BLOCK","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"local in current era", `{"callingPermissions":[{"callType":"LOCAL","action":"BLOCK","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"toll in current era", `{"callingPermissions":[{"callType":"TOLL","action":"BLOCK","transferEnabled":true}]}`, codeCallTypeNotSettable},
		{"bad action", `{"callingPermissions":[{"callType":"NATIONAL","action":"MAYBE","transferEnabled":true}]}`, codeInvalidInput},
		{"null entry", `{"callingPermissions":[null]}`, codeInvalidInput},
		{"no call type", `{"callingPermissions":[{"action":"BLOCK"}]}`, codeInvalidInput},
		{"wrong type", `{"useCustomEnabled":"yes"}`, codeInvalidInput},
		{"wrong list type", `{"callingPermissions":{"callType":"NATIONAL"}}`, codeInvalidInput},
		{"malformed", `{"useCustomEnabled":`, codeInvalidInput},
		{"trailing garbage", `{} {}`, codeInvalidInput},
		{"empty body", ``, codeInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do("PUT", path, tt.body)
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			if c := r.errCode(t); c != tt.code {
				t.Fatalf("errorCode %d, want %d", c, tt.code)
			}
			if after := s.must(200, "GET", path, nil).body; !bytes.Equal(before, after) {
				t.Fatalf("state changed after a 400:\n%s\n%s", before, after)
			}
		})
	}
}

func TestUnitEras(t *testing.T) {
	if _, err := New(Options{APIEra: "1999"}); err == nil || !strings.Contains(err.Error(), "era") {
		t.Fatalf("unknown era: err = %v", err)
	}
	cur := newT(t, Options{})
	got := cur.perms(personPath(cur.person(0)))
	if !slices.Equal(got.types(), currentCallTypes) {
		t.Errorf("current types = %v", got.types())
	}
	for _, e := range got.CallingPermissions {
		if e.IsCallTypeRestrictionEnabled == nil {
			t.Fatalf("current era: %s lacks isCallTypeRestrictionEnabled", e.CallType)
		}
	}
	var tn map[string]any
	cur.must(200, "GET", tcPersonPath(cur.person(0))+"/autoTransferNumbers", nil).json(t, &tn)
	if _, ok := tn["useCustomTransferNumbers"]; !ok {
		t.Errorf("current era transfer GET lacks useCustomTransferNumbers: %v", tn)
	}

	old := newT(t, Options{APIEra: Era2024})
	p := old.person(0)
	got = old.perms(personPath(p))
	want := []string{"INTERNAL_CALL", "LOCAL", "TOLL_FREE", "TOLL", "NATIONAL", "INTERNATIONAL", "OPERATOR_ASSISTED",
		"CHARGEABLE_DIRECTORY_ASSISTED", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "PREMIUM_SERVICES_I",
		"PREMIUM_SERVICES_II", "CASUAL", "URL_DIALING", "UNKNOWN"}
	if !slices.Equal(got.types(), want) {
		t.Errorf("2024 person types = %v", got.types())
	}
	if got.action(ctCasual) != "BLOCK" || got.action(ctURLDialing) != "ALLOW" {
		t.Errorf("2024 CASUAL/URL_DIALING values: %+v", got)
	}
	for _, e := range got.CallingPermissions {
		if e.IsCallTypeRestrictionEnabled != nil {
			t.Fatal("2024 era has isCallTypeRestrictionEnabled")
		}
	}
	vl := old.dir.primary.vlines[0]
	vlPath := "/v1/telephony/config/virtualLines/" + vl.id + "/outgoingPermission"
	if got := old.perms(vlPath).types(); !slices.Equal(got, declaredCallTypes) {
		t.Errorf("2024 VL types = %v", got)
	}
	old.must(204, "PUT", vlPath, `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"LOCAL","action":"BLOCK","transferEnabled":false},{"callType":"TOLL","action":"AUTH_CODE","transferEnabled":false}]}`)
	if g := old.perms(vlPath); g.action(ctLocal) != "BLOCK" || g.action(ctToll) != "AUTH_CODE" {
		t.Errorf("2024 LOCAL/TOLL not set: %+v", g)
	}
	if r := old.do("PUT", vlPath, `{"callingPermissions":[{"callType":"CASUAL","action":"BLOCK","transferEnabled":false}]}`); r.status != 400 || r.errCode(t) != codeCallTypeNotSettable {
		t.Errorf("2024 CASUAL: %d %s", r.status, r.body)
	}
	tn = nil
	old.must(200, "GET", tcPersonPath(p)+"/autoTransferNumbers", nil).json(t, &tn)
	if _, ok := tn["useCustomTransferNumbers"]; ok {
		t.Errorf("2024 era transfer GET has useCustomTransferNumbers")
	}
}

func TestUnitTransferNumbers(t *testing.T) {
	s := newT(t, Options{})
	for _, path := range []string{
		tcPersonPath(s.person(0)) + "/autoTransferNumbers",
		"/v1/workspaces/" + s.dir.primary.workspaces[0].id + "/features/outgoingPermission/autoTransferNumbers",
		locPath(s.location(0)) + "/autoTransferNumbers",
		"/v1/telephony/config/virtualLines/" + s.dir.primary.vlines[0].id + "/outgoingPermission/autoTransferNumbers",
	} {
		var got map[string]any
		s.must(204, "PUT", path, `{"autoTransferNumber1":"+4961007738001","autoTransferNumber2":"+1-205-555-3651","autoTransferNumber3":"3234567891"}`)
		s.must(204, "PUT", path, `{"autoTransferNumber1":"+4961007738002","autoTransferNumber3":null}`)
		s.must(200, "GET", path, nil).json(t, &got)
		if got["autoTransferNumber1"] != "+4961007738002" || got["autoTransferNumber2"] != "+1-205-555-3651" || got["autoTransferNumber3"] != "3234567891" {
			t.Fatalf("%s: omitted numbers not kept: %v", path, got)
		}
		s.must(204, "PUT", path, `{"autoTransferNumber2":""}`)
		got = nil
		s.must(200, "GET", path, nil).json(t, &got)
		if _, ok := got["autoTransferNumber2"]; ok {
			t.Fatalf("%s: cleared number still shown: %v", path, got)
		}
		before := s.must(200, "GET", path, nil).body
		if r := s.do("PUT", path, `{"autoTransferNumber1":"+49 abc","autoTransferNumber3":"+1"}`); r.status != 400 {
			t.Fatalf("%s: bad number accepted: %d", path, r.status)
		}
		// The SDK24 configure_unset_numbers bug (spec §2.3) is caught.
		if r := s.do("PUT", path, `{"autoTransferNumber1":"","useCustomTransferNumbers":""}`); r.status != 400 {
			t.Fatalf("%s: string useCustomTransferNumbers accepted: %d", path, r.status)
		}
		if after := s.must(200, "GET", path, nil).body; !bytes.Equal(before, after) {
			t.Fatalf("state changed after 400")
		}
	}
	// Legacy person path: 404 unless enabled.
	legacy := personPath(s.person(0)) + "/autoTransferNumbers"
	if r := s.do("GET", legacy, nil); r.status != 404 {
		t.Fatalf("legacy path default: %d", r.status)
	}
	l := newT(t, Options{LegacyPersonTransferPath: true})
	l.must(204, "PUT", personPath(l.person(0))+"/autoTransferNumbers", `{"autoTransferNumber1":"+4961007738001"}`)
	var got map[string]any
	l.must(200, "GET", tcPersonPath(l.person(0))+"/autoTransferNumbers", nil).json(t, &got)
	if got["autoTransferNumber1"] != "+4961007738001" {
		t.Fatalf("legacy and official paths do not share state: %v", got)
	}
}

func TestUnitAccessCodes(t *testing.T) {
	s := newT(t, Options{MaxAccessCodes: 3})
	ws := s.dir.primary.workspaces[0]
	for _, base := range []string{
		tcPersonPath(s.person(0)) + "/accessCodes",
		"/v1/workspaces/" + ws.id + "/features/outgoingPermission/accessCodes",
		"/v1/telephony/config/virtualLines/" + s.dir.primary.vlines[0].id + "/outgoingPermission/accessCodes",
	} {
		s.must(201, "POST", base, `{"code":"9001","description":"one"}`)
		if r := s.do("POST", base, `{"code":"9001","description":"again"}`); r.status != 409 || r.errCode(t) != codeDuplicate {
			t.Fatalf("duplicate: %d %s", r.status, r.body)
		}
		for _, bad := range []string{`{"code":"12a4","description":"x"}`, `{"code":"","description":"x"}`, `{"code":"12345678901","description":"x"}`, `{"code":"1234"}`, `{"description":"x"}`, `{"code":1234,"description":"x"}`} {
			if r := s.do("POST", base, bad); r.status != 400 {
				t.Fatalf("%s accepted: %d", bad, r.status)
			}
		}
		s.must(201, "POST", base, `{"code":"9002","description":"two"}`)
		s.must(201, "POST", base, `{"code":"9003","description":"three"}`)
		if r := s.do("POST", base, `{"code":"9004","description":"four"}`); r.status != 400 || r.errCode(t) != codeLimitReached {
			t.Fatalf("over the maximum: %d %s", r.status, r.body)
		}
		var got struct {
			UseCustomAccessCodes *bool `json:"useCustomAccessCodes"`
			AccessCodes          []struct{ Code, Description, Level string }
		}
		s.must(200, "GET", base, nil).json(t, &got)
		if len(got.AccessCodes) != 3 || got.AccessCodes[0].Level != "CUSTOM" || got.UseCustomAccessCodes == nil {
			t.Fatalf("GET: %+v", got)
		}
		s.must(204, "PUT", base, `{"useCustomAccessCodes":true,"deleteCodes":["9001","5555"]}`)
		got.AccessCodes = nil
		s.must(200, "GET", base, nil).json(t, &got)
		if len(got.AccessCodes) != 2 || !*got.UseCustomAccessCodes {
			t.Fatalf("after deleteCodes: %+v", got)
		}
		s.must(204, "PUT", base, `{}`)
		s.must(204, "DELETE", base, nil)
		r := s.must(200, "GET", base, nil)
		if !bytes.Contains(r.body, []byte(`"accessCodes":[]`)) {
			t.Fatalf("after DELETE: %s", r.body)
		}
	}
	// Single workspace code delete (OAS26).
	one := "/v1/telephony/config/workspaces/" + ws.id + "/features/accessCodes/"
	s.must(201, "POST", "/v1/workspaces/"+ws.id+"/features/outgoingPermission/accessCodes", `{"code":"77","description":"x"}`)
	s.must(204, "DELETE", one+"77", nil)
	s.must(404, "DELETE", one+"77", nil)

	// Location API.
	base := locPath(s.location(0)) + "/accessCodes"
	s.must(201, "POST", base, `{"accessCodes":[{"code":"1357","description":"Main"},{"code":"2468","description":"Other","level":"LOCATION"}]}`)
	if r := s.do("POST", base, `{"accessCodes":[{"code":"1111","description":"a"},{"code":"1111","description":"b"}]}`); r.status != 409 {
		t.Fatalf("repeated in one POST: %d", r.status)
	}
	if r := s.do("POST", base, `{"accessCodes":[{"code":"1112","description":"a"},{"code":"1113","description":"b"}]}`); r.status != 400 {
		t.Fatalf("over the maximum: %d", r.status)
	}
	r := s.must(200, "GET", base, nil)
	if string(bytes.TrimSpace(r.body)) != `{"accessCodes":[{"code":"1357","description":"Main"},{"code":"2468","description":"Other"}]}` {
		t.Fatalf("location GET: %s", r.body)
	}
	s.must(204, "PUT", base, `{"deleteCodes":["1357"]}`)
	if r := s.do("PUT", base, `{"deleteCodes":[1357]}`); r.status != 400 {
		t.Fatalf("numeric deleteCodes: %d", r.status)
	}
	s.must(204, "DELETE", base, nil)
	if r := s.must(200, "GET", base, nil); !bytes.Contains(r.body, []byte(`"accessCodes":[]`)) {
		t.Fatalf("after delete all: %s", r.body)
	}
}

func TestUnitDigitPatterns(t *testing.T) {
	s := newT(t, Options{})
	for _, base := range []string{
		tcPersonPath(s.person(0)) + "/digitPatterns",
		"/v1/telephony/config/workspaces/" + s.dir.primary.workspaces[0].id + "/outgoingPermission/digitPatterns",
		locPath(s.location(0)) + "/digitPatterns",
		"/v1/telephony/config/virtualLines/" + s.dir.primary.vlines[0].id + "/outgoingPermission/digitPatterns",
	} {
		r := s.must(201, "POST", base, `{"name":"n","pattern":"+496196!","action":"BLOCK","transferEnabled":true}`)
		if r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("POST Content-Type %q", r.header.Get("Content-Type"))
		}
		var created struct{ ID string }
		r.json(t, &created)
		if created.ID == "" {
			t.Fatalf("no id: %s", r.body)
		}
		if raw, err := base64.RawStdEncoding.DecodeString(created.ID); err != nil || !strings.HasPrefix(string(raw), "ciscospark://us/") {
			t.Fatalf("id %q not a Webex ID: %s %v", created.ID, raw, err)
		}
		if r := s.do("POST", base, `{"name":"n","pattern":"1XXX","action":"ALLOW","transferEnabled":false}`); r.status != 409 {
			t.Fatalf("duplicate name: %d", r.status)
		}
		for _, bad := range []string{`{"name":"b","pattern":"12!3","action":"ALLOW","transferEnabled":false}`, `{"name":"b","pattern":"1YY","action":"ALLOW","transferEnabled":false}`,
			`{"name":"b","pattern":"1XX","action":"NOPE","transferEnabled":false}`, `{"pattern":"1XX","action":"ALLOW","transferEnabled":false}`, `{"name":"","pattern":"1XX","action":"ALLOW","transferEnabled":false}`} {
			if r := s.do("POST", base, bad); r.status != 400 {
				t.Fatalf("%s accepted: %d", bad, r.status)
			}
		}
		one := base + "/" + created.ID
		var dp map[string]any
		s.must(200, "GET", one, nil).json(t, &dp)
		if dp["pattern"] != "+496196!" || dp["transferEnabled"] != true || dp["id"] != created.ID {
			t.Fatalf("details: %v", dp)
		}
		s.must(204, "PUT", one, `{"name":"n2","transferEnabled":false}`)
		dp = nil
		s.must(200, "GET", one, nil).json(t, &dp)
		if dp["name"] != "n2" || dp["pattern"] != "+496196!" || dp["transferEnabled"] != false {
			t.Fatalf("after update: %v", dp)
		}
		created2 := struct{ ID string }{}
		s.must(201, "POST", base, `{"name":"other","pattern":"9XXX","action":"ALLOW","transferEnabled":false}`).json(t, &created2)
		if r := s.do("PUT", base+"/"+created2.ID, `{"name":"n2"}`); r.status != 409 {
			t.Fatalf("rename onto an existing name: %d", r.status)
		}
		s.must(204, "PUT", base, `{"useCustomDigitPatterns":true}`)
		var list struct {
			UseCustomDigitPatterns *bool `json:"useCustomDigitPatterns"`
			DigitPatterns          []map[string]any
		}
		s.must(200, "GET", base, nil).json(t, &list)
		if len(list.DigitPatterns) != 2 {
			t.Fatalf("list: %+v", list)
		}
		if strings.Contains(base, "/locations/") != (list.UseCustomDigitPatterns == nil) {
			t.Fatalf("useCustomDigitPatterns presence wrong for %s: %+v", base, list)
		}
		s.must(204, "DELETE", one, nil)
		s.must(404, "DELETE", one, nil)
		s.must(404, "GET", one, nil)
		s.must(404, "PUT", one, `{"name":"x"}`)
		s.must(204, "DELETE", base, nil)
		if r := s.must(200, "GET", base, nil); !bytes.Contains(r.body, []byte(`"digitPatterns":[]`)) {
			t.Fatalf("after delete all: %s", r.body)
		}
	}
}

func TestUnitDigitPatternLimit(t *testing.T) {
	s := newT(t, Options{})
	p := s.person(2)
	base := tcPersonPath(p) + "/digitPatterns"
	// 498 straight into the store (fast), the last two through the API.
	err := s.update(t.Context(), &p.ent, func(rec *record) error {
		for i := range maxDigitPatterns - 2 {
			rec.PatternSeq++
			rec.DigitPatterns = append(rec.DigitPatterns, digitPattern{ID: patternID(p.id, rec.PatternSeq),
				Name: fmt.Sprintf("p%d", i), Pattern: fmt.Sprintf("9%03d", i), Action: "ALLOW"})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := maxDigitPatterns - 2; i < maxDigitPatterns; i++ {
		s.must(201, "POST", base, fmt.Sprintf(`{"name":"p%d","pattern":"9%03d","action":"ALLOW","transferEnabled":false}`, i, i))
	}
	r := s.do("POST", base, `{"name":"one too many","pattern":"8000","action":"ALLOW","transferEnabled":false}`)
	if r.status != 400 || r.errCode(t) != codeLimitReached {
		t.Fatalf("501st: %d %s", r.status, r.body)
	}
}

func TestUnitNotFoundAndMethods(t *testing.T) {
	s := newT(t, Options{})
	if r := s.do("GET", "/v1/people/bm9wZQ/features/outgoingPermission", nil); r.status != 404 || r.errCode(t) != codeNotFound {
		t.Fatalf("unknown person: %d", r.status)
	}
	// A location ID is not a person ID.
	if r := s.do("GET", "/v1/people/"+s.location(0).id+"/features/outgoingPermission", nil); r.status != 404 {
		t.Fatalf("location as person: %d", r.status)
	}
	if r := s.do("PATCH", personPath(s.person(0)), `{}`); r.status != http.StatusMethodNotAllowed {
		t.Fatalf("PATCH: %d", r.status)
	} else {
		r.errCode(t)
		if a := r.header.Get("Allow"); a != "GET, PUT" {
			t.Fatalf("Allow = %q", a)
		}
	}
	if r := s.do("GET", "/v1/nothing/here", nil); r.status != 404 {
		t.Fatalf("unknown path: %d", r.status)
	} else {
		r.errCode(t)
	}
}

func TestUnitTransferNumbersNullInEra2024(t *testing.T) {
	for _, era := range []string{EraCurrent, Era2024} {
		t.Run(era, func(t *testing.T) {
			s := newT(t, Options{APIEra: era})
			loc := s.dir.primary.locations[0].id
			path := "/v1/telephony/config/locations/" + loc + "/outgoingPermission/autoTransferNumbers"
			s.must(http.StatusNoContent, "PUT", path, `{"autoTransferNumber1":"+14085550100","autoTransferNumber3":""}`)
			var got map[string]*string
			s.must(http.StatusOK, "GET", path, nil).json(t, &got)
			if n := got["autoTransferNumber1"]; n == nil || *n != "+14085550100" {
				t.Errorf("autoTransferNumber1 = %v", n)
			}
			n3, present := got["autoTransferNumber3"]
			if want := era == Era2024; present != want || n3 != nil {
				t.Errorf("era %s: autoTransferNumber3 present=%v value=%v, want present=%v and null", era, present, n3, want)
			}
		})
	}
}
