package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/wxc"
)

// The demo org's entities used below (see `wxc --emulator export`): Alice Smith uses her
// location's (Dallas) settings and has no access codes, digit patterns or transfer numbers;
// the Dallas Lobby workspace and virtual line "Line 1" use their own outgoing permissions;
// location Dallas has two access codes, two digit patterns and transfer number 1; Heidi
// Wilson has one digit pattern and a transfer number, Frank Taylor one access code.
var writePathEntities = []struct {
	kind wxc.EntityKind
	name string
}{
	{wxc.Person, "Alice Smith"},
	{wxc.Workspace, "Dallas Lobby"},
	{wxc.Location, "Dallas"},
	{wxc.VirtualLine, "Line 1"},
}

// writePathRow is one CLI write path with one rule violation (want: exit 2, a message that
// contains field, no write request) or, with ok, a valid write (exit 0, writes requests).
type writePathRow struct {
	name   string
	args   []string
	field  string // must appear in stderr
	ok     bool   // a valid write: exit 0
	writes int64  // write requests of a valid write
}

// writePathsEnv is an emulator behind a server that counts write (non-GET) requests.
type writePathsEnv struct {
	t      *testing.T
	base   string
	token  string
	writes *atomic.Int64
	dir    string
}

func newWritePathsEnv(t *testing.T, era string) *writePathsEnv {
	t.Helper()
	emu := demo(t, func(o *emulator.Options) { o.APIEra = era })
	var writes atomic.Int64
	return &writePathsEnv{t: t, base: countingServer(t, emu, &writes), token: emu.Tokens.FullAdmin, writes: &writes, dir: t.TempDir()}
}

func (e *writePathsEnv) run(args ...string) cliResult {
	e.t.Helper()
	return runCLI(e.t, e.base, e.token, false, args...)
}

