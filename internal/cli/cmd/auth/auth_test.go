package auth

import (
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
)

func TestReadTokenFromStdin(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"tok-1\n":            "tok-1",
		"  tok-2  \r\n":      "tok-2",
		"Bearer tok-3\n":     "tok-3",
		"tok-4\nsecond line": "tok-4",
		"tok-5":              "tok-5",
	} {
		f, _, errOut := cmdtest.Factory()
		f.IO.In = strings.NewReader(in)
		got, err := readToken(f, "p")
		if err != nil || got != want {
			t.Errorf("readToken(%q) = %q, %v; want %q", in, got, err, want)
		}
		if errOut.Len() != 0 {
			t.Errorf("readToken(%q) prompted on a pipe: %q", in, errOut)
		}
	}
	for _, in := range []string{"", "\n", "   \n", "two words\n"} {
		f, _, _ := cmdtest.Factory()
		f.IO.In = strings.NewReader(in)
		if _, err := readToken(f, "p"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
			t.Errorf("readToken(%q): err = %v, want a usage error", in, err)
		} else if in == "two words\n" && strings.Contains(err.Error(), "words") {
			t.Errorf("the error quotes the input: %v", err)
		}
	}
}

func TestLoginRefusesTokenFlagAndEmulator(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	f.ConfigDir = func() (string, error) { return t.TempDir(), nil }
	f.Options.Emulator = true
	if err := runLogin(t.Context(), f); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("login --emulator: %v", err)
	}
}
