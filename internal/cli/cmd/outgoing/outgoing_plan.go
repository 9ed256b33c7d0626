package outgoing

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

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
		return outgoingRequest{}, cmdutil.InputError(err)
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
		return req, cmdutil.Refusal(problems)
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
	return cmdutil.OutgoingSource(kind, &wxc.OutgoingPermissions{UseCustomEnabled: enabled, UseCustomPermissions: perms}) == "custom"
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
			return where + ": " + cmdutil.ValidationField(err)
		}
		if wxc.RestrictionEnforced(reported, ch.CallType) && ch.keeps(curPerm) {
			continue // as it is, and the system enforces it: left out
		}
		if err := wxc.CheckCallType(kind, ch.CallType, reported); err != nil {
			msg := fmt.Sprintf("%s: %s", field(err, "callType"), cmdutil.ValidationReason(err))
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
				problems = append(problems, fmt.Sprintf("%s: %s", field(&wxc.ValidationError{Field: "callingPermissions." + string(ch.CallType) + ".action"}, "action"), cmdutil.ValidationReason(err)))
				continue
			}
		}
		asked = append(asked, ch)
	}
	if len(problems) > 0 {
		return nil, cmdutil.Refusal(problems)
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
	switchAsked := (enabled != nil && !cmdutil.SameBool(enabled, cur.UseCustomEnabled)) || (perms != nil && !cmdutil.SameBool(perms, cur.UseCustomPermissions))
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
	if enabled != nil && !cmdutil.SameBool(enabled, cur.UseCustomEnabled) {
		plan.Body.UseCustomEnabled = enabled
		plan.Changes = append(plan.Changes, fmt.Sprintf("useCustomEnabled: %s -> %t", cmp.Or(cmdutil.BoolCell(cur.UseCustomEnabled), "(not reported)"), *enabled))
	}
	if perms != nil && !cmdutil.SameBool(perms, cur.UseCustomPermissions) {
		plan.Body.UseCustomPermissions = perms
		plan.Changes = append(plan.Changes, fmt.Sprintf("useCustomPermissions: %s -> %t", cmp.Or(cmdutil.BoolCell(cur.UseCustomPermissions), "(not reported)"), *perms))
	}
	after := isCustom(kind, cmp.Or(enabled, cur.UseCustomEnabled), cmp.Or(perms, cur.UseCustomPermissions))
	plan.TurnsOn = wxc.UsesCustomSwitch(kind) && !wasCustom && after
	plan.TurnsOff = wxc.UsesCustomSwitch(kind) && wasCustom && !after
	if e2, p2 := cmp.Or(enabled, cur.UseCustomEnabled), cmp.Or(perms, cur.UseCustomPermissions); !after && e2 != nil && p2 != nil && *e2 != *p2 &&
		(enabled != nil || perms != nil) {
		plan.Notes = append(plan.Notes, fmt.Sprintf("after this write %s has useCustomEnabled %t and useCustomPermissions %t, so %s still apply; set both to true to use its own",
			cmdutil.Label(e), *e2, *p2, cmdutil.LocationOf(e)))
	}

	if len(changed) == 0 && !switchAsked && !plan.TurnsOn && !plan.TurnsOff {
		var have []string
		for _, ch := range asked {
			have = append(have, fmt.Sprintf("%s %s", ch.CallType, permString(values[ch.CallType])))
		}
		var msg string
		switch {
		case req.File:
			msg = fmt.Sprintf("%s already has every value the file asks for", cmdutil.Label(e))
			if len(asked) > 0 {
				msg += fmt.Sprintf(" (%d call type(s)", len(asked))
				if req.Enabled != nil || req.Perms != nil {
					msg += fmt.Sprintf(", useCustomEnabled %s, useCustomPermissions %s", cmdutil.BoolCell(cur.UseCustomEnabled), cmdutil.BoolCell(cur.UseCustomPermissions))
				}
				msg += ")"
			}
			if len(asked) > 0 && wxc.UsesCustomSwitch(kind) && !wasCustom {
				msg += fmt.Sprintf("; its call types come from %s: set useCustomEnabled and useCustomPermissions to true in the file to make it use its own", cmdutil.LocationOf(e))
			}
		case len(have) > 0:
			msg = fmt.Sprintf("%s already has %s", cmdutil.Label(e), strings.Join(have, "; "))
			if wxc.UsesCustomSwitch(kind) && !wasCustom {
				msg += fmt.Sprintf(" (from %s; add --use-custom to make it use its own settings anyway)", cmdutil.LocationOf(e))
			}
		default:
			msg = fmt.Sprintf("%s already has useCustomEnabled %s", cmdutil.Label(e), cmdutil.BoolCell(cur.UseCustomEnabled))
			if cur.UseCustomPermissions != nil {
				msg += fmt.Sprintf(" and useCustomPermissions %s", cmdutil.BoolCell(cur.UseCustomPermissions))
			}
		}
		if len(req.Changes) > len(asked) {
			msg += "; the read-only entries were left out"
		}
		return nil, cmdutil.NothingToChange("%s", msg)
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

func permString(p wxc.CallTypePermission) string {
	return fmt.Sprintf("%s, transfer %t", p.Action, p.TransferEnabled)
}
