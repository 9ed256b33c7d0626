package snapshot

import (
	"context"
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
	// OrgID lists another org's entities (partner admins); empty uses the client default.
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
// A listing error is yielded once and ends the sequence.
func List(ctx context.Context, client *wxc.Client, filter Filter) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		locNames := map[string]string{}
		type loc struct{ id, name, org string }
		var locs []loc
		for loc, err := range client.Locations.AllCalling(ctx, &wxc.LocationListOptions{OrgID: filter.OrgID}) {
			if err != nil {
				yield(Entity{}, fmt.Errorf("list locations: %w", err))
				return
			}
			locNames[loc.ID] = loc.Name
			locs = append(locs, struct{ id, name, org string }{loc.ID, loc.Name, loc.OrgID})
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
					for p, err := range client.People.All(ctx, opts) {
						if err != nil {
							yield(Entity{}, fmt.Errorf("list people: %w", err))
							return
						}
						if p.LocationID == "" || !inLocation(p.LocationID) {
							continue // no Webex Calling
						}
						e := Entity{Kind: wxc.Person, ID: p.ID, Name: p.DisplayName, LocationID: p.LocationID,
							LocationName: locNames[p.LocationID], OrgID: p.OrgID}
						if len(p.Emails) > 0 {
							e.Email = p.Emails[0]
						}
						if !yield(e, nil) {
							return
						}
					}
				}
			case wxc.Workspace:
				for _, scope := range scopes {
					opts := &wxc.WorkspaceListOptions{Calling: "webexCalling", LocationID: scope, OrgID: filter.OrgID}
					for w, err := range client.Workspaces.All(ctx, opts) {
						if err != nil {
							yield(Entity{}, fmt.Errorf("list workspaces: %w", err))
							return
						}
						if w.Calling != nil && w.Calling.Type != "" && w.Calling.Type != "webexCalling" {
							continue
						}
						if !inLocation(w.LocationID) {
							continue
						}
						e := Entity{Kind: wxc.Workspace, ID: w.ID, Name: w.DisplayName, LocationID: w.LocationID,
							LocationName: locNames[w.LocationID], OrgID: w.OrgID}
						if !yield(e, nil) {
							return
						}
					}
				}
			case wxc.Location:
				for _, loc := range locs {
					if !inLocation(loc.id) {
						continue
					}
					e := Entity{Kind: wxc.Location, ID: loc.id, Name: loc.name, LocationID: loc.id,
						LocationName: loc.name, OrgID: loc.org}
					if !yield(e, nil) {
						return
					}
				}
			case wxc.VirtualLine:
				opts := &wxc.VirtualLineListOptions{LocationIDs: filter.LocationIDs, OrgID: filter.OrgID}
				for v, err := range client.VirtualLines.All(ctx, opts) {
					if err != nil {
						yield(Entity{}, fmt.Errorf("list virtual lines: %w", err))
						return
					}
					e := Entity{Kind: wxc.VirtualLine, ID: v.ID, Name: virtualLineName(v.DisplayName, v.FirstName, v.LastName)}
					if v.Location != nil {
						e.LocationID, e.LocationName = v.Location.ID, v.Location.Name
					}
					if !inLocation(e.LocationID) {
						continue
					}
					if !yield(e, nil) {
						return
					}
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
