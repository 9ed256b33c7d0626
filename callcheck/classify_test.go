package callcheck_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

const emergency = "EMERGENCY" // wantCT for emergency calls (their CallType is empty)

type classifyCase struct {
	country, dialled string
	want             string // call type, or emergency
	wantType         string // NumberType; "" = not checked
	wantRegion       string // "" = not checked
	wantE164         string // "" = not checked
}

// classifyCases covers every supported country and every call type it has, with the edge
// cases: NANP 1+ across the border, 00 vs + vs 011, trunk prefix 0, short codes, extensions.
var classifyCases = []classifyCase{
	// US
	{"US", "911", emergency, callcheck.TypeShortCode, "US", ""},
	{"US", "112", emergency, "", "", ""},
	{"US", "2145550100", "NATIONAL", "FIXED_LINE_OR_MOBILE", "US", "+12145550100"},
	{"US", "1 (214) 555-0100", "NATIONAL", "", "US", "+12145550100"},
	{"US", "+12145550100", "NATIONAL", "", "US", "+12145550100"},
	{"US", "555-1234", "NATIONAL", callcheck.TypeLocal, "US", ""},
	{"US", "+14165550100", "NATIONAL", "", "CA", "+14165550100"}, // NANP: US -> CA is national
	{"US", "14165550100", "NATIONAL", "", "CA", ""},
	{"US", "+17875550100", "NATIONAL", "", "PR", ""},
	{"US", "+18765550100", "INTERNATIONAL", "", "JM", ""}, // NANP but not US/CA/PR
	{"US", "+13405550100", "INTERNATIONAL", "", "VI", ""},
	{"US", "011 44 20 7946 0000", "INTERNATIONAL", "FIXED_LINE", "GB", "+442079460000"},
	{"US", "+442079460000", "INTERNATIONAL", "", "GB", "+442079460000"},
	{"US", "+44 909 123 4567", "INTERNATIONAL", "PREMIUM_RATE", "GB", ""}, // foreign premium is international
	{"US", "+882161234567", "INTERNATIONAL", "", "001", ""},
	{"US", "18005551234", "TOLL_FREE", "TOLL_FREE", "US", ""},
	{"US", "+18885550100", "TOLL_FREE", "", "", ""},
	{"US", "1-900-555-1234", "PREMIUM_SERVICES_I", "PREMIUM_RATE", "", "+19005551234"},
	{"US", "214-976-5555", "PREMIUM_SERVICES_II", "", "", ""},
	{"US", "311", "SPECIAL_SERVICES_I", callcheck.TypeShortCode, "", ""},
	{"US", "+17005551234", "SPECIAL_SERVICES_II", "", "", ""},
	{"US", "+15005550100", "SPECIAL_SERVICES_II", "PERSONAL_NUMBER", "", ""},
	{"US", "0", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"US", "00", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"US", "0 214 555 0100", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"US", "01 44 20 7946 0000", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"US", "411", "CHARGEABLE_DIRECTORY_ASSISTED", callcheck.TypeShortCode, "", ""},
	{"US", "1-214-555-1212", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},
	{"US", "1010288 1 214 555 0100", "CASUAL", "CARRIER_ACCESS_CODE", "", ""},
	{"US", "1234", "INTERNAL_CALL", callcheck.TypeExtension, "", ""},
	{"us", "911", emergency, "", "", ""}, // country case-insensitive

	// CA and PR share the NANP table
	{"CA", "911", emergency, "", "", ""},
	{"CA", "+12145550100", "NATIONAL", "", "US", ""},
	{"CA", "1 214 555 0100", "NATIONAL", "", "US", ""},
	{"CA", "+18765550100", "INTERNATIONAL", "", "JM", ""},
	{"CA", "011 33 1 23 45 67 89", "INTERNATIONAL", "", "FR", ""},
	{"CA", "1-800-555-1234", "TOLL_FREE", "", "", ""},
	{"CA", "0", "OPERATOR_ASSISTED", "", "", ""},
	{"CA", "411", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},
	{"CA", "1-900-555-1234", "PREMIUM_SERVICES_I", "", "", ""},
	{"PR", "+14165550100", "NATIONAL", "", "CA", ""},
	{"PR", "7875550100", "NATIONAL", "", "PR", ""},
	{"PR", "+442079460000", "INTERNATIONAL", "", "GB", ""},

	// GB
	{"GB", "999", emergency, "", "GB", ""},
	{"GB", "112", emergency, "", "", ""},
	{"GB", "020 7946 0000", "NATIONAL", "FIXED_LINE", "GB", "+442079460000"}, // trunk prefix 0
	{"GB", "+44 20 7946 0000", "NATIONAL", "", "GB", "+442079460000"},
	{"GB", "0044 20 7946 0000", "NATIONAL", "", "GB", "+442079460000"}, // 00 to its own country
	{"GB", "07400 123456", "NATIONAL", "MOBILE", "", ""},
	{"GB", "01534 123456", "NATIONAL", "", "JE", ""}, // +44 shared with Jersey
	{"GB", "0300 123 4567", "NATIONAL", "UAN", "", ""},
	{"GB", "00 1 214 555 0100", "INTERNATIONAL", "", "US", "+12145550100"},
	{"GB", "+1 214 555 0100", "INTERNATIONAL", "", "US", "+12145550100"},
	{"GB", "0800 123 4567", "TOLL_FREE", "TOLL_FREE", "", ""},
	{"GB", "0906 123 4567", "PREMIUM_SERVICES_I", "PREMIUM_RATE", "", ""},
	{"GB", "0909 123 4567", "PREMIUM_SERVICES_II", "", "", ""},
	{"GB", "+44 909 123 4567", "PREMIUM_SERVICES_II", "", "", ""},
	{"GB", "0845 123 4567", "SPECIAL_SERVICES_I", "", "", ""},
	{"GB", "111", "SPECIAL_SERVICES_I", callcheck.TypeShortCode, "", ""},
	{"GB", "070 1123 4567", "SPECIAL_SERVICES_II", "PERSONAL_NUMBER", "", ""},
	{"GB", "100", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"GB", "155", "OPERATOR_ASSISTED", "", "", ""},
	{"GB", "118 500", "CHARGEABLE_DIRECTORY_ASSISTED", callcheck.TypeShortCode, "", ""},
	{"GB", "0", "INTERNAL_CALL", callcheck.TypeExtension, "", ""}, // not an operator code in GB

	// DE
	{"DE", "110", emergency, "", "", ""},
	{"DE", "112", emergency, "", "", ""},
	{"DE", "030 12345678", "NATIONAL", "FIXED_LINE", "DE", "+493012345678"},
	{"DE", "0151 12345678", "NATIONAL", "MOBILE", "", ""},
	{"DE", "00 1 214 555 0100", "INTERNATIONAL", "", "US", ""},
	{"DE", "+43 1 23456789", "INTERNATIONAL", "", "AT", ""},
	{"DE", "0800 1234567", "TOLL_FREE", "", "", ""},
	{"DE", "0900 1 123456", "PREMIUM_SERVICES_I", "PREMIUM_RATE", "", ""},
	{"DE", "0900 123456789", "PREMIUM_SERVICES_I", "", "", ""}, // libphonenumber: invalid; +49900! decides
	{"DE", "0137 1234567", "PREMIUM_SERVICES_II", "SHARED_COST", "", ""},
	{"DE", "0180 1 234567", "SPECIAL_SERVICES_I", "SHARED_COST", "", ""},
	{"DE", "115", "SPECIAL_SERVICES_I", "", "", ""},
	{"DE", "0700 12345678", "SPECIAL_SERVICES_II", "PERSONAL_NUMBER", "", ""},
	{"DE", "11880", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},
	{"DE", "118 800", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},

	// FR
	{"FR", "15", emergency, "", "", ""},
	{"FR", "17", emergency, "", "", ""},
	{"FR", "18", emergency, "", "", ""},
	{"FR", "112", emergency, "", "", ""},
	{"FR", "114", emergency, "", "", ""},
	{"FR", "01 23 45 67 89", "NATIONAL", "FIXED_LINE", "FR", "+33123456789"},
	{"FR", "06 12 34 56 78", "NATIONAL", "MOBILE", "", ""},
	{"FR", "0033 1 23 45 67 89", "NATIONAL", "", "FR", ""},
	{"FR", "00 44 20 7946 0000", "INTERNATIONAL", "", "GB", ""},
	{"FR", "0800 12 34 56", "TOLL_FREE", "", "", ""},
	{"FR", "0891 12 34 56", "PREMIUM_SERVICES_I", "PREMIUM_RATE", "", ""},
	{"FR", "0899 12 34 56", "PREMIUM_SERVICES_II", "", "", ""},
	{"FR", "0810 12 34 56", "SPECIAL_SERVICES_I", "SHARED_COST", "", ""},
	{"FR", "1014", "SPECIAL_SERVICES_I", "", "", ""},
	{"FR", "3949", "SPECIAL_SERVICES_II", "", "", ""},
	{"FR", "118 712", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},

	// AU
	{"AU", "000", emergency, "", "", ""},
	{"AU", "112", emergency, "", "", ""},
	{"AU", "106", emergency, "", "", ""},
	{"AU", "02 1234 5678", "NATIONAL", "FIXED_LINE", "AU", "+61212345678"},
	{"AU", "0412 345 678", "NATIONAL", "MOBILE", "", ""},
	{"AU", "+61 2 1234 5678", "NATIONAL", "", "AU", ""},
	{"AU", "0011 1 214 555 0100", "INTERNATIONAL", "", "US", "+12145550100"}, // AU's IDD is 0011
	{"AU", "+64 9 123 4567", "INTERNATIONAL", "", "NZ", ""},
	{"AU", "1800 123 456", "TOLL_FREE", "", "", ""},
	{"AU", "1900 123 456", "PREMIUM_SERVICES_I", "PREMIUM_RATE", "", ""},
	{"AU", "1300 123 456", "SPECIAL_SERVICES_I", "SHARED_COST", "", ""},
	{"AU", "13 12 34", "SPECIAL_SERVICES_I", "SHARED_COST", "", ""},
	{"AU", "1234", "OPERATOR_ASSISTED", callcheck.TypeOperator, "", ""},
	{"AU", "1225", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},
	{"AU", "12455", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},

	// IN
	{"IN", "100", emergency, "", "", ""},
	{"IN", "112", emergency, "", "", ""},
	{"IN", "098765 43210", "NATIONAL", "MOBILE", "IN", "+919876543210"},
	{"IN", "011 2345 6789", "NATIONAL", "FIXED_LINE", "", ""},
	{"IN", "00 1 214 555 0100", "INTERNATIONAL", "", "US", ""},
	{"IN", "1800 123 456", "TOLL_FREE", "", "", ""},
	{"IN", "1900 123 456", "PREMIUM_SERVICES_I", "", "", ""},
	{"IN", "1860 123 4567", "SPECIAL_SERVICES_I", "SHARED_COST", "", ""},
	{"IN", "197", "CHARGEABLE_DIRECTORY_ASSISTED", "", "", ""},

	// A country without a table of its own: generic rules.
	{"JP", "110", emergency, "", "", ""},
	{"JP", "03-1234-5678", "NATIONAL", "", "JP", "+81312345678"},
	{"JP", "010 1 214 555 0100", "INTERNATIONAL", "", "US", ""},
	{"JP", "0120-123-456", "TOLL_FREE", "", "", ""},
}

