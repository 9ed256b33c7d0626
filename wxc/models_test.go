package wxc

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPerson15Decode(t *testing.T) {
	t.Parallel()
	o := mustDecodeModel[OutgoingPermissions](t, person15)
	if o.UseCustomEnabled == nil || *o.UseCustomEnabled || o.UseCustomPermissions == nil || *o.UseCustomPermissions {
		t.Errorf("useCustom* = %v %v", o.UseCustomEnabled, o.UseCustomPermissions)
	}
	if d := cmp.Diff(AllCallTypes(), o.CallingPermissions.CallTypes()); d != "" {
		t.Errorf("wire order (-want +got):\n%s", d)
	}
	blocked := map[CallType]bool{CallTypeInternational: true, CallTypePremiumServicesI: true, CallTypePremiumServicesII: true, CallTypeCasual: true}
	for _, ct := range AllCallTypes() {
		p, ok := o.CallingPermissions.ForCallType(ct)
		want := CallTypePermission{Action: ActionAllow, TransferEnabled: true}
		if blocked[ct] {
			want = CallTypePermission{Action: ActionBlock}
		}
		if !ok || cmp.Diff(want, p, modelCmp) != "" {
			t.Errorf("%s = %+v, %v; want %+v", ct, p, ok, want)
		}
	}
	if len(o.Extra) != 0 {
		t.Errorf("Extra = %v", o.Extra)
	}
}

func TestForCallType(t *testing.T) {
	t.Parallel()
	o := mustDecodeModel[OutgoingPermissions](t, `{"callingPermissions": [
		{"callType": "NATIONAL", "action": "BLOCK", "transferEnabled": false},
		{"callType": "MADE_UP", "action": "BLOCK", "transferEnabled": true}]}`)
	cp := o.CallingPermissions
	tests := []struct {
		ct     CallType
		want   CallTypePermission
		wantOK bool
	}{
		{CallTypeNational, CallTypePermission{Action: ActionBlock}, true},
		{"MADE_UP", CallTypePermission{Action: ActionBlock, TransferEnabled: true}, true},
		{"made_up", CallTypePermission{Action: ActionBlock, TransferEnabled: true}, true}, // wxc_sdk lower-cases strings
		{"national", CallTypePermission{Action: ActionBlock}, true},
		{CallTypeToll, CallTypePermission{}, false},
		{"nonexist", CallTypePermission{}, false},
	}
	for _, tt := range tests {
		got, ok := cp.ForCallType(tt.ct)
		if ok != tt.wantOK || cmp.Diff(tt.want, got, modelCmp) != "" {
			t.Errorf("ForCallType(%s) = %+v, %v; want %+v, %v", tt.ct, got, ok, tt.want, tt.wantOK)
		}
	}
	var nilCP *CallingPermissions
	if _, ok := nilCP.ForCallType(CallTypeNational); ok || nilCP.Len() != 0 || nilCP.CallTypes() != nil || len(nilCP.Map()) != 0 {
		t.Error("nil CallingPermissions is not empty")
	}
	// The returned value is a copy.
	got, _ := cp.ForCallType(CallTypeNational)
	got.Action = ActionAllow
	if again, _ := cp.ForCallType(CallTypeNational); again.Action != ActionBlock {
		t.Error("ForCallType returned shared state")
	}
}

