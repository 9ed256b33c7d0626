package callcheck

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/wxcgo/go-wxc/wxc"
)

// Number types of a Classification that are not libphonenumber's.
const (
	TypeExtension = "EXTENSION"  // an extension (the org's, or a short string assumed to be one)
	TypeShortCode = "SHORT_CODE" // a dialled-form rule decided (short codes, emergency numbers)
	TypeOperator  = "OPERATOR"   // an operator form (NANP 0, 00, 0+, 01+; GB 100, 155; AU 1234)
	TypeLocal     = "LOCAL"      // a local number dialled without its area code (NANP 7 digits)
)

// maxDialledDigits is the longest dialled string Classify accepts (E.164 allows 15 digits; an
// international prefix such as AU's 0011 adds 4, a NANP operator 01 prefix 2).
const maxDialledDigits = 20

// maxDialledChars bounds the dialled string, formatting included.
const maxDialledChars = 64

// maxAssumedExtension: a digit string of at most this length that is not a number of the
// caller's country is taken for an extension (INTERNAL_CALL).
const maxAssumedExtension = 6

// normalize removes formatting (spaces, '-', '(', ')', '.', '/') and checks what is left:
// digits with an optional leading '+'.
func normalize(dialled string) (string, error) {
	bad := func(why string) error { return fmt.Errorf("%w %q: %s", ErrInvalidNumber, dialled, why) }
	if len(dialled) > maxDialledChars {
		return "", fmt.Errorf("%w: %d characters (at most %d, formatting included)", ErrInvalidNumber, len(dialled), maxDialledChars)
	}
	var b []byte
	digits := 0
	for i := 0; i < len(dialled); i++ {
		c := dialled[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			b = append(b, c)
		case c == '+':
			if len(b) != 0 {
				return "", bad("'+' is allowed only at the start")
			}
			b = append(b, c)
		case c == ' ' || c == '\t' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/':
		case c == '*' || c == '#':
			return "", bad("'*' and '#' start feature access codes, not outgoing calls")
		case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
			return "", bad("letters are not dialable here; write the digits")
		default:
			return "", bad(fmt.Sprintf("character %q is not part of a number", c))
		}
	}
	switch {
	case digits == 0:
		return "", bad("no digits")
	case digits > maxDialledDigits:
		return "", bad(fmt.Sprintf("more than %d digits", maxDialledDigits))
	}
	return string(b), nil
}

// ruleSet is a compiled set of pattern rules.
type ruleSet struct {
	m     *Matcher
	rules map[string]Rule // by the pattern's Name in m
}

func newRuleSet(specific, wildcard []Rule) *ruleSet {
	var ps []wxc.DigitPattern
	rs := &ruleSet{rules: map[string]Rule{}}
	for i, r := range specific {
		name := fmt.Sprintf("0-%05d", i)
		ps = append(ps, wxc.DigitPattern{Name: name, Pattern: r.Pattern})
		rs.rules[name] = r
	}
	for i, r := range wildcard {
		name := fmt.Sprintf("1-%05d", i)
		ps = append(ps, wxc.DigitPattern{Name: name, Pattern: r.Pattern})
		rs.rules[name] = r
	}
	m, err := CompilePatterns(ps)
	if err != nil {
		panic("callcheck: rules were checked: " + err.Error()) // unreachable: every rule is checked first
	}
	rs.m = m
	return rs
}

func (rs *ruleSet) match(s string) (Rule, bool) {
	if rs == nil || rs.m.Len() == 0 {
		return Rule{}, false
	}
	p, ok := rs.m.Match(s)
	if !ok {
		return Rule{}, false
	}
	return rs.rules[p.Name], true
}

// origin is everything the classifier uses for calls from one country.
type origin struct {
	country  string
	cc       int
	builtin  bool // the country has a table of its own
	domestic map[string]bool

	ovDialled, ovE164, biDialled, biE164 *ruleSet
	ovTypes, biTypes                     map[string]Rule
}

