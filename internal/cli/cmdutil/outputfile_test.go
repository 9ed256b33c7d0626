package cmdutil

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUseColor(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tt := range []struct {
		tty  bool
		env  map[string]string
		want bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"NO_COLOR": ""}, true},
		{true, map[string]string{"TERM": "dumb"}, false},
		{false, map[string]string{"FORCE": "1"}, false},
	} {
		if got := UseColor(tt.tty, env(tt.env)); got != tt.want {
			t.Errorf("UseColor(%v, %v) = %v, want %v", tt.tty, tt.env, got, tt.want)
		}
	}
	// A buffer that claims to be a terminal gets no colour: only a real one does.
	f := NewFactory(&IOStreams{Out: &bytes.Buffer{}, IsStdoutTTY: true})
	f.Getenv = env(nil)
	if o := f.RenderOptions(); o.Color || !o.TTY {
		t.Errorf("RenderOptions for a buffer = %+v", o)
	}
}

func TestOutputFileCommitAndAbort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	os.WriteFile(path, []byte("old"), 0o644)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{errors.New("boom"), "old"},
		{UsageErrorf("bad"), "old"},
		{&ExitError{Code: ExitAuth}, "old"},
		{&ExitError{Code: ExitFindings}, "new"},
		{&ExitError{Code: ExitPartial}, "new"},
		{nil, "new"},
	} {
		os.WriteFile(path, []byte("old"), 0o644)
		f := NewFactory(&IOStreams{Out: &bytes.Buffer{}, IsStdoutTTY: true})
		f.Options.OutputFile = path
		if err := f.StartOutputFile(); err != nil {
			t.Fatal(err)
		}
		if f.IO.IsStdoutTTY {
			t.Error("stdout still a terminal while writing a file")
		}
		f.IO.Out.Write([]byte("new"))
		if err := f.FinishOutputFile(tt.err); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(path); string(b) != tt.want {
			t.Errorf("after %v: file %q, want %q", tt.err, b, tt.want)
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) != 1 || strings.Contains(ents[0].Name(), "tmp") {
			t.Errorf("after %v: files %v", tt.err, ents)
		}
	}
}
