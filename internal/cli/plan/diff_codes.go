package plan

import (
	"slices"

	"github.com/wxcgo/go-wxc/wxc"
)

// accessCodes diffs the entity's own access codes (codes of level LOCATION are inherited,
// not the entity's to change) and its custom switch: a code t lists is created when missing
// and deleted and created again when its description differs; with t.CodesExclusive, own
// codes t does not list are deleted.
//
// A person, workspace or virtual line gets one OpAccessCodesModify (the switch and every code
// to delete) and one OpAccessCodeCreate per code. A location, whose codes the location
// access-code API keeps, gets OpLocationCodesDelete and one OpLocationCodesCreate with every
// code (that API creates several codes in one request); those op kinds stay as they are
// because a plan's JSON and the journals of unfinished runs name them.
func (d *differ) accessCodes(kind wxc.EntityKind, ac *wxc.AuthCodes, t *Target) {
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
	useCustom := d.customSwitch("accessCodes.useCustomAccessCodes", t.UseCustomAccessCodes, ac.UseCustomAccessCodes, len(t.Codes) > 0, ReasonAccessCodes)
	d.ep.Changes = append(d.ep.Changes, codeChanges...)
	if kind == wxc.Location {
		if len(del) > 0 {
			d.addOp(Op{Kind: OpLocationCodesDelete, DeleteCodes: del}, "")
		}
		if len(create) > 0 {
			d.addOp(Op{Kind: OpLocationCodesCreate, Codes: create}, "")
		}
		return
	}
	if useCustom != nil || len(del) > 0 {
		d.addOp(Op{Kind: OpAccessCodesModify, UseCustom: useCustom, DeleteCodes: del}, "")
	}
	for _, c := range create {
		d.addOp(Op{Kind: OpAccessCodeCreate, Codes: []wxc.AuthCode{c}}, c.Code)
	}
}
