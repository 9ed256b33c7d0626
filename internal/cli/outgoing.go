package cli

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
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
	Changes   []callTypeChange        // parsed from CallTypes and Transfers
	Where     map[wxc.CallType]string // the flag that asked for each call type
}

func newOutgoingSetCmd(f *Factory, runF func(*outgoingSetOptions) error) *cobra.Command {
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
			if opts.Changes, opts.Where, err = parseCallTypeChanges(opts.CallTypes, opts.Transfers); err != nil {
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
			return "", usageErrorf("%s: empty call type", flag)
		}
		if wxc.ClassifyCallType(ct) == wxc.CallTypeUnrecognised {
			return "", usageErrorf("%s: callingPermissions: %s", flag, validationReason(wxc.CheckCallTypeName(ct)))
		}
		return ct, nil
	}
	for _, v := range callTypes {
		flag := fmt.Sprintf("--call-type %q", v)
		name, rest, ok := strings.Cut(v, "=")
		if !ok {
			return nil, nil, usageErrorf("%s: want CT=ACTION[:transfer|:no-transfer], e.g. INTERNATIONAL=BLOCK", flag)
		}
		ct, err := parseCT(flag, name)
		if err != nil {
			return nil, nil, err
		}
		actionStr, transferStr, hasTransfer := strings.Cut(rest, ":")
		action, err := wxc.ParseAction(actionStr)
		if err != nil {
			reason := validationReason(wxc.CheckAction(wxc.Action(strings.ToUpper(actionStr))))
			return nil, nil, usageErrorf("%s: action: %s", flag, reason)
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
				return nil, nil, usageErrorf("%s: transferEnabled: after ':' want transfer or no-transfer", flag)
			}
			c.Transfer = &t
		}
	}
	for _, v := range transfers {
		flag := fmt.Sprintf("--transfer-enabled %q", v)
		name, val, ok := strings.Cut(v, "=")
		if !ok {
			return nil, nil, usageErrorf("%s: want CT=true|false", flag)
		}
		ct, err := parseCT(flag, name)
		if err != nil {
			return nil, nil, err
		}
		t, err := strconv.ParseBool(val)
		if err != nil {
			return nil, nil, usageErrorf("%s: transferEnabled: want true or false after '='", flag)
		}
		get(ct, flag).Transfer = &t
	}
	return out, where, nil
}

// outgoingRequest is what one `outgoing set` asks for, from flags or from a -f file.
type outgoingRequest struct {
	// Enabled and Perms are the useCustomEnabled and useCustomPermissions asked for (nil: not
	// asked for).
	Enabled, Perms *bool
	// Changes are the call types asked for.
	Changes []callTypeChange
	// Where names the flag or file place of each change, for messages; At, for a file, the
	// place of each member ("INTERNATIONAL.action").
	Where map[wxc.CallType]string
	At    map[string]string
	// File: the request is a -f file; an entry for a read-only call type whose value equals
	// the entity's is left out (with a note) instead of refused.
	File bool
	// ImplyCustom: changing call types turns the entity's custom settings on (flags without
	// --use-custom, a file without useCustomEnabled and useCustomPermissions).
	ImplyCustom bool
}

// outgoingFlagsRequest is the request of the flags.
func outgoingFlagsRequest(kind wxc.EntityKind, cur *wxc.OutgoingPermissions, opts *outgoingSetOptions) outgoingRequest {
	req := outgoingRequest{Changes: opts.Changes, Where: opts.Where, ImplyCustom: opts.UseCustom == nil}
	if opts.UseCustom != nil && wxc.UsesCustomSwitch(kind) {
		req.Enabled = wxc.Bool(*opts.UseCustom)
		if cur != nil && cur.UseCustomPermissions != nil {
			req.Perms = wxc.Bool(*opts.UseCustom)
		}
	}
	return req
}

