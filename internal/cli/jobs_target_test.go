package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/jobs"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// localDesired sets LOCAL, a legacy call type, for every person.
const localDesired = `version: 1
profiles:
  legacy:
    outgoing:
      callingPermissions:
        LOCAL: BLOCK
assignments:
  - profile: legacy
    select: {kinds: [person]}
`

// dirFiles lists the names in dir.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestPlanLegacyCallTypeRefusedBeforeAnyWrite: LOCAL for people whose read does not report it
// (era current) fails plan and apply with exit 2, naming the field, its line and the people;
// apply sends no write and leaves no backup or journal.
func TestPlanLegacyCallTypeRefusedBeforeAnyWrite(t *testing.T) {
	emu := demo(t)
	var writes atomic.Int64
	base := countingServer(t, emu, &writes)
	dir := t.TempDir()
	desired := filepath.Join(dir, "local.yaml")
	if err := os.WriteFile(desired, []byte(localDesired), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"plan", "-f", desired}, {"apply", "-f", desired, "--yes"}} {
		r := runCLI(t, base, emu.Tokens.FullAdmin, false, args...)
		if r.code != cmdutil.ExitUsage {
			t.Fatalf("%s: exit %d, want %d\n%s", args[0], r.code, cmdutil.ExitUsage, r.stderr)
		}
		for _, want := range []string{"line 6: profiles.legacy.outgoing.callingPermissions.LOCAL:", "legacy call type", "person "} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", args[0], want, r.stderr)
			}
		}
		if strings.Contains(r.stdout, "LOCAL") {
			t.Errorf("%s printed a plan with LOCAL:\n%s", args[0], r.stdout)
		}
	}
	if n := writes.Load(); n != 0 {
		t.Errorf("%d write requests reached the server, want 0", n)
	}
	if names := dirFiles(t, dir); len(names) != 1 {
		t.Errorf("files after the refused apply: %v, want only local.yaml", names)
	}
}

// TestApplyLegacyCallTypeEra2024: where the read reports LOCAL (the mid-2024 service), the same
// file is planned, applied, and undone by restore --latest.
func TestApplyLegacyCallTypeEra2024(t *testing.T) {
	emu := demo(t, func(o *emulator.Options) { o.APIEra = emulator.Era2024 })
	dir := t.TempDir()
	desired := filepath.Join(dir, "local.yaml")
	if err := os.WriteFile(desired, []byte(localDesired), 0o600); err != nil {
		t.Fatal(err)
	}
	before := mustOK(t, mainCLI(t, emu, "export", "-o", "jsonl")).stdout
	r := mustOK(t, mainCLI(t, emu, "plan", "-f", desired))
	if !strings.Contains(r.stdout, "~ outgoing.callingPermissions.LOCAL: ALLOW -> BLOCK") {
		t.Fatalf("plan does not set LOCAL:\n%s", r.stdout)
	}
	mustOK(t, mainCLI(t, emu, "apply", "-f", desired, "--yes"))
	if r := mainCLI(t, emu, "plan", "-f", desired, "--detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after apply: exit %d\n%s", r.code, r.stdout)
	}
	people := 0
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Person}}) {
		if err != nil {
			t.Fatal(err)
		}
		got, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := got.CallingPermissions.ForCallType(wxc.CallTypeLocal); p.Action != wxc.ActionBlock {
			t.Errorf("person %s: LOCAL %q after apply", e.Name, p.Action)
		}
		people++
	}
	if people == 0 {
		t.Fatal("no people in the demo org")
	}
	// The backup holds LOCAL; restore writes it back where the read reports it.
	mustOK(t, mainCLI(t, emu, "restore", "--latest", "-f", desired, "--yes"))
	if after := mustOK(t, mainCLI(t, emu, "export", "-o", "jsonl")).stdout; after != before {
		t.Errorf("export after restore differs:\n%s", firstDiff(before, after))
	}
}

// TestRestoreLegacyCallTypeWhereGone: a backup whose records set LOCAL, restored where the
// read does not report LOCAL, is refused before any write.
func TestRestoreLegacyCallTypeWhereGone(t *testing.T) {
	emu := demo(t)
	var writes atomic.Int64
	base := countingServer(t, emu, &writes)
	dir := t.TempDir()
	export := mustOK(t, mainCLI(t, emu, "export", "-o", "jsonl")).stdout
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(export), "\n") {
		var s snapshot.Settings
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatal(err)
		}
		if s.Kind == wxc.Person && len(lines) < 2 { // two people that used their own settings, with LOCAL
			s.Outgoing.UseCustomEnabled, s.Outgoing.UseCustomPermissions = wxc.Bool(true), wxc.Bool(true)
			s.Outgoing.CallingPermissions.Set(wxc.CallTypeLocal, wxc.CallTypePermission{Action: wxc.ActionBlock})
			b, _ := json.Marshal(s)
			lines = append(lines, string(b))
		}
	}
	backup := filepath.Join(dir, "old.jsonl")
	if err := os.WriteFile(backup, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, base, emu.Tokens.FullAdmin, false, "restore", backup, "--yes")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "the backup sets LOCAL for 2 entities whose read does not report it now") {
		t.Errorf("restore of LOCAL on era current: exit %d\n%s", r.code, r.stderr)
	}
	if n := writes.Load(); n != 0 {
		t.Errorf("%d write requests reached the server, want 0", n)
	}
}

