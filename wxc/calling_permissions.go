package wxc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// CallingPermissions holds a permission per call type. On the wire it is a list of
// {callType, action, transferEnabled, ...}; this type keeps the list's order and every call
// type, known or not, so a read-modify-write sends back what it read. The zero value is empty
// and ready to use.
type CallingPermissions struct {
	order []CallType
	perms map[CallType]CallTypePermission
}

// NewCallingPermissions returns an empty CallingPermissions.
func NewCallingPermissions() *CallingPermissions { return &CallingPermissions{} }

// ForCallType returns the permission for ct and whether there is one (wxc_sdk for_call_type).
func (p *CallingPermissions) ForCallType(ct CallType) (CallTypePermission, bool) {
	if p == nil {
		return CallTypePermission{}, false
	}
	v, ok := p.perms[ct]
	if !ok {
		// wxc_sdk matches a string case-insensitively (it lower-cases it).
		for _, c := range p.order {
			if strings.EqualFold(string(c), string(ct)) {
				return p.perms[c].clone(), true
			}
		}
		return CallTypePermission{}, false
	}
	return v.clone(), true
}

// Set sets the permission for ct. An existing call type keeps its position; a new one is
// appended.
func (p *CallingPermissions) Set(ct CallType, perm CallTypePermission) {
	if p.perms == nil {
		p.perms = make(map[CallType]CallTypePermission)
	}
	if _, ok := p.perms[ct]; !ok {
		p.order = append(p.order, ct)
	}
	p.perms[ct] = perm.clone()
}

// Delete removes ct.
func (p *CallingPermissions) Delete(ct CallType) {
	if p == nil {
		return
	}
	if _, ok := p.perms[ct]; !ok {
		return
	}
	delete(p.perms, ct)
	p.order = slices.DeleteFunc(p.order, func(c CallType) bool { return c == ct })
}

// CallTypes returns the call types in order (wire order for decoded values).
func (p *CallingPermissions) CallTypes() []CallType {
	if p == nil {
		return nil
	}
	return slices.Clone(p.order)
}

// Len returns the number of call types.
func (p *CallingPermissions) Len() int {
	if p == nil {
		return 0
	}
	return len(p.order)
}

// Map returns a copy of the permissions keyed by call type (wxc_sdk permissions_dict; call
// types that are absent are simply not in the map).
func (p *CallingPermissions) Map() map[CallType]CallTypePermission {
	out := make(map[CallType]CallTypePermission, p.Len())
	if p == nil {
		return out
	}
	for ct, v := range p.perms {
		out[ct] = v.clone()
	}
	return out
}

// Clone returns a deep copy.
func (p *CallingPermissions) Clone() *CallingPermissions {
	if p == nil {
		return nil
	}
	out := &CallingPermissions{}
	for _, ct := range p.order {
		out.Set(ct, p.perms[ct])
	}
	return out
}

// Without returns a copy without the given call types (compared case-insensitively, as
// wxc_sdk's drop_call_types).
func (p *CallingPermissions) Without(types ...CallType) *CallingPermissions {
	if p == nil {
		return nil
	}
	out := &CallingPermissions{}
	for _, ct := range p.order {
		if !slices.ContainsFunc(types, func(t CallType) bool { return strings.EqualFold(string(t), string(ct)) }) {
			out.Set(ct, p.perms[ct])
		}
	}
	return out
}

// Equal reports whether p and q hold the same call types with the same settings (order is
// not compared).
func (p *CallingPermissions) Equal(q *CallingPermissions) bool {
	if p.Len() != q.Len() {
		return false
	}
	for _, ct := range p.CallTypes() {
		a := p.perms[ct]
		b, ok := q.perms[ct]
		if !ok || a.Action != b.Action || a.TransferEnabled != b.TransferEnabled {
			return false
		}
	}
	return true
}

// AllowAllCallingPermissions returns the twelve declared call types set to ALLOW with
// transfer enabled (wxc_sdk CallingPermissions.allow_all()).
func AllowAllCallingPermissions() *CallingPermissions {
	p := &CallingPermissions{}
	for _, ct := range knownCallTypes {
		p.Set(ct, DefaultCallTypePermission())
	}
	return p
}

// DefaultCallingPermissions returns the Webex default: everything allowed with transfer,
// except INTERNATIONAL, PREMIUM_SERVICES_I and PREMIUM_SERVICES_II, which are blocked without
// transfer (wxc_sdk CallingPermissions.default()).
func DefaultCallingPermissions() *CallingPermissions {
	p := AllowAllCallingPermissions()
	for _, ct := range []CallType{CallTypeInternational, CallTypePremiumServicesI, CallTypePremiumServicesII} {
		p.Set(ct, CallTypePermission{Action: ActionBlock, TransferEnabled: false})
	}
	return p
}

