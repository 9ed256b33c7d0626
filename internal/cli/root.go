// Package cli implements the wxc command line.
package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/emulatorcmd"
)

// Main runs wxc with args (without the program name) and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "wxc",
		Short:         "Manage Webex Calling outgoing calling permissions as code",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(emulatorcmd.New())
	f := &Factory{IO: &IOStreams{In: stdin, Out: stdout, ErrOut: stderr}, Options: &GlobalOptions{}}
	addJobCommands(root, f)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "wxc:", err)
		return 1
	}
	return 0
}
