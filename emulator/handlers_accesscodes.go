package emulator

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Access codes: the per-entity API (person, workspace, virtual line; PUT and DELETE for
// locations too) and the location API (GET, POST).

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

// checkNewCode validates one code to be created; at prefixes the member names in
// messages ("" for the per-entity POST, "accessCodes[i]." for the location POST).
func checkNewCode(c *accessCodeIn, at string) error {
	switch {
	case c == nil:
		return badRequest(strings.TrimSuffix(at, ".") + " must be an object")
	case c.Code == nil:
		return missingMember(at + "code")
	case !validAccessCode(*c.Code):
		return badRequest("access code " + *c.Code + " must be 1 to 10 digits")
	case c.Description == nil:
		return missingMember(at + "description")
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
	if err := checkNewCode(&in, ""); err != nil {
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
	// PutAccessCodeLocationObject requires deleteCodes: required by default, in both eras
	// (Options.StrictRequired changes nothing here; the Go SDK always sends it, [] included).
	// The per-entity PUT has no required member.
	if rc.e.kind == kindLocation && in.DeleteCodes == nil {
		fail(w, missingMember("deleteCodes"))
		return
	}
	if err := checkDeleteCodes(in.DeleteCodes); err != nil {
		fail(w, err)
		return
	}
	err := s.update(r.Context(), rc.e, func(rec *record) error {
		// Locations have no useCustomAccessCodes; their PUT carries only deleteCodes.
		if in.UseCustomAccessCodes != nil && rc.e.kind != kindLocation {
			if s.clearsOnOff(rec.UseCustomAccessCodes, *in.UseCustomAccessCodes) {
				rec.AccessCodes = nil
			}
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

// The location access-code API.

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
		fail(w, missingMember("accessCodes"))
		return
	}
	seen := map[string]bool{}
	for i, c := range in.AccessCodes {
		if err := checkNewCode(c, "accessCodes["+strconv.Itoa(i)+"]."); err != nil {
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
