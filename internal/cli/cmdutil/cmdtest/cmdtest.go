// Package cmdtest helps the tests of command packages: a Factory writing to buffers, running
// one command with arguments, and the exit code of its error.
package cmdtest

import (
	"bytes"
	"context"
	"errors"
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
	f.Options.Concurrency = 10
	return f, &out, &errOut
}

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
