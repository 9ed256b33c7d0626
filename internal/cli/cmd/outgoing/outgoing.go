// Package outgoing is `wxc outgoing`: the outgoing calling permissions of one entity.
package outgoing

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns the `wxc outgoing` command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "outgoing",
		Short: "Read or change the outgoing calling permissions (per call type) of one entity",
		Example: `  wxc outgoing get person alice@example.com
  wxc outgoing set person alice@example.com --call-type INTERNATIONAL=BLOCK`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newOutgoingGetCmd(f, nil), newOutgoingSetCmd(f, nil))
	return cmd
}

type outgoingGetOptions struct {
	f   *cmdutil.Factory
	Ref cmdutil.EntityRef
}

func newOutgoingGetCmd(f *cmdutil.Factory, runF func(*outgoingGetOptions) error) *cobra.Command {
	opts := &outgoingGetOptions{f: f}
	return &cobra.Command{
		Use:   "get KIND ENTITY",
		Short: "Show the outgoing calling permissions of one entity",
		Long: `Show the action and transfer setting of every call type of one entity. SOURCE says
whether the entity's own settings apply (custom) or its location's (location).

JSON and YAML output is the API's wire shape, which ` + "`wxc outgoing set -f`" + ` accepts.

` + cmdutil.KindHelp,
		Example: `  wxc outgoing get person alice@example.com
  wxc outgoing get location "San Jose" -o json
  wxc outgoing get workspace "Lobby Phone" -o csv`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE:              cmdutil.EntityRunE(opts, &opts.Ref, runF, runOutgoingGet),
	}
}

func runOutgoingGet(ctx context.Context, opts *outgoingGetOptions) error {
	return cmdutil.ShowEntity(ctx, opts.f, opts.Ref, "read outgoing permissions",
		func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*wxc.OutgoingPermissions, error) {
			return c.OutgoingPermissions(e.Kind).Read(ctx, e.ID)
		},
		func(e snapshot.Entity, p *wxc.OutgoingPermissions) *output.Rows { return outgoingRows(e.Kind, p) })
}

func outgoingRows(kind wxc.EntityKind, p *wxc.OutgoingPermissions) *output.Rows {
	rows := &output.Rows{Headers: []string{"call_type", "action", "transfer", "source"}}
	if p == nil || p.CallingPermissions == nil {
		return rows
	}
	src := cmdutil.OutgoingSource(kind, p)
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
	f         *cmdutil.Factory
	Ref       cmdutil.EntityRef
	CallTypes []string // raw --call-type values
	Transfers []string // raw --transfer-enabled values
	UseCustom *bool    // --use-custom, nil when not given
	File      string
	DryRun    bool
	Changes   []callTypeChange        // parsed from CallTypes and Transfers
	Where     map[wxc.CallType]string // the flag that asked for each call type
}

