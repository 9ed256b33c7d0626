package wxc

import (
	"fmt"
	"slices"
	"strings"
)

// rules.go and rules_values.go are the one home of the outgoing-permission rules: which call
// types can be written, which actions exist, which members each request body has, and (in
// rules_values.go) what makes an access code, a transfer number or a digit pattern valid. Tools (the wxc CLI among them) check input with
// these functions before they send anything.
//
// The service methods do not call them: they send what they are given, as wxc_sdk does, so a
// program can still reach a server whose rules differ. Webex documents few of these limits;
// where it is silent the limits are this package's choice (docs/RULES.md says which),
// and the emulator enforces the same ones.

// CallTypeClass says whether and when a call type can be written.
type CallTypeClass int

// Call type classes.
const (
	// CallTypeSettable: every current API era accepts it in a PUT.
	CallTypeSettable CallTypeClass = iota + 1
	// CallTypeLegacy: LOCAL and TOLL. The mid-2024 service accepted them; today's does not. They
	// are settable for an entity exactly when a read of that entity reports them.
	CallTypeLegacy
	// CallTypeReadOnly: CASUAL, URL_DIALING and UNKNOWN. Reads may report them; a PUT is
	// refused (error 25024).
	CallTypeReadOnly
	// CallTypeUnrecognised: a value this package does not know. It is kept when read and sent
	// back unchanged by OutgoingPermissionsService.Configure, but tools should not write it.
	CallTypeUnrecognised
)

// String returns the class's name.
func (c CallTypeClass) String() string {
	switch c {
	case CallTypeSettable:
		return "settable"
	case CallTypeLegacy:
		return "legacy"
	case CallTypeReadOnly:
		return "read-only"
	case CallTypeUnrecognised:
		return "unrecognised"
	}
	return fmt.Sprintf("CallTypeClass(%d)", int(c))
}

var (
	settableCallTypes = []CallType{
		CallTypeInternalCall, CallTypeTollFree, CallTypeNational, CallTypeInternational,
		CallTypeOperatorAssisted, CallTypeChargeableDirectoryAssisted, CallTypeSpecialServicesI,
		CallTypeSpecialServicesII, CallTypePremiumServicesI, CallTypePremiumServicesII,
	}
	legacyCallTypes   = []CallType{CallTypeLocal, CallTypeToll}
	readOnlyCallTypes = []CallType{CallTypeCasual, CallTypeURLDialing, CallTypeUnknown}
)

// ClassifyCallType returns the class of ct (exact, upper-case wire value).
func ClassifyCallType(ct CallType) CallTypeClass {
	switch {
	case slices.Contains(settableCallTypes, ct):
		return CallTypeSettable
	case slices.Contains(legacyCallTypes, ct):
		return CallTypeLegacy
	case slices.Contains(readOnlyCallTypes, ct):
		return CallTypeReadOnly
	}
	return CallTypeUnrecognised
}

// SettableCallTypes returns the ten call types every current API era accepts for every entity
// kind, in wxc_sdk's declaration order.
func SettableCallTypes() []CallType { return slices.Clone(settableCallTypes) }

// LegacyCallTypes returns LOCAL and TOLL.
func LegacyCallTypes() []CallType { return slices.Clone(legacyCallTypes) }

// ReadOnlyCallTypes returns CASUAL, URL_DIALING and UNKNOWN.
func ReadOnlyCallTypes() []CallType { return slices.Clone(readOnlyCallTypes) }

// WritableCallTypes returns the call types a PUT for an entity of kind may carry, given what a
// read of that entity reported (reported may be nil when nothing was read): the settable ones,
// then the legacy ones that the read reported. The set is the same for every kind today; kind
// is checked so that a caller cannot ask about a kind that has no outgoing permissions.
func WritableCallTypes(kind EntityKind, reported *CallingPermissions) []CallType {
	if !slices.Contains(entityKinds, kind) {
		return nil
	}
	out := SettableCallTypes()
	for _, ct := range legacyCallTypes {
		if _, ok := reported.ForCallType(ct); ok {
			out = append(out, ct)
		}
	}
	return out
}

// CheckCallType returns nil when ct may be written for an entity of kind whose read reported
// reported, else a *ValidationError that says why and lists what may be written. A call type
// whose read says the system enforces its setting (RestrictionEnforced) cannot be written.
func CheckCallType(kind EntityKind, ct CallType, reported *CallingPermissions) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	writable := WritableCallTypes(kind, reported)
	field := "callingPermissions." + string(ct)
	if slices.Contains(writable, ct) {
		if RestrictionEnforced(reported, ct) {
			return &ValidationError{Field: field, Reason: fmt.Sprintf("the system enforces the setting of %s for this %s (isCallTypeRestrictionEnabled); it cannot be changed", ct, kind)}
		}
		return nil
	}
	var why string
	switch ClassifyCallType(ct) {
	case CallTypeLegacy:
		why = fmt.Sprintf("%s is a legacy call type that this %s's service no longer reports, so it cannot be set", ct, kind)
	case CallTypeReadOnly:
		why = readOnlyReason(ct)
	default:
		why = unknownCallTypeReason(ct, writable)
	}
	return &ValidationError{Field: field, Reason: why + "; settable: " + joinCallTypes(writable)}
}