// outgoingFileRequest checks a -f file strictly and returns its request.
func outgoingFileRequest(d *input.Document, kind wxc.EntityKind) (outgoingRequest, error) {
	schema := input.OutgoingPermissions(kind)
	var body wxc.OutgoingPermissions
	if err := d.Decode(schema, &body); err != nil {
		return outgoingRequest{}, inputError(err)
	}
	req := outgoingRequest{Enabled: body.UseCustomEnabled, Perms: body.UseCustomPermissions, File: true,
		Where: map[wxc.CallType]string{}, At: map[string]string{},
		ImplyCustom: body.UseCustomEnabled == nil && body.UseCustomPermissions == nil}
	var problems []string
	first := map[wxc.CallType]int{}
	_, list := input.Lookup(d.Root, "callingPermissions")
	for i, e := range input.Items(list) {
		path := fmt.Sprintf("callingPermissions[%d]", i)
		where := d.Where(e) + ": " + path
		if input.IsNull(e) {
			problems = append(problems, where+": an empty entry")
			continue
		}
		ctNode, ctVal := input.Lookup(e, "callType")
		if input.IsNull(ctVal) {
			problems = append(problems, where+": the entry has no callType")
			continue
		}
		ct := wxc.CallType(ctVal.Value)
		if line, dup := first[ct]; dup {
			problems = append(problems, fmt.Sprintf("%s: %s.callType: %s is listed twice (first at line %d); give each call type once", d.Where(ctNode), path, ct, line))
			continue
		}
		first[ct] = e.Line
		ch := callTypeChange{CallType: ct}
		req.At[string(ct)+".callType"] = d.Where(ctNode) + ": " + path + ".callType"
		if k, a := input.Lookup(e, "action"); !input.IsNull(a) {
			ch.Action = wxc.Action(a.Value)
			req.At[string(ct)+".action"] = d.Where(k) + ": " + path + ".action"
		}
		if _, t := input.Lookup(e, "transferEnabled"); !input.IsNull(t) {
			v, _ := strconv.ParseBool(t.Value) // the schema checked it
			ch.Transfer = &v
		}
		if ch.Action == "" && ch.Transfer == nil {
			problems = append(problems, where+": the entry for "+string(ct)+" has neither action nor transferEnabled, so it changes nothing")
			continue
		}
		req.Changes = append(req.Changes, ch)
		req.Where[ct] = where
	}
	if len(problems) > 0 {
		return req, refusal(problems)
	}
	return req, nil
}

// outgoingPlan is the checked write of one `outgoing set`.
type outgoingPlan struct {
	Body     *wxc.OutgoingPermissions
	Changes  []string // "INTERNATIONAL: ALLOW -> BLOCK", ...
	Notes    []string // said before the write (left-out entries)
	TurnsOn  bool     // the entity leaves its location's settings for its own
	TurnsOff bool     // the entity goes back to its location's settings
	Copied   int      // call types copied from what the read showed, when turning on
	Hidden   bool     // call types written while the entity keeps its location's settings
}

func isCustom(kind wxc.EntityKind, enabled, perms *bool) bool {
	return outgoingSource(kind, &wxc.OutgoingPermissions{UseCustomEnabled: enabled, UseCustomPermissions: perms}) == "custom"
}

func sameBool(a, b *bool) bool { return a != nil && b != nil && *a == *b }

func permString(p wxc.CallTypePermission) string {
	return fmt.Sprintf("%s, transfer %t", p.Action, p.TransferEnabled)
}

// keeps reports whether the change asks for nothing but cur's values.
func (ch callTypeChange) keeps(cur wxc.CallTypePermission) bool {
	return (ch.Action == "" || ch.Action == cur.Action) && (ch.Transfer == nil || *ch.Transfer == cur.TransferEnabled)
}

