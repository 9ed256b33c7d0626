package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func newDigitPatternsCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "digit-patterns",
		Short: "Manage the digit patterns (dialled-number rules) of one entity",
		Long: `Digit patterns give an action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3) to dialled
numbers that match a pattern such as +900! or 9XXX. Patterns are named by ID or name.`,
		Example: `  wxc digit-patterns list person alice@example.com
  wxc digit-patterns add location "San Jose" --name premium --pattern '+900!' --action BLOCK`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	cmd.AddCommand(newDigitPatternsListCmd(f, nil), newDigitPatternsGetCmd(f, nil), newDigitPatternsAddCmd(f, nil),
		newDigitPatternsUpdateCmd(f, nil), newDigitPatternsDeleteCmd(f, nil), newDigitPatternsDeleteAllCmd(f, nil),
		newDigitPatternsUseCustomCmd(f, nil))
	return cmd
}

// digitPatternOptions are the options every digit-patterns subcommand has.
type digitPatternOptions struct {
	f       *Factory
	Ref     entityRef
	Pattern string // ID or name of one pattern (get, update)
	DryRun  bool
}

// dpCmd builds a digit-patterns subcommand whose first two arguments are KIND ENTITY.
func dpCmd(use, short, long, example string, args cobra.PositionalArgs, run func(cmd *cobra.Command, args []string, ref entityRef) error) *cobra.Command {
	return &cobra.Command{
		Use:               use,
		Short:             short,
		Long:              long + "\n\n" + kindHelp,
		Example:           example,
		Args:              args,
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, a []string) error {
			ref, err := parseEntityRef(a)
			if err != nil {
				return err
			}
			return run(cmd, a, ref)
		},
	}
}

func digitPatternRows(ps []wxc.DigitPattern) *output.Rows {
	rows := &output.Rows{Headers: []string{"id", "name", "pattern", "action", "transfer"}}
	for _, p := range ps {
		rows.Add(p.ID, p.Name, p.Pattern, string(p.Action), boolCell(p.TransferEnabled))
	}
	return rows
}

func newDigitPatternsListCmd(f *Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	return dpCmd("list KIND ENTITY", "List the digit patterns of one entity",
		`List the digit patterns of one entity. JSON and YAML output is the wire shape
({"useCustomDigitPatterns": ..., "digitPatterns": [...]}).`,
		`  wxc digit-patterns list person alice@example.com
  wxc digit-patterns list location "San Jose" -o json`,
		exactArgs(2), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			if _, err := f.OutputFormat(output.Table); err != nil {
				return err
			}
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			ps, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("list digit patterns of %s: %w", label(e), err)
			}
			return f.Render(ps, digitPatternRows(ps.DigitPatterns))
		})
}

// findDigitPattern returns the ID of the pattern of e named by ref (an ID or a name).
func findDigitPattern(ctx context.Context, f *Factory, c *wxc.Client, e snapshot.Entity, ref string) (string, error) {
	ps, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return "", fmt.Errorf("list digit patterns of %s: %w", label(e), err)
	}
	var byName []wxc.DigitPattern
	for _, p := range ps.DigitPatterns {
		if p.ID == ref {
			return p.ID, nil
		}
		if strings.EqualFold(p.Name, ref) {
			byName = append(byName, p)
		}
	}
	switch len(byName) {
	case 0:
		return "", usageErrorf("%s has no digit pattern with ID or name %q (see wxc digit-patterns list)", label(e), ref)
	case 1:
		return byName[0].ID, nil
	}
	var b strings.Builder
	for _, p := range byName {
		fmt.Fprintf(&b, "\n  %s  %s  %s", p.ID, p.Name, p.Pattern)
	}
	return "", usageErrorf("%q names %d digit patterns of %s; name one by ID:%s", ref, len(byName), label(e), b.String())
}

func newDigitPatternsGetCmd(f *Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	return dpCmd("get KIND ENTITY PATTERN", "Show one digit pattern of one entity",
		`Show one digit pattern, named by its ID or name.`,
		`  wxc digit-patterns get person alice@example.com premium`,
		exactArgs(3), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref, opts.Pattern = ref, args[2]
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			if _, err := f.OutputFormat(output.Table); err != nil {
				return err
			}
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			id, err := findDigitPattern(ctx, f, c, e, opts.Pattern)
			if err != nil {
				return err
			}
			p, err := c.OutgoingPermissions(e.Kind).DigitPatterns.Details(ctx, e.ID, id, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("read digit pattern %s of %s: %w", id, label(e), err)
			}
			return f.Render(p, digitPatternRows([]wxc.DigitPattern{*p}))
		})
}

