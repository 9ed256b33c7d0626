package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// readmeTryIt returns the commands of README.md's "Try it" section: every line of its sh
// blocks that starts with "go run ./cmd/wxc --emulator", comments cut, split into words. The
// README is the contract: when it changes, this test runs the new commands.
func readmeTryIt(t *testing.T) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const prefix = "go run ./cmd/wxc --emulator "
	var cmds [][]string
	in, inBlock := false, false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			in = strings.HasPrefix(line, "## Try it")
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock
			continue
		}
		if !in || !inBlock || !strings.HasPrefix(line, prefix) {
			continue
		}
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		if strings.ContainsAny(line, "*?$|&;<>`'\"\\") {
			t.Fatalf("README.md: %q needs a shell; its commands must run as they are written, any number of times", line)
		}
		cmds = append(cmds, strings.Fields(strings.TrimPrefix(line, "go run ./cmd/wxc "))) // keeps --emulator
	}
	return cmds
}

// TestReadmeCommandsTwoTargetsTwice runs the README's walk-through with the built binary, as
// a person would: against the --emulator (its state under a fresh user cache directory) and,
// with --emulator dropped and WEBEX_ACCESS_TOKEN and WXC_BASE_URL set as the README says for a
// real org, against a second emulator process, from the same directory. Each target gets the
// commands up to apply in turn, then the rest, then the restore once more; the whole walk-through
// runs twice. Every command exits 0 (audit: 0 or 4), and after each pass both targets export
// exactly what they exported before.
func TestReadmeCommandsTwoTargetsTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wxc and runs processes; skipped with -short")
	}
	cmds := readmeTryIt(t)
	verbs := make([]string, len(cmds))
	for i, c := range cmds {
		if len(c) < 2 {
			t.Fatalf("README command %q has no subcommand", c)
		}
		verbs[i] = c[1]
	}
	applyAt, restoreAt := slices.Index(verbs, "apply"), slices.Index(verbs, "restore")
	if verbs[0] != "audit" || applyAt < 0 || restoreAt < applyAt || slices.Index(verbs, "plan") < 0 {
		t.Fatalf("README's Try it section runs %v; want audit first, then plan, apply ... restore", verbs)
	}
	restoreCmd := cmds[restoreAt]

	dir := t.TempDir()
	bin := buildWXC(t, t.TempDir())
	work := filepath.Join(dir, "work")
	desired, err := os.ReadFile(filepath.Join("..", "..", "examples", "desired.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(work, "examples"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "examples", "desired.yaml"), desired, 0o600); err != nil {
		t.Fatal(err)
	}

	type target struct {
		name string
		env  []string
		args func([]string) []string // README words -> this target's arguments
	}
	clean := func(extra ...string) []string {
		var env []string
		for _, kv := range os.Environ() {
			k, _, _ := strings.Cut(kv, "=")
			switch k {
			case "WEBEX_ACCESS_TOKEN", "WXC_TOKEN", "WXC_BASE_URL", "HOME", "XDG_CACHE_HOME":
				continue
			}
			env = append(env, kv)
		}
		return append(env, extra...)
	}
	home := filepath.Join(dir, "home")
	emuTarget := target{name: "--emulator",
		env:  clean("HOME="+home, "XDG_CACHE_HOME="+filepath.Join(home, ".cache")),
		args: func(w []string) []string { return w }}
	_, ready, _ := startEmulator(t, bin, t.TempDir())
	procTarget := target{name: "emulator process",
		env: clean("HOME="+filepath.Join(dir, "home2"), "WEBEX_ACCESS_TOKEN="+ready.Tokens.FullAdmin, "WXC_BASE_URL="+ready.BaseURL),
		args: func(w []string) []string {
			return slices.DeleteFunc(slices.Clone(w), func(s string) bool { return s == "--emulator" })
		}}
	targets := []target{emuTarget, procTarget}

	runT := func(tg target, words []string) (int, string, string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
		defer cancel()
		args := tg.args(words)
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Dir, cmd.Env = work, tg.env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		code := 0
		switch {
		case errors.As(err, &ee):
			code = ee.ExitCode()
		case err != nil:
			t.Fatalf("%s: wxc %v: %v", tg.name, args, err)
		}
		ok := code == 0 || (words[1] == "audit" && code == cmdutil.ExitFindings)
		if !ok {
			t.Fatalf("%s: wxc %s: exit %d\nstdout:\n%s\nstderr:\n%s", tg.name, strings.Join(args, " "), code, out.String(), errOut.String())
		}
		return code, out.String(), errOut.String()
	}
	export := func(tg target) string {
		_, out, _ := runT(tg, []string{"--emulator", "export", "-o", "jsonl"})
		return out
	}
	before := map[string]string{}
	for _, tg := range targets {
		before[tg.name] = export(tg)
	}
	for pass := 1; pass <= 2; pass++ {
		for _, tg := range targets { // up to apply, on each target in turn
			for _, c := range cmds[:applyAt+1] {
				_, _, stderr := runT(tg, c)
				if c[1] == "apply" {
					// apply names the README's restore command (the target flags it prints are
					// the README's --emulator, or none for the environment's target).
					words := slices.DeleteFunc(slices.Clone(restoreCmd), func(s string) bool { return s == "--yes" || s == "-y" })
					want := "wxc " + strings.Join(tg.args(words), " ")
					if !strings.Contains(stderr, want) {
						t.Errorf("pass %d, %s: apply does not print %q:\n%s", pass, tg.name, want, stderr)
					}
				}
			}
		}
		for _, tg := range targets { // the rest, then the restore again
			for _, c := range append(slices.Clone(cmds[applyAt+1:]), restoreCmd) {
				runT(tg, c)
			}
			if got := export(tg); got != before[tg.name] {
				t.Errorf("pass %d, %s: export after restore differs from before apply:\n%s", pass, tg.name, firstDiff(before[tg.name], got))
			}
		}
	}
	// The last restore of each pass found nothing to do: one apply backup per target and
	// pass, and restore saved what it replaced once per target and pass.
	var backups, saves []string
	applyBackup := regexp.MustCompile(`^desired\.backup-[0-9a-f]{8}-\d{8}T\d{6}Z(-\d+)?\.jsonl$`)
	for _, n := range dirFiles(t, filepath.Join(work, "examples")) {
		switch {
		case applyBackup.MatchString(n):
			backups = append(backups, n)
		case strings.Contains(n, ".before-restore-"):
			saves = append(saves, n)
		}
	}
	if len(backups) != 4 || len(saves) != 4 {
		t.Errorf("apply backups %d, restore backups %d; want 4 each (2 targets x 2 passes):\n%v\n%v", len(backups), len(saves), backups, saves)
	}
}
