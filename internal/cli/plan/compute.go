package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Change is one field of one entity that the plan changes. From and To are nil (null), a
// bool, a string or a wxc.Action. Op is "set", "add" or "delete". Reason says why the plan
// makes a change the file does not name (a custom switch turned on so that the values the file
// sets take effect).
type Change struct {
	Field  string `json:"field"`
	Op     string `json:"op"`
	From   any    `json:"from"`
	To     any    `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// Reasons of the custom switches a plan turns on without the file naming them.
const (
	ReasonCallTypes       = "needed for the call types set in the file to take effect"
	ReasonTransferNumbers = "needed for the transfer numbers set in the file to take effect"
	ReasonAccessCodes     = "needed for the access codes set in the file to take effect"
	ReasonDigitPatterns   = "needed for the digit patterns set in the file to take effect"
)

// OpKind is the SDK call an Op makes.
type OpKind string

// Op kinds, one SDK call each.
const (
	OpOutgoing              OpKind = "outgoing.configure"              // OutgoingPermissions(k).Configure
	OpTransferNumbers       OpKind = "transferNumbers.configure"       // TransferNumbers.Configure
	OpAccessCodesModify     OpKind = "accessCodes.modify"              // AccessCodes.Modify (useCustom, deleteCodes)
	OpAccessCodeCreate      OpKind = "accessCodes.create"              // AccessCodes.Create (one code)
	OpLocationCodesDelete   OpKind = "locationAccessCodes.deleteCodes" // LocationAccessCodes.DeleteCodes
	OpLocationCodesCreate   OpKind = "locationAccessCodes.create"      // LocationAccessCodes.Create (all codes)
	OpDigitPatternsCategory OpKind = "digitPatterns.category"          // DigitPatterns.UpdateCategoryControlSettings
	OpDigitPatternDelete    OpKind = "digitPatterns.delete"            // DigitPatterns.Delete
	OpDigitPatternUpdate    OpKind = "digitPatterns.update"            // DigitPatterns.Update
	OpDigitPatternCreate    OpKind = "digitPatterns.create"            // DigitPatterns.Create
)

// Op is one write: one SDK call for one entity. Only the members its Kind uses are set.
type Op struct {
	ID              string                   `json:"id"`
	Kind            OpKind                   `json:"op"`
	Outgoing        *wxc.OutgoingPermissions `json:"outgoing,omitempty"`
	TransferNumbers *wxc.AutoTransferNumbers `json:"transferNumbers,omitempty"`
	UseCustom       *bool                    `json:"useCustom,omitempty"`
	DeleteCodes     []string                 `json:"deleteCodes,omitempty"`
	Codes           []wxc.AuthCode           `json:"codes,omitempty"`
	Pattern         *wxc.DigitPattern        `json:"pattern,omitempty"`
}

// EntityPlan is the plan for one entity: the field changes (for people) and the writes.
type EntityPlan struct {
	Entity  snapshot.Entity `json:"entity"`
	Changes []Change        `json:"changes"`
	Ops     []Op            `json:"ops"`
}

// Plan is the whole plan, entities in the order of the current state given to Compute.
type Plan struct {
	Entities []EntityPlan `json:"entities"`
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Entities) == 0 }

// Counts returns the number of entities, field changes and writes.
func (p *Plan) Counts() (entities, changes, ops int) {
	for _, e := range p.Entities {
		changes += len(e.Changes)
		ops += len(e.Ops)
	}
	return len(p.Entities), changes, ops
}

// Ops returns every op with its entity, in plan order.
func (p *Plan) Ops() []EntityOp {
	var out []EntityOp
	for _, e := range p.Entities {
		for _, o := range e.Ops {
			out = append(out, EntityOp{Entity: e.Entity, Op: o})
		}
	}
	return out
}

// EntityOp is an op with the entity it writes to.
type EntityOp struct {
	Entity snapshot.Entity
	Op     Op
}

// Target is the merged desired state of one entity: every nil member is left as it is.
type Target struct {
	UseCustomEnabled, UseCustomPermissions *bool
	CallTypes                              map[wxc.CallType]CallTypeTarget

	UseCustomTransferNumbers *bool
	TransferNumbers          [3]*string // "" clears

	UseCustomAccessCodes *bool
	Codes                []CodeSpec // merged by code, later wins
	CodesExclusive       bool

	UseCustomDigitPatterns *bool
	Patterns               []PatternSpec // merged by name, later wins
	PatternsExclusive      bool

	// callTypeFrom is the profile that last set each call type (for error messages).
	callTypeFrom map[wxc.CallType]string
}

// merge applies profile p (named name) over t, field by field.
func (t *Target) merge(name string, p Profile) {
	if o := p.Outgoing; o != nil {
		setIf(&t.UseCustomEnabled, o.UseCustomEnabled)
		setIf(&t.UseCustomPermissions, o.UseCustomPermissions)
		for ct, v := range o.CallingPermissions {
			if t.CallTypes == nil {
				t.CallTypes = map[wxc.CallType]CallTypeTarget{}
				t.callTypeFrom = map[wxc.CallType]string{}
			}
			t.callTypeFrom[ct] = name
			cur := t.CallTypes[ct]
			setIf(&cur.Action, v.Action)
			setIf(&cur.TransferEnabled, v.TransferEnabled)
			t.CallTypes[ct] = cur
		}
	}
	if n := p.TransferNumbers; n != nil {
		setIf(&t.UseCustomTransferNumbers, n.UseCustomTransferNumbers)
		for i, v := range []*string{n.AutoTransferNumber1, n.AutoTransferNumber2, n.AutoTransferNumber3} {
			setIf(&t.TransferNumbers[i], v)
		}
	}
	if a := p.AccessCodes; a != nil {
		setIf(&t.UseCustomAccessCodes, a.UseCustomAccessCodes)
		for _, c := range a.Codes {
			if i := slices.IndexFunc(t.Codes, func(x CodeSpec) bool { return x.Code == c.Code }); i >= 0 {
				t.Codes[i] = c
			} else {
				t.Codes = append(t.Codes, c)
			}
		}
		if a.Exclusive != nil {
			t.CodesExclusive = *a.Exclusive
		}
	}
	if d := p.DigitPatterns; d != nil {
		setIf(&t.UseCustomDigitPatterns, d.UseCustomDigitPatterns)
		for _, x := range d.Patterns {
			if i := slices.IndexFunc(t.Patterns, func(y PatternSpec) bool { return y.Name == x.Name }); i >= 0 {
				t.Patterns[i] = x
			} else {
				t.Patterns = append(t.Patterns, x)
			}
		}
		if d.Exclusive != nil {
			t.PatternsExclusive = *d.Exclusive
		}
	}
}

func setIf[T any](dst **T, v *T) {
	if v != nil {
		c := *v
		*dst = &c
	}
}

// Compute diffs the desired state against the current settings of every entity and returns
// the plan. It is pure: no I/O. Assignments apply in file order and a later assignment
// overrides an earlier one field by field (a call type's action and transferEnabled, each
// transfer number, each access code by code, each digit pattern by name).
//
// A selection that names an entity (entities:) or a location (locations:) matching nothing
// in current, or a name matching several entities, is an error.
func Compute(current []snapshot.Settings, desired Desired) (Plan, error) {
	if err := desired.Validate(); err != nil {
		return Plan{}, err
	}
	targets := make([]*Target, len(current))
	for ai, a := range desired.Assignments {
		sel, err := selectEntities(current, a.Select)
		if err != nil {
			return Plan{}, fmt.Errorf("assignments[%d] (profile %s): %w", ai, a.Profile, err)
		}
		for _, i := range sel {
			if targets[i] == nil {
				targets[i] = &Target{}
			}
			targets[i].merge(a.Profile, desired.Profiles[a.Profile])
		}
	}
	if errs := checkCallTypes(current, targets, &desired); len(errs) > 0 {
		return Plan{}, errs
	}
	var p Plan
	for i, t := range targets {
		if t == nil {
			continue
		}
		ep := Diff(&current[i], t)
		if len(ep.Ops) > 0 {
			p.Entities = append(p.Entities, ep)
		}
	}
	return p, nil
}

// maxListed is how many entities an error message names before "and N more".
const maxListed = 5

// listEntities names the entities at idx of current, at most maxListed of them, one per
// indented line.
func listEntities(current []snapshot.Settings, idx []int) string {
	var b strings.Builder
	for _, i := range idx[:min(len(idx), maxListed)] {
		b.WriteString("\n    " + EntityLabel(current[i].Entity))
	}
	if len(idx) > maxListed {
		fmt.Fprintf(&b, "\n    and %d more", len(idx)-maxListed)
	}
	return b.String()
}

// reportedCallTypes is what a read of s reported (nil when nothing was read).
func reportedCallTypes(s *snapshot.Settings) *wxc.CallingPermissions {
	if s.Outgoing == nil {
		return nil
	}
	return s.Outgoing.CallingPermissions
}

// checkCallTypes checks every call type each target sets with wxc.CheckCallType against what
// the entity's read reported: a legacy call type (LOCAL, TOLL) can be set only for entities
// whose read reports it. It returns one error per profile and call type, naming the entities.
func checkCallTypes(current []snapshot.Settings, targets []*Target, d *Desired) Errors {
	type key struct {
		profile string
		ct      wxc.CallType
	}
	bad := map[key][]int{}
	var keys []key
	for i, t := range targets {
		if t == nil {
			continue
		}
		for ct := range t.CallTypes {
			if wxc.CheckCallType(current[i].Kind, ct, reportedCallTypes(&current[i])) == nil {
				continue
			}
			k := key{t.callTypeFrom[ct], ct}
			if _, ok := bad[k]; !ok {
				keys = append(keys, k)
			}
			bad[k] = append(bad[k], i)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.profile, b.profile); c != 0 {
			return c
		}
		return compareCallTypes(a.ct, b.ct)
	})
	var errs Errors
	for _, k := range keys {
		idx := bad[k]
		slices.Sort(idx)
		path := []string{"profiles", k.profile, "outgoing", "callingPermissions", string(k.ct)}
		var msg string
		if wxc.ClassifyCallType(k.ct) == wxc.CallTypeLegacy {
			msg = fmt.Sprintf("%s is a legacy call type: it can be set only for entities whose read reports it, and the read of %d %s "+
				"the profile is assigned to does not (remove it from the profile, or assign the profile only to entities that report it):%s",
				k.ct, len(idx), plural(len(idx), "entity", "entities"), listEntities(current, idx))
		} else {
			msg = fmt.Sprintf("%s: %s; for:%s", k.ct,
				reason(wxc.CheckCallType(current[idx[0]].Kind, k.ct, reportedCallTypes(&current[idx[0]]))), listEntities(current, idx))
		}
		errs = append(errs, &Error{Path: strings.Join(path, "."), Line: d.lineOfPath(path...), Msg: msg})
	}
	return errs
}

// selectEntities returns the indexes of current that s selects.
func selectEntities(current []snapshot.Settings, s Selection) ([]int, error) {
	var kinds []wxc.EntityKind
	for _, k := range s.Kinds {
		kind, err := wxc.ParseEntityKind(k)
		if err != nil {
			return nil, err
		}
		kinds = append(kinds, kind)
	}
	for _, l := range s.Locations {
		found := slices.ContainsFunc(current, func(c snapshot.Settings) bool {
			return c.LocationID == l || strings.EqualFold(c.LocationName, l)
		})
		if !found {
			return nil, fmt.Errorf("select.locations: no entity is in a location with ID or name %q", l)
		}
	}
	inScope := func(c *snapshot.Settings) bool {
		if len(kinds) > 0 && !slices.Contains(kinds, c.Kind) {
			return false
		}
		if len(s.Locations) > 0 && !slices.ContainsFunc(s.Locations, func(l string) bool {
			return c.LocationID == l || strings.EqualFold(c.LocationName, l)
		}) {
			return false
		}
		return true
	}
	var out []int
	if len(s.Entities) == 0 {
		for i := range current {
			if inScope(&current[i]) {
				out = append(out, i)
			}
		}
		return out, nil
	}
	picked := map[int]bool{}
	for _, ref := range s.Entities {
		var byID, byName []int
		for i := range current {
			c := &current[i]
			if !inScope(c) {
				continue
			}
			switch {
			case c.ID == ref:
				byID = append(byID, i)
			case strings.EqualFold(c.Name, ref) || (c.Email != "" && strings.EqualFold(c.Email, ref)):
				byName = append(byName, i)
			}
		}
		m := byID
		if len(m) == 0 {
			m = byName
		}
		switch {
		case len(m) == 0:
			return nil, fmt.Errorf("select.entities: %q matches no selected entity (give an ID, email or display name)", ref)
		case len(m) > 1:
			var names []string
			for _, i := range m {
				names = append(names, fmt.Sprintf("%s %s (%s)", current[i].Kind, current[i].ID, current[i].Name))
			}
			return nil, fmt.Errorf("select.entities: %q matches %d entities; name one by ID: %s", ref, len(m), strings.Join(names, ", "))
		}
		picked[m[0]] = true
	}
	for i := range current {
		if picked[i] {
			out = append(out, i)
		}
	}
	return out, nil
}

func boolVal(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}

func strVal(p *string) any {
	if p == nil || *p == "" {
		return nil
	}
	return *p
}

func eqBool(cur *bool, want bool) bool { return cur != nil && *cur == want }

// implicitOn returns the switch value to write: want when the file sets it; otherwise true,
// with reason, when the file sets values that take effect only with the switch on (uses) and
// the entity reports the switch off. A switch the read does not report (nil) is left alone.
func implicitOn(want, cur *bool, uses bool, reason string) (*bool, string) {
	if want != nil || !uses || cur == nil || *cur {
		return want, ""
	}
	return wxc.Bool(true), reason
}

// Diff returns the changes and writes that bring cur to t.
//
// For an entity with custom switches (wxc.UsesCustomSwitch: people, workspaces, virtual
// lines), values of an area take effect only while that area's switch is on. When t sets
// values of an area but leaves its switch unset and the entity reports the switch off, the
// plan turns the switch on and says why (Change.Reason): call types turn useCustomEnabled and
// useCustomPermissions on, transfer numbers (a non-empty one) useCustomTransferNumbers,
// access codes useCustomAccessCodes, digit patterns useCustomDigitPatterns. A switch set to
// false in t is written as false, and the values are written without taking effect.
//
// Call types are written only when wxc.CheckCallType allows them for the entity (Compute and
// ComputeRestore check that before calling Diff).
func Diff(cur *snapshot.Settings, t *Target) EntityPlan {
	ep := EntityPlan{Entity: cur.Entity, Changes: []Change{}, Ops: []Op{}}
	isLoc := cur.Kind == wxc.Location // locations use the location access-code API
	switches := wxc.UsesCustomSwitch(cur.Kind)
	prefix := string(cur.Kind) + "/" + cur.ID + "/"
	change := func(field string, from, to any, reason string) {
		ep.Changes = append(ep.Changes, Change{Field: field, Op: "set", From: from, To: to, Reason: reason})
	}
	addOp := func(o Op, key string) {
		o.ID = prefix + string(o.Kind)
		if key != "" {
			o.ID += "/" + key
		}
		ep.Ops = append(ep.Ops, o)
	}

	// Outgoing permissions.
	{
		out := cur.Outgoing
		if out == nil {
			out = &wxc.OutgoingPermissions{}
		}
		body := &wxc.OutgoingPermissions{}
		write := false
		enabling := false
		if switches {
			sets := len(t.CallTypes) > 0
			uce, whyE := implicitOn(t.UseCustomEnabled, out.UseCustomEnabled, sets, ReasonCallTypes)
			ucp, whyP := implicitOn(t.UseCustomPermissions, out.UseCustomPermissions, sets, ReasonCallTypes)
			if uce != nil && !eqBool(out.UseCustomEnabled, *uce) {
				change("outgoing.useCustomEnabled", boolVal(out.UseCustomEnabled), *uce, whyE)
				body.UseCustomEnabled = wxc.Bool(*uce)
				write = true
				enabling = enabling || *uce
			}
			if ucp != nil && !eqBool(out.UseCustomPermissions, *ucp) {
				change("outgoing.useCustomPermissions", boolVal(out.UseCustomPermissions), *ucp, whyP)
				body.UseCustomPermissions = wxc.Bool(*ucp)
				write = true
				enabling = enabling || *ucp
			}
		}
		cts := make([]wxc.CallType, 0, len(t.CallTypes))
		for ct := range t.CallTypes {
			cts = append(cts, ct)
		}
		slices.SortFunc(cts, compareCallTypes)
		perms := wxc.NewCallingPermissions()
		for _, ct := range cts {
			want := t.CallTypes[ct]
			have, ok := wxc.CallTypePermission{}, false
			if out.CallingPermissions != nil {
				have, ok = out.CallingPermissions.ForCallType(ct)
			}
			next := have
			if !ok {
				next = wxc.DefaultCallTypePermission()
			}
			next.Extra, next.IsCallTypeRestrictionEnabled = nil, nil
			differs := false
			if want.Action != nil && (!ok || have.Action != *want.Action) {
				var from any
				if ok {
					from = have.Action
				}
				change("outgoing.callingPermissions."+string(ct), from, *want.Action, "")
				next.Action = *want.Action
				differs = true
			}
			if want.TransferEnabled != nil && (!ok || have.TransferEnabled != *want.TransferEnabled) {
				var from any
				if ok {
					from = have.TransferEnabled
				}
				change("outgoing.callingPermissions."+string(ct)+".transferEnabled", from, *want.TransferEnabled, "")
				next.TransferEnabled = *want.TransferEnabled
				differs = true
			}
			// Switching custom permissions on shows the entity's stored values, which may
			// differ from the inherited ones compared here: send every desired call type then.
			if differs || enabling {
				if want.Action != nil {
					next.Action = *want.Action
				}
				if want.TransferEnabled != nil {
					next.TransferEnabled = *want.TransferEnabled
				}
				perms.Set(ct, next)
				write = true
			}
		}
		if perms.Len() > 0 {
			body.CallingPermissions = perms
		}
		if write {
			addOp(Op{Kind: OpOutgoing, Outgoing: body}, "")
		}
	}

	// Auto transfer numbers.
	{
		tn := cur.TransferNumbers
		if tn == nil {
			tn = &wxc.AutoTransferNumbers{}
		}
		body := &wxc.AutoTransferNumbers{}
		write := false
		if switches {
			sets := slices.ContainsFunc(t.TransferNumbers[:], func(n *string) bool { return n != nil && *n != "" })
			uc, why := implicitOn(t.UseCustomTransferNumbers, tn.UseCustomTransferNumbers, sets, ReasonTransferNumbers)
			if uc != nil && !eqBool(tn.UseCustomTransferNumbers, *uc) {
				change("transferNumbers.useCustomTransferNumbers", boolVal(tn.UseCustomTransferNumbers), *uc, why)
				body.UseCustomTransferNumbers = wxc.Bool(*uc)
				write = true
			}
		}
		have := [3]*string{tn.AutoTransferNumber1, tn.AutoTransferNumber2, tn.AutoTransferNumber3}
		dst := [3]**string{&body.AutoTransferNumber1, &body.AutoTransferNumber2, &body.AutoTransferNumber3}
		for i, want := range t.TransferNumbers {
			if want == nil {
				continue
			}
			if sameNumber(have[i], *want) {
				continue
			}
			change(fmt.Sprintf("transferNumbers.autoTransferNumber%d", i+1), strVal(have[i]), strVal(want), "")
			*dst[i] = wxc.String(*want)
			write = true
		}
		if write {
			addOp(Op{Kind: OpTransferNumbers, TransferNumbers: body}, "")
		}
	}

	// Access codes.
	{
		ac := cur.AccessCodes
		if ac == nil {
			ac = &wxc.AuthCodes{}
		}
		own := map[string]wxc.AuthCode{}
		var ownOrder []string
		for _, c := range ac.AccessCodes {
			if c.Level == wxc.AuthCodeLevelLocation {
				continue // inherited from the location, not the entity's to change
			}
			own[c.Code] = c
			ownOrder = append(ownOrder, c.Code)
		}
		var del []string
		var create []wxc.AuthCode
		var codeChanges []Change
		wanted := map[string]bool{}
		for _, c := range t.Codes {
			wanted[c.Code] = true
			have, ok := own[c.Code]
			switch {
			case !ok:
				codeChanges = append(codeChanges, Change{Field: "accessCodes", Op: "add", To: c.Code + " (" + c.Description + ")"})
				create = append(create, wxc.AuthCode{Code: c.Code, Description: c.Description})
			case have.Description != c.Description:
				codeChanges = append(codeChanges, Change{Field: "accessCodes." + c.Code + ".description", Op: "set", From: have.Description, To: c.Description})
				del = append(del, c.Code)
				create = append(create, wxc.AuthCode{Code: c.Code, Description: c.Description})
			}
		}
		if t.CodesExclusive {
			for _, code := range ownOrder {
				if !wanted[code] {
					codeChanges = append(codeChanges, Change{Field: "accessCodes", Op: "delete", From: code + " (" + own[code].Description + ")"})
					del = append(del, code)
				}
			}
		}
		slices.Sort(del)
		var useCustom *bool
		if switches {
			uc, why := implicitOn(t.UseCustomAccessCodes, ac.UseCustomAccessCodes, len(t.Codes) > 0, ReasonAccessCodes)
			if uc != nil && !eqBool(ac.UseCustomAccessCodes, *uc) {
				change("accessCodes.useCustomAccessCodes", boolVal(ac.UseCustomAccessCodes), *uc, why)
				useCustom = wxc.Bool(*uc)
			}
		}
		ep.Changes = append(ep.Changes, codeChanges...)
		if isLoc {
			if len(del) > 0 {
				addOp(Op{Kind: OpLocationCodesDelete, DeleteCodes: del}, "")
			}
			if len(create) > 0 {
				addOp(Op{Kind: OpLocationCodesCreate, Codes: create}, "")
			}
		} else {
			if useCustom != nil || len(del) > 0 {
				addOp(Op{Kind: OpAccessCodesModify, UseCustom: useCustom, DeleteCodes: del}, "")
			}
			for _, c := range create {
				addOp(Op{Kind: OpAccessCodeCreate, Codes: []wxc.AuthCode{c}}, c.Code)
			}
		}
	}

	// Digit patterns.
	{
		dp := cur.DigitPatterns
		if dp == nil {
			dp = &wxc.DigitPatterns{}
		}
		if switches {
			uc, why := implicitOn(t.UseCustomDigitPatterns, dp.UseCustomDigitPatterns, len(t.Patterns) > 0, ReasonDigitPatterns)
			if uc != nil && !eqBool(dp.UseCustomDigitPatterns, *uc) {
				change("digitPatterns.useCustomDigitPatterns", boolVal(dp.UseCustomDigitPatterns), *uc, why)
				addOp(Op{Kind: OpDigitPatternsCategory, UseCustom: wxc.Bool(*uc)}, "")
			}
		}
		byName := map[string]wxc.DigitPattern{}
		for _, x := range dp.DigitPatterns {
			if _, dup := byName[x.Name]; !dup {
				byName[x.Name] = x
			}
		}
		wanted := map[string]bool{}
		var deletes, updates, creates []Op
		var delChanges, otherChanges []Change
		for _, w := range t.Patterns {
			wanted[w.Name] = true
			have, ok := byName[w.Name]
			if !ok {
				p := &wxc.DigitPattern{Name: w.Name, Pattern: w.Pattern, Action: w.Action, TransferEnabled: w.TransferEnabled}
				if p.TransferEnabled == nil {
					p.TransferEnabled = wxc.Bool(false)
				}
				otherChanges = append(otherChanges, Change{Field: "digitPatterns", Op: "add", To: describePattern(p)})
				creates = append(creates, Op{Kind: OpDigitPatternCreate, Pattern: p})
				continue
			}
			upd := &wxc.DigitPattern{ID: have.ID}
			differs := false
			base := "digitPatterns." + w.Name
			if have.Pattern != w.Pattern {
				otherChanges = append(otherChanges, Change{Field: base + ".pattern", Op: "set", From: have.Pattern, To: w.Pattern})
				upd.Pattern, differs = w.Pattern, true
			}
			if have.Action != w.Action {
				otherChanges = append(otherChanges, Change{Field: base + ".action", Op: "set", From: have.Action, To: w.Action})
				upd.Action, differs = w.Action, true
			}
			if w.TransferEnabled != nil && !eqBool(have.TransferEnabled, *w.TransferEnabled) {
				otherChanges = append(otherChanges, Change{Field: base + ".transferEnabled", Op: "set", From: boolVal(have.TransferEnabled), To: *w.TransferEnabled})
				upd.TransferEnabled, differs = wxc.Bool(*w.TransferEnabled), true
			}
			if differs {
				updates = append(updates, Op{Kind: OpDigitPatternUpdate, Pattern: upd})
			}
		}
		if t.PatternsExclusive {
			for _, x := range dp.DigitPatterns {
				if !wanted[x.Name] {
					delChanges = append(delChanges, Change{Field: "digitPatterns", Op: "delete", From: describePattern(&x)})
					deletes = append(deletes, Op{Kind: OpDigitPatternDelete, Pattern: &wxc.DigitPattern{ID: x.ID, Name: x.Name}})
				}
			}
		}
		ep.Changes = append(ep.Changes, delChanges...)
		ep.Changes = append(ep.Changes, otherChanges...)
		for _, o := range deletes {
			addOp(o, o.Pattern.ID)
		}
		for _, o := range updates {
			addOp(o, o.Pattern.ID)
		}
		for _, o := range creates {
			addOp(o, o.Pattern.Name)
		}
	}
	return ep
}

func describePattern(p *wxc.DigitPattern) string {
	s := fmt.Sprintf("%s %s %s", p.Name, p.Pattern, p.Action)
	if p.TransferEnabled != nil && *p.TransferEnabled {
		s += " transfer"
	}
	return s
}

// sameNumber compares a current number with a desired one; nil and "" are both unset, and
// dashes and spaces do not count (Webex may format numbers with dashes).
func sameNumber(cur *string, want string) bool {
	norm := func(s string) string { return strings.NewReplacer("-", "", " ", "").Replace(s) }
	if cur == nil {
		return want == ""
	}
	return norm(*cur) == norm(want)
}

// compareCallTypes orders call types as wxc.KnownCallTypes, unknown ones last by name.
func compareCallTypes(a, b wxc.CallType) int {
	known := wxc.AllCallTypes()
	ia, ib := slices.Index(known, a), slices.Index(known, b)
	if ia < 0 {
		ia = len(known)
	}
	if ib < 0 {
		ib = len(known)
	}
	if ia != ib {
		return ia - ib
	}
	return strings.Compare(string(a), string(b))
}

// TargetFromSettings returns the target that makes an entity equal to s (restore): every
// flag, the call types when the entity uses its own (a location: always), the transfer
// numbers, and exactly its own access codes and digit patterns. Read-only and unrecognised
// call types are left out; legacy ones (LOCAL, TOLL) are kept, and ComputeRestore checks them
// against the entity's read (wxc.CheckCallType).
func TargetFromSettings(s *snapshot.Settings) *Target {
	t := &Target{CodesExclusive: true, PatternsExclusive: true}
	isLoc := s.Kind == wxc.Location
	if o := s.Outgoing; o != nil {
		custom := isLoc
		if !isLoc {
			setIf(&t.UseCustomEnabled, o.UseCustomEnabled)
			setIf(&t.UseCustomPermissions, o.UseCustomPermissions)
			custom = eqBool(o.UseCustomEnabled, true) && eqBool(o.UseCustomPermissions, true)
			if t.UseCustomEnabled == nil {
				t.UseCustomEnabled = wxc.Bool(false)
			}
			if t.UseCustomPermissions == nil {
				t.UseCustomPermissions = wxc.Bool(false)
			}
		}
		if custom && o.CallingPermissions != nil {
			t.CallTypes = map[wxc.CallType]CallTypeTarget{}
			for _, ct := range o.CallingPermissions.CallTypes() {
				switch wxc.ClassifyCallType(ct) {
				case wxc.CallTypeReadOnly, wxc.CallTypeUnrecognised:
					continue // reported, never written (CASUAL, URL_DIALING, UNKNOWN, unknown ones)
				}
				p, _ := o.CallingPermissions.ForCallType(ct)
				a, tr := p.Action, p.TransferEnabled
				t.CallTypes[ct] = CallTypeTarget{Action: &a, TransferEnabled: &tr}
			}
		}
	}
	if n := s.TransferNumbers; n != nil {
		if !isLoc {
			setIf(&t.UseCustomTransferNumbers, n.UseCustomTransferNumbers)
		}
		for i, v := range []*string{n.AutoTransferNumber1, n.AutoTransferNumber2, n.AutoTransferNumber3} {
			x := ""
			if v != nil {
				x = *v
			}
			t.TransferNumbers[i] = &x
		}
	}
	if a := s.AccessCodes; a != nil {
		if !isLoc {
			setIf(&t.UseCustomAccessCodes, a.UseCustomAccessCodes)
		}
		for _, c := range a.AccessCodes {
			if c.Level == wxc.AuthCodeLevelLocation {
				continue
			}
			t.Codes = append(t.Codes, CodeSpec{Code: c.Code, Description: c.Description})
		}
	}
	if d := s.DigitPatterns; d != nil {
		if !isLoc {
			setIf(&t.UseCustomDigitPatterns, d.UseCustomDigitPatterns)
		}
		for _, x := range d.DigitPatterns {
			tr := x.TransferEnabled
			if tr == nil {
				tr = wxc.Bool(false)
			}
			t.Patterns = append(t.Patterns, PatternSpec{Name: x.Name, Pattern: x.Pattern, Action: x.Action, TransferEnabled: tr})
		}
	}
	return t
}

// ComputeRestore returns the plan that brings each entity of current back to its settings in
// backup (matched by kind and ID). Entities of backup not in current are an error, and so is a
// saved call type that wxc.CheckCallType refuses for the entity as it reads now (a legacy call
// type saved where the service reported it, restored after the service stopped reporting it).
func ComputeRestore(current, backup []snapshot.Settings) (Plan, error) {
	idx := map[string]int{}
	for i, c := range current {
		idx[string(c.Kind)+"/"+c.ID] = i
	}
	var p Plan
	var missing []string
	refused := map[wxc.CallType][]int{}
	var refusedOrder []wxc.CallType
	for i := range backup {
		b := &backup[i]
		j, ok := idx[string(b.Kind)+"/"+b.ID]
		if !ok {
			missing = append(missing, fmt.Sprintf("%s %s (%s)", b.Kind, b.ID, b.Name))
			continue
		}
		t := TargetFromSettings(b)
		bad := false
		for ct := range t.CallTypes {
			if wxc.CheckCallType(current[j].Kind, ct, reportedCallTypes(&current[j])) != nil {
				if _, seen := refused[ct]; !seen {
					refusedOrder = append(refusedOrder, ct)
				}
				refused[ct] = append(refused[ct], j)
				bad = true
			}
		}
		if bad {
			continue
		}
		ep := Diff(&current[j], t)
		if len(ep.Ops) > 0 {
			p.Entities = append(p.Entities, ep)
		}
	}
	var errs []string
	if len(missing) > 0 {
		errs = append(errs, fmt.Sprintf("%d entities of the backup no longer exist: %s", len(missing), strings.Join(missing, ", ")))
	}
	slices.SortFunc(refusedOrder, compareCallTypes)
	for _, ct := range refusedOrder {
		js := refused[ct]
		slices.Sort(js)
		msg := fmt.Sprintf("the backup sets %s for %d %s whose read does not report it now, so it cannot be restored there", ct, len(js), plural(len(js), "entity", "entities"))
		if wxc.ClassifyCallType(ct) == wxc.CallTypeLegacy {
			msg += " (a legacy call type: the service no longer has it for them)"
		}
		msg += ":" + listEntities(current, js)
		errs = append(errs, msg)
	}
	if len(errs) > 0 {
		return p, errors.New(strings.Join(errs, "\n"))
	}
	return p, nil
}
