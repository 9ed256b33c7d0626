// Package accesscodes is `wxc access-codes`: list, add, delete and use-custom for one entity.
package accesscodes

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns the `wxc accesscodes` command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "access-codes",
		Short: "List, add or delete the access (authorization) codes of one entity",
		Long: `Access codes authorize calls of call types whose action is AUTH_CODE. A person, workspace
or virtual line has its own codes (used when use-custom is on); a location's codes use the
location access-codes API, which has no use-custom switch.`,
		Example: `  wxc access-codes list person alice@example.com
  wxc access-codes add location "San Jose" 4856=Marketing 3421=Finance`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newAccessCodesListCmd(f, nil), newAccessCodesAddCmd(f, nil),
		newAccessCodesDeleteCmd(f, nil), newAccessCodesUseCustomCmd(f, nil))
	return cmd
}

type accessCodesListOptions struct {
	f   *cmdutil.Factory
	Ref cmdutil.EntityRef
}

func newAccessCodesListCmd(f *cmdutil.Factory, runF func(*accessCodesListOptions) error) *cobra.Command {
	opts := &accessCodesListOptions{f: f}
	return &cobra.Command{
		Use:   "list KIND ENTITY",
		Short: "List the access codes of one entity",
		Long: `List the access codes of one entity. JSON and YAML output is the wire shape
({"useCustomAccessCodes": ..., "accessCodes": [...]}; a location has no useCustomAccessCodes).

` + cmdutil.KindHelp,
		Example: `  wxc access-codes list person alice@example.com
  wxc access-codes list location "San Jose" -o csv`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE:              cmdutil.EntityRunE(opts, &opts.Ref, runF, runAccessCodesList),
	}
}

func runAccessCodesList(ctx context.Context, opts *accessCodesListOptions) error {
	var (
		client *wxc.Client
		ent    snapshot.Entity
		got    *wxc.AuthCodes
	)
	err := cmdutil.ShowEntity(ctx, opts.f, opts.Ref, "read access codes",
		func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*wxc.AuthCodes, error) {
			codes, err := c.OutgoingPermissions(e.Kind).AccessCodes.Read(ctx, e.ID)
			client, ent, got = c, e, codes
			return codes, err
		}, accessCodeRows)
	if err == nil && got != nil && len(got.AccessCodes) == 0 {
		// An empty table prints nothing: say so, and which codes apply instead.
		opts.f.EmptyListNote(ctx, client, ent, "access codes", "useCustomAccessCodes", "access-codes", got.UseCustomAccessCodes)
	}
	return err
}

// accessCodeRows are the table rows of an entity's access codes.
func accessCodeRows(_ snapshot.Entity, codes *wxc.AuthCodes) *output.Rows {
	rows := &output.Rows{Headers: []string{"code", "description", "level"}}
	for _, a := range codes.AccessCodes {
		rows.Add(a.Code, a.Description, string(a.Level))
	}
	return rows
}

type accessCodesAddOptions struct {
	f           *cmdutil.Factory
	Ref         cmdutil.EntityRef
	Description string
	DryRun      bool
	Codes       []wxc.AuthCode
}

