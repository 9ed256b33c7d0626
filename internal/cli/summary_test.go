package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// summaryDesired is a small desired state for the demo org: every person gets one call type
// changed and one digit pattern, so each person has a configure (PUT) then a create (POST).
const summaryDesired = `version: 1
profiles:
  strict:
    outgoing:
      callingPermissions:
        PREMIUM_SERVICES_I: {action: BLOCK, transferEnabled: false}
    digitPatterns:
      patterns:
        - {name: Block 976, pattern: "+976!", action: BLOCK}
assignments:
  - profile: strict
    select:
      kinds: [person]
`

// summaryRun is one apply run of summaryDesired with its files in a temporary directory.
type summaryRun struct {
	dir, desired, failures string
}

func newSummaryRun(t *testing.T) summaryRun {
	t.Helper()
	dir := t.TempDir()
	r := summaryRun{dir: dir, desired: filepath.Join(dir, "desired.yaml"), failures: filepath.Join(dir, "failures.jsonl")}
	if err := os.WriteFile(r.desired, []byte(summaryDesired), 0o600); err != nil {
		t.Fatal(err)
	}
	return r
}

// apply runs `wxc apply` quietly (no plan confirmations, no backup/journal lines) with token
// against baseURL and returns the exit code and stderr with the temporary directory as TMP.
func (r summaryRun) apply(t *testing.T, baseURL, token string) (int, string) {
	t.Helper()
	code, _, stderr := runWith(t, baseURL, token, "", false, "--quiet", "apply", "-f", r.desired, "--yes",
		"--failures", r.failures, "--journal", filepath.Join(r.dir, "journal.jsonl"), "--backup", filepath.Join(r.dir, "backup.jsonl"))
	return code, strings.ReplaceAll(stderr, r.dir, "TMP")
}

// planOf returns the plan of summaryDesired against the emulator (before any apply).
func (r summaryRun) planOf(t *testing.T, emu *emulatortest.Emulator) plan.Plan {
	t.Helper()
	code, out, stderr := runMain(t, emu, "plan", "-f", r.desired, "-o", "json")
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	var p plan.Plan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("plan -o json: %v\n%s", err, out)
	}
	if len(p.Entities) < 4 {
		t.Fatalf("plan has %d entities, want at least 4", len(p.Entities))
	}
	return p
}

// readFailures reads the failures file, one cmdutil.Failure per line.
func readFailures(t *testing.T, path string) []cmdutil.Failure {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []cmdutil.Failure
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var fl cmdutil.Failure
		if err := json.Unmarshal([]byte(l), &fl); err != nil {
			t.Fatalf("failures line %q: %v", l, err)
		}
		out = append(out, fl)
	}
	return out
}

// TestApplySummaryReadOnlyGolden: a read-only admin's apply fails every first write of every
// entity with 403; the summary counts entities and writes apart, exits 6 and hints at
// permissions, not at re-running.
func TestApplySummaryReadOnlyGolden(t *testing.T) {
	emu := demoEmulator(t)
	r := newSummaryRun(t)
	p := r.planOf(t, emu)
	_, _, nops := p.Counts()

	code, stderr := r.apply(t, emu.BaseURL, emu.Tokens.ReadOnlyAdmin)
	golden(t, "apply_summary_read_only", stderr)
	if code != cmdutil.ExitAuth {
		t.Fatalf("exit %d, want %d (every failure is a 403)\n%s", code, cmdutil.ExitAuth, stderr)
	}
	for _, want := range []string{
		fmt.Sprintf("apply: %d entities, %d writes: 0 done, %d failed, %d not run", len(p.Entities), nops, len(p.Entities), nops-len(p.Entities)),
		"read-only administrator", "--org-id",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "safe to re-run") {
		t.Errorf("a 403 is not fixed by re-running, but the hint says so:\n%s", stderr)
	}

	// One line per failed write: the first write of each entity, naming it; the writes that
	// were not run after it are listed on the same line.
	fails := readFailures(t, r.failures)
	if len(fails) != len(p.Entities) {
		t.Fatalf("failures file has %d lines, want one per failed write (%d)", len(fails), len(p.Entities))
	}
	notRun := 0
	for i, fl := range fails {
		ep := p.Entities[i]
		if fl.ID != ep.Entity.ID || fl.OpID != ep.Ops[0].ID || fl.Op != string(ep.Ops[0].Kind) || fl.Status != 403 {
			t.Errorf("line %d = %+v, want entity %s, write %s (%s), status 403", i+1, fl, ep.Entity.ID, ep.Ops[0].ID, ep.Ops[0].Kind)
		}
		if len(fl.NotRun) != len(ep.Ops)-1 {
			t.Errorf("line %d lists %d writes not run, want %d", i+1, len(fl.NotRun), len(ep.Ops)-1)
		}
		notRun += len(fl.NotRun)
	}
	if notRun != nops-len(p.Entities) {
		t.Errorf("%d writes listed as not run, want %d", notRun, nops-len(p.Entities))
	}
}

