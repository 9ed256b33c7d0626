package plan

import (
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// outgoing diffs the outgoing permissions (the custom switches and the call types t sets)
// into at most one OpOutgoing.
func (d *differ) outgoing(out *wxc.OutgoingPermissions, t *Target) {
	if out == nil {
		out = &wxc.OutgoingPermissions{}
	}
	body := &wxc.OutgoingPermissions{}
	write := false
	enabling := false // a switch is turned on
	sets := len(t.CallTypes) > 0
	if v := d.customSwitch("outgoing.useCustomEnabled", t.UseCustomEnabled, out.UseCustomEnabled, sets, ReasonCallTypes); v != nil {
		body.UseCustomEnabled, write, enabling = v, true, enabling || *v
	}
	if v := d.customSwitch("outgoing.useCustomPermissions", t.UseCustomPermissions, out.UseCustomPermissions, sets, ReasonCallTypes); v != nil {
		body.UseCustomPermissions, write, enabling = v, true, enabling || *v
	}
	cts := make([]wxc.CallType, 0, len(t.CallTypes))
	for ct := range t.CallTypes {
		cts = append(cts, ct)
	}
	slices.SortFunc(cts, compareCallTypes)
	perms := wxc.NewCallingPermissions()
	for _, ct := range cts {
		if next, ok := d.callType(out.CallingPermissions, ct, t.CallTypes[ct], enabling); ok {
			perms.Set(ct, next)
			write = true
		}
	}
	if perms.Len() > 0 {
		body.CallingPermissions = perms
	}
	if write {
		d.addOp(Op{Kind: OpOutgoing, Outgoing: body}, "")
	}
}

// callType diffs one call type against the entity's permissions (cur, which may be nil) and
// returns the permission to send, if any: when it differs, or always while a custom switch is
// turned on (enabling), since that shows the entity's stored values, which may differ from
// the inherited ones compared here.
func (d *differ) callType(cur *wxc.CallingPermissions, ct wxc.CallType, want CallTypeTarget, enabling bool) (wxc.CallTypePermission, bool) {
	have, ok := wxc.CallTypePermission{}, false
	if cur != nil {
		have, ok = cur.ForCallType(ct)
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
		d.change("outgoing.callingPermissions."+string(ct), from, *want.Action, "")
		differs = true
	}
	if want.TransferEnabled != nil && (!ok || have.TransferEnabled != *want.TransferEnabled) {
		var from any
		if ok {
			from = have.TransferEnabled
		}
		d.change("outgoing.callingPermissions."+string(ct)+".transferEnabled", from, *want.TransferEnabled, "")
		differs = true
	}
	if !differs && !enabling {
		return next, false
	}
	if want.Action != nil {
		next.Action = *want.Action
	}
	if want.TransferEnabled != nil {
		next.TransferEnabled = *want.TransferEnabled
	}
	return next, true
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
