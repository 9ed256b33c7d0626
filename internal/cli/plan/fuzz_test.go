package plan

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any input either fails with an error or gives a Desired that Compute handles
// without panicking.
func FuzzParse(f *testing.F) {
	f.Add([]byte(renderDesired))
	f.Add([]byte(`{"version":1,"profiles":{"p":{"outgoing":{"callingPermissions":{"INTERNATIONAL":"ALLOW"}}}},"assignments":[{"profile":"p","select":{"all":true}}]}`))
	f.Add([]byte("version: 1\nprofiles:\n  p:\n    accessCodes: {codes: [{code: '1', description: d}], exclusive: true}\nassignments:\n  - {profile: p, select: {kinds: [location]}}\n"))
	f.Add([]byte("version: 1\nprofiles: {}\nassignments: [{profile: x, select: {}}]\n"))
	f.Add([]byte("- a\n- b\n"))
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "desired.yaml")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			return
		}
		if _, err := Compute(fixture(), *d); err != nil {
			return
		}
	})
}
