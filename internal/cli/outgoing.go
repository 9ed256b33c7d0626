package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

func newOutgoingCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "outgoing",
		Short: "Read or change the outgoing calling permissions (per call type) of one entity",
		Example: `  wxc outgoing get person alice@example.com
  wxc outgoing set person alice@example.com --call-type INTERNATIONAL=BLOCK`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	cmd.AddCommand(newOutgoingGetCmd(f, nil), newOutgoingSetCmd(f, nil))
	return cmd
}

type outgoingGetOptions struct {
	f   *Factory
	Ref entityRef
}

func newOutgoingGetCmd(f *Factory, runF func(*outgoingGetOptions) error) *cobra.Command {
	opts := &outgoingGetOptions{f: f}
	return &cobra.Command{
		Use:   "get KIND ENTITY",
		Short: "Show the outgoing calling permissions of one entity",
		Long: `Show the action and transfer setting of every call type of one entity. SOURCE says
whether the entity's own settings apply (custom) or its location's (location).

JSON and YAML output is the API's wire shape, which ` + "`wxc outgoing set -f`" + ` accepts.

` + kindHelp,
		Example: `  wxc outgoing get person alice@example.com
  wxc outgoing get location "San Jose" -o json
  wxc outgoing get workspace "Lobby Phone" -o csv`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE:              entityRunE(opts, &opts.Ref, runF, runOutgoingGet),
	}
}

func runOutgoingGet(ctx context.Context, opts *outgoingGetOptions) error {
	f := opts.f
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	c, e, err := f.entityTarget(ctx, opts.Ref, false)
	if err != nil {
		return err
	}
	perms, err := c.OutgoingPermissions(e.Kind).Read(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return fmt.Errorf("read outgoing permissions of %s: %w", label(e), err)
	}
	return f.Render(perms, outgoingRows(e.Kind, perms))
}

// outgoingSource says where an entity's call-type settings come from.
func outgoingSource(kind wxc.EntityKind, p *wxc.OutgoingPermissions) string {
	if kind == wxc.Location {
		return "location"
	}
	custom := p.UseCustomEnabled != nil && *p.UseCustomEnabled
	if p.UseCustomPermissions != nil {
		custom = custom && *p.UseCustomPermissions
	}
	if custom {
		return "custom"
	}
	return "location"
}

func outgoingRows(kind wxc.EntityKind, p *wxc.OutgoingPermissions) *output.Rows {
	rows := &output.Rows{Headers: []string{"call type", "action", "transfer", "source"}}
	if p == nil || p.CallingPermissions == nil {
		return rows
	}
	src := outgoingSource(kind, p)
	for _, ct := range p.CallingPermissions.CallTypes() {
		perm, _ := p.CallingPermissions.ForCallType(ct)
		rows.Add(string(ct), string(perm.Action), strconv.FormatBool(perm.TransferEnabled), src)
	}
	return rows
}

// callTypeChange is one --call-type or --transfer-enabled flag.
type callTypeChange struct {
	CallType wxc.CallType
	Action   wxc.Action // "" = keep
	Transfer *bool      // nil = keep
}

type outgoingSetOptions struct {
	f         *Factory
	Ref       entityRef
	CallTypes []string // raw --call-type values
	Transfers []string // raw --transfer-enabled values
	UseCustom *bool    // --use-custom, nil when not given
	File      string
	DryRun    bool
	Changes   []callTypeChange // parsed from CallTypes and Transfers
}

