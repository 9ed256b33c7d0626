package audit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"PREMIUM_SERVICES_*", "PREMIUM_SERVICES_I", true},
		{"PREMIUM_SERVICES_*", "PREMIUM_SERVICES_II", true},
		{"PREMIUM_SERVICES_*", "SPECIAL_SERVICES_I", false},
		{"+900!", "+900!", true},
		{"+900*", "+900!", true},
		{"+900*", "+9001234", true},
		{"+900*", "+1900!", false},
		{"TRANSFER_NUMBER_?", "TRANSFER_NUMBER_2", true},
		{"*", "", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"[1]", "[1]", true},
	}
	for _, tt := range tests {
		if got := Glob(tt.p, tt.s); got != tt.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestDefaultPolicyParses(t *testing.T) {
	p := DefaultPolicy()
	if len(p.Rules) != 6 {
		t.Fatalf("default policy has %d rules", len(p.Rules))
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "empty"},
		{"unknown key", "version: 1\nrules:\n  - id: a\n    callTypez: [X]\n", "line 4"},
		{"two kinds", "version: 1\nrules:\n  - id: a\n    callTypes: [INTERNATIONAL]\n    check: access-codes\n", "line 3: rule a: set exactly one"},
		{"no actions", "version: 1\nrules:\n  - id: a\n    callTypes: [INTERNATIONAL]\n", "set exactly one of allowActions and denyActions"},
		{"bad call type", "version: 1\nrules:\n  - id: a\n    callTypes: [INTERNATIONL]\n    denyActions: [ALLOW]\n", `line 4: rule a: "INTERNATIONL" matches no call type`},
		{"bad action", "version: 1\nrules:\n  - id: a\n    callTypes: [INTERNATIONAL]\n    allowActions: [DENY]\n", `"DENY" matches no action`},
		{"bad severity", "version: 1\nrules:\n  - id: a\n    severity: fatal\n    check: access-codes\n", "line 4: rule a: unknown severity"},
		{"bad check", "version: 1\nrules:\n  - id: a\n    check: nope\n", `unknown check "nope"`},
		{"dup id", "version: 1\nrules:\n  - {id: a, check: access-codes}\n  - {id: a, check: access-codes}\n", "line 4: rule a: id used twice"},
		{"bad kind", "version: 1\nrules:\n  - id: a\n    kinds: [robot]\n    check: access-codes\n", "line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func perms(kv ...string) *wxc.CallingPermissions {
	p := wxc.NewCallingPermissions()
	for i := 0; i+1 < len(kv); i += 2 {
		p.Set(wxc.CallType(kv[i]), wxc.CallTypePermission{Action: wxc.Action(kv[i+1])})
	}
	return p
}

func org() []snapshot.Settings {
	country := map[string]string{"L1": "US", "L2": "GB"}
	loc := func(id, name string, p *wxc.CallingPermissions, n1 string, codes ...string) snapshot.Settings {
		s := snapshot.Settings{Entity: snapshot.Entity{Kind: wxc.Location, ID: id, Name: name, LocationID: id, LocationName: name, LocationCountry: country[id]},
			Outgoing:        &wxc.OutgoingPermissions{CallingPermissions: p},
			TransferNumbers: &wxc.AutoTransferNumbers{},
			AccessCodes:     &wxc.AuthCodes{},
			DigitPatterns:   &wxc.DigitPatterns{}}
		if n1 != "" {
			s.TransferNumbers.AutoTransferNumber1 = &n1
		}
		for _, c := range codes {
			s.AccessCodes.AccessCodes = append(s.AccessCodes.AccessCodes, wxc.AuthCode{Code: c, Description: "d"})
		}
		return s
	}
	hq := loc("L1", "HQ", perms("INTERNATIONAL", "AUTH_CODE", "PREMIUM_SERVICES_I", "BLOCK"), "+15550100", "1234")
	hq.DigitPatterns.DigitPatterns = []wxc.DigitPattern{{ID: "d1", Name: "hotline", Pattern: "+1900!", Action: wxc.ActionAllow}}
	br := loc("L2", "Branch", perms("INTERNATIONAL", "TRANSFER_NUMBER_1", "PREMIUM_SERVICES_I", "BLOCK"), "")
	person := func(id, name, locID, locName string, custom bool, p *wxc.CallingPermissions) snapshot.Settings {
		return snapshot.Settings{Entity: snapshot.Entity{Kind: wxc.Person, ID: id, Name: name, LocationID: locID, LocationName: locName, LocationCountry: country[locID]},
			Outgoing:        &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(custom), UseCustomPermissions: wxc.Bool(custom), CallingPermissions: p},
			TransferNumbers: &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(false)},
			AccessCodes:     &wxc.AuthCodes{UseCustomAccessCodes: wxc.Bool(false)},
			DigitPatterns:   &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(false)}}
	}
	alice := person("P1", "Alice", "L1", "HQ", false, perms("INTERNATIONAL", "AUTH_CODE", "PREMIUM_SERVICES_I", "BLOCK"))
	bob := person("P2", "Bob", "L1", "HQ", true, perms("INTERNATIONAL", "ALLOW", "PREMIUM_SERVICES_II", "ALLOW"))
	bob.DigitPatterns = &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(true), DigitPatterns: []wxc.DigitPattern{{Name: "p900", Pattern: "+900!", Action: wxc.ActionAllow}}}
	carol := person("P3", "Carol", "L2", "Branch", true, perms("INTERNATIONAL", "AUTH_CODE", "NATIONAL", "TRANSFER_NUMBER_2"))
	dave := person("P4", "Dave", "L2", "Branch", false, perms("INTERNATIONAL", "TRANSFER_NUMBER_1"))
	// Erin's own patterns are switched off: not checked.
	erin := person("P5", "Erin", "L2", "Branch", false, perms("INTERNATIONAL", "TRANSFER_NUMBER_1"))
	erin.DigitPatterns.DigitPatterns = []wxc.DigitPattern{{Name: "off", Pattern: "+900!", Action: wxc.ActionAllow}}
	erin.TransferNumbers = &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(true), AutoTransferNumber1: wxc.String("+4930")}
	return []snapshot.Settings{alice, bob, carol, dave, erin, hq, br}
}

