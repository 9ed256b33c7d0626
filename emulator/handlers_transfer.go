package emulator

import "net/http"

// Auto transfer numbers: GET and PUT …/outgoingPermission/autoTransferNumbers.

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
	// TransferNumberPatch (person, workspace, virtual line) requires useCustomTransferNumbers;
	// enforced only with Options.StrictRequired, and only in era current. It is opt-in
	// because wxc_sdk, the reference client, sends transfer-number PUTs without it (1.19
	// has no such member; it was added 2024-07-26) and the real service takes them (spec
	// §2.3); era 2024 never requires it. Locations have no such member.
	if s.opts.StrictRequired && in.UseCustomTransferNumbers == nil && rc.e.kind != kindLocation && s.opts.APIEra == EraCurrent {
		fail(w, missingMember("useCustomTransferNumbers"))
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
			if s.clearsOnOff(rec.UseCustomTransferNumbers, *in.UseCustomTransferNumbers) {
				rec.Numbers = [3]string{}
			}
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
