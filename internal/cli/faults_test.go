package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/jobs"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func init() {
	// apply and restore retry a write that failed with a temporary error after a pause
	// (plan.DefaultBackoff, tested in package plan); here the pause is 0, so that tests of
	// faults do not sleep for it.
	jobs.WriteRetryBackoff = func(int) time.Duration { return 0 }
}

// faultSeed fixes which requests the emulator fails; with --concurrency 1 the requests come
// in one order, so a run is repeatable. WXC_FAULT_SEED=N tries another seed.
func faultSeed(t *testing.T) int64 {
	if v := os.Getenv("WXC_FAULT_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("WXC_FAULT_SEED: %v", err)
		}
		return n
	}
	return 20261203
}

// faultyDemo is the demo emulator answering a share rate of its API requests with the
// default fault mix (500, 502, 503), chosen by faultSeed.
func faultyDemo(t *testing.T, rate float64, opts ...func(*emulator.Options)) *emulatortest.Emulator {
	t.Helper()
	seed := faultSeed(t)
	return demo(t, append(opts, func(o *emulator.Options) { o.FaultRate, o.FaultSeed = rate, seed })...)
}

// testRetryPolicy is the SDK's default policy (5 attempts) with millisecond pauses.
var testRetryPolicy = wxc.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// jobRun runs a command of the wxc CLI in-process against baseURL, with its files (failures,
// backups, journals) in dir, as the CLI does but for the SDK's pauses between retries,
// which are milliseconds (testRetryPolicy): what the CLI does is the same, only faster.
func jobRun(t *testing.T, dir, baseURL, token string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	var (
		once   sync.Once
		client *wxc.Client
		cerr   error
	)
	f.Client = func(context.Context) (*wxc.Client, error) {
		once.Do(func() {
			client, cerr = wxc.NewClient(token, wxc.WithBaseURL(baseURL), wxc.WithMaxInFlight(f.Options.Concurrency),
				wxc.WithRetryPolicy(testRetryPolicy))
		})
		return client, cerr
	}
	full := append([]string{"--base-url", baseURL, "--token", token}, args...)
	full = append(full, "--failures", filepath.Join(dir, "failures.jsonl"))
	code := run(t.Context(), full, f)
	return cliResult{code: code, stdout: out.String(), stderr: strings.ReplaceAll(errOut.String(), dir, "TMP")}
}

// TestFaultsExportApplyRestore is the fault test of issue 9: against the demo org with a
// fifth of all API requests failing (500/502/503, fixed seed), export, apply and restore
// finish with exit 0, and every export equals the one of a clean emulator at the same step.
func TestFaultsExportApplyRestore(t *testing.T) {
	t.Parallel()
	clean, faulty := demo(t), faultyDemo(t, 0.2)
	dir := t.TempDir()
	desired := filepath.Join(dir, "desired.yaml")
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "desired.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(desired, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// same exports both emulators and compares; the faulty one must exit 0 without a summary
	// record or a failures file.
	same := func(step string, args ...string) {
		t.Helper()
		want := mustOK(t, jobRun(t, dir, clean.BaseURL, clean.Tokens.FullAdmin, append([]string{"export"}, args...)...))
		start := time.Now()
		got := jobRun(t, dir, faulty.BaseURL, faulty.Tokens.FullAdmin, append([]string{"--concurrency", "1", "export"}, args...)...)
		t.Logf("%s: export %v under faults in %v: %s", step, args, time.Since(start).Round(time.Millisecond), strings.TrimSpace(got.stderr))
		if got.code != 0 {
			t.Fatalf("%s: export under faults: exit %d\n%s", step, got.code, got.stderr)
		}
		if got.stdout != want.stdout {
			t.Errorf("%s: export under faults differs from the clean one:\n%s", step, firstDiff(want.stdout, got.stdout))
		}
		if strings.Contains(got.stdout, `"kind":"summary"`) || fileExists(filepath.Join(dir, "failures.jsonl")) {
			t.Errorf("%s: a complete export carries a summary record or left a failures file", step)
		}
	}
	same("before")
	same("before", "-o", "csv")

	job := func(args ...string) {
		t.Helper()
		for _, emu := range []*emulatortest.Emulator{clean, faulty} {
			start := time.Now()
			r := jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, append([]string{"--concurrency", "1"}, args...)...)
			if emu == faulty {
				t.Logf("%s under faults in %v:\n%s", args[0], time.Since(start).Round(time.Millisecond), r.stderr)
			}
			if r.code != 0 {
				t.Fatalf("%s: exit %d\n%s", args[0], r.code, r.stderr)
			}
		}
	}
	job("apply", "-f", desired, "--yes")
	same("after apply")
	job("restore", "--latest", "-f", desired, "--yes")
	same("after restore")
}

