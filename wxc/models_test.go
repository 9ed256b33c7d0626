package wxc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// jsonRaw shortens json.RawMessage in test tables.
type jsonRaw = json.RawMessage

// semanticRawJSON compares raw JSON values by meaning (whitespace, escapes, key order).
func semanticRawJSON(a, b json.RawMessage) bool {
	da := json.NewDecoder(bytes.NewReader(a))
	da.UseNumber()
	db := json.NewDecoder(bytes.NewReader(b))
	db.UseNumber()
	var va, vb any
	if da.Decode(&va) != nil || db.Decode(&vb) != nil {
		return bytes.Equal(a, b)
	}
	return reflect.DeepEqual(va, vb)
}

// modelCmp compares models: CallingPermissions by order and content, Extra values by
// meaning, nil and empty the same.
var modelCmp = cmp.Options{
	cmp.AllowUnexported(CallingPermissions{}),
	cmp.Comparer(semanticRawJSON),
	cmpopts.EquateEmpty(),
}

// mustDecodeModel decodes s into a new T.
func mustDecodeModel[T any](t testing.TB, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, s)
	}
	return v
}

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
		assertJSON(t, b, tt.want)
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
	assertJSON(t, out, `{"top": {"nested": [1, "two", null]}, "useCustomEnabled": true, "another": false, "callingPermissions": [
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
	assertJSON(t, b, `{"useCustomTransferNumbers": false, "autoTransferNumber1": "", "autoTransferNumber2": "+1", "autoTransferNumber3": "", "x": 1}`)
	if n.AutoTransferNumber1 != nil {
		t.Error("ConfigureUnsetNumbers modified its receiver")
	}
	u.Extra["x"] = jsonRaw("2")
	if string(n.Extra["x"]) != "1" {
		t.Error("ConfigureUnsetNumbers shares Extra")
	}
	b, _ = json.Marshal(AutoTransferNumbers{})
	assertJSON(t, b, `{}`)
}

func TestEmptyListsEncodeAsArrays(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(AuthCodes{})
	assertJSON(t, b, `{"accessCodes": []}`)
	b, _ = json.Marshal(DigitPatterns{})
	assertJSON(t, b, `{"digitPatterns": []}`)
	b, _ = json.Marshal(AuthCode{Code: "1"})
	assertJSON(t, b, `{"code": "1", "description": ""}`)
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

// modelRoundTrip checks the unknown-field round trip for one input: if in decodes into a T, then
// encode -> decode gives the same value (by meaning), and encoding that again gives the same
// bytes. It returns the first encoding, or nil when in does not decode (nothing to check).
func modelRoundTrip[T any](t *testing.T, in []byte) []byte {
	t.Helper()
	var first T
	if err := json.Unmarshal(in, &first); err != nil {
		return nil
	}
	enc1, err := json.Marshal(first)
	if err != nil {
		t.Fatalf("encode %T: %v\ninput: %q", first, err, in)
	}
	var second T
	if err := json.Unmarshal(enc1, &second); err != nil {
		t.Fatalf("decode own encoding of %T: %v\ninput: %q\nencoding: %s", first, err, in, enc1)
	}
	if d := cmp.Diff(first, second, modelCmp); d != "" {
		t.Fatalf("%T changed in the round trip (-first +second):\n%s\ninput: %q\nencoding: %s", first, d, in, enc1)
	}
	enc2, err := json.Marshal(second)
	if err != nil {
		t.Fatalf("re-encode %T: %v", second, err)
	}
	if !bytes.Equal(enc1, enc2) {
		t.Fatalf("%T encoding is not stable:\n%s\n%s", first, enc1, enc2)
	}
	return enc1
}

// fuzzSeeds are shared inputs; each target adds its own typical bodies too.
var fuzzSeeds = []string{
	`{}`, `null`, `[]`, `{"u":1}`, `{"U":{"a":[1,2.50,"<x>"]},"u":"\u00e9"}`,
}

func addSeeds(f *testing.F, own ...string) {
	for _, s := range append(own, fuzzSeeds...) {
		f.Add([]byte(s))
	}
}

func FuzzOutgoingPermissions(f *testing.F) {
	addSeeds(f, person15, entityPerms, locationPerms, bench15,
		`{"callingPermissions":null}`, `{"callingPermissions":[]}`, `{"Action":"x","useCustomEnabled":null,"USECUSTOMENABLED":true}`,
		`{"callingPermissions":[{"callType":"A","CALLTYPE":"B","action":"ALLOW"},{"callType":"A","action":"BLOCK"}]}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[OutgoingPermissions](t, in) })
}

func FuzzCallingPermissions(f *testing.F) {
	addSeeds(f, `[{"callType":"INTERNAL_CALL","action":"ALLOW","transferEnabled":true}]`,
		`[{"callType":"MADE_UP","action":"QUARANTINE","transferEnabled":true,"x":{"y":null}},{"callType":"TOLL"}]`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[CallingPermissions](t, in) })
}

func FuzzCallTypePermission(f *testing.F) {
	addSeeds(f, `{"action":"BLOCK","transferEnabled":false,"isCallTypeRestrictionEnabled":true,"callType":"X"}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[CallTypePermission](t, in) })
}

func FuzzAutoTransferNumbers(f *testing.F) {
	addSeeds(f, transferEntity, transferLocation, `{"autoTransferNumber1":"","useCustomTransferNumbers":false}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[AutoTransferNumbers](t, in) })
}

func FuzzAuthCode(f *testing.F) {
	addSeeds(f, `{"code":"4856","description":"Marketing's access code","level":"CUSTOM"}`, `{"code":"1","level":"NEW","z":[]}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[AuthCode](t, in) })
}

func FuzzAuthCodes(f *testing.F) {
	addSeeds(f, accessCodesResp, locationAccessCodesResp, `{"accessCodes":null}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[AuthCodes](t, in) })
}

func FuzzDigitPattern(f *testing.F) {
	addSeeds(f, digitPatternResp, `{"id":"","transferEnabled":null}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[DigitPattern](t, in) })
}

func FuzzDigitPatterns(f *testing.F) {
	addSeeds(f, digitPatternsResp, `{"digitPatterns":[]}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[DigitPatterns](t, in) })
}

func FuzzPersonInfo(f *testing.F) {
	addSeeds(f, `{"id":"P1","emails":["a@x"],"displayName":"A","locationId":"L","extension":"1","phoneNumbers":[{"type":"work","value":"+1","primary":true}],"created":"2024"}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[PersonInfo](t, in) })
}

func FuzzWorkspaceInfo(f *testing.F) {
	addSeeds(f, `{"id":"W1","displayName":"Lobby","calling":{"type":"webexCalling","webexCalling":{"licenses":["x"]}},"type":"notSet"}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[WorkspaceInfo](t, in) })
}

func FuzzLocationInfo(f *testing.F) {
	addSeeds(f, `{"id":"L1","name":"Denver","orgId":"O","address":{"address1":"123 Some St.","address2":"Suite 456","city":"Supercity","state":"Goodstate","postalCode":"12345","country":"US"},"latitude":"1"}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[LocationInfo](t, in) })
}

func FuzzVirtualLineInfo(f *testing.F) {
	addSeeds(f, `{"id":"V1","firstName":"F","lastName":"L","displayName":"F L","location":{"id":"L1","name":"A"},"number":{"external":"+1","extension":"1","primary":true},"numberOfDevicesAssigned":0}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[VirtualLineInfo](t, in) })
}
