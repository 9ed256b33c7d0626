// Package digitpatterns is `wxc digit-patterns`: the digit patterns of one entity.
package digitpatterns

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns the `wxc digitpatterns` command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "digit-patterns",
		Short: "Manage the digit patterns (dialled-number rules) of one entity",
		Long: `Digit patterns give an action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3) to dialled
numbers that match a pattern such as +900! or 9XXX. Patterns are named by ID or name.`,
		Example: `  wxc digit-patterns list person alice@example.com
  wxc digit-patterns add location "San Jose" --name premium --pattern '+900!' --action BLOCK`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newDigitPatternsListCmd(f, nil), newDigitPatternsGetCmd(f, nil), newDigitPatternsAddCmd(f, nil),
		newDigitPatternsUpdateCmd(f, nil), newDigitPatternsDeleteCmd(f, nil), newDigitPatternsDeleteAllCmd(f, nil),
		newDigitPatternsUseCustomCmd(f, nil))
	return cmd
}

// digitPatternOptions are the options every digit-patterns subcommand has.
type digitPatternOptions struct {
	f       *cmdutil.Factory
	Ref     cmdutil.EntityRef
	Pattern string // ID or name of one pattern (get, update)
	DryRun  bool
}

// dpCmd builds a digit-patterns subcommand whose first two arguments are KIND ENTITY.
func dpCmd(use, short, long, example string, args cobra.PositionalArgs, run func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error) *cobra.Command {
	return &cobra.Command{
		Use:               use,
		Short:             short,
		Long:              long + "\n\n" + cmdutil.KindHelp,
		Example:           example,
		Args:              args,
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, a []string) error {
			ref, err := cmdutil.ParseEntityRef(a)
			if err != nil {
				return err
			}
			return run(cmd, a, ref)
		},
	}
}

// listPatterns resolves the entity of opts and lists its digit patterns.
func (opts *digitPatternOptions) listPatterns(ctx context.Context) (*wxc.DigitPatternsService, snapshot.Entity, *wxc.DigitPatterns, error) {
	c, e, err := opts.f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return nil, e, nil, err
	}
	svc := c.OutgoingPermissions(e.Kind).DigitPatterns
	cur, err := svc.List(ctx, e.ID)
	if err != nil {
		return nil, e, nil, fmt.Errorf("list digit patterns of %s: %w", cmdutil.Label(e), err)
	}
	return svc, e, cur, nil
}

func digitPatternRows(ps []wxc.DigitPattern) *output.Rows {
	rows := &output.Rows{Headers: []string{"id", "name", "pattern", "action", "transfer"}}
	rows.MarkWide("id") // 88 characters: -o wide, csv, json
	for _, p := range ps {
		rows.Add(p.ID, p.Name, p.Pattern, string(p.Action), cmdutil.BoolCell(p.TransferEnabled))
	}
	return rows
}

func newDigitPatternsListCmd(f *cmdutil.Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	return dpCmd("list KIND ENTITY", "List the digit patterns of one entity",
		`List the digit patterns of one entity. JSON and YAML output is the wire shape
({"useCustomDigitPatterns": ..., "digitPatterns": [...]}).`,
		`  wxc digit-patterns list person alice@example.com
  wxc digit-patterns list location "San Jose" -o json`,
		cmdutil.ExactArgs(2), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			return runDigitPatternsList(cmd.Context(), opts)
		})
}

func runDigitPatternsList(ctx context.Context, opts *digitPatternOptions) error {
	var (
		client *wxc.Client
		ent    snapshot.Entity
		got    *wxc.DigitPatterns
	)
	err := cmdutil.ShowEntity(ctx, opts.f, opts.Ref, "list digit patterns",
		func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*wxc.DigitPatterns, error) {
			ps, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID)
			client, ent, got = c, e, ps
			return ps, err
		},
		func(_ snapshot.Entity, ps *wxc.DigitPatterns) *output.Rows { return digitPatternRows(ps.DigitPatterns) })
	if err == nil && got != nil && len(got.DigitPatterns) == 0 {
		// An empty table prints nothing: say so, and which patterns apply instead.
		opts.f.EmptyListNote(ctx, client, ent, "digit patterns", "useCustomDigitPatterns", "digit-patterns", got.UseCustomDigitPatterns)
	}
	return err
}

