package wxc

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestClassifyCallType(t *testing.T) {
	want := map[CallType]CallTypeClass{
		CallTypeInternalCall: CallTypeSettable, CallTypeNational: CallTypeSettable, CallTypePremiumServicesII: CallTypeSettable,
		CallTypeLocal: CallTypeLegacy, CallTypeToll: CallTypeLegacy,
		CallTypeCasual: CallTypeReadOnly, CallTypeURLDialing: CallTypeReadOnly, CallTypeUnknown: CallTypeReadOnly,
		"MADE_UP": CallTypeUnrecognised, "international": CallTypeUnrecognised,
	}
	for ct, c := range want {
		if got := ClassifyCallType(ct); got != c {
			t.Errorf("ClassifyCallType(%s) = %v, want %v", ct, got, c)
		}
	}
	// Every constant has exactly one class and the classes partition AllCallTypes.
	n := len(SettableCallTypes()) + len(LegacyCallTypes()) + len(ReadOnlyCallTypes())
	if n != len(AllCallTypes()) {
		t.Errorf("classes cover %d call types, AllCallTypes has %d", n, len(AllCallTypes()))
	}
	for _, ct := range AllCallTypes() {
		if ClassifyCallType(ct) == CallTypeUnrecognised {
			t.Errorf("%s has no class", ct)
		}
	}
}

func TestWritableCallTypesFollowsTheRead(t *testing.T) {
	current := NewCallingPermissions()
	current.Set(CallTypeInternalCall, DefaultCallTypePermission())
	legacy := current.Clone()
	legacy.Set(CallTypeLocal, DefaultCallTypePermission())
	legacy.Set(CallTypeToll, DefaultCallTypePermission())
	legacy.Set(CallTypeCasual, DefaultCallTypePermission())

	for _, kind := range EntityKinds() {
		if err := CheckCallType(kind, CallTypeInternational, nil); err != nil {
			t.Errorf("%s INTERNATIONAL with no read: %v", kind, err)
		}
		if err := CheckCallType(kind, CallTypeLocal, current); err == nil || !strings.Contains(err.Error(), "legacy") {
			t.Errorf("%s LOCAL on a current read: %v, want a legacy refusal", kind, err)
		}
		if err := CheckCallType(kind, CallTypeLocal, nil); err == nil {
			t.Errorf("%s LOCAL with no read: accepted", kind)
		}
		if err := CheckCallType(kind, CallTypeToll, legacy); err != nil {
			t.Errorf("%s TOLL on a read that reports it: %v", kind, err)
		}
		err := CheckCallType(kind, CallTypeCasual, legacy)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != "callingPermissions.CASUAL" || !strings.Contains(ve.Reason, "read-only") {
			t.Errorf("%s CASUAL: %v, want a read-only refusal naming the field", kind, err)
		}
	}
	if err := CheckCallType(Person, "INTERNATINAL", nil); err == nil || !strings.Contains(err.Error(), "did you mean INTERNATIONAL") {
		t.Errorf("typo: %v", err)
	}
	if err := CheckCallType("robot", CallTypeNational, nil); err == nil {
		t.Error("unknown kind accepted")
	}
	if got := WritableCallTypes(Location, legacy); !slices.Contains(got, CallTypeLocal) || slices.Contains(got, CallTypeCasual) {
		t.Errorf("WritableCallTypes = %v", got)
	}
}

func TestCheckAction(t *testing.T) {
	for _, a := range Actions() {
		if err := CheckAction(a); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
	for _, a := range []Action{"", "allow", "BLOK", "TRANSFER_NUMBER_4"} {
		if err := CheckAction(a); err == nil {
			t.Errorf("%q accepted", a)
		}
	}
	if err := CheckAction("BLOK"); !strings.Contains(err.Error(), "did you mean BLOCK") {
		t.Errorf("BLOK: %v", err)
	}
}

func TestValueChecks(t *testing.T) {
	cases := []struct {
		name  string
		check func(string) error
		ok    []string
		bad   []string
	}{
		{"code", CheckAccessCode, []string{"1", "4856", "0123456789"}, []string{"", "12345678901", "12a", "+12", " 12"}},
		{"description", CheckAccessCodeDescription, []string{"x", strings.Repeat("é", 255)}, []string{"", "  ", strings.Repeat("d", 256), "\xff"}},
		{"number", CheckTransferNumber, []string{"", "+14085551234", "+1 (408) 555-1234", "12"}, []string{"1", "+", "abc", "1+2", "408.555.1234", strings.Repeat("1", 21)}},
		{"pattern", CheckDigitPattern, []string{"1XXX", "+496196!", "*72", "#9", "X"}, []string{"", "+", "!", "+!", "1xxx", "12!3", "1 2", strings.Repeat("1", 41)}},
		{"name", CheckDigitPatternName, []string{"n", strings.Repeat("ü", 80)}, []string{"", " ", strings.Repeat("n", 81)}},
	}
	for _, c := range cases {
		for _, v := range c.ok {
			if err := c.check(v); err != nil {
				t.Errorf("%s %q: %v", c.name, v, err)
			}
		}
		for _, v := range c.bad {
			err := c.check(v)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s %q: %v, want a *ValidationError", c.name, v, err)
			}
		}
	}
	if err := CheckDigitPattern("1xxx"); !strings.Contains(err.Error(), "write X") {
		t.Errorf("lower-case x: %v", err)
	}
}

