package callcheck

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// Reasons (the OpenAPI's CallingPlanReason) that Decide sets.
const (
	ReasonTransferNumber1NotConfigured = string(wxc.ReasonTransferNumber1NotConfigured)
	ReasonTransferNumber2NotConfigured = string(wxc.ReasonTransferNumber2NotConfigured)
	ReasonTransferNumber3NotConfigured = string(wxc.ReasonTransferNumber3NotConfigured)
)

// Prepared is an entity whose settings have been resolved and whose digit patterns have been
// compiled once, so that each decision is cheap (the fast path behind Engine.Decide). It is
// immutable, safe for concurrent use, and does not change when the Subject it came from does.
type Prepared struct {
	e       *Engine
	country string

	sets []patternSet // consulted in order; the first match decides

	perms      []permSlot // by callTypeIndex
	nPerms     int        // how many slots are set
	permLevel  Level
	permCustom bool
	permSource string
	permAssume string

	transfer       [3]string // "" = not configured
	transferKnown  bool
	codes          int
	codesKnown     bool
	transferAssume string
	codesAssume    string
}

type permSlot struct {
	perm wxc.CallTypePermission
	ok   bool
	// For a slot that is not set: the default's permission and the decision's Assumption,
	// made once in Prepare.
	def    wxc.CallTypePermission
	assume string
}

// callTypes are the call types a Prepared keeps, in slot order (wxc.AllCallTypes); a
// classification never has another (rules are checked against this list).
var callTypes = wxc.AllCallTypes()

func callTypeIndex(ct wxc.CallType) int {
	for i, c := range callTypes {
		if c == ct {
			return i
		}
	}
	return -1
}

type patternSet struct {
	m      *Matcher
	level  Level
	custom bool
	source string
}

type cachedMatcher struct {
	ps []wxc.DigitPattern
	m  *Matcher
}

// Prepare resolves s's effective settings (own or inherited, per category; docs/CALLCHECK.md,
// "Precedence") and compiles its digit patterns. It fails on an unknown entity kind or country,
// an invalid digit pattern, or a location subject that has Location settings.
func (e *Engine) Prepare(s *Subject) (*Prepared, error) {
	if s == nil {
		return nil, errors.New("callcheck: nil subject")
	}
	level := LevelOf(s.Kind)
	if level == "" {
		return nil, fmt.Errorf("callcheck: unknown entity kind %q", string(s.Kind))
	}
	country := strings.ToUpper(strings.TrimSpace(s.Country))
	if _, err := e.origin(country); err != nil {
		return nil, fmt.Errorf("callcheck: %s %s: %w", s.Kind, s.Name, err)
	}
	p := &Prepared{e: e, country: country}
	own := s.Own
	if s.Kind == wxc.Location {
		if s.Location != nil {
			return nil, fmt.Errorf("callcheck: location %s: a location subject has no Location settings (its own are in Own)", s.Name)
		}
		name := s.Name
		if name == "" {
			name = s.LocationName
		}
		src := e.locationSource(name)
		if err := p.resolve(e, &own, level, false, src, &own, level, false, src); err != nil {
			return nil, err
		}
		return p, nil
	}
	loc := s.Location
	if loc == nil {
		loc = &Settings{}
	}
	return p, p.resolve(e, &own, level, true, "custom settings of "+s.Name, loc, LevelLocation, false, e.locationSource(s.LocationName))
}

// locationSource is "location " + name, the same string for every entity of the location (a
// caller that counts decisions by their strings' identities finds the location's decisions
// equal without comparing their bytes).
func (e *Engine) locationSource(name string) string {
	e.sourceMu.Lock()
	defer e.sourceMu.Unlock()
	if src, ok := e.sources[name]; ok {
		return src
	}
	if e.sources == nil || len(e.sources) >= maxCached {
		e.sources = map[string]string{}
	}
	src := "location " + name
	e.sources[name] = src
	return src
}

func isTrue(b *bool) bool  { return b != nil && *b }
func isFalse(b *bool) bool { return b != nil && !*b }

// ownCallTypes reports whether an entity's own call-type permissions apply: neither
// useCustomEnabled nor useCustomPermissions is false, and at least one is true (the 2024 API
// has no useCustomPermissions, today's may leave useCustomEnabled out).
func ownCallTypes(o *wxc.OutgoingPermissions) bool {
	if o == nil || isFalse(o.UseCustomEnabled) || isFalse(o.UseCustomPermissions) {
		return false
	}
	return isTrue(o.UseCustomEnabled) || isTrue(o.UseCustomPermissions)
}

