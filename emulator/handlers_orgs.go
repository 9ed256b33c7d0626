package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
)

// Organizations (testdata/openapi/call-routing-and-orgs.openapi.yaml): GET organizations
// and GET organizations/{orgId}, scoped by role, plus the org-scoped faults of the admin
// endpoint /_emulator/org-faults.
//
// Visibility (orgsVisible): a partner administrator sees the customer orgs it manages, in
// directory order, and not its own org (the partner org of the emulator holds no calling
// entities; the OpenAPI document does not say whether Webex lists it, see the package doc,
// Organizations); an administrator of a customer org (full, read-only, location) sees that
// org only; a user gets 403 (the list is for administrators). The list is not paginated:
// the document declares no parameters for it.

// orgOut is the wire shape of an organization.
type orgOut struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Created     string `json:"created"`
}

func orgJSON(o *org) orgOut { return orgOut{ID: o.id, DisplayName: o.name, Created: created} }

// orgsVisible returns the orgs p may see in GET organizations.
func (s *Server) orgsVisible(p *principal) []*org {
	if p.role != rolePartnerAdmin {
		return []*org{p.org}
	}
	var out []*org
	for _, o := range s.dir.orgs {
		if o.managedBy == p.org {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) listOrgs(w http.ResponseWriter, _ *http.Request, rc *reqCtx) {
	orgs := s.orgsVisible(rc.p)
	out := struct {
		Items []orgOut `json:"items"`
	}{Items: make([]orgOut, len(orgs))}
	for i, o := range orgs {
		out.Items[i] = orgJSON(o)
	}
	writeJSON(w, http.StatusOK, &out)
}

// getOrg answers one organization; an org the caller may not see is 404 like an unknown
// one (the answer does not tell which orgs exist).
func (s *Server) getOrg(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	id := r.PathValue("orgId")
	if o := s.dir.orgByID[id]; o != nil && slices.Contains(s.orgsVisible(rc.p), o) {
		writeJSON(w, http.StatusOK, orgJSON(o))
		return
	}
	fail(w, notFound("organization "+id+" not found"))
}

// orgFaults answers every API request whose target org (the orgId query parameter, else the
// caller's own org) is in the map with that status: a partner's customer org that turns
// 403, or 503, for a test of a job over all orgs. Set with PUT /_emulator/org-faults.
type orgFaults struct {
	mu sync.Mutex
	m  map[string]int
}

// status returns the injected status for orgID, or 0.
func (f *orgFaults) status(orgID string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.m[orgID]
}

func (f *orgFaults) snapshot() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.m))
	for k, v := range f.m {
		out[k] = v
	}
	return out
}

func (f *orgFaults) set(m map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m = m
}

// orgFaultAnswer writes the injected answer for status.
func orgFaultAnswer(w http.ResponseWriter, orgID string, status int) {
	code := codeServerFault
	switch status {
	case http.StatusForbidden:
		code = codeForbidden
	case http.StatusUnauthorized:
		code = codeUnauthorized
	case http.StatusNotFound:
		code = codeNotFound
	case http.StatusTooManyRequests:
		code = codeRateLimited
	}
	writeError(w, status, code, fmt.Sprintf("injected fault for organization %s (emulator)", orgID))
}

// handleOrgFaults serves GET and PUT /_emulator/org-faults. The PUT body is the whole new
// map {"<orgId>": status, ...} (an empty object clears it); every org must exist and every
// status be 400..599.
func (s *Server) handleOrgFaults(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, s.orgFaults.snapshot())
		return
	}
	var in map[string]int
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	for id, st := range in {
		if s.dir.orgByID[id] == nil {
			fail(w, badRequest("org-faults: unknown organization "+id))
			return
		}
		if st < 400 || st > 599 {
			fail(w, badRequest(fmt.Sprintf("org-faults: status for %s must be 400..599, got %d", id, st)))
			return
		}
	}
	if in == nil {
		in = map[string]int{}
	}
	s.orgFaults.set(in)
	writeJSON(w, http.StatusOK, s.orgFaults.snapshot())
}
