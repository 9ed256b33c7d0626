package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const created = "2024-01-02T03:04:05.000Z"

type phoneOut struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Primary bool   `json:"primary"`
}

type personOut struct {
	ID           string     `json:"id"`
	Emails       []string   `json:"emails"`
	PhoneNumbers []phoneOut `json:"phoneNumbers,omitempty"`
	Extension    string     `json:"extension,omitempty"`
	LocationID   string     `json:"locationId,omitempty"`
	DisplayName  string     `json:"displayName"`
	FirstName    string     `json:"firstName"`
	LastName     string     `json:"lastName"`
	OrgID        string     `json:"orgId"`
	Licenses     []string   `json:"licenses"`
	Created      string     `json:"created"`
	Type         string     `json:"type"`
}

type addressOut struct {
	Address1   string `json:"address1"`
	City       string `json:"city"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postalCode"`
	Country    string `json:"country"`
}

type locationOut struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	OrgID    string     `json:"orgId"`
	TimeZone string     `json:"timeZone"`
	Address  addressOut `json:"address"`
}

type workspaceCallingOut struct {
	Type string `json:"type"`
}

type workspaceOut struct {
	ID          string              `json:"id"`
	OrgID       string              `json:"orgId"`
	LocationID  string              `json:"locationId"`
	DisplayName string              `json:"displayName"`
	Type        string              `json:"type"`
	Calling     workspaceCallingOut `json:"calling"`
	Created     string              `json:"created"`
}

type idName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type vlNumberOut struct {
	External      string `json:"external,omitempty"`
	Extension     string `json:"extension,omitempty"`
	RoutingPrefix string `json:"routingPrefix,omitempty"`
	ESN           string `json:"esn,omitempty"`
	Primary       bool   `json:"primary"`
}

// vlineOut is ListVirtualLineObject (no displayName: the OpenAPI has none).
type vlineOut struct {
	ID                         string      `json:"id"`
	FirstName                  string      `json:"firstName"`
	LastName                   string      `json:"lastName"`
	ExternalCallerIDNamePolicy string      `json:"externalCallerIdNamePolicy"`
	Number                     vlNumberOut `json:"number"`
	Location                   idName      `json:"location"`
	NumberOfDevicesAssigned    int         `json:"numberOfDevicesAssigned"`
}

// page holds the parsed paging parameters of a list request.
type page struct {
	max   int
	start int
}

// parsePage reads max (default def, clamped to limit) and the start offset
// (from cursorParam, which is "start" or the opaque "cursor").
func parsePage(q url.Values, def, limit int, cursorParam string) (page, error) {
	p := page{max: def}
	if v := q.Get("max"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, badRequest("max must be a positive integer")
		}
		p.max = min(n, limit)
	}
	if v := q.Get(cursorParam); v != "" {
		if cursorParam == "cursor" {
			b, err := base64.RawURLEncoding.DecodeString(v)
			if err != nil || !strings.HasPrefix(string(b), "o:") {
				return p, badRequest("cursor is not valid")
			}
			v = string(b[2:])
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, badRequest(cursorParam + " must be a non-negative integer")
		}
		p.start = n
	}
	return p, nil
}

// setNext sets the Link header for the next page starting at index next:
// the same URL, all filters repeated, with max and the cursor set.
func setNext(w http.ResponseWriter, r *http.Request, p page, cursorParam string, next int) {
	q := r.URL.Query()
	q.Set("max", strconv.Itoa(p.max))
	if cursorParam == "cursor" {
		q.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte("o:"+strconv.Itoa(next))))
	} else {
		q.Set(cursorParam, strconv.Itoa(next))
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	u := url.URL{Scheme: scheme, Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", "<"+u.String()+`>; rel="next"`)
}

// collect pages through n items from p.start, keeping those match accepts.
// It returns the indexes of one page and the index of the next match (-1 if none).
func collect(n int, p page, match func(i int) bool) (idx []int, next int) {
	idx = make([]int, 0, min(p.max, 64))
	for i := p.start; i < n; i++ {
		if !match(i) {
			continue
		}
		if len(idx) == p.max {
			return idx, i
		}
		idx = append(idx, i)
	}
	return idx, -1
}

func parseBoolParam(q url.Values, name string) (bool, error) {
	switch v := q.Get(name); v {
	case "":
		return false, nil
	default:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, badRequest(name + " must be true or false")
		}
		return b, nil
	}
}

