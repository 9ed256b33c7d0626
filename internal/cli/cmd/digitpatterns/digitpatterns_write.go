package digitpatterns

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/wxc"
)

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
			return nil, cmdutil.UsageErrorf("--action: action: %s", cmdutil.ValidationReason(wxc.CheckAction(wxc.Action(strings.ToUpper(d.Action)))))
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
		field := cmdutil.ValidationField(e)
		problems = append(problems, fmt.Sprintf("--%s: %s: %s", field, field, cmdutil.ValidationReason(e)))
	}
	return cmdutil.Refusal(problems)
}

type digitPatternWriteOptions struct {
	digitPatternOptions
	Body *wxc.DigitPattern
}

func newDigitPatternsAddCmd(f *cmdutil.Factory, runF func(*digitPatternWriteOptions) error) *cobra.Command {
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
		cmdutil.ExactArgs(2), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref = ref
			var err error
			if opts.Body, err = d.build(cmd); err != nil {
				return err
			}
			if opts.Body.Name == "" || opts.Body.Pattern == "" || opts.Body.Action == "" {
				return cmdutil.UsageErrorf("add needs --name, --pattern and --action")
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
			return runDigitPatternsAdd(cmd.Context(), opts)
		})
	d.register(cmd)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runDigitPatternsAdd(ctx context.Context, opts *digitPatternWriteOptions) error {
	f := opts.f
	svc, e, cur, err := opts.listPatterns(ctx)
	if err != nil {
		return err
	}
	for _, p := range cur.DigitPatterns {
		if p.Name == opts.Body.Name {
			return cmdutil.UsageErrorf("--name: name: %s already has a digit pattern named %q (%s, %s); nothing was added", cmdutil.Label(e), p.Name, p.ID, p.Pattern)
		}
	}
	if len(cur.DigitPatterns) >= wxc.MaxDigitPatterns {
		return cmdutil.UsageErrorf("%s already has %d digit patterns, the limit; nothing was added", cmdutil.Label(e), len(cur.DigitPatterns))
	}
	id, err := svc.Create(ctx, e.ID, opts.Body)
	if err != nil {
		return fmt.Errorf("add digit pattern to %s: %w", cmdutil.Label(e), err)
	}
	if opts.DryRun {
		f.Infof("dry run: would add digit pattern %q (%s, %s) to %s\n", opts.Body.Name, opts.Body.Pattern, opts.Body.Action, cmdutil.Label(e))
		return nil
	}
	fmt.Fprintln(f.IO.Out, id)
	f.Infof("added digit pattern %q (%s, %s) to %s\n", opts.Body.Name, opts.Body.Pattern, opts.Body.Action, cmdutil.Label(e))
	return nil
}

func newDigitPatternsUpdateCmd(f *cmdutil.Factory, runF func(*digitPatternWriteOptions) error) *cobra.Command {
	opts := &digitPatternWriteOptions{digitPatternOptions: digitPatternOptions{f: f}}
	var d digitPatternFlags
	cmd := dpCmd("update KIND ENTITY PATTERN [--name NAME] [--pattern P] [--action A] [--transfer-enabled=BOOL]",
		"Change a digit pattern of one entity",
		`Change the fields you give of one digit pattern (named by ID or name); the others keep
their value. Only the fields that differ are sent; if none does, the command exits 2
(nothing to change).`,
		`  wxc digit-patterns update person alice@example.com premium --action AUTH_CODE
  wxc digit-patterns update location "San Jose" internal --transfer-enabled=false --dry-run`,
		cmdutil.ExactArgs(3), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref, opts.Pattern = ref, args[2]
			var err error
			if opts.Body, err = d.build(cmd); err != nil {
				return err
			}
			b := opts.Body
			if b.Name == "" && b.Pattern == "" && b.Action == "" && b.TransferEnabled == nil {
				return cmdutil.UsageErrorf("nothing to change: give --name, --pattern, --action or --transfer-enabled")
			}
			if err := checkDigitPatternFlags(b, false); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runDigitPatternsUpdate(cmd.Context(), opts)
		})
	d.register(cmd)
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runDigitPatternsUpdate(ctx context.Context, opts *digitPatternWriteOptions) error {
	f := opts.f
	b := opts.Body
	c, e, err := f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	found, all, err := findDigitPatterns(ctx, f, c, e, []string{opts.Pattern})
	if err != nil {
		return err
	}
	body, changes := digitPatternUpdate(&found[0], b)
	if len(changes) == 0 {
		return cmdutil.NothingToChange("digit pattern %q (%s) of %s already has these values", found[0].Name, found[0].ID, cmdutil.Label(e))
	}
	if body.Name != "" {
		for _, p := range all.DigitPatterns {
			if p.ID != body.ID && p.Name == body.Name {
				return cmdutil.UsageErrorf("--name: name: %s already has a digit pattern named %q (%s); nothing was changed", cmdutil.Label(e), p.Name, p.ID)
			}
		}
	}
	if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Update(ctx, e.ID, body); err != nil {
		return fmt.Errorf("update digit pattern %s of %s: %w", body.ID, cmdutil.Label(e), err)
	}
	verb := "updated"
	if opts.DryRun {
		verb = "dry run: would update"
	}
	f.Infof("%s digit pattern %q (%s) of %s: %s\n", verb, found[0].Name, body.ID, cmdutil.Label(e), strings.Join(changes, "; "))
	return nil
}