// digitPatternFlags are the fields add and update take.
type digitPatternFlags struct {
	Name, Pattern, Action string
	Transfer              bool
}

func (d *digitPatternFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&d.Name, "name", "", "pattern `name`")
	fl.StringVar(&d.Pattern, "pattern", "", "digit `pattern`, e.g. +900! or 9XXX")
	fl.StringVar(&d.Action, "action", "", "`action`: ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3")
	fl.BoolVar(&d.Transfer, "transfer-enabled", false, "may matching calls be transferred or forwarded")
}

// build returns the pattern with the fields whose flags were given.
func (d *digitPatternFlags) build(cmd *cobra.Command) (*wxc.DigitPattern, error) {
	p := &wxc.DigitPattern{Name: d.Name, Pattern: d.Pattern}
	if cmd.Flags().Changed("action") {
		a, err := wxc.ParseAction(d.Action)
		if err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: fmt.Errorf("--action: %w", err)}
		}
		p.Action = a
	}
	if cmd.Flags().Changed("transfer-enabled") {
		p.TransferEnabled = wxc.Bool(d.Transfer)
	}
	return p, nil
}

type digitPatternWriteOptions struct {
	digitPatternOptions
	Body *wxc.DigitPattern
}

func newDigitPatternsAddCmd(f *Factory, runF func(*digitPatternWriteOptions) error) *cobra.Command {
	opts := &digitPatternWriteOptions{digitPatternOptions: digitPatternOptions{f: f}}
	var d digitPatternFlags
	cmd := dpCmd("add KIND ENTITY --name NAME --pattern PATTERN --action ACTION [--transfer-enabled]",
		"Add a digit pattern to one entity",
		`Add a digit pattern; prints the new pattern's ID on stdout.`,
		`  wxc digit-patterns add person alice@example.com --name premium --pattern '+900!' --action BLOCK
  wxc digit-patterns add location "San Jose" --name internal --pattern 9XXX --action ALLOW --transfer-enabled --dry-run`,
		exactArgs(2), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref = ref
			var err error
			if opts.Body, err = d.build(cmd); err != nil {
				return err
			}
			if opts.Body.Name == "" || opts.Body.Pattern == "" || opts.Body.Action == "" {
				return usageErrorf("add needs --name, --pattern and --action")
			}
			if opts.Body.TransferEnabled == nil {
				opts.Body.TransferEnabled = wxc.Bool(false)
			}
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			id, err := c.OutgoingPermissions(e.Kind).DigitPatterns.Create(ctx, e.ID, opts.Body, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("add digit pattern to %s: %w", label(e), err)
			}
			if !opts.DryRun {
				fmt.Fprintln(f.IO.Out, id)
				f.infof("added digit pattern %q to %s\n", opts.Body.Name, label(e))
			}
			return nil
		})
	d.register(cmd)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func newDigitPatternsUpdateCmd(f *Factory, runF func(*digitPatternWriteOptions) error) *cobra.Command {
	opts := &digitPatternWriteOptions{digitPatternOptions: digitPatternOptions{f: f}}
	var d digitPatternFlags
	cmd := dpCmd("update KIND ENTITY PATTERN [--name NAME] [--pattern P] [--action A] [--transfer-enabled=BOOL]",
		"Change a digit pattern of one entity",
		`Change the fields you give of one digit pattern (named by ID or name); the others keep
their value.`,
		`  wxc digit-patterns update person alice@example.com premium --action AUTH_CODE
  wxc digit-patterns update location "San Jose" internal --transfer-enabled=false --dry-run`,
		exactArgs(3), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref, opts.Pattern = ref, args[2]
			var err error
			if opts.Body, err = d.build(cmd); err != nil {
				return err
			}
			b := opts.Body
			if b.Name == "" && b.Pattern == "" && b.Action == "" && b.TransferEnabled == nil {
				return usageErrorf("nothing to change: give --name, --pattern, --action or --transfer-enabled")
			}
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			if b.ID, err = findDigitPattern(ctx, f, c, e, opts.Pattern); err != nil {
				return err
			}
			if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Update(ctx, e.ID, b, f.CallOptions()...); err != nil {
				return fmt.Errorf("update digit pattern %s of %s: %w", b.ID, label(e), err)
			}
			if !opts.DryRun {
				f.infof("updated digit pattern %s of %s\n", b.ID, label(e))
			}
			return nil
		})
	d.register(cmd)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

