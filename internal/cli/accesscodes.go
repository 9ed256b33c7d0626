package cli

import (
	"context"
	"fmt"
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
--description for the codes given without one.

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
			for _, a := range args[2:] {
				code, desc, ok := strings.Cut(a, "=")
				if !ok {
					desc = opts.Description
				}
				code = strings.TrimSpace(code)
				if code == "" {
					return usageErrorf("empty access code in %q", a)
				}
				if desc == "" {
					return usageErrorf("access code %s has no description: write %s=DESCRIPTION or pass --description", code, code)
				}
				opts.Codes = append(opts.Codes, wxc.AuthCode{Code: code, Description: desc})
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
	if e.Kind == wxc.Location {
		if err := c.LocationAccessCodes.Create(ctx, e.ID, opts.Codes, f.CallOptions()...); err != nil {
			return fmt.Errorf("add access codes to %s: %w", label(e), err)
		}
	} else {
		svc := c.OutgoingPermissions(e.Kind).AccessCodes
		for i, a := range opts.Codes {
			if err := svc.Create(ctx, e.ID, a.Code, a.Description, f.CallOptions()...); err != nil {
				return fmt.Errorf("add access code %s to %s (%d of %d added before): %w", a.Code, label(e), i, len(opts.Codes), err)
			}
		}
	}
	if !opts.DryRun {
		f.infof("added %d access code(s) to %s\n", len(opts.Codes), label(e))
	}
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
		Long: `Delete the named access codes, or all of them with --all.

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
	co := f.CallOptions()
	switch {
	case e.Kind == wxc.Location && opts.All:
		err = c.LocationAccessCodes.DeleteAll(ctx, e.ID, co...)
	case e.Kind == wxc.Location:
		err = c.LocationAccessCodes.DeleteCodes(ctx, e.ID, opts.Codes, co...)
	case opts.All:
		err = c.OutgoingPermissions(e.Kind).AccessCodes.Delete(ctx, e.ID, co...)
	default:
		err = c.OutgoingPermissions(e.Kind).AccessCodes.Modify(ctx, e.ID, nil, opts.Codes, co...)
	}
	if err != nil {
		return fmt.Errorf("delete access codes of %s: %w", label(e), err)
	}
	if !opts.DryRun {
		if opts.All {
			f.infof("deleted all access codes of %s\n", label(e))
		} else {
			f.infof("deleted %d access code(s) of %s\n", len(opts.Codes), label(e))
		}
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
apply). Not for locations.

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
	if err := c.OutgoingPermissions(e.Kind).AccessCodes.Modify(ctx, e.ID, wxc.Bool(opts.Value), nil, f.CallOptions()...); err != nil {
		return fmt.Errorf("set use-custom access codes of %s: %w", label(e), err)
	}
	if !opts.DryRun {
		f.infof("set use-custom access codes of %s to %t\n", label(e), opts.Value)
	}
	return nil
}