// TestApplySummaryMixedGolden: one person's writes are refused with 400, another's fail with
// 503 (every attempt); the rest succeed. Exit 3, one hint line per status class.
func TestApplySummaryMixedGolden(t *testing.T) {
	emu := demoEmulator(t)
	r := newSummaryRun(t)
	p := r.planOf(t, emu)
	_, _, nops := p.Counts()
	refused, unavailable := p.Entities[0], p.Entities[2]
	if len(refused.Ops) < 2 || len(unavailable.Ops) < 2 {
		t.Fatalf("want two writes for each chosen person, have %d and %d", len(refused.Ops), len(unavailable.Ops))
	}

	var attempts503 atomic.Int32
	h := emu.Server.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet {
			switch {
			case strings.Contains(req.URL.Path, "/"+refused.Entity.ID+"/"):
				webexError(w, http.StatusBadRequest, 25008, "Invalid field value: premium services")
				return
			case strings.Contains(req.URL.Path, "/"+unavailable.Entity.ID+"/"):
				attempts503.Add(1)
				// Retry-After: 0 lets the SDK's retries run at once: consistent 503s, no waiting.
				w.Header().Set("Retry-After", "0")
				webexError(w, http.StatusServiceUnavailable, 27000, "Service temporarily unavailable")
				return
			}
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)

	start := time.Now()
	code, stderr := r.apply(t, srv.URL+"/v1", emu.Tokens.FullAdmin)
	golden(t, "apply_summary_mixed", stderr)
	if code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", code, cmdutil.ExitPartial, stderr)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("apply took %v: the 503 retries waited", d)
	}
	// The SDK tries a PUT DefaultMaxAttempts times; the applier then re-reads the entity and,
	// the write not being in place, sends it again, DefaultWriteRetries more times.
	if n, want := attempts503.Load(), int32(wxc.DefaultMaxAttempts*(1+plan.DefaultWriteRetries)); n != want {
		t.Errorf("the 503 write was tried %d times, want %d (retried, then reported)", n, want)
	}
	wantDone := nops - len(refused.Ops) - len(unavailable.Ops)
	for _, want := range []string{
		fmt.Sprintf("apply: %d entities, %d writes: %d done, 2 failed, %d not run", len(p.Entities), nops, wantDone, len(refused.Ops)+len(unavailable.Ops)-2),
		"HTTP 400: the API refused the value; re-running as is will fail again: fix the input",
		"HTTP 503: temporary: safe to re-run (lower --concurrency for 429)",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	fails := readFailures(t, r.failures)
	if len(fails) != 2 {
		t.Fatalf("failures file has %d lines, want 2 (one per failed write)", len(fails))
	}
	for i, want := range []struct {
		ep     plan.EntityPlan
		status int
	}{{refused, 400}, {unavailable, 503}} {
		if fl := fails[i]; fl.ID != want.ep.Entity.ID || fl.OpID != want.ep.Ops[0].ID || fl.Status != want.status {
			t.Errorf("line %d = %+v, want %s %s status %d", i+1, fl, want.ep.Entity.ID, want.ep.Ops[0].ID, want.status)
		}
	}
}

