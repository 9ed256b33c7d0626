package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	if code, _, _ := runMain(t, emu, "plan", "-f", desired, "--detailed-exitcode"); code != ExitChangesPending {
		t.Errorf("--detailed-exitcode with changes: exit %d, want %d", code, ExitChangesPending)
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
			if code != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, ExitUsage, tt.want)
			}
		})
	}
}

func TestJobFlags(t *testing.T) {
	f, _, _ := testFactory()
	var got *applyOptions
	cmd := newApplyCmd(f, func(o *applyOptions) error { got = o; return nil })
	if err := execute(cmd, "-f", "d.yaml", "--yes", "--backup", "b", "--journal", "j", "--resume", "--failures", "x"); err != nil {
		t.Fatal(err)
	}
	want := applyOptions{f: f, File: "d.yaml", Yes: true, Backup: "b", Journal: "j", Resume: true, Failures: "x"}
	if *got != want {
		t.Errorf("apply options %+v", *got)
	}
	var p *planOptions
	if err := execute(newPlanCmd(f, func(o *planOptions) error { p = o; return nil }), "--file", "d.yaml", "--detailed-exitcode"); err != nil {
		t.Fatal(err)
	}
	if p.File != "d.yaml" || !p.DetailedExitCode {
		t.Errorf("plan options %+v", *p)
	}
	var r *restoreOptions
	if err := execute(newRestoreCmd(f, func(o *restoreOptions) error { r = o; return nil }), "b.jsonl", "-y"); err != nil {
		t.Fatal(err)
	}
	if r.File != "b.jsonl" || !r.Yes {
		t.Errorf("restore options %+v", *r)
	}
	var a *auditOptions
	if err := execute(newAuditCmd(f, func(o *auditOptions) error { a = o; return nil }), "--policy", "p.yaml", "--fail-on", "ERROR"); err != nil {
		t.Fatal(err)
	}
	if a.PolicyFile != "p.yaml" || a.FailOn != "ERROR" {
		t.Errorf("audit options %+v", *a)
	}
}