func (s *Server) personJSON(p *person, callingData bool) personOut {
	out := personOut{ID: p.id, Emails: []string{p.email}, DisplayName: strings.TrimSpace(p.first + " " + p.last),
		FirstName: p.first, LastName: p.last, OrgID: p.org.id, Licenses: personLicenses(p), Created: created, Type: "person"}
	if callingData && !p.noCalling {
		out.LocationID, out.Extension = p.loc.id, p.ext
		if p.phone != "" {
			out.PhoneNumbers = []phoneOut{{Type: "work", Value: p.phone, Primary: true}}
		}
	}
	return out
}

func (s *Server) listPeople(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	q := r.URL.Query()
	callingData, err := parseBoolParam(q, "callingData")
	if err != nil {
		fail(w, err)
		return
	}
	locID, email, dn := q.Get("locationId"), q.Get("email"), strings.ToLower(q.Get("displayName"))
	limit := 1000
	if callingData {
		limit = 100
	}
	if locID != "" {
		limit = 50
	}
	p, err := parsePage(q, min(100, limit), limit, "cursor")
	if err != nil {
		fail(w, err)
		return
	}
	var ids map[string]bool
	var notFound []string
	if v := q.Get("id"); v != "" {
		parts := strings.Split(v, ",")
		if len(parts) > 85 {
			fail(w, badRequest("at most 85 IDs"))
			return
		}
		ids = map[string]bool{}
		for _, id := range parts {
			ids[id] = true
			if rc.org.personByID[id] == nil {
				notFound = append(notFound, id)
			}
		}
	}
	// The calling people, then those without Webex Calling.
	people, others := rc.org.people, rc.org.nonCalling
	at := func(i int) *person {
		if i < len(people) {
			return people[i]
		}
		return others[i-len(people)]
	}
	idx, next := collect(len(people)+len(others), p, func(i int) bool {
		pp := at(i)
		return (locID == "" || (!pp.noCalling && pp.loc.id == locID)) &&
			(email == "" || strings.EqualFold(pp.email, email)) &&
			(dn == "" || strings.HasPrefix(strings.ToLower(pp.first+" "+pp.last), dn)) &&
			(ids == nil || ids[pp.id])
	})
	out := struct {
		Items       []personOut `json:"items"`
		NotFoundIDs []string    `json:"notFoundIds,omitempty"`
	}{Items: make([]personOut, len(idx)), NotFoundIDs: notFound}
	for j, i := range idx {
		out.Items[j] = s.personJSON(at(i), callingData)
	}
	if next >= 0 {
		setNext(w, r, p, "cursor", next)
	}
	writeJSON(w, http.StatusOK, &out)
}

func (s *Server) getPerson(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	callingData, err := parseBoolParam(r.URL.Query(), "callingData")
	if err != nil {
		fail(w, err)
		return
	}
	// Resolved here, not by the route: people without Webex Calling are no
	// calling entities, but they are people.
	id := r.PathValue("id")
	p := rc.org.personByID[id]
	if p == nil {
		for _, a := range rc.org.admins {
			if a.id == id {
				p = a
			}
		}
	}
	if p == nil {
		fail(w, notFound("person "+id+" not found"))
		return
	}
	out := s.personJSON(p, callingData)
	writeJSON(w, http.StatusOK, &out)
}

func locationJSON(l *location) locationOut {
	return locationOut{ID: l.id, Name: l.name, OrgID: l.org.id, TimeZone: l.timeZone,
		Address: addressOut{Address1: l.address1, City: l.city, State: l.state, PostalCode: l.postal, Country: l.country}}
}

