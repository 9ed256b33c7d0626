package emulator

import "strings"

// The emulator's own dial plans for call routing (handlers_callrouting.go): how a dialled
// string is turned into an E.164 number and which Webex call type it gets, per originating
// country. Written for the emulator from public numbering plans, independently of the
// CLI's engine (package callcheck), so that the agreement test compares two readings of
// the rules. Where Webex's split is not documented the choice is the emulator's, marked
// "chosen".

// dialPlan is one country's numbering, as seen from a caller in that country.
type dialPlan struct {
	cc    string   // country calling code, no '+'
	trunk string   // national trunk prefix ("0"; NANP "1")
	intl  []string // international prefixes (longest first)
	// emergency numbers (never blocked).
	emergency []string
	// short are numbers dialled as they are (no trunk prefix): service, directory and
	// operator codes. A row matches an exact prefix+X… shape (see matchShape).
	short []planRow
	// national maps national significant numbers (NSN) to call types; the first row
	// whose shape matches the start of the NSN wins; no row: NATIONAL.
	national []planRow
	// noTrunk are NSN starts that are dialled without the trunk prefix (AU 13, 1800).
	noTrunk []string
	// minNSN is the shortest NSN a trunk-prefixed number may have.
	minNSN int
}

// planRow maps a digit shape (digits and X) to a call type.
type planRow struct {
	shape    string // digits and X (any digit)
	exact    bool   // the whole string must have the shape's length (short codes)
	callType string
	name     string // what the row is, for messages and the doc
}

const (
	destHostedAgent      = "HOSTED_AGENT"
	destPSTN             = "PSTN_NUMBER"
	destEmergency        = "EMERGENCY"
	destFAC              = "FAC"
	destUnknownExtension = "UNKNOWN_EXTENSION"
	destUnknownNumber    = "UNKNOWN_NUMBER"
)

// nanpForeign are the NANP area codes outside the US (mainland, AK, HI), Canada and
// Puerto Rico: calls to them are INTERNATIONAL from the US and Canada (so are the US
// territories VI, GU, MP and AS: chosen, as their own regions).
var nanpForeign = setOf([]string{
	"242", "246", "264", "268", "284", "340", "345", "441", "473", "649", "658", "664", "670",
	"671", "684", "721", "758", "767", "784", "809", "829", "849", "868", "869", "876",
})

// nanpRows are the national rows of the US and Canada (NSN: NPA-NXX-XXXX).
var nanpRows = []planRow{
	{shape: "800", callType: ctTollFree, name: "toll free 800"},
	{shape: "833", callType: ctTollFree, name: "toll free 833"},
	{shape: "844", callType: ctTollFree, name: "toll free 844"},
	{shape: "855", callType: ctTollFree, name: "toll free 855"},
	{shape: "866", callType: ctTollFree, name: "toll free 866"},
	{shape: "877", callType: ctTollFree, name: "toll free 877"},
	{shape: "888", callType: ctTollFree, name: "toll free 888"},
	{shape: "900", callType: ctPremium1, name: "premium 900"},
	{shape: "XXX976", callType: ctPremium2, name: "premium NXX 976"},
	{shape: "XXX5551212", callType: ctChargeable, name: "directory assistance NPA-555-1212"},
	{shape: "700", callType: ctSpecial2, name: "service access 700 (chosen)"},
}

var nanpShort = []planRow{
	{shape: "411", exact: true, callType: ctChargeable, name: "directory assistance 411"},
	{shape: "211", exact: true, callType: ctSpecial1, name: "N11 service 211"},
	{shape: "311", exact: true, callType: ctSpecial1, name: "N11 service 311"},
	{shape: "511", exact: true, callType: ctSpecial1, name: "N11 service 511"},
	{shape: "611", exact: true, callType: ctSpecial1, name: "N11 service 611"},
	{shape: "711", exact: true, callType: ctSpecial1, name: "N11 service 711"},
	{shape: "811", exact: true, callType: ctSpecial1, name: "N11 service 811"},
	{shape: "0", exact: true, callType: ctOperator, name: "operator 0"},
	{shape: "00", exact: true, callType: ctOperator, name: "long-distance operator 00"},
}