func (p *Prepared) resolve(e *Engine, own *Settings, ownLevel Level, ownCustom bool, ownSrc string, loc *Settings, locLevel Level, locCustom bool, locSrc string) error {
	isLocation := !ownCustom
	// Call types.
	src, lvl, custom, perms := locSrc, locLevel, locCustom, (*wxc.CallingPermissions)(nil)
	if loc.Outgoing != nil {
		perms = loc.Outgoing.CallingPermissions
	}
	switch {
	case isLocation:
		// loc == own
	case own.Outgoing == nil:
		p.permAssume = "the entity's outgoing permissions were not read; its location's assumed to apply"
	case ownCallTypes(own.Outgoing):
		src, lvl, custom, perms = ownSrc, ownLevel, true, own.Outgoing.CallingPermissions
	}
	p.permSource, p.permLevel, p.permCustom = src, lvl, custom
	p.perms = make([]permSlot, len(callTypes))
	if perms == nil {
		p.permAssume = joinAssume(p.permAssume, "call-type permissions of "+src+" not known; Webex defaults assumed")
	} else {
		for i, ct := range callTypes {
			if v, ok := perms.ForCallType(ct); ok {
				p.perms[i] = permSlot{perm: v, ok: true}
				p.nPerms++
			}
		}
	}
	for i := range callTypes {
		if sl := &p.perms[i]; !sl.ok {
			def := &slotDefaults[i]
			a := def.assume
			if p.permAssume != "" && p.nPerms == 0 {
				a = def.assumeAllUnknown
			}
			sl.def, sl.assume = def.perm, joinAssume(p.permAssume, a)
		}
	}

	// Digit patterns.
	ownPatterns := !isLocation && own.DigitPatterns != nil && isTrue(own.DigitPatterns.UseCustomDigitPatterns)
	add := func(dp *wxc.DigitPatterns, level Level, custom bool, src string) error {
		if dp == nil || len(dp.DigitPatterns) == 0 {
			return nil
		}
		m, err := e.compileCached(dp.DigitPatterns)
		if err != nil {
			return fmt.Errorf("callcheck: digit patterns of %s: %w", src, err)
		}
		p.sets = append(p.sets, patternSet{m: m, level: level, custom: custom, source: src})
		return nil
	}
	if ownPatterns {
		if err := add(own.DigitPatterns, ownLevel, true, ownSrc); err != nil {
			return err
		}
	}
	if !ownPatterns || e.layered {
		if err := add(loc.DigitPatterns, locLevel, locCustom, locSrc); err != nil {
			return err
		}
	}

	// Transfer numbers.
	tn := loc.TransferNumbers
	tsrc := locSrc
	if !isLocation && own.TransferNumbers != nil && isTrue(own.TransferNumbers.UseCustomTransferNumbers) {
		tn, tsrc = own.TransferNumbers, ownSrc
	}
	if tn != nil {
		p.transferKnown = true
		for i, n := range []*string{tn.AutoTransferNumber1, tn.AutoTransferNumber2, tn.AutoTransferNumber3} {
			if n != nil {
				p.transfer[i] = strings.TrimSpace(*n)
			}
		}
	} else {
		p.transferAssume = "transfer numbers of " + tsrc + " not known"
	}

	// Access codes.
	ac := loc.AccessCodes
	asrc := locSrc
	if !isLocation && own.AccessCodes != nil && isTrue(own.AccessCodes.UseCustomAccessCodes) {
		ac, asrc = own.AccessCodes, ownSrc
	}
	if ac != nil {
		p.codesKnown, p.codes = true, len(ac.AccessCodes)
	} else {
		p.codesAssume = "access codes of " + asrc + " not known"
	}
	return nil
}

func joinAssume(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "; " + b
}

// compileCached compiles ps, or returns the Matcher compiled before for an equal list (name,
// pattern, action, transferEnabled, in order), so that entities that inherit one location's
// patterns share one Matcher.
func (e *Engine) compileCached(ps []wxc.DigitPattern) (*Matcher, error) {
	// First by the list's identity (the entities of one location share their location's
	// list): its copy is compared, string by string, mostly by pointer.
	var id listID
	if len(ps) > 0 {
		id = listID{&ps[0], len(ps)}
		e.matcherMu.Lock()
		c, ok := e.byID[id]
		e.matcherMu.Unlock()
		if ok && samePatterns(c.ps, ps) {
			return c.m, nil
		}
	}
	c, err := e.compileByContent(ps)
	if err == nil && len(ps) > 0 {
		e.matcherMu.Lock()
		if e.byID == nil || len(e.byID) >= maxByID {
			e.byID = map[listID]cachedMatcher{}
		}
		e.byID[id] = c
		e.matcherMu.Unlock()
	}
	return c.m, err
}

