package callcheck_test

import (
	"errors"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

func dp(name, pattern string, a wxc.Action) wxc.DigitPattern {
	return wxc.DigitPattern{Name: name, Pattern: pattern, Action: a}
}

func TestMatchSyntax(t *testing.T) {
	tests := []struct {
		pattern, dialled string
		want             bool
	}{
		{"1XXX", "1234", true},
		{"1XXX", "123", false},   // exact length without '!'
		{"1XXX", "12345", false}, // exact length without '!'
		{"1XXX", "2234", false},
		{"1XXX", "1*34", false}, // X is a digit only
		{"1!", "1", false},      // '!' needs one or more digits
		{"1!", "12", true},
		{"1!", "1234567890123", true},
		{"1!", "12*", false}, // '!' matches digits only
		{"+44909!", "+449091234567", true},
		{"+44909!", "00449091234567", false}, // '+' matches a '+' only
		{"44909!", "+449091234567", false},   // and no '+' matches no '+'
		{"*67", "*67", true},
		{"*67X", "*671", true},
		{"#31#", "#31#", true},
		{"XXXX", "1234", true},
		{"9XXX!", "91234", true},
		{"9XXX!", "9123", false},
		{"+1900XXXXXXX", "+19005551234", true},
		{"+X!", "+1", false},
		{"+X!", "+12", true},
	}
	for _, tc := range tests {
		m, err := callcheck.CompilePatterns([]wxc.DigitPattern{dp("p", tc.pattern, wxc.ActionBlock)})
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		if _, got := m.Match(tc.dialled); got != tc.want {
			t.Errorf("%q matches %q: %v, want %v", tc.pattern, tc.dialled, got, tc.want)
		}
	}
}

// TestMatchMostSpecific checks the documented order for several matches at one level.
func TestMatchMostSpecific(t *testing.T) {
	tests := []struct {
		name     string
		patterns []wxc.DigitPattern
		dialled  string
		want     string // the winning name
	}{
		{"more literals", []wxc.DigitPattern{dp("broad", "9!", "ALLOW"), dp("narrow", "9011!", "BLOCK")}, "90114420", "narrow"},
		{"more literals beat fixed length", []wxc.DigitPattern{dp("len", "9XXXXXX", "ALLOW"), dp("lit", "9011!", "BLOCK")}, "9011442", "lit"},
		{"fixed length beats !", []wxc.DigitPattern{dp("bang", "12!", "ALLOW"), dp("fixed", "12XX", "BLOCK")}, "1234", "fixed"},
		{"fewer X", []wxc.DigitPattern{dp("a", "1X3!", "ALLOW"), dp("b", "123!", "BLOCK")}, "12345", "b"},
		{"longer literal prefix", []wxc.DigitPattern{dp("late", "X234", "ALLOW"), dp("early", "123X", "BLOCK")}, "1234", "early"},
		{"name breaks a tie", []wxc.DigitPattern{dp("zeta", "1X3X", "ALLOW"), dp("alpha", "1X3X", "BLOCK")}, "1234", "alpha"},
		{"order does not matter", []wxc.DigitPattern{dp("alpha", "1X3X", "BLOCK"), dp("zeta", "1X3X", "ALLOW")}, "1234", "alpha"},
		{"no match", []wxc.DigitPattern{dp("a", "5!", "BLOCK")}, "1234", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := callcheck.CompilePatterns(tc.patterns)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.Match(tc.dialled)
			if tc.want == "" {
				if ok {
					t.Errorf("matched %+v, want none", got)
				}
				return
			}
			if !ok || got.Name != tc.want {
				t.Errorf("got %q (%v), want %q", got.Name, ok, tc.want)
			}
		})
	}
}

func TestMatchAny(t *testing.T) {
	m, err := callcheck.CompilePatterns([]wxc.DigitPattern{dp("intl", "+44!", "BLOCK"), dp("prem", "+44909!", "BLOCK"), dp("nat", "0909!", "ALLOW")})
	if err != nil {
		t.Fatal(err)
	}
	got, ok := m.MatchAny("09091234567", "+449091234567")
	if !ok || got.Name != "prem" {
		t.Errorf("MatchAny = %q, %v; want prem (more literals than nat)", got.Name, ok)
	}
	if _, ok := m.MatchAny("", "5"); ok {
		t.Error("matched an unrelated string")
	}
	var nilM *callcheck.Matcher
	if _, ok := nilM.Match("1"); ok || nilM.Len() != 0 {
		t.Error("a nil Matcher matched")
	}
}

func TestCompilePatternsErrors(t *testing.T) {
	for _, p := range []string{"", "1x", "1!2", "1+2", "++1", "+", "!", "12a", "1234567890123456789012345678901234567890X"} {
		_, err := callcheck.CompilePatterns([]wxc.DigitPattern{dp("Bad one", p, "BLOCK")})
		if !errors.Is(err, callcheck.ErrInvalidPattern) {
			t.Errorf("CompilePatterns(%q) = %v, want ErrInvalidPattern", p, err)
		}
	}
	m, err := callcheck.CompilePatterns(nil)
	if err != nil || m.Len() != 0 {
		t.Errorf("empty set: %v, %d", err, m.Len())
	}
}

func TestSampleNumber(t *testing.T) {
	for _, p := range []string{"+88216!", "1900XXXXXXX", "+44909!", "411", "*67X"} {
		s, err := callcheck.SampleNumber(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		m, _ := callcheck.CompilePatterns([]wxc.DigitPattern{dp("p", p, "BLOCK")})
		if _, ok := m.Match(s); !ok {
			t.Errorf("SampleNumber(%q) = %q, which the pattern does not match", p, s)
		}
	}
	if _, err := callcheck.SampleNumber("1x"); !errors.Is(err, callcheck.ErrInvalidPattern) {
		t.Errorf("SampleNumber(1x) = %v", err)
	}
}
