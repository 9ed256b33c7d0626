// Package cmdtest helps the tests of command packages: a Factory writing to buffers, running
// one command with arguments, and the exit code of its error.
package cmdtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// Factory returns a factory with empty stdin, stdout and stderr in the buffers returned,
// no environment and --concurrency 10.
func Factory() (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	// No profile: the user's own config file must never reach a test.
	f.ConfigDir = func() (string, error) { return noConfigDir, nil }
	f.Options.Concurrency = 10
	return f, &out, &errOut
}

// noConfigDir is a config directory that does not exist, so no profile is read.
var noConfigDir = filepath.Join(os.TempDir(), fmt.Sprintf("wxc-cmdtest-no-config-%d", os.Getpid()))

// Execute runs cmd with args and returns its error.
func Execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	return cmd.ExecuteContext(context.Background())
}

// ExitCode is the exit code of a command's error (usage errors carry theirs).
func ExitCode(err error) int {
	var ee *cmdutil.ExitError
	switch {
	case err == nil:
		return cmdutil.ExitOK
	case errors.As(err, &ee):
		return ee.Code
	}
	return cmdutil.ExitFailure
}