// UnmarshalJSON decodes the wire list. A call type listed twice keeps its first position and
// its last value. null decodes to an empty value. Member names match case-insensitively, as
// in encoding/json; when several spellings of one member are present the exact one wins.
func (p *CallingPermissions) UnmarshalJSON(b []byte) error {
	*p = CallingPermissions{}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	// One decoding pass for the whole list; the members are then taken out by hand, which is
	// several times faster than decoding every entry into a struct and a map.
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(b, &items); err != nil {
		return fmt.Errorf("callingPermissions: %w", err)
	}
	p.order = make([]CallType, 0, len(items))
	p.perms = make(map[CallType]CallTypePermission, len(items))
	for i, m := range items {
		if m == nil {
			return fmt.Errorf("callingPermissions[%d]: null entry", i)
		}
		ct, perm, err := decodePermissionEntry(m)
		if err != nil {
			return fmt.Errorf("callingPermissions[%d]: %w", i, err)
		}
		if _, ok := p.perms[ct]; !ok {
			p.order = append(p.order, ct)
		}
		p.perms[ct] = perm
	}
	return nil
}

// Member names of one callingPermissions entry.
const (
	memberCallType        = "callType"
	memberAction          = "action"
	memberTransferEnabled = "transferEnabled"
	memberRestriction     = "isCallTypeRestrictionEnabled"
)

var permissionMembers = []string{memberCallType, memberAction, memberTransferEnabled, memberRestriction}

// isPermissionMember reports whether k spells one of permissionMembers (case-insensitively).
func isPermissionMember(k string) bool {
	return slices.ContainsFunc(permissionMembers, func(name string) bool { return strings.EqualFold(k, name) })
}

// decodePermissionEntry takes one decoded entry apart: call type, permission and unknown members.
func decodePermissionEntry(m map[string]json.RawMessage) (CallType, CallTypePermission, error) {
	var perm CallTypePermission
	rawCT := member(m, memberCallType)
	if rawCT == nil || isNull(rawCT) {
		return "", perm, errors.New("no callType")
	}
	ct, err := decodeString(rawCT)
	if err != nil {
		return "", perm, fmt.Errorf("callType: %w", err)
	}
	if raw := member(m, memberAction); raw != nil {
		a, err := decodeString(raw)
		if err != nil {
			return "", perm, fmt.Errorf("action: %w", err)
		}
		perm.Action = Action(a)
	}
	if raw := member(m, memberTransferEnabled); raw != nil && !isNull(raw) {
		if err := json.Unmarshal(raw, &perm.TransferEnabled); err != nil {
			return "", perm, fmt.Errorf("transferEnabled: %w", err)
		}
	}
	if raw := member(m, memberRestriction); raw != nil && !isNull(raw) {
		var v bool
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", perm, fmt.Errorf("isCallTypeRestrictionEnabled: %w", err)
		}
		perm.IsCallTypeRestrictionEnabled = &v
	}
	for k, raw := range m {
		if isPermissionMember(k) {
			continue
		}
		if perm.Extra == nil {
			perm.Extra = make(map[string]json.RawMessage)
		}
		perm.Extra[k] = raw
	}
	return CallType(ct), perm, nil
}

// decodeString decodes a JSON string (null gives ""), with a fast path for plain ASCII.
func decodeString(raw json.RawMessage) (string, error) {
	if n := len(raw); n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		plain := true
		for _, c := range raw[1 : n-1] {
			if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
				plain = false
				break
			}
		}
		if plain {
			return string(raw[1 : n-1]), nil
		}
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// MarshalJSON encodes the wire list in order. Each entry has the permission's members, then
// "callType" (the order wxc_sdk sends).
func (p CallingPermissions) MarshalJSON() ([]byte, error) {
	buf := make([]byte, 0, 2+80*len(p.order))
	buf = append(buf, '[')
	for i, ct := range p.order {
		if i > 0 {
			buf = append(buf, ',')
		}
		var err error
		if buf, err = appendPermissionEntry(buf, ct, p.perms[ct]); err != nil {
			return nil, err
		}
	}
	return append(buf, ']'), nil
}

// appendPermissionEntry writes one wire entry by hand: action, transferEnabled,
// isCallTypeRestrictionEnabled (when set), Extra in key order, callType. Extra members that
// spell one of those names are not written (they would duplicate a member).
func appendPermissionEntry(buf []byte, ct CallType, perm CallTypePermission) ([]byte, error) {
	buf = append(buf, `{"action":`...)
	buf = appendJSONString(buf, string(perm.Action))
	buf = append(buf, `,"transferEnabled":`...)
	buf = strconv.AppendBool(buf, perm.TransferEnabled)
	if perm.IsCallTypeRestrictionEnabled != nil {
		buf = append(buf, `,"isCallTypeRestrictionEnabled":`...)
		buf = strconv.AppendBool(buf, *perm.IsCallTypeRestrictionEnabled)
	}
	keys := unknownKeys(perm.Extra, isPermissionMember)
	buf, err := appendRawMembers(buf, false, keys, perm.Extra)
	if err != nil {
		return nil, err
	}
	buf = append(buf, `,"callType":`...)
	buf = appendJSONString(buf, string(ct))
	return append(buf, '}'), nil
}
