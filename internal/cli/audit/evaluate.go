package audit

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Sources of an effective setting.
const (
	SourceCustom   = "custom"   // the entity's own setting
	SourceLocation = "location" // inherited from (or set on) the location
)

// Finding is one rule violation on one entity.
type Finding struct {
	Severity     Severity       `json:"severity"`
	Rule         string         `json:"rule"`
	Kind         wxc.EntityKind `json:"kind"`
	ID           string         `json:"id"`
	Name         string         `json:"name,omitempty"`
	Email        string         `json:"email,omitempty"`
	LocationID   string         `json:"locationId,omitempty"`
	LocationName string         `json:"locationName,omitempty"`
	Field        string         `json:"field"`  // e.g. callingPermissions.INTERNATIONAL, digitPatterns[Premium 900]
	Value        string         `json:"value"`  // the effective value, e.g. ALLOW or "+900! ALLOW"
	Source       string         `json:"source"` // custom or location
	Message      string         `json:"message"`
	// OrgID and OrgName: the entity's org, in an audit over several orgs (--all-orgs).
	OrgID   string `json:"orgId,omitempty"`
	OrgName string `json:"orgName,omitempty"`
}

var kindOrder = map[wxc.EntityKind]int{wxc.Person: 0, wxc.Workspace: 1, wxc.VirtualLine: 2, wxc.Location: 3}

// compareFindings sorts by severity (highest first), then kind, name, ID, rule, field.
func compareFindings(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
		cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]),
		strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
		strings.Compare(a.ID, b.ID),
		strings.Compare(a.Rule, b.Rule),
		strings.Compare(a.Field, b.Field),
		strings.Compare(a.Value, b.Value),
	)
}

// customPermissions reports whether a person, workspace or virtual line uses its own call-type
// permissions: useCustomEnabled and useCustomPermissions both true. Otherwise the API reports
// (and the entity gets) the location's values.
func customPermissions(s *snapshot.Settings) bool {
	if !wxc.UsesCustomSwitch(s.Kind) {
		return false
	}
	o := s.Outgoing
	return o != nil && o.UseCustomEnabled != nil && *o.UseCustomEnabled && o.UseCustomPermissions != nil && *o.UseCustomPermissions
}

func isTrue(b *bool) bool { return b != nil && *b }

