package emulatorcmd

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// goodState writes a state file with settings through an emulator.
func goodState(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "emu.db")
	r := start(t, "--listen", "127.0.0.1:0", "--state", path)
	loc := firstLocation(t, r)
	do(t, r.ready.Tokens.FullAdmin, "PUT", r.ready.BaseURL+"/telephony/config/locations/"+loc+"/outgoingPermission/autoTransferNumbers",
		`{"autoTransferNumber1":"+15550001234"}`, 204)
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCheckState(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := New()
	cmd.SetArgs(append([]string{"check-state"}, args...))
	cmd.SetOut(&o)
	cmd.SetErr(&e)
	err = cmd.Execute()
	return o.String(), e.String(), err
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestCheckStateReports(t *testing.T) {
	good := goodState(t)
	out, _, err := runCheckState(t, good)
	if err != nil || !strings.HasPrefix(out, good+": ok\n") || !strings.Contains(out, "records:  1 readable") {
		t.Fatalf("good file: %v\n%s", err, out)
	}

	rep, _ := emulator.CheckState(good)
	full, _ := os.ReadFile(good)
	cut := filepath.Join(t.TempDir(), "cut.db")
	os.WriteFile(cut, full[:int(rep.Pages)*rep.PageSize-1], 0o600)
	before := sum(t, cut)
	out, _, err = runCheckState(t, cut)
	if !errors.Is(err, emulator.ErrStateFileUnusable) {
		t.Fatalf("truncated file: err %v, want ErrStateFileUnusable", err)
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		t.Error("a corrupt file is not a usage error")
	}
	if !strings.HasPrefix(out, cut+": corrupt\n") || !strings.Contains(out, "problem:  the file is") || !strings.Contains(out, "truncated") {
		t.Errorf("report:\n%s", out)
	}
	if sum(t, cut) != before {
		t.Fatal("check-state changed the file")
	}

	// The emulator refuses it the same way, with a hint.
	err = runToError(t, "--listen", "127.0.0.1:0", "--state", cut)
	if !errors.Is(err, emulator.ErrStateFileUnusable) || !strings.Contains(err.Error(), "check-state "+cut) {
		t.Errorf("emulator on the truncated file: %v", err)
	}
	if sum(t, cut) != before {
		t.Fatal("the emulator changed the refused file")
	}
}

func TestCheckStateRepair(t *testing.T) {
	good := goodState(t)
	dmg := filepath.Join(t.TempDir(), "emu.db")
	b, _ := os.ReadFile(good)
	b[16+48] ^= 0xFF // meta page 0
	os.WriteFile(dmg, b, 0o600)
	before := sum(t, dmg)

	out, errOut, err := runCheckState(t, "--repair", dmg)
	want := filepath.Join(filepath.Dir(dmg), "emu.repaired.db")
	if err != nil || out != want+"\n" {
		t.Fatalf("--repair: %v; stdout %q, want only the new path", err, out)
	}
	if !strings.Contains(errOut, ": corrupt") || !strings.Contains(errOut, "meta page 0") || !strings.Contains(errOut, "copied") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if sum(t, dmg) != before {
		t.Fatal("--repair changed the damaged file")
	}
	if out, _, err := runCheckState(t, want); err != nil || !strings.Contains(out, ": ok") {
		t.Fatalf("repaired file: %v\n%s", err, out)
	}
	// --to an existing file is refused; the file stays.
	if _, _, err := runCheckState(t, "--repair", "--to", want, dmg); !errors.Is(err, os.ErrExist) {
		t.Fatalf("--to an existing file: %v", err)
	}
	to := filepath.Join(t.TempDir(), "x.db")
	if out, _, err := runCheckState(t, "--repair", "--to", to, dmg); err != nil || out != to+"\n" {
		t.Fatalf("--to: %v %q", err, out)
	}
	r := start(t, "--listen", "127.0.0.1:0", "--state", to)
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
}

func TestCheckStateUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"a", "b"}, {"--to", "x", "f"}} {
		_, _, err := runCheckState(t, args...)
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%v: %v, want a *UsageError", args, err)
		}
	}
	_, _, err := runCheckState(t, filepath.Join(t.TempDir(), "missing.db"))
	if err == nil || errors.Is(err, emulator.ErrStateFileUnusable) || !strings.Contains(err.Error(), "missing.db") {
		t.Errorf("missing file: %v", err)
	}
	cmd := New()
	cmd.SetArgs([]string{"check-state", "--help"})
	var o bytes.Buffer
	cmd.SetOut(&o)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil || !strings.Contains(o.String(), "--repair") || !strings.Contains(o.String(), "exits 0 when the file is fine and 7") {
		t.Errorf("help: %v\n%s", err, o.String())
	}
}