// dialPlans are the supported originating countries: the countries of the emulator's
// generated cities (generate.go) and Canada.
var dialPlans = map[string]*dialPlan{
	"US": {cc: "1", trunk: "1", intl: []string{"011"}, emergency: []string{"911"},
		short: nanpShort, national: nanpRows, minNSN: 10},
	"CA": {cc: "1", trunk: "1", intl: []string{"011"}, emergency: []string{"911"},
		short: nanpShort, national: nanpRows, minNSN: 10},
	"DE": {cc: "49", trunk: "0", intl: []string{"00"}, emergency: []string{"112", "110"},
		short: []planRow{
			{shape: "118XX", exact: true, callType: ctChargeable, name: "directory 118xx"},
			{shape: "118XXX", exact: true, callType: ctChargeable, name: "directory 118xxx"},
			{shape: "115", exact: true, callType: ctSpecial1, name: "authority number 115"},
			{shape: "116XXX", exact: true, callType: ctSpecial1, name: "harmonised service 116xxx"},
		},
		national: []planRow{
			{shape: "800", callType: ctTollFree, name: "free phone 0800"},
			{shape: "900", callType: ctPremium1, name: "premium 0900"},
			{shape: "137", callType: ctPremium2, name: "mass calling 0137"},
			{shape: "180", callType: ctSpecial2, name: "shared cost 0180"},
			{shape: "700", callType: ctSpecial2, name: "personal number 0700 (chosen)"},
		}, minNSN: 6},
	"GB": {cc: "44", trunk: "0", intl: []string{"00"}, emergency: []string{"999", "112"},
		short: []planRow{
			{shape: "100", exact: true, callType: ctOperator, name: "operator 100"},
			{shape: "155", exact: true, callType: ctOperator, name: "international operator 155"},
			{shape: "118XXX", exact: true, callType: ctChargeable, name: "directory 118xxx"},
			{shape: "101", exact: true, callType: ctSpecial1, name: "police non-emergency 101"},
			{shape: "111", exact: true, callType: ctSpecial1, name: "NHS 111"},
			{shape: "105", exact: true, callType: ctSpecial1, name: "power cut 105"},
			{shape: "123", exact: true, callType: ctSpecial1, name: "speaking clock 123 (chosen)"},
			{shape: "116XXX", exact: true, callType: ctSpecial1, name: "harmonised service 116xxx"},
		},
		national: []planRow{
			{shape: "800", callType: ctTollFree, name: "free phone 0800"},
			{shape: "808", callType: ctTollFree, name: "free phone 0808"},
			{shape: "871", callType: ctPremium2, name: "service 0871 (chosen)"},
			{shape: "872", callType: ctPremium2, name: "service 0872 (chosen)"},
			{shape: "873", callType: ctPremium2, name: "service 0873 (chosen)"},
			{shape: "908", callType: ctPremium2, name: "sexual entertainment 0908 (Ofcom's separate designation; chosen)"},
			{shape: "909", callType: ctPremium2, name: "sexual entertainment 0909 (Ofcom's separate designation; chosen)"},
			{shape: "98", callType: ctPremium2, name: "sexual entertainment 098 (Ofcom's separate designation; chosen)"},
			{shape: "9", callType: ctPremium1, name: "premium 09"},
			{shape: "84", callType: ctSpecial2, name: "service 084 (chosen)"},
			{shape: "87", callType: ctSpecial2, name: "service 087 (chosen)"},
			{shape: "70", callType: ctSpecial2, name: "personal number 070 (chosen)"},
		}, minNSN: 7},
	"FR": {cc: "33", trunk: "0", intl: []string{"00"}, emergency: []string{"112", "15", "17", "18", "114", "115", "119"},
		short: []planRow{
			{shape: "118XXX", exact: true, callType: ctChargeable, name: "directory 118xxx"},
			{shape: "3XXX", exact: true, callType: ctSpecial1, name: "short service 3xxx"},
		},
		national: []planRow{
			{shape: "80", callType: ctTollFree, name: "free phone 080"},
			{shape: "899", callType: ctPremium2, name: "premium 0899, the highest tariff band (chosen)"},
			{shape: "89", callType: ctPremium1, name: "premium 089"},
			{shape: "81", callType: ctSpecial2, name: "shared cost 081 (chosen)"},
			{shape: "82", callType: ctSpecial2, name: "service 082 (chosen)"},
		}, minNSN: 9},
	"AU": {cc: "61", trunk: "0", intl: []string{"0011"}, emergency: []string{"000", "112", "106"},
		short: []planRow{
			{shape: "1223", exact: true, callType: ctSpecial1, name: "free directory 1223 (not chargeable; chosen)"},
			{shape: "12455", exact: true, callType: ctChargeable, name: "international directory 12455"},
		},
		national: []planRow{
			{shape: "1800", callType: ctTollFree, name: "free call 1800"},
			{shape: "1900", callType: ctPremium1, name: "premium 1900"},
			{shape: "13", callType: ctSpecial2, name: "local rate 13/1300 (chosen)"},
		},
		noTrunk: []string{"13", "1800", "1900"}, minNSN: 9},
}

