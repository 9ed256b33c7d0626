package cmdutil

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// UseCustomOptions are the options of `access-codes use-custom` and `digit-patterns
// use-custom`: whether an entity uses its own codes or patterns, or its location's.
type UseCustomOptions struct {
	f      *Factory
	Ref    EntityRef
	Value  bool
	DryRun bool
}

// UseCustomArea is what differs between the use-custom commands.
type UseCustomArea struct {
	What   string // "access codes", in messages
	Member string // the wire member, "useCustomAccessCodes"
	Read   string // the read, for its error: "read access codes"
	Get    func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*bool, error)
	Set    func(ctx context.Context, c *wxc.Client, e snapshot.Entity, v bool) error
}

// NewUseCustomCmd builds the use-custom command of area a; runF (tests) replaces the run.
func NewUseCustomCmd(f *Factory, a UseCustomArea, runF func(*UseCustomOptions) error, long, example string) *cobra.Command {
	opts := &UseCustomOptions{f: f}
	cmd := &cobra.Command{
		Use:               "use-custom KIND ENTITY [true|false]",
		Short:             "Say whether an entity uses its own " + a.What + " (true, the default) or its location's",
		Long:              long + "\n\n" + KindHelp,
		Example:           example,
		Args:              RangeArgs(2, 3),
		ValidArgsFunction: CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := ParseEntityRef(args)
			if err != nil {
				return err
			}
			if !wxc.UsesCustomSwitch(ref.Kind) {
				return UsageErrorf("%ss have no use-custom switch for %s", ref.Kind, a.What)
			}
			opts.Ref = ref
			if opts.Value, err = ParseBoolArg(args[2:]); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return RunUseCustom(cmd.Context(), opts, a)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

// RunUseCustom reads the switch of area a, refuses a write that changes nothing, and writes it.
func RunUseCustom(ctx context.Context, opts *UseCustomOptions, a UseCustomArea) error {
	f := opts.f
	c, e, err := f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	cur, err := a.Get(ctx, c, e)
	if err != nil {
		return fmt.Errorf("%s of %s: %w", a.Read, Label(e), err)
	}
	f.NameLocation(ctx, c, &e)
	if SameBool(cur, &opts.Value) {
		return NothingToChange("%s already has %s %t", Label(e), a.Member, opts.Value)
	}
	if err := a.Set(ctx, c, e, opts.Value); err != nil {
		return fmt.Errorf("set use-custom %s of %s: %w", a.What, Label(e), err)
	}
	reportUseCustom(f, e, a.What, opts.Value, opts.DryRun)
	return nil
}

// reportUseCustom says on stderr what a use-custom write of what ("access codes", "digit
// patterns") did (or, in a dry run, would do).
func reportUseCustom(f *Factory, e snapshot.Entity, what string, value, dryRun bool) {
	verb, uses := "set", "now uses"
	if dryRun {
		verb, uses = "dry run: would set", "would use"
	}
	where := strings.Replace(LocationOf(e), "settings", what, 1)
	if value {
		f.Infof("%s use-custom %s of %s to true: it %s its own %s instead of %s\n", verb, what, Label(e), uses, what, where)
	} else {
		f.Infof("%s use-custom %s of %s to false: it %s %s instead of its own\n", verb, what, Label(e), uses, where)
	}
}
