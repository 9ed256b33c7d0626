package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
)

// buildWXC builds cmd/wxc into dir.
func buildWXC(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go command not found: %v", err)
	}
	bin := filepath.Join(dir, "wxc")
	cmd := exec.Command(goBin, "build", "-o", bin, "github.com/wxcgo/go-wxc/cmd/wxc")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type readyInfo struct {
	BaseURL string `json:"baseUrl"`
	OrgID   string `json:"orgId"`
	Tokens  struct {
		FullAdmin string `json:"fullAdmin"`
	} `json:"tokens"`
}

// startEmulator runs `wxc emulator` as its own process and reads its ready line.
func startEmulator(t *testing.T, bin, dir string) (*exec.Cmd, readyInfo, string) {
	t.Helper()
	logPath := filepath.Join(dir, "emulator.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "emulator", "--listen", "127.0.0.1:0", "--state", filepath.Join(dir, "emu.db"),
		"--demo", "--latency", "20ms", "--log-format", "json", "--log-level", "debug")
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logFile.Close()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() { // drain
		}
	}()
	var ready readyInfo
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatalf("the emulator exited without a ready line; log:\n%s", readFile(t, logPath))
		}
		if err := json.Unmarshal([]byte(l), &ready); err != nil || ready.BaseURL == "" {
			t.Fatalf("bad ready line %q: %v", l, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no ready line from the emulator within 30s")
	}
	return cmd, ready, logPath
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

// wxcRun runs the wxc binary to completion.
func wxcRun(t *testing.T, bin, dir string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run wxc %v: %v", args, err)
	}
	return code, out.String(), errOut.String()
}

// countDone counts the done entries of a journal (a torn last line is ignored).
func countDone(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return bytes.Count(b, []byte(`"state":"done"`))
}

// writesPerEntity counts the successful non-GET requests per entity ID in the emulator's
// JSON request log.
func writesPerEntity(t *testing.T, logPath string, ids map[string]bool) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, line := range strings.Split(readFile(t, logPath), "\n") {
		var e struct {
			Msg    string `json:"msg"`
			Method string `json:"method"`
			Path   string `json:"path"`
			Status int    `json:"status"`
		}
		if json.Unmarshal([]byte(line), &e) != nil || e.Msg != "request" || e.Method == "GET" || e.Status/100 != 2 {
			continue
		}
		for _, seg := range strings.Split(e.Path, "/") {
			if ids[seg] {
				out[seg]++
				break
			}
		}
	}
	return out
}