func TestClassify(t *testing.T) {
	e, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range classifyCases {
		t.Run(tc.country+"/"+tc.dialled, func(t *testing.T) {
			c, err := e.Classify(tc.country, tc.dialled)
			if err != nil {
				t.Fatalf("Classify: %v", err)
			}
			got := string(c.CallType)
			if c.Emergency {
				got = emergency
				if c.CallType != "" {
					t.Errorf("emergency with call type %s", c.CallType)
				}
			}
			if got != tc.want {
				t.Errorf("call type %s, want %s (rule %q)", got, tc.want, c.Rule)
			}
			if tc.wantType != "" && c.NumberType != tc.wantType {
				t.Errorf("number type %s, want %s", c.NumberType, tc.wantType)
			}
			if tc.wantRegion != "" && c.Region != tc.wantRegion {
				t.Errorf("region %s, want %s", c.Region, tc.wantRegion)
			}
			if tc.wantE164 != "" && c.E164 != tc.wantE164 {
				t.Errorf("E164 %s, want %s", c.E164, tc.wantE164)
			}
			if c.Rule == "" {
				t.Error("no rule")
			}
			if strings.ContainsAny(c.Dialled, " -()") {
				t.Errorf("Dialled %q keeps formatting", c.Dialled)
			}
		})
	}
}

