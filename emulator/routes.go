package emulator

import (
	"net/http"
	"strings"
)

// access is who may use a route (see the package doc, Authorization).
type access uint8

const (
	// accAdmin: admins only (telephony/config paths, locations, virtual lines).
	accAdmin access = iota
	// accPersonFeature: admins, and a user on their own person.
	accPersonFeature
	// accWorkspaceFeature: admins, and a user on any workspace of their org.
	accWorkspaceFeature
	// accDirectory: list/read people, locations, workspaces: every role.
	accDirectory
	// accAdminDirectory: telephony/config lists and reads (calling locations,
	// virtual lines): every admin role, whole org; not users.
	accAdminDirectory
)

// reqCtx is what the route wrapper resolved for a handler.
type reqCtx struct {
	p   *principal
	org *org // target org (orgId query parameter, default the caller's)
	e   *ent // the entity named by {id}; nil for directory routes without one
}

type handlerFunc func(s *Server, w http.ResponseWriter, r *http.Request, rc *reqCtx)

type route struct {
	pattern string
	kind    kind // entity kind of {id}; 0 = none
	acc     access
	h       handlerFunc
}

// routes is the one route table of the API.
func (s *Server) routes() []route {
	const (
		tcPeople = "/v1/telephony/config/people/{id}/outgoingPermission"
		tcWS     = "/v1/telephony/config/workspaces/{id}/outgoingPermission"
		tcLoc    = "/v1/telephony/config/locations/{id}/outgoingPermission"
		tcVL     = "/v1/telephony/config/virtualLines/{id}/outgoingPermission"
		wsFeat   = "/v1/workspaces/{id}/features/outgoingPermission"
		pFeat    = "/v1/people/{id}/features/outgoingPermission"
	)
	rs := []route{
		// Directory.
		{"GET /v1/people", 0, accDirectory, (*Server).listPeople},
		{"GET /v1/people/me", 0, accDirectory, (*Server).getMe},
		{"GET /v1/people/{id}", 0, accDirectory, (*Server).getPerson},
		{"GET /v1/licenses", 0, accDirectory, (*Server).listLicenses},
		{"GET /v1/telephony/config/numbers", 0, accAdminDirectory, (*Server).listNumbers},
		{"GET /v1/locations", 0, accDirectory, (*Server).listLocations},
		{"GET /v1/telephony/config/locations", 0, accAdminDirectory, (*Server).listCallingLocations},
		{"GET /v1/telephony/config/locations/{id}", kindLocation, accAdminDirectory, (*Server).getCallingLocation},
		{"GET /v1/workspaces", 0, accDirectory, (*Server).listWorkspaces},
		{"GET /v1/telephony/config/virtualLines", 0, accAdminDirectory, (*Server).listVirtualLines},
		// Call routing (handlers_callrouting.go): a POST, so a write for the role check.
		{"POST /v1/telephony/config/actions/testCallRouting/invoke", 0, accAdmin, (*Server).testCallRouting},
		{"GET /v1/organizations", 0, accAdminDirectory, (*Server).listOrgs},
		{"GET /v1/organizations/{orgId}", 0, accAdminDirectory, (*Server).getOrg},

		// Person.
		{"GET " + pFeat, kindPerson, accPersonFeature, (*Server).getPerms},
		{"PUT " + pFeat, kindPerson, accPersonFeature, (*Server).putPerms},
		{"GET " + tcPeople + "/autoTransferNumbers", kindPerson, accAdmin, (*Server).getTransfer},
		{"PUT " + tcPeople + "/autoTransferNumbers", kindPerson, accAdmin, (*Server).putTransfer},
		{"GET " + tcPeople + "/accessCodes", kindPerson, accAdmin, (*Server).getCodes},
		{"POST " + tcPeople + "/accessCodes", kindPerson, accAdmin, (*Server).postCode},
		{"PUT " + tcPeople + "/accessCodes", kindPerson, accAdmin, (*Server).putCodes},
		{"DELETE " + tcPeople + "/accessCodes", kindPerson, accAdmin, (*Server).deleteCodes},

		// Workspace.
		{"GET " + wsFeat, kindWorkspace, accWorkspaceFeature, (*Server).getPerms},
		{"PUT " + wsFeat, kindWorkspace, accWorkspaceFeature, (*Server).putPerms},
		{"GET " + wsFeat + "/autoTransferNumbers", kindWorkspace, accWorkspaceFeature, (*Server).getTransfer},
		{"PUT " + wsFeat + "/autoTransferNumbers", kindWorkspace, accWorkspaceFeature, (*Server).putTransfer},
		{"GET " + wsFeat + "/accessCodes", kindWorkspace, accWorkspaceFeature, (*Server).getCodes},
		{"POST " + wsFeat + "/accessCodes", kindWorkspace, accWorkspaceFeature, (*Server).postCode},
		{"PUT " + wsFeat + "/accessCodes", kindWorkspace, accWorkspaceFeature, (*Server).putCodes},
		{"DELETE " + wsFeat + "/accessCodes", kindWorkspace, accWorkspaceFeature, (*Server).deleteCodes},
		{"DELETE /v1/telephony/config/workspaces/{id}/features/accessCodes/{code}", kindWorkspace, accAdmin, (*Server).deleteOneCode},

		// Location.
		{"GET " + tcLoc, kindLocation, accAdmin, (*Server).getPerms},
		{"PUT " + tcLoc, kindLocation, accAdmin, (*Server).putPerms},
		{"GET " + tcLoc + "/autoTransferNumbers", kindLocation, accAdmin, (*Server).getTransfer},
		{"PUT " + tcLoc + "/autoTransferNumbers", kindLocation, accAdmin, (*Server).putTransfer},
		{"GET " + tcLoc + "/accessCodes", kindLocation, accAdmin, (*Server).getLocationCodes},
		{"POST " + tcLoc + "/accessCodes", kindLocation, accAdmin, (*Server).postLocationCodes},
		{"PUT " + tcLoc + "/accessCodes", kindLocation, accAdmin, (*Server).putCodes},
		{"DELETE " + tcLoc + "/accessCodes", kindLocation, accAdmin, (*Server).deleteCodes},

		// Virtual line.
		{"GET " + tcVL, kindVirtualLine, accAdmin, (*Server).getPerms},
		{"PUT " + tcVL, kindVirtualLine, accAdmin, (*Server).putPerms},
		{"GET " + tcVL + "/autoTransferNumbers", kindVirtualLine, accAdmin, (*Server).getTransfer},
		{"PUT " + tcVL + "/autoTransferNumbers", kindVirtualLine, accAdmin, (*Server).putTransfer},
		{"GET " + tcVL + "/accessCodes", kindVirtualLine, accAdmin, (*Server).getCodes},
		{"POST " + tcVL + "/accessCodes", kindVirtualLine, accAdmin, (*Server).postCode},
		{"PUT " + tcVL + "/accessCodes", kindVirtualLine, accAdmin, (*Server).putCodes},
		{"DELETE " + tcVL + "/accessCodes", kindVirtualLine, accAdmin, (*Server).deleteCodes},
	}
	// Digit patterns: the same seven operations for all four kinds.
	for _, dp := range []struct {
		base string
		k    kind
	}{{tcPeople, kindPerson}, {tcWS, kindWorkspace}, {tcLoc, kindLocation}, {tcVL, kindVirtualLine}} {
		b := dp.base + "/digitPatterns"
		rs = append(rs,
			route{"GET " + b, dp.k, accAdmin, (*Server).listPatterns},
			route{"POST " + b, dp.k, accAdmin, (*Server).postPattern},
			route{"PUT " + b, dp.k, accAdmin, (*Server).putCategory},
			route{"DELETE " + b, dp.k, accAdmin, (*Server).deleteAllPatterns},
			route{"GET " + b + "/{dp}", dp.k, accAdmin, (*Server).getPattern},
			route{"PUT " + b + "/{dp}", dp.k, accAdmin, (*Server).putPattern},
			route{"DELETE " + b + "/{dp}", dp.k, accAdmin, (*Server).deletePattern},
		)
	}
	if s.opts.LegacyPersonTransferPath {
		rs = append(rs,
			route{"GET " + pFeat + "/autoTransferNumbers", kindPerson, accAdmin, (*Server).getTransfer},
			route{"PUT " + pFeat + "/autoTransferNumbers", kindPerson, accAdmin, (*Server).putTransfer})
	}
	return rs
}