// CheckCallTypeName applies the call-type rules that need no read of an entity: nil for the
// settable and the legacy call types (CheckCallType then decides a legacy one per entity), a
// *ValidationError for read-only and unrecognised ones. Tools use it where a call type is
// named before any entity is read, such as a flag or a desired-state file.
func CheckCallTypeName(ct CallType) error {
	var why string
	switch ClassifyCallType(ct) {
	case CallTypeSettable, CallTypeLegacy:
		return nil
	case CallTypeReadOnly:
		why = readOnlyReason(ct)
	default:
		why = unknownCallTypeReason(ct, append(SettableCallTypes(), legacyCallTypes...))
	}
	return &ValidationError{Field: "callingPermissions." + string(ct),
		Reason: why + "; settable: " + joinCallTypes(settableCallTypes) + ", and " + joinCallTypes(legacyCallTypes) + " for entities whose read reports them"}
}

func readOnlyReason(ct CallType) string {
	return fmt.Sprintf("%s is read-only: Webex reports it but refuses to set it (error 25024)", ct)
}

func unknownCallTypeReason(ct CallType, candidates []CallType) string {
	why := fmt.Sprintf("unknown call type %q", string(ct))
	if s := Suggest(string(ct), callTypeStrings(candidates)); s != "" {
		why += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return why
}

// RestrictionEnforced reports whether reported (a read) says that the system enforces the
// setting of ct (isCallTypeRestrictionEnabled: true), so that it cannot be changed.
func RestrictionEnforced(reported *CallingPermissions, ct CallType) bool {
	p, ok := reported.ForCallType(ct)
	return ok && p.IsCallTypeRestrictionEnabled != nil && *p.IsCallTypeRestrictionEnabled
}

func callTypeStrings(cts []CallType) []string {
	s := make([]string, len(cts))
	for i, c := range cts {
		s[i] = string(c)
	}
	return s
}

func joinCallTypes(cts []CallType) string { return strings.Join(callTypeStrings(cts), ", ") }

func checkKind(kind EntityKind) error {
	if !slices.Contains(entityKinds, kind) {
		return &ValidationError{Field: "kind", Reason: fmt.Sprintf("unknown entity kind %q", string(kind))}
	}
	return nil
}

// CheckAction returns nil when a is one of Actions (exact, upper-case wire value).
func CheckAction(a Action) error {
	if slices.Contains(Actions(), a) {
		return nil
	}
	reason := fmt.Sprintf("unknown action %q", string(a))
	if s := Suggest(string(a), actionStrings()); s != "" {
		reason += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return &ValidationError{Field: "action", Reason: reason + "; want one of " + strings.Join(actionStrings(), ", ")}
}

func actionStrings() []string {
	as := Actions()
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return s
}

// UsesCustomSwitch reports whether entities of kind have the useCustom* switches: people,
// workspaces and virtual lines do; locations do not (their settings always apply). For such an
// entity a change of its own call types, numbers, codes or patterns takes effect only while its
// custom switches are on, so writing them without turning the switches on changes nothing the
// entity does; tools that write them should turn the switches on and say so.
func UsesCustomSwitch(kind EntityKind) bool {
	return kind != Location && slices.Contains(entityKinds, kind)
}

// Request body members, by area and kind: the JSON member names a tool may write.
var (
	callTypePermissionMembers = []string{"callType", "action", "transferEnabled"}
	readOnlyMembers           = []string{"isCallTypeRestrictionEnabled", "id", "level"}
)

// OutgoingPermissionsMembers returns the members of an outgoing-permissions PUT for kind.
func OutgoingPermissionsMembers(kind EntityKind) []string {
	if UsesCustomSwitch(kind) {
		return []string{"useCustomEnabled", "useCustomPermissions", "callingPermissions"}
	}
	return []string{"callingPermissions"}
}

// CallTypePermissionMembers returns the members of one callingPermissions entry in a PUT.
func CallTypePermissionMembers() []string { return slices.Clone(callTypePermissionMembers) }

// TransferNumbersMembers returns the members of an auto-transfer-numbers PUT for kind.
func TransferNumbersMembers(kind EntityKind) []string {
	n := []string{"autoTransferNumber1", "autoTransferNumber2", "autoTransferNumber3"}
	if UsesCustomSwitch(kind) {
		return append([]string{"useCustomTransferNumbers"}, n...)
	}
	return n
}

// DigitPatternMembers returns the members of a digit-pattern create or update body.
func DigitPatternMembers() []string { return []string{"name", "pattern", "action", "transferEnabled"} }

// AccessCodeMembers returns the members of an access-code create body.
func AccessCodeMembers() []string { return []string{"code", "description"} }

// ReadOnlyMembers returns members that reads carry but writes must not: a tool that reads a
// body and writes it back may drop them.
func ReadOnlyMembers() []string { return slices.Clone(readOnlyMembers) }