// findDigitPatterns lists the patterns of e and finds the ones refs name (each an ID or a
// name). Every ref that names no pattern, several patterns, or a pattern named before is a
// problem; all of them are reported at once (exit 2).
func findDigitPatterns(ctx context.Context, f *cmdutil.Factory, c *wxc.Client, e snapshot.Entity, refs []string) ([]wxc.DigitPattern, *wxc.DigitPatterns, error) {
	ps, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("list digit patterns of %s: %w", cmdutil.Label(e), err)
	}
	var found []wxc.DigitPattern
	var missing, problems []string
	seen := map[string]string{}
	for _, ref := range refs {
		var byID *wxc.DigitPattern
		var byName []wxc.DigitPattern
		for i, p := range ps.DigitPatterns {
			if p.ID == ref {
				byID = &ps.DigitPatterns[i]
				break
			}
			if strings.EqualFold(p.Name, ref) {
				byName = append(byName, p)
			}
		}
		var p wxc.DigitPattern
		switch {
		case byID != nil:
			p = *byID
		case len(byName) == 1:
			p = byName[0]
		case len(byName) == 0:
			missing = append(missing, fmt.Sprintf("%q", ref))
			continue
		default:
			var b strings.Builder
			for _, p := range byName {
				fmt.Fprintf(&b, "\n    %s  %s  %s", p.ID, p.Name, p.Pattern)
			}
			problems = append(problems, fmt.Sprintf("%q names %d digit patterns of %s; name one by ID:%s", ref, len(byName), cmdutil.Label(e), b.String()))
			continue
		}
		if first, dup := seen[p.ID]; dup {
			problems = append(problems, fmt.Sprintf("%q and %q name the same digit pattern %s", first, ref, p.ID))
			continue
		}
		seen[p.ID] = ref
		found = append(found, p)
	}
	if len(missing) > 0 {
		problems = append([]string{fmt.Sprintf("%s has no digit pattern with ID or name %s (see wxc digit-patterns list %s %s); nothing was changed",
			cmdutil.Label(e), strings.Join(missing, ", "), e.Kind, e.ID)}, problems...)
	}
	if len(problems) > 0 {
		return nil, nil, cmdutil.Refusal(problems)
	}
	return found, ps, nil
}

// findDigitPattern returns the ID of the pattern of e named by ref (an ID or a name).
func findDigitPattern(ctx context.Context, f *cmdutil.Factory, c *wxc.Client, e snapshot.Entity, ref string) (string, error) {
	found, _, err := findDigitPatterns(ctx, f, c, e, []string{ref})
	if err != nil {
		return "", err
	}
	return found[0].ID, nil
}

func newDigitPatternsGetCmd(f *cmdutil.Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	return dpCmd("get KIND ENTITY PATTERN", "Show one digit pattern of one entity",
		`Show one digit pattern, named by its ID or name.`,
		`  wxc digit-patterns get person alice@example.com premium`,
		cmdutil.ExactArgs(3), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref, opts.Pattern = ref, args[2]
			if runF != nil {
				return runF(opts)
			}
			return runDigitPatternsGet(cmd.Context(), opts)
		})
}

func runDigitPatternsGet(ctx context.Context, opts *digitPatternOptions) error {
	f := opts.f
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	c, e, err := f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	id, err := findDigitPattern(ctx, f, c, e, opts.Pattern)
	if err != nil {
		return err
	}
	p, err := c.OutgoingPermissions(e.Kind).DigitPatterns.Details(ctx, e.ID, id)
	if err != nil {
		return fmt.Errorf("read digit pattern %s of %s: %w", id, cmdutil.Label(e), err)
	}
	return f.Render(p, digitPatternRows([]wxc.DigitPattern{*p}))
}

var digitPatternsUseCustom = cmdutil.UseCustomArea{
	What: "digit patterns", Member: "useCustomDigitPatterns", Read: "list digit patterns",
	Get: func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*bool, error) {
		cur, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		return cur.UseCustomDigitPatterns, nil
	},
	Set: func(ctx context.Context, c *wxc.Client, e snapshot.Entity, v bool) error {
		return c.OutgoingPermissions(e.Kind).DigitPatterns.UpdateCategoryControlSettings(ctx, e.ID, wxc.Bool(v))
	},
}

func newDigitPatternsUseCustomCmd(f *cmdutil.Factory, runF func(*cmdutil.UseCustomOptions) error) *cobra.Command {
	return cmdutil.NewUseCustomCmd(f, digitPatternsUseCustom, runF, `Turn the entity's own digit patterns on (true, the default) or off (false). Not for
locations (the API has no such switch for them). Setting the value the entity already has
exits 2 (nothing to change).`, `  wxc digit-patterns use-custom person alice@example.com
  wxc digit-patterns use-custom virtual-line "Front Desk" false`)
}