// TestApplyKillResumeRestore runs a real `wxc apply` process against a real `wxc emulator`
// process, SIGKILLs it mid-run, resumes it, and checks that every planned write reached the
// emulator exactly once, that the result matches the desired state, and that `wxc restore`
// of the backup brings back the original export byte for byte.
func TestApplyKillResumeRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wxc and runs processes; skipped with -short")
	}
	start := time.Now()
	step := func(what string) { t.Logf("%6.2fs %s", time.Since(start).Seconds(), what) }
	dir := t.TempDir()
	bin := buildWXC(t, dir)
	step("built wxc")
	emu, ready, logPath := startEmulator(t, bin, dir)
	step("emulator ready")
	desired, err := os.ReadFile(filepath.Join("..", "..", "examples", "desired.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "desired.yaml"), desired, 0o600); err != nil {
		t.Fatal(err)
	}
	target := []string{"--base-url", ready.BaseURL, "--token", ready.Tokens.FullAdmin}
	journal, backup := filepath.Join(dir, "J.jsonl"), filepath.Join(dir, "B.jsonl")
	applyArgs := append(append([]string{}, target...), "apply", "-f", "desired.yaml", "--yes", "--journal", journal,
		"--backup", backup, "--concurrency", "2", "--failures", filepath.Join(dir, "failures.jsonl"))

	code, before, stderr := wxcRun(t, bin, dir, append(append([]string{}, target...), "export", "-o", "jsonl")...)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}

	step("exported")
	// First run: kill it once the journal has killAt done writes.
	const killAt = 8
	first := exec.Command(bin, applyArgs...)
	first.Dir = dir
	var firstErr bytes.Buffer
	first.Stdout, first.Stderr = &bytes.Buffer{}, &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	killed := false
	for i := 0; !killed; i++ {
		select {
		case err := <-exited:
			t.Fatalf("apply finished before it could be killed (err %v, %d done): make the run longer\n%s", err, countDone(journal), firstErr.String())
		default:
		}
		if countDone(journal) >= killAt {
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-exited
			killed = true
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("the journal did not reach %d done writes in 60s (%d); stderr:\n%s", killAt, countDone(journal), firstErr.String())
		}
		time.Sleep(2 * time.Millisecond) // poll interval of a bounded loop
	}
	st, err := plan.ReadJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	planned := st.Header.Plan.Ops()
	if st.Done < killAt || st.Done >= len(planned) {
		t.Fatalf("after the kill the journal has %d of %d writes done; want an interrupted run", st.Done, len(planned))
	}
	if _, err := os.Stat(backup); err != nil {
		t.Fatalf("no backup after the first run: %v", err)
	}
	t.Logf("killed after %d of %d writes", st.Done, len(planned))

	step("killed")
	// Resume: the same command finds the journal.
	code, _, stderr = wxcRun(t, bin, dir, applyArgs...)
	if code != 0 {
		t.Fatalf("resumed apply: exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "resuming the apply") {
		t.Errorf("the second run did not say it resumed:\n%s", stderr)
	}

	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "apply:") || strings.HasPrefix(l, "resuming") {
			t.Log(l)
		}
	}
	step("resumed")
	// Every planned write is done exactly once in the journal ...
	raw := readFile(t, journal)
	doneCount := map[string]int{}
	for _, line := range strings.Split(raw, "\n")[1:] {
		var e plan.JournalEntry
		if json.Unmarshal([]byte(line), &e) == nil && e.Type == "op" && e.State == plan.StateDone {
			doneCount[e.ID]++
		}
	}
	opsPerEntity := map[string]int{}
	ids := map[string]bool{}
	for _, o := range planned {
		if doneCount[o.Op.ID] != 1 {
			t.Errorf("journal: %s done %d times, want 1", o.Op.ID, doneCount[o.Op.ID])
		}
		opsPerEntity[o.Entity.ID]++
		ids[o.Entity.ID] = true
	}
	if len(doneCount) != len(planned) {
		t.Errorf("journal has %d done ops, plan has %d", len(doneCount), len(planned))
	}
	// ... and reached the emulator exactly once: successful writes per entity equal the plan.
	if err := emu.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	emuDone := make(chan struct{})
	go func() { emu.Wait(); close(emuDone) }()
	select {
	case <-emuDone:
	case <-time.After(30 * time.Second):
		t.Fatal("the emulator did not stop on SIGINT")
	}
	got := writesPerEntity(t, logPath, ids)
	for id, n := range opsPerEntity {
		if got[id] != n {
			t.Errorf("entity %s: the emulator got %d writes, the plan has %d", id, got[id], n)
		}
	}

	step("emulator stopped, request log checked")
	// Restart the emulator on the same state and check the result.
	_, ready2, _ := startEmulator(t, bin, dir)
	target = []string{"--base-url", ready2.BaseURL, "--token", ready2.Tokens.FullAdmin}
	code, _, stderr = wxcRun(t, bin, dir, append(append([]string{}, target...), "plan", "-f", "desired.yaml", "--detailed-exitcode")...)
	if code != 0 {
		t.Fatalf("plan after apply: exit %d (want 0: no changes):\n%s", code, stderr)
	}
	step("planned: no changes")
	code, _, stderr = wxcRun(t, bin, dir, append(append([]string{}, target...), "restore", backup, "--yes")...)
	if code != 0 {
		t.Fatalf("restore: exit %d:\n%s", code, stderr)
	}
	code, after, stderr := wxcRun(t, bin, dir, append(append([]string{}, target...), "export", "-o", "jsonl")...)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	step("restored and exported")
	if before != after {
		t.Errorf("export after restore differs from the original:\n%s", firstDiff(before, after))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return ""
}