// TestClassifyCoversCallTypes checks that the table above has, for every built-in country,
// each call type the docs say that country has.
func TestClassifyCoversCallTypes(t *testing.T) {
	all := []string{emergency, "INTERNAL_CALL", "NATIONAL", "INTERNATIONAL", "TOLL_FREE", "PREMIUM_SERVICES_I",
		"PREMIUM_SERVICES_II", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "OPERATOR_ASSISTED", "CHARGEABLE_DIRECTORY_ASSISTED"}
	// Call types a country has no numbers for in the built-in table (docs/CALLCHECK.md).
	none := map[string][]string{
		"DE": {"OPERATOR_ASSISTED"},
		"FR": {"OPERATOR_ASSISTED"},
		"AU": {"PREMIUM_SERVICES_II", "SPECIAL_SERVICES_II"},
		"IN": {"PREMIUM_SERVICES_II", "SPECIAL_SERVICES_II", "OPERATOR_ASSISTED"},
		"CA": {"PREMIUM_SERVICES_II", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "INTERNAL_CALL"},
		"PR": {"EMERGENCY", "TOLL_FREE", "PREMIUM_SERVICES_I", "PREMIUM_SERVICES_II", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "OPERATOR_ASSISTED", "CHARGEABLE_DIRECTORY_ASSISTED", "INTERNAL_CALL"},
	}
	// INTERNAL_CALL comes from the org's numbering (TestClassifyOrg) or assumed extensions.
	have := map[string]map[string]bool{}
	for _, tc := range classifyCases {
		if have[tc.country] == nil {
			have[tc.country] = map[string]bool{}
		}
		have[tc.country][tc.want] = true
	}
	for _, c := range callcheck.BuiltinCountries() {
		for _, ct := range all {
			skip := false
			for _, n := range none[c] {
				skip = skip || n == ct
			}
			if ct == "INTERNAL_CALL" && c != "US" && c != "GB" {
				skip = true
			}
			if !skip && !have[c][ct] {
				t.Errorf("%s: no classify case for %s", c, ct)
			}
		}
	}
}

