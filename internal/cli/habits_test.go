package cli

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Tests of issue 13's everyday habits: profiles (auth), version, diff, table widths,
// --output-file, --no-headers and completion of values.

// env is a test's environment: the config dir, the variables and stdin.
type env struct {
	configDir string
	vars      map[string]string
	stdin     string
	tty       bool
}

// runEnv runs wxc with args (no implicit --token or --base-url) in e.
func runEnv(t *testing.T, e env, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(e.stdin), Out: &out, ErrOut: &errOut, IsStdoutTTY: e.tty})
	f.Getenv = func(k string) string { return e.vars[k] }
	f.ConfigDir = func() (string, error) { return e.configDir, nil }
	code := run(t.Context(), args, f)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

// scanFor fails the test when a file under dir, other than allowed, holds secret.
func scanFor(t *testing.T, dir, secret string, allowed ...string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || slices.Contains(allowed, path) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s holds the token", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuthProfileEndToEnd(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	token := emu.Tokens.FullAdmin
	work := t.TempDir()
	e := env{configDir: filepath.Join(work, "config")}
	config := filepath.Join(e.configDir, "wxc", "config.yaml")
	person := demoPeople(t, emu)[1]
	var outputs []cliResult

	// A token on the command line is refused; nothing is stored.
	r := runEnv(t, e, "auth", "login", "--token", token, "--base-url", emu.BaseURL)
	outputs = append(outputs, r)
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "does not take --token") || fileExists(config) {
		t.Fatalf("login --token: exit %d, stderr %q, config written: %v", r.code, r.stderr, fileExists(config))
	}
	// A token the API refuses is not stored: exit 6.
	e.stdin = "not-a-valid-token\n"
	r = runEnv(t, e, "auth", "login", "--base-url", emu.BaseURL)
	outputs = append(outputs, r)
	if r.code != cmdutil.ExitAuth || fileExists(config) || strings.Contains(r.stderr, "not-a-valid-token") {
		t.Fatalf("rejected token: exit %d, config written %v, stderr %q", r.code, fileExists(config), r.stderr)
	}
	// Login through stdin, checked against the emulator.
	e.stdin = token + "\n"
	r = runEnv(t, e, "auth", "login", "--profile", "lab", "--base-url", emu.BaseURL)
	outputs = append(outputs, r)
	if r.code != 0 || !strings.Contains(r.stderr, `saved profile "lab"`) || r.stdout != "" {
		t.Fatalf("login: exit %d\nstdout %q\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if fi, err := os.Stat(config); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config: %v, mode %v", err, fi.Mode().Perm())
	}
	e.stdin = ""

	// The profile is used by --profile and WXC_PROFILE, with --debug logging every request.
	r = runEnv(t, e, "--profile", "lab", "--debug", "outgoing", "get", "person", person.Email)
	outputs = append(outputs, r)
	if r.code != 0 || !strings.Contains(r.stdout, "INTERNATIONAL") {
		t.Fatalf("outgoing get with --profile: exit %d\n%s", r.code, r.stderr)
	}
	e.vars = map[string]string{"WXC_PROFILE": "lab"}
	fails := filepath.Join(work, "failures.jsonl")
	r = runEnv(t, e, "export", "--kind", "location", "--failures", fails, "--output-file", filepath.Join(work, "export.jsonl"))
	outputs = append(outputs, r)
	if r.code != 0 || !fileExists(filepath.Join(work, "export.jsonl")) {
		t.Fatalf("export with WXC_PROFILE: exit %d\n%s", r.code, r.stderr)
	}
	// Status: which profile and where the token comes from, never the token.
	r = runEnv(t, e, "auth", "status", "--check", "-o", "json")
	outputs = append(outputs, r)
	var st struct {
		Profile, ProfileSource, BaseURL, TokenSource string
		Valid                                        *bool
		Profiles                                     []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || r.code != 0 {
		t.Fatalf("status: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if st.Profile != "lab" || st.ProfileSource != "env" || st.BaseURL != emu.BaseURL || st.TokenSource != "profile" || st.Valid == nil || !*st.Valid || !slices.Equal(st.Profiles, []string{"lab"}) {
		t.Errorf("status = %+v", st)
	}
	r = runEnv(t, e, "auth", "status")
	outputs = append(outputs, r)
	if r.code != 0 || !strings.Contains(r.stdout, "lab") {
		t.Errorf("status table: exit %d\n%s", r.code, r.stdout)
	}
	// A flag beats the profile: a wrong --token is used (and refused), not the stored one.
	r = runEnv(t, e, "--token", "wrong-token", "outgoing", "get", "person", person.Email)
	outputs = append(outputs, r)
	if r.code != cmdutil.ExitAuth {
		t.Errorf("--token over the profile: exit %d, want 6\n%s", r.code, r.stderr)
	}
	// A config file others can read is refused, with the chmod that fixes it.
	if err := os.Chmod(config, 0o644); err != nil {
		t.Fatal(err)
	}
	r = runEnv(t, e, "outgoing", "get", "person", person.Email)
	outputs = append(outputs, r)
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "chmod 600 "+config) {
		t.Errorf("readable config: exit %d\n%s", r.code, r.stderr)
	}
	os.Chmod(config, 0o600)
	// --emulator uses no profile.
	r = runEnv(t, e, "--emulator", "--emulator-state", filepath.Join(work, "emu.db"), "auth", "status", "-o", "json")
	outputs = append(outputs, r)
	if r.code != 0 || !strings.Contains(r.stdout, `"target": "emulator"`) || strings.Contains(r.stdout, `"profile"`) {
		t.Errorf("--emulator status: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Only the config file holds the token (exports, failures files, the emulator state do not).
	scanFor(t, work, token, config)
	if !strings.Contains(readStr(t, config), token) {
		t.Error("the config file does not hold the token")
	}
	// Logout removes the profile, and with it the file.
	e.vars = nil
	r = runEnv(t, e, "auth", "logout", "--profile", "lab")
	outputs = append(outputs, r)
	if r.code != 0 || fileExists(config) {
		t.Errorf("logout: exit %d, config still there: %v\n%s", r.code, fileExists(config), r.stderr)
	}
	r = runEnv(t, e, "auth", "logout", "--profile", "lab")
	outputs = append(outputs, r)
	if r.code != cmdutil.ExitUsage {
		t.Errorf("second logout: exit %d, want 2", r.code)
	}

	for i, o := range outputs {
		if strings.Contains(o.stdout, token) || strings.Contains(o.stderr, token) {
			t.Errorf("run %d printed the token:\n%s\n%s", i, o.stdout, o.stderr)
		}
	}
	scanFor(t, work, token)
}

func TestAuthLoginKeepsOtherProfiles(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	e := env{configDir: t.TempDir(), stdin: emu.Tokens.FullAdmin}
	if r := runEnv(t, e, "auth", "login", "--profile", "a", "--base-url", emu.BaseURL, "--org-id", emu.OrgID); r.code != 0 {
		t.Fatalf("login a: %d %s", r.code, r.stderr)
	}
	if r := runEnv(t, e, "auth", "login", "--profile", "b", "--base-url", emu.BaseURL); r.code != 0 {
		t.Fatalf("login b: %d %s", r.code, r.stderr)
	}
	e.stdin = "rejected\n"
	if r := runEnv(t, e, "auth", "login", "--profile", "a", "--base-url", emu.BaseURL); r.code != cmdutil.ExitAuth {
		t.Fatalf("rejected login: %d", r.code)
	}
	b, err := os.ReadFile(filepath.Join(e.configDir, "wxc", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "rejected") || !strings.Contains(string(b), emu.OrgID) || !strings.Contains(string(b), "b:") {
		t.Errorf("config after a rejected login:\n%s", b)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	e := env{configDir: t.TempDir()}
	r := mustOK(t, runEnv(t, e, "version"))
	if !strings.HasPrefix(r.stdout, "wxc ") || !strings.Contains(r.stdout, "go1.") {
		t.Errorf("version: %q", r.stdout)
	}
	v := mustOK(t, runEnv(t, e, "--version"))
	if v.stdout != r.stdout {
		t.Errorf("--version %q, version %q", v.stdout, r.stdout)
	}
	j := mustOK(t, runEnv(t, e, "version", "-o", "json"))
	var in struct {
		Version, GoVersion, Platform string
		Modified                     *bool
	}
	if err := json.Unmarshal([]byte(j.stdout), &in); err != nil || in.Version == "" || !strings.HasPrefix(in.GoVersion, "go") || in.Modified == nil {
		t.Errorf("version -o json: %v %s", err, j.stdout)
	}
	if r := runEnv(t, e, "version", "-o", "csv"); r.code != cmdutil.ExitUsage {
		t.Errorf("version -o csv: exit %d", r.code)
	}
}

// exportFile writes an export of emu to a file and returns its path.
func exportFile(t *testing.T, emu string, token, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	mustOK(t, runCLI(t, emu, token, false, "export", "--failures", filepath.Join(dir, "f.jsonl"), "--output-file", path))
	return path
}

func TestDiffExports(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	tok := emu.Tokens.FullAdmin
	dir := t.TempDir()
	before := exportFile(t, emu.BaseURL, tok, dir, "before.jsonl")
	if r := runCLI(t, emu.BaseURL, tok, false, "diff", before, before); r.code != 0 || !strings.HasPrefix(r.stdout, "No differences") {
		t.Fatalf("diff of a file with itself: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	person := demoPeople(t, emu)[1]
	mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "set", "person", person.Email, "--call-type", "INTERNATIONAL=BLOCK", "-q"))
	after := exportFile(t, emu.BaseURL, tok, dir, "after.jsonl")

	// Drop one entity from each side: one removed, one added.
	lines := strings.Split(strings.TrimSpace(readStr(t, before)), "\n")
	var first, last snapshot.Entity
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	os.WriteFile(before, []byte(strings.Join(lines[:len(lines)-1], "\n")+"\n"), 0o644)
	al := strings.Split(strings.TrimSpace(readStr(t, after)), "\n")
	os.WriteFile(after, []byte(strings.Join(al[1:], "\n")+"\n"), 0o644)

	r := runCLI(t, emu.BaseURL, tok, false, "diff", before, after)
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("diff: exit %d, want 4\n%s", r.code, r.stderr)
	}
	want := []string{
		"person " + person.Name, "~ outgoing.callingPermissions.INTERNATIONAL: ALLOW -> BLOCK",
		"Added (only in NEW):", "+ " + string(last.Kind) + " " + last.Name,
		"Removed (only in OLD):", "- " + string(first.Kind) + " " + first.Name,
		"Diff: 1 changed",
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("diff output lacks %q:\n%s", w, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Plan:") || strings.Contains(r.stdout, "API write") {
		t.Errorf("diff shows a plan's write count:\n%s", r.stdout)
	}
	j := runCLI(t, emu.BaseURL, tok, false, "diff", before, after, "-o", "json")
	var res struct {
		Summary struct {
			Equal                   bool
			Changed, Added, Removed int
		}
		Changed []struct {
			Entity  snapshot.Entity
			Changes []struct {
				Field, Op string
				From, To  any
			}
		}
	}
	if err := json.Unmarshal([]byte(j.stdout), &res); err != nil || j.code != cmdutil.ExitFindings {
		t.Fatalf("diff -o json: exit %d, %v", j.code, err)
	}
	if res.Summary.Equal || res.Summary.Changed != 1 || res.Summary.Added != 1 || res.Summary.Removed != 1 ||
		res.Changed[0].Entity.ID != person.ID || res.Changed[0].Changes[0].To != string(wxc.ActionBlock) {
		t.Errorf("diff -o json: %+v", res)
	}
}

func readStr(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDiffBadFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte(`{"kind":"person","id":"p1","name":"A"}`+"\n"), 0o644)
	e := env{configDir: dir}
	tests := map[string]struct{ content, want string }{
		"bad json line":  {`{"kind":"person","id":"p1"}` + "\n\n" + `{"kind":"person","id":` + "\n", "bad.jsonl:3:"},
		"not an export":  {`{"kind":"person","id":"p1"}` + "\n" + `{"hello":1}` + "\n", "bad.jsonl:2: not an export record"},
		"duplicate":      {`{"kind":"person","id":"p1"}` + "\n" + `{"kind":"person","id":"p1"}` + "\n", "bad.jsonl:2: person p1 is also on line 1"},
		"yaml":           {"- kind: person\n", "bad.jsonl:1: not a JSON object"},
		"json array bad": {"[\n" + `{"kind":"person","id":"p1"},` + "\n" + `{"kind": 5}` + "\n]", "bad.jsonl:3:"},
		"empty":          {"", "holds no entities"},
		"empty array":    {"[]", "holds no entities"},
	}
	for name, tt := range tests {
		bad := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		os.MkdirAll(bad, 0o755)
		path := filepath.Join(bad, "bad.jsonl")
		os.WriteFile(path, []byte(tt.content), 0o644)
		r := runEnv(t, e, "diff", good, path)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, want exit 2 with %q", name, r.code, r.stderr, tt.want)
		}
	}
	if r := runEnv(t, e, "diff", good, filepath.Join(dir, "missing.jsonl")); r.code != cmdutil.ExitUsage {
		t.Errorf("missing file: exit %d", r.code)
	}
	e.stdin = `{"kind":"person","id":"p1","name":"B"}` + "\n"
	if r := runEnv(t, e, "diff", good, "-"); r.code != cmdutil.ExitFindings || !strings.Contains(r.stdout, `~ name: "A" -> "B"`) {
		t.Errorf("NEW from stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runEnv(t, e, "diff", "-", "-"); r.code != cmdutil.ExitUsage {
		t.Errorf("both from stdin: exit %d", r.code)
	}
	e.stdin = ""
	arr := filepath.Join(dir, "arr.json")
	os.WriteFile(arr, []byte(`[{"kind":"person","id":"p1","name":"A"}]`), 0o644)
	if r := runEnv(t, e, "diff", good, arr); r.code != 0 {
		t.Errorf("jsonl vs the same as a json array: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// maxLineWidth is the widest line of s, in characters.
func maxLineWidth(s string) int {
	m := 0
	for _, l := range strings.Split(s, "\n") {
		m = max(m, utf8.RuneCountInString(l))
	}
	return m
}

func TestTablesFit80Columns(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	tok := emu.Tokens.FullAdmin
	var loc snapshot.Entity
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Location}}) {
		if err != nil {
			t.Fatal(err)
		}
		loc = e
		break
	}
	fails := filepath.Join(t.TempDir(), "f.jsonl")
	cases := []struct {
		name string
		args []string
		exit int
	}{
		{"digit_patterns_list", []string{"digit-patterns", "list", "location", loc.Name}, 0},
		{"audit", []string{"audit", "--policy", filepath.Join("testdata", "table80_policy.yaml"), "--failures", fails}, cmdutil.ExitFindings},
		{"outgoing_get", []string{"outgoing", "get", "location", loc.Name}, 0},
	}
	for _, c := range cases {
		tty := runCLI(t, emu.BaseURL, tok, true, c.args...)
		pipe := runCLI(t, emu.BaseURL, tok, false, c.args...)
		wide := runCLI(t, emu.BaseURL, tok, true, append(c.args, "-o", "wide")...)
		for _, r := range []cliResult{tty, pipe, wide} {
			if r.code != c.exit {
				t.Fatalf("%s: exit %d, want %d\n%s", c.name, r.code, c.exit, r.stderr)
			}
		}
		golden(t, "table80_"+c.name+"_tty", tty.stdout)
		golden(t, "table80_"+c.name+"_pipe", pipe.stdout)
		golden(t, "table80_"+c.name+"_wide", wide.stdout)
		if w := maxLineWidth(tty.stdout); w > 80 {
			t.Errorf("%s: terminal table is %d columns wide:\n%s", c.name, w, tty.stdout)
		}
		if strings.Contains(pipe.stdout, "…") || strings.Contains(wide.stdout, "…") {
			t.Errorf("%s: a pipe or wide table has a cut cell", c.name)
		}
		if len(wide.stdout) <= len(tty.stdout) && c.name != "outgoing_get" {
			t.Errorf("%s: -o wide shows no more than the table", c.name)
		}
		nh := runCLI(t, emu.BaseURL, tok, true, append(c.args, "--no-headers")...)
		if first, _, _ := strings.Cut(tty.stdout, "\n"); strings.Contains(nh.stdout, first) {
			t.Errorf("%s --no-headers printed the header %q", c.name, first)
		}
	}
	csv := mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "location", loc.Name, "-o", "csv", "--no-headers"))
	if strings.Contains(csv.stdout, "call_type") || !strings.Contains(csv.stdout, "INTERNATIONAL,") {
		t.Errorf("csv --no-headers:\n%s", csv.stdout)
	}
	hdr := mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "location", loc.Name, "-o", "csv"))
	if !strings.HasPrefix(hdr.stdout, "call_type,action,transfer,source\n") {
		t.Errorf("csv header: %q", strings.SplitN(hdr.stdout, "\n", 2)[0])
	}
}

