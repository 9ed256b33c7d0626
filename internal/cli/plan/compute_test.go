package plan

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

var update = flag.Bool("update", false, "rewrite golden files")

func perms(kv ...string) *wxc.CallingPermissions {
	p := wxc.NewCallingPermissions()
	for i := 0; i+1 < len(kv); i += 2 {
		p.Set(wxc.CallType(kv[i]), wxc.CallTypePermission{Action: wxc.Action(kv[i+1]), TransferEnabled: kv[i+1] == "ALLOW"})
	}
	return p
}

func person(id, name, email, loc string, custom bool) snapshot.Settings {
	return snapshot.Settings{
		Entity: snapshot.Entity{Kind: wxc.Person, ID: id, Name: name, Email: email, LocationID: "L-" + loc, LocationName: loc},
		Outgoing: &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(custom), UseCustomPermissions: wxc.Bool(custom),
			CallingPermissions: perms("INTERNAL_CALL", "ALLOW", "INTERNATIONAL", "BLOCK", "PREMIUM_SERVICES_I", "BLOCK", "CASUAL", "BLOCK")},
		TransferNumbers: &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(false)},
		AccessCodes:     &wxc.AuthCodes{UseCustomAccessCodes: wxc.Bool(false), AccessCodes: []wxc.AuthCode{}},
		DigitPatterns:   &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(false), DigitPatterns: []wxc.DigitPattern{}},
	}
}

func location(id, name string) snapshot.Settings {
	return snapshot.Settings{
		Entity:          snapshot.Entity{Kind: wxc.Location, ID: id, Name: name, LocationID: id, LocationName: name},
		Outgoing:        &wxc.OutgoingPermissions{CallingPermissions: perms("INTERNAL_CALL", "ALLOW", "INTERNATIONAL", "AUTH_CODE", "PREMIUM_SERVICES_I", "BLOCK")},
		TransferNumbers: &wxc.AutoTransferNumbers{AutoTransferNumber1: wxc.String("+12145550100")},
		AccessCodes:     &wxc.AuthCodes{AccessCodes: []wxc.AuthCode{{Code: "1234", Description: "Sales"}}},
		DigitPatterns: &wxc.DigitPatterns{DigitPatterns: []wxc.DigitPattern{
			{ID: "DP1", Name: "Premium", Pattern: "+1900!", Action: wxc.ActionAllow, TransferEnabled: wxc.Bool(true)}}},
	}
}

func fixture() []snapshot.Settings {
	alice := person("P1", "Alice Smith", "alice@example.com", "Dallas", false)
	bob := person("P2", "Bob Jones", "bob@example.com", "London", true)
	bob.AccessCodes = &wxc.AuthCodes{UseCustomAccessCodes: wxc.Bool(true), AccessCodes: []wxc.AuthCode{
		{Code: "4321", Description: "Personal", Level: wxc.AuthCodeLevelCustom},
		{Code: "1234", Description: "Sales", Level: wxc.AuthCodeLevelLocation}}}
	bob.DigitPatterns = &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(true), DigitPatterns: []wxc.DigitPattern{
		{ID: "BP1", Name: "x", Pattern: "+900!", Action: wxc.ActionAllow, TransferEnabled: wxc.Bool(true)}}}
	bob.TransferNumbers = &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(true), AutoTransferNumber1: wxc.String("+1-212-555-0199")}
	twin1 := person("P3", "Sam Twin", "sam1@example.com", "Dallas", false)
	twin2 := person("P4", "Sam Twin", "sam2@example.com", "London", false)
	ws := person("W1", "Lobby", "", "Dallas", false)
	ws.Kind = wxc.Workspace
	return []snapshot.Settings{alice, bob, twin1, twin2, ws, location("L-Dallas", "Dallas")}
}

func mustParse(t *testing.T, s string) Desired {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return *d
}

const header = "version: 1\nprofiles:\n"