// planOutgoing checks req against cur, the entity's read, with the SDK's rules, and builds
// the request body. Every problem is reported at once (a usage error); a request that would
// change nothing that was asked for is refused too.
func planOutgoing(e snapshot.Entity, cur *wxc.OutgoingPermissions, req outgoingRequest) (*outgoingPlan, error) {
	kind := e.Kind
	if cur == nil {
		cur = &wxc.OutgoingPermissions{}
	}
	reported := cur.CallingPermissions
	plan := &outgoingPlan{Body: &wxc.OutgoingPermissions{}}
	var problems []string
	var asked []callTypeChange // the valid changes, in order
	for _, ch := range req.Changes {
		where := req.Where[ch.CallType]
		if where == "" {
			where = string(ch.CallType)
		}
		curPerm, isReported := reported.ForCallType(ch.CallType)
		if wxc.ClassifyCallType(ch.CallType) == wxc.CallTypeReadOnly && req.File && isReported && ch.keeps(curPerm) {
			plan.Notes = append(plan.Notes, fmt.Sprintf("%s: %s is read-only and the entry equals this %s's current value (%s); left out of the request",
				where, ch.CallType, kind, permString(curPerm)))
			continue
		}
		// A flag is named with the field; a file place already is one.
		field := func(err error, member string) string {
			if req.File {
				return cmp.Or(req.At[string(ch.CallType)+"."+member], where+"."+member)
			}
			return where + ": " + validationField(err)
		}
		if wxc.RestrictionEnforced(reported, ch.CallType) && ch.keeps(curPerm) {
			continue // as it is, and the system enforces it: left out
		}
		if err := wxc.CheckCallType(kind, ch.CallType, reported); err != nil {
			msg := fmt.Sprintf("%s: %s", field(err, "callType"), validationReason(err))
			if req.File && wxc.ClassifyCallType(ch.CallType) == wxc.CallTypeReadOnly {
				if isReported {
					msg += fmt.Sprintf("; this entry differs from this %s's current value (%s): remove it, or set it to that value", kind, permString(curPerm))
				} else {
					msg += "; remove the entry"
				}
			}
			problems = append(problems, msg)
			continue
		}
		if ch.Action != "" {
			if err := wxc.CheckAction(ch.Action); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %s", field(&wxc.ValidationError{Field: "callingPermissions." + string(ch.CallType) + ".action"}, "action"), validationReason(err)))
				continue
			}
		}
		asked = append(asked, ch)
	}
	if len(problems) > 0 {
		return nil, refusal(problems)
	}

	// The values asked for, each complete, and which of them differ from the read.
	values := map[wxc.CallType]wxc.CallTypePermission{}
	var changed []wxc.CallType
	for _, ch := range asked {
		base, ok := reported.ForCallType(ch.CallType)
		if !ok {
			base = wxc.DefaultCallTypePermission()
		}
		v := base
		v.IsCallTypeRestrictionEnabled, v.Extra = nil, nil // read-only; nothing unknown is sent
		if ch.Action != "" {
			v.Action = ch.Action
		}
		if ch.Transfer != nil {
			v.TransferEnabled = *ch.Transfer
		}
		values[ch.CallType] = v
		switch {
		case !ok:
			changed = append(changed, ch.CallType)
			plan.Changes = append(plan.Changes, fmt.Sprintf("%s: (not reported) -> %s", ch.CallType, permString(v)))
		case v.Action != base.Action || v.TransferEnabled != base.TransferEnabled:
			changed = append(changed, ch.CallType)
			var parts []string
			if v.Action != base.Action {
				parts = append(parts, fmt.Sprintf("%s -> %s", base.Action, v.Action))
			}
			if v.TransferEnabled != base.TransferEnabled {
				parts = append(parts, fmt.Sprintf("transfer %t -> %t", base.TransferEnabled, v.TransferEnabled))
			}
			plan.Changes = append(plan.Changes, fmt.Sprintf("%s: %s", ch.CallType, strings.Join(parts, ", ")))
		}
	}

	// The switches.
	enabled, perms := req.Enabled, req.Perms
	switchAsked := (enabled != nil && !sameBool(enabled, cur.UseCustomEnabled)) || (perms != nil && !sameBool(perms, cur.UseCustomPermissions))
	wasCustom := isCustom(kind, cur.UseCustomEnabled, cur.UseCustomPermissions)
	if wxc.UsesCustomSwitch(kind) && req.ImplyCustom && len(changed) > 0 && !wasCustom {
		enabled = wxc.Bool(true)
		if cur.UseCustomPermissions != nil {
			perms = wxc.Bool(true)
		}
	}
	if !wxc.UsesCustomSwitch(kind) {
		enabled, perms = nil, nil
	}
	if enabled != nil && !sameBool(enabled, cur.UseCustomEnabled) {
		plan.Body.UseCustomEnabled = enabled
		plan.Changes = append(plan.Changes, fmt.Sprintf("useCustomEnabled: %s -> %t", cmp.Or(boolCell(cur.UseCustomEnabled), "(not reported)"), *enabled))
	}
	if perms != nil && !sameBool(perms, cur.UseCustomPermissions) {
		plan.Body.UseCustomPermissions = perms
		plan.Changes = append(plan.Changes, fmt.Sprintf("useCustomPermissions: %s -> %t", cmp.Or(boolCell(cur.UseCustomPermissions), "(not reported)"), *perms))
	}
	after := isCustom(kind, cmp.Or(enabled, cur.UseCustomEnabled), cmp.Or(perms, cur.UseCustomPermissions))
	plan.TurnsOn = wxc.UsesCustomSwitch(kind) && !wasCustom && after
	plan.TurnsOff = wxc.UsesCustomSwitch(kind) && wasCustom && !after
	if e2, p2 := cmp.Or(enabled, cur.UseCustomEnabled), cmp.Or(perms, cur.UseCustomPermissions); !after && e2 != nil && p2 != nil && *e2 != *p2 &&
		(enabled != nil || perms != nil) {
		plan.Notes = append(plan.Notes, fmt.Sprintf("after this write %s has useCustomEnabled %t and useCustomPermissions %t, so %s still apply; set both to true to use its own",
			label(e), *e2, *p2, locationOf(e)))
	}

	if len(changed) == 0 && !switchAsked && !plan.TurnsOn && !plan.TurnsOff {
		var have []string
		for _, ch := range asked {
			have = append(have, fmt.Sprintf("%s %s", ch.CallType, permString(values[ch.CallType])))
		}
		var msg string
		switch {
		case req.File:
			msg = fmt.Sprintf("%s already has every value the file asks for", label(e))
			if len(asked) > 0 {
				msg += fmt.Sprintf(" (%d call type(s)", len(asked))
				if req.Enabled != nil || req.Perms != nil {
					msg += fmt.Sprintf(", useCustomEnabled %s, useCustomPermissions %s", boolCell(cur.UseCustomEnabled), boolCell(cur.UseCustomPermissions))
				}
				msg += ")"
			}
			if len(asked) > 0 && wxc.UsesCustomSwitch(kind) && !wasCustom {
				msg += fmt.Sprintf("; its call types come from %s: set useCustomEnabled and useCustomPermissions to true in the file to make it use its own", locationOf(e))
			}
		case len(have) > 0:
			msg = fmt.Sprintf("%s already has %s", label(e), strings.Join(have, "; "))
			if wxc.UsesCustomSwitch(kind) && !wasCustom {
				msg += fmt.Sprintf(" (from %s; add --use-custom to make it use its own settings anyway)", locationOf(e))
			}
		default:
			msg = fmt.Sprintf("%s already has useCustomEnabled %s", label(e), boolCell(cur.UseCustomEnabled))
			if cur.UseCustomPermissions != nil {
				msg += fmt.Sprintf(" and useCustomPermissions %s", boolCell(cur.UseCustomPermissions))
			}
		}
		if len(req.Changes) > len(asked) {
			msg += "; the read-only entries were left out"
		}
		return nil, nothingToChange("%s", msg)
	}

	// The call types sent.
	if len(asked) > 0 && (plan.TurnsOn || len(changed) > 0) {
		plan.Body.CallingPermissions = wxc.NewCallingPermissions()
		if plan.TurnsOn {
			// The entity's own values were not visible while it used its location's: send every
			// writable call type, with the values the read showed unless asked otherwise, so
			// that only what was asked for changes.
			for _, ct := range reported.CallTypes() {
				if wxc.CheckCallType(kind, ct, reported) != nil {
					continue
				}
				if v, ok := values[ct]; ok {
					plan.Body.CallingPermissions.Set(ct, v)
					continue
				}
				v, _ := reported.ForCallType(ct)
				v.IsCallTypeRestrictionEnabled, v.Extra = nil, nil
				plan.Body.CallingPermissions.Set(ct, v)
				plan.Copied++
			}
			for _, ch := range asked {
				plan.Body.CallingPermissions.Set(ch.CallType, values[ch.CallType])
			}
		} else {
			for _, ct := range changed {
				plan.Body.CallingPermissions.Set(ct, values[ct])
			}
		}
		plan.Hidden = wxc.UsesCustomSwitch(kind) && !after && len(changed) > 0
	}
	return plan, nil
}