func TestEvaluateDefaultPolicy(t *testing.T) {
	got, err := Evaluate(DefaultPolicy(), org())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	mustBlocked := map[string]int{}
	for _, f := range got {
		if f.Rule == "high-cost-destinations-blocked" { // TestMustRules checks the decisions
			mustBlocked[f.ID] += strings.Count(f.Field, ",") + 1 // entries decided alike share a finding
			continue
		}
		lines = append(lines, strings.Join([]string{string(f.Severity), f.Rule, f.ID, f.Field, f.Value, f.Source}, " "))
	}
	// Alice and HQ reach all 9 (the hotline pattern allows +1900, an access code the rest),
	// Bob all but +1900 (his own INTERNATIONAL ALLOW; PREMIUM_SERVICES_I he does not set).
	// Carol needs a code she has none of; Dave and Erin are transferred. (Counted: entries.)
	if diff := cmp.Diff(map[string]int{"P1": 9, "L1": 9, "P2": 8}, mustBlocked); diff != "" {
		t.Errorf("high-cost-destinations-blocked findings per entity (-want +got):\n%s", diff)
	}
	want := []string{
		"error no-premium-digit-patterns P2 digitPatterns[p900] +900! ALLOW custom",
		"error premium-services-blocked P2 callingPermissions.PREMIUM_SERVICES_II ALLOW custom",
		"error auth-code-has-codes P3 callingPermissions.INTERNATIONAL AUTH_CODE custom",
		"error transfer-number-set P3 callingPermissions.NATIONAL TRANSFER_NUMBER_2 custom",
		"error transfer-number-set P4 callingPermissions.INTERNATIONAL TRANSFER_NUMBER_1 location",
		"error transfer-number-set L2 callingPermissions.INTERNATIONAL TRANSFER_NUMBER_1 location",
		"error no-premium-digit-patterns L1 digitPatterns[hotline] +1900! ALLOW location",
		"warning international-controlled P2 callingPermissions.INTERNATIONAL ALLOW custom",
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestEvaluateSelectors(t *testing.T) {
	p, err := ParsePolicy([]byte(`version: 1
rules:
  - id: intl-outside-hq
    severity: error
    kinds: [person]
    locations: {exclude: [hq]}
    callTypes: [INTERNATIONAL]
    allowActions: [AUTH_CODE, BLOCK]
  - id: only-branch-location
    severity: info
    kinds: [location]
    locations: {include: [L2]}
    callTypes: ["*"]
    denyActions: ["TRANSFER_NUMBER_*"]
`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Evaluate(p, org())
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range got {
		lines = append(lines, f.Rule+" "+f.ID+" "+f.Value)
	}
	want := []string{"intl-outside-hq P4 TRANSFER_NUMBER_1", "intl-outside-hq P5 TRANSFER_NUMBER_1", "only-branch-location L2 TRANSFER_NUMBER_1"}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	p.Rules[0].Locations.Exclude = []string{"Atlantis"}
	if _, err := Evaluate(p, org()); err == nil || !strings.Contains(err.Error(), "Atlantis") {
		t.Errorf("unknown location: err = %v", err)
	}
}

func TestMustRules(t *testing.T) {
	p, err := ParsePolicy([]byte(`version: 1
rules:
  - id: no-900
    severity: error
    mustBlock: ["+1900XXXXXXX"]
  - id: uk-reachable
    kinds: [person]
    locations: {include: [HQ, Branch]}
    mustAllow: ["+442079460000"]
  - id: codes-are-fine
    kinds: [person]
    mustBlock: ["+88216!"]
    allowActions: [BLOCK, AUTH_CODE, "TRANSFER_NUMBER_*"]
`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Evaluate(p, org())
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]Finding{}
	for _, f := range got {
		byKey[f.Rule+" "+f.ID] = f
	}
	type want struct{ value, source, msg string }
	wants := map[string]want{
		// HQ's pattern 'hotline' +1900! ALLOW decides for HQ and for Alice, who inherits it.
		"no-900 P1": {"ALLOW", SourceLocation, "by digit pattern 'hotline' (location HQ)"},
		"no-900 L1": {"ALLOW", SourceLocation, "by digit pattern 'hotline' (location HQ)"},
		// From the US, a GB number is INTERNATIONAL: Alice inherits AUTH_CODE, Bob has ALLOW.
		"uk-reachable P1": {"AUTH_CODE", SourceLocation, "INTERNATIONAL"},
		// From GB it is NATIONAL: Carol's own NATIONAL is TRANSFER_NUMBER_2.
		"uk-reachable P3": {"TRANSFER_NUMBER_2", SourceCustom, "NATIONAL"},
		// Checked with a sample number of the pattern.
		"codes-are-fine P2": {"ALLOW", SourceCustom, "+88216! (checked as +8821655555)"},
	}
	for key, w := range wants {
		f, ok := byKey[key]
		if !ok {
			t.Errorf("no finding %s; got %v", key, keys(byKey))
			continue
		}
		if f.Value != w.value || f.Source != w.source || !strings.Contains(f.Message, w.msg) {
			t.Errorf("%s: value %q source %q message %q; want %q %q containing %q", key, f.Value, f.Source, f.Message, w.value, w.source, w.msg)
		}
	}
	for key := range byKey {
		if _, ok := wants[key]; !ok {
			// Bob is not reported for uk-reachable (ALLOW); Carol's +1900 is AUTH_CODE without codes
			// (the call cannot succeed); Dave, Erin and Branch are transferred.
			t.Errorf("unexpected finding %s: %+v", key, byKey[key])
		}
	}
}

func keys(m map[string]Finding) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestMustRuleWithoutCountry(t *testing.T) {
	p, err := ParsePolicy([]byte("version: 1\nrules:\n  - id: r\n    kinds: [location]\n    mustBlock: [\"+19005550100\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	settings := org()
	for i := range settings {
		settings[i].LocationCountry = ""
	}
	got, err := Evaluate(p, settings)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d findings, want one per location saying it cannot be checked: %+v", len(got), got)
	}
	for _, f := range got {
		if !strings.Contains(f.Message, "cannot check +19005550100: the country of its location is not known") {
			t.Errorf("message %q", f.Message)
		}
	}
}

func TestParseMustRuleErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"garbage", "version: 1\nrules:\n  - id: a\n    mustBlock: [\"+1 900 CALL-NOW\"]\n", "line 4: rule a: mustBlock: \"+1 900 CALL-NOW\" is not a number or digit pattern"},
		{"bad pattern", "version: 1\nrules:\n  - id: a\n    mustAllow: [\"+1X!X\"]\n", "line 4: rule a: mustAllow:"},
		{"twice", "version: 1\nrules:\n  - id: a\n    mustBlock: [\"+19005550100\", \"+19005550100\"]\n", "listed twice"},
		{"with call types", "version: 1\nrules:\n  - id: a\n    callTypes: [INTERNATIONAL]\n    mustBlock: [\"+19005550100\"]\n", "set exactly one of callTypes, digitPatterns, check, mustBlock and mustAllow"},
		{"block and allow", "version: 1\nrules:\n  - id: a\n    mustAllow: [\"+19005550100\"]\n    mustBlock: [\"+19005550100\"]\n", "set exactly one"},
		{"bad action", "version: 1\nrules:\n  - id: a\n    mustBlock: [\"+19005550100\"]\n    allowActions: [DENY]\n", `"DENY" matches no action`},
		{"unknown key", "version: 1\nrules:\n  - id: a\n    mustblok: [\"+19005550100\"]\n", "line 4"},
		{"not a list", "version: 1\nrules:\n  - id: a\n    mustBlock: \"+19005550100\"\n", "line 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