// maxByID bounds Engine.byID, whose keys keep the lists alive: the locations' lists stay in
// it (they come again and again) while entities' own lists pass through.
const maxByID = 1024

// listID is a digit-pattern list's identity: its first element and length.
type listID struct {
	p *wxc.DigitPattern
	n int
}

// compileByContent is compileCached by the list's content. It returns the cache entry
// (its own copy of the list, and the Matcher).
func (e *Engine) compileByContent(ps []wxc.DigitPattern) (cachedMatcher, error) {
	var h maphash.Hash
	h.SetSeed(e.seed)
	for i := range ps {
		p := &ps[i]
		h.WriteString(p.Name)
		h.WriteByte(0)
		h.WriteString(p.Pattern)
		h.WriteByte(0)
		h.WriteString(string(p.Action))
		h.WriteByte(transferByte(p.TransferEnabled))
	}
	k := h.Sum64()
	e.matcherMu.Lock()
	for _, c := range e.matchers[k] {
		if samePatterns(c.ps, ps) {
			e.matcherMu.Unlock()
			return c, nil
		}
	}
	e.matcherMu.Unlock()
	m, err := CompilePatterns(ps)
	if err != nil {
		return cachedMatcher{}, err
	}
	c := cachedMatcher{ps: slices.Clone(ps), m: m}
	e.matcherMu.Lock()
	if len(e.matchers) >= maxCached {
		clear(e.matchers)
	}
	e.matchers[k] = append(e.matchers[k], c)
	e.matcherMu.Unlock()
	return c, nil
}

func transferByte(b *bool) byte {
	switch {
	case b == nil:
		return 0
	case *b:
		return 1
	}
	return 2
}

func samePatterns(a, b []wxc.DigitPattern) bool {
	return slices.EqualFunc(a, b, func(x, y wxc.DigitPattern) bool {
		return x.Name == y.Name && x.Pattern == y.Pattern && x.Action == y.Action && transferByte(x.TransferEnabled) == transferByte(y.TransferEnabled)
	})
}

// Decide classifies dialled for s's country and decides the call for s. It prepares s each
// time; to decide many calls for one entity, Prepare it once and use Prepared.Decide.
func (e *Engine) Decide(s *Subject, dialled string) (Decision, error) {
	p, err := e.Prepare(s)
	if err != nil {
		return Decision{}, err
	}
	return p.Decide(dialled)
}

// Country returns the entity's country (upper case): the one to Classify numbers for before
// DecideClassified.
func (p *Prepared) Country() string { return p.country }

// Decide classifies dialled for the entity's country and decides the call.
func (p *Prepared) Decide(dialled string) (Decision, error) {
	c, err := p.e.Classify(p.country, dialled)
	if err != nil {
		return Decision{}, err
	}
	return p.DecideClassified(c), nil
}

// DecideClassified decides a call that was classified already (by Engine.Classify, for the
// entity's country): the fast path when one number is checked for many entities.
func (p *Prepared) DecideClassified(c Classification) Decision {
	d := Decision{Classification: c}
	if c.Emergency {
		d.Action, d.Allowed, d.TransferEnabled = wxc.ActionAllow, true, true
		d.Source = "emergency call"
		return d
	}
	// Digit patterns first: they take precedence over call types.
	for i := range p.sets {
		set := &p.sets[i]
		r := set.m.best3(c.Dialled, c.E164, c.National)
		if r < 0 {
			continue
		}
		dp := &set.m.patterns[r]
		te := isTrue(dp.TransferEnabled)
		d.Pattern = &PatternMatch{Name: dp.Name, Pattern: dp.Pattern, Level: set.level, Action: dp.Action, TransferEnabled: te}
		d.Level, d.Custom, d.Source, d.TransferEnabled = set.level, set.custom, set.source, te
		p.apply(&d, dp.Action)
		return d
	}
	d.Level, d.Custom, d.Source = p.permLevel, p.permCustom, p.permSource
	var perm wxc.CallTypePermission
	switch i := callTypeIndex(c.CallType); {
	case i < 0:
		perm, d.Assumption = defaultPermission(c.CallType, p.permAssume != "" && p.nPerms == 0)
		d.Assumption = joinAssume(p.permAssume, d.Assumption)
	case p.perms[i].ok:
		perm, d.Assumption = p.perms[i].perm, p.permAssume
	default:
		perm, d.Assumption = p.perms[i].def, p.perms[i].assume
	}
	d.TransferEnabled = perm.TransferEnabled
	p.apply(&d, perm.Action)
	return d
}

