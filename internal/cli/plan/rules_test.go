package plan

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestParseUsesTheRules: values that wxc's rules refuse are file errors with their line.
func TestParseUsesTheRules(t *testing.T) {
	assign := "assignments:\n  - {profile: p, select: {all: true}}\n"
	tests := []struct {
		name, profile, want string
	}{
		{"lower-case x in a pattern", "    digitPatterns:\n      patterns:\n        - {name: a, pattern: '+1900XXXxxx', action: BLOCK}\n",
			`line 6: profiles.p.digitPatterns.patterns.0: digit pattern "a": "+1900XXXxxx" uses a lower-case x: write X`},
		{"read-only call type", "    outgoing:\n      callingPermissions:\n        CASUAL: BLOCK\n",
			"line 6: profiles.p.outgoing.callingPermissions.CASUAL: CASUAL is read-only"},
		{"unknown call type gets a suggestion", "    outgoing:\n      callingPermissions:\n        international: BLOCK\n",
			`line 6: profiles.p.outgoing.callingPermissions.international: unknown call type "international" (did you mean INTERNATIONAL?)`},
		{"legacy typo suggests the legacy type", "    outgoing:\n      callingPermissions:\n        LOCL: BLOCK\n",
			`(did you mean LOCAL?)`},
		{"lower-case action", "    outgoing:\n      callingPermissions:\n        INTERNATIONAL: block\n",
			`line 6: profiles.p.outgoing.callingPermissions.INTERNATIONAL: unknown action "block" (did you mean BLOCK?)`},
		{"number with letters", "    transferNumbers:\n      autoTransferNumber2: '+1 800 CALL ME'\n",
			"line 5: profiles.p.transferNumbers.autoTransferNumber2: \"+1 800 CALL ME\" is not a phone number"},
		{"access code too long", "    accessCodes:\n      codes:\n        - {code: '12345678901', description: d}\n",
			"line 6: profiles.p.accessCodes.codes.0: access code \"12345678901\" has 11 digits; at most 10"},
		{"blank description", "    accessCodes:\n      codes:\n        - {code: '12', description: '  '}\n",
			"line 6: profiles.p.accessCodes.codes.0: code \"12\": description: an access code needs a description"},
		{"pattern name too long", "    digitPatterns:\n      patterns:\n        - {name: '" + strings.Repeat("n", 81) + "', pattern: '1', action: BLOCK}\n",
			"is longer than 80 characters"},
		{"pattern action", "    digitPatterns:\n      patterns:\n        - {name: a, pattern: '1', action: DENY}\n",
			`digit pattern "a": unknown action "DENY"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(header + "  p:\n" + tt.profile + assign))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
	// LOCAL and TOLL pass the file check: whether they can be set depends on the entity.
	if _, err := Parse([]byte(header + "  p:\n    outgoing:\n      callingPermissions:\n        LOCAL: BLOCK\n        TOLL: ALLOW\n" + assign)); err != nil {
		t.Errorf("legacy call types in a file: %v", err)
	}
}

// era2024 is a person whose read reports LOCAL and TOLL, as the mid-2024 service did.
func era2024(id string) snapshot.Settings {
	p := person(id, "Old Timer", "old@example.com", "Dallas", true)
	p.Outgoing.CallingPermissions = perms("INTERNAL_CALL", "ALLOW", "LOCAL", "ALLOW", "TOLL", "ALLOW", "INTERNATIONAL", "BLOCK")
	return p
}

const localDesired = header + `  legacy:
    outgoing:
      callingPermissions:
        LOCAL: BLOCK
assignments:
  - profile: legacy
    select: {kinds: [person]}
`

// TestComputeLegacyCallTypes: LOCAL is planned for entities whose read reports it and refused,
// naming the profile, field, line and entities, when one selected entity's read does not.
func TestComputeLegacyCallTypes(t *testing.T) {
	d := mustParse(t, localDesired)
	p, err := Compute([]snapshot.Settings{era2024("OLD")}, d)
	if err != nil {
		t.Fatalf("LOCAL on an entity that reports it: %v", err)
	}
	if len(p.Entities) != 1 || len(p.Entities[0].Changes) != 1 || p.Entities[0].Changes[0].Field != "outgoing.callingPermissions.LOCAL" {
		t.Fatalf("plan %+v", p)
	}
	b, _ := json.Marshal(p.Entities[0].Ops[0].Outgoing)
	if want := `{"callingPermissions":[{"action":"BLOCK","transferEnabled":true,"callType":"LOCAL"}]}`; string(b) != want {
		t.Errorf("body %s, want %s", b, want)
	}

	cur := append([]snapshot.Settings{era2024("OLD")}, fixture()...) // fixture: era current, no LOCAL
	_, err = Compute(cur, d)
	var errs Errors
	if err == nil || !asErrors(err, &errs) || len(errs) != 1 {
		t.Fatalf("LOCAL on era-current entities: err %v, want one plan.Error", err)
	}
	e := errs[0]
	if e.Line != 6 || e.Path != "profiles.legacy.outgoing.callingPermissions.LOCAL" {
		t.Errorf("error at line %d path %s, want line 6, profiles.legacy.outgoing.callingPermissions.LOCAL", e.Line, e.Path)
	}
	for _, want := range []string{"legacy call type", "read of 4 entities", "[P1]", "[P2]", "[P3]", "[P4]"} {
		if !strings.Contains(e.Msg, want) {
			t.Errorf("message %q lacks %q", e.Msg, want)
		}
	}
	if strings.Contains(e.Msg, "[OLD]") || strings.Contains(e.Msg, "[W1]") {
		t.Errorf("message names an entity that may have LOCAL or is not selected: %q", e.Msg)
	}
}

func asErrors(err error, out *Errors) bool {
	es, ok := err.(Errors)
	*out = es
	return ok
}

// TestImplicitSwitches: setting values of an area whose switch is off turns the switch on with
// a reason; an explicit false is respected; a switch the read does not report is left alone.
func TestImplicitSwitches(t *testing.T) {
	const all = header + `  p:
    outgoing:
      callingPermissions:
        INTERNATIONAL: BLOCK
    transferNumbers:
      autoTransferNumber1: "+14085550100"
    accessCodes:
      codes:
        - {code: "2222", description: "Night line"}
    digitPatterns:
      patterns:
        - {name: premium, pattern: "+1900!", action: BLOCK}
assignments:
  - profile: p
    select: {entities: [P1]}
`
	reasons := func(p Plan) map[string]string {
		m := map[string]string{}
		for _, e := range p.Entities {
			for _, c := range e.Changes {
				if strings.Contains(c.Field, "useCustom") {
					m[c.Field] = fmtAny(c.From) + "->" + fmtAny(c.To) + " " + c.Reason
				}
			}
		}
		return m
	}
	p, err := Compute(fixture(), mustParse(t, all))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"outgoing.useCustomEnabled":                "false->true " + ReasonCallTypes,
		"outgoing.useCustomPermissions":            "false->true " + ReasonCallTypes,
		"transferNumbers.useCustomTransferNumbers": "false->true " + ReasonTransferNumbers,
		"accessCodes.useCustomAccessCodes":         "false->true " + ReasonAccessCodes,
		"digitPatterns.useCustomDigitPatterns":     "false->true " + ReasonDigitPatterns,
	}
	if diff := cmp.Diff(want, reasons(p)); diff != "" {
		t.Errorf("implicit switches (-want +got):\n%s", diff)
	}
	var ops []OpKind
	for _, o := range p.Entities[0].Ops {
		ops = append(ops, o.Kind)
	}
	wantOps := []OpKind{OpOutgoing, OpTransferNumbers, OpAccessCodesModify, OpAccessCodeCreate, OpDigitPatternsCategory, OpDigitPatternCreate}
	if diff := cmp.Diff(wantOps, ops); diff != "" {
		t.Errorf("ops (-want +got):\n%s", diff)
	}
	if m := p.Entities[0].Ops[2]; m.UseCustom == nil || !*m.UseCustom {
		t.Errorf("access codes modify does not turn the switch on: %+v", m)
	}

	// Explicit false everywhere: no switch changes, values still written.
	explicit := strings.NewReplacer(
		"    outgoing:\n", "    outgoing:\n      useCustomEnabled: false\n      useCustomPermissions: false\n",
		"    transferNumbers:\n", "    transferNumbers:\n      useCustomTransferNumbers: false\n",
		"    accessCodes:\n", "    accessCodes:\n      useCustomAccessCodes: false\n",
		"    digitPatterns:\n", "    digitPatterns:\n      useCustomDigitPatterns: false\n").Replace(all)
	p, err = Compute(fixture(), mustParse(t, explicit))
	if err != nil {
		t.Fatal(err)
	}
	if got := reasons(p); len(got) != 0 {
		t.Errorf("explicit false: switch changes %v", got)
	}

	// A read without the switch (era 2024 has no useCustomTransferNumbers): left alone.
	cur := fixture()
	cur[0].TransferNumbers.UseCustomTransferNumbers = nil
	p, err = Compute(cur, mustParse(t, all))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := reasons(p)["transferNumbers.useCustomTransferNumbers"]; ok {
		t.Error("a switch the read does not report was turned on")
	}

	// Locations have no switches.
	loc := strings.Replace(all, "entities: [P1]", "kinds: [location]", 1)
	p, err = Compute(fixture(), mustParse(t, loc))
	if err != nil {
		t.Fatal(err)
	}
	if got := reasons(p); len(got) != 0 {
		t.Errorf("location: switch changes %v", got)
	}
}

// TestRestoreLegacyCallTypes: a backup with LOCAL restores it where the read reports LOCAL, and
// is refused (nothing planned) where it does not.
func TestRestoreLegacyCallTypes(t *testing.T) {
	saved := era2024("OLD")
	changed := era2024("OLD")
	changed.Outgoing.CallingPermissions.Set(wxc.CallTypeLocal, wxc.CallTypePermission{Action: wxc.ActionBlock})
	p, err := ComputeRestore([]snapshot.Settings{changed}, []snapshot.Settings{saved})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entities) != 1 || p.Entities[0].Changes[0].Field != "outgoing.callingPermissions.LOCAL" {
		t.Fatalf("restore plan %+v", p)
	}
	now := person("OLD", "Old Timer", "old@example.com", "Dallas", true) // the service dropped LOCAL
	p, err = ComputeRestore([]snapshot.Settings{now}, []snapshot.Settings{saved})
	if err == nil || !strings.Contains(err.Error(), "the backup sets LOCAL for 1 entity whose read does not report it now") ||
		!strings.Contains(err.Error(), "[OLD]") {
		t.Fatalf("restore of LOCAL where it is gone: err %v", err)
	}
	if !p.Empty() {
		t.Errorf("a refused entity is still planned: %+v", p)
	}
}
