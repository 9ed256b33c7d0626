package emulator

import (
	"net/http"
	"strconv"
)

// Outgoing calling permissions: GET and PUT …/outgoingPermission for every kind.

// responseCallTypes is the list of call types a GET returns, by era and kind.
func (s *Server) responseCallTypes(k kind) []string {
	if s.opts.APIEra == Era2024 {
		if k == kindPerson || k == kindWorkspace {
			return person2024CallTypes
		}
		return declaredCallTypes
	}
	return currentCallTypes
}

func (s *Server) getPerms(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	var out permsOut
	src := rec
	if rc.e.kind != kindLocation {
		out.UseCustomEnabled, out.UseCustomPermissions = boolPtr(rec.UseCustomEnabled), boolPtr(rec.UseCustomPermissions)
		if !rec.UseCustomEnabled || !rec.UseCustomPermissions {
			if src, err = s.load(r.Context(), &rc.e.loc.ent); err != nil { // inherit the location's values
				fail(w, err)
				return
			}
		}
	}
	types := s.responseCallTypes(rc.e.kind)
	out.CallingPermissions = make([]permEntryOut, len(types))
	for i, ct := range types {
		v := src.perm(ct)
		out.CallingPermissions[i] = permEntryOut{CallType: ct, Action: v.Action, TransferEnabled: v.Transfer}
		if s.opts.APIEra == EraCurrent {
			out.CallingPermissions[i].IsCallTypeRestrictionEnabled = &falseVal
		}
	}
	writePerms(w, &out)
}

func (s *Server) putPerms(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in permsIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if err := s.checkPermsRequired(rc.e.kind, &in); err != nil {
		fail(w, err)
		return
	}
	ok := settable[s.opts.APIEra]
	for _, p := range in.CallingPermissions { // validate everything before writing anything
		switch {
		case !ok[*p.CallType]:
			fail(w, &apiError{status: http.StatusBadRequest, code: codeCallTypeNotSettable,
				msg: "[Error 25024] Call type " + *p.CallType + " cannot be updated"})
			return
		case p.Action != nil && !validActions[*p.Action]:
			fail(w, badRequest("callingPermissions: action "+*p.Action+" is not valid"))
			return
		}
	}
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		if rc.e.kind != kindLocation { // locations have no such switches; values there are ignored
			if in.UseCustomEnabled != nil {
				if s.clearsOnOff(rec.UseCustomEnabled, *in.UseCustomEnabled) {
					rec.clearCustom()
				}
				rec.UseCustomEnabled = *in.UseCustomEnabled
			}
			if in.UseCustomPermissions != nil {
				if s.clearsOnOff(rec.UseCustomPermissions, *in.UseCustomPermissions) {
					rec.Perms = nil
				}
				rec.UseCustomPermissions = *in.UseCustomPermissions
			}
		}
		for _, p := range in.CallingPermissions {
			v := rec.perm(*p.CallType)
			if p.Action != nil {
				v.Action = *p.Action
			}
			if p.TransferEnabled != nil {
				v.Transfer = *p.TransferEnabled
			}
			if rec.Perms == nil {
				rec.Perms = map[string]permValue{}
			}
			rec.Perms[*p.CallType] = v
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

// checkPermsRequired enforces the members the OpenAPI requires in an outgoing-permission
// PUT (absent and null alike count as missing). By default, with or without
// Options.StrictRequired, in both eras:
//
//   - every kind: callType in each entry (the OpenAPI requires it only for locations,
//     but an entry without one names nothing to change);
//   - location: action and transferEnabled in each entry (CallingPermissionPatchObject);
//   - person and virtual line: transferEnabled in each entry
//     (OutgoingCallingPermissionsSettingPut);
//   - workspace: nothing more (every member of its PUT is optional).
//
// The Go SDK (and so the CLI) writes every entry with action and transferEnabled, so these
// refuse nothing it sends.
// Options.StrictRequired adds, in era current only, callingPermissions itself in a person
// or virtual-line PUT (OutgoingCallingPermissionsSettingPut requires it). It is opt-in
// because wxc_sdk, the reference client, leaves callingPermissions out when it only flips
// the switches, and the real service takes that (spec §2.2); era 2024 never requires it.
func (s *Server) checkPermsRequired(k kind, in *permsIn) error {
	strict := s.opts.StrictRequired
	if strict && in.CallingPermissions == nil && s.opts.APIEra == EraCurrent && (k == kindPerson || k == kindVirtualLine) {
		return missingMember("callingPermissions")
	}
	for i, p := range in.CallingPermissions {
		at := "callingPermissions[" + strconv.Itoa(i) + "]"
		switch {
		case p == nil:
			return badRequest(at + " must be an object")
		case p.CallType == nil || *p.CallType == "":
			return missingMember(at + ".callType")
		case k == kindLocation && p.Action == nil:
			return missingMember(at + ".action")
		case k != kindWorkspace && p.TransferEnabled == nil:
			return missingMember(at + ".transferEnabled")
		}
	}
	return nil
}