// webexError answers with the Webex error shape (emulator/respond.go).
func webexError(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("TrackingID", "TEST_WRAPPER")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"message": msg, "errors": []map[string]any{{"description": msg, "errorCode": code}}, "trackingId": "TEST_WRAPPER"})
	w.Write(b)
}

// TestFailureLogExitCodesAndHints checks the one rule table: the exit code is 6 only when
// every failure is 401/403, and there is one hint line per class of failure.
func TestFailureLogExitCodesAndHints(t *testing.T) {
	t.Parallel()
	api := func(status int) error {
		return fmt.Errorf("configure: %w", &wxc.APIError{StatusCode: status, Message: http.StatusText(status), Method: "PUT", Path: "/v1/x"})
	}
	netErr := fmt.Errorf("GET /v1/x: %w", &netTimeout{})
	tests := []struct {
		name     string
		reads    []error
		writes   []error
		code     int
		hints    []string // each must be a line of the message
		notHints []string
	}{
		{name: "all 403 writes", writes: []error{api(403), api(403)}, code: cmdutil.ExitAuth,
			hints: []string{"  HTTP 403: not allowed: " + cmdutil.PermissionsHint}, notHints: []string{"safe to re-run"}},
		{name: "401 and 403", writes: []error{api(401)}, reads: []error{api(403)}, code: cmdutil.ExitAuth,
			hints: []string{"  HTTP 401: the token was refused: check --token or WEBEX_ACCESS_TOKEN (personal access tokens expire after 12 hours)",
				"  HTTP 403: not allowed: " + cmdutil.PermissionsHint}},
		{name: "403 and 503", writes: []error{api(403), api(503)}, code: cmdutil.ExitPartial,
			hints: []string{"  HTTP 403: not allowed: " + cmdutil.PermissionsHint, "  HTTP 503: temporary: safe to re-run (lower --concurrency for 429)"}},
		{name: "400 and 409", writes: []error{api(400), api(409)}, code: cmdutil.ExitPartial,
			hints: []string{"  HTTP 400, HTTP 409: the API refused the value; re-running as is will fail again: fix the input"}},
		{name: "404 read", reads: []error{api(404)}, code: cmdutil.ExitPartial,
			hints: []string{"  HTTP 404: the entity or item is gone (deleted since it was read, or no longer licensed for Webex Calling); a new run works from the current state"}},
		{name: "429, 500 and network", reads: []error{api(429), netErr}, writes: []error{api(500)}, code: cmdutil.ExitPartial,
			hints: []string{"  HTTP 429, HTTP 500, network error: temporary: safe to re-run (lower --concurrency for 429)"}},
		{name: "other", writes: []error{errors.New("boom")}, code: cmdutil.ExitPartial,
			hints: []string{"  error: see the message of each failure in the failures file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := cmdutil.NewFactory(&cmdutil.IOStreams{})
			f.Now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
			l := f.NewFailureLog(filepath.Join(t.TempDir(), "f.jsonl"))
			for i, err := range tt.reads {
				l.Add(snapshot.Entity{Kind: wxc.Person, ID: fmt.Sprint("R", i)}, err)
			}
			for i, err := range tt.writes {
				l.AddWrite(snapshot.Entity{Kind: wxc.Person, ID: fmt.Sprint("W", i)}, plan.Op{ID: fmt.Sprint("W", i, "/outgoing.configure"), Kind: plan.OpOutgoing}, nil, err)
			}
			err := l.JobSummary("apply", 10, 5, 8, 0)
			code, msg := classify(err)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, msg)
			}
			lines := strings.Split(msg, "\n")
			for _, h := range tt.hints {
				if !contains(lines, h) {
					t.Errorf("no line %q in\n%s", h, msg)
				}
			}
			for _, h := range tt.notHints {
				if strings.Contains(msg, h) {
					t.Errorf("message has %q:\n%s", h, msg)
				}
			}
			if n := len(lines) - 1; n != len(tt.hints) {
				t.Errorf("%d hint lines, want %d:\n%s", n, len(tt.hints), msg)
			}
		})
	}
}

