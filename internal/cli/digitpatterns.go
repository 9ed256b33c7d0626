package cli

import (
	"cmp"
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

// findDigitPatterns lists the patterns of e and finds the ones refs name (each an ID or a
// name). Every ref that names no pattern, several patterns, or a pattern named before is a
// problem; all of them are reported at once (exit 2).
func findDigitPatterns(ctx context.Context, f *Factory, c *wxc.Client, e snapshot.Entity, refs []string) ([]wxc.DigitPattern, *wxc.DigitPatterns, error) {
	ps, err := c.OutgoingPermissions(e.Kind).DigitPatterns.List(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return nil, nil, fmt.Errorf("list digit patterns of %s: %w", label(e), err)
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
			problems = append(problems, fmt.Sprintf("%q names %d digit patterns of %s; name one by ID:%s", ref, len(byName), label(e), b.String()))
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
			label(e), strings.Join(missing, ", "), e.Kind, e.ID)}, problems...)
	}
	if len(problems) > 0 {
		return nil, nil, refusal(problems)
	}
	return found, ps, nil
}

// findDigitPattern returns the ID of the pattern of e named by ref (an ID or a name).
func findDigitPattern(ctx context.Context, f *Factory, c *wxc.Client, e snapshot.Entity, ref string) (string, error) {
	found, _, err := findDigitPatterns(ctx, f, c, e, []string{ref})
	if err != nil {
		return "", err
	}
	return found[0].ID, nil
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
			return nil, usageErrorf("--action: action: %s", validationReason(wxc.CheckAction(wxc.Action(strings.ToUpper(d.Action)))))
		}
		p.Action = a
	}
	if cmd.Flags().Changed("transfer-enabled") {
		p.TransferEnabled = wxc.Bool(d.Transfer)
	}
	return p, nil
}

