package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

type cliResult struct {
	code           int
	stdout, stderr string
}

// demo starts the deterministic demo emulator.
func demo(t *testing.T, opts ...func(*emulator.Options)) *emulatortest.Emulator {
	t.Helper()
	return emulatortest.New(t, append([]func(*emulator.Options){func(o *emulator.Options) { o.Demo = true }}, opts...)...)
}

// runCLI runs wxc in-process against baseURL with the full-admin token. tty makes stdout
// look like a terminal (aligned tables).
func runCLI(t *testing.T, baseURL, token string, tty bool, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, IsStdoutTTY: tty})
	f.Getenv = func(string) string { return "" }
	full := append([]string{"--base-url", baseURL, "--token", token}, args...)
	code := run(t.Context(), full, f)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

// mainCLI runs wxc through Main.
func mainCLI(t *testing.T, emu *emulatortest.Emulator, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append([]string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin}, args...)
	code := Main(t.Context(), full, strings.NewReader(""), &out, &errOut)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

func mustOK(t *testing.T, r cliResult) cliResult {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	return r
}

// golden compares got with testdata/name.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli/ -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update and review the diff)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// demoPeople lists the calling people of the emulator's primary org in list order.
func demoPeople(t *testing.T, emu *emulatortest.Emulator) []snapshot.Entity {
	t.Helper()
	var out []snapshot.Entity
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Person}}) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	if len(out) < 8 {
		t.Fatalf("demo org has %d calling people, want at least 8", len(out))
	}
	return out
}

func TestOutgoingGetGolden(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	p := demoPeople(t, emu)[1]
	tok := emu.Tokens.FullAdmin
	golden(t, "outgoing_get_table", mustOK(t, runCLI(t, emu.BaseURL, tok, true, "outgoing", "get", "person", p.Email)).stdout)
	golden(t, "outgoing_get_pipe", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", p.Email)).stdout)
	golden(t, "outgoing_get_json", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", p.ID, "-o", "json")).stdout)
	golden(t, "outgoing_get_csv", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", p.Name, "-o", "csv")).stdout)
	golden(t, "outgoing_get_yaml", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", p.Email, "-o", "yaml")).stdout)
}

func TestLocationListsGolden(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	var loc snapshot.Entity
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Location}}) {
		if err != nil {
			t.Fatal(err)
		}
		loc = e
		break
	}
	tok := emu.Tokens.FullAdmin
	golden(t, "access_codes_list_table", mustOK(t, runCLI(t, emu.BaseURL, tok, true, "access-codes", "list", "location", loc.Name)).stdout)
	golden(t, "digit_patterns_list_csv", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "digit-patterns", "list", "location", loc.Name, "-o", "csv")).stdout)
	golden(t, "digit_patterns_list_json", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "digit-patterns", "list", "location", loc.ID, "-o", "json")).stdout)
	golden(t, "transfer_numbers_get_table", mustOK(t, runCLI(t, emu.BaseURL, tok, true, "transfer-numbers", "get", "location", loc.Name)).stdout)
}

