package emulator_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
)

// runWXC runs the binary to completion (bounded) and returns its exit code and output.
func runWXC(t *testing.T, bin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("wxc %v did not finish within 60s; stderr:\n%s", args, e.String())
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("wxc %v: %v", args, err)
	}
	return code, o.String(), e.String()
}

func hashOf(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestCorruptStateFileCLI is issue 9's report, with the real binary: `wxc
// emulator --state` on a truncated file used to die of SIGBUS with exit 2.
// Now it refuses the file with a message and exit 7, and leaves it as it
// was; check-state reports it and --repair never writes in place.
func TestCorruptStateFileCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary; skipped with -short")
	}
	bin := buildWXC(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	srv, err := emulator.New(emulator.Options{StatePath: good, People: 40})
	if err != nil {
		t.Fatal(err)
	}
	base, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var people struct{ Items []struct{ ID string } }
	body := mustCall(t, http.DefaultClient, srv.Tokens().FullAdmin, "GET", base+"/people?max=40", nil, 200)
	if err := json.Unmarshal(body, &people); err != nil {
		t.Fatal(err)
	}
	for _, p := range people.Items {
		mustCall(t, http.DefaultClient, srv.Tokens().FullAdmin, "PUT", base+"/people/"+p.ID+"/features/outgoingPermission",
			map[string]any{"useCustomEnabled": true, "useCustomPermissions": true,
				"callingPermissions": []map[string]any{{"callType": "INTERNATIONAL", "action": "ALLOW", "transferEnabled": false}}}, 204)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := emulator.CheckState(good)
	if err != nil || !rep.OK() {
		t.Fatalf("CheckState: %+v %v", rep, err)
	}
	full, _ := os.ReadFile(good)
	used := int(rep.Pages) * rep.PageSize
	cut := filepath.Join(dir, "cut.db")
	if err := os.WriteFile(cut, full[:min(len(full)/2, used-rep.PageSize)], 0o600); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(foreign, bytes.Repeat([]byte("not a database\n"), 2000), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, f := range []string{cut, foreign} {
		before := hashOf(t, f)
		code, stdout, stderr := runWXC(t, bin, "emulator", "--state", f, "--listen", "127.0.0.1:0")
		if code != 7 || stdout != "" {
			t.Errorf("wxc emulator --state %s: exit %d, stdout %q; want 7 and nothing on stdout; stderr:\n%s", filepath.Base(f), code, stdout, stderr)
		}
		for _, bad := range []string{"fatal error", "SIGBUS", "goroutine ", "panic"} {
			if strings.Contains(stderr, bad) {
				t.Errorf("stderr has %q:\n%s", bad, stderr)
			}
		}
		if !strings.Contains(stderr, "check-state") || !strings.Contains(stderr, filepath.Base(f)) {
			t.Errorf("stderr does not name the file and the way out:\n%s", stderr)
		}
		code, stdout, _ = runWXC(t, bin, "emulator", "check-state", f)
		if code != 7 || !strings.Contains(stdout, ": corrupt") && !strings.Contains(stdout, ": foreign") {
			t.Errorf("check-state %s: exit %d, stdout:\n%s", filepath.Base(f), code, stdout)
		}
		if hashOf(t, f) != before {
			t.Fatalf("%s was modified", f)
		}
	}
	code, stdout, stderr := runWXC(t, bin, "emulator", "--state", cut, "--listen", "127.0.0.1:0")
	if !strings.Contains(stderr, "truncated") {
		t.Errorf("the message does not say the file is truncated (exit %d):\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := runWXC(t, bin, "emulator", "check-state", good); code != 0 || !strings.Contains(stdout, ": ok") || !strings.Contains(stdout, "40 readable") {
		t.Errorf("check-state of a good file: exit %d:\n%s", code, stdout)
	}

	// --repair: a new file, never in place; its path on stdout.
	dmg := filepath.Join(dir, "damaged.db")
	b := append([]byte(nil), full...)
	b[rep.PageSize+16+48] ^= 0xFF // meta page 1: the newer transaction can no longer be trusted
	if err := os.WriteFile(dmg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before := hashOf(t, dmg)
	code, stdout, stderr = runWXC(t, bin, "emulator", "check-state", "--repair", dmg)
	newPath := strings.TrimSpace(stdout)
	if code != 0 || newPath != filepath.Join(dir, "damaged.repaired.db") {
		t.Fatalf("check-state --repair: exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	if hashOf(t, dmg) != before {
		t.Fatal("--repair changed the damaged file")
	}
	if code, stdout, _ := runWXC(t, bin, "emulator", "check-state", newPath); code != 0 || !strings.Contains(stdout, ": ok") {
		t.Fatalf("the repaired file does not check: exit %d\n%s", code, stdout)
	}
	p := startEmu(t, bin, "--state", newPath, "--listen", "127.0.0.1:0", "--people", "40")
	mustCall(t, http.DefaultClient, p.ready.Tokens.FullAdmin, "GET", p.ready.BaseURL+"/people?max=1", nil, 200)
}