// checkDigitPatternFlags checks a pattern to create or update with the SDK's rules; every
// problem is reported, named by its flag.
func checkDigitPatternFlags(p *wxc.DigitPattern, create bool) error {
	err := wxc.CheckDigitPatternBody(p, create)
	if err == nil {
		return nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var problems []string
	for _, e := range errs {
		field := validationField(e)
		problems = append(problems, fmt.Sprintf("--%s: %s: %s", field, field, validationReason(e)))
	}
	return refusal(problems)
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
		`Add a digit pattern; prints the new pattern's ID on stdout. The name (1 to 80 characters),
pattern (an optional leading +, digits, X, * and #, an optional trailing !; at most 40
characters) and action are checked, and the entity's patterns read, before anything is sent:
a name the entity already has, or a 501st pattern, exits 2.`,
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
			if err := checkDigitPatternFlags(opts.Body, true); err != nil {
				return err
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
			svc := c.OutgoingPermissions(e.Kind).DigitPatterns
			cur, err := svc.List(ctx, e.ID, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("list digit patterns of %s: %w", label(e), err)
			}
			for _, p := range cur.DigitPatterns {
				if p.Name == opts.Body.Name {
					return usageErrorf("--name: name: %s already has a digit pattern named %q (%s, %s); nothing was added", label(e), p.Name, p.ID, p.Pattern)
				}
			}
			if len(cur.DigitPatterns) >= wxc.MaxDigitPatterns {
				return usageErrorf("%s already has %d digit patterns, the limit; nothing was added", label(e), len(cur.DigitPatterns))
			}
			id, err := svc.Create(ctx, e.ID, opts.Body, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("add digit pattern to %s: %w", label(e), err)
			}
			if opts.DryRun {
				f.infof("dry run: would add digit pattern %q (%s, %s) to %s\n", opts.Body.Name, opts.Body.Pattern, opts.Body.Action, label(e))
				return nil
			}
			fmt.Fprintln(f.IO.Out, id)
			f.infof("added digit pattern %q (%s, %s) to %s\n", opts.Body.Name, opts.Body.Pattern, opts.Body.Action, label(e))
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
their value. Only the fields that differ are sent; if none does, the command exits 2
(nothing to change).`,
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
			if err := checkDigitPatternFlags(b, false); err != nil {
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
			found, all, err := findDigitPatterns(ctx, f, c, e, []string{opts.Pattern})
			if err != nil {
				return err
			}
			body, changes := digitPatternUpdate(&found[0], b)
			if len(changes) == 0 {
				return nothingToChange("digit pattern %q (%s) of %s already has these values", found[0].Name, found[0].ID, label(e))
			}
			if body.Name != "" {
				for _, p := range all.DigitPatterns {
					if p.ID != body.ID && p.Name == body.Name {
						return usageErrorf("--name: name: %s already has a digit pattern named %q (%s); nothing was changed", label(e), p.Name, p.ID)
					}
				}
			}
			if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Update(ctx, e.ID, body, f.CallOptions()...); err != nil {
				return fmt.Errorf("update digit pattern %s of %s: %w", body.ID, label(e), err)
			}
			verb := "updated"
			if opts.DryRun {
				verb = "dry run: would update"
			}
			f.infof("%s digit pattern %q (%s) of %s: %s\n", verb, found[0].Name, body.ID, label(e), strings.Join(changes, "; "))
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
		`Delete the named digit patterns (by ID or name). If any name matches no pattern (or
several), nothing is deleted and the command exits 2, listing them.`,
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
			found, _, err := findDigitPatterns(ctx, f, c, e, opts.Patterns)
			if err != nil {
				return err
			}
			var names []string
			for i, p := range found {
				if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Delete(ctx, e.ID, p.ID, f.CallOptions()...); err != nil {
					return fmt.Errorf("delete digit pattern %s of %s (%d of %d deleted before: %s): %w", p.ID, label(e), i, len(found), strings.Join(names, ", "), err)
				}
				names = append(names, fmt.Sprintf("%q", p.Name))
			}
			verb := "deleted"
			if opts.DryRun {
				verb = "dry run: would delete"
			}
			f.infof("%s %d digit pattern(s) of %s: %s\n", verb, len(found), label(e), strings.Join(names, ", "))
			return nil
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the requests instead of sending them")
	return cmd
}

func newDigitPatternsDeleteAllCmd(f *Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	cmd := dpCmd("delete-all KIND ENTITY", "Delete every digit pattern of one entity",
		`Delete every digit pattern of one entity. An entity without patterns exits 2 (nothing to
change).`,
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
			svc := c.OutgoingPermissions(e.Kind).DigitPatterns
			cur, err := svc.List(ctx, e.ID, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("list digit patterns of %s: %w", label(e), err)
			}
			if len(cur.DigitPatterns) == 0 {
				return nothingToChange("%s has no digit patterns", label(e))
			}
			if err := svc.DeleteAll(ctx, e.ID, f.CallOptions()...); err != nil {
				return fmt.Errorf("delete the digit patterns of %s: %w", label(e), err)
			}
			verb := "deleted"
			if opts.DryRun {
				verb = "dry run: would delete"
			}
			f.infof("%s all %d digit pattern(s) of %s\n", verb, len(cur.DigitPatterns), label(e))
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
locations (the API has no such switch for them). Setting the value the entity already has
exits 2 (nothing to change).`,
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
			svc := c.OutgoingPermissions(e.Kind).DigitPatterns
			cur, err := svc.List(ctx, e.ID, f.CallOptions()...)
			if err != nil {
				return fmt.Errorf("list digit patterns of %s: %w", label(e), err)
			}
			f.nameLocation(ctx, c, &e)
			if sameBool(cur.UseCustomDigitPatterns, &opts.Value) {
				return nothingToChange("%s already has useCustomDigitPatterns %t", label(e), opts.Value)
			}
			if err := svc.UpdateCategoryControlSettings(ctx, e.ID, wxc.Bool(opts.Value), f.CallOptions()...); err != nil {
				return fmt.Errorf("set use-custom digit patterns of %s: %w", label(e), err)
			}
			verb, uses := "set", "now uses"
			if opts.DryRun {
				verb, uses = "dry run: would set", "would use"
			}
			where := strings.Replace(locationOf(e), "settings", "digit patterns", 1)
			if opts.Value {
				f.infof("%s use-custom digit patterns of %s to true: it %s its own digit patterns instead of %s\n", verb, label(e), uses, where)
			} else {
				f.infof("%s use-custom digit patterns of %s to false: it %s %s instead of its own\n", verb, label(e), uses, where)
			}
			return nil
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

// digitPatternUpdate returns the update body with only the fields of want that differ from
// cur, and a description of each change.
func digitPatternUpdate(cur, want *wxc.DigitPattern) (*wxc.DigitPattern, []string) {
	body := &wxc.DigitPattern{ID: cur.ID}
	var changes []string
	if want.Name != "" && want.Name != cur.Name {
		body.Name = want.Name
		changes = append(changes, fmt.Sprintf("name %q -> %q", cur.Name, want.Name))
	}
	if want.Pattern != "" && want.Pattern != cur.Pattern {
		body.Pattern = want.Pattern
		changes = append(changes, fmt.Sprintf("pattern %s -> %s", cur.Pattern, want.Pattern))
	}
	if want.Action != "" && want.Action != cur.Action {
		body.Action = want.Action
		changes = append(changes, fmt.Sprintf("action %s -> %s", cur.Action, want.Action))
	}
	if want.TransferEnabled != nil && !sameBool(want.TransferEnabled, cur.TransferEnabled) {
		body.TransferEnabled = want.TransferEnabled
		changes = append(changes, fmt.Sprintf("transfer %s -> %t", cmp.Or(boolCell(cur.TransferEnabled), "(unset)"), *want.TransferEnabled))
	}
	return body, changes
}