func TestAllowAllAndDefault(t *testing.T) {
	t.Parallel()
	// Spec §7.3, values and declaration order exactly.
	const allowAll = `[
		{"callType":"INTERNAL_CALL","action":"ALLOW","transferEnabled":true},
		{"callType":"LOCAL","action":"ALLOW","transferEnabled":true},
		{"callType":"TOLL_FREE","action":"ALLOW","transferEnabled":true},
		{"callType":"TOLL","action":"ALLOW","transferEnabled":true},
		{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true},
		{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":true},
		{"callType":"OPERATOR_ASSISTED","action":"ALLOW","transferEnabled":true},
		{"callType":"CHARGEABLE_DIRECTORY_ASSISTED","action":"ALLOW","transferEnabled":true},
		{"callType":"SPECIAL_SERVICES_I","action":"ALLOW","transferEnabled":true},
		{"callType":"SPECIAL_SERVICES_II","action":"ALLOW","transferEnabled":true},
		{"callType":"PREMIUM_SERVICES_I","action":"ALLOW","transferEnabled":true},
		{"callType":"PREMIUM_SERVICES_II","action":"ALLOW","transferEnabled":true}]`
	const deflt = `[
		{"callType":"INTERNAL_CALL","action":"ALLOW","transferEnabled":true},
		{"callType":"LOCAL","action":"ALLOW","transferEnabled":true},
		{"callType":"TOLL_FREE","action":"ALLOW","transferEnabled":true},
		{"callType":"TOLL","action":"ALLOW","transferEnabled":true},
		{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true},
		{"callType":"INTERNATIONAL","action":"BLOCK","transferEnabled":false},
		{"callType":"OPERATOR_ASSISTED","action":"ALLOW","transferEnabled":true},
		{"callType":"CHARGEABLE_DIRECTORY_ASSISTED","action":"ALLOW","transferEnabled":true},
		{"callType":"SPECIAL_SERVICES_I","action":"ALLOW","transferEnabled":true},
		{"callType":"SPECIAL_SERVICES_II","action":"ALLOW","transferEnabled":true},
		{"callType":"PREMIUM_SERVICES_I","action":"BLOCK","transferEnabled":false},
		{"callType":"PREMIUM_SERVICES_II","action":"BLOCK","transferEnabled":false}]`
	for name, tt := range map[string]struct {
		got  *CallingPermissions
		want string
	}{"AllowAll": {AllowAllCallingPermissions(), allowAll}, "Default": {DefaultCallingPermissions(), deflt}} {
		b, err := json.Marshal(tt.got)
		if err != nil {
			t.Fatal(err)
		}
		svcAssertJSON(t, b, tt.want)
		if tt.got.Len() != 12 {
			t.Errorf("%s: Len = %d", name, tt.got.Len())
		}
		// Fresh values each call.
		tt.got.Set(CallTypeNational, CallTypePermission{Action: ActionAuthCode})
	}
	if p, _ := DefaultCallingPermissions().ForCallType(CallTypeNational); p.Action != ActionAllow {
		t.Error("DefaultCallingPermissions shares state between calls")
	}
	if d := cmp.Diff(CallTypePermission{Action: ActionAllow, TransferEnabled: true}, DefaultCallTypePermission(), modelCmp); d != "" {
		t.Error(d)
	}
}

func TestCallingPermissionsEditing(t *testing.T) {
	t.Parallel()
	p := DefaultCallingPermissions()
	p.Set(CallTypeNational, CallTypePermission{Action: ActionBlock}) // keeps position
	p.Set("MADE_UP", CallTypePermission{Action: ActionAuthCode})     // appended
	p.Delete(CallTypeLocal)
	p.Delete("NOT_THERE")
	want := []CallType{CallTypeInternalCall, CallTypeTollFree, CallTypeToll, CallTypeNational, CallTypeInternational,
		CallTypeOperatorAssisted, CallTypeChargeableDirectoryAssisted, CallTypeSpecialServicesI, CallTypeSpecialServicesII,
		CallTypePremiumServicesI, CallTypePremiumServicesII, "MADE_UP"}
	if d := cmp.Diff(want, p.CallTypes()); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
	m := p.Map()
	if len(m) != 12 || m[CallTypeNational].Action != ActionBlock || m["MADE_UP"].Action != ActionAuthCode {
		t.Errorf("Map = %v", m)
	}
	if _, ok := m[CallTypeLocal]; ok {
		t.Error("deleted type in Map")
	}
	var zero CallingPermissions // usable zero value
	zero.Set(CallTypeToll, DefaultCallTypePermission())
	if zero.Len() != 1 {
		t.Error("zero value Set")
	}
	if !p.Clone().Equal(p) || p.Clone() == p {
		t.Error("Clone")
	}
	w := p.Without(CallTypeNational, "made_up")
	if w.Len() != 10 || p.Len() != 12 {
		t.Errorf("Without: %d left, original %d", w.Len(), p.Len())
	}
}

func TestCallingPermissionsDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		`{"callingPermissions": {"national": {"action": "BLOCK"}}}`,
		`{"callingPermissions": [{"action": "BLOCK"}]}`,
		`{"callingPermissions": [{"callType": null, "action": "BLOCK"}]}`,
		`{"callingPermissions": [{"callType": 3}]}`,
		`{"callingPermissions": [1]}`,
		`{"callingPermissions": [{"callType": "X", "action": 1}]}`,
		`{"callingPermissions": [{"callType": "X", "transferEnabled": "yes"}]}`,
		`{"useCustomEnabled": "true"}`,
		`[]`,
	} {
		var o OutgoingPermissions
		if err := json.Unmarshal([]byte(in), &o); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

func TestCallingPermissionsDuplicates(t *testing.T) {
	t.Parallel()
	o := mustDecodeModel[OutgoingPermissions](t, `{"callingPermissions": [
		{"callType": "TOLL", "action": "ALLOW", "transferEnabled": true},
		{"callType": "NATIONAL", "action": "ALLOW", "transferEnabled": true},
		{"callType": "TOLL", "action": "BLOCK", "transferEnabled": false}]}`)
	if d := cmp.Diff([]CallType{CallTypeToll, CallTypeNational}, o.CallingPermissions.CallTypes()); d != "" {
		t.Error(d)
	}
	if p, _ := o.CallingPermissions.ForCallType(CallTypeToll); p.Action != ActionBlock {
		t.Errorf("duplicate keeps the last value; got %v", p.Action)
	}
}

// TestUnknownsSurvive: unknown members at every level, unknown call types (in wire order)
// and unknown enum values survive decode -> encode -> decode.
func TestUnknownsSurvive(t *testing.T) {
	t.Parallel()
	in := `{
		"top": {"nested": [1, "two", null]},
		"useCustomEnabled": true,
		"callingPermissions": [
			{"callType": "Z_NEW", "action": "QUARANTINE", "transferEnabled": true, "isCallTypeRestrictionEnabled": true, "why": "x"},
			{"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true},
			{"callType": "A_NEW", "action": "BLOCK", "transferEnabled": false}
		],
		"another": false
	}`
	o := mustDecodeModel[OutgoingPermissions](t, in)
	out, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	svcAssertJSON(t, out, `{"top": {"nested": [1, "two", null]}, "useCustomEnabled": true, "another": false, "callingPermissions": [
			{"action": "QUARANTINE", "transferEnabled": true, "isCallTypeRestrictionEnabled": true, "why": "x", "callType": "Z_NEW"},
			{"action": "ALLOW", "transferEnabled": true, "callType": "INTERNAL_CALL"},
			{"action": "BLOCK", "transferEnabled": false, "callType": "A_NEW"}]}`)
	if !strings.Contains(string(out), `"transferEnabled":true,"isCallTypeRestrictionEnabled":true,"why":"x","callType":"Z_NEW"`) {
		t.Errorf("entry member order is not action, transferEnabled, [extras], callType: %s", out)
	}
	again := mustDecodeModel[OutgoingPermissions](t, string(out))
	if d := cmp.Diff(o, again, modelCmp); d != "" {
		t.Errorf("round trip (-first +second):\n%s", d)
	}
	p, _ := again.CallingPermissions.ForCallType("Z_NEW")
	if p.Action != "QUARANTINE" || p.IsCallTypeRestrictionEnabled == nil || !*p.IsCallTypeRestrictionEnabled || string(p.Extra["why"]) != `"x"` {
		t.Errorf("Z_NEW = %+v", p)
	}
}

// TestModelRoundTrips: each model with unknown members decodes, encodes and decodes to the
// same value, and the encoding holds the unknown members.
func TestModelRoundTrips(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		rt   func(t *testing.T, in []byte) []byte
	}{
		{"OutgoingPermissions", entityPerms, modelRoundTrip[OutgoingPermissions]},
		{"CallingPermissions", `[{"callType":"X","action":"ALLOW","transferEnabled":true,"u":1}]`, modelRoundTrip[CallingPermissions]},
		{"CallTypePermission", `{"action":"TRANSFER_NUMBER_9","transferEnabled":false,"u":{"a":1}}`, modelRoundTrip[CallTypePermission]},
		{"AutoTransferNumbers", `{"useCustomTransferNumbers":false,"autoTransferNumber1":"+1-555","autoTransferNumber2":null,"u":[]}`, modelRoundTrip[AutoTransferNumbers]},
		{"AuthCode", `{"code":"1","description":"d","level":"ORG","u":true}`, modelRoundTrip[AuthCode]},
		{"AuthCodes", accessCodesResp, modelRoundTrip[AuthCodes]},
		{"DigitPattern", digitPatternResp, modelRoundTrip[DigitPattern]},
		{"DigitPatterns", `{"useCustomDigitPatterns":true,"digitPatterns":[{"id":"1","u":1}],"u":"v"}`, modelRoundTrip[DigitPatterns]},
		{"PersonInfo", `{"id":"P","emails":["a"],"phoneNumbers":[{"type":"work","value":"1","primary":true}],"licenses":["l"],"u":1}`, modelRoundTrip[PersonInfo]},
		{"WorkspaceInfo", `{"id":"W","calling":{"type":"webexCalling","webexCalling":{"licenses":["l"]}},"u":1}`, modelRoundTrip[WorkspaceInfo]},
		{"LocationInfo", `{"id":"L","address":{"address1":"a","address2":"b"},"timeZone":"UTC","u":1}`, modelRoundTrip[LocationInfo]},
		{"VirtualLineInfo", `{"id":"V","location":{"id":"L","name":"n","u":2},"number":{"external":"+1","primary":true},"u":1}`, modelRoundTrip[VirtualLineInfo]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := tt.rt(t, []byte(tt.in))
			if out == nil {
				t.Fatal("input did not decode")
			}
			if !strings.Contains(string(out), `"u":`) && tt.name != "OutgoingPermissions" && tt.name != "AuthCodes" && tt.name != "DigitPattern" {
				t.Errorf("unknown member lost: %s", out)
			}
		})
	}
}