// apiMux registers the route table, plus JSON 404/405 answers for the rest of /v1.
func (s *Server) apiMux() http.Handler {
	mux := http.NewServeMux()
	paths := http.NewServeMux() // method-less patterns, to tell 405 from 404
	seen := map[string]bool{}
	nop := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, s.wrap(rt))
		_, p, _ := strings.Cut(rt.pattern, " ")
		if !seen[p] {
			seen[p] = true
			paths.Handle(p, nop)
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if _, pat := paths.Handler(r); pat != "" {
			var allow []string
			for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
				probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
				if _, p := mux.Handler(probe); p != "/" {
					allow = append(allow, m)
				}
			}
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, http.StatusMethodNotAllowed, codeInvalidInput, "method "+r.Method+" is not allowed on this resource")
			return
		}
		writeError(w, http.StatusNotFound, codeNotFound, "resource not found")
	})
	return mux
}

// wrap resolves the target org and entity and checks the caller's rights.
func (s *Server) wrap(rt route) http.Handler {
	write := !strings.HasPrefix(rt.pattern, "GET ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := r.Context().Value(ctxKey{}).(*principal)
		if p == nil {
			writeError(w, http.StatusUnauthorized, codeUnauthorized, "missing principal")
			return
		}
		rc := &reqCtx{p: p, org: p.org}
		if oid := r.URL.Query().Get("orgId"); oid != "" {
			o := s.dir.orgByID[oid]
			if o == nil || !p.canManage(o) {
				fail(w, forbidden("the caller may not act on organization "+oid))
				return
			}
			rc.org = o
		}
		if st := s.orgFaults.status(rc.org.id); st != 0 {
			orgFaultAnswer(w, rc.org.id, st)
			return
		}
		if err := checkRole(p, rt.acc, write); err != nil {
			fail(w, err)
			return
		}
		if rt.kind != 0 {
			id := r.PathValue("id")
			e := rc.org.entity(rt.kind, id)
			if e == nil {
				fail(w, notFound(rt.kind.String()+" "+id+" not found"))
				return
			}
			if err := checkScope(p, rt.acc, e); err != nil {
				fail(w, err)
				return
			}
			rc.e = e
		}
		rt.h(s, w, r, rc)
	})
}

// checkRole: may this role use this class of route at all?
func checkRole(p *principal, acc access, write bool) error {
	switch p.role {
	case roleReadOnlyAdmin:
		if write {
			return forbidden("a read-only administrator may not change settings")
		}
	case roleUser:
		switch acc {
		case accAdmin, accAdminDirectory:
			return forbidden("this API is for administrators only")
		case accDirectory:
			if write {
				return forbidden("this API is for administrators only")
			}
		}
	}
	return nil
}

// checkScope: may this caller act on this particular entity?
func checkScope(p *principal, acc access, e *ent) error {
	switch p.role {
	case roleLocationAdmin:
		if acc != accDirectory && acc != accAdminDirectory && e.loc != p.loc {
			return forbidden("a location administrator may only manage entities of their own location")
		}
	case roleUser:
		if acc == accPersonFeature && (e.kind != kindPerson || e.id != p.person.id) {
			return forbidden("a user may only manage their own settings")
		}
	}
	return nil
}
