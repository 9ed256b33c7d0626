package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain fails the run when a test leaves a failures file in the package directory (a bulk
// command run without --failures writes wxc-failures-<time>.jsonl to the working directory):
// tests must keep their files in t.TempDir().
//
// It also points XDG_CONFIG_HOME at an empty directory, so that no test reads the user's own
// profiles (wxc auth login); tests of profiles set their own.
func TestMain(m *testing.M) {
	cfg, err := os.MkdirTemp("", "wxc-cli-test-config-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	before := failuresFiles()
	code := m.Run()
	os.RemoveAll(cfg)
	for f := range failuresFiles() {
		if !before[f] {
			fmt.Fprintf(os.Stderr, "a test left %s in the package directory: pass --failures under t.TempDir()\n", f)
			os.Remove(f)
			code = 1
		}
	}
	os.Exit(code)
}

func failuresFiles() map[string]bool {
	names, _ := filepath.Glob("wxc-failures-*.jsonl")
	out := make(map[string]bool, len(names))
	for _, n := range names {
		out[n] = true
	}
	return out
}
