package emulator

import (
	"net/http"
	"slices"
)

// Digit patterns: the list (GET, POST, PUT category control, DELETE all) and one
// pattern (GET, PUT, DELETE) for every kind.

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
	// The POST schemas of every kind require all four members, and all four are required
	// by default (Options.StrictRequired changes nothing here): the CLI always sends them
	// (transferEnabled false unless told). transferEnabled only in era current: wxc_sdk 1.19 leaves out unset
	// members (exclude_none) and the mid-2024 service took a pattern without it, as
	// transferEnabled false, so era 2024 defaults it to false.
	var missing string
	switch {
	case in.Name == nil:
		missing = "name"
	case in.Pattern == nil:
		missing = "pattern"
	case in.Action == nil:
		missing = "action"
	case in.TransferEnabled == nil && s.opts.APIEra == EraCurrent:
		missing = "transferEnabled"
	}
	if missing != "" {
		fail(w, missingMember(missing))
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
		if s.clearsOnOff(rec.UseCustomDigitPatterns, *in.UseCustomDigitPatterns) {
			rec.DigitPatterns = nil
		}
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