// locationOf names an entity's location for messages.
func locationOf(e snapshot.Entity) string {
	if e.LocationName != "" {
		return fmt.Sprintf("location %s's settings", e.LocationName)
	}
	return "its location's settings"
}

// outgoingChangeBody builds the PUT body of the flags (call types and --use-custom) against
// cur; it is planOutgoing without the checks' error (nil when the request is refused).
func outgoingChangeBody(kind wxc.EntityKind, cur *wxc.OutgoingPermissions, changes []callTypeChange, useCustom *bool) *wxc.OutgoingPermissions {
	opts := &outgoingSetOptions{Changes: changes, UseCustom: useCustom}
	p, err := planOutgoing(snapshot.Entity{Kind: kind}, cur, outgoingFlagsRequest(kind, cur, opts))
	if err != nil {
		return nil
	}
	return p.Body
}

func runOutgoingSet(ctx context.Context, opts *outgoingSetOptions) error {
	f := opts.f
	var fileReq *outgoingRequest
	if opts.File != "" {
		d, err := f.readDocument(opts.File, "wxc outgoing get")
		if err != nil {
			return err
		}
		r, err := outgoingFileRequest(d, opts.Ref.Kind)
		if err != nil {
			return err
		}
		fileReq = &r
	}
	c, e, err := f.entityTarget(ctx, opts.Ref, opts.DryRun)
	if err != nil {
		return err
	}
	svc := c.OutgoingPermissions(e.Kind)
	cur, err := svc.Read(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return fmt.Errorf("read outgoing permissions of %s: %w", label(e), err)
	}
	f.nameLocation(ctx, c, &e)
	req := outgoingFlagsRequest(e.Kind, cur, opts)
	if fileReq != nil {
		req = *fileReq
	}
	plan, err := planOutgoing(e, cur, req)
	if err != nil {
		return err
	}
	for _, n := range plan.Notes {
		f.infof("note: %s\n", n)
	}
	if err := svc.Configure(ctx, e.ID, plan.Body, f.CallOptions()...); err != nil {
		return fmt.Errorf("update outgoing permissions of %s: %w", label(e), err)
	}
	f.reportOutgoing(e, plan, opts.DryRun)
	return nil
}

