package cli

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

func newAccessCodesCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access-codes",
		Short: "List, add or delete the access (authorization) codes of one entity",
		Long: `Access codes authorize calls of call types whose action is AUTH_CODE. A person, workspace
or virtual line has its own codes (used when use-custom is on); a location's codes use the
location access-codes API, which has no use-custom switch.`,
		Example: `  wxc access-codes list person alice@example.com
  wxc access-codes add location "San Jose" 4856=Marketing 3421=Finance`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	cmd.AddCommand(newAccessCodesListCmd(f, nil), newAccessCodesAddCmd(f, nil),
		newAccessCodesDeleteCmd(f, nil), newAccessCodesUseCustomCmd(f, nil))
	return cmd
}

type accessCodesListOptions struct {
	f   *Factory
	Ref entityRef
}

func newAccessCodesListCmd(f *Factory, runF func(*accessCodesListOptions) error) *cobra.Command {
	opts := &accessCodesListOptions{f: f}
	return &cobra.Command{
		Use:   "list KIND ENTITY",
		Short: "List the access codes of one entity",
		Long: `List the access codes of one entity. JSON and YAML output is the wire shape
({"useCustomAccessCodes": ..., "accessCodes": [...]}; a location has no useCustomAccessCodes).

` + kindHelp,
		Example: `  wxc access-codes list person alice@example.com
  wxc access-codes list location "San Jose" -o csv`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE:              entityRunE(opts, &opts.Ref, runF, runAccessCodesList),
	}
}

// readAccessCodes reads the access codes of any kind (location: the location API).
func readAccessCodes(ctx context.Context, f *Factory, c *wxc.Client, kind wxc.EntityKind, id string) (*wxc.AuthCodes, error) {
	if kind == wxc.Location {
		codes, err := c.LocationAccessCodes.Read(ctx, id, f.CallOptions()...)
		if err != nil {
			return nil, err
		}
		if codes == nil {
			codes = []wxc.AuthCode{}
		}
		return &wxc.AuthCodes{AccessCodes: codes}, nil
	}
	return c.OutgoingPermissions(kind).AccessCodes.Read(ctx, id, f.CallOptions()...)
}

func runAccessCodesList(ctx context.Context, opts *accessCodesListOptions) error {
	f := opts.f
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	c, e, err := f.entityTarget(ctx, opts.Ref, false)
	if err != nil {
		return err
	}
	codes, err := readAccessCodes(ctx, f, c, e.Kind, e.ID)
	if err != nil {
		return fmt.Errorf("read access codes of %s: %w", label(e), err)
	}
	rows := &output.Rows{Headers: []string{"code", "description", "level"}}
	for _, a := range codes.AccessCodes {
		rows.Add(a.Code, a.Description, string(a.Level))
	}
	return f.Render(codes, rows)
}

type accessCodesAddOptions struct {
	f           *Factory
	Ref         entityRef
	Description string
	DryRun      bool
	Codes       []wxc.AuthCode
}

