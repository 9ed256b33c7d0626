package emulator

import (
	"strings"
	"testing"
)

// White-box tests of the call-routing dial plans and digit-pattern matcher.

func TestDialPlanClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		country, dialled   string
		callType, dest     string
		e164               string
		wantNational, note string
	}{
		// NANP
		{"US", "+12125550123", ctNational, destPSTN, "+12125550123", "12125550123", ""},
		{"US", "12125550123", ctNational, destPSTN, "+12125550123", "", ""},
		{"US", "2125550123", ctNational, destPSTN, "+12125550123", "", ""},
		{"US", "+14165550123", ctNational, destPSTN, "+14165550123", "", "Canada is national from the US"},
		{"CA", "+12125550123", ctNational, destPSTN, "+12125550123", "", "the US is national from Canada"},
		{"US", "+17875550123", ctNational, destPSTN, "+17875550123", "", "Puerto Rico"},
		{"US", "+18765550123", ctInternational, destPSTN, "+18765550123", "", "Jamaica is NANP but international"},
		{"US", "18005550123", ctTollFree, destPSTN, "+18005550123", "", ""},
		{"US", "+18885550123", ctTollFree, destPSTN, "+18885550123", "", ""},
		{"US", "19005550123", ctPremium1, destPSTN, "+19005550123", "", ""},
		{"US", "12149765555", ctPremium2, destPSTN, "+12149765555", "", ""},
		{"US", "2125551212", ctChargeable, destPSTN, "+12125551212", "", ""},
		{"US", "411", ctChargeable, destPSTN, "", "", ""},
		{"US", "311", ctSpecial1, destPSTN, "", "", ""},
		{"US", "0", ctOperator, destPSTN, "", "", ""},
		{"US", "02125550123", ctOperator, destPSTN, "", "", ""},
		{"US", "011442079460000", ctInternational, destPSTN, "+442079460000", "", ""},
		{"US", "+442079460000", ctInternational, destPSTN, "+442079460000", "", ""},
		{"US", "911", "", destEmergency, "", "", ""},
		{"US", "12345", "", destUnknownExtension, "", "", ""},
		// DE
		{"DE", "+4930555000", ctNational, destPSTN, "+4930555000", "030555000", ""},
		{"DE", "030555000", ctNational, destPSTN, "+4930555000", "", ""},
		{"DE", "08001234567", ctTollFree, destPSTN, "+498001234567", "", ""},
		{"DE", "+499001234567", ctPremium1, destPSTN, "+499001234567", "", ""},
		{"DE", "01371234567", ctPremium2, destPSTN, "+491371234567", "", ""},
		{"DE", "11833", ctChargeable, destPSTN, "", "", ""},
		{"DE", "0044207946000", ctInternational, destPSTN, "+44207946000", "", ""},
		{"DE", "+12125550123", ctInternational, destPSTN, "+12125550123", "", ""},
		{"DE", "112", "", destEmergency, "", "", ""},
		{"DE", "110", "", destEmergency, "", "", ""},
		// GB
		{"GB", "02079460000", ctNational, destPSTN, "+442079460000", "", ""},
		{"GB", "+447700900123", ctNational, destPSTN, "+447700900123", "", "mobile"},
		{"GB", "08001234567", ctTollFree, destPSTN, "+448001234567", "", ""},
		{"GB", "09001234567", ctPremium1, destPSTN, "+449001234567", "", ""},
		{"GB", "09091234567", ctPremium2, destPSTN, "+449091234567", "", "0909 is sexual entertainment"},
		{"GB", "09811234567", ctPremium2, destPSTN, "+449811234567", "", ""},
		{"GB", "+448712345678", ctPremium2, destPSTN, "+448712345678", "", ""},
		{"GB", "118118", ctChargeable, destPSTN, "", "", ""},
		{"GB", "100", ctOperator, destPSTN, "", "", ""},
		{"GB", "999", "", destEmergency, "", "", ""},
		{"GB", "0049301234567", ctInternational, destPSTN, "+49301234567", "", ""},
		// FR, AU
		{"FR", "0800123456", ctTollFree, destPSTN, "+33800123456", "", ""},
		{"FR", "0891123456", ctPremium1, destPSTN, "+33891123456", "", ""},
		{"FR", "0899123456", ctPremium2, destPSTN, "+33899123456", "", "the highest tariff band"},
		{"FR", "0033142345678", ctNational, destPSTN, "+33142345678", "", "own country with the international prefix"},
		{"AU", "1223", ctSpecial1, destPSTN, "", "", "free directory"},
		{"AU", "0061298765432", "", destUnknownNumber, "", "", "trunk prefix then 0: no number"},
		{"AU", "1800123456", ctTollFree, destPSTN, "+611800123456", "", "dialled without trunk prefix"},
		{"AU", "0011442079460000", ctInternational, destPSTN, "+442079460000", "", ""},
		{"AU", "000", "", destEmergency, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.country+"/"+tt.dialled, func(t *testing.T) {
			d, ok := cleanDialled(tt.dialled)
			if !ok {
				t.Fatalf("cleanDialled(%q) refused", tt.dialled)
			}
			c := dialPlans[tt.country].classify(d)
			if c.callType != tt.callType || c.dest != tt.dest || c.e164 != tt.e164 {
				t.Errorf("classify = {callType %q dest %q e164 %q (row %q)}, want {%q %q %q} %s",
					c.callType, c.dest, c.e164, c.row, tt.callType, tt.dest, tt.e164, tt.note)
			}
			if tt.wantNational != "" && c.national != tt.wantNational {
				t.Errorf("national form = %q, want %q", c.national, tt.wantNational)
			}
		})
	}
}

