package input

import (
	"reflect"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// The schemas of the request bodies that -f files hold. The allowed keys come from the SDK's
// member lists (wxc.OutgoingPermissionsMembers and friends); the type of each member from the
// json tags of the SDK model that carries it. Nothing here lists wire members of its own.

// OutgoingPermissions is the schema of an outgoing-permissions body for kind: the members of
// a PUT, and in each callingPermissions entry also the read-only members that a read prints
// (isCallTypeRestrictionEnabled), so that the output of `wxc outgoing get -o yaml` is
// accepted as it is. What the command does with read-only members is its decision.
func OutgoingPermissions(kind wxc.EntityKind) *Schema {
	model := reflect.TypeFor[wxc.OutgoingPermissions]()
	s := &Schema{Type: Object}
	for _, m := range wxc.OutgoingPermissionsMembers(kind) {
		var ms *Schema
		if f, ok := jsonField(model, m); ok && f.Type == reflect.TypeFor[*wxc.CallingPermissions]() {
			ms = ArrayOf(CallTypePermission())
		} else {
			ms = memberSchema(model, m)
		}
		s.Fields = append(s.Fields, Field{Name: m, Schema: ms})
	}
	if !wxc.UsesCustomSwitch(kind) {
		s.UnknownHint = noSwitchHint(kind, wxc.OutgoingPermissionsMembers(wxc.Person))
	}
	return s
}

// CallTypePermission is the schema of one callingPermissions entry: the members of a PUT
// entry, then the read-only members the SDK model reads.
func CallTypePermission() *Schema {
	model := reflect.TypeFor[wxc.CallTypePermission]()
	s := &Schema{Type: Object}
	for _, m := range wxc.CallTypePermissionMembers() {
		s.Fields = append(s.Fields, Field{Name: m, Schema: memberSchema(model, m)})
	}
	for _, m := range wxc.ReadOnlyMembers() {
		if _, ok := jsonField(model, m); ok {
			s.Fields = append(s.Fields, Field{Name: m, Schema: memberSchema(model, m)})
		}
	}
	return s
}

// TransferNumbers is the schema of an auto-transfer-numbers body for kind.
func TransferNumbers(kind wxc.EntityKind) *Schema {
	model := reflect.TypeFor[wxc.AutoTransferNumbers]()
	s := &Schema{Type: Object}
	for _, m := range wxc.TransferNumbersMembers(kind) {
		s.Fields = append(s.Fields, Field{Name: m, Schema: memberSchema(model, m)})
	}
	if !wxc.UsesCustomSwitch(kind) {
		s.UnknownHint = noSwitchHint(kind, wxc.TransferNumbersMembers(wxc.Person))
	}
	return s
}

// IsReadOnlyMember reports whether name is one of wxc.ReadOnlyMembers.
func IsReadOnlyMember(name string) bool { return slices.Contains(wxc.ReadOnlyMembers(), name) }

func noSwitchHint(kind wxc.EntityKind, withSwitch []string) func(string) string {
	return func(key string) string {
		if slices.Contains(withSwitch, key) {
			return string(kind) + "s have no use-custom switch: their settings always apply"
		}
		return ""
	}
}

// memberSchema is the schema of the member name of the SDK model t, from its Go type; a
// member the model does not declare as a field (callType, which CallingPermissions encodes
// itself) is text.
func memberSchema(t reflect.Type, name string) *Schema {
	f, ok := jsonField(t, name)
	if !ok {
		return StringSchema()
	}
	return FromType(f.Type, "json", nil)
}

// jsonField finds the field of struct t whose json name is name.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