func TestFailureLogSummaryWording(t *testing.T) {
	t.Parallel()
	f := cmdutil.NewFactory(&cmdutil.IOStreams{})
	dir := t.TempDir()
	api := func(status int) error { return &wxc.APIError{StatusCode: status} }

	reads := f.NewFailureLog(filepath.Join(dir, "reads.jsonl"))
	if err := reads.Summary(7, "export"); err != nil {
		t.Fatalf("no failures: %v", err)
	}
	reads.Add(snapshot.Entity{Kind: wxc.Person, ID: "A"}, api(503))
	reads.Add(snapshot.Entity{Kind: wxc.Person, ID: "B"}, api(503))
	reads.Add(snapshot.Entity{Kind: wxc.Person, ID: "C"}, api(404))
	want := "export incomplete: could not read 3 of 7 entities (2× HTTP 503, 1× HTTP 404); details, one JSON line per entity that could not be read, in " + reads.Path()
	if _, msg := classify(reads.Summary(7, "export")); !strings.HasPrefix(msg, want+"\n") {
		t.Errorf("reads summary:\n%s\nwant first line\n%s", msg, want)
	}

	jobs := f.NewFailureLog(filepath.Join(dir, "jobs.jsonl"))
	jobs.Add(snapshot.Entity{Kind: wxc.Person, ID: "X"}, api(503))
	jobs.AddWrite(snapshot.Entity{Kind: wxc.Person, ID: "A"}, plan.Op{ID: "A/1", Kind: plan.OpOutgoing}, []string{"A/2"}, api(400))
	want = "restore incomplete: could not read 1 of 12 entities (1× HTTP 503), so the plan leaves them out; " +
		"1 of 9 writes failed (1× HTTP 400) on 1 of 4 entities; 1 more write was not run (after a failed write of the same entity); " +
		"details, one JSON line per failed write or unreadable entity, in " + jobs.Path()
	if _, msg := classify(jobs.JobSummary("restore", 12, 4, 9, 1)); !strings.HasPrefix(msg, want+"\n") {
		t.Errorf("job summary:\n%s\nwant first line\n%s", msg, want)
	}
	fails := readFailures(t, jobs.Path())
	if len(fails) != 2 || fails[1].OpID != "A/1" || fails[1].Op != string(plan.OpOutgoing) || len(fails[1].NotRun) != 1 || fails[0].OpID != "" {
		t.Errorf("failures file = %+v", fails)
	}
}

func TestClassifySingleErrorHints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		code int
		hint string
	}{
		{&wxc.APIError{StatusCode: 400}, cmdutil.ExitFailure, "the API refused the value; re-running as is will fail again: fix the input"},
		{&wxc.APIError{StatusCode: 403}, cmdutil.ExitAuth, cmdutil.PermissionsHint},
		{&wxc.APIError{StatusCode: 404}, cmdutil.ExitFailure, "not found: check the ID"},
		{&wxc.APIError{StatusCode: 429}, cmdutil.ExitFailure, "lower --concurrency for 429"},
		{&wxc.APIError{StatusCode: 502}, cmdutil.ExitFailure, "try again"},
	}
	for _, tt := range tests {
		code, msg := classify(tt.err)
		if code != tt.code || !strings.Contains(msg, "\n  ") || !strings.Contains(msg, tt.hint) {
			t.Errorf("classify(%v) = %d %q, want %d with hint %q", tt.err, code, msg, tt.code, tt.hint)
		}
	}
}

type netTimeout struct{}

func (*netTimeout) Error() string   { return "i/o timeout" }
func (*netTimeout) Timeout() bool   { return true }
func (*netTimeout) Temporary() bool { return true }

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