func newOutgoingSetCmd(f *Factory, runF func(*outgoingSetOptions) error) *cobra.Command {
	opts := &outgoingSetOptions{f: f}
	var useCustom bool
	cmd := &cobra.Command{
		Use:   "set KIND ENTITY (--call-type CT=ACTION[:transfer|:no-transfer]... | --use-custom[=BOOL] | -f FILE)",
		Short: "Change the outgoing calling permissions of one entity",
		Long: `Change the action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3) and the transfer setting of
call types of one entity. Only the call types you name are sent; the others keep their value.

  --call-type INTERNATIONAL=BLOCK              set the action, keep the transfer setting
  --call-type INTERNATIONAL=BLOCK:no-transfer  also disable transfer/forwarding of such calls
  --transfer-enabled NATIONAL=false            change only the transfer setting

For a person, workspace or virtual line, changing call types also turns on the entity's
custom settings (useCustomEnabled), since otherwise its location's apply; --use-custom=false
goes back to the location's settings. Locations have no use-custom switch.

-f FILE sends a JSON or YAML file in the API's wire shape (as printed by
` + "`wxc outgoing get -o json`" + `) as it is. --dry-run prints the request instead of sending it.

` + kindHelp,
		Example: `  wxc outgoing set person alice@example.com --call-type INTERNATIONAL=BLOCK --call-type PREMIUM_SERVICES_I=BLOCK:no-transfer
  wxc outgoing set location "San Jose" --call-type INTERNATIONAL=AUTH_CODE --dry-run
  wxc outgoing set workspace Lobby --use-custom=false
  wxc outgoing get person alice@example.com -o yaml > p.yaml && wxc outgoing set person bob@example.com -f p.yaml`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			if cmd.Flags().Changed("use-custom") {
				opts.UseCustom = &useCustom
			}
			if opts.Changes, err = parseCallTypeChanges(opts.CallTypes, opts.Transfers); err != nil {
				return err
			}
			if opts.File != "" && (len(opts.Changes) > 0 || opts.UseCustom != nil) {
				return usageErrorf("-f and --call-type/--transfer-enabled/--use-custom exclude each other")
			}
			if opts.File == "" && len(opts.Changes) == 0 && opts.UseCustom == nil {
				return usageErrorf("nothing to set: give --call-type, --transfer-enabled, --use-custom or -f FILE")
			}
			if ref.Kind == wxc.Location && opts.UseCustom != nil {
				return usageErrorf("locations have no --use-custom switch; their call-type settings always apply")
			}
			if runF != nil {
				return runF(opts)
			}
			return runOutgoingSet(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.CallTypes, "call-type", nil, "`CT=ACTION[:transfer|:no-transfer]` to set (repeatable)")
	fl.StringArrayVar(&opts.Transfers, "transfer-enabled", nil, "`CT=true|false`: may calls of this type be transferred or forwarded (repeatable)")
	fl.BoolVar(&useCustom, "use-custom", false, "use the entity's own settings (true) or its location's (false)")
	fl.Lookup("use-custom").NoOptDefVal = "true"
	fl.StringVarP(&opts.File, "file", "f", "", "JSON or YAML `file` with the settings in wire shape (- for stdin)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

// parseCallTypeChanges parses --call-type and --transfer-enabled values, merging per call type
// in first-seen order.
func parseCallTypeChanges(callTypes, transfers []string) ([]callTypeChange, error) {
	var out []callTypeChange
	index := map[wxc.CallType]int{}
	get := func(ct wxc.CallType) *callTypeChange {
		i, ok := index[ct]
		if !ok {
			i = len(out)
			index[ct] = i
			out = append(out, callTypeChange{CallType: ct})
		}
		return &out[i]
	}
	parseCT := func(flag, s string) (wxc.CallType, error) {
		ct, known := wxc.ParseCallType(s)
		if ct == "" {
			return "", usageErrorf("%s: empty call type", flag)
		}
		if !known {
			return "", usageErrorf("%s: unknown call type %q (known: %s)", flag, s, joinCallTypes(wxc.KnownCallTypes()))
		}
		return ct, nil
	}
	for _, v := range callTypes {
		name, rest, ok := strings.Cut(v, "=")
		if !ok {
			return nil, usageErrorf("--call-type %q: want CT=ACTION[:transfer|:no-transfer], e.g. INTERNATIONAL=BLOCK", v)
		}
		ct, err := parseCT("--call-type", name)
		if err != nil {
			return nil, err
		}
		actionStr, transferStr, hasTransfer := strings.Cut(rest, ":")
		action, err := wxc.ParseAction(actionStr)
		if err != nil {
			return nil, &ExitError{Code: ExitUsage, Err: fmt.Errorf("--call-type %q: %w", v, err)}
		}
		c := get(ct)
		c.Action = action
		if hasTransfer {
			var t bool
			switch strings.ToLower(transferStr) {
			case "transfer", "true":
				t = true
			case "no-transfer", "notransfer", "false":
				t = false
			default:
				return nil, usageErrorf("--call-type %q: after ':' want transfer or no-transfer", v)
			}
			c.Transfer = &t
		}
	}
	for _, v := range transfers {
		name, val, ok := strings.Cut(v, "=")
		if !ok {
			return nil, usageErrorf("--transfer-enabled %q: want CT=true|false", v)
		}
		ct, err := parseCT("--transfer-enabled", name)
		if err != nil {
			return nil, err
		}
		t, err := strconv.ParseBool(val)
		if err != nil {
			return nil, usageErrorf("--transfer-enabled %q: want true or false after '='", v)
		}
		get(ct).Transfer = &t
	}
	return out, nil
}

func joinCallTypes(cts []wxc.CallType) string {
	s := make([]string, len(cts))
	for i, c := range cts {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

func runOutgoingSet(ctx context.Context, opts *outgoingSetOptions) error {
	f := opts.f
	var body *wxc.OutgoingPermissions
	if opts.File != "" {
		body = &wxc.OutgoingPermissions{}
		if err := f.readInput(opts.File, body); err != nil {
			return err
		}
	}
	c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	svc := c.OutgoingPermissions(e.Kind)
	if body == nil {
		cur, err := svc.Read(ctx, e.ID, f.CallOptions()...)
		if err != nil {
			return fmt.Errorf("read outgoing permissions of %s: %w", label(e), err)
		}
		body = outgoingChangeBody(e.Kind, cur, opts.Changes, opts.UseCustom)
	}
	if err := svc.Configure(ctx, e.ID, body, f.CallOptions()...); err != nil {
		return fmt.Errorf("update outgoing permissions of %s: %w", label(e), err)
	}
	if !opts.DryRun {
		f.infof("updated the outgoing permissions of %s\n", label(e))
	}
	return nil
}

// outgoingChangeBody builds the PUT body: only the changed call types (each complete, based on
// the current value), plus the use-custom switches.
func outgoingChangeBody(kind wxc.EntityKind, cur *wxc.OutgoingPermissions, changes []callTypeChange, useCustom *bool) *wxc.OutgoingPermissions {
	body := &wxc.OutgoingPermissions{}
	if len(changes) > 0 {
		body.CallingPermissions = wxc.NewCallingPermissions()
		for _, ch := range changes {
			perm := wxc.DefaultCallTypePermission()
			if cur != nil && cur.CallingPermissions != nil {
				if p, ok := cur.CallingPermissions.ForCallType(ch.CallType); ok {
					perm = p
				}
			}
			perm.IsCallTypeRestrictionEnabled = nil // read-only
			if ch.Action != "" {
				perm.Action = ch.Action
			}
			if ch.Transfer != nil {
				perm.TransferEnabled = *ch.Transfer
			}
			body.CallingPermissions.Set(ch.CallType, perm)
		}
	}
	if kind != wxc.Location {
		custom := useCustom
		if custom == nil && len(changes) > 0 {
			custom = wxc.Bool(true)
		}
		if custom != nil {
			body.UseCustomEnabled = wxc.Bool(*custom)
			if cur != nil && cur.UseCustomPermissions != nil {
				body.UseCustomPermissions = wxc.Bool(*custom)
			}
		}
	}
	return body
}
