package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestPlanSaysIncomplete: a plan made while the people list fails at page 2 says so in its
// output, not only in the exit code and on stderr: a last line in text, "complete": false
// and the failed list in the JSON summary. A complete plan has neither.
func TestPlanSaysIncomplete(t *testing.T) {
	t.Parallel()
	emu := demo(t, func(o *emulator.Options) { o.People = 150 })
	base := failingLists(t, emu, "/v1/people")
	dir := t.TempDir()
	desired := exampleDesired(t)

	txt := jobRun(t, dir, base, emu.Tokens.FullAdmin, "plan", "-f", desired)
	if txt.code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d\n%s", txt.code, cmdutil.ExitPartial, txt.stderr)
	}
	last := lastLine(txt.stdout)
	if !strings.HasPrefix(last, "Plan incomplete: the people list failed at page 2 after ") ||
		!strings.Contains(last, "entries; entities not read are not in this plan (details in ") {
		t.Errorf("last line of the text plan: %q", last)
	}

	js := jobRun(t, dir, base, emu.Tokens.FullAdmin, "plan", "-f", desired, "-o", "json")
	var got struct {
		Summary struct {
			Complete    *bool                 `json:"complete"`
			Listed      int                   `json:"listed"`
			FailedLists []snapshot.FailedList `json:"failedLists"`
			Failures    string                `json:"failures"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &got); err != nil || js.code != cmdutil.ExitPartial {
		t.Fatalf("json: exit %d, %v\n%s", js.code, err, js.stdout)
	}
	s := got.Summary
	if s.Complete == nil || *s.Complete || len(s.FailedLists) != 1 || s.FailedLists[0].List != "people" ||
		s.FailedLists[0].Page != 2 || s.FailedLists[0].Listed == 0 || s.Listed == 0 || s.Failures == "" {
		t.Errorf("json summary of an incomplete plan: %+v", s)
	}

	// Complete plans: no marker.
	ok := jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, "plan", "-f", desired, "-o", "json")
	if ok.code != 0 || strings.Contains(ok.stdout, `"complete"`) || strings.Contains(ok.stdout, "failedLists") {
		t.Errorf("complete plan: exit %d\n%s", ok.code, ok.stdout)
	}
	okt := jobRun(t, dir, emu.BaseURL, emu.Tokens.FullAdmin, "plan", "-f", desired)
	if okt.code != 0 || strings.Contains(okt.stdout, "incomplete") {
		t.Errorf("complete text plan: exit %d\n%s", okt.code, okt.stdout)
	}
}

// failNthPost serves the emulator but answers the nth POST (1 is the first) with status.
func failNthPost(t *testing.T, emu *emulatortest.Emulator, n int64, status int) string {
	t.Helper()
	h := emu.Server.Handler()
	var posts atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && posts.Add(1) == n {
			webexError(w, status, 0, "refused by the test")
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1"
}

// TestAccessCodesAddFailsAtNthPost: access-codes add sends one POST per code; when the nth
// fails, the message names the codes added and the codes not added, right for none, some
// and all-but-the-last, and the entity has exactly the codes it says were added.
func TestAccessCodesAddFailsAtNthPost(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n      int64
		status int
		codes  []string
		want   []string
		added  []string
	}{
		{1, 400, []string{"1111", "2222", "3333"}, []string{"code 1111 (1 of 3) failed; added: none of the 3; not added: 1111, 2222, 3333 (2222, 3333 not sent): "}, nil},
		{2, 400, []string{"1111", "2222", "3333"}, []string{"code 2222 (2 of 3) failed; added: 1111 (1 of 3); not added: 2222, 3333 (3333 not sent): "}, []string{"1111"}},
		{3, 400, []string{"1111", "2222", "3333"}, []string{"code 3333 (3 of 3) failed; added: 1111, 2222 (2 of 3); not added: 3333: "}, []string{"1111", "2222"}},
		{1, 400, []string{"1111"}, []string{"add access code 1111 to person \"Alice Smith\" (", ") failed; nothing was added: "}, nil},
		{2, 500, []string{"1111", "2222"}, []string{"added: 1111 (1 of 2); not added: 2222 (the server may have added 2222 before the error: `wxc access-codes list person "}, []string{"1111"}},
	} {
		emu := demo(t)
		args := []string{"access-codes", "add", "person", "Alice Smith"}
		for _, c := range tt.codes {
			args = append(args, c+"=test")
		}
		r := runCLI(t, failNthPost(t, emu, tt.n, tt.status), emu.Tokens.FullAdmin, false, args...)
		if r.code != cmdutil.ExitFailure {
			t.Errorf("POST %d of %v fails: exit %d\n%s", tt.n, tt.codes, r.code, r.stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("POST %d of %v fails: stderr lacks %q:\n%s", tt.n, tt.codes, w, r.stderr)
			}
		}
		if strings.Contains(r.stderr, "before: )") {
			t.Errorf("empty list of codes added:\n%s", r.stderr)
		}
		var have wxc.AuthCodes
		l := mustOK(t, runCLI(t, emu.BaseURL, emu.Tokens.FullAdmin, false, "access-codes", "list", "person", "Alice Smith", "-o", "json"))
		if err := json.Unmarshal([]byte(l.stdout), &have); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range have.AccessCodes {
			got = append(got, a.Code)
		}
		if strings.Join(got, ",") != strings.Join(tt.added, ",") {
			t.Errorf("POST %d of %v fails: the person has codes %v, the message says %v were added", tt.n, tt.codes, got, tt.added)
		}
	}
}

