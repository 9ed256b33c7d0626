package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
)

// runWith runs wxc in-process with the given stdin and stdin-is-a-terminal flag.
func runWith(t *testing.T, baseURL, token string, stdin string, tty bool, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, IsStdinTTY: tty})
	f.Getenv = func(string) string { return "" }
	code := run(t.Context(), append([]string{"--base-url", baseURL, "--token", token}, args...), f)
	return code, out.String(), errOut.String()
}

func TestApplyConfirmation(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	journal, backup := filepath.Join(dir, "j.jsonl"), filepath.Join(dir, "b.jsonl")
	args := []string{"apply", "-f", desired, "--journal", journal, "--backup", backup}

	code, _, stderr := runWith(t, emu.BaseURL, emu.Tokens.FullAdmin, "", false, args...)
	if code != cmdutil.ExitUsage || !strings.Contains(stderr, "pass --yes") {
		t.Fatalf("non-TTY without --yes: exit %d, %s", code, stderr)
	}
	code, _, stderr = runWith(t, emu.BaseURL, emu.Tokens.FullAdmin, "no\n", true, args...)
	if code != cmdutil.ExitFailure || !strings.Contains(stderr, "cancelled") {
		t.Fatalf("answer no: exit %d, %s", code, stderr)
	}
	if fileExists(journal) || fileExists(backup) {
		t.Fatal("a refused apply left a journal or backup")
	}
	if code, _, _ := runMain(t, emu, "plan", "-f", desired, "--detailed-exitcode"); code != cmdutil.ExitChangesPending {
		t.Fatalf("after refusals the plan has no changes (exit %d): something was written", code)
	}
	code, _, stderr = runWith(t, emu.BaseURL, emu.Tokens.FullAdmin, "yes\n", true, args...)
	if code != 0 || !strings.Contains(stderr, "Type yes") {
		t.Fatalf("answer yes: exit %d, %s", code, stderr)
	}
	if code, _, _ := runMain(t, emu, "plan", "-f", desired, "--detailed-exitcode"); code != 0 {
		t.Fatalf("plan after apply: exit %d, want 0 (no changes)", code)
	}
	st, err := plan.ReadJournal(journal)
	if err != nil || !st.Finished {
		t.Fatalf("journal after apply: %+v %v", st, err)
	}
}

func TestApplyRestoreInProcess(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	code, before, _ := runMain(t, emu, "export", "-o", "jsonl")
	if code != 0 {
		t.Fatal("export failed")
	}
	exportFile := filepath.Join(dir, "export.json")
	_, beforeJSON, _ := runMain(t, emu, "export", "-o", "json")
	os.WriteFile(exportFile, []byte(beforeJSON), 0o600)

	if code, _, stderr := runMain(t, emu, "apply", "-f", desired, "--yes", "--backup", filepath.Join(dir, "b.jsonl")); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, stderr)
	}
	// Restore from a `wxc export -o json` file (not the backup) works too.
	code, _, stderr := runMain(t, emu, "restore", exportFile, "--yes")
	if code != 0 {
		t.Fatalf("restore: exit %d\n%s", code, stderr)
	}
	_, after, _ := runMain(t, emu, "export", "-o", "jsonl")
	if after != before {
		t.Errorf("export after restore differs:\n%s", firstDiff(before, after))
	}
	// A second restore has nothing to do.
	code, out, _ := runMain(t, emu, "restore", exportFile, "--yes")
	if code != 0 || !strings.Contains(out, "No changes") {
		t.Errorf("second restore: exit %d, %q", code, out)
	}
}

