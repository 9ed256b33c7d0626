package emulator

import (
	"strconv"
	"strings"
)

// Call routing: the decision behind POST telephony/config/actions/testCallRouting/invoke
// (handlers_callrouting.go), from the emulator's own state. See the package doc, Call
// routing.

// patternMatches reports whether a digit pattern (validPattern syntax: an optional leading
// '+', digits, X for any one digit, '*' and '#', an optional trailing '!' for one or more
// further digits) matches the dialled form s.
func patternMatches(pattern, s string) bool {
	body, open := strings.CutSuffix(pattern, "!")
	if !matchShape(body, s, !open) || (open && len(s) == len(body)) {
		return false
	}
	for i := len(body); i < len(s); i++ { // what '!' covers: digits only
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// patternRank orders matching patterns of one set, most specific first: a pattern without
// '!' (a fixed length) before one with it, then more literal characters (anything but X
// and '!'), then fewer X. Equal ranks keep the set's order (the first created wins).
func patternRank(p string) (fixed bool, literals, wild int) {
	fixed = !strings.HasSuffix(p, "!")
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case 'X':
			wild++
		case '!':
		default:
			literals++
		}
	}
	return fixed, literals, wild
}

func moreSpecific(a, b string) bool {
	af, al, aw := patternRank(a)
	bf, bl, bw := patternRank(b)
	if af != bf {
		return af
	}
	if al != bl {
		return al > bl
	}
	return aw < bw
}

// bestPattern returns the most specific pattern of ps that matches any of the forms, or -1.
func bestPattern(ps []digitPattern, forms []string) int {
	best := -1
	for i := range ps {
		hit := false
		for _, f := range forms {
			if f != "" && patternMatches(ps[i].Pattern, f) {
				hit = true
				break
			}
		}
		if hit && (best < 0 || moreSpecific(ps[i].Pattern, ps[best].Pattern)) {
			best = i
		}
	}
	return best
}

// orgExtension returns the entry whose extension or ESN is d (never for a '+' string).
func orgExtension(o *org, d string) *numberEntry {
	if strings.HasPrefix(d, "+") {
		return nil
	}
	if i, ok := o.inventory().byExt[d]; ok {
		return &o.numbers[i]
	}
	return nil
}

// orgNumber returns the entry whose number is e164.
func orgNumber(o *org, e164 string) *numberEntry {
	if i, ok := o.inventory().byNumber[e164]; ok {
		return &o.numbers[i]
	}
	return nil
}

// routingDecision is the outcome of one tested call.
type routingDecision struct {
	dest           string        // CallDestinationType
	routingAddress string        // E.164 for numbers, else what was dialled (cleaned)
	rejected       bool          // isRejected
	callType       string        // "" when no outgoing calling plan applied (emergency, FAC, unknown)
	pattern        *digitPattern // the digit pattern that decided, nil when the call type did
	level          string        // LOCATION or PEOPLE: whose setting decided
	action         string        // the permission that applied
	transferNumber string
	reason         string       // TRANSFER_NUMBER_n_NOT_CONFIGURED
	agent          *numberEntry // the org entity called, for internal destinations
	fac            string       // the feature access code's name, for FAC
}

// effective is a person's settings after inheritance, per category.
type effective struct {
	permsFrom, patternsFrom *record
	permsLevel, patLevel    string
	numbers                 [3]string
	codes                   int
}

// resolve picks, per category, the person's own record or its location's: call types
// when useCustomEnabled and useCustomPermissions are both on (what a GET reports), digit
// patterns, transfer numbers and access codes by their own switches.
func resolve(own, loc *record) effective {
	e := effective{permsFrom: loc, permsLevel: "LOCATION", patternsFrom: loc, patLevel: "LOCATION",
		numbers: loc.Numbers, codes: len(loc.AccessCodes)}
	if own.UseCustomEnabled && own.UseCustomPermissions {
		e.permsFrom, e.permsLevel = own, "PEOPLE"
	}
	if own.UseCustomDigitPatterns {
		e.patternsFrom, e.patLevel = own, "PEOPLE"
	}
	if own.UseCustomTransferNumbers {
		e.numbers = own.Numbers
	}
	if own.UseCustomAccessCodes {
		e.codes = len(own.AccessCodes)
	}
	return e
}

// facNames are the feature access codes the emulator knows (a few common ones).
var facNames = map[string]string{
	"*67": "Calling Line ID Delivery Blocking per Call",
	"*72": "Call Forwarding Always Activation",
	"*73": "Call Forwarding Always Deactivation",
	"*78": "Do Not Disturb Activation",
	"*79": "Do Not Disturb Deactivation",
	"*86": "Direct Voice Mail Transfer",
}

// decideCall decides a call in org o from a person (own record own, location record loc) to the
// cleaned destination d, dialled in country plan.
func decideCall(o *org, own, loc *record, plan *dialPlan, d string) routingDecision {
	out := routingDecision{routingAddress: d}
	if strings.ContainsAny(d, "*#") {
		out.dest = destFAC
		if out.fac = facNames[d]; out.fac == "" {
			out.dest, out.rejected = destUnknownNumber, true
		}
		return out
	}
	var c classified
	if n := orgExtension(o, d); n != nil {
		c = classified{digits: d, callType: ctInternal, dest: destHostedAgent, row: "extension"}
		out.agent = n
	} else {
		c = plan.classify(d)
		if c.e164 != "" {
			out.routingAddress = c.e164
			if n := orgNumber(o, c.e164); n != nil {
				c.callType, c.dest, c.row = ctInternal, destHostedAgent, "the org's own number"
				out.agent = n
			}
		}
	}
	out.dest = c.dest
	if c.callType == "" { // emergency (never blocked) or unknown (rejected, no plan applies)
		out.rejected = c.dest != destEmergency
		return out
	}
	out.callType = c.callType
	eff := resolve(own, loc)
	forms := []string{c.digits, c.e164, c.national}
	if i := bestPattern(eff.patternsFrom.DigitPatterns, forms); i >= 0 {
		dp := eff.patternsFrom.DigitPatterns[i]
		out.pattern, out.level, out.action = &dp, eff.patLevel, dp.Action
	} else {
		out.level, out.action = eff.permsLevel, eff.permsFrom.perm(c.callType).Action
	}
	switch out.action {
	case "BLOCK":
		out.rejected = true
	case "AUTH_CODE":
		out.rejected = eff.codes == 0 // nobody could enter a code
	case "TRANSFER_NUMBER_1", "TRANSFER_NUMBER_2", "TRANSFER_NUMBER_3":
		n, _ := strconv.Atoi(out.action[len(out.action)-1:])
		if out.transferNumber = eff.numbers[n-1]; out.transferNumber == "" {
			out.reason, out.rejected = "TRANSFER_NUMBER_"+strconv.Itoa(n)+"_NOT_CONFIGURED", true
		}
	}
	return out
}
