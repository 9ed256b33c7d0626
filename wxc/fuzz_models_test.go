package wxc

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