func TestApplyJournalOfAnotherFile(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	journal := filepath.Join(dir, "j.jsonl")
	p := plan.Plan{}
	j, err := plan.CreateJournal(journal, plan.JournalHeader{Command: "apply", DesiredHash: "other", Plan: p}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	code, _, stderr := runMain(t, emu, "apply", "-f", desired, "--yes", "--journal", journal)
	if code != cmdutil.ExitUsage || !strings.Contains(stderr, "records an unfinished apply") || !strings.Contains(stderr, "--journal NEW") {
		t.Errorf("foreign journal: exit %d, %s", code, stderr)
	}
	code, _, stderr = runMain(t, emu, "apply", "-f", desired, "--yes", "--resume", "--journal", filepath.Join(dir, "none.jsonl"))
	if code != cmdutil.ExitUsage || !strings.Contains(stderr, "no journal") {
		t.Errorf("--resume without journal: exit %d, %s", code, stderr)
	}
}

func TestApplyPartialFailure(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	dir := filepath.Dir(desired)
	// Refuse every write to digit patterns of workspaces.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && strings.Contains(r.URL.Path, "/workspaces/") && strings.Contains(r.URL.Path, "digitPatterns") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"message":"no","trackingId":"T"}`))
			return
		}
		emu.Server.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	failures := filepath.Join(dir, "failures.jsonl")
	code, _, stderr := runWith(t, srv.URL+"/v1", emu.Tokens.FullAdmin, "", false, "apply", "-f", desired, "--yes", "--failures", failures)
	if code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", code, cmdutil.ExitPartial, stderr)
	}
	b, err := os.ReadFile(failures)
	if err != nil || !strings.Contains(string(b), "workspace") || !strings.Contains(string(b), "digitPatterns") {
		t.Errorf("failures file: %v\n%s", err, b)
	}
	if !strings.Contains(stderr, "failed") {
		t.Errorf("no summary: %s", stderr)
	}
	// Everything else was applied: the remaining plan only touches workspaces.
	_, out, _ := runMain(t, emu, "plan", "-f", desired)
	for _, line := range strings.Split(out, "\n") {
		if line != "" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "Plan:") && !strings.HasPrefix(line, "workspace ") {
			t.Errorf("after a partial apply, %q still has changes", line)
		}
	}
}

// TestApplyInterruptedThenResumed cancels the context (as Ctrl-C does) after a few writes:
// exit 130, and the same command then resumes and finishes.
func TestApplyInterruptedThenResumed(t *testing.T) {
	emu := demoEmulator(t)
	desired := exampleDesired(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var writes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		emu.Server.Handler().ServeHTTP(w, r)
		if r.Method != http.MethodGet && writes.Add(1) == 5 {
			cancel()
		}
	}))
	defer srv.Close()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	code := run(ctx, []string{"--base-url", srv.URL + "/v1", "--token", emu.Tokens.FullAdmin, "--concurrency", "1", "apply", "-f", desired, "--yes"}, f)
	if code != cmdutil.ExitInterrupted || !strings.Contains(errOut.String(), "--resume") {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, cmdutil.ExitInterrupted, errOut.String())
	}
	journals, _ := filepath.Glob(desired + ".journal-*.jsonl")
	if len(journals) != 1 {
		t.Fatalf("journals after the interruption: %v, want one", journals)
	}
	st, err := plan.ReadJournal(journals[0])
	if err != nil || st.Finished || st.Done == 0 {
		t.Fatalf("journal after the interruption: done %v finished %v err %v", st.Done, st.Finished, err)
	}
	code, _, stderr := runWith(t, srv.URL+"/v1", emu.Tokens.FullAdmin, "", false, "apply", "-f", desired, "--yes")
	if code != 0 || !strings.Contains(stderr, "resuming the apply") {
		t.Fatalf("resume: exit %d\n%s", code, stderr)
	}
	_, _, nops := st.Header.Plan.Counts()
	if got := writes.Load(); got != int64(nops) {
		t.Errorf("the server got %d writes, the plan has %d", got, nops)
	}
	if code, _, _ := runMain(t, emu, "plan", "-f", desired, "--detailed-exitcode"); code != 0 {
		t.Errorf("plan after resume: exit %d, want 0", code)
	}
}
