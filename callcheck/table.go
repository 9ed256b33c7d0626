package callcheck

import "github.com/wxcgo/go-wxc/wxc"

// Rule is one row of the classification table: the built-in one (BuiltinRules, documented in
// docs/CALLCHECK.md) and the override file's (Options.Overrides) have the same shape.
//
// A rule applies to calls from Country (ISO 3166-1 alpha-2, or "*" for every country) and
// matches by exactly one of:
//
//   - Pattern, a digit pattern in Webex syntax (see Matcher). A pattern with a leading '+' is
//     matched against the number's E.164 form; one without is matched against the digits as
//     dialled (formatting removed), before the number is parsed: short codes, operator forms.
//   - NumberType, a libphonenumber type name (TOLL_FREE, PREMIUM_RATE, SHARED_COST,
//     PERSONAL_NUMBER, UAN, VOIP, MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE, PAGER, VOICEMAIL,
//     UNKNOWN), for numbers of the caller's own national numbering plan.
//
// CallType is a Webex call type (wxc.CallType, e.g. PREMIUM_SERVICES_II), or EMERGENCY (never
// blocked), or NUMBER: a dialled-form pattern that says "this is not a short code, classify the
// rest as a number" (NANP 011+: international direct dialling, unlike 01+).
type Rule struct {
	Country    string `json:"country" yaml:"country"`
	Pattern    string `json:"pattern,omitempty" yaml:"pattern,omitempty"`
	NumberType string `json:"numberType,omitempty" yaml:"numberType,omitempty"`
	CallType   string `json:"callType" yaml:"callType"`
	// Label is the Classification.NumberType of a dialled-form match ("" = SHORT_CODE).
	Label string `json:"label,omitempty" yaml:"label,omitempty"`
	Note  string `json:"note,omitempty" yaml:"note,omitempty"`
	// Assumed marks a row whose Webex call type is this package's assumption: Webex documents the
	// call types but not which numbers fall in each (docs/CALLCHECK.md).
	Assumed bool `json:"assumed,omitempty" yaml:"assumed,omitempty"`
}

// Pseudo call types of a Rule.
const (
	RuleEmergency = "EMERGENCY"
	RuleNumber    = "NUMBER"
)

// nanp is the group of countries whose calls among each other are not international
// (help.webex.com "Configure call permissions in Control Hub": "Calls between US, Canada, and
// Puerto Rico are an exception").
var nanp = []string{"US", "CA", "PR"}

// domesticGroups maps an origin to the regions that count as national from it. Countries not
// listed use their country calling code: every region that shares it is national (so from GB,
// Jersey, Guernsey and the Isle of Man are national, as they are dialled with the 0 prefix).
var domesticGroups = map[string][]string{"US": nanp, "CA": nanp, "PR": nanp}

// defaultTypeRules map libphonenumber's types of national numbers to call types, for every
// country unless a country rule or an override says otherwise.
var defaultTypeRules = []Rule{
	{Country: "*", NumberType: "TOLL_FREE", CallType: string(wxc.CallTypeTollFree), Note: "toll-free"},
	{Country: "*", NumberType: "PREMIUM_RATE", CallType: string(wxc.CallTypePremiumServicesI), Note: "premium rate"},
	{Country: "*", NumberType: "SHARED_COST", CallType: string(wxc.CallTypeSpecialServicesI), Note: "shared-cost service number", Assumed: true},
	{Country: "*", NumberType: "PERSONAL_NUMBER", CallType: string(wxc.CallTypeSpecialServicesII), Note: "personal number (follow-me, often surcharged)", Assumed: true},
	{Country: "*", NumberType: "UAN", CallType: string(wxc.CallTypeNational), Note: "universal access number (geographic rate)", Assumed: true},
}