// matchShape reports whether s starts with shape (digits, X any digit); with exact, s
// must also have the shape's length.
func matchShape(shape, s string, exact bool) bool {
	if len(s) < len(shape) || (exact && len(s) != len(shape)) {
		return false
	}
	for i := 0; i < len(shape); i++ {
		c := shape[i]
		if c == 'X' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
			continue
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

func findRow(rows []planRow, s string) *planRow {
	for i := range rows {
		if matchShape(rows[i].shape, s, rows[i].exact) {
			return &rows[i]
		}
	}
	return nil
}

// classified is what a dialled string is for an originating country.
type classified struct {
	digits   string // the dialled string without formatting
	e164     string // "+<cc><nsn>" when it is a PSTN number, else ""
	national string // the national (trunk-prefixed) form when the number is in the caller's country
	callType string // "" for emergency, FAC and unknown destinations
	dest     string // destination type when decided here (emergency, FAC, unknown); else ""
	row      string // the plan row that decided, for the doc and messages
}

// classify turns a cleaned dialled string into a classification for plan p. Internal
// destinations (extensions, the org's numbers) are decided by the caller first; classify
// sees the rest. It returns the E.164 form of every PSTN number.
func (p *dialPlan) classify(d string) classified {
	c := classified{digits: d}
	if strings.HasPrefix(d, "+") {
		return p.classifyE164(c, d)
	}
	for _, e := range p.emergency {
		if d == e {
			c.dest, c.row = destEmergency, "emergency "+e
			return c
		}
	}
	if r := findRow(p.short, d); r != nil {
		c.callType, c.row, c.dest = r.callType, r.name, destPSTN
		return c
	}
	for _, pre := range p.intl {
		if strings.HasPrefix(d, pre) && len(d) > len(pre) {
			return p.classifyE164(c, "+"+d[len(pre):])
		}
	}
	if p.cc == "1" { // NANP operator forms: 0 + ten digits, 01 + international
		switch {
		case strings.HasPrefix(d, "01") && len(d) > 4:
			c.callType, c.row, c.dest = ctOperator, "operator-assisted international 01+", destPSTN
			return c
		case strings.HasPrefix(d, "0") && len(d) == 11:
			c.callType, c.row, c.dest = ctOperator, "operator-assisted 0+", destPSTN
			return c
		}
		switch {
		case len(d) == 11 && d[0] == '1':
			return p.classifyE164(c, "+"+d)
		case len(d) == 10 && d[0] >= '2':
			return p.classifyE164(c, "+1"+d)
		}
	} else {
		// A national significant number never starts with 0 ("0061…" from AU is no number).
		if strings.HasPrefix(d, p.trunk) && len(d)-len(p.trunk) >= p.minNSN && d[len(p.trunk)] != '0' {
			return p.classifyE164(c, "+"+p.cc+d[len(p.trunk):])
		}
		for _, pre := range p.noTrunk {
			if strings.HasPrefix(d, pre) && len(d) >= 6 {
				return p.classifyE164(c, "+"+p.cc+d)
			}
		}
	}
	c.dest, c.row = destUnknownNumber, "no plan row"
	if len(d) <= 8 {
		c.dest = destUnknownExtension
	}
	return c
}

// classifyE164 classifies an E.164 number: the caller's own country code (for NANP: US,
// Canada and Puerto Rico) is national, by the national rows; any other is international.
func (p *dialPlan) classifyE164(c classified, e string) classified {
	c.e164, c.dest = e, destPSTN
	if len(e) < 4 {
		c.dest, c.e164, c.row = destUnknownNumber, "", "too short"
		return c
	}
	if !strings.HasPrefix(e, "+"+p.cc) {
		c.callType, c.row = ctInternational, "other country code"
		return c
	}
	nsn := e[1+len(p.cc):]
	if p.cc == "1" && len(nsn) >= 3 && nanpForeign[nsn[:3]] {
		c.callType, c.row = ctInternational, "NANP area code "+nsn[:3]+" outside US, CA and PR"
		return c
	}
	c.national = p.trunk + nsn
	if r := findRow(p.national, nsn); r != nil {
		c.callType, c.row = r.callType, r.name
		return c
	}
	c.callType, c.row = ctNational, "national"
	return c
}

// cleanDialled strips formatting (space, '-', '.', '(', ')') from a destination and
// checks what is left: an optional leading '+', then 1 to 30 of 0-9 * #. ok is false for
// anything else (letters, a '+' elsewhere, empty).
func cleanDialled(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9', ch == '*', ch == '#':
			b.WriteByte(ch)
		case ch == '+' && b.Len() == 0:
			b.WriteByte(ch)
		case ch == ' ' || ch == '-' || ch == '.' || ch == '(' || ch == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	n := len(strings.TrimPrefix(d, "+"))
	if n == 0 || n > 30 || (strings.HasPrefix(d, "+") && strings.ContainsAny(d, "*#")) {
		return "", false
	}
	return d, true
}
