// Package cli implements the wxc command line.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/accesscodes"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/auth"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/check"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/diff"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/digitpatterns"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/emulatorreset"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/export"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/jobs"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/list"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/orgs"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/outgoing"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/transfer"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/version"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/emulatorcmd"
	"github.com/wxcgo/go-wxc/wxc"
)

// Main runs wxc with args (without the program name) and returns the exit code
// (docs/EXIT_CODES.md). It is the one place where errors become exit codes.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	streams := &cmdutil.IOStreams{
		In: stdin, Out: stdout, ErrOut: stderr,
		IsStdinTTY: isTerminal(stdin), IsStdoutTTY: isTerminal(stdout), IsStderrTTY: isTerminal(stderr),
	}
	return run(ctx, args, cmdutil.NewFactory(streams))
}

// run executes the command line with the factory's streams and returns the exit code.
func run(ctx context.Context, args []string, f *cmdutil.Factory) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	f.TrackClients()
	cmd, err := root.ExecuteContextC(ctx)
	if ferr := f.FinishOutputFile(err); ferr != nil && err == nil {
		err = ferr
	}
	if cmd != nil && statsCommands[cmd.CommandPath()] {
		f.PrintStats()
	}
	if cerr := f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("stop the emulator: %w", cerr)
	}
	return exitCode(f.IO.ErrOut, err)
}

// statsCommands are the bulk commands after which run prints the request summary
// (cmdutil.FormatStats), also when they fail.
var statsCommands = map[string]bool{"wxc export": true, "wxc audit": true, "wxc apply": true, "wxc restore": true}

// newRootCmd builds the command tree.
func newRootCmd(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "wxc",
		Short: "Manage Webex Calling outgoing calling permissions as code",
		Long: `wxc reads and changes the outgoing calling permissions of Webex Calling people,
workspaces, locations and virtual lines: per entity, org-wide (export, audit) and
declaratively (plan, apply, restore).

Target: --token (or WEBEX_ACCESS_TOKEN, or a profile stored by wxc auth login) against
https://webexapis.com/v1, another API with --base-url, or --emulator for a local demo org
whose state persists between commands.

Entities are named by ID, email (people) or display name; a name that matches several
entities is an error listing them. Exit codes: docs/EXIT_CODES.md.`,
		Example: `  # the built-in demo org
  wxc --emulator outgoing get person "Alice Smith"
  wxc --emulator outgoing set location Dallas --call-type INTERNATIONAL=BLOCK
  wxc --emulator export -o csv > demo.csv

  # a real org
  export WEBEX_ACCESS_TOKEN=...
  wxc outgoing get person alice@example.com
  wxc export --concurrency 50 > org.jsonl`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return cmdutil.UnknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
	})
	o := f.Options
	pf := root.PersistentFlags()
	pf.BoolVar(&o.Emulator, "emulator", false, "use a built-in emulator with a demo org; its state persists between commands (reset: wxc emulator reset)")
	pf.StringVar(&o.EmulatorState, "emulator-state", "", "emulator state `file` for --emulator (default <user cache dir>/wxc/emulator-state.db)")
	pf.StringVar(&o.BaseURL, "base-url", "", "API base `URL` (default $WXC_BASE_URL, else https://webexapis.com/v1)")
	pf.StringVar(&o.Token, "token", "", "access `token` (default $WEBEX_ACCESS_TOKEN, else $WXC_TOKEN); never printed")
	pf.StringVar(&o.OrgID, "org-id", "", "act on this `org`, by ID or display name (partner administrators: wxc orgs list; with --emulator: through the demo partner)")
	pf.StringVarP(&o.Output, "output", "o", "", "output `format`: table, wide, json, yaml or csv (export: jsonl, json, yaml, csv; audit also html, markdown)")
	pf.IntVar(&o.Concurrency, "concurrency", 10, "requests in flight at once for bulk work")
	pf.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bars or confirmations on stderr")
	pf.BoolVar(&o.Debug, "debug", false, "log every API request to stderr")
	pf.StringVar(&o.Profile, "profile", "", "use this `profile` of `wxc auth login` (default $WXC_PROFILE, else \"default\" when no token is given)")
	pf.BoolVar(&o.NoHeaders, "no-headers", false, "no header row in table, wide and csv output")
	pf.StringVar(&o.OutputFile, "output-file", "", "write the output to `file` (atomically: the old file stays when the command fails)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if o.Concurrency < 1 {
			return cmdutil.UsageErrorf("--concurrency must be at least 1, got %d", o.Concurrency)
		}
		return f.StartOutputFile()
	}
	root.Version = version.Read().String()
	root.SetVersionTemplate("{{.Version}}\n")

	emuCmd := emulatorcmd.New()
	emuCmd.AddCommand(emulatorreset.NewCmd(f, nil))
	root.AddCommand(emuCmd)
	root.AddCommand(outgoing.NewCmd(f))
	root.AddCommand(transfer.NewCmd(f))
	root.AddCommand(accesscodes.NewCmd(f))
	root.AddCommand(digitpatterns.NewCmd(f))
	root.AddCommand(export.NewCmd(f, nil))
	root.AddCommand(orgs.NewCmd(f))
	root.AddCommand(list.NewCmd(f, nil))
	root.AddCommand(check.NewCmd(f, nil))
	jobs.AddCommands(root, f)
	root.AddCommand(auth.NewCmd(f))
	root.AddCommand(version.NewCmd(f))
	root.AddCommand(diff.NewCmd(f, nil))
	// After every command: flags by name (complete_values.go); severities lowest first.
	cmdutil.RegisterValueCompletions(root, string(audit.SeverityInfo), string(audit.SeverityWarning), string(audit.SeverityError))
	_ = root.RegisterFlagCompletionFunc("profile", f.CompleteProfiles)
	cmdutil.RegisterEntityCompletions(root, f) // KIND ENTITY: entity names (complete_entities.go)
	return root
}

// exitCode prints err (with a hint on what to do next) and returns its exit code.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return cmdutil.ExitOK
	}
	code, msg := classify(err)
	if msg != "" {
		fmt.Fprintln(stderr, "wxc:", msg)
	}
	return code
}

// classify maps an error to an exit code and the message to print.
func classify(err error) (int, string) {
	msg := err.Error()
	var ee *cmdutil.ExitError
	if errors.As(err, &ee) {
		if ee.Err == nil {
			return ee.Code, ""
		}
		if ee.Code != cmdutil.ExitAuth && ee.Code != cmdutil.ExitFailure {
			return ee.Code, msg
		}
	}
	if errors.Is(err, context.Canceled) {
		return cmdutil.ExitInterrupted, "interrupted"
	}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		// The hints and the 401/403 rule are cmdutil's (classify.go), shared with bulk summaries.
		c := cmdutil.FailureClassOf(err)
		if h := c.Hint(false); h != "" {
			msg += "\n  " + h
		}
		if c.Auth() {
			return cmdutil.ExitAuth, msg
		}
	}
	if ee != nil {
		return ee.Code, msg
	}
	var emuUsage *emulatorcmd.UsageError
	if isCobraUsageError(err) || errors.As(err, &emuUsage) {
		return cmdutil.ExitUsage, msg
	}
	if errors.Is(err, emulator.ErrStateFileUnusable) {
		return cmdutil.ExitStateFile, msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return cmdutil.ExitFailure, msg + "\n  timed out: check the network or --base-url"
	}
	return cmdutil.ExitFailure, msg
}

// isCobraUsageError reports the few usage errors cobra returns untyped.
func isCobraUsageError(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