func TestClassifyOrg(t *testing.T) {
	e, err := callcheck.New(callcheck.Options{Org: &callcheck.Org{
		Numbers:    map[string]bool{"+1 214-555-0100": true, "+442079460000": true},
		Extensions: map[string]bool{"1234": true, "888-1234": true, "100": true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		country, dialled, wantType string
	}{
		{"US", "2145550100", ""},
		{"US", "+1 214 555 0100", ""},
		{"GB", "00 1 214 555 0100", ""}, // the org's number in another country: still internal
		{"US", "011 44 20 7946 0000", ""},
		{"US", "1234", callcheck.TypeExtension},
		{"US", "8881234", callcheck.TypeExtension}, // an ESN that would otherwise be a local number
		{"GB", "100", callcheck.TypeExtension},     // the org's extension wins over the operator code
	}
	for _, tc := range tests {
		c, err := e.Classify(tc.country, tc.dialled)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.country, tc.dialled, err)
		}
		if c.CallType != wxc.CallTypeInternalCall {
			t.Errorf("%s %s: %s (%s), want INTERNAL_CALL", tc.country, tc.dialled, c.CallType, c.Rule)
		}
		if tc.wantType != "" && c.NumberType != tc.wantType {
			t.Errorf("%s %s: number type %s, want %s", tc.country, tc.dialled, c.NumberType, tc.wantType)
		}
		if !strings.HasPrefix(c.Rule, "org ") {
			t.Errorf("%s %s: rule %q, want the org's", tc.country, tc.dialled, c.Rule)
		}
	}
	// Emergency numbers stay emergency even if the org claims them.
	e2, _ := callcheck.New(callcheck.Options{Org: &callcheck.Org{Extensions: map[string]bool{"911": true}}})
	if c, _ := e2.Classify("US", "911"); !c.Emergency {
		t.Errorf("911 with an extension 911: %+v, want emergency", c)
	}
}

func TestClassifyErrors(t *testing.T) {
	e, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		country, dialled string
		want             error
		wantText         string
	}{
		{"US", "", callcheck.ErrInvalidNumber, "no digits"},
		{"US", "  - ", callcheck.ErrInvalidNumber, "no digits"},
		{"US", "+", callcheck.ErrInvalidNumber, "no digits"},
		{"US", "abc", callcheck.ErrInvalidNumber, "letters"},
		{"US", "1-800-FLOWERS", callcheck.ErrInvalidNumber, "letters"},
		{"US", "12+34", callcheck.ErrInvalidNumber, "'+'"},
		{"US", "*67 214 555 0100", callcheck.ErrInvalidNumber, "feature access"},
		{"US", "#31#", callcheck.ErrInvalidNumber, "feature access"},
		{"US", "123456789012345678901", callcheck.ErrInvalidNumber, "more than 20 digits"},
		{"US", "1" + strings.Repeat(" ", 70) + "2", callcheck.ErrInvalidNumber, "at most 64"},
		{"US", "+1214", callcheck.ErrInvalidNumber, "too short"},
		{"US", "0044 20 7946 0000", callcheck.ErrInvalidNumber, "international prefix 011"},
		{"AU", "00 1 214 555 0100", callcheck.ErrInvalidNumber, "international prefix 0011"},
		{"US", "+1 214 555 0100 12345", callcheck.ErrInvalidNumber, "too long"},
		{"GB", "+999 1234 5678", callcheck.ErrInvalidNumber, "country calling code"},
		{"US", "214\x00555", callcheck.ErrInvalidNumber, "not part of a number"},
		{"XX", "911", callcheck.ErrUnsupportedCountry, "XX"},
		{"", "911", callcheck.ErrUnsupportedCountry, ""},
		{"USA", "911", callcheck.ErrUnsupportedCountry, ""},
	}
	for _, tc := range tests {
		_, err := e.Classify(tc.country, tc.dialled)
		if !errors.Is(err, tc.want) {
			t.Errorf("Classify(%q, %q) = %v, want %v", tc.country, tc.dialled, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.wantText) {
			t.Errorf("Classify(%q, %q) error %q does not say %q", tc.country, tc.dialled, err, tc.wantText)
		}
	}
}

func TestClassifyCached(t *testing.T) {
	e, _ := callcheck.New(callcheck.Options{})
	a, err := e.Classify("GB", "0909 123 4567")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := e.Classify("GB", "0909 123 4567")
	if a != b {
		t.Errorf("second call %+v differs from first %+v", b, a)
	}
}

func TestOverrides(t *testing.T) {
	yml := `
version: 1
domestic:
  US: [US, CA, PR, VI]
rules:
  - {country: "*", pattern: "+88216!", callType: premium_services_ii, note: satellite}
  - {country: DE, numberType: SHARED_COST, callType: NATIONAL}
  - {country: GB, pattern: "123", callType: SPECIAL_SERVICES_II}
  - {country: GB, pattern: "09!", callType: NATIONAL}
  - {country: US, pattern: "933", callType: EMERGENCY, note: "911 address test"}
  - {country: US, pattern: "411", callType: NUMBER}
`
	e, err := callcheck.New(callcheck.Options{Overrides: []byte(yml)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ country, dialled, want string }{
		{"US", "+882 16 1234 5678", "PREMIUM_SERVICES_II"},
		{"GB", "00 882 16 1234 5678", "PREMIUM_SERVICES_II"},
		{"DE", "0180 1 234567", "NATIONAL"},
		{"DE", "0137 1234567", "PREMIUM_SERVICES_II"}, // a built-in E.164 rule still decides
		{"GB", "123", "SPECIAL_SERVICES_II"},
		{"GB", "0906 123 4567", "NATIONAL"},        // an override decides over a more specific built-in row
		{"US", "+1 340 555 0100", "NATIONAL"},      // VI added to the US group
		{"CA", "+1 340 555 0100", "INTERNATIONAL"}, // only the US group was changed
		{"US", "933", emergency},                   // an added emergency number
		{"US", "411", "INTERNAL_CALL"},             // no longer a short code: an assumed extension
	}
	for _, tc := range tests {
		c, err := e.Classify(tc.country, tc.dialled)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.country, tc.dialled, err)
		}
		got := string(c.CallType)
		if c.Emergency {
			got = emergency
		}
		if got != tc.want {
			t.Errorf("%s %s: %s (%s), want %s", tc.country, tc.dialled, got, c.Rule, tc.want)
		}
	}
	// JSON works too.
	if _, err := callcheck.New(callcheck.Options{Overrides: []byte(`{"version":1,"rules":[{"country":"FR","pattern":"3XXX","callType":"NATIONAL"}]}`)}); err != nil {
		t.Errorf("JSON overrides: %v", err)
	}
}

