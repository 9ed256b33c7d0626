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
func TestMain(m *testing.M) {
	before := failuresFiles()
	code := m.Run()
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