// TestExportLocationLookupFails: the calling-locations list that looks up --location NAME
// fails for good: a failed list (exit 3 with the hint of its class and the summary record;
// 6 for 403), never exit 1.
func TestExportLocationLookupFails(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		status int
		code   int
		hint   string
	}{
		{503, cmdutil.ExitPartial, "HTTP 503: temporary: safe to re-run"},
		{400, cmdutil.ExitPartial, "HTTP 400: the API refused the value"},
		{403, cmdutil.ExitAuth, "HTTP 403: not allowed: "},
	} {
		emu := demo(t)
		h := emu.Server.Handler()
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/telephony/config/locations" {
				w.Header().Set("Retry-After", "0")
				webexError(w, tt.status, 0, "no locations for the test")
				return
			}
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(ts.Close)
		dir := t.TempDir()
		r := jobRun(t, dir, ts.URL+"/v1", emu.Tokens.FullAdmin, "export", "--location", "Dallas")
		if r.code != tt.code {
			t.Errorf("HTTP %d: exit %d, want %d\n%s", tt.status, r.code, tt.code, r.stderr)
		}
		for _, w := range []string{"export incomplete: could not list the calling locations (page 1 failed: HTTP ",
			`and --location "Dallas" is looked up in it, so nothing else was read`, tt.hint} {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("HTTP %d: stderr lacks %q:\n%s", tt.status, w, r.stderr)
			}
		}
		if s, ok := snapshot.IsSummary(json.RawMessage(strings.TrimSpace(r.stdout))); !ok || s.Complete || len(s.FailedLists) != 1 || s.FailedLists[0].Status != tt.status {
			t.Errorf("HTTP %d: stdout %q, want only the summary record", tt.status, r.stdout)
		}
	}
}

// TestEmptyListNote: a per-entity list that is empty prints nothing on stdout in table form;
// a note on stderr says so and which list applies. stdout stays valid for json and csv.
func TestEmptyListNote(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	for _, tt := range []struct {
		group, what, sw string
	}{
		{"access-codes", "access codes", "useCustomAccessCodes"},
		{"digit-patterns", "digit patterns", "useCustomDigitPatterns"},
	} {
		r := mustOK(t, mainCLI(t, emu, tt.group, "list", "person", "Alice Smith"))
		want := " has no " + tt.what + " of its own (" + tt.sw + " false: location Dallas's apply; `wxc " + tt.group + " list location \"Dallas\"` lists them)"
		if r.stdout != "" || !strings.Contains(r.stderr, want) {
			t.Errorf("%s list: stdout %q, stderr %q, want the note %q", tt.group, r.stdout, r.stderr, want)
		}
		js := mustOK(t, mainCLI(t, emu, tt.group, "list", "person", "Alice Smith", "-o", "json"))
		if !json.Valid([]byte(js.stdout)) || !strings.Contains(js.stderr, want) {
			t.Errorf("%s list -o json: stdout %q, stderr %q", tt.group, js.stdout, js.stderr)
		}
		csv := mustOK(t, mainCLI(t, emu, tt.group, "list", "person", "Alice Smith", "-o", "csv"))
		if strings.Count(csv.stdout, "\n") != 1 {
			t.Errorf("%s list -o csv: %q, want the header only", tt.group, csv.stdout)
		}
		q := mustOK(t, mainCLI(t, emu, "--quiet", tt.group, "list", "person", "Alice Smith"))
		if q.stderr != "" {
			t.Errorf("%s list --quiet: stderr %q", tt.group, q.stderr)
		}
		loc := mustOK(t, mainCLI(t, emu, tt.group, "list", "location", "Dallas"))
		if loc.stdout == "" || strings.Contains(loc.stderr, "has no") {
			t.Errorf("%s list location Dallas (not empty): stdout %q, stderr %q", tt.group, loc.stdout, loc.stderr)
		}
	}
}