func newOutgoingSetCmd(f *cmdutil.Factory, runF func(*outgoingSetOptions) error) *cobra.Command {
	opts := &outgoingSetOptions{f: f}
	var useCustom bool
	cmd := &cobra.Command{
		Use:   "set KIND ENTITY (--call-type CT=ACTION[:transfer|:no-transfer]... | --use-custom[=BOOL] | -f FILE)",
		Short: "Change the outgoing calling permissions of one entity",
		Long: `Change the action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3) and the transfer setting of
call types of one entity. Only the call types you name change; the others keep their value.

  --call-type INTERNATIONAL=BLOCK              set the action, keep the transfer setting
  --call-type INTERNATIONAL=BLOCK:no-transfer  also disable transfer/forwarding of such calls
  --transfer-enabled NATIONAL=false            change only the transfer setting

The entity is read first (also with --dry-run) and the request is checked against that read
before anything is sent; a refused request exits 2 and sends nothing:
  - CASUAL, URL_DIALING and UNKNOWN are read-only (Webex refuses them, error 25024);
  - LOCAL and TOLL can be set only where a read of the entity reports them (the mid-2024
    service); today's service does not, and refuses them;
  - a request that changes nothing (every value already as asked) is refused.

For a person, workspace or virtual line that uses its location's settings, changing call
types turns its own settings on (useCustomEnabled, useCustomPermissions; unless --use-custom
or the file sets them) and says so; every call type you do not name keeps the value the read
showed (the location's), so that only what you asked for changes. --use-custom=false goes
back to the location's settings. Locations have no use-custom switch.

-f FILE takes what ` + "`wxc outgoing get KIND ENTITY -o yaml`" + ` (or -o json) prints, whole or in
part, and is read strictly: unknown keys, values of the wrong type and duplicate keys are
errors with the file, line and the keys allowed there. The read-only member
isCallTypeRestrictionEnabled is accepted and not sent. An entry for a read-only call type is
left out (with a note) when it equals the entity's value, and refused when it differs. A
desired-state file belongs to ` + "`wxc plan/apply -f`" + ` and is refused here. --dry-run prints the
request instead of sending it.

` + cmdutil.KindHelp,
		Example: `  wxc outgoing set person alice@example.com --call-type INTERNATIONAL=BLOCK --call-type PREMIUM_SERVICES_I=BLOCK:no-transfer
  wxc outgoing set location "San Jose" --call-type INTERNATIONAL=AUTH_CODE --dry-run
  wxc outgoing set workspace Lobby --use-custom=false
  wxc outgoing get person alice@example.com -o yaml > p.yaml && wxc outgoing set person bob@example.com -f p.yaml`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := cmdutil.ParseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			if cmd.Flags().Changed("use-custom") {
				opts.UseCustom = &useCustom
			}
			if opts.Changes, opts.Where, err = parseCallTypeChanges(opts.CallTypes, opts.Transfers); err != nil {
				return err
			}
			if opts.File != "" && (len(opts.Changes) > 0 || opts.UseCustom != nil) {
				return cmdutil.UsageErrorf("-f and --call-type/--transfer-enabled/--use-custom exclude each other")
			}
			if opts.File == "" && len(opts.Changes) == 0 && opts.UseCustom == nil {
				return cmdutil.UsageErrorf("nothing to set: give --call-type, --transfer-enabled, --use-custom or -f FILE")
			}
			if !wxc.UsesCustomSwitch(ref.Kind) && opts.UseCustom != nil {
				return cmdutil.UsageErrorf("%ss have no --use-custom switch; their call-type settings always apply", ref.Kind)
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
// in first-seen order. where names the flag that first asked for each call type. A call type
// that no API era knows is refused here; whether a known one can be written for the entity is
// checked against a read of it (planOutgoing).
func parseCallTypeChanges(callTypes, transfers []string) ([]callTypeChange, map[wxc.CallType]string, error) {
	var out []callTypeChange
	index := map[wxc.CallType]int{}
	where := map[wxc.CallType]string{}
	get := func(ct wxc.CallType, flag string) *callTypeChange {
		i, ok := index[ct]
		if !ok {
			i = len(out)
			index[ct] = i
			out = append(out, callTypeChange{CallType: ct})
			where[ct] = flag
		}
		return &out[i]
	}
	parseCT := func(flag, s string) (wxc.CallType, error) {
		ct, _ := wxc.ParseCallType(s)
		if ct == "" {
			return "", cmdutil.UsageErrorf("%s: empty call type", flag)
		}
		if wxc.ClassifyCallType(ct) == wxc.CallTypeUnrecognised {
			return "", cmdutil.UsageErrorf("%s: callingPermissions: %s", flag, cmdutil.ValidationReason(wxc.CheckCallTypeName(ct)))
		}
		return ct, nil
	}
	for _, v := range callTypes {
		flag := fmt.Sprintf("--call-type %q", v)
		name, rest, ok := strings.Cut(v, "=")
		if !ok {
			return nil, nil, cmdutil.UsageErrorf("%s: want CT=ACTION[:transfer|:no-transfer], e.g. INTERNATIONAL=BLOCK", flag)
		}
		ct, err := parseCT(flag, name)
		if err != nil {
			return nil, nil, err
		}
		actionStr, transferStr, hasTransfer := strings.Cut(rest, ":")
		action, err := wxc.ParseAction(actionStr)
		if err != nil {
			reason := cmdutil.ValidationReason(wxc.CheckAction(wxc.Action(strings.ToUpper(actionStr))))
			return nil, nil, cmdutil.UsageErrorf("%s: action: %s", flag, reason)
		}
		c := get(ct, flag)
		c.Action = action
		if hasTransfer {
			var t bool
			switch strings.ToLower(transferStr) {
			case "transfer", "true":
				t = true
			case "no-transfer", "notransfer", "false":
				t = false
			default:
				return nil, nil, cmdutil.UsageErrorf("%s: transferEnabled: after ':' want transfer or no-transfer", flag)
			}
			c.Transfer = &t
		}
	}
	for _, v := range transfers {
		flag := fmt.Sprintf("--transfer-enabled %q", v)
		name, val, ok := strings.Cut(v, "=")
		if !ok {
			return nil, nil, cmdutil.UsageErrorf("%s: want CT=true|false", flag)
		}
		ct, err := parseCT(flag, name)
		if err != nil {
			return nil, nil, err
		}
		t, err := strconv.ParseBool(val)
		if err != nil {
			return nil, nil, cmdutil.UsageErrorf("%s: transferEnabled: want true or false after '='", flag)
		}
		get(ct, flag).Transfer = &t
	}
	return out, where, nil
}

func runOutgoingSet(ctx context.Context, opts *outgoingSetOptions) error {
	f := opts.f
	var fileReq *outgoingRequest
	if opts.File != "" {
		d, err := f.ReadDocument(opts.File, "wxc outgoing get")
		if err != nil {
			return err
		}
		r, err := outgoingFileRequest(d, opts.Ref.Kind)
		if err != nil {
			return err
		}
		fileReq = &r
	}
	c, e, err := f.EntityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	svc := c.OutgoingPermissions(e.Kind)
	cur, err := svc.Read(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("read outgoing permissions of %s: %w", cmdutil.Label(e), err)
	}
	f.NameLocation(ctx, c, &e)
	req := outgoingFlagsRequest(e.Kind, cur, opts)
	if fileReq != nil {
		req = *fileReq
	}
	plan, err := planOutgoing(e, cur, req)
	if err != nil {
		return err
	}
	for _, n := range plan.Notes {
		f.Infof("note: %s\n", n)
	}
	if err := svc.Configure(ctx, e.ID, plan.Body); err != nil {
		return fmt.Errorf("update outgoing permissions of %s: %w", cmdutil.Label(e), err)
	}
	reportOutgoing(f, e, plan, opts.DryRun)
	return nil
}

// reportOutgoing says on stderr what a write did (or, in a dry run, would do).
func reportOutgoing(f *cmdutil.Factory, e snapshot.Entity, p *outgoingPlan, dryRun bool) {
	verb, uses, goes := "updated", "now uses", "now uses"
	if dryRun {
		verb, uses, goes = "dry run: would update", "would use", "would use"
	}
	line := fmt.Sprintf("%s the outgoing permissions of %s", verb, cmdutil.Label(e))
	if len(p.Changes) > 0 {
		line += ": " + strings.Join(p.Changes, "; ")
	}
	f.Infof("%s\n", line)
	switch {
	case p.TurnsOn:
		msg := fmt.Sprintf("%s %s its own outgoing permissions instead of %s", cmdutil.Label(e), uses, cmdutil.LocationOf(e))
		if p.Copied > 0 {
			msg += fmt.Sprintf("; the other %d call types keep the values they had (copied from the location's)", p.Copied)
		} else if p.Body.CallingPermissions == nil {
			msg += " (its own call-type values, which reads do not show while the location's apply; see wxc outgoing get)"
		}
		f.Infof("%s\n", msg)
	case p.TurnsOff:
		f.Infof("%s %s %s instead of its own\n", cmdutil.Label(e), goes, cmdutil.LocationOf(e))
	}
	if p.Hidden {
		f.Infof("note: %s uses %s, so the call types written are kept but do not apply until it uses its own "+
			"(--use-custom, or useCustomEnabled and useCustomPermissions true in a file)\n", cmdutil.Label(e), cmdutil.LocationOf(e))
	}
}
