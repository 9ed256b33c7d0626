package emulator

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

var falseVal = false

func boolPtr(b bool) *bool { return &b }

func key(e *ent) store.Key { return store.Key{Org: e.org.id, Kind: e.kind.String(), ID: e.id} }

// load returns the entity's current settings: the stored record, else the
// seeded one, else factory defaults.
func (s *Server) load(ctx context.Context, e *ent) (*record, error) {
	b, err := s.st.Get(ctx, key(e))
	if errors.Is(err, store.ErrNotFound) {
		b = e.seed
	} else if err != nil {
		return nil, err
	}
	return decodeRecord(b)
}

// update runs fn on the entity's record inside one store transaction
// (read-modify-write). fn must depend only on the record: it may run twice.
func (s *Server) update(ctx context.Context, e *ent, fn func(*record) error) error {
	return s.st.Update(ctx, key(e), func(old []byte) ([]byte, error) {
		if old == nil {
			old = e.seed
		}
		rec, err := decodeRecord(old)
		if err != nil {
			return nil, err
		}
		if err := fn(rec); err != nil {
			return nil, err
		}
		return json.Marshal(rec)
	})
}

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

// ---- outgoing permission ----

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

// ---- auto transfer numbers ----

func numberOut(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Server) getTransfer(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	out := transferOut{AutoTransferNumber1: numberOut(rec.Numbers[0]), AutoTransferNumber2: numberOut(rec.Numbers[1]),
		AutoTransferNumber3: numberOut(rec.Numbers[2])}
	if rc.e.kind != kindLocation && s.opts.APIEra == EraCurrent {
		out.UseCustomTransferNumbers = boolPtr(rec.UseCustomTransferNumbers)
	}
	if s.opts.APIEra != EraCurrent {
		// The mid-2024 service reported an unset number as null (wxc_sdk 1.19 docstrings and
		// tests); today's OpenAPI types the members as plain strings, so era current omits them.
		writeJSON(w, http.StatusOK, &transferOutNull{out.AutoTransferNumber1, out.AutoTransferNumber2, out.AutoTransferNumber3})
		return
	}
	writeJSON(w, http.StatusOK, &out)
}