// locationsPage returns one page of the org's locations (filters name,
// substring in any case, and id), setting the Link header.
func (s *Server) locationsPage(w http.ResponseWriter, r *http.Request, rc *reqCtx) ([]*location, bool) {
	q := r.URL.Query()
	p, err := parsePage(q, 500, 1000, "start")
	if err != nil {
		fail(w, err)
		return nil, false
	}
	name, id := strings.ToLower(q.Get("name")), q.Get("id")
	locs := rc.org.locations
	idx, next := collect(len(locs), p, func(i int) bool {
		return (name == "" || strings.Contains(strings.ToLower(locs[i].name), name)) && (id == "" || locs[i].id == id)
	})
	out := make([]*location, len(idx))
	for j, i := range idx {
		out[j] = locs[i]
	}
	if next >= 0 {
		setNext(w, r, p, "start", next)
	}
	return out, true
}

func (s *Server) listLocations(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	locs, ok := s.locationsPage(w, r, rc)
	if !ok {
		return
	}
	out := struct {
		Items []locationOut `json:"items"`
	}{Items: make([]locationOut, len(locs))}
	for i, l := range locs {
		out.Items[i] = locationJSON(l)
	}
	writeJSON(w, http.StatusOK, &out)
}

func (s *Server) listWorkspaces(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	q := r.URL.Query()
	p, err := parsePage(q, 100, 1000, "start")
	if err != nil {
		fail(w, err)
		return
	}
	locID, calling, dn := q.Get("locationId"), q.Get("calling"), strings.ToLower(q.Get("displayName"))
	ws := rc.org.workspaces
	idx, next := collect(len(ws), p, func(i int) bool {
		x := ws[i]
		return (locID == "" || x.loc.id == locID) && (dn == "" || strings.Contains(strings.ToLower(x.name), dn)) &&
			(calling == "" || calling == workspaceCalling(x))
	})
	out := struct {
		Items []workspaceOut `json:"items"`
	}{Items: make([]workspaceOut, len(idx))}
	for j, i := range idx {
		x := ws[i]
		out.Items[j] = workspaceOut{ID: x.id, OrgID: x.org.id, LocationID: x.loc.id, DisplayName: x.name, Type: "meetingRoom",
			Calling: workspaceCallingOut{Type: workspaceCalling(x)}, Created: created}
	}
	if next >= 0 {
		setNext(w, r, p, "start", next)
	}
	writeJSON(w, http.StatusOK, &out)
}

func workspaceCalling(w *workspace) string {
	if w.calling {
		return "webexCalling"
	}
	return "freeCalling"
}

func (s *Server) listVirtualLines(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	q := r.URL.Query()
	p, err := parsePage(q, 100, 1000, "start")
	if err != nil {
		fail(w, err)
		return
	}
	var locs map[string]bool
	if v := q["locationId"]; len(v) > 0 {
		locs = map[string]bool{}
		for _, x := range v {
			for _, id := range strings.Split(x, ",") {
				locs[id] = true
			}
		}
	}
	vls := rc.org.vlines
	idx, next := collect(len(vls), p, func(i int) bool { return locs == nil || locs[vls[i].loc.id] })
	out := struct {
		VirtualLines []vlineOut `json:"virtualLines"`
	}{VirtualLines: make([]vlineOut, len(idx))}
	for j, i := range idx {
		v := vls[i]
		num := vlNumberOut{External: v.phone, Extension: v.ext, Primary: true}
		if v.ext != "" {
			num.RoutingPrefix, num.ESN = v.loc.routingPrefix, v.loc.routingPrefix+v.ext
		}
		out.VirtualLines[j] = vlineOut{ID: v.id, FirstName: v.first, LastName: v.last,
			ExternalCallerIDNamePolicy: "DIRECT_LINE", Number: num,
			Location: idName{ID: v.loc.id, Name: v.loc.name}}
	}
	if next >= 0 {
		setNext(w, r, p, "start", next)
	}
	writeJSON(w, http.StatusOK, &out)
}