func TestExportGolden(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	tok := emu.Tokens.FullAdmin
	fails := filepath.Join(t.TempDir(), "failures.jsonl")
	jsonl := mustOK(t, runCLI(t, emu.BaseURL, tok, false, "export", "--failures", fails))
	golden(t, "export_jsonl", jsonl.stdout)
	golden(t, "export_csv", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "export", "-o", "csv", "--failures", fails)).stdout)
	golden(t, "export_locations_json", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "export", "--kind", "location", "-o", "json", "--failures", fails)).stdout)
	golden(t, "export_virtual_lines_yaml", mustOK(t, runCLI(t, emu.BaseURL, tok, false, "export", "--kind", "virtual-line", "-o", "yaml", "--failures", fails)).stdout)
	if fileExists(fails) {
		t.Error("a failures file was written although nothing failed")
	}
	// Every JSON line is a snapshot.Settings record with all four settings.
	sc := bufio.NewScanner(strings.NewReader(jsonl.stdout))
	sc.Buffer(nil, 1<<20)
	kinds := map[wxc.EntityKind]int{}
	for sc.Scan() {
		var s snapshot.Settings
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if s.ID == "" || s.Outgoing == nil || s.TransferNumbers == nil || s.AccessCodes == nil || s.DigitPatterns == nil {
			t.Errorf("incomplete record %s", sc.Text())
		}
		kinds[s.Kind]++
	}
	for _, k := range wxc.EntityKinds() {
		if kinds[k] == 0 {
			t.Errorf("export has no %s", k)
		}
	}
	// The filters: --kind and --location by name.
	people := demoPeople(t, emu)
	loc := people[0].LocationName
	r := mustOK(t, runCLI(t, emu.BaseURL, tok, false, "export", "--kind", "person", "--location", loc, "--failures", fails))
	want := 0
	for _, p := range people {
		if p.LocationName == loc {
			want++
		}
	}
	if got := strings.Count(r.stdout, "\n"); got != want || want == 0 {
		t.Errorf("export --kind person --location %q: %d lines, want %d", loc, got, want)
	}
}

func TestSetThenGet(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	p := demoPeople(t, emu)[2]
	mustOK(t, mainCLI(t, emu, "outgoing", "set", "person", p.Email, "--call-type", "INTERNATIONAL=BLOCK:no-transfer", "--transfer-enabled", "NATIONAL=false"))
	got, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	intl, _ := got.CallingPermissions.ForCallType(wxc.CallTypeInternational)
	nat, _ := got.CallingPermissions.ForCallType(wxc.CallTypeNational)
	if intl.Action != wxc.ActionBlock || intl.TransferEnabled || nat.TransferEnabled || got.UseCustomEnabled == nil || !*got.UseCustomEnabled {
		t.Errorf("after set: useCustom %v, INTERNATIONAL %+v, NATIONAL %+v", cmdutil.BoolCell(got.UseCustomEnabled), intl, nat)
	}
	// -f with the output of get -o yaml copies the settings to another person.
	q := demoPeople(t, emu)[4]
	y := mustOK(t, mainCLI(t, emu, "outgoing", "get", "person", p.ID, "-o", "yaml")).stdout
	file := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(file, []byte(y), 0o600); err != nil {
		t.Fatal(err)
	}
	mustOK(t, mainCLI(t, emu, "outgoing", "set", "person", q.Email, "-f", file))
	got2, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if intl2, _ := got2.CallingPermissions.ForCallType(wxc.CallTypeInternational); intl2.Action != wxc.ActionBlock {
		t.Errorf("after set -f: INTERNATIONAL %+v", intl2)
	}
}

