package plan

import (
	"fmt"

	"github.com/wxcgo/go-wxc/wxc"
)

// digitPatterns diffs the digit patterns, matched by name, and their custom switch: a
// pattern t lists is created when missing and updated when it differs; with
// t.PatternsExclusive, patterns t does not list are deleted. The ops come in the order
// switch, deletes, updates, creates (so a deleted pattern makes room for a new one).
func (d *differ) digitPatterns(dp *wxc.DigitPatterns, t *Target) {
	if dp == nil {
		dp = &wxc.DigitPatterns{}
	}
	if v := d.customSwitch("digitPatterns.useCustomDigitPatterns", t.UseCustomDigitPatterns, dp.UseCustomDigitPatterns, len(t.Patterns) > 0, ReasonDigitPatterns); v != nil {
		d.addOp(Op{Kind: OpDigitPatternsCategory, UseCustom: v}, "")
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
	d.ep.Changes = append(d.ep.Changes, delChanges...)
	d.ep.Changes = append(d.ep.Changes, otherChanges...)
	for _, o := range deletes {
		d.addOp(o, o.Pattern.ID)
	}
	for _, o := range updates {
		d.addOp(o, o.Pattern.ID)
	}
	for _, o := range creates {
		d.addOp(o, o.Pattern.Name)
	}
}

func describePattern(p *wxc.DigitPattern) string {
	s := fmt.Sprintf("%s %s %s", p.Name, p.Pattern, p.Action)
	if p.TransferEnabled != nil && *p.TransferEnabled {
		s += " transfer"
	}
	return s
}