func TestOutputFile(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	tok := emu.Tokens.FullAdmin
	dir := t.TempDir()
	out := filepath.Join(dir, "out.txt")
	os.WriteFile(out, []byte("old\n"), 0o644)
	person := demoPeople(t, emu)[1]
	// A failing command leaves the old file as it was, and no temporary file.
	r := runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", "nobody@nowhere.example", "--output-file", out)
	if r.code == 0 || readStr(t, out) != "old\n" {
		t.Errorf("failed command: exit %d, file %q", r.code, readStr(t, out))
	}
	r = mustOK(t, runCLI(t, emu.BaseURL, tok, false, "outgoing", "get", "person", person.Email, "-o", "json", "--output-file", out))
	if r.stdout != "" || !strings.Contains(readStr(t, out), `"callingPermissions"`) {
		t.Errorf("stdout %q, file %q", r.stdout, readStr(t, out))
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left: %v", ents)
	}
	// Findings (exit 4) are a result: the report is written.
	rep := filepath.Join(dir, "audit.json")
	if r := runCLI(t, emu.BaseURL, tok, true, "audit", "-o", "json", "--failures", filepath.Join(dir, "f.jsonl"), "--output-file", rep); r.code != cmdutil.ExitFindings || !strings.Contains(readStr(t, rep), `"findings"`) {
		t.Errorf("audit --output-file: exit %d", r.code)
	}
	if r := runCLI(t, emu.BaseURL, tok, false, "version", "--output-file", dir); r.code != cmdutil.ExitUsage {
		t.Errorf("--output-file DIR: exit %d", r.code)
	}
}