// reportOutgoing says on stderr what a write did (or, in a dry run, would do).
func (f *Factory) reportOutgoing(e snapshot.Entity, p *outgoingPlan, dryRun bool) {
	verb, uses, goes := "updated", "now uses", "now uses"
	if dryRun {
		verb, uses, goes = "dry run: would update", "would use", "would use"
	}
	line := fmt.Sprintf("%s the outgoing permissions of %s", verb, label(e))
	if len(p.Changes) > 0 {
		line += ": " + strings.Join(p.Changes, "; ")
	}
	f.infof("%s\n", line)
	switch {
	case p.TurnsOn:
		msg := fmt.Sprintf("%s %s its own outgoing permissions instead of %s", label(e), uses, locationOf(e))
		if p.Copied > 0 {
			msg += fmt.Sprintf("; the other %d call types keep the values they had (copied from the location's)", p.Copied)
		} else if p.Body.CallingPermissions == nil {
			msg += " (its own call-type values, which reads do not show while the location's apply; see wxc outgoing get)"
		}
		f.infof("%s\n", msg)
	case p.TurnsOff:
		f.infof("%s %s %s instead of its own\n", label(e), goes, locationOf(e))
	}
	if p.Hidden {
		f.infof("note: %s uses %s, so the call types written are kept but do not apply until it uses its own "+
			"(--use-custom, or useCustomEnabled and useCustomPermissions true in a file)\n", label(e), locationOf(e))
	}
}