func TestComputeTable(t *testing.T) {
	tests := []struct {
		name        string
		desired     string
		wantErr     string
		wantChanges map[string][]string // entity ID -> "field op from to"
		wantOps     map[string][]OpKind
	}{
		{
			name: "call type on inherited person switches custom on and sends every desired type",
			desired: header + `  intl:
    outgoing:
      callingPermissions:
        INTERNATIONAL: ALLOW
        INTERNAL_CALL: ALLOW
assignments:
  - profile: intl
    select: {entities: [alice@example.com]}
`,
			wantChanges: map[string][]string{"P1": {
				"outgoing.useCustomEnabled set false true",
				"outgoing.useCustomPermissions set false true",
				"outgoing.callingPermissions.INTERNATIONAL set BLOCK ALLOW",
			}},
			wantOps: map[string][]OpKind{"P1": {OpOutgoing}},
		},
		{
			name: "nothing to do when equal",
			desired: header + `  same:
    outgoing:
      callingPermissions:
        INTERNATIONAL: {action: BLOCK, transferEnabled: false}
assignments:
  - profile: same
    select: {entities: [P2]}
`,
			wantChanges: map[string][]string{},
		},
		{
			name: "later assignment overrides earlier per field",
			desired: header + `  block:
    outgoing:
      callingPermissions:
        INTERNATIONAL: BLOCK
        PREMIUM_SERVICES_I: ALLOW
  allow:
    outgoing:
      callingPermissions:
        INTERNATIONAL: ALLOW
assignments:
  - profile: block
    select: {kinds: [person], locations: [London]}
  - profile: allow
    select: {entities: [bob@example.com]}
`,
			wantChanges: map[string][]string{"P2": {
				"outgoing.callingPermissions.INTERNATIONAL set BLOCK ALLOW",
				"outgoing.callingPermissions.PREMIUM_SERVICES_I set BLOCK ALLOW",
			}, "P4": {
				"outgoing.useCustomEnabled set false true",
				"outgoing.useCustomPermissions set false true",
				"outgoing.callingPermissions.PREMIUM_SERVICES_I set BLOCK ALLOW",
			}},
			wantOps: map[string][]OpKind{"P2": {OpOutgoing}, "P4": {OpOutgoing}},
		},
		{
			name: "transfer numbers: format-insensitive, clear with empty string",
			desired: header + `  tn:
    transferNumbers:
      autoTransferNumber1: "+12125550199"
      autoTransferNumber2: "+12125550100"
      autoTransferNumber3: ""
assignments:
  - profile: tn
    select: {entities: [P2]}
`,
			wantChanges: map[string][]string{"P2": {"transferNumbers.autoTransferNumber2 set <nil> +12125550100"}},
			wantOps:     map[string][]OpKind{"P2": {OpTransferNumbers}},
		},
		{
			name: "access codes: add, re-create on description change, exclusive delete, location-level untouched",
			desired: header + `  codes:
    accessCodes:
      useCustomAccessCodes: true
      exclusive: true
      codes:
        - {code: "1111", description: "New"}
assignments:
  - profile: codes
    select: {entities: [P2, P1]}
`,
			wantChanges: map[string][]string{
				"P1": {"accessCodes.useCustomAccessCodes set false true", "accessCodes add <nil> 1111 (New)"},
				"P2": {"accessCodes add <nil> 1111 (New)", "accessCodes delete 4321 (Personal) <nil>"},
			},
			wantOps: map[string][]OpKind{"P1": {OpAccessCodesModify, OpAccessCodeCreate}, "P2": {OpAccessCodesModify, OpAccessCodeCreate}},
		},
		{
			name: "location: location access-code API and pattern update by name",
			desired: header + `  loc:
    outgoing:
      useCustomEnabled: true
      callingPermissions:
        INTERNATIONAL: BLOCK
    accessCodes:
      codes:
        - {code: "1234", description: "Sales intl"}
    digitPatterns:
      patterns:
        - {name: Premium, pattern: "+1900!", action: BLOCK, transferEnabled: false}
assignments:
  - profile: loc
    select: {kinds: [location]}
`,
			wantChanges: map[string][]string{"L-Dallas": {
				"outgoing.callingPermissions.INTERNATIONAL set AUTH_CODE BLOCK",
				"accessCodes.1234.description set Sales Sales intl",
				"digitPatterns.Premium.action set ALLOW BLOCK",
				"digitPatterns.Premium.transferEnabled set true false",
			}},
			wantOps: map[string][]OpKind{"L-Dallas": {OpOutgoing, OpLocationCodesDelete, OpLocationCodesCreate, OpDigitPatternUpdate}},
		},
		{
			name: "digit patterns: exclusive deletes, create new, category switch",
			desired: header + `  dp:
    digitPatterns:
      useCustomDigitPatterns: true
      exclusive: true
      patterns:
        - {name: premium, pattern: "+1900!", action: BLOCK}
assignments:
  - profile: dp
    select: {all: true}
`,
			wantChanges: map[string][]string{
				"P1":       {"digitPatterns.useCustomDigitPatterns set false true", "digitPatterns add <nil> premium +1900! BLOCK"},
				"P2":       {"digitPatterns delete x +900! ALLOW transfer <nil>", "digitPatterns add <nil> premium +1900! BLOCK"},
				"P3":       {"digitPatterns.useCustomDigitPatterns set false true", "digitPatterns add <nil> premium +1900! BLOCK"},
				"P4":       {"digitPatterns.useCustomDigitPatterns set false true", "digitPatterns add <nil> premium +1900! BLOCK"},
				"W1":       {"digitPatterns.useCustomDigitPatterns set false true", "digitPatterns add <nil> premium +1900! BLOCK"},
				"L-Dallas": {"digitPatterns delete Premium +1900! ALLOW transfer <nil>", "digitPatterns add <nil> premium +1900! BLOCK"},
			},
			wantOps: map[string][]OpKind{
				"P1": {OpDigitPatternsCategory, OpDigitPatternCreate}, "P2": {OpDigitPatternDelete, OpDigitPatternCreate},
				"P3": {OpDigitPatternsCategory, OpDigitPatternCreate}, "P4": {OpDigitPatternsCategory, OpDigitPatternCreate},
				"W1": {OpDigitPatternsCategory, OpDigitPatternCreate}, "L-Dallas": {OpDigitPatternDelete, OpDigitPatternCreate},
			},
		},
		{
			name: "ambiguous name is an error",
			desired: header + `  p:
    outgoing: {useCustomEnabled: true}
assignments:
  - profile: p
    select: {entities: [Sam Twin]}
`,
			wantErr: `"Sam Twin" matches 2 entities`,
		},
		{
			name: "ambiguous name narrowed by location",
			desired: header + `  p:
    outgoing: {useCustomEnabled: true}
assignments:
  - profile: p
    select: {entities: [Sam Twin], locations: [london]}
`,
			wantChanges: map[string][]string{"P4": {"outgoing.useCustomEnabled set false true"}},
			wantOps:     map[string][]OpKind{"P4": {OpOutgoing}},
		},
		{
			name: "unknown entity is an error",
			desired: header + `  p:
    outgoing: {useCustomEnabled: true}
assignments:
  - profile: p
    select: {entities: [nobody@example.com]}
`,
			wantErr: `"nobody@example.com" matches no selected entity`,
		},
		{
			name: "unknown location is an error",
			desired: header + `  p:
    outgoing: {useCustomEnabled: true}
assignments:
  - profile: p
    select: {locations: [Paris]}
`,
			wantErr: `no entity is in a location with ID or name "Paris"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compute(fixture(), mustParse(t, tt.desired))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			gotChanges := map[string][]string{}
			gotOps := map[string][]OpKind{}
			for _, e := range p.Entities {
				for _, c := range e.Changes {
					gotChanges[e.Entity.ID] = append(gotChanges[e.Entity.ID], strings.TrimSpace(
						strings.Join([]string{c.Field, c.Op, fmtAny(c.From), fmtAny(c.To)}, " ")))
				}
				for _, o := range e.Ops {
					gotOps[e.Entity.ID] = append(gotOps[e.Entity.ID], o.Kind)
				}
			}
			if diff := cmp.Diff(tt.wantChanges, gotChanges); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if tt.wantOps == nil {
				tt.wantOps = map[string][]OpKind{}
			}
			if diff := cmp.Diff(tt.wantOps, gotOps); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
		})
	}
}

func fmtAny(v any) string {
	if v == nil {
		return "<nil>"
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

// TestComputeBodies checks the request bodies: the outgoing PUT carries only the changed
// flags and call types, never CASUAL, and a person's switch to custom sends every desired type.
func TestComputeBodies(t *testing.T) {
	d := mustParse(t, header+`  p:
    outgoing:
      callingPermissions:
        INTERNATIONAL: ALLOW
        INTERNAL_CALL: {transferEnabled: true}
assignments:
  - profile: p
    select: {entities: [P1, P2]}
`)
	p, err := Compute(fixture(), d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range p.Entities {
		b, _ := json.Marshal(e.Ops[0].Outgoing)
		got[e.Entity.ID] = string(b)
	}
	want := map[string]string{
		"P1": `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"action":"ALLOW","transferEnabled":true,"callType":"INTERNAL_CALL"},{"action":"ALLOW","transferEnabled":false,"callType":"INTERNATIONAL"}]}`,
		"P2": `{"callingPermissions":[{"action":"ALLOW","transferEnabled":false,"callType":"INTERNATIONAL"}]}`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}

// TestComputeIsPure checks Compute does not change its input.
func TestComputeIsPure(t *testing.T) {
	cur := fixture()
	before, _ := json.Marshal(cur)
	d := mustParse(t, header+"  p:\n    outgoing: {callingPermissions: {INTERNATIONAL: ALLOW}}\n    digitPatterns: {exclusive: true}\nassignments:\n  - {profile: p, select: {all: true}}\n")
	if _, err := Compute(cur, d); err != nil {
		t.Fatal(err)
	}
	after, _ := json.Marshal(cur)
	if !bytes.Equal(before, after) {
		t.Error("Compute changed its input")
	}
}

// TestRestoreRoundTrip: the restore plan from a changed state back to the original, applied
// in memory, gives the original, and the restore plan of the original against itself is empty.
func TestRestoreRoundTrip(t *testing.T) {
	orig := fixture()
	if p, err := ComputeRestore(orig, orig); err != nil || !p.Empty() {
		t.Fatalf("restore of identical state: %+v, %v", p, err)
	}
	changed := fixture()
	changed[0].Outgoing.UseCustomEnabled = wxc.Bool(true)
	changed[1].DigitPatterns.DigitPatterns = append(changed[1].DigitPatterns.DigitPatterns, wxc.DigitPattern{ID: "N", Name: "new", Pattern: "1XX", Action: wxc.ActionBlock})
	changed[1].TransferNumbers.AutoTransferNumber2 = wxc.String("+15550100")
	changed[5].AccessCodes.AccessCodes = nil
	p, err := ComputeRestore(changed, orig)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range p.Entities {
		for _, o := range e.Ops {
			kinds = append(kinds, e.Entity.ID+" "+string(o.Kind))
		}
	}
	want := []string{"P1 outgoing.configure", "P2 transferNumbers.configure", "P2 digitPatterns.delete", "L-Dallas locationAccessCodes.create"}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("restore ops (-want +got):\n%s", diff)
	}
	if _, err := ComputeRestore(orig[:1], orig); err == nil {
		t.Error("restore with missing entities: no error")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "empty"},
		{"version", "version: 2\nprofiles: {p: {outgoing: {useCustomEnabled: true}}}\nassignments: [{profile: p, select: {all: true}}]\n", "line 1: version: version must be 1"},
		{"unknown key", "version: 1\nprofiles:\n  p:\n    outgoing:\n      useCustom: true\nassignments: []\n", "line 5"},
		{"bad call type", header + "  p:\n    outgoing:\n      callingPermissions:\n        INTERNATIONL: BLOCK\nassignments:\n  - {profile: p, select: {all: true}}\n", `line 6: profiles.p.outgoing.callingPermissions.INTERNATIONL: unknown call type "INTERNATIONL" (did you mean INTERNATIONAL?)`},
		{"bad action", header + "  p:\n    outgoing:\n      callingPermissions:\n        INTERNATIONAL: DENY\nassignments:\n  - {profile: p, select: {all: true}}\n", `line 6: profiles.p.outgoing.callingPermissions.INTERNATIONAL: unknown action "DENY"`},
		{"unknown profile", header + "  p:\n    outgoing: {useCustomEnabled: true}\nassignments:\n  - profile: q\n    select: {all: true}\n", `line 6: assignments.0.profile: unknown profile "q"`},
		{"empty select", header + "  p:\n    outgoing: {useCustomEnabled: true}\nassignments:\n  - profile: p\n    select: {}\n", "line 7: assignments.0.select: empty selection"},
		{"bad pattern", header + "  p:\n    digitPatterns:\n      patterns:\n        - {name: a, pattern: '+9a!', action: BLOCK}\nassignments:\n  - {profile: p, select: {all: true}}\n", "line 6: profiles.p.digitPatterns.patterns.0: digit pattern \"a\""},
		{"bad number", header + "  p:\n    transferNumbers:\n      autoTransferNumber1: call-me\nassignments:\n  - {profile: p, select: {all: true}}\n", "line 5: profiles.p.transferNumbers.autoTransferNumber1"},
		{"bad kind", header + "  p:\n    outgoing: {useCustomEnabled: true}\nassignments:\n  - profile: p\n    select:\n      kinds: [robot]\n", "line 8: assignments.0.select.kinds.0: unknown entity kind"},
		{"json works", `{"version": 1, "profiles": {"p": {"outgoing": {"useCustomEnabled": "yes"}}}, "assignments": []}`, "line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseExampleFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "desired.yaml"))
	if err != nil {
		t.Skipf("no example file yet: %v", err)
	}
	if _, err := Parse(b); err != nil {
		t.Fatalf("examples/desired.yaml: %v", err)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

const renderDesired = header + `  standard:
    outgoing:
      callingPermissions:
        INTERNATIONAL: ALLOW
        PREMIUM_SERVICES_I: {action: BLOCK, transferEnabled: false}
    transferNumbers:
      useCustomTransferNumbers: true
      autoTransferNumber1: "+14085550100"
    accessCodes:
      useCustomAccessCodes: true
      exclusive: true
      codes:
        - {code: "2222", description: "Night line"}
    digitPatterns:
      useCustomDigitPatterns: true
      exclusive: true
      patterns:
        - {name: premium, pattern: "+1900!", action: BLOCK}
assignments:
  - profile: standard
    select: {entities: [alice@example.com, P2, L-Dallas]}
`

func TestRenderGolden(t *testing.T) {
	p, err := Compute(fixture(), mustParse(t, renderDesired))
	if err != nil {
		t.Fatal(err)
	}
	var txt, js bytes.Buffer
	if err := RenderText(&txt, &p); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&js, &p); err != nil {
		t.Fatal(err)
	}
	golden(t, "plan_text.golden", txt.Bytes())
	golden(t, "plan_json.golden", js.Bytes())

	var empty bytes.Buffer
	if err := RenderText(&empty, &Plan{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "plan_empty_text.golden", empty.Bytes())
}
