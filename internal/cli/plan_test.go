package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// jobsGolden compares got with testdata/jobs/name (rewritten with -update).
func jobsGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "jobs", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

func exampleDesired(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "desired.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "desired.yaml")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPlanDemoGolden(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	code, text, stderr := runMain(t, emu, "plan", "-f", desired)
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	jobsGolden(t, "plan_demo_text.golden", text)
	code, js, _ := runMain(t, emu, "plan", "-f", desired, "-o", "json")
	if code != 0 {
		t.Fatalf("plan -o json: exit %d", code)
	}
	jobsGolden(t, "plan_demo_json.golden", js)
	var v struct {
		Summary struct{ Entities, Changes, Writes int }
	}
	if err := json.Unmarshal([]byte(js), &v); err != nil || v.Summary.Writes == 0 {
		t.Fatalf("plan json summary %+v, %v", v.Summary, err)
	}
	if code, _, _ := runMain(t, emu, "plan", "-f", desired, "--detailed-exitcode"); code != cmdutil.ExitChangesPending {
		t.Errorf("--detailed-exitcode with changes: exit %d, want %d", code, cmdutil.ExitChangesPending)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	emu := demoEmulator(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nprofiles:\n  p:\n    outgoing:\n      callingPermissions:\n        INTERNATIONAL: MAYBE\nassignments:\n  - {profile: p, select: {all: true}}\n"), 0o600)
	unknown := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknown, []byte("version: 1\nprofiles:\n  p:\n    outgoing: {useCustomEnabled: true}\nassignments:\n  - {profile: p, select: {entities: [nobody@nowhere.example]}}\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file flag", []string{"plan"}, "needs -f"},
		{"missing file", []string{"plan", "-f", filepath.Join(dir, "nope.yaml")}, "no such file"},
		{"invalid file", []string{"plan", "-f", bad}, `line 6: profiles.p.outgoing.callingPermissions.INTERNATIONAL: unknown action "MAYBE"`},
		{"unknown entity", []string{"plan", "-f", unknown}, `"nobody@nowhere.example" matches no selected entity`},
		{"bad format", []string{"plan", "-f", bad, "-o", "csv"}, "want text or json"},
		{"apply no file", []string{"apply"}, "needs -f"},
		{"restore no arg", []string{"restore"}, "needs a BACKUP file, or --latest -f DESIRED"},
		{"restore both", []string{"restore", "b.jsonl", "--latest", "-f", "d.yaml"}, "not both"},
		{"restore latest without file", []string{"restore", "--latest"}, "--latest needs -f DESIRED"},
		{"restore latest without backups", []string{"restore", "--latest", "-f", filepath.Join(dir, "never-applied.yaml")}, "--latest: no backup of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runMain(t, emu, tt.args...)
			if code != cmdutil.ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, cmdutil.ExitUsage, tt.want)
			}
		})
	}
}
