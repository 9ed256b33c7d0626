package emulatorreset

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
)

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o600) }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

func TestEmulatorReset(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := dir + "/state.db"
	f, _, errOut := cmdtest.Factory()
	f.Options.EmulatorState = path
	if err := cmdtest.Execute(NewCmd(f, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "nothing to reset") {
		t.Errorf("stderr = %q", errOut.String())
	}
	if err := writeFile(path, "x"); err != nil {
		t.Fatal(err)
	}
	if err := cmdtest.Execute(NewCmd(f, nil)); err != nil {
		t.Fatal(err)
	}
	if fileExists(path) {
		t.Error("state file still there after reset")
	}
}
