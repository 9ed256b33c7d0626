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
	"github.com/wxcgo/go-wxc/internal/cli/emulatorcmd"
	"github.com/wxcgo/go-wxc/wxc"
)

// Main runs wxc with args (without the program name) and returns the exit code
// (docs/EXIT_CODES.md). It is the one place where errors become exit codes.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	streams := &IOStreams{
		In: stdin, Out: stdout, ErrOut: stderr,
		IsStdinTTY: isTerminal(stdin), IsStdoutTTY: isTerminal(stdout), IsStderrTTY: isTerminal(stderr),
	}
	return run(ctx, args, newFactory(streams))
}

// run executes the command line with the factory's streams and returns the exit code.
func run(ctx context.Context, args []string, f *Factory) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	err := root.ExecuteContext(ctx)
	if cerr := f.close(); cerr != nil && err == nil {
		err = fmt.Errorf("stop the emulator: %w", cerr)
	}
	return exitCode(f.IO.ErrOut, err)
}

// newRootCmd builds the command tree.
func newRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "wxc",
		Short: "Manage Webex Calling outgoing calling permissions as code",
		Long: `wxc reads and changes the outgoing calling permissions of Webex Calling people,
workspaces, locations and virtual lines: per entity, org-wide (export, audit) and
declaratively (plan, apply, restore).

Target: --token (or WEBEX_ACCESS_TOKEN) against https://webexapis.com/v1, another API with
--base-url, or --emulator for a local demo org whose state persists between commands.

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
				return unknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &ExitError{Code: ExitUsage, Err: fmt.Errorf("%w (see %s --help)", err, cmd.CommandPath())}
	})
	o := f.Options
	pf := root.PersistentFlags()
	pf.BoolVar(&o.Emulator, "emulator", false, "use a built-in emulator with a demo org; its state persists between commands (reset: wxc emulator reset)")
	pf.StringVar(&o.EmulatorState, "emulator-state", "", "emulator state `file` for --emulator (default <user cache dir>/wxc/emulator-state.db)")
	pf.StringVar(&o.BaseURL, "base-url", "", "API base `URL` (default $WXC_BASE_URL, else https://webexapis.com/v1)")
	pf.StringVar(&o.Token, "token", "", "access `token` (default $WEBEX_ACCESS_TOKEN, else $WXC_TOKEN); never printed")
	pf.StringVar(&o.OrgID, "org-id", "", "act on this `org` (partner administrators; with --emulator: through the demo partner)")
	pf.StringVarP(&o.Output, "output", "o", "", "output `format`: table, json, yaml or csv (export: jsonl, json, yaml, csv)")
	pf.IntVar(&o.Concurrency, "concurrency", 10, "requests in flight at once for bulk work")
	pf.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress bars or confirmations on stderr")
	pf.BoolVar(&o.Debug, "debug", false, "log every API request to stderr")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if o.Concurrency < 1 {
			return usageErrorf("--concurrency must be at least 1, got %d", o.Concurrency)
		}
		return nil
	}

	emuCmd := emulatorcmd.New()
	emuCmd.AddCommand(newEmulatorResetCmd(f, nil))
	root.AddCommand(emuCmd)
	root.AddCommand(newOutgoingCmd(f))
	root.AddCommand(newTransferNumbersCmd(f))
	root.AddCommand(newAccessCodesCmd(f))
	root.AddCommand(newDigitPatternsCmd(f))
	root.AddCommand(newExportCmd(f, nil))
	addJobCommands(root, f)
	return root
}

// exitCode prints err (with a hint on what to do next) and returns its exit code.
func exitCode(stderr io.Writer, err error) int {
	if err == nil {
		return ExitOK
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
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err == nil {
			return ee.Code, ""
		}
		if ee.Code != ExitAuth && ee.Code != ExitFailure {
			return ee.Code, msg
		}
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted, "interrupted"
	}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		// The hints and the 401/403 rule are failures.go's, shared with bulk summaries.
		c := failureClassOf(err)
		if h := c.hint(false); h != "" {
			msg += "\n  " + h
		}
		if c.auth() {
			return ExitAuth, msg
		}
	}
	if ee != nil {
		return ee.Code, msg
	}
	var emuUsage *emulatorcmd.UsageError
	if isCobraUsageError(err) || errors.As(err, &emuUsage) {
		return ExitUsage, msg
	}
	if errors.Is(err, emulator.ErrStateFileUnusable) {
		return ExitStateFile, msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ExitFailure, msg + "\n  timed out: check the network or --base-url"
	}
	return ExitFailure, msg
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

// newEmulatorResetCmd deletes the --emulator state file.
func newEmulatorResetCmd(f *Factory, runF func(path string) error) *cobra.Command {
	return &cobra.Command{
		Use:   "reset",
		Short: "Delete the state of the --emulator demo org, so the next command starts fresh",
		Example: `  wxc emulator reset
  wxc emulator reset --emulator-state ./demo.db`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := f.emulatorStatePath()
			if err != nil {
				return err
			}
			if runF != nil {
				return runF(path)
			}
			err = os.Remove(path)
			switch {
			case errors.Is(err, os.ErrNotExist):
				f.infof("no emulator state at %s; nothing to reset\n", path)
				return nil
			case err != nil:
				return fmt.Errorf("delete the emulator state: %w", err)
			}
			f.infof("deleted the emulator state %s\n", path)
			return nil
		},
	}
}

// infof prints a confirmation to stderr unless --quiet.
func (f *Factory) infof(format string, args ...any) {
	if f.Options.Quiet {
		return
	}
	fmt.Fprintf(f.IO.ErrOut, format, args...)
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args)
	}
	return nil
}

// exactArgs wants n positional arguments, named in the command's Use line.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s wants %d arguments, got %d (usage: %s)", cmd.CommandPath(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

// rangeArgs wants between lo and hi positional arguments (hi < 0: no upper bound).
func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || (hi >= 0 && len(args) > hi) {
			return usageErrorf("%s: wrong number of arguments (%d) (usage: %s)", cmd.CommandPath(), len(args), cmd.UseLine())
		}
		return nil
	}
}

// groupRunE is the RunE of commands that only group subcommands: help without arguments, a
// usage error for an unknown subcommand.
func groupRunE(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return unknownCommand(cmd, args[0])
	}
	return cmd.Help()
}

// unknownCommand is the usage error for a subcommand of cmd that does not exist, with cobra's
// suggestions for a typo.
func unknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default, which it sets only on its own path
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return usageErrorf("%s; see %s --help", msg, cmd.CommandPath())
}