func TestCleanDialled(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"+1 (214) 555-0100": "+12145550100", "0800 123 456": "0800123456", "*67": "*67", "1.800.555.0123": "18005550123",
	} {
		if got, ok := cleanDialled(in); !ok || got != want {
			t.Errorf("cleanDialled(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", " ", "+", "abc", "12+34", "++1", "+1*67", strings.Repeat("1", 31), "１２３"} {
		if got, ok := cleanDialled(bad); ok {
			t.Errorf("cleanDialled(%q) = %q, accepted", bad, got)
		}
	}
}

func TestPatternMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"+1900!", "+19005550123", true},
		{"+1900!", "+1900", false}, // '!' is one or more digits
		{"+1900!", "19005550123", false},
		{"1976XXXXXXX", "19765550123", true},
		{"1976XXXXXXX", "197655501234", false},
		{"1976XXXXXXX", "1976555012", false},
		{"1000", "1000", true},
		{"1000", "10000", false},
		{"9XXX", "9123", true},
		{"9XXX", "912", false},
		{"*67", "*67", true},
		{"+49900!", "+499001234567", true},
		{"+49900!", "+4990", false},
	}
	for _, tt := range tests {
		if got := patternMatches(tt.pattern, tt.s); got != tt.want {
			t.Errorf("patternMatches(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestBestPattern(t *testing.T) {
	t.Parallel()
	ps := []digitPattern{
		{Name: "any US", Pattern: "+1!"},
		{Name: "premium", Pattern: "+1900!"},
		{Name: "one number", Pattern: "+19005550123"},
		{Name: "one block", Pattern: "+1900555XXXX"},
		{Name: "premium again", Pattern: "+1900!"},
	}
	tests := []struct {
		forms []string
		want  string
	}{
		{[]string{"+19005550123"}, "one number"},
		{[]string{"+19005550124"}, "one block"},
		{[]string{"+19006660000"}, "premium"}, // tie with "premium again": the first wins
		{[]string{"+12125550123"}, "any US"},
		{[]string{"12125550123", "", "+12125550123"}, "any US"},
	}
	for _, tt := range tests {
		i := bestPattern(ps, tt.forms)
		if i < 0 || ps[i].Name != tt.want {
			got := "none"
			if i >= 0 {
				got = ps[i].Name
			}
			t.Errorf("bestPattern(%v) = %s, want %s", tt.forms, got, tt.want)
		}
	}
	if i := bestPattern(ps, []string{"+442079460000"}); i >= 0 {
		t.Errorf("bestPattern(GB number) = %s, want none", ps[i].Name)
	}
}

func TestResolveInheritance(t *testing.T) {
	t.Parallel()
	loc := &record{Numbers: [3]string{"+1555", "", ""}, AccessCodes: []accessCode{{"1", "a"}, {"2", "b"}},
		DigitPatterns: []digitPattern{{Name: "loc", Pattern: "9!"}}}
	tests := []struct {
		name                 string
		own                  *record
		permsLevel, patLevel string
		number1              string
		codes                int
	}{
		{"all inherited", &record{}, "LOCATION", "LOCATION", "+1555", 2},
		{"switch on, permissions inherited", &record{UseCustomEnabled: true}, "LOCATION", "LOCATION", "+1555", 2},
		{"custom permissions", &record{UseCustomEnabled: true, UseCustomPermissions: true}, "PEOPLE", "LOCATION", "+1555", 2},
		{"custom patterns only", &record{UseCustomDigitPatterns: true}, "LOCATION", "PEOPLE", "+1555", 2},
		{"custom numbers and codes", &record{UseCustomTransferNumbers: true, UseCustomAccessCodes: true, Numbers: [3]string{"", "+2", ""}},
			"LOCATION", "LOCATION", "", 0},
	}
	for _, tt := range tests {
		e := resolve(tt.own, loc)
		if e.permsLevel != tt.permsLevel || e.patLevel != tt.patLevel || e.numbers[0] != tt.number1 || e.codes != tt.codes {
			t.Errorf("%s: resolve = perms %s, patterns %s, number1 %q, codes %d; want %s %s %q %d", tt.name,
				e.permsLevel, e.patLevel, e.numbers[0], e.codes, tt.permsLevel, tt.patLevel, tt.number1, tt.codes)
		}
	}
}

// FuzzClassify: no dialled string makes cleaning, classifying or matching panic, and a
// PSTN answer always has a call type.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{"+12125550123", "011442079460000", "0", "911", "*67", "0800 123", "+", "1976", "0011"} {
		f.Add("US", s)
		f.Add("DE", s)
	}
	f.Add("AU", "1800123456")
	f.Fuzz(func(t *testing.T, country, dialled string) {
		plan := dialPlans[country]
		if plan == nil {
			plan = dialPlans["GB"]
		}
		d, ok := cleanDialled(dialled)
		if !ok {
			return
		}
		c := plan.classify(d)
		if c.dest == destPSTN && c.callType == "" {
			t.Errorf("%s %q: PSTN without a call type: %+v", country, dialled, c)
		}
		// A dialled string, read as a pattern, matches itself; with '!' it needs one more digit.
		if !patternMatches(d, d) || patternMatches(d+"!", d) || !patternMatches(d+"!", d+"5") {
			t.Errorf("%q as a pattern: self %v, with ! %v, with ! and a digit %v", d,
				patternMatches(d, d), patternMatches(d+"!", d), patternMatches(d+"!", d+"5"))
		}
	})
}

// TestOrgIndex: the org's number index finds numbers, extensions and ESNs, and is built
// once per org.
func TestOrgIndex(t *testing.T) {
	s, err := New(Options{Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	o := s.dir.primary
	p := o.people[0]
	if n := orgNumber(o, p.phone); n == nil || n.ownerID != p.id {
		t.Errorf("orgNumber(%s) = %+v", p.phone, n)
	}
	if n := orgExtension(o, p.ext); n == nil || n.ownerID != p.id {
		t.Errorf("orgExtension(%s) = %+v", p.ext, n)
	}
	if n := orgExtension(o, p.loc.routingPrefix+p.ext); n == nil || n.ownerID != p.id {
		t.Errorf("orgExtension(ESN) = %+v", n)
	}
	if orgExtension(o, "+"+p.ext) != nil || orgNumber(o, "+10000000000") != nil {
		t.Errorf("found what is not there")
	}
	first := &o.inventory().numbers[0]
	if again := &o.inventory().numbers[0]; first != again {
		t.Errorf("index built twice")
	}
}
