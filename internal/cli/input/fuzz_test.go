package input

import (
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/wxc"
)

// FuzzParse: any input is either refused with Problems or checked and converted without a
// panic; what passes the check converts to JSON.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"useCustomEnabled: true\ncallingPermissions:\n  - {callType: INTERNATIONAL, action: BLOCK}\n",
		`{"callingPermissions": [{"callType": "X", "transferEnabled": true, "a\/b": null}]}`,
		"a: &x {b: 1}\nc: *x\n<<: *x\n",
		"[1, 2.5e3, true, null, \"s\"]",
		"- !!binary aGVsbG8=\n- 0x1F\n- .inf\n",
	} {
		f.Add([]byte(s))
	}
	schema := OutgoingPermissions(wxc.Person)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("f", data)
		if err != nil {
			if _, ok := err.(Problems); !ok {
				t.Fatalf("Parse error %T: %v", err, err)
			}
			return
		}
		if err := d.Check(AnySchema()); err != nil && !strings.Contains(err.Error(), "alias") {
			t.Fatalf("Any refused: %v", err)
		}
		_, _ = d.JSONFor(AnySchema())
		if d.Check(schema) == nil {
			var p wxc.OutgoingPermissions
			_ = d.Decode(schema, &p)
		}
	})
}