// TestPlanShowsCustomSwitchTurnedOn: a person who uses the location's settings and gets call
// types from the file has a visible useCustomEnabled change with its reason, in text and JSON.
func TestPlanShowsCustomSwitchTurnedOn(t *testing.T) {
	emu := demo(t)
	desired := exampleDesired(t)
	text := mustOK(t, mainCLI(t, emu, "plan", "-f", desired)).stdout
	want := "  ~ outgoing.useCustomEnabled: false -> true (" + plan.ReasonCallTypes + ")\n"
	if !strings.Contains(text, want) {
		t.Errorf("plan text lacks %q:\n%s", want, text)
	}
	var v struct {
		Entities []plan.EntityPlan `json:"entities"`
	}
	js := mustOK(t, mainCLI(t, emu, "plan", "-f", desired, "-o", "json")).stdout
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, e := range v.Entities {
		for _, c := range e.Changes {
			if c.Field == "outgoing.useCustomEnabled" && c.Reason == plan.ReasonCallTypes && c.From == false && c.To == true {
				found++
			}
		}
	}
	if found == 0 {
		t.Errorf("plan JSON has no useCustomEnabled change with a reason:\n%s", js)
	}
}

// TestJournalsAndBackupsKeyedByTarget: the same file is applied to two targets from the same
// directory; a finished journal never blocks, an unfinished one of another target neither
// blocks nor is touched, and restore --latest undoes each target's apply, twice in a row.
func TestJournalsAndBackupsKeyedByTarget(t *testing.T) {
	a, b, c := demo(t), demo(t), demo(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	beforeA := mustOK(t, mainCLI(t, a, "export", "-o", "jsonl")).stdout
	beforeB := mustOK(t, mainCLI(t, b, "export", "-o", "jsonl")).stdout

	r := mustOK(t, mainCLI(t, a, "apply", "-f", desired, "--yes"))
	if !strings.Contains(r.stderr, "to undo this apply: wxc --base-url "+a.BaseURL+" restore "+filepath.Join(dir, "desired.backup-")) ||
		!strings.Contains(r.stderr, "wxc --base-url "+a.BaseURL+" restore --latest -f "+desired) {
		t.Errorf("apply does not print the restore command:\n%s", r.stderr)
	}
	mustOK(t, mainCLI(t, b, "apply", "-f", desired, "--yes")) // was: "records a apply of another file or target"

	// Interrupt an apply to C after a few writes: its journal stays unfinished.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var writes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.Server.Handler().ServeHTTP(w, r)
		if r.Method != http.MethodGet && writes.Add(1) == 3 {
			cancel()
		}
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	cBase := srv.URL + "/v1"
	if code := run(ctx, []string{"--base-url", cBase, "--token", c.Tokens.FullAdmin, "--concurrency", "1", "apply", "-f", desired, "--yes"}, f); code != cmdutil.ExitInterrupted {
		t.Fatalf("interrupted apply: exit %d\n%s", code, errOut.String())
	}
	journals, _ := filepath.Glob(desired + ".journal-*.jsonl")
	if len(journals) != 3 {
		t.Fatalf("journals %v, want one per target", journals)
	}
	var cJournal string
	for _, j := range journals {
		st, err := plan.ReadJournal(j)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Finished {
			cJournal = j
			if !strings.Contains(st.Header.Target, cBase) {
				t.Errorf("the unfinished journal names target %q, want %s", st.Header.Target, cBase)
			}
		}
	}
	cBefore := readFile(t, cJournal)

	// A and B: again (nothing to do), then restore --latest twice.
	for _, e := range []struct {
		name, base, token, before string
	}{{"A", a.BaseURL, a.Tokens.FullAdmin, beforeA}, {"B", b.BaseURL, b.Tokens.FullAdmin, beforeB}} {
		r := runCLI(t, e.base, e.token, false, "apply", "-f", desired, "--yes")
		if r.code != 0 || !strings.Contains(r.stdout, "No changes") {
			t.Errorf("%s: second apply: exit %d\n%s%s", e.name, r.code, r.stdout, r.stderr)
		}
		r = runCLI(t, e.base, e.token, false, "restore", "--latest", "-f", desired, "--yes")
		if r.code != 0 || !strings.Contains(r.stderr, "to undo this restore:") {
			t.Errorf("%s: restore: exit %d\n%s", e.name, r.code, r.stderr)
		}
		r = runCLI(t, e.base, e.token, false, "restore", "--latest", "-f", desired, "--yes")
		if r.code != 0 || !strings.Contains(r.stdout, "No changes") {
			t.Errorf("%s: second restore: exit %d\n%s%s", e.name, r.code, r.stdout, r.stderr)
		}
		if after := runCLI(t, e.base, e.token, false, "export", "-o", "jsonl").stdout; after != e.before {
			t.Errorf("%s: export after restore differs:\n%s", e.name, firstDiff(e.before, after))
		}
	}
	if got := readFile(t, cJournal); got != cBefore {
		t.Error("runs against other targets changed C's unfinished journal")
	}
	// C resumes with the same command.
	r = runCLI(t, cBase, c.Tokens.FullAdmin, false, "apply", "-f", desired, "--yes")
	if r.code != 0 || !strings.Contains(r.stderr, "resuming the apply") {
		t.Fatalf("resume on C: exit %d\n%s", r.code, r.stderr)
	}
}

// TestUnfinishedJournalOfAnotherVersion: an interrupted apply blocks a run of a changed file
// against the same target (the recorded plan is neither lost nor mixed with a new one).
func TestUnfinishedJournalOfAnotherVersion(t *testing.T) {
	emu := demo(t)
	desired := exampleDesired(t)
	target := jobs.Target{Label: strings.TrimRight(emu.BaseURL, "/") + " (the token's org)"}
	target.Hash = plan.Hash([]byte(target.Label))[:jobs.TargetHashLen]
	j, err := plan.CreateJournal(jobs.ApplyJournalPath(desired, target), plan.JournalHeader{Command: "apply", Input: desired,
		DesiredHash: "an older version", Target: target.Label, TargetHash: target.Hash}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	r := mainCLI(t, emu, "apply", "-f", desired, "--yes")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "made from another version of "+desired) {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}

// TestRestoreBacksUpWhatItReplaces: restore saves the settings it overwrites, and restoring
// that file redoes what the first restore undid.
func TestRestoreBacksUpWhatItReplaces(t *testing.T) {
	emu := demo(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	mustOK(t, mainCLI(t, emu, "apply", "-f", desired, "--yes"))
	applied := mustOK(t, mainCLI(t, emu, "export", "-o", "jsonl")).stdout
	r := mustOK(t, mainCLI(t, emu, "restore", "--latest", "-f", desired, "--yes"))
	saves, _ := filepath.Glob(filepath.Join(dir, "desired.backup-*.before-restore-*.jsonl"))
	if len(saves) != 1 || !strings.Contains(r.stderr, "to undo this restore: wxc --base-url "+emu.BaseURL+" restore "+saves[0]) {
		t.Fatalf("restore's own backups %v; stderr:\n%s", saves, r.stderr)
	}
	// restore --latest still means apply's backup, not restore's.
	if got, err := jobs.LatestBackup(desired, mustTarget(t, emu.BaseURL)); err != nil || strings.Contains(got, "before-restore") {
		t.Errorf("latest backup after a restore: %s, %v", got, err)
	}
	mustOK(t, mainCLI(t, emu, "restore", saves[0], "--yes"))
	// Digit patterns that restore deleted come back with new IDs (docs/DESIRED_STATE.md).
	patternID := regexp.MustCompile(`"id":"[^"]*","name"`)
	norm := func(s string) string { return patternID.ReplaceAllString(s, `"id":"…","name"`) }
	if got := mustOK(t, mainCLI(t, emu, "export", "-o", "jsonl")).stdout; norm(got) != norm(applied) {
		t.Errorf("restoring restore's backup does not redo the apply:\n%s", firstDiff(norm(applied), norm(got)))
	}
	if r := mainCLI(t, emu, "plan", "-f", desired, "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after redoing the apply: exit %d\n%s", r.code, r.stdout)
	}
}

func mustTarget(t *testing.T, baseURL string) jobs.Target {
	t.Helper()
	l := strings.TrimRight(baseURL, "/") + " (the token's org)"
	return jobs.Target{Label: l, Hash: plan.Hash([]byte(l))[:jobs.TargetHashLen]}
}

// TestFinishedJournalNeverBlocks: a finished journal, even one named with --journal and
// recording another target, is moved aside and the new run goes ahead.
func TestFinishedJournalNeverBlocks(t *testing.T) {
	a, b := demo(t), demo(t)
	desired := exampleDesired(t)
	journal := filepath.Join(filepath.Dir(desired), "shared.jsonl")
	mustOK(t, mainCLI(t, a, "apply", "-f", desired, "--yes", "--journal", journal))
	r := mainCLI(t, b, "apply", "-f", desired, "--yes", "--journal", journal)
	if r.code != 0 {
		t.Fatalf("apply to another target after a finished run with the same --journal: exit %d\n%s", r.code, r.stderr)
	}
	st, err := plan.ReadJournal(journal)
	if err != nil || !st.Finished || !strings.Contains(st.Header.Target, b.BaseURL) {
		t.Errorf("journal after the second run: %+v, %v", st, err)
	}
	done, _ := filepath.Glob(journal + ".done-*")
	if len(done) != 1 {
		t.Errorf("finished journals moved aside: %v, want 1", done)
	}
}