func newAccessCodesAddCmd(f *cmdutil.Factory, runF func(*accessCodesAddOptions) error) *cobra.Command {
	opts := &accessCodesAddOptions{f: f}
	cmd := &cobra.Command{
		Use:   "add KIND ENTITY CODE[=DESCRIPTION]...",
		Short: "Add access codes to one entity",
		Long: `Add one or more access codes. Each needs a description: CODE=DESCRIPTION, or
--description for the codes given without one. A code is 1 to 10 digits, a description 1
to 255 characters. Codes are checked, and the entity's codes read, before anything is sent:
a bad code, a code given twice, a code the entity already has, or more than 100 codes in all
refuse the whole command (exit 2, nothing added).

` + cmdutil.KindHelp,
		Example: `  wxc access-codes add person alice@example.com 4856=Marketing
  wxc access-codes add location "San Jose" 1111 2222 --description "Front desk" --dry-run`,
		Args:              cmdutil.RangeArgs(3, -1),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := cmdutil.ParseEntityRef(args)
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
					problems = append(problems, fmt.Sprintf("%q: code: %s", a, cmdutil.ValidationReason(wxc.CheckAccessCode(code))))
					continue
				case seen[code]:
					problems = append(problems, fmt.Sprintf("%q: code: access code %s is given twice", a, code))
					continue
				case desc == "":
					problems = append(problems, fmt.Sprintf("access code %s has no description: write %s=DESCRIPTION or pass --description", code, code))
					continue
				case wxc.CheckAccessCodeDescription(desc) != nil:
					problems = append(problems, fmt.Sprintf("%q: description: %s", a, cmdutil.ValidationReason(wxc.CheckAccessCodeDescription(desc))))
					continue
				}
				seen[code] = true
				opts.Codes = append(opts.Codes, wxc.AuthCode{Code: code, Description: desc})
			}
			if len(problems) > 0 {
				return cmdutil.Refusal(problems)
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

// targetCodes resolves the entity of a write and reads its access codes: the checks of add
// and delete need them before anything is sent.
func targetCodes(ctx context.Context, f *cmdutil.Factory, ref cmdutil.EntityRef, dryRun bool) (*wxc.Client, snapshot.Entity, *wxc.AuthCodes, error) {
	c, e, err := f.EntityTarget(ctx, ref, dryRun)
	if err != nil {
		return nil, e, nil, err
	}
	cur, err := c.OutgoingPermissions(e.Kind).AccessCodes.Read(ctx, e.ID)
	if err != nil {
		return nil, e, nil, fmt.Errorf("read access codes of %s: %w", cmdutil.Label(e), err)
	}
	return c, e, cur, nil
}

func runAccessCodesAdd(ctx context.Context, opts *accessCodesAddOptions) error {
	f := opts.f
	c, e, cur, err := targetCodes(ctx, f, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	var exist []string
	for _, a := range opts.Codes {
		if slices.ContainsFunc(cur.AccessCodes, func(x wxc.AuthCode) bool { return x.Code == a.Code }) {
			exist = append(exist, a.Code)
		}
	}
	switch {
	case len(exist) > 0:
		return cmdutil.UsageErrorf("%s already has access code(s) %s; nothing was added (delete them first to change their description)",
			cmdutil.Label(e), strings.Join(exist, ", "))
	case len(cur.AccessCodes)+len(opts.Codes) > wxc.MaxAccessCodes:
		return cmdutil.UsageErrorf("%s has %d access codes; adding %d would pass the limit of %d; nothing was added",
			cmdutil.Label(e), len(cur.AccessCodes), len(opts.Codes), wxc.MaxAccessCodes)
	}
	codes := make([]string, len(opts.Codes))
	for i, a := range opts.Codes {
		codes[i] = a.Code
	}
	if e.Kind == wxc.Location {
		// The location API adds every code in one request, so either all or none are added.
		if err := c.LocationAccessCodes.Create(ctx, e.ID, opts.Codes); err != nil {
			return fmt.Errorf("add access codes to %s (none added): %w", cmdutil.Label(e), err)
		}
	} else {
		svc := c.OutgoingPermissions(e.Kind).AccessCodes
		for i, a := range opts.Codes {
			if err := svc.Create(ctx, e.ID, a.Code, a.Description); err != nil {
				return addFailed(e, codes, i, err)
			}
		}
	}
	verb := "added"
	if opts.DryRun {
		verb = "dry run: would add"
	}
	f.Infof("%s %d access code(s) to %s: %s\n", verb, len(opts.Codes), cmdutil.Label(e), strings.Join(codes, ", "))
	return nil
}

// addFailed says which codes an add that failed at codes[i] added and which it did not: one
// request per code, in order, so the codes before i were added, codes[i] failed and the codes
// after it were not sent. A POST is not retried after a 5xx or network error, which the
// server may have answered after adding the code: then codes[i] may be in place.
func addFailed(e snapshot.Entity, codes []string, i int, err error) error {
	n := len(codes)
	var b strings.Builder
	if n == 1 {
		fmt.Fprintf(&b, "add access code %s to %s failed; nothing was added", codes[0], cmdutil.Label(e))
	} else {
		fmt.Fprintf(&b, "add access codes to %s: code %s (%d of %d) failed; ", cmdutil.Label(e), codes[i], i+1, n)
		if i == 0 {
			fmt.Fprintf(&b, "added: none of the %d", n)
		} else {
			fmt.Fprintf(&b, "added: %s (%d of %d)", strings.Join(codes[:i], ", "), i, n)
		}
		fmt.Fprintf(&b, "; not added: %s", strings.Join(codes[i:], ", "))
		if rest := codes[i+1:]; len(rest) > 0 {
			fmt.Fprintf(&b, " (%s not sent)", strings.Join(rest, ", "))
		}
	}
	var apiErr *wxc.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode >= 500 {
		fmt.Fprintf(&b, " (the server may have added %s before the error: `wxc access-codes list %s %s` shows)", codes[i], e.Kind, e.ID)
	}
	return fmt.Errorf("%s: %w", b.String(), err)
}

type accessCodesDeleteOptions struct {
	f      *cmdutil.Factory
	Ref    cmdutil.EntityRef
	Codes  []string
	All    bool
	DryRun bool
}

func newAccessCodesDeleteCmd(f *cmdutil.Factory, runF func(*accessCodesDeleteOptions) error) *cobra.Command {
	opts := &accessCodesDeleteOptions{f: f}
	cmd := &cobra.Command{
		Use:   "delete KIND ENTITY (CODE... | --all)",
		Short: "Delete access codes of one entity",
		Long: `Delete the named access codes, or all of them with --all. The entity's codes are read
first: if any named code does not exist, nothing is deleted and the command exits 2, listing
the missing codes; --all on an entity without codes exits 2 too (nothing to change). The
count printed is the count deleted.

` + cmdutil.KindHelp,
		Example: `  wxc access-codes delete person alice@example.com 4856 3421
  wxc access-codes delete location "San Jose" --all --dry-run`,
		Args:              cmdutil.RangeArgs(2, -1),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := cmdutil.ParseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			opts.Codes = args[2:]
			switch {
			case opts.All && len(opts.Codes) > 0:
				return cmdutil.UsageErrorf("give codes or --all, not both")
			case !opts.All && len(opts.Codes) == 0:
				return cmdutil.UsageErrorf("name the codes to delete, or pass --all")
			}
			var problems []string
			seen := map[string]bool{}
			for _, code := range opts.Codes {
				switch {
				case wxc.CheckAccessCode(code) != nil:
					problems = append(problems, fmt.Sprintf("%q: code: %s", code, cmdutil.ValidationReason(wxc.CheckAccessCode(code))))
				case seen[code]:
					problems = append(problems, fmt.Sprintf("%q: code: given twice", code))
				}
				seen[code] = true
			}
			if len(problems) > 0 {
				return cmdutil.Refusal(problems)
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
	c, e, cur, err := targetCodes(ctx, f, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	have := make([]string, len(cur.AccessCodes))
	for i, a := range cur.AccessCodes {
		have[i] = a.Code
	}
	codes := opts.Codes
	if opts.All {
		if len(have) == 0 {
			return cmdutil.NothingToChange("%s has no access codes", cmdutil.Label(e))
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
			return cmdutil.UsageErrorf("%s has no access code %s (it has: %s); nothing was deleted",
				cmdutil.Label(e), strings.Join(missing, ", "), cmp.Or(strings.Join(have, ", "), "none"))
		}
	}
	svc := c.OutgoingPermissions(e.Kind).AccessCodes
	if opts.All {
		err = svc.Delete(ctx, e.ID)
	} else {
		err = svc.Modify(ctx, e.ID, nil, codes)
	}
	if err != nil {
		return fmt.Errorf("delete access codes of %s (none deleted): %w", cmdutil.Label(e), err)
	}
	verb := "deleted"
	if opts.DryRun {
		verb = "dry run: would delete"
	}
	if opts.All {
		f.Infof("%s all %d access code(s) of %s: %s\n", verb, len(codes), cmdutil.Label(e), strings.Join(codes, ", "))
	} else {
		f.Infof("%s %d access code(s) of %s: %s\n", verb, len(codes), cmdutil.Label(e), strings.Join(codes, ", "))
	}
	return nil
}

var accessCodesUseCustom = cmdutil.UseCustomArea{
	What: "access codes", Member: "useCustomAccessCodes", Read: "read access codes",
	Get: func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*bool, error) {
		cur, err := c.OutgoingPermissions(e.Kind).AccessCodes.Read(ctx, e.ID)
		if err != nil {
			return nil, err
		}
		return cur.UseCustomAccessCodes, nil
	},
	Set: func(ctx context.Context, c *wxc.Client, e snapshot.Entity, v bool) error {
		return c.OutgoingPermissions(e.Kind).AccessCodes.Modify(ctx, e.ID, wxc.Bool(v), nil)
	},
}

func newAccessCodesUseCustomCmd(f *cmdutil.Factory, runF func(*cmdutil.UseCustomOptions) error) *cobra.Command {
	return cmdutil.NewUseCustomCmd(f, accessCodesUseCustom, runF, `Turn the entity's own access codes on (true, the default) or off (false: the location's
apply). Not for locations. Setting the value the entity already has exits 2 (nothing to
change).`, `  wxc access-codes use-custom person alice@example.com
  wxc access-codes use-custom workspace Lobby false`)
}
