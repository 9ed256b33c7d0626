package cli

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// readmeSection returns the commands of the sh blocks of README.md's section headed title
// that start with "go run ./cmd/wxc --emulator", split into words as sh would (double
// quotes group words; nothing else of the shell is allowed).
func readmeSection(t *testing.T, title string) [][]string {
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
			in = line == "## "+title
			continue
		case strings.HasPrefix(line, "```"):
			inBlock = !inBlock
			continue
		}
		if !in || !inBlock || !strings.HasPrefix(line, prefix) {
			continue
		}
		var words []string
		var w strings.Builder
		quoted, inWord := false, false
	scan:
		for _, r := range line {
			switch {
			case r == '"':
				quoted, inWord = !quoted, true
			case quoted:
				w.WriteRune(r)
			case r == '#':
				break scan
			case r == ' ' || r == '\t':
				if inWord {
					words, inWord = append(words, w.String()), false
					w.Reset()
				}
			case strings.ContainsRune("*?$|&;<>`'\\", r):
				t.Fatalf("README.md: %q needs a shell; its commands must run as they are written", line)
			default:
				w.WriteRune(r)
				inWord = true
			}
		}
		if quoted {
			t.Fatalf("README.md: %q: unbalanced quote", line)
		}
		if inWord {
			words = append(words, w.String())
		}
		cmds = append(cmds, words[3:]) // drop "go run ./cmd/wxc"
	}
	return cmds
}

// TestReadmeWhoCanDial runs README.md's "Who can dial this number?" walk-through in-process on
// a fresh --emulator state: the first check lists Dallas people allowed by the demo's
// 'Premium hotline' pattern (exit 4: others are blocked), the update blocks it, and the second
// check lists nobody in Dallas and counts fewer who can dial.
func TestReadmeWhoCanDial(t *testing.T) {
	t.Parallel()
	cmds := readmeSection(t, "Who can dial this number?")
	if len(cmds) != 3 || cmds[0][1] != "check" || cmds[2][1] != "check" {
		t.Fatalf("README's walk-through is %q; want check, a change, check", cmds)
	}
	state := filepath.Join(t.TempDir(), "emulator.db")
	runOne := func(words []string) cliResult {
		t.Helper()
		var out, errOut bytes.Buffer
		f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
		f.Getenv = func(string) string { return "" }
		args := append([]string{"--emulator-state", state}, words...)
		if words[1] == "check" {
			args = append(args, "--failures", filepath.Join(t.TempDir(), "failures.jsonl"))
		}
		return cliResult{code: run(t.Context(), args, f), stdout: out.String(), stderr: errOut.String()}
	}
	summary := func(out string) string {
		for _, l := range strings.Split(out, "\n") {
			if cells := strings.Split(l, "\t"); len(cells) > 5 && cells[1] == "SUMMARY" {
				return cells[5]
			}
		}
		t.Fatalf("no summary line in:\n%s", out)
		return ""
	}
	dallas := func(out string) int {
		n := 0
		for _, l := range strings.Split(out, "\n") {
			if cells := strings.Split(l, "\t"); len(cells) > 5 && cells[4] == "Dallas" {
				n++
			}
		}
		return n
	}

	before := runOne(cmds[0])
	if before.code != cmdutil.ExitFindings {
		t.Fatalf("%v: exit %d, want 4 (some are blocked)\n%s", cmds[0], before.code, before.stderr)
	}
	if !strings.Contains(before.stdout, "ALLOW by digit pattern 'Premium hotline' (location Dallas)") || dallas(before.stdout) == 0 {
		t.Fatalf("before: nobody in Dallas is allowed by the hotline pattern:\n%s", before.stdout)
	}
	if r := runOne(cmds[1]); r.code != 0 {
		t.Fatalf("%v: exit %d\n%s", cmds[1], r.code, r.stderr)
	}
	after := runOne(cmds[2])
	if after.code != cmdutil.ExitFindings {
		t.Fatalf("%v: exit %d\n%s", cmds[2], after.code, after.stderr)
	}
	if n := dallas(after.stdout); n != 0 || strings.Contains(after.stdout, "'Premium hotline'") {
		t.Errorf("after the block, %d Dallas lines remain:\n%s", n, after.stdout)
	}
	var canBefore, canAfter, total int
	if _, err := fmt.Sscanf(summary(before.stdout), "%d of %d", &canBefore, &total); err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscanf(summary(after.stdout), "%d of %d", &canAfter, &total); err != nil {
		t.Fatal(err)
	}
	if canAfter != canBefore-dallas(before.stdout) {
		t.Errorf("can dial: %d before (%d of them in Dallas), %d after", canBefore, dallas(before.stdout), canAfter)
	}
	// The README quotes the first summary.
	readme, _ := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if s := summary(before.stdout); !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), s) {
		t.Errorf("README.md does not quote the first check's summary %q", s)
	}
}

// cancelAfter cancels a context once n requests have been answered (Ctrl-C in the middle of a
// bulk run, at a point the test chooses).
type cancelAfter struct {
	n      int64
	seen   atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if c.seen.Add(1) == c.n {
		c.cancel()
	}
	return resp, err
}

// An interrupted check --all keeps the lines it decided (complete lines, flushed) and says on
// stderr that the summary is missing; exit 130.
func TestCheckAllInterrupted(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	f.HTTPTransport = &cancelAfter{n: 60, cancel: cancel}
	code := run(ctx, []string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin, "--concurrency", "1",
		"check", "--all", "+19005550100", "+442079460000", "--failures", filepath.Join(t.TempDir(), "f")}, f)
	if code != cmdutil.ExitInterrupted {
		t.Fatalf("exit %d, want %d\n%s", code, cmdutil.ExitInterrupted, errOut.String())
	}
	m := regexp.MustCompile(`check: interrupted after (\d+) entities`).FindStringSubmatch(errOut.String())
	if m == nil || m[1] == "0" {
		t.Fatalf("stderr does not say what was decided:\n%s", errOut.String())
	}
	if out.Len() == 0 || !strings.HasSuffix(out.String(), "\n") {
		t.Fatalf("stdout %q: want the complete lines of the entities decided", out.String())
	}
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if n := len(strings.Split(l, "\t")); n != 6 || strings.Contains(l, "SUMMARY") {
			t.Errorf("line %q: %d cells (or a summary) after an interruption", l, n)
		}
	}
}