// countryRules are the built-in rows per origin country (see BuiltinRules).
var countryRules = func() []Rule {
	var rs []Rule
	add := func(countries []string, r Rule) {
		for _, c := range countries {
			r.Country = c
			rs = append(rs, r)
		}
	}
	one := func(c string, r Rule) { add([]string{c}, r) }
	em := func(c, note string, assumed bool, codes ...string) {
		for _, code := range codes {
			one(c, Rule{Pattern: code, CallType: RuleEmergency, Note: note, Assumed: assumed})
		}
	}
	ct := func(t wxc.CallType) string { return string(t) }

	// NANP: US, CA, PR share the table.
	for _, c := range nanp {
		em(c, "emergency", false, "911")
		em(c, "libphonenumber lists it; mobile networks route it to 911", true, "112")
	}
	add(nanp, Rule{Pattern: "411", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "directory assistance"})
	add(nanp, Rule{Pattern: "+1XXX5551212", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "directory assistance NPA-555-1212", Assumed: true})
	for _, n11 := range []string{"211", "311", "511", "611", "711", "811"} {
		add(nanp, Rule{Pattern: n11, CallType: ct(wxc.CallTypeSpecialServicesI), Note: "N11 service code", Assumed: true})
	}
	add(nanp, Rule{Pattern: "0", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "operator"})
	add(nanp, Rule{Pattern: "00", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "long-distance operator"})
	add(nanp, Rule{Pattern: "0XXXXXXXXXX", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "0+ operator-assisted call (0 + area code + number)"})
	add(nanp, Rule{Pattern: "01!", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "01+ international operator-assisted call"})
	add(nanp, Rule{Pattern: "011!", CallType: RuleNumber, Note: "011+ international direct dialling"})
	add(nanp, Rule{Pattern: "101XXXX!", CallType: ct(wxc.CallTypeCasual), Label: "CARRIER_ACCESS_CODE", Note: "101XXXX carrier access code (dial-around)", Assumed: true})
	add(nanp, Rule{Pattern: "+1900XXXXXXX", CallType: ct(wxc.CallTypePremiumServicesI), Note: "900 premium rate"})
	add(nanp, Rule{Pattern: "+1XXX976XXXX", CallType: ct(wxc.CallTypePremiumServicesII), Note: "976 pay-per-call exchange", Assumed: true})
	add(nanp, Rule{Pattern: "+1700XXXXXXX", CallType: ct(wxc.CallTypeSpecialServicesII), Note: "700 carrier-specific services", Assumed: true})

	// GB
	em("GB", "emergency", false, "999", "112")
	one("GB", Rule{Pattern: "100", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "operator"})
	one("GB", Rule{Pattern: "155", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "international operator"})
	one("GB", Rule{Pattern: "118XXX", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "118 directory enquiries"})
	for _, s := range []string{"101", "105", "111", "123"} {
		one("GB", Rule{Pattern: s, CallType: ct(wxc.CallTypeSpecialServicesI), Note: "non-emergency public service (101 police, 105 power cut, 111 NHS, 123 speaking clock)", Assumed: true})
	}
	one("GB", Rule{Pattern: "116XXX", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "116 harmonised services of social value", Assumed: true})
	one("GB", Rule{Pattern: "+4484!", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "084 service number (libphonenumber: PREMIUM_RATE)", Assumed: true})
	one("GB", Rule{Pattern: "+4487!", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "087 service number (libphonenumber: PREMIUM_RATE)", Assumed: true})
	one("GB", Rule{Pattern: "+449!", CallType: ct(wxc.CallTypePremiumServicesI), Note: "09 premium rate"})
	one("GB", Rule{Pattern: "+44908!", CallType: ct(wxc.CallTypePremiumServicesII), Note: "0908 sexual entertainment services (highest tier)", Assumed: true})
	one("GB", Rule{Pattern: "+44909!", CallType: ct(wxc.CallTypePremiumServicesII), Note: "0909 sexual entertainment services (highest tier)", Assumed: true})
	one("GB", Rule{Pattern: "+4498!", CallType: ct(wxc.CallTypePremiumServicesII), Note: "098 sexual entertainment services (highest tier)", Assumed: true})

	// DE
	em("DE", "emergency", false, "110", "112")
	one("DE", Rule{Pattern: "118XX", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "118xy directory enquiries"})
	one("DE", Rule{Pattern: "118XXX", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "118xyz directory enquiries"})
	one("DE", Rule{Pattern: "115", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "115 public authority number", Assumed: true})
	one("DE", Rule{Pattern: "116XXX", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "116 harmonised services of social value", Assumed: true})
	one("DE", Rule{Pattern: "+49900!", CallType: ct(wxc.CallTypePremiumServicesI), Note: "0900 premium rate"})
	one("DE", Rule{Pattern: "+49137!", CallType: ct(wxc.CallTypePremiumServicesII), Note: "0137 mass-traffic / televoting (libphonenumber: SHARED_COST)", Assumed: true})

	// FR
	em("FR", "emergency", false, "15", "17", "18", "112")
	em("FR", "national emergency number (not in libphonenumber's list)", true, "114", "115", "119", "191", "196", "197")
	one("FR", Rule{Pattern: "118XXX", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "118 directory enquiries"})
	one("FR", Rule{Pattern: "10XX", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "10XY operator customer service", Assumed: true})
	one("FR", Rule{Pattern: "3XXX", CallType: ct(wxc.CallTypeSpecialServicesII), Note: "3BPQ four-digit service number (often surcharged)", Assumed: true})
	one("FR", Rule{Pattern: "116XXX", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "116 harmonised services of social value", Assumed: true})
	one("FR", Rule{Pattern: "+3389!", CallType: ct(wxc.CallTypePremiumServicesI), Note: "089 premium rate"})
	one("FR", Rule{Pattern: "+33899!", CallType: ct(wxc.CallTypePremiumServicesII), Note: "0899 highest premium tariff band", Assumed: true})

	// AU
	em("AU", "emergency", false, "000", "112", "106")
	one("AU", Rule{Pattern: "1234", CallType: ct(wxc.CallTypeOperatorAssisted), Label: "OPERATOR", Note: "operator-connected call", Assumed: true})
	one("AU", Rule{Pattern: "1223", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "free directory assistance", Assumed: true})
	one("AU", Rule{Pattern: "1225", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "international directory assistance", Assumed: true})
	one("AU", Rule{Pattern: "12455", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "call-connect directory assistance", Assumed: true})
	one("AU", Rule{Pattern: "+6119!", CallType: ct(wxc.CallTypePremiumServicesI), Note: "19 premium rate"})

	// IN
	em("IN", "emergency", false, "100", "101", "102", "108", "112")
	one("IN", Rule{Pattern: "197", CallType: ct(wxc.CallTypeChargeableDirectoryAssisted), Note: "197 directory enquiry", Assumed: true})
	one("IN", Rule{Pattern: "139", CallType: ct(wxc.CallTypeSpecialServicesI), Note: "139 railway enquiry", Assumed: true})
	one("IN", Rule{Pattern: "+911900!", CallType: ct(wxc.CallTypePremiumServicesI), Note: "1900 premium rate (libphonenumber: invalid)", Assumed: true})
	return rs
}()

// builtinCountries are the origin countries with a table of their own.
var builtinCountries = []string{"US", "CA", "PR", "GB", "DE", "FR", "AU", "IN"}

// BuiltinRules returns the built-in classification table: the country rows, then the number
// type rows that apply to every country ("*").
func BuiltinRules() []Rule {
	out := make([]Rule, 0, len(countryRules)+len(defaultTypeRules))
	out = append(out, countryRules...)
	return append(out, defaultTypeRules...)
}

// BuiltinCountries returns the origin countries that have a table of their own; calls from other
// countries are classified with the generic rules (libphonenumber's emergency numbers, country
// calling code, number type).
func BuiltinCountries() []string { return append([]string(nil), builtinCountries...) }
