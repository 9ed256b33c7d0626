package snapshot

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// Filter selects the entities List yields. The zero value selects every calling entity of
// every kind in the client's org.
type Filter struct {
	// Kinds to list, in this order; empty means person, workspace, location, virtual-line.
	Kinds []wxc.EntityKind
	// LocationIDs keeps only entities in these locations (for a location: the location
	// itself); empty means all locations. Names must be resolved to IDs first.
	LocationIDs []string
	// The org is the client's (wxc.WithOrgID): the one place the CLI sets it.
	// OrgID, when set, lists that org instead (the list options' OrgID): only for a run
	// over several orgs with one client (AllOrgs, orgs.go).
	OrgID string
}

// kinds returns the kinds to list, deduplicated, in the filter's order.
func (f Filter) kinds() []wxc.EntityKind {
	if len(f.Kinds) == 0 {
		return wxc.EntityKinds()
	}
	var out []wxc.EntityKind
	for _, k := range f.Kinds {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// List yields the calling entities selected by filter: people with Webex Calling (they have a
// location), workspaces with Webex Calling, calling locations and virtual lines, kind by kind.
// It pages through the list endpoints lazily and holds only the location names in memory.
//
// A list page that fails with a temporary error is requested again (ListRetries). A list that
// still fails is yielded as a *ListError and the sequence goes on with the next list, except
// for the calling-locations list, which comes first and names every entity's location: its
// failure ends the sequence (ListError.Stopped).
func List(ctx context.Context, client *wxc.Client, filter Filter) iter.Seq2[Entity, error] {
	return ListCounting(ctx, client, filter, nil)
}

// ListCounting is List, counting the pages it requests again in retries (which may be nil).
func ListCounting(ctx context.Context, client *wxc.Client, filter Filter, retries *Retries) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		locNames := map[string]string{}
		locCountries := map[string]string{}
		type loc struct{ id, name, org, country string }
		var locs []loc
		// failed yields a list's final error; it reports whether the caller wants more.
		failed := func(kind wxc.EntityKind, what string, listed, tries int, err error, stop bool) bool {
			le := &ListError{Kind: kind, List: what, Listed: listed, Tries: tries, Stopped: stop, Err: err}
			var pe *wxc.PageError
			if errors.As(err, &pe) {
				le.Page = pe.Page
			}
			return yield(Entity{Kind: kind}, le) && !stop
		}
		{
			n := 0
			tries, err, _ := pages(ctx, client.Locations.AllCalling(ctx, &wxc.LocationListOptions{OrgID: filter.OrgID}), retries,
				func(l wxc.LocationInfo) bool {
					locNames[l.ID] = l.Name
					locs = append(locs, loc{l.ID, l.Name, l.OrgID, ""})
					n++
					return true
				})
			if err != nil {
				failed(wxc.Location, "calling locations", n, tries, err, true)
				return
			}
		}
		// The calling-locations list has no address: each location's country (for
		// LocationCountry) comes from the locations list. Best effort: that list needs the
		// spark-admin:locations_read scope, and nothing else depends on it, so when it still
		// fails the records simply have no locationCountry (`wxc check --from` then says so).
		pages(ctx, client.Locations.All(ctx, &wxc.LocationListOptions{OrgID: filter.OrgID}), retries, func(l wxc.LocationInfo) bool {
			if l.Address != nil && l.Address.Country != "" {
				locCountries[l.ID] = strings.ToUpper(l.Address.Country)
			}
			return true
		})
		for i := range locs {
			locs[i].country = locCountries[locs[i].id]
		}
		inLocation := func(id string) bool {
			return len(filter.LocationIDs) == 0 || slices.Contains(filter.LocationIDs, id)
		}
		// scopes are the location IDs to query per location-filtered list ("" = no filter).
		scopes := []string{""}
		if len(filter.LocationIDs) > 0 {
			scopes = filter.LocationIDs
		}
		for _, kind := range filter.kinds() {
			switch kind {
			case wxc.Person:
				for _, scope := range scopes {
					opts := &wxc.PeopleListOptions{CallingData: true, LocationID: scope, OrgID: filter.OrgID}
					n := 0
					tries, err, stopped := pages(ctx, client.People.All(ctx, opts), retries, func(p wxc.PersonInfo) bool {
						if p.LocationID == "" || !inLocation(p.LocationID) {
							return true // no Webex Calling
						}
						e := Entity{Kind: wxc.Person, ID: p.ID, Name: p.DisplayName, LocationID: p.LocationID,
							LocationName: locNames[p.LocationID], OrgID: p.OrgID, LocationCountry: locCountries[p.LocationID]}
						if len(p.Emails) > 0 {
							e.Email = p.Emails[0]
						}
						n++
						return yield(e, nil)
					})
					if stopped || (err != nil && !failed(wxc.Person, "people", n, tries, err, false)) {
						return
					}
				}
			case wxc.Workspace:
				for _, scope := range scopes {
					opts := &wxc.WorkspaceListOptions{Calling: "webexCalling", LocationID: scope, OrgID: filter.OrgID}
					n := 0
					tries, err, stopped := pages(ctx, client.Workspaces.All(ctx, opts), retries, func(w wxc.WorkspaceInfo) bool {
						if w.Calling != nil && w.Calling.Type != "" && w.Calling.Type != "webexCalling" {
							return true
						}
						if !inLocation(w.LocationID) {
							return true
						}
						e := Entity{Kind: wxc.Workspace, ID: w.ID, Name: w.DisplayName, LocationID: w.LocationID,
							LocationName: locNames[w.LocationID], OrgID: w.OrgID, LocationCountry: locCountries[w.LocationID]}
						n++
						return yield(e, nil)
					})
					if stopped || (err != nil && !failed(wxc.Workspace, "workspaces", n, tries, err, false)) {
						return
					}
				}
			case wxc.Location:
				for _, loc := range locs {
					if !inLocation(loc.id) {
						continue
					}
					e := Entity{Kind: wxc.Location, ID: loc.id, Name: loc.name, LocationID: loc.id,
						LocationName: loc.name, OrgID: loc.org, LocationCountry: loc.country}
					if !yield(e, nil) {
						return
					}
				}
			case wxc.VirtualLine:
				opts := &wxc.VirtualLineListOptions{LocationIDs: filter.LocationIDs, OrgID: filter.OrgID}
				n := 0
				tries, err, stopped := pages(ctx, client.VirtualLines.All(ctx, opts), retries, func(v wxc.VirtualLineInfo) bool {
					e := Entity{Kind: wxc.VirtualLine, ID: v.ID, Name: virtualLineName(v.DisplayName, v.FirstName, v.LastName)}
					if v.Location != nil {
						e.LocationID, e.LocationName = v.Location.ID, v.Location.Name
						e.LocationCountry = locCountries[v.Location.ID]
					}
					if !inLocation(e.LocationID) {
						return true
					}
					n++
					return yield(e, nil)
				})
				if stopped || (err != nil && !failed(wxc.VirtualLine, "virtual lines", n, tries, err, false)) {
					return
				}
			default:
				yield(Entity{}, fmt.Errorf("unknown entity kind %q", kind))
				return
			}
		}
	}
}

func virtualLineName(display, first, last string) string {
	if display != "" {
		return display
	}
	return strings.TrimSpace(first + " " + last)
}