// Evaluate checks every entity against the policy and returns the findings, sorted. The
// locations among settings supply inherited transfer numbers and access codes. A location
// include/exclude that names no location of any entity is an error (a typo would otherwise
// silently widen or narrow the rule).
func Evaluate(p *Policy, settings []snapshot.Settings) ([]Finding, error) {
	locs := map[string]*snapshot.Settings{}
	for i := range settings {
		if settings[i].Kind == wxc.Location {
			locs[settings[i].ID] = &settings[i]
		}
	}
	for _, r := range p.Rules {
		for _, l := range append(append([]string(nil), r.Locations.Include...), r.Locations.Exclude...) {
			if !slices.ContainsFunc(settings, func(s snapshot.Settings) bool { return inLocation(&s, l) }) {
				return nil, fmt.Errorf("rule %s: no entity is in a location with ID or name %q", r.ID, l)
			}
		}
	}
	var out []Finding
	for i := range settings {
		s := &settings[i]
		pc := &prepCache{}
		for ri := range p.Rules {
			r := &p.Rules[ri]
			if !r.applies(s) {
				continue
			}
			if len(r.MustBlock) > 0 || len(r.MustAllow) > 0 {
				out = append(out, r.evaluateMust(s, locs[s.LocationID], pc)...)
				continue
			}
			out = append(out, r.evaluate(s, locs[s.LocationID])...)
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out, nil
}

func inLocation(s *snapshot.Settings, ref string) bool {
	return s.LocationID == ref || (s.LocationName != "" && strings.EqualFold(s.LocationName, ref))
}

func (r *Rule) applies(s *snapshot.Settings) bool {
	kinds := r.kinds
	if len(kinds) == 0 && len(r.Kinds) > 0 { // built in code without validation
		for _, k := range r.Kinds {
			if kind, err := wxc.ParseEntityKind(k); err == nil {
				kinds = append(kinds, kind)
			}
		}
	}
	if len(kinds) > 0 && !slices.Contains(kinds, s.Kind) {
		return false
	}
	if len(r.Locations.Include) > 0 && !slices.ContainsFunc(r.Locations.Include, func(l string) bool { return inLocation(s, l) }) {
		return false
	}
	return !slices.ContainsFunc(r.Locations.Exclude, func(l string) bool { return inLocation(s, l) })
}

func (r *Rule) actionOK(a wxc.Action) bool {
	if len(r.AllowActions) > 0 {
		return slices.ContainsFunc(r.AllowActions, func(g string) bool { return Glob(strings.ToUpper(g), string(a)) })
	}
	return !slices.ContainsFunc(r.DenyActions, func(g string) bool { return Glob(strings.ToUpper(g), string(a)) })
}

func (r *Rule) finding(s *snapshot.Settings, field, value, source, msg string) Finding {
	return Finding{Severity: r.Severity, Rule: r.ID, Kind: s.Kind, ID: s.ID, Name: s.Name, Email: s.Email,
		LocationID: s.LocationID, LocationName: s.LocationName, Field: field, Value: value, Source: source, Message: msg}
}

// permSource is where an entity's call-type values come from.
func permSource(s *snapshot.Settings) string {
	if customPermissions(s) {
		return SourceCustom
	}
	return SourceLocation
}

// actionUse is one place an action is used: a call type or a digit pattern.
type actionUse struct {
	field, value, source string
	action               wxc.Action
}

// uses lists the effective actions of s: its call types and its own digit patterns (when it
// uses them; a location's always).
func uses(s *snapshot.Settings) []actionUse {
	var out []actionUse
	if s.Outgoing != nil && s.Outgoing.CallingPermissions != nil {
		src := permSource(s)
		for _, ct := range s.Outgoing.CallingPermissions.CallTypes() {
			p, _ := s.Outgoing.CallingPermissions.ForCallType(ct)
			out = append(out, actionUse{field: "callingPermissions." + string(ct), value: string(p.Action), source: src, action: p.Action})
		}
	}
	out = append(out, patternUses(s)...)
	return out
}

func patternUses(s *snapshot.Settings) []actionUse {
	dp := s.DigitPatterns
	if dp == nil {
		return nil
	}
	src := SourceLocation
	if wxc.UsesCustomSwitch(s.Kind) {
		if dp.UseCustomDigitPatterns != nil && !*dp.UseCustomDigitPatterns {
			return nil // the entity's own patterns are not in use
		}
		src = SourceCustom
	}
	var out []actionUse
	for _, p := range dp.DigitPatterns {
		out = append(out, actionUse{field: "digitPatterns[" + p.Name + "]", value: p.Pattern + " " + string(p.Action), source: src, action: p.Action})
	}
	return out
}

func (r *Rule) evaluate(s *snapshot.Settings, loc *snapshot.Settings) []Finding {
	var out []Finding
	switch {
	case len(r.CallTypes) > 0:
		if s.Outgoing == nil || s.Outgoing.CallingPermissions == nil {
			return nil
		}
		src := permSource(s)
		for _, ct := range s.Outgoing.CallingPermissions.CallTypes() {
			if !slices.ContainsFunc(r.CallTypes, func(g string) bool { return Glob(strings.ToUpper(g), string(ct)) }) {
				continue
			}
			p, _ := s.Outgoing.CallingPermissions.ForCallType(ct)
			if !r.actionOK(p.Action) {
				out = append(out, r.finding(s, "callingPermissions."+string(ct), string(p.Action), src,
					fmt.Sprintf("%s is %s (%s)", ct, p.Action, r.want())))
			}
		}
	case len(r.DigitPatterns) > 0:
		for _, u := range patternUses(s) {
			pat, _, _ := strings.Cut(u.value, " ")
			if !slices.ContainsFunc(r.DigitPatterns, func(g string) bool { return Glob(g, pat) }) {
				continue
			}
			if !r.actionOK(u.action) {
				out = append(out, r.finding(s, u.field, u.value, u.source,
					fmt.Sprintf("digit pattern %s is %s (%s)", pat, u.action, r.want())))
			}
		}
	case r.Check == CheckTransferNumbers:
		nums, src := effectiveNumbers(s, loc)
		for _, u := range uses(s) {
			n := 0
			switch u.action {
			case wxc.ActionTransferNumber1:
				n = 1
			case wxc.ActionTransferNumber2:
				n = 2
			case wxc.ActionTransferNumber3:
				n = 3
			default:
				continue
			}
			if nums[n-1] == "" {
				out = append(out, r.finding(s, u.field, u.value, u.source,
					fmt.Sprintf("%s sends calls to auto transfer number %d, which is not set (%s numbers)", u.action, n, src)))
			}
		}
	case r.Check == CheckAccessCodes:
		codes, src := effectiveCodes(s, loc)
		if codes > 0 {
			return nil
		}
		for _, u := range uses(s) {
			if u.action == wxc.ActionAuthCode {
				out = append(out, r.finding(s, u.field, u.value, u.source,
					fmt.Sprintf("AUTH_CODE asks for an access code, but there is none (%s codes)", src)))
			}
		}
	}
	return out
}

func (r *Rule) want() string {
	if len(r.AllowActions) > 0 {
		return "allowed: " + strings.Join(r.AllowActions, ", ")
	}
	return "denied: " + strings.Join(r.DenyActions, ", ")
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// effectiveNumbers returns the transfer numbers an entity's calls go to: its own when it uses
// custom transfer numbers (or is a location), else its location's (when known).
func effectiveNumbers(s, loc *snapshot.Settings) ([3]string, string) {
	get := func(t *wxc.AutoTransferNumbers) [3]string {
		if t == nil {
			return [3]string{}
		}
		return [3]string{deref(t.AutoTransferNumber1), deref(t.AutoTransferNumber2), deref(t.AutoTransferNumber3)}
	}
	if !wxc.UsesCustomSwitch(s.Kind) { // a location: its own numbers
		return get(s.TransferNumbers), SourceLocation
	}
	if s.TransferNumbers != nil && isTrue(s.TransferNumbers.UseCustomTransferNumbers) {
		return get(s.TransferNumbers), SourceCustom
	}
	if loc != nil {
		return get(loc.TransferNumbers), SourceLocation
	}
	return get(s.TransferNumbers), SourceLocation
}

// effectiveCodes counts the access codes a caller can enter: for an entity with custom access
// codes its own, otherwise the location's (codes reported with level LOCATION count too).
func effectiveCodes(s, loc *snapshot.Settings) (int, string) {
	if !wxc.UsesCustomSwitch(s.Kind) { // a location: its own codes
		if s.AccessCodes == nil {
			return 0, SourceLocation
		}
		return len(s.AccessCodes.AccessCodes), SourceLocation
	}
	custom := s.AccessCodes != nil && isTrue(s.AccessCodes.UseCustomAccessCodes)
	n := 0
	if s.AccessCodes != nil {
		for _, c := range s.AccessCodes.AccessCodes {
			if custom || c.Level == wxc.AuthCodeLevelLocation {
				n++
			}
		}
	}
	if custom {
		return n, SourceCustom
	}
	if loc != nil && loc.AccessCodes != nil {
		n += len(loc.AccessCodes.AccessCodes)
	}
	return n, SourceLocation
}

// prepCache holds one entity's prepared call-check subject, made on first use by a must rule.
type prepCache struct {
	done    bool
	prep    *callcheck.Prepared
	country string
	err     error
}

func (pc *prepCache) get(s, loc *snapshot.Settings) (*callcheck.Prepared, string, error) {
	if pc.done {
		return pc.prep, pc.country, pc.err
	}
	pc.done = true
	eng, err := checkEngine()
	if err != nil {
		pc.err = err
		return nil, "", err
	}
	sub := s.CallSubject(loc, "")
	pc.country = sub.Country
	switch {
	case sub.Country == "":
		pc.err = errors.New("the country of its location is not known")
	case s.Kind != wxc.Location && loc == nil:
		pc.err = errors.New("its location's settings were not read")
	default:
		pc.prep, pc.err = eng.Prepare(sub)
	}
	return pc.prep, pc.country, pc.err
}

// mustOK reports whether a must rule accepts decision d: its action matches AllowActions or
// not DenyActions when they are given; else, for MustAllow, the action is ALLOW, and for
// MustBlock the call does not reach the number: BLOCK, TRANSFER_NUMBER_n, or AUTH_CODE with
// no access code to enter (AUTH_CODE with codes reaches it).
func (r *Rule) mustOK(d callcheck.Decision) bool {
	if len(r.AllowActions)+len(r.DenyActions) > 0 {
		return r.actionOK(d.Action)
	}
	if len(r.MustAllow) > 0 {
		return d.Action == wxc.ActionAllow
	}
	reachable := d.Allowed || (d.Action == wxc.ActionAuthCode && d.AccessCodesAvailable > 0)
	return !reachable
}

// mustWant says what a must rule accepts, for messages.
func (r *Rule) mustWant() string {
	switch {
	case len(r.AllowActions)+len(r.DenyActions) > 0:
		return r.want()
	case len(r.MustAllow) > 0:
		return "mustAllow: want ALLOW"
	}
	return "mustBlock: want BLOCK, a transfer, or AUTH_CODE without codes"
}

// evaluateMust decides each MustBlock/MustAllow entry for s with the call-check engine and
// reports the decisions the rule does not accept, with the chain that made them: one finding
// per chain (entries decided alike, e.g. all by the location's INTERNATIONAL AUTH_CODE, share
// one). An entity the engine cannot decide for (no country, a digit pattern the engine
// refuses) gets a finding that says so: it is not silently taken as compliant.
func (r *Rule) evaluateMust(s, loc *snapshot.Settings, pc *prepCache) []Finding {
	key, entries := "mustBlock", r.MustBlock
	if len(r.MustAllow) > 0 {
		key, entries = "mustAllow", r.MustAllow
	}
	dials := r.dials
	if dials == nil { // a rule built in code, without validation
		for _, e := range entries {
			d, err := parseDial(e)
			if err != nil {
				d = dial{entry: e, number: e}
			}
			dials = append(dials, d)
		}
	}
	prep, country, perr := pc.get(s, loc)
	type group struct {
		dialled, callTypes []string
		entries            []string
		dec                callcheck.Decision
		msg                string // a failure to decide
	}
	var groups []*group
	byKey := map[string]*group{}
	add := func(k string, d dial, g group) {
		x := byKey[k]
		if x == nil {
			x = &g
			byKey[k] = x
			groups = append(groups, x)
		}
		x.entries = append(x.entries, d.entry)
		dialled := d.number
		if dialled != d.entry {
			dialled = d.entry + " (checked as " + d.number + ")"
		}
		x.dialled = append(x.dialled, dialled)
		ct := string(g.dec.CallType)
		if g.dec.Emergency {
			ct = "an emergency number"
		}
		if ct != "" && !slices.Contains(x.callTypes, ct) {
			x.callTypes = append(x.callTypes, ct)
		}
	}
	for _, d := range dials {
		if perr != nil {
			add("error", d, group{msg: perr.Error()})
			continue
		}
		dec, err := prep.Decide(d.number)
		if err != nil {
			add("error "+err.Error(), d, group{msg: fmt.Sprintf("from %s: %v", country, err)})
			continue
		}
		if r.mustOK(dec) {
			continue
		}
		add("decision "+dec.Explain(), d, group{dec: dec})
	}
	var out []Finding
	for _, g := range groups {
		field := key + "[" + strings.Join(g.entries, ", ") + "]"
		if len(g.entries) > 1 {
			g.dialled = g.entries // the sample numbers of one entry's finding are enough detail
		}
		if g.msg != "" {
			out = append(out, r.finding(s, field, "", "", fmt.Sprintf("cannot check %s: %s", strings.Join(g.dialled, ", "), g.msg)))
			continue
		}
		src := SourceLocation
		if g.dec.Custom {
			src = SourceCustom
		}
		out = append(out, r.finding(s, field, string(g.dec.Action), src,
			fmt.Sprintf("%s (%s from %s): %s (%s)", strings.Join(g.dialled, ", "), strings.Join(g.callTypes, ", "), country, g.dec.Explain(), r.mustWant())))
	}
	return out
}
