package callcheck_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

// FuzzMatch: compiling and matching never panic; a compiled pattern matches its SampleNumber;
// Match agrees with a plain reference matcher.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"1XXX", "1234"}, {"+44909!", "+449091234567"}, {"9!", "9"}, {"*67X", "*671"}, {"#31#", "#31#"},
		{"X!", "12"}, {"+1900XXXXXXX", "+19005551234"}, {"1x", "1"}, {"", ""}, {"!!", "1"}, {"++", "+"},
		{"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX!", strings.Repeat("9", 64)}, {"9!", strings.Repeat("9", 65)},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, dialled string) {
		m, err := callcheck.CompilePatterns([]wxc.DigitPattern{{Name: "p", Pattern: pattern, Action: wxc.ActionBlock}, {Name: "q", Pattern: "1!"}})
		if err != nil {
			if !errors.Is(err, callcheck.ErrInvalidPattern) && !strings.Contains(err.Error(), "\"q\"") {
				t.Fatalf("error %v does not wrap ErrInvalidPattern", err)
			}
			return
		}
		got, ok := m.Match(dialled)
		// Longer strings never match (documented on Match).
		if want := len(dialled) <= callcheck.MaxDialledLen && refMatch(pattern, dialled); want && (!ok || (got.Name != "p" && got.Name != "q")) {
			t.Fatalf("%q should match %q", pattern, dialled)
		}
		if ok && got.Name == "p" && !refMatch(pattern, dialled) {
			t.Fatalf("%q matched %q", pattern, dialled)
		}
		s, err := callcheck.SampleNumber(pattern)
		if err != nil {
			t.Fatalf("SampleNumber(%q): %v", pattern, err)
		}
		if !refMatch(pattern, s) {
			t.Fatalf("SampleNumber(%q) = %q does not match", pattern, s)
		}
	})
}

// refMatch is a plain recursive reading of the syntax, independent of the trie.
func refMatch(p, s string) bool {
	if strings.HasSuffix(p, "!") {
		body := p[:len(p)-1]
		for i := len(body) + 1; i <= len(s); i++ {
			if refMatch(body, s[:len(body)]) && allDigits(s[len(body):]) {
				return true
			}
		}
		return false
	}
	if len(p) != len(s) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] == 'X' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if p[i] != s[i] {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FuzzClassify: Classify and Decide never panic; they return a classification with a call type
// (or emergency) and a rule, or an error wrapping ErrInvalidNumber or ErrUnsupportedCountry.
func FuzzClassify(f *testing.F) {
	for _, tc := range classifyCases {
		f.Add(tc.country, tc.dialled)
	}
	for _, s := range []string{"", "+", "++1", "abc", "0000000000000000000000", "+0", "+1 (", "00", "0011", "\xff", "１２３"} {
		f.Add("US", s)
	}
	f.Add("", "911")
	f.Add("ZZ", "1")
	f.Add("001", "+882")
	eng, err := callcheck.New(callcheck.Options{Org: &callcheck.Org{Extensions: map[string]bool{"1234": true}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, country, dialled string) {
		c, err := eng.Classify(country, dialled)
		if err != nil {
			if !errors.Is(err, callcheck.ErrInvalidNumber) && !errors.Is(err, callcheck.ErrUnsupportedCountry) {
				t.Fatalf("Classify(%q, %q): unexpected error kind %v", country, dialled, err)
			}
			return
		}
		if (c.CallType == "") != c.Emergency || c.Rule == "" || c.Dialled == "" {
			t.Fatalf("Classify(%q, %q) = %+v", country, dialled, c)
		}
		d, err := eng.Decide(&callcheck.Subject{Kind: wxc.Location, Name: "L", Own: dallas(), Country: country}, dialled)
		if err != nil {
			t.Fatalf("Decide after a good Classify: %v", err)
		}
		if d.Action == "" || d.Explain() == "" {
			t.Fatalf("Decide = %+v", d)
		}
	})
}
