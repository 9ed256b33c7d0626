package emulator

import "net/http"

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
	ok := settable[s.opts.APIEra]
	for _, p := range in.CallingPermissions { // validate everything before writing anything
		switch {
		case p == nil || p.CallType == nil || *p.CallType == "":
			fail(w, badRequest("callingPermissions: every entry needs a callType"))
			return
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
				rec.UseCustomEnabled = *in.UseCustomEnabled
			}
			if in.UseCustomPermissions != nil {
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