func TestOverridesErrors(t *testing.T) {
	tests := []struct{ name, file, want string }{
		{"no version", `rules: []`, "version 0"},
		{"unknown key", "version: 1\nrulez: []", "rulez"},
		{"unknown rule key", "version: 1\nrules: [{country: US, pattern: '1!', callType: NATIONAL, colour: red}]", "colour"},
		{"bad country", "version: 1\nrules: [{country: XX, pattern: '1!', callType: NATIONAL}]", "XX"},
		{"lower-case country", "version: 1\nrules: [{country: us, pattern: '1!', callType: NATIONAL}]", "us"},
		{"bad call type", "version: 1\nrules: [{country: US, pattern: '1!', callType: NATIONALL}]", "NATIONALL"},
		{"both", "version: 1\nrules: [{country: US, pattern: '1!', numberType: MOBILE, callType: NATIONAL}]", "exactly one"},
		{"neither", "version: 1\nrules: [{country: US, callType: NATIONAL}]", "exactly one"},
		{"bad pattern", "version: 1\nrules: [{country: US, pattern: '1x!', callType: NATIONAL}]", "invalid digit pattern"},
		{"bad number type", "version: 1\nrules: [{country: US, numberType: CHEAP, callType: NATIONAL}]", "CHEAP"},
		{"NUMBER with +", "version: 1\nrules: [{country: US, pattern: '+1!', callType: NUMBER}]", "NUMBER"},
		{"bad domestic", "version: 1\ndomestic: {US: [US, ZZ]}", "ZZ"},
		{"not yaml", "version: [", "callcheck overrides"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := callcheck.New(callcheck.Options{Overrides: []byte(tc.file)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one that says %q", err, tc.want)
			}
		})
	}
}

func TestBuiltinRulesValid(t *testing.T) {
	// The built-in table must pass the checks an override file gets.
	f := callcheck.OverrideFile{Version: 1, Rules: callcheck.BuiltinRules()}
	b, err := yamlOf(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := callcheck.ParseOverrides(b); err != nil {
		t.Fatalf("built-in rules do not parse as an override file: %v", err)
	}
}

func TestDialable(t *testing.T) {
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for n, ok := range map[string]bool{"+19005550100": true, "030123456789": true, "911": true, "12ab": false, "+": false, "1+2": false} {
		err := eng.Dialable(n)
		if (err == nil) != ok || err != nil && !errors.Is(err, callcheck.ErrInvalidNumber) {
			t.Errorf("Dialable(%q) = %v, want dialable %v", n, err, ok)
		}
	}
}