var webexDefaults = wxc.DefaultCallingPermissions()

// slotDefault is defaultPermission's result for one call type, both ways.
type slotDefault struct {
	perm                     wxc.CallTypePermission
	assume, assumeAllUnknown string
}

// slotDefaults are the call types' defaults by callTypes index, made once.
var slotDefaults = func() []slotDefault {
	ds := make([]slotDefault, len(callTypes))
	for i, ct := range callTypes {
		ds[i].perm, ds[i].assume = defaultPermission(ct, false)
		_, ds[i].assumeAllUnknown = defaultPermission(ct, true)
	}
	return ds
}()

// notConfigured are the reasons of TRANSFER_NUMBER_1..3 without a number.
var notConfigured = [3]string{ReasonTransferNumber1NotConfigured, ReasonTransferNumber2NotConfigured, ReasonTransferNumber3NotConfigured}

// defaultPermission is Webex's documented default for ct (help.webex.com "Outgoing calling
// permissions for Webex Calling locations", "Default call type values"); BLOCK for a call type
// that has none (CASUAL and the other read-only types).
func defaultPermission(ct wxc.CallType, allUnknown bool) (wxc.CallTypePermission, string) {
	if v, ok := webexDefaults.ForCallType(ct); ok {
		if allUnknown {
			return v, ""
		}
		return v, fmt.Sprintf("no setting for %s; Webex default %s assumed", ct, v.Action)
	}
	return wxc.CallTypePermission{Action: wxc.ActionBlock}, fmt.Sprintf("no setting for %s; BLOCK assumed", ct)
}

func (p *Prepared) apply(d *Decision, a wxc.Action) {
	d.Action = a
	switch a {
	case wxc.ActionAllow:
		d.Allowed = true
	case wxc.ActionBlock:
	case wxc.ActionAuthCode:
		d.AccessCodesAvailable = p.codes
		if !p.codesKnown {
			d.Assumption = joinAssume(d.Assumption, p.codesAssume)
		}
	case wxc.ActionTransferNumber1, wxc.ActionTransferNumber2, wxc.ActionTransferNumber3:
		n := int(a[len(a)-1] - '1')
		if !p.transferKnown {
			d.Assumption = joinAssume(d.Assumption, p.transferAssume)
			return
		}
		d.TransferNumber = p.transfer[n]
		if d.TransferNumber == "" {
			d.Reason = notConfigured[n]
		}
	default:
		d.Assumption = joinAssume(d.Assumption, fmt.Sprintf("unknown action %q: treated as not allowed", string(a)))
	}
}

// Explain returns one line that says what decided, e.g.
// "BLOCK by digit pattern 'Premium 900' (location Dallas)" or
// "ALLOW: INTERNATIONAL allowed (custom settings of Alice Smith)".
func (d Decision) Explain() string {
	var b strings.Builder
	if d.Emergency {
		b.WriteString("ALLOW: emergency call, never blocked")
		if d.Rule != "" {
			b.WriteString(" (" + d.Rule + ")")
		}
		return b.String()
	}
	if d.Pattern != nil {
		fmt.Fprintf(&b, "%s by digit pattern '%s' (%s)", d.Action, d.Pattern.Name, d.Source)
	} else {
		verb := "?"
		switch d.Action {
		case wxc.ActionAllow:
			verb = "allowed"
		case wxc.ActionBlock:
			verb = "blocked"
		case wxc.ActionAuthCode:
			verb = "needs an access code"
		case wxc.ActionTransferNumber1, wxc.ActionTransferNumber2, wxc.ActionTransferNumber3:
			verb = "transferred"
		}
		fmt.Fprintf(&b, "%s: %s %s (%s)", d.Action, d.CallType, verb, d.Source)
	}
	switch d.Action {
	case wxc.ActionAuthCode:
		switch {
		case d.AccessCodesAvailable > 0:
			fmt.Fprintf(&b, "; %d access code(s) available", d.AccessCodesAvailable)
		case !strings.Contains(d.Assumption, "access codes"):
			b.WriteString("; no access code configured, so the call cannot succeed")
		}
	case wxc.ActionTransferNumber1, wxc.ActionTransferNumber2, wxc.ActionTransferNumber3:
		switch {
		case d.TransferNumber != "":
			b.WriteString("; to " + d.TransferNumber)
		case d.Reason != "":
			b.WriteString("; " + d.Reason + ": the call cannot be transferred")
		}
	}
	if d.Assumption != "" {
		b.WriteString(" [assumed: " + d.Assumption + "]")
	}
	return b.String()
}
