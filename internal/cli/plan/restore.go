package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TargetFromSettings returns the target that makes an entity equal to s (restore): every
// flag, the call types when the entity uses its own (a location: always), the transfer
// numbers, and exactly its own access codes and digit patterns. Read-only and unrecognised
// call types are left out; legacy ones (LOCAL, TOLL) are kept, and ComputeRestore checks them
// against the entity's read (wxc.CheckCallType).
func TargetFromSettings(s *snapshot.Settings) *Target {
	t := &Target{CodesExclusive: true, PatternsExclusive: true}
	switches := wxc.UsesCustomSwitch(s.Kind) // a location has none: its call types always apply
	if o := s.Outgoing; o != nil {
		custom := !switches
		if switches {
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
		if switches {
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
		if switches {
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
		if switches {
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
