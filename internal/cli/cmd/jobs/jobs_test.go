package jobs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
)

func TestJobFlags(t *testing.T) {
	f, _, _ := cmdtest.Factory()
	var got *applyOptions
	cmd := newApplyCmd(f, func(o *applyOptions) error { got = o; return nil })
	if err := cmdtest.Execute(cmd, "-f", "d.yaml", "--yes", "--backup", "b", "--journal", "j", "--resume", "--failures", "x"); err != nil {
		t.Fatal(err)
	}
	want := applyOptions{f: f, File: "d.yaml", Yes: true, Backup: "b", Journal: "j", Resume: true, Failures: "x"}
	if *got != want {
		t.Errorf("apply options %+v", *got)
	}
	var p *planOptions
	if err := cmdtest.Execute(newPlanCmd(f, func(o *planOptions) error { p = o; return nil }), "--file", "d.yaml", "--detailed-exitcode"); err != nil {
		t.Fatal(err)
	}
	if p.File != "d.yaml" || !p.DetailedExitCode {
		t.Errorf("plan options %+v", *p)
	}
	var r *restoreOptions
	if err := cmdtest.Execute(newRestoreCmd(f, func(o *restoreOptions) error { r = o; return nil }), "b.jsonl", "-y"); err != nil {
		t.Fatal(err)
	}
	if r.File != "b.jsonl" || !r.Yes {
		t.Errorf("restore options %+v", *r)
	}
	var a *auditOptions
	if err := cmdtest.Execute(newAuditCmd(f, func(o *auditOptions) error { a = o; return nil }), "--policy", "p.yaml", "--fail-on", "ERROR"); err != nil {
		t.Fatal(err)
	}
	if a.PolicyFile != "p.yaml" || a.FailOn != "ERROR" {
		t.Errorf("audit options %+v", *a)
	}
}

// TestLatestBackup: the newest of apply's backups for the target, by the time in the name
// and then the same-second number; other targets' and restore's own backups do not count.
func TestLatestBackup(t *testing.T) {
	dir := t.TempDir()
	desired := filepath.Join(dir, "d.yaml")
	tg := Target{Label: "x", Hash: "0123abcd"}
	for _, n := range []string{
		"d.backup-0123abcd-20260101T120000Z.jsonl",
		"d.backup-0123abcd-20260101T130000Z.jsonl",
		"d.backup-0123abcd-20260101T130000Z-2.jsonl", // same second, later
		"d.backup-ffffffff-20270101T000000Z.jsonl",   // another target
		"d.backup-0123abcd-20260101T130000Z-2.before-restore-20280101T000000Z.jsonl",
		"e.backup-0123abcd-20290101T000000Z.jsonl", // another file
	} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LatestBackup(desired, tg)
	if want := filepath.Join(dir, "d.backup-0123abcd-20260101T130000Z-2.jsonl"); err != nil || got != want {
		t.Errorf("latestBackup = %q, %v; want %q", got, err, want)
	}
	if _, err := LatestBackup(desired, Target{Label: "y", Hash: "99999999"}); err == nil || !strings.Contains(err.Error(), "no backup of") {
		t.Errorf("no backup for the target: %v", err)
	}
	// A second backup in the same second gets the next number.
	f, _, _ := cmdtest.Factory()
	f.Now = func() time.Time { return time.Date(2026, 1, 1, 13, 0, 0, 0, time.UTC) }
	if got, want := applyBackupPath(f, desired, tg), filepath.Join(dir, "d.backup-0123abcd-20260101T130000Z-3.jsonl"); got != want {
		t.Errorf("applyBackupPath = %s, want %s", got, want)
	}
}