// file writes a -f file and returns its path.
func (e *writePathsEnv) file(name, content string) string {
	e.t.Helper()
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// outgoing reads an entity's outgoing permissions through the CLI.
func (e *writePathsEnv) outgoing(kind wxc.EntityKind, name string) (*wxc.OutgoingPermissions, string) {
	e.t.Helper()
	r := mustOK(e.t, e.run("outgoing", "get", string(kind), name, "-o", "yaml"))
	y := mustOK(e.t, e.run("outgoing", "get", string(kind), name, "-o", "json"))
	var p wxc.OutgoingPermissions
	if err := json.Unmarshal([]byte(y.stdout), &p); err != nil {
		e.t.Fatal(err)
	}
	return &p, r.stdout
}

func (e *writePathsEnv) check(rows []writePathRow) {
	e.t.Helper()
	for _, row := range rows {
		e.t.Run(row.name, func(t *testing.T) {
			before := e.writes.Load()
			r := runCLI(t, e.base, e.token, false, row.args...)
			n := e.writes.Load() - before
			if row.ok {
				if r.code != 0 || n != row.writes {
					t.Fatalf("%q: exit %d, %d write requests; want exit 0 and %d\nstderr: %s", row.args, r.code, n, row.writes, r.stderr)
				}
				return
			}
			if r.code != cmdutil.ExitUsage {
				t.Errorf("%q: exit %d, want %d\nstderr: %s", row.args, r.code, cmdutil.ExitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, row.field) {
				t.Errorf("%q: stderr does not name %q:\n%s", row.args, row.field, r.stderr)
			}
			if n != 0 {
				t.Errorf("%q: %d write requests reached the server, want 0", row.args, n)
			}
		})
	}
}

// TestWritePathsRefuse is the table of every per-entity write path of the CLI × every rule
// violation that applies to it: each is refused with exit 2 and a message that names the
// field, before any write request reaches the server. Valid writes in between prove that the
// same paths do write.
func TestWritePathsRefuse(t *testing.T) {
	t.Parallel()
	e := newWritePathsEnv(t, emulator.EraCurrent)
	desired := e.file("desired.yaml", "version: 1\nprofiles:\n  p:\n    outgoing: {callingPermissions: {INTERNATIONAL: BLOCK}}\nassignments:\n  - {profile: p, select: {all: true}}\n")
	export := e.file("export.json", `{"kind":"person","id":"x","outgoingPermissions":{"callingPermissions":[]}}`)
	empty := e.file("empty.yaml", "# nothing\n")

	var rows []writePathRow
	add := func(name, field string, args ...string) {
		rows = append(rows, writePathRow{name: name, args: args, field: field})
	}
	for _, en := range writePathEntities {
		k, n := string(en.kind), en.name
		cur, getYAML := e.outgoing(en.kind, n)
		intl, _ := cur.CallingPermissions.ForCallType(wxc.CallTypeInternalCall)
		p := func(s string) string { return k + "/" + s }
		set := func(more ...string) []string { return append([]string{"outgoing", "set", k, n}, more...) }

		// outgoing set, flags.
		for _, ct := range wxc.ReadOnlyCallTypes() {
			add(p("outgoing flags read-only "+string(ct)), "callingPermissions."+string(ct), set("--call-type", string(ct)+"=BLOCK")...)
		}
		add(p("outgoing flags read-only transfer"), "callingPermissions.CASUAL", set("--transfer-enabled", "CASUAL=false")...)
		for _, ct := range wxc.LegacyCallTypes() {
			add(p("outgoing flags legacy "+string(ct)), "callingPermissions."+string(ct), set("--call-type", string(ct)+"=BLOCK")...)
		}
		add(p("outgoing flags unknown call type"), "unknown call type \"MARS\"", set("--call-type", "MARS=BLOCK")...)
		add(p("outgoing flags typo call type"), "did you mean INTERNATIONAL?", set("--call-type", "INTERNATONAL=BLOCK")...)
		add(p("outgoing flags bad action"), "did you mean BLOCK?", set("--call-type", "INTERNATIONAL=BLOK")...)
		add(p("outgoing flags bad transfer"), "transferEnabled", set("--transfer-enabled", "INTERNATIONAL=maybe")...)
		add(p("outgoing flags no-op"), "nothing to change", set("--call-type", "INTERNAL_CALL="+string(intl.Action)+":"+map[bool]string{true: "transfer", false: "no-transfer"}[intl.TransferEnabled])...)
		add(p("outgoing flags one bad of two"), "callingPermissions.CASUAL", set("--call-type", "INTERNATIONAL=BLOCK", "--call-type", "CASUAL=BLOCK")...)
		if en.kind == wxc.Location {
			add(p("outgoing flags use-custom"), "use-custom", set("--use-custom")...)
		} else {
			add(p("outgoing flags use-custom no-op"), "nothing to change", set(fmt.Sprintf("--use-custom=%t", cmdutil.OutgoingSource(en.kind, cur) == "custom"))...)
		}

		// outgoing set -f.
		f := func(name, content string) string { return e.file(strings.ReplaceAll(k+"-"+name, " ", "_"), content) }
		entry := func(ct, action, transfer string) string {
			return fmt.Sprintf("callingPermissions:\n  - callType: %s\n    action: %s\n    transferEnabled: %s\n", ct, action, transfer)
		}
		add(p("outgoing file unknown key"), "callingPermissions[0].acton: unknown key \"acton\" (did you mean action?)",
			set("-f", f("acton.yaml", "callingPermissions:\n  - callType: INTERNATIONAL\n    acton: BLOCK\n"))...)
		add(p("outgoing file wrong type"), "line 4, column 22: callingPermissions[0].transferEnabled: want true or false",
			set("-f", f("type.yaml", entry("INTERNATIONAL", "BLOCK", `"no"`)))...)
		add(p("outgoing file duplicate key"), "duplicate key \"action\"",
			set("-f", f("dup.yaml", "callingPermissions:\n  - callType: INTERNATIONAL\n    action: BLOCK\n    action: ALLOW\n"))...)
		add(p("outgoing file duplicate call type"), "INTERNATIONAL is listed twice",
			set("-f", f("dupct.json", `{"callingPermissions":[{"callType":"INTERNATIONAL","action":"BLOCK"},{"callType":"INTERNATIONAL","action":"ALLOW"}]}`))...)
		add(p("outgoing file read-only CASUAL"), "callingPermissions[0].callType: CASUAL is read-only", set("-f", f("casual.yaml", entry("CASUAL", "ALLOW", "true")))...)
		add(p("outgoing file legacy LOCAL"), "callingPermissions[0].callType: LOCAL is a legacy call type", set("-f", f("local.yaml", entry("LOCAL", "BLOCK", "false")))...)
		add(p("outgoing file unknown call type"), "did you mean INTERNATIONAL?", set("-f", f("ct.yaml", entry("international", "BLOCK", "false")))...)
		add(p("outgoing file bad action"), "line 3, column 5: callingPermissions[0].action: unknown action \"block\" (did you mean BLOCK?)", set("-f", f("action.yaml", entry("INTERNATIONAL", "block", "false")))...)
		add(p("outgoing file entry changes nothing"), "neither action nor transferEnabled", set("-f", f("bare.yaml", "callingPermissions:\n  - callType: INTERNATIONAL\n"))...)
		add(p("outgoing file desired state"), "wxc plan -f", set("-f", desired)...)
		add(p("outgoing file export record"), "wxc restore", set("-f", export)...)
		add(p("outgoing file empty"), "the file is empty", set("-f", empty)...)
		add(p("outgoing file no-op (get output)"), "nothing to change", set("-f", f("same.yaml", getYAML))...)
		if en.kind == wxc.Location {
			add(p("outgoing file location switch"), "locations have no use-custom switch", set("-f", f("switch.yaml", "useCustomEnabled: true\n"))...)
		} else {
			add(p("outgoing file switch typo"), "did you mean useCustomEnabled?", set("-f", f("typo.yaml", "useCustomEnabeld: false\n"))...)
		}

		// transfer-numbers set and clear.
		tset := func(more ...string) []string { return append([]string{"transfer-numbers", "set", k, n}, more...) }
		add(p("transfer flags bad number"), "--number1: autoTransferNumber1", tset("--number1", "call-me")...)
		add(p("transfer flags short number"), "autoTransferNumber3", tset("--number3", "7")...)
		add(p("transfer file unknown key"), "did you mean autoTransferNumber1?", tset("-f", f("tn-typo.yaml", "autoTransferNumbr1: '+14085550100'\n"))...)
		add(p("transfer file wrong type"), "autoTransferNumber2: want text, got the number", tset("-f", f("tn-type.json", `{"autoTransferNumber2": 4085550100}`))...)
		add(p("transfer file duplicate key"), "duplicate key \"autoTransferNumber1\"", tset("-f", f("tn-dup.yaml", "autoTransferNumber1: '+14085550100'\nautoTransferNumber1: ''\n"))...)
		add(p("transfer file bad number"), "line 1, column 1: autoTransferNumber1", tset("-f", f("tn-bad.yaml", "autoTransferNumber1: call-me\n"))...)
		add(p("transfer file desired state"), "wxc apply -f", tset("-f", desired)...)
		if en.kind == wxc.Location {
			add(p("transfer file location switch"), "useCustomTransferNumbers", tset("-f", f("tn-switch.yaml", "useCustomTransferNumbers: true\n"))...)
			add(p("transfer flags location use-custom"), "use-custom", tset("--use-custom")...)
			add(p("transfer flags no-op"), "nothing to change", tset("--number1", "+12145550100")...)
		} else {
			add(p("transfer flags no-op"), "nothing to change", tset("--number1", "")...)
		}

		// access-codes.
		ac := func(more ...string) []string {
			return append([]string{"access-codes"}, append([]string{more[0], k, n}, more[1:]...)...)
		}
		add(p("access-codes add letters"), "code: access code \"12ab\" must be digits only", ac("add", "12ab=Lobby")...)
		add(p("access-codes add too long"), "at most 10", ac("add", "12345678901=Lobby")...)
		add(p("access-codes add blank description"), "description", ac("add", "4321=  ")...)
		add(p("access-codes add twice"), "given twice", ac("add", "4321=a", "4321=b")...)
		add(p("access-codes delete bad code"), "must be digits only", ac("delete", "abc")...)
		add(p("access-codes delete missing"), "no access code 9999", ac("delete", "9999")...)
		if en.kind == wxc.Location {
			add(p("access-codes use-custom"), "use-custom", ac("use-custom")...)
		} else {
			add(p("access-codes use-custom no-op"), "nothing to change", ac("use-custom", map[wxc.EntityKind]string{wxc.Person: "false", wxc.Workspace: "false", wxc.VirtualLine: "true"}[en.kind])...)
		}

		// digit-patterns.
		dp := func(more ...string) []string {
			return append([]string{"digit-patterns"}, append([]string{more[0], k, n}, more[1:]...)...)
		}
		add(p("digit-patterns add bad pattern"), "pattern: \"+9a!\"", dp("add", "--name", "x", "--pattern", "+9a!", "--action", "BLOCK")...)
		add(p("digit-patterns add lower-case x"), "write X", dp("add", "--name", "x", "--pattern", "9xxx", "--action", "BLOCK")...)
		add(p("digit-patterns add bad action"), "--action: action", dp("add", "--name", "x", "--pattern", "9XXX", "--action", "DENY")...)
		add(p("digit-patterns add long name"), "--name: name", dp("add", "--name", strings.Repeat("n", 81), "--pattern", "9XXX", "--action", "BLOCK")...)
		add(p("digit-patterns update missing"), "no digit pattern with ID or name \"nope\"", dp("update", "nope", "--action", "BLOCK")...)
		add(p("digit-patterns update bad pattern"), "--pattern: pattern", dp("update", "nope", "--pattern", "abc")...)
		add(p("digit-patterns delete missing"), "\"nope\"", dp("delete", "nope")...)
		if en.kind == wxc.Location {
			add(p("digit-patterns use-custom"), "use-custom", dp("use-custom")...)
		} else {
			add(p("digit-patterns delete-all none"), "nothing to change", dp("delete-all")...)
			add(p("digit-patterns use-custom no-op"), "nothing to change", dp("use-custom", "false")...)
		}

		// A missing entity, on every path.
		for _, args := range [][]string{
			{"outgoing", "set", k, "Nobody There", "--call-type", "INTERNATIONAL=BLOCK"},
			{"outgoing", "set", k, "Nobody There", "-f", f("ok.yaml", entry("INTERNATIONAL", "BLOCK", "false"))},
			{"transfer-numbers", "set", k, "Nobody There", "--number1", "+14085550100"},
			{"transfer-numbers", "clear", k, "Nobody There"},
			{"access-codes", "add", k, "Nobody There", "4321=x"},
			{"access-codes", "delete", k, "Nobody There", "4321"},
			{"digit-patterns", "add", k, "Nobody There", "--name", "x", "--pattern", "9XXX", "--action", "BLOCK"},
			{"digit-patterns", "update", k, "Nobody There", "x", "--action", "BLOCK"},
			{"digit-patterns", "delete", k, "Nobody There", "x"},
			{"digit-patterns", "delete-all", k, "Nobody There"},
		} {
			add(p(args[0]+" "+args[1]+" missing entity"), "Nobody There", args...)
		}
	}
	// Entity-specific states: codes, patterns and numbers that exist.
	add("person/transfer clear none", "no transfer numbers to clear", "transfer-numbers", "clear", "person", "Alice Smith")
	add("person/access-codes delete all none", "has no access codes", "access-codes", "delete", "person", "Alice Smith", "--all")
	frank := firstCode(t, e, wxc.Person, "Frank Taylor")
	add("person/access-codes add existing", "already has access code(s) "+frank, "access-codes", "add", "person", "Frank Taylor", "1111="+frank, frank+"=x")
	add("person/digit-patterns add existing name", "already has a digit pattern named", "digit-patterns", "add", "person", "Heidi Wilson", "--name", heidiPattern(t, e).Name, "--pattern", "9XXX", "--action", "BLOCK")
	add("person/digit-patterns update no-op", "nothing to change", "digit-patterns", "update", "person", "Heidi Wilson", heidiPattern(t, e).Name, "--action", string(heidiPattern(t, e).Action))
	add("person/digit-patterns delete one missing of two", "\"nope\"", "digit-patterns", "delete", "person", "Heidi Wilson", heidiPattern(t, e).Name, "nope")
	add("person/access-codes delete one missing of two", "no access code 9999", "access-codes", "delete", "person", "Frank Taylor", frank, "9999")
	add("location/access-codes delete one missing of two", "no access code 9999", "access-codes", "delete", "location", "Dallas", firstCode(t, e, wxc.Location, "Dallas"), "9999")
	e.check(rows)

	// The same paths write when the request is valid (and the counter sees it).
	e.check([]writePathRow{
		{name: "valid outgoing set", args: []string{"outgoing", "set", "person", "Alice Smith", "--call-type", "INTERNATIONAL=BLOCK:no-transfer"}, ok: true, writes: 1},
		{name: "valid transfer set", args: []string{"transfer-numbers", "set", "person", "Alice Smith", "--number1", "+14085550100"}, ok: true, writes: 1},
		{name: "valid transfer clear", args: []string{"transfer-numbers", "clear", "person", "Alice Smith"}, ok: true, writes: 1},
		{name: "valid access-codes add", args: []string{"access-codes", "add", "person", "Alice Smith", "4711=a", "4712=b"}, ok: true, writes: 2},
		{name: "valid access-codes delete", args: []string{"access-codes", "delete", "person", "Alice Smith", "4711", "4712"}, ok: true, writes: 1},
		{name: "valid access-codes use-custom", args: []string{"access-codes", "use-custom", "person", "Alice Smith"}, ok: true, writes: 1},
		{name: "valid digit-patterns add", args: []string{"digit-patterns", "add", "person", "Alice Smith", "--name", "p", "--pattern", "9XXX", "--action", "BLOCK"}, ok: true, writes: 1},
		{name: "valid digit-patterns update", args: []string{"digit-patterns", "update", "person", "Alice Smith", "p", "--action", "ALLOW"}, ok: true, writes: 1},
		{name: "valid digit-patterns delete", args: []string{"digit-patterns", "delete", "person", "Alice Smith", "p"}, ok: true, writes: 1},
		{name: "valid digit-patterns use-custom", args: []string{"digit-patterns", "use-custom", "person", "Alice Smith"}, ok: true, writes: 1},
		{name: "valid dry run sends nothing", args: []string{"outgoing", "set", "person", "Alice Smith", "--call-type", "NATIONAL=BLOCK", "--dry-run"}, ok: true, writes: 0},
	})
	got, _ := e.outgoing(wxc.Person, "Alice Smith")
	if v, _ := got.CallingPermissions.ForCallType(wxc.CallTypeInternational); v.Action != wxc.ActionBlock || v.TransferEnabled || !*got.UseCustomEnabled {
		t.Errorf("after the valid set: INTERNATIONAL %+v, useCustomEnabled %s", v, cmdutil.BoolCell(got.UseCustomEnabled))
	}
	if v, _ := got.CallingPermissions.ForCallType(wxc.CallTypeNational); v.Action == wxc.ActionBlock {
		t.Error("the dry run changed NATIONAL")
	}
}

func heidiPattern(t *testing.T, e *writePathsEnv) wxc.DigitPattern {
	t.Helper()
	r := mustOK(t, e.run("digit-patterns", "list", "person", "Heidi Wilson", "-o", "json"))
	var ps wxc.DigitPatterns
	if err := json.Unmarshal([]byte(r.stdout), &ps); err != nil || len(ps.DigitPatterns) == 0 {
		t.Fatalf("Heidi Wilson's patterns %s: %v", r.stdout, err)
	}
	return ps.DigitPatterns[0]
}

func firstCode(t *testing.T, e *writePathsEnv, kind wxc.EntityKind, name string) string {
	t.Helper()
	r := mustOK(t, e.run("access-codes", "list", string(kind), name, "-o", "json"))
	var c wxc.AuthCodes
	if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || len(c.AccessCodes) == 0 {
		t.Fatalf("the access codes of %s %s: %s: %v", kind, name, r.stdout, err)
	}
	return c.AccessCodes[0].Code
}

// TestWritePathsEra2024: where a read reports the legacy call types (the mid-2024 service),
// they can be set; read-only ones still cannot; the output of get -o yaml, which lists the
// read-only call types there, copies to another entity.
func TestWritePathsEra2024(t *testing.T) {
	t.Parallel()
	e := newWritePathsEnv(t, emulator.Era2024)
	var rows []writePathRow
	for _, en := range writePathEntities {
		k, n := string(en.kind), en.name
		rows = append(rows,
			writePathRow{name: k + "/LOCAL settable", args: []string{"outgoing", "set", k, n, "--call-type", "LOCAL=BLOCK"}, ok: true, writes: 1},
			writePathRow{name: k + "/TOLL settable", args: []string{"outgoing", "set", k, n, "--call-type", "TOLL=AUTH_CODE:no-transfer"}, ok: true, writes: 1},
			writePathRow{name: k + "/CASUAL read-only", args: []string{"outgoing", "set", k, n, "--call-type", "CASUAL=ALLOW"}, field: "callingPermissions.CASUAL"},
			writePathRow{name: k + "/LOCAL no-op", args: []string{"outgoing", "set", k, n, "--call-type", "LOCAL=BLOCK"}, field: "nothing to change"},
		)
	}
	e.check(rows)
	for _, en := range writePathEntities {
		got, _ := e.outgoing(en.kind, en.name)
		local, _ := got.CallingPermissions.ForCallType(wxc.CallTypeLocal)
		toll, _ := got.CallingPermissions.ForCallType(wxc.CallTypeToll)
		if local.Action != wxc.ActionBlock || toll.Action != wxc.ActionAuthCode || toll.TransferEnabled {
			t.Errorf("%s %s after the sets: LOCAL %+v, TOLL %+v", en.kind, en.name, local, toll)
		}
	}

	// Alice's settings (with CASUAL, URL_DIALING and UNKNOWN, as the 2024 read lists them)
	// copied to Carol: the read-only entries equal Carol's, so they are left out with a note.
	_, y := e.outgoing(wxc.Person, "Alice Smith")
	if !strings.Contains(y, "callType: CASUAL") {
		t.Fatalf("the 2024 read lists no CASUAL:\n%s", y)
	}
	file := e.file("alice.yaml", y)
	before := e.writes.Load()
	r := mustOK(t, e.run("outgoing", "set", "person", "Carol Jones", "-f", file))
	if n := e.writes.Load() - before; n != 1 || !strings.Contains(r.stderr, "CASUAL is read-only and the entry equals") {
		t.Errorf("copy: %d writes, stderr:\n%s", n, r.stderr)
	}
	carol, _ := e.outgoing(wxc.Person, "Carol Jones")
	if v, _ := carol.CallingPermissions.ForCallType(wxc.CallTypeLocal); v.Action != wxc.ActionBlock {
		t.Errorf("Carol's LOCAL after the copy: %+v", v)
	}
	// A read-only entry that differs from the entity's value is refused.
	changed := strings.Replace(y, "  - action: BLOCK\n    transferEnabled: false\n    callType: CASUAL", "  - action: ALLOW\n    transferEnabled: false\n    callType: CASUAL", 1)
	if changed == y {
		t.Fatalf("no CASUAL BLOCK entry to change in:\n%s", y)
	}
	e.check([]writePathRow{{name: "changed CASUAL in a copy", args: []string{"outgoing", "set", "person", "Grace Fischer", "-f", e.file("casual.yaml", changed)},
		field: "this entry differs from this person's current value (BLOCK, transfer false)"}})
}

// TestOutgoingSetSaysCustomTurnsOn: a call-type change that makes an entity leave its
// location's settings says so, in a dry run too, and keeps the call types not named.
func TestOutgoingSetSaysCustomTurnsOn(t *testing.T) {
	t.Parallel()
	e := newWritePathsEnv(t, emulator.EraCurrent)
	before, _ := e.outgoing(wxc.Person, "Erin Brown")
	if cmdutil.OutgoingSource(wxc.Person, before) != "location" {
		t.Fatalf("Erin Brown already uses custom settings")
	}
	dry := mustOK(t, e.run("outgoing", "set", "person", "Erin Brown", "--call-type", "NATIONAL=BLOCK", "--dry-run"))
	if !strings.Contains(dry.stderr, "would use its own outgoing permissions instead of location Dallas's settings") {
		t.Errorf("dry run does not say custom turns on:\n%s", dry.stderr)
	}
	if !strings.Contains(dry.stdout, `"useCustomEnabled": true`) || strings.Count(dry.stdout, `"callType"`) != before.CallingPermissions.Len() {
		t.Errorf("dry-run body:\n%s", dry.stdout)
	}
	r := mustOK(t, e.run("outgoing", "set", "person", "Erin Brown", "--call-type", "NATIONAL=BLOCK"))
	if !strings.Contains(r.stderr, "now uses its own outgoing permissions instead of location Dallas's settings") ||
		!strings.Contains(r.stderr, "NATIONAL: ALLOW -> BLOCK") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	after, _ := e.outgoing(wxc.Person, "Erin Brown")
	for _, ct := range before.CallingPermissions.CallTypes() {
		b, _ := before.CallingPermissions.ForCallType(ct)
		a, _ := after.CallingPermissions.ForCallType(ct)
		if ct == wxc.CallTypeNational {
			b.Action = wxc.ActionBlock
		}
		if a.Action != b.Action || a.TransferEnabled != b.TransferEnabled {
			t.Errorf("%s: %+v after, want %+v", ct, a, b)
		}
	}
	// A file without the switches does the same.
	part := e.file("part.yaml", "callingPermissions:\n  - {callType: NATIONAL, action: BLOCK}\n")
	r = mustOK(t, e.run("outgoing", "set", "person", "Ivan Weber", "-f", part))
	if !strings.Contains(r.stderr, "now uses its own outgoing permissions instead of location Dallas's settings") {
		t.Errorf("file: stderr:\n%s", r.stderr)
	}
	back := mustOK(t, e.run("outgoing", "set", "person", "Erin Brown", "--use-custom=false"))
	if !strings.Contains(back.stderr, "now uses location Dallas's settings instead of its own") {
		t.Errorf("stderr:\n%s", back.stderr)
	}
}

// TestAccessCodesDeleteCounts: "deleted N" counts what was deleted; a code that does not
// exist refuses the whole delete.
func TestAccessCodesDeleteCounts(t *testing.T) {
	t.Parallel()
	e := newWritePathsEnv(t, emulator.EraCurrent)
	mustOK(t, e.run("access-codes", "add", "person", "Ivan Weber", "4711=a", "4712=b", "4713=c"))
	r := e.run("access-codes", "delete", "person", "Ivan Weber", "4711", "9999")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "no access code 9999") || !strings.Contains(r.stderr, "nothing was deleted") {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
	ok := mustOK(t, e.run("access-codes", "delete", "person", "Ivan Weber", "4711", "4712"))
	if !strings.Contains(ok.stderr, "deleted 2 access code(s)") {
		t.Errorf("stderr %s", ok.stderr)
	}
	all := mustOK(t, e.run("access-codes", "delete", "person", "Ivan Weber", "--all"))
	if !strings.Contains(all.stderr, "deleted all 1 access code(s)") || !strings.Contains(all.stderr, "4713") {
		t.Errorf("stderr %s", all.stderr)
	}
	list := mustOK(t, e.run("access-codes", "list", "person", "Ivan Weber", "-o", "json"))
	if strings.Contains(list.stdout, "471") {
		t.Errorf("codes left: %s", list.stdout)
	}
}
