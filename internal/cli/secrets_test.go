package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

// echoSecret is the token the CLI sends to the echoing server; it must show up nowhere.
const echoSecret = "wxc-test-SECRET-7d3f0c2a9b"

// echoWriter sets the TrackingID header of every response to the request's Authorization
// header, whatever the emulator put there.
type echoWriter struct {
	http.ResponseWriter
	auth    string
	written bool
}

func (w *echoWriter) WriteHeader(code int) {
	if !w.written {
		w.written = true
		w.Header().Set("TrackingID", "ROUTER_"+w.auth)
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *echoWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// echoError answers status with the Authorization header in every field a server controls:
// the message, each error detail, the tracking ID (header and body).
func echoError(w http.ResponseWriter, status int, auth string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("TrackingID", auth)
	w.Header().Set("Retry-After", "0") // 429/5xx: retried at once
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{
		"message":    "rejected the request with " + auth,
		"errors":     []map[string]any{{"description": "header was " + auth, "errorCode": 25008}},
		"trackingId": "ROUTER_" + auth,
	})
	w.Write(b)
}

// echoServer serves the emulator to a client that sends echoSecret (it is swapped for the
// emulator's token on the way in) and echoes the Authorization header back in every
// response's tracking ID, and, for the requests fail picks, in an error with that status.
func echoServer(t *testing.T, emu *emulatortest.Emulator, fail func(r *http.Request) int) string {
	t.Helper()
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if status := fail(r); status != 0 {
			echoError(w, status, auth)
			return
		}
		if auth == "Bearer "+echoSecret {
			r.Header.Set("Authorization", "Bearer "+emu.Tokens.FullAdmin)
		}
		h.ServeHTTP(&echoWriter{ResponseWriter: w, auth: auth}, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1"
}

// TestTokenEchoedByServerNeverShown: a server that echoes the Authorization header into
// every error message, error detail and tracking ID (header and body, on every response)
// must not get the token into any output of the CLI: stdout, stderr with --debug (every
// request and retry logged), the error text of single and bulk commands, the failures file,
// the journal, the backup, and the summary record of an incomplete export.
func TestTokenEchoedByServerNeverShown(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	people := demoPeople(t, emu)
	readFails, writeFails, getFails := people[1].ID, people[3].ID, people[5].ID
	base := echoServer(t, emu, func(r *http.Request) int {
		p := r.URL.Path
		switch {
		case r.Method == http.MethodGet && strings.Contains(p, "/people/"+readFails+"/outgoingPermission/digitPatterns"):
			return http.StatusNotFound
		case r.Method == http.MethodGet && strings.Contains(p, "/people/"+getFails+"/outgoingPermission/accessCodes"):
			return http.StatusServiceUnavailable // retried by the SDK and the CLI, then reported
		case r.Method == http.MethodGet && p == "/v1/workspaces":
			return http.StatusBadGateway // a list that fails for good
		case r.Method != http.MethodGet && strings.Contains(p, "/"+writeFails+"/"):
			return http.StatusBadRequest
		case r.Method == http.MethodPost && strings.Contains(p, "/people/"+people[4].ID+"/"):
			return http.StatusInternalServerError // a create: re-read, then sent again
		}
		return 0
	})
	dir := t.TempDir()
	desired := filepath.Join(dir, "desired.yaml")
	if err := os.WriteFile(desired, []byte(summaryDesired), 0o600); err != nil {
		t.Fatal(err)
	}
	fails := filepath.Join(dir, "failures.jsonl")
	journal := filepath.Join(dir, "journal.jsonl")
	backup := filepath.Join(dir, "backup.jsonl")

	var outputs []string // every output, to search for the token
	cmd := func(want int, args ...string) cliResult {
		t.Helper()
		r := runCLI(t, base, echoSecret, false, append([]string{"--debug"}, args...)...)
		if r.code != want {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, want, tail(r.stderr, 3000))
		}
		outputs = append(outputs, r.stdout, r.stderr)
		if testing.Verbose() { // what a person reads, without the --debug lines
			var lines []string
			for _, l := range strings.Split(r.stderr, "\n") {
				if !strings.HasPrefix(l, "time=") {
					lines = append(lines, l)
				}
			}
			t.Logf("wxc %s: exit %d\n%s", strings.Join(args, " "), r.code, strings.Join(lines, "\n"))
		}
		return r
	}
	cmd(cmdutil.ExitPartial, "export", "--failures", fails)
	cmd(cmdutil.ExitPartial, "export", "-o", "csv", "--failures", fails)
	cmd(cmdutil.ExitPartial, "audit", "-o", "json", "--failures", fails)
	cmd(cmdutil.ExitFailure, "access-codes", "list", "person", getFails)
	cmd(cmdutil.ExitFailure, "transfer-numbers", "set", "person", writeFails, "--number1", "+14085550199")
	cmd(cmdutil.ExitFailure, "access-codes", "add", "person", people[4].ID, "4711=echo")
	cmd(cmdutil.ExitPartial, "apply", "-f", desired, "--yes", "--failures", fails, "--journal", journal, "--backup", backup)
	for _, path := range []string{fails, journal, backup} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s was not written: %v", filepath.Base(path), err)
		}
		outputs = append(outputs, string(b))
	}

	redacted := 0
	for i, out := range outputs {
		if strings.Contains(out, echoSecret) {
			t.Errorf("output %d has the token:\n%s", i, excerpt(out, echoSecret))
		}
		redacted += strings.Count(out, "[REDACTED]")
	}
	// The echo reached the CLI (as [REDACTED]) through each channel: the server was hostile.
	all := strings.Join(outputs, "\n")
	for _, want := range []string{"ROUTER_Bearer [REDACTED]", "rejected the request with Bearer [REDACTED]", `"trackingId":"ROUTER_Bearer [REDACTED]"`} {
		if !strings.Contains(all, want) {
			t.Errorf("no output shows %q: was the token echoed at all?", want)
		}
	}
	var fl cmdutil.Failure
	for _, line := range strings.Split(strings.TrimSpace(string(mustRead(t, fails))), "\n") {
		if err := json.Unmarshal([]byte(line), &fl); err != nil {
			t.Fatal(err)
		}
		if fl.TrackingID == "" || !strings.Contains(fl.TrackingID, "[REDACTED]") {
			t.Errorf("failures line without the (redacted) echoed tracking ID: %s", line)
		}
	}
	if !strings.Contains(string(mustRead(t, journal)), "[REDACTED]") {
		t.Error("the journal has no failed write with the echoed message")
	}
	t.Logf("%d redactions over %d outputs", redacted, len(outputs))
	// The incomplete export's summary record carries the failed list's error, redacted.
	if !strings.Contains(outputs[0], `"kind":"summary"`) || !strings.Contains(outputs[0], "[REDACTED]") {
		t.Errorf("the export's summary record lacks the failed list:\n%s", lastLine(outputs[0]))
	}
	var sum snapshot.Summary
	if err := json.Unmarshal([]byte(lastLine(outputs[0])), &sum); err != nil || len(sum.FailedLists) != 1 {
		t.Errorf("summary record %s (%v)", lastLine(outputs[0]), err)
	}
}

// excerpt shows where s holds secret.
func excerpt(s, secret string) string {
	i := strings.Index(s, secret)
	lo, hi := max(i-300, 0), min(i+len(secret)+100, len(s))
	return s[lo:hi]
}