type digitPatternDeleteOptions struct {
	digitPatternOptions
	Patterns []string
}

func newDigitPatternsDeleteCmd(f *Factory, runF func(*digitPatternDeleteOptions) error) *cobra.Command {
	opts := &digitPatternDeleteOptions{digitPatternOptions: digitPatternOptions{f: f}}
	cmd := dpCmd("delete KIND ENTITY PATTERN...", "Delete digit patterns of one entity",
		`Delete the named digit patterns (by ID or name).`,
		`  wxc digit-patterns delete person alice@example.com premium
  wxc digit-patterns delete location "San Jose" internal premium --dry-run`,
		rangeArgs(3, -1), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref, opts.Patterns = ref, args[2:]
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			var ids []string
			for _, p := range opts.Patterns {
				id, err := findDigitPattern(ctx, f, c, e, p)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			for i, id := range ids {
				if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Delete(ctx, e.ID, id, f.CallOptions()...); err != nil {
					return fmt.Errorf("delete digit pattern %s of %s (%d of %d deleted before): %w", id, label(e), i, len(ids), err)
				}
			}
			if !opts.DryRun {
				f.infof("deleted %d digit pattern(s) of %s\n", len(ids), label(e))
			}
			return nil
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the requests instead of sending them")
	return cmd
}

func newDigitPatternsDeleteAllCmd(f *Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	cmd := dpCmd("delete-all KIND ENTITY", "Delete every digit pattern of one entity",
		`Delete every digit pattern of one entity.`,
		`  wxc digit-patterns delete-all person alice@example.com --dry-run`,
		exactArgs(2), func(cmd *cobra.Command, args []string, ref entityRef) error {
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			if err := c.OutgoingPermissions(e.Kind).DigitPatterns.DeleteAll(ctx, e.ID, f.CallOptions()...); err != nil {
				return fmt.Errorf("delete the digit patterns of %s: %w", label(e), err)
			}
			if !opts.DryRun {
				f.infof("deleted every digit pattern of %s\n", label(e))
			}
			return nil
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

type digitPatternUseCustomOptions struct {
	digitPatternOptions
	Value bool
}

func newDigitPatternsUseCustomCmd(f *Factory, runF func(*digitPatternUseCustomOptions) error) *cobra.Command {
	opts := &digitPatternUseCustomOptions{digitPatternOptions: digitPatternOptions{f: f}}
	cmd := dpCmd("use-custom KIND ENTITY [true|false]",
		"Say whether an entity uses its own digit patterns (true, the default) or its location's",
		`Turn the entity's own digit patterns on (true, the default) or off (false). Not for
locations (the API has no such switch for them).`,
		`  wxc digit-patterns use-custom person alice@example.com
  wxc digit-patterns use-custom virtual-line "Front Desk" false`,
		rangeArgs(2, 3), func(cmd *cobra.Command, args []string, ref entityRef) error {
			if ref.Kind == wxc.Location {
				return usageErrorf("locations have no use-custom switch for digit patterns")
			}
			opts.Ref = ref
			var err error
			if opts.Value, err = parseBoolArg(args[2:]); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			ctx := cmd.Context()
			c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
			if err != nil {
				return err
			}
			if err := c.OutgoingPermissions(e.Kind).DigitPatterns.UpdateCategoryControlSettings(ctx, e.ID, wxc.Bool(opts.Value), f.CallOptions()...); err != nil {
				return fmt.Errorf("set use-custom digit patterns of %s: %w", label(e), err)
			}
			if !opts.DryRun {
				f.infof("set use-custom digit patterns of %s to %t\n", label(e), opts.Value)
			}
			return nil
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}
