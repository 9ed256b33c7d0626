package cmdutil

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Infof prints a confirmation to stderr unless --quiet.
func (f *Factory) Infof(format string, args ...any) {
	if f.Options.Quiet {
		return
	}
	fmt.Fprintf(f.IO.ErrOut, format, args...)
}

// NoArgs rejects positional arguments with a usage error.
func NoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return UsageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args)
	}
	return nil
}

// ExactArgs wants n positional arguments, named in the command's Use line.
func ExactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return UsageErrorf("%s wants %d arguments, got %d (usage: %s)", cmd.CommandPath(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

// RangeArgs wants between lo and hi positional arguments (hi < 0: no upper bound).
func RangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || (hi >= 0 && len(args) > hi) {
			return UsageErrorf("%s: wrong number of arguments (%d) (usage: %s)", cmd.CommandPath(), len(args), cmd.UseLine())
		}
		return nil
	}
}

// GroupRunE is the RunE of commands that only group subcommands: help without arguments, a
// usage error for an unknown subcommand.
func GroupRunE(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return UnknownCommand(cmd, args[0])
	}
	return cmd.Help()
}

// UnknownCommand is the usage error for a subcommand of cmd that does not exist, with cobra's
// suggestions for a typo.
func UnknownCommand(cmd *cobra.Command, name string) error {
	msg := fmt.Sprintf("unknown command %q for %q", name, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default, which it sets only on its own path
	}
	if s := cmd.SuggestionsFor(name); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return UsageErrorf("%s; see %s --help", msg, cmd.CommandPath())
}