type digitPatternDeleteOptions struct {
	digitPatternOptions
	Patterns []string
}

func newDigitPatternsDeleteCmd(f *cmdutil.Factory, runF func(*digitPatternDeleteOptions) error) *cobra.Command {
	opts := &digitPatternDeleteOptions{digitPatternOptions: digitPatternOptions{f: f}}
	cmd := dpCmd("delete KIND ENTITY PATTERN...", "Delete digit patterns of one entity",
		`Delete the named digit patterns (by ID or name). If any name matches no pattern (or
several), nothing is deleted and the command exits 2, listing them.`,
		`  wxc digit-patterns delete person alice@example.com premium
  wxc digit-patterns delete location "San Jose" internal premium --dry-run`,
		cmdutil.RangeArgs(3, -1), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref, opts.Patterns = ref, args[2:]
			if runF != nil {
				return runF(opts)
			}
			return runDigitPatternsDelete(cmd.Context(), opts)
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the requests instead of sending them")
	return cmd
}

func runDigitPatternsDelete(ctx context.Context, opts *digitPatternDeleteOptions) error {
	f := opts.f
	c, e, err := f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	found, _, err := findDigitPatterns(ctx, f, c, e, opts.Patterns)
	if err != nil {
		return err
	}
	var names []string
	for i, p := range found {
		if err := c.OutgoingPermissions(e.Kind).DigitPatterns.Delete(ctx, e.ID, p.ID); err != nil {
			return fmt.Errorf("delete digit pattern %s of %s (%d of %d deleted before: %s): %w", p.ID, cmdutil.Label(e), i, len(found), strings.Join(names, ", "), err)
		}
		names = append(names, fmt.Sprintf("%q", p.Name))
	}
	verb := "deleted"
	if opts.DryRun {
		verb = "dry run: would delete"
	}
	f.Infof("%s %d digit pattern(s) of %s: %s\n", verb, len(found), cmdutil.Label(e), strings.Join(names, ", "))
	return nil
}

func newDigitPatternsDeleteAllCmd(f *cmdutil.Factory, runF func(*digitPatternOptions) error) *cobra.Command {
	opts := &digitPatternOptions{f: f}
	cmd := dpCmd("delete-all KIND ENTITY", "Delete every digit pattern of one entity",
		`Delete every digit pattern of one entity. An entity without patterns exits 2 (nothing to
change).`,
		`  wxc digit-patterns delete-all person alice@example.com --dry-run`,
		cmdutil.ExactArgs(2), func(cmd *cobra.Command, args []string, ref cmdutil.EntityRef) error {
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			return runDigitPatternsDeleteAll(cmd.Context(), opts)
		})
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runDigitPatternsDeleteAll(ctx context.Context, opts *digitPatternOptions) error {
	f := opts.f
	svc, e, cur, err := opts.listPatterns(ctx)
	if err != nil {
		return err
	}
	if len(cur.DigitPatterns) == 0 {
		return cmdutil.NothingToChange("%s has no digit patterns", cmdutil.Label(e))
	}
	if err := svc.DeleteAll(ctx, e.ID); err != nil {
		return fmt.Errorf("delete the digit patterns of %s: %w", cmdutil.Label(e), err)
	}
	verb := "deleted"
	if opts.DryRun {
		verb = "dry run: would delete"
	}
	f.Infof("%s all %d digit pattern(s) of %s\n", verb, len(cur.DigitPatterns), cmdutil.Label(e))
	return nil
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
	if want.TransferEnabled != nil && !cmdutil.SameBool(want.TransferEnabled, cur.TransferEnabled) {
		body.TransferEnabled = want.TransferEnabled
		changes = append(changes, fmt.Sprintf("transfer %s -> %t", cmp.Or(cmdutil.BoolCell(cur.TransferEnabled), "(unset)"), *want.TransferEnabled))
	}
	return body, changes
}
