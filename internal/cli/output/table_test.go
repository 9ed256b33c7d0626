package output

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

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
		t.Fatalf("%v (run go test ./internal/cli/output -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update and review the diff)\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

// findings is a table shaped like audit's: long IDs and messages.
func findings() *Rows {
	r := &Rows{Headers: []string{"severity", "rule", "name", "message", "id"}}
	r.MarkWide("rule", "id")
	r.Add("error", "premium-services-blocked", "Dave Schmidt", "PREMIUM_SERVICES_I is ALLOW (allowed: BLOCK)", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS83MTM0NzY0YS0yMDAzLTQxMmItYTRkMC1hZmQzN2FiZGVjOGM")
	r.Add("warning", "transfer-number-set", "Lena Müller", "TRANSFER_NUMBER_2 sends calls to auto transfer number 2, which is not set (location numbers)", "Y2lzY29zcGFyazovL3VzL1BFT1BMRS84NjcyMTY3My0zMTU2LTRkODItOGU4MC0zNDU2NTZkMDhkMTk")
	r.Add("info", "x", "Bo", "short", "id3")
	return r
}

func render(t *testing.T, f Format, o Options, rows *Rows) string {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderWith(&buf, f, o, nil, rows); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func maxWidth(s string) int {
	m := 0
	for _, l := range strings.Split(s, "\n") {
		m = max(m, cellWidth(l))
	}
	return m
}

func TestWideCharactersAlign(t *testing.T) {
	t.Parallel()
	r := &Rows{Headers: []string{"name", "note"}}
	r.Add("東京オフィス", strings.Repeat("x", 100))
	r.Add("Dallas", "y")
	s := render(t, Table, Options{TTY: true}, r)
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if cellWidth(lines[1]) > DefaultWidth || !strings.HasPrefix(lines[2], "Dallas        y") {
		t.Errorf("wide characters misaligned or too wide:\n%s", s)
	}
}

func TestTableGolden(t *testing.T) {
	t.Parallel()
	tty := render(t, Table, Options{TTY: true}, findings())
	golden(t, "findings_table_tty", tty)
	if w := maxWidth(tty); w > DefaultWidth {
		t.Errorf("TTY table is %d columns wide, want at most %d:\n%s", w, DefaultWidth, tty)
	}
	if !strings.Contains(tty, "…") {
		t.Error("no cell was cut, but the message column is too wide")
	}
	pipe := render(t, Table, Options{}, findings())
	golden(t, "findings_table_pipe", pipe)
	if strings.Contains(pipe, "…") || strings.Contains(pipe, "Y2lz") || strings.Contains(pipe, "SEVERITY") {
		t.Errorf("pipe table has a cut cell, a wide column or a header:\n%s", pipe)
	}
	wide := render(t, Wide, Options{TTY: true}, findings())
	golden(t, "findings_wide_tty", wide)
	if strings.Contains(wide, "…") || !strings.Contains(wide, "RULE") || !strings.Contains(wide, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS83MTM0NzY0YS0yMDAzLTQxMmItYTRkMC1hZmQzN2FiZGVjOGM") {
		t.Errorf("wide table misses a column or cut a cell:\n%s", wide)
	}
	golden(t, "findings_wide_pipe", render(t, Wide, Options{}, findings()))
	csv := render(t, CSV, Options{TTY: true}, findings())
	golden(t, "findings_csv", csv)
	if strings.Contains(csv, "…") || !strings.HasPrefix(csv, "severity,rule,name,message,id\n") {
		t.Errorf("csv cut a cell or lost its header or a wide column:\n%s", csv)
	}
}

func TestTableWidthAndColour(t *testing.T) {
	t.Parallel()
	narrow := render(t, Table, Options{TTY: true, Width: 50}, findings())
	if w := maxWidth(narrow); w > 50 {
		t.Errorf("width 50: a line is %d wide:\n%s", w, narrow)
	}
	roomy := render(t, Table, Options{TTY: true, Width: 200}, findings())
	if strings.Contains(roomy, "…") {
		t.Errorf("width 200 cut a cell:\n%s", roomy)
	}
	colour := render(t, Table, Options{TTY: true, Color: true}, findings())
	if !strings.HasPrefix(colour, "\x1b[1mSEVERITY") || strings.Count(colour, "\x1b[") != 2 {
		t.Errorf("colour: want only a bold header, got %q", colour)
	}
	for _, o := range []Options{{TTY: true}, {}} {
		if s := render(t, Table, o, findings()); strings.Contains(s, "\x1b") {
			t.Errorf("%+v: escape codes without Color: %q", o, s)
		}
	}
}

func TestNoHeaders(t *testing.T) {
	t.Parallel()
	for _, f := range []Format{Table, Wide} {
		s := render(t, f, Options{TTY: true, NoHeaders: true}, findings())
		if strings.Contains(s, "SEVERITY") || !strings.HasPrefix(s, "error") {
			t.Errorf("%s --no-headers:\n%s", f, s)
		}
	}
	s := render(t, CSV, Options{NoHeaders: true}, findings())
	if !strings.HasPrefix(s, "error,") {
		t.Errorf("csv --no-headers:\n%s", s)
	}
}

func TestParseFormatWide(t *testing.T) {
	t.Parallel()
	if f, err := ParseFormat("wide"); err != nil || f != Wide {
		t.Errorf("ParseFormat(wide) = %q, %v", f, err)
	}
	if f, err := ParseFormat("wide", Table, JSON); err != nil || f != Wide {
		t.Errorf("wide where table is allowed = %q, %v", f, err)
	}
	if _, err := ParseFormat("wide", JSONL, JSON); err == nil {
		t.Error("wide accepted where table is not")
	}
	if r := (&Rows{Headers: []string{"a", "b"}}).MarkWide("b", "nope"); !r.IsWide("b") || r.IsWide("a") || r.IsWide("nope") {
		t.Errorf("MarkWide: %+v", r)
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		w    int
		want string
	}{{"abcdef", 6, "abcdef"}, {"abcdef", 5, "abcd…"}, {"Müller", 3, "Mü…"}, {"ab", 0, ""},
		{"東京オフィス", 5, "東京…"}, {"東京オフィス", 6, "東京…"}, {"Mu\u0308ller", 3, "Mu\u0308…"}} {
		if got := truncate(tt.in, tt.w); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.want)
		}
	}
}

func TestAtomicFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	a, err := CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	a.Write([]byte("half"))
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("while writing, the file reads %q", b)
	}
	if err := a.Abort(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("after Abort the file reads %q, want the old content", b)
	}
	a, err = CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	a.Write([]byte("new\n"))
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new\n" || fi.Mode().Perm() != 0o640 {
		t.Errorf("after Commit: %q mode %v, want new content, mode 0640 kept", b, fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
	if _, err := CreateAtomic(dir); err == nil {
		t.Error("a directory accepted as --output-file")
	}
	if _, err := CreateAtomic(filepath.Join(dir, "missing", "x")); err == nil || errors.Is(err, nil) {
		t.Error("a file in a missing directory accepted")
	}
}

// Columns marked uncut keep their full width on a narrow terminal, even when the line then
// stays wider than the terminal; unmarked, the widest columns give way first and then all.
func TestMarkUncut(t *testing.T) {
	rows := &Rows{Headers: []string{"number", "name", "why"}}
	rows.Add("+4930123456789", "Alice Smith <alice@example.com>", strings.Repeat("because ", 20))
	rows.Add("+19005550100", "Bob", "short")
	for _, uncut := range []bool{false, true} {
		r := *rows
		if uncut {
			r.MarkUncut("number")
		}
		var b strings.Builder
		if err := RenderWith(&b, Table, Options{TTY: true, Width: 30}, nil, &r); err != nil {
			t.Fatal(err)
		}
		if kept := strings.Contains(b.String(), "+4930123456789 "); kept != uncut {
			t.Errorf("uncut=%v: number kept whole: %v\n%s", uncut, kept, b.String())
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if !uncut && cellWidth(l) > 30 {
				t.Errorf("line wider than 30: %q", l)
			}
		}
	}
}