// TestFaultsExportLarger: 500 people at fault rate 0.2, the hand test of issue 9 (which
// exited 3 with 136 of 512 entities failed before the retries): exit 0, the clean export.
func TestFaultsExportLarger(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	t.Parallel()
	opts := func(o *emulator.Options) { o.People = 500 }
	clean := demo(t, opts)
	faulty := faultyDemo(t, 0.2, opts)
	dir := t.TempDir()
	start := time.Now()
	want := mustOK(t, jobRun(t, dir, clean.BaseURL, clean.Tokens.FullAdmin, "export", "--concurrency", "20"))
	t.Logf("clean export in %v", time.Since(start))
	start = time.Now()
	got := jobRun(t, dir, faulty.BaseURL, faulty.Tokens.FullAdmin, "export", "--concurrency", "20")
	t.Logf("export of %d entities under faults in %v: %s", strings.Count(want.stdout, "\n"), time.Since(start).Round(time.Millisecond), strings.TrimSpace(got.stderr))
	if got.code != 0 || got.stdout != want.stdout {
		t.Fatalf("exit %d, same export %v\n%s", got.code, got.stdout == want.stdout, got.stderr)
	}
}

// TestFaultAfterTheWrite: the server makes a create (POST) and then answers 500, which the SDK
// does not retry (a replay could make it twice). apply re-reads, finds it in place, does not
// send it again, says so in its counts, and exits 0 with the same end state as a clean run.
func TestFaultAfterTheWrite(t *testing.T) {
	t.Parallel()
	clean, emu := demo(t), demo(t)
	var posts, lost atomic.Int64
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || posts.Add(1)%3 != 1 {
			h.ServeHTTP(w, r)
			return
		}
		// Every third POST: made by the emulator, then answered with a 500.
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code/100 == 2 {
			lost.Add(1)
		}
		webexError(w, http.StatusInternalServerError, 0, "the connection to the backend was reset")
	}))
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	desired := filepath.Join(dir, "desired.yaml")
	if err := os.WriteFile(desired, []byte(summaryDesired), 0o600); err != nil {
		t.Fatal(err)
	}
	mustOK(t, jobRun(t, dir, clean.BaseURL, clean.Tokens.FullAdmin, "apply", "-f", desired, "--yes"))
	r := jobRun(t, dir, ts.URL+"/v1", emu.Tokens.FullAdmin, "apply", "-f", desired, "--yes")
	if r.code != 0 {
		t.Fatalf("apply: exit %d\n%s", r.code, r.stderr)
	}
	if lost.Load() == 0 || !strings.Contains(r.stderr, ", "+itoa(lost.Load())+" found in place after a temporary error") {
		t.Errorf("%d writes answered 500 after they were made; the counts do not say so:\n%s", lost.Load(), r.stderr)
	}
	want := mustOK(t, jobRun(t, dir, clean.BaseURL, clean.Tokens.FullAdmin, "export"))
	got := mustOK(t, jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, "export"))
	if got.stdout != want.stdout {
		t.Errorf("state after apply differs from a clean run (a create made twice?):\n%s", firstDiff(want.stdout, got.stdout))
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// failingLists serves the emulator but answers the people list from its second page on with
// 503, always.
func failingLists(t *testing.T, emu *emulatortest.Emulator, path string) string {
	t.Helper()
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == path && (r.URL.Query().Get("start") != "" || r.URL.Query().Get("cursor") != "") {
			w.Header().Set("Retry-After", "0") // no waiting for the SDK's retries
			webexError(w, http.StatusServiceUnavailable, 0, "list unavailable")
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1"
}

// TestExportListFails: the people list fails at page 2 for good. The export goes on with
// the other kinds, ends every format with the summary record, writes the failed list to
// the failures file and exits 3 (never 1) with a message naming the list.
func TestExportListFails(t *testing.T) {
	t.Parallel()
	emu := demo(t, func(o *emulator.Options) { o.People = 150 })
	base := failingLists(t, emu, "/v1/people")
	dir := t.TempDir()
	fails := filepath.Join(dir, "failures.jsonl")
	clean := mustOK(t, jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, "export"))
	os.Remove(fails)

	r := jobRun(t, dir, base, emu.Tokens.FullAdmin, "export")
	if r.code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", r.code, cmdutil.ExitPartial, r.stderr)
	}
	for _, want := range []string{"export incomplete: could not list all people (page 2 failed: HTTP 503, tried 4 times), so the people after the first ",
		"one JSON line per failed list", "HTTP 503: temporary: safe to re-run"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var sum snapshot.Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Kind != snapshot.SummaryKind || sum.Complete ||
		len(sum.FailedLists) != 1 || sum.FailedLists[0].Kind != "person" || sum.FailedLists[0].Page != 2 || sum.FailedLists[0].Status != 503 ||
		sum.Exported != len(lines)-1 || sum.Listed != sum.Exported || sum.Failures != fails {
		t.Fatalf("last line %s: want the summary of an incomplete export (%v)", lines[len(lines)-1], err)
	}
	// Every record before it is a record of the clean export: page 1 of the people, then
	// every workspace, location and virtual line.
	cleanLines := strings.Split(strings.TrimSpace(clean.stdout), "\n")
	peopleListed := sum.FailedLists[0].Listed
	if got, want := strings.Join(lines[:len(lines)-1], "\n"), strings.Join(append(cleanLines[:peopleListed:peopleListed], cleanLines[150:]...), "\n"); got != want || peopleListed == 0 {
		t.Errorf("the records around the failed list differ from the clean export (%d people listed)", peopleListed)
	}
	var fl cmdutil.Failure
	if err := json.Unmarshal(bytes.TrimSpace(mustRead(t, fails)), &fl); err != nil || fl.List != "people" || fl.Page != 2 ||
		fl.Status != 503 || fl.ID != "" || fl.Listed == nil || *fl.Listed != peopleListed {
		t.Errorf("failures file: %+v (%v)", fl, err)
	}
	os.Remove(fails)

	// The other formats end with the marker too, and restore reads such an export.
	js := jobRun(t, dir, base, emu.Tokens.FullAdmin, "export", "-o", "json")
	var arr []json.RawMessage
	if err := json.Unmarshal([]byte(js.stdout), &arr); err != nil || js.code != cmdutil.ExitPartial {
		t.Fatalf("json: exit %d, %v", js.code, err)
	}
	if s, ok := snapshot.IsSummary(arr[len(arr)-1]); !ok || len(s.FailedLists) != 1 {
		t.Errorf("json: last element %s is not the summary", arr[len(arr)-1])
	}
	yml := jobRun(t, dir, base, emu.Tokens.FullAdmin, "export", "-o", "yaml")
	if !strings.Contains(yml.stdout, "\n- kind: summary\n  complete: false\n") || yml.code != cmdutil.ExitPartial {
		t.Errorf("yaml: exit %d, no summary item at the end:\n%s", yml.code, tail(yml.stdout, 400))
	}
	csv := jobRun(t, dir, base, emu.Tokens.FullAdmin, "export", "-o", "csv")
	if last := lastLine(csv.stdout); !strings.HasPrefix(last, "summary,incomplete,incomplete: the list of people failed at page 2; details in ") || csv.code != cmdutil.ExitPartial {
		t.Errorf("csv: exit %d, last row %q", csv.code, last)
	}
	backup := filepath.Join(dir, "partial.json")
	if err := os.WriteFile(backup, []byte(js.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	rs := jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, "restore", backup, "--yes")
	if rs.code != 0 || !strings.Contains(rs.stderr, "is an incomplete export (the list of people failed at page 2); restore puts back only the ") {
		t.Errorf("restore of an incomplete export: exit %d\n%s", rs.code, rs.stderr)
	}

	// plan and audit: exit 3, naming the list; plan says the plan leaves them out.
	pl := jobRun(t, dir, base, emu.Tokens.FullAdmin, "plan", "-f", exampleDesired(t))
	if pl.code != cmdutil.ExitPartial || !strings.Contains(pl.stderr, "plan incomplete: could not list all people") {
		t.Errorf("plan: exit %d\n%s", pl.code, pl.stderr)
	}
	au := jobRun(t, dir, base, emu.Tokens.FullAdmin, "audit", "-o", "json")
	var rep jobs.AuditReport
	if err := json.Unmarshal([]byte(au.stdout), &rep); err != nil || au.code != cmdutil.ExitPartial || rep.Summary.Complete || rep.Summary.FailedLists != 1 {
		t.Errorf("audit: exit %d, summary %+v (%v)\n%s", au.code, rep.Summary, err, au.stderr)
	}
}

// TestExportLocationsListFails: the calling-locations list (which names every entity's
// location) fails for good: nothing else is read; exit 3 with the summary record.
func TestExportLocationsListFails(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/telephony/config/locations" {
			w.Header().Set("Retry-After", "0")
			webexError(w, http.StatusBadGateway, 0, "bad gateway")
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	r := jobRun(t, dir, ts.URL+"/v1", emu.Tokens.FullAdmin, "export")
	if r.code != cmdutil.ExitPartial || !strings.Contains(r.stderr, "could not list the calling locations (page 1 failed: HTTP 502, tried 4 times), and every record names its location, so nothing else was read") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	if s, ok := snapshot.IsSummary(json.RawMessage(strings.TrimSpace(r.stdout))); !ok || s.Listed != 0 || len(s.FailedLists) != 1 {
		t.Errorf("stdout %q, want only the summary record", r.stdout)
	}
	if strings.Contains(r.stderr, "read 0 entities") {
		t.Errorf("a failed list is reported as an empty org:\n%s", r.stderr)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// TestInterruptedExportSaysSo: an export stopped by Ctrl-C (its context cancelled) ends its
// output with a summary record marked interrupted, and exits 130.
func TestInterruptedExportSaysSo(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	ctx, cancel := context.WithCancel(t.Context())
	var n atomic.Int64
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 20 {
			cancel() // Ctrl-C, some entities in
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	var out, errOut bytes.Buffer
	code := Main(ctx, []string{"--base-url", ts.URL + "/v1", "--token", emu.Tokens.FullAdmin, "export", "--failures", filepath.Join(t.TempDir(), "f")},
		strings.NewReader(""), &out, &errOut)
	if code != cmdutil.ExitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, cmdutil.ExitInterrupted, errOut.String())
	}
	s, ok := snapshot.IsSummary(json.RawMessage(lastLine(out.String())))
	if !ok || !s.Interrupted || s.Complete || s.Exported != strings.Count(out.String(), "\n")-1 {
		t.Errorf("last line %q, want a summary record marked interrupted", lastLine(out.String()))
	}
}

// TestFailedListExitCode: a failed list is a failure like the others: exit 6 when it (and
// every other failure) is a 401/403, else 3; never 1.
func TestFailedListExitCode(t *testing.T) {
	t.Parallel()
	list := func(status int) *snapshot.ListError {
		return &snapshot.ListError{Kind: wxc.Person, List: "people", Page: 2, Listed: 100, Tries: 1,
			Err: &wxc.PageError{Page: 2, Err: &wxc.APIError{StatusCode: status}}}
	}
	for _, tt := range []struct {
		lists []int
		read  int
		code  int
	}{
		{[]int{503}, 0, cmdutil.ExitPartial},
		{[]int{403}, 0, cmdutil.ExitAuth},
		{[]int{401}, 403, cmdutil.ExitAuth},
		{[]int{403}, 404, cmdutil.ExitPartial},
		{[]int{500, 502}, 0, cmdutil.ExitPartial},
	} {
		f := cmdutil.NewFactory(&cmdutil.IOStreams{})
		path := filepath.Join(t.TempDir(), "f.jsonl")
		l := f.NewFailureLog(path)
		for _, st := range tt.lists {
			l.AddList(list(st))
		}
		if tt.read != 0 {
			l.Add(snapshot.Entity{Kind: wxc.Person, ID: "P"}, &wxc.APIError{StatusCode: tt.read})
		}
		code, msg := classify(l.Summary(100, "export"))
		if code != tt.code {
			t.Errorf("lists %v, read %d: exit %d, want %d\n%s", tt.lists, tt.read, code, tt.code, msg)
		}
		if n := strings.Count(string(mustRead(t, path)), "\n"); n != len(tt.lists)+min(tt.read, 1) {
			t.Errorf("failures file has %d lines", n)
		}
	}
}