func (e *Engine) origin(country string) (*origin, error) {
	if o, ok := e.origins.Load(country); ok {
		return o.(*origin), nil
	}
	if err := checkCountry(country); err != nil {
		return nil, err
	}
	o := &origin{country: country, cc: phonenumbers.GetCountryCodeForRegion(country)}
	o.builtin = slices.Contains(builtinCountries, country)
	group, ok := e.overrides.Domestic[country]
	if !ok {
		group = domesticGroups[country]
	}
	if group != nil {
		o.domestic = map[string]bool{}
		for _, r := range group {
			o.domestic[r] = true
		}
	}
	split := func(rs []Rule, want string) (dialled, e164 []Rule, types map[string]Rule) {
		types = map[string]Rule{}
		for _, r := range rs {
			if r.Country != want {
				continue
			}
			switch {
			case r.NumberType != "":
				types[r.NumberType] = r
			case strings.HasPrefix(r.Pattern, "+"):
				e164 = append(e164, r)
			default:
				dialled = append(dialled, r)
			}
		}
		return
	}
	od, oe, ot := split(e.overrides.Rules, country)
	wd, we, wt := split(e.overrides.Rules, "*")
	o.ovDialled, o.ovE164 = newRuleSet(od, wd), newRuleSet(oe, we)
	o.ovTypes = wt
	for k, r := range ot {
		o.ovTypes[k] = r
	}
	bd, be, bt := split(countryRules, country)
	o.biDialled, o.biE164 = newRuleSet(bd, nil), newRuleSet(be, nil)
	o.biTypes = map[string]Rule{}
	for _, r := range defaultTypeRules {
		o.biTypes[r.NumberType] = r
	}
	for k, r := range bt {
		o.biTypes[k] = r
	}
	v, _ := e.origins.LoadOrStore(country, o)
	return v.(*origin), nil
}

func (o *origin) matchDialled(s string) (Rule, bool) {
	if r, ok := o.ovDialled.match(s); ok {
		return r, true
	}
	return o.biDialled.match(s)
}

func (o *origin) matchE164(s string) (Rule, bool) {
	if r, ok := o.ovE164.match(s); ok {
		return r, true
	}
	return o.biE164.match(s)
}

func (o *origin) typeRule(t string) (Rule, bool) {
	if r, ok := o.ovTypes[t]; ok {
		return r, true
	}
	r, ok := o.biTypes[t]
	return r, ok
}

// generic is appended to the Rule of a decision that a country without a table of its own
// got from the generic rules.
func (o *origin) generic() string {
	if o.builtin {
		return ""
	}
	return " (generic rules: no table for " + o.country + ")"
}

func (o *origin) isDomestic(cc int, region string) bool {
	if o.domestic != nil {
		return o.domestic[region]
	}
	return cc == o.cc
}

// describe is the Classification.Rule text of r for calls from origin.
func (r Rule) describe() string {
	what := r.Pattern
	if what == "" {
		what = r.NumberType
	}
	s := r.Country + " " + what
	if r.Note != "" {
		s += " (" + r.Note + ")"
	}
	s += " -> " + r.CallType
	if r.Assumed {
		s += " [assumed]"
	}
	return s
}