func newAccessCodesAddCmd(f *Factory, runF func(*accessCodesAddOptions) error) *cobra.Command {
	opts := &accessCodesAddOptions{f: f}
	cmd := &cobra.Command{
		Use:   "add KIND ENTITY CODE[=DESCRIPTION]...",
		Short: "Add access codes to one entity",
		Long: `Add one or more access codes. Each needs a description: CODE=DESCRIPTION, or
--description for the codes given without one. A code is 1 to 10 digits, a description 1
to 255 characters. Codes are checked, and the entity's codes read, before anything is sent:
a bad code, a code given twice, a code the entity already has, or more than 100 codes in all
refuse the whole command (exit 2, nothing added).

` + kindHelp,
		Example: `  wxc access-codes add person alice@example.com 4856=Marketing
  wxc access-codes add location "San Jose" 1111 2222 --description "Front desk" --dry-run`,
		Args:              rangeArgs(3, -1),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			opts.Codes = nil
			var problems []string
			seen := map[string]bool{}
			for _, a := range args[2:] {
				code, desc, ok := strings.Cut(a, "=")
				if !ok {
					desc = opts.Description
				}
				code = strings.TrimSpace(code)
				switch {
				case code == "":
					problems = append(problems, fmt.Sprintf("%q: code: empty access code", a))
					continue
				case wxc.CheckAccessCode(code) != nil:
					problems = append(problems, fmt.Sprintf("%q: code: %s", a, validationReason(wxc.CheckAccessCode(code))))
					continue
				case seen[code]:
					problems = append(problems, fmt.Sprintf("%q: code: access code %s is given twice", a, code))
					continue
				case desc == "":
					problems = append(problems, fmt.Sprintf("access code %s has no description: write %s=DESCRIPTION or pass --description", code, code))
					continue
				case wxc.CheckAccessCodeDescription(desc) != nil:
					problems = append(problems, fmt.Sprintf("%q: description: %s", a, validationReason(wxc.CheckAccessCodeDescription(desc))))
					continue
				}
				seen[code] = true
				opts.Codes = append(opts.Codes, wxc.AuthCode{Code: code, Description: desc})
			}
			if len(problems) > 0 {
				return refusal(problems)
			}
			if runF != nil {
				return runF(opts)
			}
			return runAccessCodesAdd(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Description, "description", "", "`description` for codes given without =DESCRIPTION")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the requests instead of sending them")
	return cmd
}

func runAccessCodesAdd(ctx context.Context, opts *accessCodesAddOptions) error {
	f := opts.f
	c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	cur, err := readAccessCodes(ctx, f, c, e.Kind, e.ID)
	if err != nil {
		return fmt.Errorf("read access codes of %s: %w", label(e), err)
	}
	var exist []string
	for _, a := range opts.Codes {
		if slices.ContainsFunc(cur.AccessCodes, func(x wxc.AuthCode) bool { return x.Code == a.Code }) {
			exist = append(exist, a.Code)
		}
	}
	switch {
	case len(exist) > 0:
		return usageErrorf("%s already has access code(s) %s; nothing was added (delete them first to change their description)",
			label(e), strings.Join(exist, ", "))
	case len(cur.AccessCodes)+len(opts.Codes) > wxc.MaxAccessCodes:
		return usageErrorf("%s has %d access codes; adding %d would pass the limit of %d; nothing was added",
			label(e), len(cur.AccessCodes), len(opts.Codes), wxc.MaxAccessCodes)
	}
	codes := make([]string, len(opts.Codes))
	for i, a := range opts.Codes {
		codes[i] = a.Code
	}
	if e.Kind == wxc.Location {
		if err := c.LocationAccessCodes.Create(ctx, e.ID, opts.Codes, f.CallOptions()...); err != nil {
			return fmt.Errorf("add access codes to %s (none added): %w", label(e), err)
		}
	} else {
		svc := c.OutgoingPermissions(e.Kind).AccessCodes
		for i, a := range opts.Codes {
			if err := svc.Create(ctx, e.ID, a.Code, a.Description, f.CallOptions()...); err != nil {
				return fmt.Errorf("add access code %s to %s (%d of %d added before: %s): %w", a.Code, label(e), i, len(opts.Codes), strings.Join(codes[:i], ", "), err)
			}
		}
	}
	verb := "added"
	if opts.DryRun {
		verb = "dry run: would add"
	}
	f.infof("%s %d access code(s) to %s: %s\n", verb, len(opts.Codes), label(e), strings.Join(codes, ", "))
	return nil
}

type accessCodesDeleteOptions struct {
	f      *Factory
	Ref    entityRef
	Codes  []string
	All    bool
	DryRun bool
}

func newAccessCodesDeleteCmd(f *Factory, runF func(*accessCodesDeleteOptions) error) *cobra.Command {
	opts := &accessCodesDeleteOptions{f: f}
	cmd := &cobra.Command{
		Use:   "delete KIND ENTITY (CODE... | --all)",
		Short: "Delete access codes of one entity",
		Long: `Delete the named access codes, or all of them with --all. The entity's codes are read
first: if any named code does not exist, nothing is deleted and the command exits 2, listing
the missing codes; --all on an entity without codes exits 2 too (nothing to change). The
count printed is the count deleted.

` + kindHelp,
		Example: `  wxc access-codes delete person alice@example.com 4856 3421
  wxc access-codes delete location "San Jose" --all --dry-run`,
		Args:              rangeArgs(2, -1),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			opts.Codes = args[2:]
			switch {
			case opts.All && len(opts.Codes) > 0:
				return usageErrorf("give codes or --all, not both")
			case !opts.All && len(opts.Codes) == 0:
				return usageErrorf("name the codes to delete, or pass --all")
			}
			var problems []string
			seen := map[string]bool{}
			for _, code := range opts.Codes {
				switch {
				case wxc.CheckAccessCode(code) != nil:
					problems = append(problems, fmt.Sprintf("%q: code: %s", code, validationReason(wxc.CheckAccessCode(code))))
				case seen[code]:
					problems = append(problems, fmt.Sprintf("%q: code: given twice", code))
				}
				seen[code] = true
			}
			if len(problems) > 0 {
				return refusal(problems)
			}
			if runF != nil {
				return runF(opts)
			}
			return runAccessCodesDelete(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "delete every access code of the entity")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runAccessCodesDelete(ctx context.Context, opts *accessCodesDeleteOptions) error {
	f := opts.f
	c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	cur, err := readAccessCodes(ctx, f, c, e.Kind, e.ID)
	if err != nil {
		return fmt.Errorf("read access codes of %s: %w", label(e), err)
	}
	have := make([]string, len(cur.AccessCodes))
	for i, a := range cur.AccessCodes {
		have[i] = a.Code
	}
	codes := opts.Codes
	if opts.All {
		if len(have) == 0 {
			return nothingToChange("%s has no access codes", label(e))
		}
		codes = have
	} else {
		var missing []string
		for _, code := range codes {
			if !slices.Contains(have, code) {
				missing = append(missing, code)
			}
		}
		if len(missing) > 0 {
			return usageErrorf("%s has no access code %s (it has: %s); nothing was deleted",
				label(e), strings.Join(missing, ", "), cmp.Or(strings.Join(have, ", "), "none"))
		}
	}
	co := f.CallOptions()
	switch {
	case e.Kind == wxc.Location && opts.All:
		err = c.LocationAccessCodes.DeleteAll(ctx, e.ID, co...)
	case e.Kind == wxc.Location:
		err = c.LocationAccessCodes.DeleteCodes(ctx, e.ID, codes, co...)
	case opts.All:
		err = c.OutgoingPermissions(e.Kind).AccessCodes.Delete(ctx, e.ID, co...)
	default:
		err = c.OutgoingPermissions(e.Kind).AccessCodes.Modify(ctx, e.ID, nil, codes, co...)
	}
	if err != nil {
		return fmt.Errorf("delete access codes of %s (none deleted): %w", label(e), err)
	}
	verb := "deleted"
	if opts.DryRun {
		verb = "dry run: would delete"
	}
	if opts.All {
		f.infof("%s all %d access code(s) of %s: %s\n", verb, len(codes), label(e), strings.Join(codes, ", "))
	} else {
		f.infof("%s %d access code(s) of %s: %s\n", verb, len(codes), label(e), strings.Join(codes, ", "))
	}
	return nil
}

type accessCodesUseCustomOptions struct {
	f      *Factory
	Ref    entityRef
	Value  bool
	DryRun bool
}

func newAccessCodesUseCustomCmd(f *Factory, runF func(*accessCodesUseCustomOptions) error) *cobra.Command {
	opts := &accessCodesUseCustomOptions{f: f}
	cmd := &cobra.Command{
		Use:   "use-custom KIND ENTITY [true|false]",
		Short: "Say whether an entity uses its own access codes (true, the default) or its location's",
		Long: `Turn the entity's own access codes on (true, the default) or off (false: the location's
apply). Not for locations. Setting the value the entity already has exits 2 (nothing to
change).

` + kindHelp,
		Example: `  wxc access-codes use-custom person alice@example.com
  wxc access-codes use-custom workspace Lobby false`,
		Args:              rangeArgs(2, 3),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			if ref.Kind == wxc.Location {
				return usageErrorf("locations have no use-custom switch for access codes")
			}
			opts.Ref = ref
			if opts.Value, err = parseBoolArg(args[2:]); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runAccessCodesUseCustom(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runAccessCodesUseCustom(ctx context.Context, opts *accessCodesUseCustomOptions) error {
	f := opts.f
	c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	svc := c.OutgoingPermissions(e.Kind).AccessCodes
	cur, err := svc.Read(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return fmt.Errorf("read access codes of %s: %w", label(e), err)
	}
	f.nameLocation(ctx, c, &e)
	if sameBool(cur.UseCustomAccessCodes, &opts.Value) {
		return nothingToChange("%s already has useCustomAccessCodes %t", label(e), opts.Value)
	}
	if err := svc.Modify(ctx, e.ID, wxc.Bool(opts.Value), nil, f.CallOptions()...); err != nil {
		return fmt.Errorf("set use-custom access codes of %s: %w", label(e), err)
	}
	verb, uses := "set", "now uses"
	if opts.DryRun {
		verb, uses = "dry run: would set", "would use"
	}
	where := strings.Replace(locationOf(e), "settings", "access codes", 1)
	if opts.Value {
		f.infof("%s use-custom access codes of %s to true: it %s its own access codes instead of %s\n", verb, label(e), uses, where)
	} else {
		f.infof("%s use-custom access codes of %s to false: it %s %s instead of its own\n", verb, label(e), uses, where)
	}
	return nil
}