func (s *Server) putTransfer(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in transferIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	nums := [3]*string{in.AutoTransferNumber1, in.AutoTransferNumber2, in.AutoTransferNumber3}
	for _, n := range nums {
		if n != nil && !validTransferNumber(*n) {
			fail(w, badRequest("auto transfer number "+*n+" is not a valid phone number"))
			return
		}
	}
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		if in.UseCustomTransferNumbers != nil && rc.e.kind != kindLocation {
			rec.UseCustomTransferNumbers = *in.UseCustomTransferNumbers
		}
		for i, n := range nums {
			if n != nil {
				rec.Numbers[i] = *n
			}
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

// ---- access codes: person, workspace, virtual line ----

func (s *Server) getCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	out := accessCodesOut{UseCustomAccessCodes: boolPtr(rec.UseCustomAccessCodes), AccessCodes: make([]accessCodeOut, len(rec.AccessCodes))}
	for i, c := range rec.AccessCodes {
		out.AccessCodes[i] = accessCodeOut{Code: c.Code, Description: c.Description, Level: "CUSTOM"}
	}
	writeJSON(w, http.StatusOK, &out)
}

// checkNewCode validates one code to be created.
func checkNewCode(c *accessCodeIn) error {
	switch {
	case c == nil || c.Code == nil:
		return badRequest("code is required")
	case !validAccessCode(*c.Code):
		return badRequest("access code " + *c.Code + " must be 1 to 10 digits")
	case c.Description == nil:
		return badRequest("description is required")
	case !validDescription(*c.Description):
		return badRequest("description must be 1 to 255 characters, not only spaces")
	}
	return nil
}

func hasCode(codes []accessCode, code string) bool {
	return slices.ContainsFunc(codes, func(c accessCode) bool { return c.Code == code })
}

func (s *Server) addCodes(ctx context.Context, e *ent, in []*accessCodeIn) error {
	return s.update(ctx, e, func(rec *record) error {
		for _, c := range in {
			if hasCode(rec.AccessCodes, *c.Code) {
				return &apiError{status: http.StatusConflict, code: codeDuplicate, msg: "access code " + *c.Code + " already exists"}
			}
			if len(rec.AccessCodes) >= s.opts.MaxAccessCodes {
				return &apiError{status: http.StatusBadRequest, code: codeLimitReached, msg: "access code limit reached"}
			}
			rec.AccessCodes = append(rec.AccessCodes, accessCode{Code: *c.Code, Description: *c.Description})
		}
		return nil
	})
}

func (s *Server) postCode(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in accessCodeIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if err := checkNewCode(&in); err != nil {
		fail(w, err)
		return
	}
	if err := s.addCodes(r.Context(), rc.e, []*accessCodeIn{&in}); err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) putCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in accessCodesModifyIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if err := checkDeleteCodes(in.DeleteCodes); err != nil {
		fail(w, err)
		return
	}
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		// Locations have no useCustomAccessCodes; their PUT carries only deleteCodes.
		if in.UseCustomAccessCodes != nil && rc.e.kind != kindLocation {
			rec.UseCustomAccessCodes = *in.UseCustomAccessCodes
		}
		rec.AccessCodes = removeCodes(rec.AccessCodes, in.DeleteCodes)
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

func checkDeleteCodes(codes []*string) error {
	for _, c := range codes {
		if c == nil {
			return badRequest("deleteCodes must hold strings")
		}
	}
	return nil
}

// removeCodes drops the listed codes; codes that do not exist are ignored.
func removeCodes(codes []accessCode, del []*string) []accessCode {
	if len(del) == 0 {
		return codes
	}
	drop := make(map[string]bool, len(del))
	for _, d := range del {
		drop[*d] = true
	}
	return slices.DeleteFunc(codes, func(c accessCode) bool { return drop[c.Code] })
}

// deleteCodes deletes all codes of any kind (location included).
func (s *Server) deleteCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		rec.AccessCodes = nil
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

func (s *Server) deleteOneCode(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	code := r.PathValue("code")
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		if !hasCode(rec.AccessCodes, code) {
			return notFound("access code " + code + " not found")
		}
		rec.AccessCodes = removeCodes(rec.AccessCodes, []*string{&code})
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

// ---- access codes: location API ----

type locationCodesOut struct {
	AccessCodes []accessCodeOut `json:"accessCodes"`
}

func (s *Server) getLocationCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	out := locationCodesOut{AccessCodes: make([]accessCodeOut, len(rec.AccessCodes))}
	for i, c := range rec.AccessCodes {
		out.AccessCodes[i] = accessCodeOut{Code: c.Code, Description: c.Description}
	}
	writeJSON(w, http.StatusOK, &out)
}

func (s *Server) postLocationCodes(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in locationCodesIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if in.AccessCodes == nil {
		fail(w, badRequest("accessCodes is required"))
		return
	}
	seen := map[string]bool{}
	for _, c := range in.AccessCodes {
		if err := checkNewCode(c); err != nil {
			fail(w, err)
			return
		}
		if seen[*c.Code] {
			fail(w, &apiError{status: http.StatusConflict, code: codeDuplicate, msg: "access code " + *c.Code + " is repeated"})
			return
		}
		seen[*c.Code] = true
	}
	if err := s.addCodes(r.Context(), rc.e, in.AccessCodes); err != nil {
		fail(w, err)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

// ---- digit patterns ----

func (s *Server) listPatterns(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	out := digitPatternsOut{DigitPatterns: rec.DigitPatterns}
	if out.DigitPatterns == nil {
		out.DigitPatterns = []digitPattern{}
	}
	if rc.e.kind != kindLocation {
		out.UseCustomDigitPatterns = boolPtr(rec.UseCustomDigitPatterns)
	}
	writeJSON(w, http.StatusOK, &out)
}

func findPattern(rec *record, id string) int {
	return slices.IndexFunc(rec.DigitPatterns, func(p digitPattern) bool { return p.ID == id })
}

func (s *Server) getPattern(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	rec, err := s.load(r.Context(), rc.e)
	if err != nil {
		fail(w, err)
		return
	}
	i := findPattern(rec, r.PathValue("dp"))
	if i < 0 {
		fail(w, notFound("digit pattern not found"))
		return
	}
	writeJSON(w, http.StatusOK, &rec.DigitPatterns[i])
}

// checkPatternFields validates the members that are present.
func checkPatternFields(in *digitPatternIn) error {
	switch {
	case in.Name != nil && !validName(*in.Name):
		return badRequest("name must be 1 to 80 characters")
	case in.Pattern != nil && !validPattern(*in.Pattern):
		return badRequest("pattern " + *in.Pattern + " is not valid: use digits, X, * and #, an optional leading + and an optional trailing !")
	case in.Action != nil && !validActions[*in.Action]:
		return badRequest("action " + *in.Action + " is not valid")
	}
	return nil
}

func nameTaken(rec *record, name string, except int) bool {
	for i, p := range rec.DigitPatterns {
		if i != except && p.Name == name {
			return true
		}
	}
	return false
}

func (s *Server) postPattern(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in digitPatternIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	switch {
	case in.Name == nil:
		fail(w, badRequest("name is required"))
		return
	case in.Pattern == nil:
		fail(w, badRequest("pattern is required"))
		return
	case in.Action == nil:
		fail(w, badRequest("action is required"))
		return
	}
	if err := checkPatternFields(&in); err != nil {
		fail(w, err)
		return
	}
	var newID string
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		if len(rec.DigitPatterns) >= maxDigitPatterns {
			return &apiError{status: http.StatusBadRequest, code: codeLimitReached, msg: "an entity can have at most 500 digit patterns"}
		}
		if nameTaken(rec, *in.Name, -1) {
			return &apiError{status: http.StatusConflict, code: codeDuplicate, msg: "a digit pattern named " + *in.Name + " already exists"}
		}
		rec.PatternSeq++
		p := digitPattern{ID: patternID(rc.e.id, rec.PatternSeq), Name: *in.Name, Pattern: *in.Pattern, Action: *in.Action}
		if in.TransferEnabled != nil {
			p.TransferEnabled = *in.TransferEnabled
		}
		rec.DigitPatterns = append(rec.DigitPatterns, p)
		newID = p.ID
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		ID string `json:"id"`
	}{newID})
}

func (s *Server) putCategory(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in categoryIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if rc.e.kind == kindLocation || in.UseCustomDigitPatterns == nil { // locations have no category switch: accepted, ignored
		noContent(w)
		return
	}
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		rec.UseCustomDigitPatterns = *in.UseCustomDigitPatterns
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

func (s *Server) putPattern(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in digitPatternIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	if err := checkPatternFields(&in); err != nil {
		fail(w, err)
		return
	}
	id := r.PathValue("dp")
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		i := findPattern(rec, id)
		if i < 0 {
			return notFound("digit pattern not found")
		}
		p := &rec.DigitPatterns[i]
		if in.Name != nil {
			if nameTaken(rec, *in.Name, i) {
				return &apiError{status: http.StatusConflict, code: codeDuplicate, msg: "a digit pattern named " + *in.Name + " already exists"}
			}
			p.Name = *in.Name
		}
		if in.Pattern != nil {
			p.Pattern = *in.Pattern
		}
		if in.Action != nil {
			p.Action = *in.Action
		}
		if in.TransferEnabled != nil {
			p.TransferEnabled = *in.TransferEnabled
		}
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

func (s *Server) deletePattern(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	id := r.PathValue("dp")
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		i := findPattern(rec, id)
		if i < 0 {
			return notFound("digit pattern not found")
		}
		rec.DigitPatterns = slices.Delete(rec.DigitPatterns, i, i+1)
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}

func (s *Server) deleteAllPatterns(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		rec.DigitPatterns = nil
		return nil
	})
	if err != nil {
		fail(w, err)
		return
	}
	noContent(w)
}