func TestPerEntityWrites(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	ctx := t.Context()
	p := demoPeople(t, emu)[3]
	svc := emu.Client.OutgoingPermissions(wxc.Person)

	mustOK(t, mainCLI(t, emu, "transfer-numbers", "set", "person", p.Email, "--number1", "+14085550111"))
	n, err := svc.TransferNumbers.Read(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ReplaceAll(cmdutil.StrCell(n.AutoTransferNumber1), "-", "") != "+14085550111" {
		t.Errorf("number1 = %q", cmdutil.StrCell(n.AutoTransferNumber1))
	}
	mustOK(t, mainCLI(t, emu, "transfer-numbers", "clear", "person", p.Email))
	if n, err = svc.TransferNumbers.Read(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if cmdutil.StrCell(n.AutoTransferNumber1) != "" {
		t.Errorf("number1 after clear = %q", cmdutil.StrCell(n.AutoTransferNumber1))
	}

	mustOK(t, mainCLI(t, emu, "access-codes", "add", "person", p.Email, "4856=Marketing", "9753=Finance"))
	mustOK(t, mainCLI(t, emu, "access-codes", "delete", "person", p.Email, "4856"))
	mustOK(t, mainCLI(t, emu, "access-codes", "use-custom", "person", p.Email))
	codes, err := svc.AccessCodes.Read(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes.AccessCodes) != 1 || codes.AccessCodes[0].Code != "9753" || codes.UseCustomAccessCodes == nil || !*codes.UseCustomAccessCodes {
		t.Errorf("access codes = %+v use-custom %s", codes.AccessCodes, cmdutil.BoolCell(codes.UseCustomAccessCodes))
	}

	add := mustOK(t, mainCLI(t, emu, "digit-patterns", "add", "person", p.Email, "--name", "premium", "--pattern", "+900!", "--action", "BLOCK"))
	id := strings.TrimSpace(add.stdout)
	if id == "" {
		t.Fatal("add printed no ID")
	}
	mustOK(t, mainCLI(t, emu, "digit-patterns", "update", "person", p.Email, "premium", "--action", "AUTH_CODE", "--transfer-enabled"))
	dp, err := svc.DigitPatterns.Details(ctx, p.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	if dp.Action != wxc.ActionAuthCode || dp.TransferEnabled == nil || !*dp.TransferEnabled || dp.Pattern != "+900!" {
		t.Errorf("pattern after update = %+v", dp)
	}
	get := mustOK(t, mainCLI(t, emu, "digit-patterns", "get", "person", p.Email, id, "-o", "json"))
	if !strings.Contains(get.stdout, `"AUTH_CODE"`) {
		t.Errorf("get = %s", get.stdout)
	}
	mustOK(t, mainCLI(t, emu, "digit-patterns", "use-custom", "person", p.Email, "true"))
	mustOK(t, mainCLI(t, emu, "digit-patterns", "delete", "person", p.Email, "premium"))
	mustOK(t, mainCLI(t, emu, "digit-patterns", "add", "person", p.Email, "--name", "a", "--pattern", "9XXX", "--action", "ALLOW"))
	mustOK(t, mainCLI(t, emu, "digit-patterns", "delete-all", "person", p.Email))
	dps, err := svc.DigitPatterns.List(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(dps.DigitPatterns) != 0 || dps.UseCustomDigitPatterns == nil || !*dps.UseCustomDigitPatterns {
		t.Errorf("digit patterns after delete-all = %+v", dps)
	}

	// Location access codes use their own API.
	mustOK(t, mainCLI(t, emu, "access-codes", "add", "location", p.LocationID, "1111=Lobby", "2222=Night"))
	mustOK(t, mainCLI(t, emu, "access-codes", "delete", "location", p.LocationID, "1111"))
	lc, err := emu.Client.LocationAccessCodes.Read(ctx, p.LocationID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(lc, func(a wxc.AuthCode) bool { return a.Code == "2222" }) || slices.ContainsFunc(lc, func(a wxc.AuthCode) bool { return a.Code == "1111" }) {
		t.Errorf("location codes = %+v", lc)
	}
}

// countingServer fronts the emulator and counts requests that are not GET.
func countingServer(t *testing.T, emu *emulatortest.Emulator, writes *atomic.Int64) string {
	t.Helper()
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			writes.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL + "/v1"
}

func TestDryRunSendsNothing(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	var writes atomic.Int64
	base := countingServer(t, emu, &writes)
	p := demoPeople(t, emu)[1]
	before, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	tok := emu.Tokens.FullAdmin
	cmds := [][]string{
		{"outgoing", "set", "person", p.Email, "--call-type", "INTERNATIONAL=BLOCK", "--dry-run"},
		{"transfer-numbers", "set", "person", p.Email, "--number2", "+15550100", "--dry-run"},
		{"transfer-numbers", "clear", "location", p.LocationID, "--dry-run"}, // the person has no numbers to clear
		{"access-codes", "add", "person", p.Email, "1357=x", "--dry-run"},
		{"access-codes", "delete", "location", demoPeople(t, emu)[0].LocationID, "--all", "--dry-run"}, // Dallas has codes
		{"access-codes", "use-custom", "person", p.Email, "true", "--dry-run"},
		{"digit-patterns", "add", "person", p.Email, "--name", "n", "--pattern", "9XXX", "--action", "BLOCK", "--dry-run"},
		{"digit-patterns", "delete-all", "location", p.LocationID, "--dry-run"}, // the person has none
		{"digit-patterns", "use-custom", "person", p.Email, "--dry-run"},
	}
	for _, args := range cmds {
		r := mustOK(t, runCLI(t, base, tok, false, args...))
		if !strings.Contains(r.stdout, "# dry run, not sent:\n") {
			t.Errorf("%q: stdout has no dry-run request:\n%s", args, r.stdout)
		}
	}
	r := mustOK(t, runCLI(t, base, tok, false, cmds[0]...))
	for _, want := range []string{"PUT " + base + "/people/", "/features/outgoingPermission", `"action": "BLOCK"`, `"callType": "INTERNATIONAL"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("dry-run output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, tok) || strings.Contains(r.stderr, tok) {
		t.Error("the token was printed")
	}
	if n := writes.Load(); n != 0 {
		t.Errorf("%d write requests reached the server during --dry-run", n)
	}
	after, err := emu.Client.OutgoingPermissions(wxc.Person).Read(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := json.Marshal(before)
	b2, _ := json.Marshal(after)
	if !bytes.Equal(b1, b2) {
		t.Errorf("state changed during --dry-run:\n%s\n%s", b1, b2)
	}
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	emu := demo(t, func(o *emulator.Options) { o.People = 400 })
	people := demoPeople(t, emu)
	byName := map[string][]snapshot.Entity{}
	for _, p := range people {
		byName[strings.ToLower(p.Name)] = append(byName[strings.ToLower(p.Name)], p)
	}
	var dup []snapshot.Entity
	for _, ps := range byName {
		if len(ps) > 1 {
			dup = ps
			break
		}
	}
	if dup == nil {
		t.Fatal("no two people share a display name in a 400-person org; pick another size")
	}
	r := mainCLI(t, emu, "outgoing", "get", "person", dup[0].Name)
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "matches") {
		t.Fatalf("ambiguous name: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, p := range dup {
		if !strings.Contains(r.stderr, p.ID) {
			t.Errorf("candidate %s not listed:\n%s", p.ID, r.stderr)
		}
	}
	// The email of one of them is unambiguous.
	mustOK(t, mainCLI(t, emu, "outgoing", "get", "person", dup[1].Email))

	r = mainCLI(t, emu, "outgoing", "get", "workspace", "No Such Room")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "no workspace matches") {
		t.Errorf("unknown workspace: exit %d, stderr %s", r.code, r.stderr)
	}
	r = mainCLI(t, emu, "outgoing", "get", "person", "nobody@nowhere.example")
	if r.code != cmdutil.ExitUsage {
		t.Errorf("unknown email: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestAuthFailure(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	fails := filepath.Join(t.TempDir(), "failures.jsonl")
	r := runCLI(t, emu.BaseURL, "not-a-token", false, "export", "--failures", fails)
	if r.code != cmdutil.ExitAuth || !strings.Contains(r.stderr, "--token") {
		t.Errorf("bad token: exit %d, stderr %s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "not-a-token") {
		t.Error("the token was echoed")
	}
	// Every list failed with 401: one line per failed list, and no token there either.
	b, err := os.ReadFile(fails)
	if err != nil || !strings.Contains(string(b), `"status":401`) || strings.Contains(string(b), "not-a-token") {
		t.Errorf("failures file: %v\n%s", err, b)
	}
}

func TestExportPartialFailure(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	people := demoPeople(t, emu)
	bad := map[string]bool{people[2].ID: true, people[6].ID: true}
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for id := range bad {
			if strings.Contains(r.URL.Path, "/people/"+id+"/outgoingPermission/digitPatterns") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusNotFound)
				w.Write([]byte(`{"message":"injected by the test","trackingId":"TEST_1"}`))
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	fails := filepath.Join(t.TempDir(), "failed.jsonl")
	r := runCLI(t, ts.URL+"/v1", emu.Tokens.FullAdmin, false, "export", "--kind", "person", "--failures", fails, "--concurrency", "4")
	if r.code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d; stderr %s", r.code, cmdutil.ExitPartial, r.stderr)
	}
	if !strings.Contains(r.stderr, "2 of") || !strings.Contains(r.stderr, fails) {
		t.Errorf("summary lacks the count or the file:\n%s", r.stderr)
	}
	// The records of the entities read, then the summary record that says the export is
	// incomplete (docs/CLI.md).
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if got, want := len(lines), len(people)-2+1; got != want {
		t.Errorf("stdout has %d lines, want %d records and the summary", got, want-1)
	}
	var sum snapshot.Summary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil || sum.Kind != "summary" || sum.Complete ||
		sum.Listed != len(people) || sum.Exported != len(people)-2 || sum.Unreadable != 2 || sum.Failures != fails {
		t.Errorf("last line %s (%v), want the summary of an incomplete export", lines[len(lines)-1], err)
	}
	b, err := os.ReadFile(fails)
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("failures file has %d lines:\n%s", len(lines), b)
	}
	for _, l := range lines {
		var fl cmdutil.Failure
		if err := json.Unmarshal([]byte(l), &fl); err != nil {
			t.Fatal(err)
		}
		if !bad[fl.ID] || fl.Kind != wxc.Person || fl.Status != http.StatusNotFound || fl.Error == "" {
			t.Errorf("failure line %s", l)
		}
	}
}

func TestEmulatorFlagPersists(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.db")
	run := func(args ...string) cliResult {
		var out, errOut bytes.Buffer
		code := Main(t.Context(), append([]string{"--emulator", "--emulator-state", state}, args...), strings.NewReader(""), &out, &errOut)
		return cliResult{code, out.String(), errOut.String()}
	}
	loc := mustOK(t, run("export", "--kind", "location", "-o", "jsonl"))
	var first snapshot.Settings
	if err := json.Unmarshal([]byte(strings.SplitN(loc.stdout, "\n", 2)[0]), &first); err != nil {
		t.Fatal(err)
	}
	mustOK(t, run("outgoing", "set", "location", first.Name, "--call-type", "TOLL_FREE=BLOCK"))
	after := mustOK(t, run("outgoing", "get", "location", first.ID, "-o", "csv"))
	if !strings.Contains(after.stdout, "TOLL_FREE,BLOCK") {
		t.Errorf("the change did not persist between commands:\n%s", after.stdout)
	}
	mustOK(t, run("emulator", "reset"))
	if fileExists(state) {
		t.Fatal("reset left the state file")
	}
	fresh := mustOK(t, run("outgoing", "get", "location", first.ID, "-o", "csv"))
	if strings.Contains(fresh.stdout, "TOLL_FREE,BLOCK") {
		t.Errorf("reset did not start over:\n%s", fresh.stdout)
	}
}

func TestInterruptedExport(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out, errOut bytes.Buffer
	code := Main(ctx, []string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin, "export", "--failures", filepath.Join(t.TempDir(), "f")},
		strings.NewReader(""), &out, &errOut)
	if code != cmdutil.ExitInterrupted {
		t.Errorf("exit %d, want %d; stderr %s", code, cmdutil.ExitInterrupted, errOut.String())
	}
}

func TestQuietAndCompletion(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	p := demoPeople(t, emu)[0]
	loud := mustOK(t, mainCLI(t, emu, "access-codes", "use-custom", "person", p.Email))
	if !strings.Contains(loud.stderr, "set use-custom access codes") || loud.stdout != "" {
		t.Errorf("confirmation: stdout %q stderr %q", loud.stdout, loud.stderr)
	}
	quiet := mustOK(t, mainCLI(t, emu, "--quiet", "access-codes", "use-custom", "person", p.Email, "false"))
	if quiet.stderr != "" || quiet.stdout != "" {
		t.Errorf("--quiet printed stdout %q stderr %q", quiet.stdout, quiet.stderr)
	}
	var out, errOut bytes.Buffer
	if code := Main(t.Context(), []string{"completion", "bash"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "wxc") {
		t.Errorf("completion bash: exit %d, %d bytes", code, out.Len())
	}
}

func TestDebugLogsToStderr(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	p := demoPeople(t, emu)[1]
	plain := mustOK(t, mainCLI(t, emu, "outgoing", "get", "person", p.Email, "-o", "json"))
	debug := mustOK(t, mainCLI(t, emu, "--debug", "outgoing", "get", "person", p.Email, "-o", "json"))
	if debug.stdout != plain.stdout {
		t.Errorf("--debug changed stdout:\n%s\nvs\n%s", debug.stdout, plain.stdout)
	}
	if !strings.Contains(debug.stderr, "GET") || !strings.Contains(debug.stderr, "outgoingPermission") {
		t.Errorf("--debug logged no request to stderr:\n%s", debug.stderr)
	}
	if strings.Contains(debug.stderr, emu.Tokens.FullAdmin) {
		t.Error("--debug logged the token")
	}
}

func TestEmulatorOrgIDUsesPartnerToken(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.db")
	run := func(args ...string) cliResult {
		var out, errOut bytes.Buffer
		code := Main(t.Context(), append([]string{"--emulator", "--emulator-state", state}, args...), strings.NewReader(""), &out, &errOut)
		return cliResult{code, out.String(), errOut.String()}
	}
	own := mustOK(t, run("export", "--kind", "location"))
	var first snapshot.Settings
	if err := json.Unmarshal([]byte(strings.SplitN(own.stdout, "\n", 2)[0]), &first); err != nil || first.OrgID == "" {
		t.Fatalf("first record %q: %v", own.stdout, err)
	}
	viaPartner := mustOK(t, run("--org-id", first.OrgID, "export", "--kind", "location"))
	if viaPartner.stdout != own.stdout {
		t.Errorf("export of the customer org through the partner differs:\n%s\nvs\n%s", viaPartner.stdout, own.stdout)
	}
}

func TestProgressOnlyOnTerminalStderr(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	exportWith := func(stderrTTY bool, extra ...string) cliResult {
		var out, errOut bytes.Buffer
		f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, IsStderrTTY: stderrTTY})
		f.Getenv = func(string) string { return "" }
		args := append([]string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin, "export", "--kind", "location",
			"--failures", filepath.Join(t.TempDir(), "f")}, extra...)
		return cliResult{run(t.Context(), args, f), out.String(), errOut.String()}
	}
	pipe := mustOK(t, exportWith(false))
	tty := mustOK(t, exportWith(true))
	quiet := mustOK(t, exportWith(true, "--quiet"))
	// Without a terminal, stderr holds only the request summary (not with --quiet).
	if !regexp.MustCompile(`^requests: [0-9,]+ \([^\n]*\n$`).MatchString(pipe.stderr) || quiet.stderr != "" {
		t.Errorf("progress without a terminal or with --quiet: %q / %q", pipe.stderr, quiet.stderr)
	}
	if !strings.Contains(tty.stderr, "exporting") {
		t.Errorf("no progress bar on a terminal stderr: %q", tty.stderr)
	}
	if tty.stdout != pipe.stdout || quiet.stdout != pipe.stdout {
		t.Error("the progress bar changed stdout")
	}
}

func TestExportLocationErrors(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	r := mainCLI(t, emu, "export", "--location", "Atlantis")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "Atlantis") {
		t.Errorf("unknown location: exit %d, stderr %s", r.code, r.stderr)
	}
	r = runCLI(t, emu.BaseURL, "wrong-token", false, "export", "--location", "Dallas", "--failures", filepath.Join(t.TempDir(), "f.jsonl"))
	if r.code != cmdutil.ExitAuth {
		t.Errorf("bad token with --location: exit %d, want %d; stderr %s", r.code, cmdutil.ExitAuth, r.stderr)
	}
}

func TestEmulatorBadFlagIsUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"emulator", "--api-era", "2019"},
		{"emulator", "--listen", "0.0.0.0:0"},
	} {
		var out, errOut bytes.Buffer
		code := Main(t.Context(), args, strings.NewReader(""), &out, &errOut)
		if code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, cmdutil.ExitUsage, errOut.String())
		}
		if out.Len() != 0 {
			t.Errorf("%v: stdout %q, want nothing", args, out.String())
		}
	}
}
