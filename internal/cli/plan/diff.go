package plan

import (
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

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
//
// The areas are diffed in this order, each in its own file: outgoing permissions
// (diff_outgoing.go), auto transfer numbers (diff_transfer.go), access codes (diff_codes.go),
// digit patterns (diff_patterns.go).
func Diff(cur *snapshot.Settings, t *Target) EntityPlan {
	d := &differ{
		ep:       EntityPlan{Entity: cur.Entity, Changes: []Change{}, Ops: []Op{}},
		switches: wxc.UsesCustomSwitch(cur.Kind),
		prefix:   string(cur.Kind) + "/" + cur.ID + "/",
	}
	d.outgoing(cur.Outgoing, t)
	d.transferNumbers(cur.TransferNumbers, t)
	d.accessCodes(cur.Kind, cur.AccessCodes, t)
	d.digitPatterns(cur.DigitPatterns, t)
	return d.ep
}

// differ collects one entity's plan while Diff walks the areas.
type differ struct {
	ep       EntityPlan
	switches bool   // the entity has custom switches (wxc.UsesCustomSwitch)
	prefix   string // of the op IDs: kind/id/
}

// change records a "set" change.
func (d *differ) change(field string, from, to any, reason string) {
	d.ep.Changes = append(d.ep.Changes, Change{Field: field, Op: "set", From: from, To: to, Reason: reason})
}

// addOp adds o with its ID: kind/id/opKind, then /key when key is given.
func (d *differ) addOp(o Op, key string) {
	o.ID = d.prefix + string(o.Kind)
	if key != "" {
		o.ID += "/" + key
	}
	d.ep.Ops = append(d.ep.Ops, o)
}

// customSwitch decides an area's custom switch (field) for an entity that has switches: it
// returns the value to write (nil: none) and records the change. want is the file's value,
// cur the entity's, uses whether the file sets values of the area (see implicitOn). An entity
// without switches gets nil.
func (d *differ) customSwitch(field string, want, cur *bool, uses bool, reason string) *bool {
	if !d.switches {
		return nil
	}
	v, why := implicitOn(want, cur, uses, reason)
	if v == nil || eqBool(cur, *v) {
		return nil
	}
	d.change(field, boolVal(cur), *v, why)
	return wxc.Bool(*v)
}

// implicitOn returns the switch value to write: want when the file sets it; otherwise true,
// with reason, when the file sets values that take effect only with the switch on (uses) and
// the entity reports the switch off. A switch the read does not report (nil) is left alone.
func implicitOn(want, cur *bool, uses bool, reason string) (*bool, string) {
	if want != nil || !uses || cur == nil || *cur {
		return want, ""
	}
	return wxc.Bool(true), reason
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