func TestAutoTransferNumbers(t *testing.T) {
	t.Parallel()
	n := AutoTransferNumbers{UseCustomTransferNumbers: Bool(false), AutoTransferNumber2: String("+1"), Extra: map[string]jsonRaw{"x": jsonRaw("1")}}
	u := n.ConfigureUnsetNumbers()
	b, _ := json.Marshal(u)
	svcAssertJSON(t, b, `{"useCustomTransferNumbers": false, "autoTransferNumber1": "", "autoTransferNumber2": "+1", "autoTransferNumber3": "", "x": 1}`)
	if n.AutoTransferNumber1 != nil {
		t.Error("ConfigureUnsetNumbers modified its receiver")
	}
	u.Extra["x"] = jsonRaw("2")
	if string(n.Extra["x"]) != "1" {
		t.Error("ConfigureUnsetNumbers shares Extra")
	}
	b, _ = json.Marshal(AutoTransferNumbers{})
	svcAssertJSON(t, b, `{}`)
}

func TestEmptyListsEncodeAsArrays(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(AuthCodes{})
	svcAssertJSON(t, b, `{"accessCodes": []}`)
	b, _ = json.Marshal(DigitPatterns{})
	svcAssertJSON(t, b, `{"digitPatterns": []}`)
	b, _ = json.Marshal(AuthCode{Code: "1"})
	svcAssertJSON(t, b, `{"code": "1", "description": ""}`)
}

func TestEnumsAndKinds(t *testing.T) {
	t.Parallel()
	if len(KnownCallTypes()) != 12 || len(AllCallTypes()) != 15 {
		t.Errorf("KnownCallTypes %d, AllCallTypes %d", len(KnownCallTypes()), len(AllCallTypes()))
	}
	for in, want := range map[string]EntityKind{"person": Person, "workspace": Workspace, "location": Location, "virtual-line": VirtualLine, "virtual_line": VirtualLine, "VirtualLines": VirtualLine} {
		if got, err := ParseEntityKind(in); err != nil || got != want {
			t.Errorf("ParseEntityKind(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEntityKind("device"); err == nil {
		t.Error("ParseEntityKind(device): no error")
	}
	if a, err := ParseAction("transfer-number-1"); err != nil || a != ActionTransferNumber1 {
		t.Errorf("ParseAction = %v, %v", a, err)
	}
	if ct, known := ParseCallType("url dialing"); ct != CallTypeURLDialing || !known {
		t.Errorf("ParseCallType = %v, %v", ct, known)
	}
	if ct, known := ParseCallType("made-up"); ct != "MADE_UP" || known {
		t.Errorf("ParseCallType(made-up) = %v, %v", ct, known)
	}
}

// bench15 is person15 with the 2024-11 member on every entry.
var bench15 = strings.ReplaceAll(person15, `"transferEnabled": true}`, `"transferEnabled": true, "isCallTypeRestrictionEnabled": false}`)

func BenchmarkDecodeOutgoingPermissions(b *testing.B) {
	data := []byte(bench15)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var o OutgoingPermissions
		if err := json.Unmarshal(data, &o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeOutgoingPermissions(b *testing.B) {
	var o OutgoingPermissions
	if err := json.Unmarshal([]byte(bench15), &o); err != nil {
		b.Fatal(err)
	}
	if o.CallingPermissions.Len() != 15 {
		b.Fatalf("%d call types", o.CallingPermissions.Len())
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(o); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCallingPermissionsEncodeSkipsMemberNamesInExtra(t *testing.T) {
	t.Parallel()
	var p CallingPermissions
	p.Set("X<&>", CallTypePermission{Action: "A\"B", Extra: map[string]jsonRaw{"callType": jsonRaw(`"Y"`), "ACTION": jsonRaw(`1`), "k\u00e9": jsonRaw(` [ 1 ] `)}})
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"action":"A\"B","transferEnabled":false,"ké":[1],"callType":"X\u003c\u0026\u003e"}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	p.Set("X<&>", CallTypePermission{Extra: map[string]jsonRaw{"bad": jsonRaw(`{`)}})
	if _, err := json.Marshal(p); err == nil {
		t.Error("invalid Extra JSON encoded without error")
	}
}