// Dialable returns nil when dialled is a number from at least one country the engine has a
// table for (BuiltinCountries), and otherwise the error, wrapping ErrInvalidNumber, of the
// first of them: for input checks before any entity's own country is known (letters, a
// misplaced '+', ... are garbage everywhere; a German national number is not).
func (e *Engine) Dialable(dialled string) error {
	var first error
	for _, c := range BuiltinCountries() {
		_, err := e.Classify(c, dialled)
		if !errors.Is(err, ErrInvalidNumber) {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// Classify returns the classification of dialled as dialled from country (ISO 3166-1 alpha-2,
// e.g. "US"). Formatting (spaces, '-', '(', ')', '.', '/') is ignored. Garbage input (no digits,
// letters, a misplaced '+', '*' or '#', too many digits, a number of impossible length) gives an
// error wrapping ErrInvalidNumber; an unknown country one wrapping ErrUnsupportedCountry.
// Results are cached per engine (docs/CALLCHECK.md, "Performance").
func (e *Engine) Classify(country, dialled string) (Classification, error) {
	k := ckey{country, dialled}
	if c, ok := e.cached(k); ok {
		return c, nil
	}
	c, err := e.classify(strings.ToUpper(strings.TrimSpace(country)), dialled)
	if err != nil {
		return Classification{}, err
	}
	e.store(k, c)
	return c, nil
}

func (e *Engine) classify(country, dialled string) (Classification, error) {
	o, err := e.origin(country)
	if err != nil {
		return Classification{}, err
	}
	d, err := normalize(dialled)
	if err != nil {
		return Classification{}, err
	}
	c := Classification{Dialled: d}
	plus := d[0] == '+'
	if !plus {
		r, ok := o.matchDialled(d)
		if ok && r.CallType == RuleEmergency {
			return emergency(c, country, r.describe()), nil
		}
		if !ok && phonenumbers.IsEmergencyNumber(d, country) {
			return emergency(c, country, country+" "+d+" (libphonenumber emergency number) -> EMERGENCY"), nil
		}
		if e.org.Extensions[d] {
			c.CallType, c.NumberType, c.Region = wxc.CallTypeInternalCall, TypeExtension, country
			c.Rule = "org extension " + d + " -> INTERNAL_CALL"
			return c, nil
		}
		if ok && r.CallType != RuleNumber {
			c.CallType, c.Region = wxc.CallType(r.CallType), country
			c.NumberType = r.Label
			if c.NumberType == "" {
				c.NumberType = TypeShortCode
			}
			c.Rule = r.describe()
			return c, nil
		}
	}
	num, perr := phonenumbers.Parse(d, country)
	short := !plus && len(d) <= maxAssumedExtension
	if perr != nil {
		if short {
			return assumedExtension(c, country), nil
		}
		why := "not a number dialled from " + country
		switch {
		case errors.Is(perr, phonenumbers.ErrInvalidCountryCode):
			why = "no such country calling code"
		case errors.Is(perr, phonenumbers.ErrTooShortNSN), errors.Is(perr, phonenumbers.ErrTooShortAfterIDD):
			why = "too short for a number dialled from " + country
		case errors.Is(perr, phonenumbers.ErrNumTooLong):
			why = "too long for a number"
		}
		return Classification{}, fmt.Errorf("%w %q: %s%s", ErrInvalidNumber, dialled, why, iddHint(country, plus))
	}
	valid := phonenumbers.IsValidNumber(num)
	if !valid && short {
		return assumedExtension(c, country), nil
	}
	if idd, ok := internationalPrefixes[country]; ok && !valid && !plus && strings.HasPrefix(d, "00") && !strings.HasPrefix(d, idd) {
		// "00 1 214 ..." from AU: a foreign international prefix, not a national number.
		return Classification{}, fmt.Errorf("%w %q: not a valid number dialled from %s%s", ErrInvalidNumber, dialled, country, iddHint(country, plus))
	}
	why := phonenumbers.IsPossibleNumberWithReason(num)
	if !valid && why == phonenumbers.IS_POSSIBLE_LOCAL_ONLY && !plus && int(num.GetCountryCode()) == o.cc {
		c.CallType, c.NumberType, c.Region = wxc.CallTypeNational, TypeLocal, country
		c.Rule = country + " local number without area code -> NATIONAL (Webex counts local calls as national)"
		return c, nil
	}
	switch why {
	case phonenumbers.IS_POSSIBLE, phonenumbers.IS_POSSIBLE_LOCAL_ONLY:
	case phonenumbers.TOO_SHORT:
		return Classification{}, fmt.Errorf("%w %q: too short for a number dialled from %s%s", ErrInvalidNumber, dialled, country, iddHint(country, plus))
	case phonenumbers.TOO_LONG:
		return Classification{}, fmt.Errorf("%w %q: too long for a number dialled from %s%s", ErrInvalidNumber, dialled, country, iddHint(country, plus))
	case phonenumbers.INVALID_COUNTRY_CODE:
		return Classification{}, fmt.Errorf("%w %q: no such country calling code", ErrInvalidNumber, dialled)
	default:
		return Classification{}, fmt.Errorf("%w %q: not a possible length for a number dialled from %s", ErrInvalidNumber, dialled, country)
	}
	cc := int(num.GetCountryCode())
	c.E164 = phonenumbers.Format(num, phonenumbers.E164)
	c.Region = phonenumbers.GetRegionCodeForNumber(num)
	if c.Region == "" {
		c.Region = phonenumbers.GetRegionCodeForCountryCode(cc)
	}
	c.NumberType = numberTypeName(phonenumbers.GetNumberType(num))
	domestic := o.isDomestic(cc, c.Region)
	if domestic {
		// The national dialling form: libphonenumber's national format without formatting
		// (with the trunk prefix where the number takes one); NANP numbers with their 1.
		c.National = phonenumbers.NormalizeDigitsOnly(phonenumbers.Format(num, phonenumbers.NATIONAL))
		if cc == 1 {
			c.National = "1" + phonenumbers.GetNationalSignificantNumber(num)
		}
	}
	if e.org.Numbers[c.E164] {
		c.CallType = wxc.CallTypeInternalCall
		c.Rule = "org number " + c.E164 + " -> INTERNAL_CALL"
		return c, nil
	}
	if r, ok := o.matchE164(c.E164); ok {
		if r.CallType == RuleEmergency {
			return emergency(c, c.Region, r.describe()), nil
		}
		c.CallType = wxc.CallType(r.CallType)
		c.Rule = r.describe()
		return c, nil
	}
	if !domestic {
		c.CallType = wxc.CallTypeInternational
		c.Rule = fmt.Sprintf("%s: destination %s is outside %s's national numbering -> INTERNATIONAL", country, c.Region, country) + o.generic()
		return c, nil
	}
	if r, ok := o.typeRule(c.NumberType); ok {
		c.CallType = wxc.CallType(r.CallType)
		c.Rule = country + " " + r.describe()[len(r.Country)+1:] + o.generic()
		return c, nil
	}
	c.CallType = wxc.CallTypeNational
	c.Rule = fmt.Sprintf("%s %s number in %s -> NATIONAL", country, c.NumberType, c.Region) + o.generic()
	if !valid {
		c.Rule += " (not a valid number per libphonenumber; assumed)"
	}
	return c, nil
}

func emergency(c Classification, region, rule string) Classification {
	c.Emergency, c.CallType, c.Rule = true, "", rule
	c.NumberType = TypeShortCode
	if c.Region == "" {
		c.Region = region
	}
	return c
}

func assumedExtension(c Classification, country string) Classification {
	c.CallType, c.NumberType, c.Region = wxc.CallTypeInternalCall, TypeExtension, country
	c.Rule = fmt.Sprintf("%s: a %d-digit string that is not a number of %s is dialled as an extension -> INTERNAL_CALL [assumed]", country, len(c.Dialled), country)
	return c
}

// internationalPrefixes are the international call prefixes of the countries with a table.
var internationalPrefixes = map[string]string{"US": "011", "CA": "011", "PR": "011", "GB": "00", "DE": "00", "FR": "00", "IN": "00", "AU": "0011"}

// iddHint says how to write an international number, for errors about a number dialled
// without '+' (such as "0044..." from the US, where the prefix is 011).
func iddHint(country string, plus bool) string {
	if plus {
		return ""
	}
	if p, ok := internationalPrefixes[country]; ok {
		return fmt.Sprintf(" (an international number is dialled as +CC... or with %s's international prefix %s)", country, p)
	}
	return " (an international number is dialled as +CC...)"
}