func TestCheckBodies(t *testing.T) {
	perms := NewCallingPermissions()
	perms.Set(CallTypeInternational, CallTypePermission{Action: ActionBlock})
	perms.Set(CallTypeCasual, CallTypePermission{Action: ActionBlock})
	perms.Set(CallTypeNational, CallTypePermission{Action: "NOPE"})
	err := CheckOutgoingPermissions(Location, &OutgoingPermissions{UseCustomEnabled: Bool(true), CallingPermissions: perms}, nil)
	for _, want := range []string{"useCustomEnabled", "callingPermissions.CASUAL", "callingPermissions.NATIONAL.action"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckOutgoingPermissions: %v, want a problem with %s", err, want)
		}
	}
	if err != nil && strings.Contains(err.Error(), "callingPermissions.INTERNATIONAL") {
		t.Errorf("INTERNATIONAL=BLOCK reported: %v", err)
	}
	good := NewCallingPermissions()
	good.Set(CallTypeInternational, CallTypePermission{Action: ActionAuthCode})
	if err := CheckOutgoingPermissions(Person, &OutgoingPermissions{UseCustomEnabled: Bool(true), CallingPermissions: good}, nil); err != nil {
		t.Errorf("good body: %v", err)
	}

	bad := "x1"
	if err := CheckAutoTransferNumbers(Person, &AutoTransferNumbers{AutoTransferNumber2: &bad}); err == nil || !strings.Contains(err.Error(), "autoTransferNumber2") {
		t.Errorf("CheckAutoTransferNumbers: %v", err)
	}
	if err := CheckAutoTransferNumbers(Location, &AutoTransferNumbers{UseCustomTransferNumbers: Bool(true)}); err == nil {
		t.Error("location use-custom accepted")
	}
	if err := CheckDigitPatternBody(&DigitPattern{Name: "n"}, true); err == nil || !strings.Contains(err.Error(), "pattern") || !strings.Contains(err.Error(), "action") {
		t.Errorf("create without pattern/action: %v", err)
	}
	if err := CheckDigitPatternBody(&DigitPattern{ID: "x", Name: "n2"}, false); err != nil {
		t.Errorf("update of the name only: %v", err)
	}
}

func TestBodyMembers(t *testing.T) {
	if got := OutgoingPermissionsMembers(Location); !slices.Equal(got, []string{"callingPermissions"}) {
		t.Errorf("location members %v", got)
	}
	if got := TransferNumbersMembers(Person); !slices.Contains(got, "useCustomTransferNumbers") || len(got) != 4 {
		t.Errorf("person transfer members %v", got)
	}
	if UsesCustomSwitch(Location) || !UsesCustomSwitch(VirtualLine) || UsesCustomSwitch("robot") {
		t.Error("UsesCustomSwitch")
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"useCustomEnabled", "useCustomPermissions", "callingPermissions"}
	for in, want := range map[string]string{
		"useCustomEnabeld": "useCustomEnabled", "callingpermissions": "callingPermissions",
		"usecustompermission": "useCustomPermissions", "zzz": "", "": "",
	} {
		if got := Suggest(in, keys); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Suggest("x", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}

func TestCheckCallTypeNameAndEnforced(t *testing.T) {
	for _, ct := range append(SettableCallTypes(), LegacyCallTypes()...) {
		if err := CheckCallTypeName(ct); err != nil {
			t.Errorf("%s: %v", ct, err)
		}
	}
	for ct, want := range map[CallType]string{CallTypeCasual: "read-only", "PREMIUM_SERVICE_I": "did you mean PREMIUM_SERVICES_I", "NOPE": "unknown call type"} {
		if err := CheckCallTypeName(ct); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", ct, err, want)
		}
	}
	read := NewCallingPermissions()
	read.Set(CallTypeInternational, CallTypePermission{Action: ActionBlock, IsCallTypeRestrictionEnabled: Bool(true)})
	read.Set(CallTypeNational, CallTypePermission{Action: ActionAllow, IsCallTypeRestrictionEnabled: Bool(false)})
	if !RestrictionEnforced(read, CallTypeInternational) || RestrictionEnforced(read, CallTypeNational) || RestrictionEnforced(nil, CallTypeNational) {
		t.Error("RestrictionEnforced")
	}
	if err := CheckCallType(Person, CallTypeInternational, read); err == nil || !strings.Contains(err.Error(), "enforces") {
		t.Errorf("enforced INTERNATIONAL: %v", err)
	}
	if err := CheckCallType(Person, CallTypeNational, read); err != nil {
		t.Errorf("NATIONAL: %v", err)
	}
}