// complete runs `wxc __complete args...` and returns the candidates (without the directive).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	r := mustOK(t, runEnv(t, env{configDir: t.TempDir()}, append([]string{"__complete"}, args...)...))
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if !strings.HasPrefix(l, ":") {
			out = append(out, l)
		}
	}
	return out
}

func TestCompleteValues(t *testing.T) {
	t.Parallel()
	var cts, actions, kinds []string
	for _, ct := range wxc.WritableCallTypes(wxc.Person, nil) {
		cts = append(cts, string(ct)+"=")
	}
	for _, a := range wxc.Actions() {
		actions = append(actions, string(a))
	}
	for _, k := range wxc.EntityKinds() {
		kinds = append(kinds, string(k))
	}
	withPrefix := func(p string, vs []string) []string {
		var out []string
		for _, v := range vs {
			out = append(out, p+v)
		}
		return out
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"outgoing", "set", "person", "x", "--call-type", ""}, cts},
		{[]string{"outgoing", "set", "person", "x", "--call-type", "INTERNATIONAL="}, withPrefix("INTERNATIONAL=", actions)},
		{[]string{"outgoing", "set", "person", "x", "--call-type", "INTERNATIONAL=b"}, []string{"INTERNATIONAL=BLOCK"}},
		{[]string{"outgoing", "set", "person", "x", "--transfer-enabled", "NATIONAL="}, []string{"NATIONAL=true", "NATIONAL=false"}},
		{[]string{"digit-patterns", "add", "person", "x", "--action", ""}, actions},
		{[]string{"audit", "--fail-on", ""}, []string{"info", "warning", "error"}},
		{[]string{"audit", "--fail-on", "w"}, []string{"warning"}},
		{[]string{"export", "--kind", ""}, kinds},
		{[]string{"outgoing", "get", "person", "x", "-o", ""}, []string{"table", "wide", "json", "yaml", "csv"}},
		{[]string{"export", "-o", ""}, []string{"jsonl", "json", "yaml", "csv"}},
		{[]string{"diff", "a", "b", "-o", ""}, []string{"table", "wide", "json", "yaml"}},
	}
	for _, tt := range tests {
		if got := complete(t, tt.args...); !slices.Equal(got, tt.want) {
			t.Errorf("__complete %q = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestCompleteProfiles(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	e := env{configDir: t.TempDir(), stdin: emu.Tokens.FullAdmin}
	for _, p := range []string{"acme", "lab", "acme-eu"} {
		mustOK(t, runEnv(t, e, "auth", "login", "--profile", p, "--base-url", emu.BaseURL))
	}
	r := mustOK(t, runEnv(t, e, "__complete", "--profile", "ac"))
	if got := strings.Fields(r.stdout); !slices.Equal(got[:len(got)-1], []string{"acme", "acme-eu"}) {
		t.Errorf("__complete --profile ac = %q", got)
	}
	if strings.Contains(r.stdout, emu.Tokens.FullAdmin) {
		t.Error("completion printed the token")
	}
}
