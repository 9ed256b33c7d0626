// Package resolve turns what a user typed (an ID, an email address or a display name) into
// one entity, through the SDK's list endpoints. A name that matches several entities is an
// error that lists the candidates, so the user can pick one by ID.
package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"text/tabwriter"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NotFoundError says no entity of Kind matches Ref.
type NotFoundError struct {
	Kind wxc.EntityKind
	Ref  string
}

// Error says what was not found and how to list the entities.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no %s matches %q (give its ID, email or display name; `wxc export --kind %s -o csv` lists them)",
		e.Kind, e.Ref, e.Kind)
}

// AmbiguousError says several entities of Kind match Ref.
type AmbiguousError struct {
	Kind       wxc.EntityKind
	Ref        string
	Candidates []snapshot.Entity
}

// Error lists the candidates, one per line under a header: kind, name, email (people),
// location (its name where known, else its ID) and ID.
func (e *AmbiguousError) Error() string {
	var b strings.Builder
	emails := false
	for _, c := range e.Candidates {
		emails = emails || c.Email != ""
	}
	by := "ID"
	if emails {
		by = "ID or email"
	}
	fmt.Fprintf(&b, "%q matches %d %s; name one by %s:\n", e.Ref, len(e.Candidates), Plural(e.Kind), by)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	row := func(kind, name, email, location, id string) {
		if emails {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", kind, name, email, location, id)
		} else {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", kind, name, location, id)
		}
	}
	row("KIND", "NAME", "EMAIL", "LOCATION", "ID")
	for _, c := range e.Candidates {
		kind := c.Kind
		if kind == "" {
			kind = e.Kind
		}
		row(string(kind), orDash(c.Name), orDash(c.Email), orDash(cmp.Or(c.LocationName, c.LocationID)), c.ID)
	}
	tw.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// Plural names several entities of kind: "people", "workspaces", "locations", "virtual
// lines".
func Plural(kind wxc.EntityKind) string {
	switch kind {
	case wxc.Person:
		return "people"
	case wxc.VirtualLine:
		return "virtual lines"
	}
	return string(kind) + "s"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Entity returns the entity of kind that ref names: its ID, email address (people) or display
// name (location: name), compared case-insensitively. The org is the client's
// (wxc.WithOrgID).
func Entity(ctx context.Context, client *wxc.Client, kind wxc.EntityKind, ref string) (snapshot.Entity, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return snapshot.Entity{}, fmt.Errorf("empty %s name or ID", kind)
	}
	var (
		e   snapshot.Entity
		err error
	)
	switch kind {
	case wxc.Person:
		e, err = person(ctx, client, ref)
	case wxc.Workspace:
		e, err = workspace(ctx, client, ref)
	case wxc.Location:
		e, err = pick(kind, ref, locations(ctx, client))
	case wxc.VirtualLine:
		e, err = pick(kind, ref, virtualLines(ctx, client))
	default:
		return snapshot.Entity{}, fmt.Errorf("unknown entity kind %q: want person, workspace, location or virtual-line", kind)
	}
	var amb *AmbiguousError
	if errors.As(err, &amb) {
		nameLocations(ctx, client, amb.Candidates)
	}
	return e, err
}

// nameLocations fills the location names of candidates that only have a location ID (people
// and workspaces), so that a person can tell them apart. It is best effort: on a list error
// the IDs stay.
func nameLocations(ctx context.Context, client *wxc.Client, candidates []snapshot.Entity) {
	missing := false
	for _, c := range candidates {
		missing = missing || (c.LocationID != "" && c.LocationName == "")
	}
	if !missing {
		return
	}
	names := map[string]string{}
	for l, err := range locations(ctx, client) {
		if err != nil {
			return
		}
		names[l.ID] = l.Name
	}
	for i := range candidates {
		if c := &candidates[i]; c.LocationName == "" {
			c.LocationName = names[c.LocationID]
		}
	}
}

// LocationIDs resolves each ref (a location ID or name) to a location ID.
func LocationIDs(ctx context.Context, client *wxc.Client, refs []string) ([]string, error) {
	var ids []string
	for _, r := range refs {
		e, err := Entity(ctx, client, wxc.Location, r)
		if err != nil {
			return nil, err
		}
		ids = append(ids, e.ID)
	}
	return ids, nil
}

// pick chooses from candidates: an exact ID match wins; otherwise exactly one match on email
// or name (case-insensitive) is required.
func pick(kind wxc.EntityKind, ref string, all iter.Seq2[snapshot.Entity, error]) (snapshot.Entity, error) {
	var matches []snapshot.Entity
	for e, err := range all {
		if err != nil {
			return snapshot.Entity{}, err
		}
		if e.ID == ref {
			return e, nil
		}
		if strings.EqualFold(e.Name, ref) || (e.Email != "" && strings.EqualFold(e.Email, ref)) {
			matches = append(matches, e)
		}
	}
	switch len(matches) {
	case 0:
		return snapshot.Entity{}, &NotFoundError{Kind: kind, Ref: ref}
	case 1:
		return matches[0], nil
	}
	return snapshot.Entity{}, &AmbiguousError{Kind: kind, Ref: ref, Candidates: matches}
}

func person(ctx context.Context, client *wxc.Client, ref string) (snapshot.Entity, error) {
	list := func(opts *wxc.PeopleListOptions) iter.Seq2[snapshot.Entity, error] {
		return func(yield func(snapshot.Entity, error) bool) {
			for p, err := range client.People.All(ctx, opts) {
				if err != nil {
					yield(snapshot.Entity{}, fmt.Errorf("list people: %w", err))
					return
				}
				e := snapshot.Entity{Kind: wxc.Person, ID: p.ID, Name: p.DisplayName, LocationID: p.LocationID, OrgID: p.OrgID}
				for _, m := range p.Emails {
					if e.Email == "" || strings.EqualFold(m, ref) {
						e.Email = m
					}
				}
				if !yield(e, nil) {
					return
				}
			}
		}
	}
	if strings.Contains(ref, "@") {
		return pick(wxc.Person, ref, list(&wxc.PeopleListOptions{Email: ref, CallingData: true}))
	}
	if !strings.ContainsAny(ref, " \t") {
		p, err := client.People.Get(ctx, ref)
		switch {
		case err == nil && p != nil && p.ID != "":
			e := snapshot.Entity{Kind: wxc.Person, ID: p.ID, Name: p.DisplayName, LocationID: p.LocationID, OrgID: p.OrgID}
			if len(p.Emails) > 0 {
				e.Email = p.Emails[0]
			}
			return e, nil
		case err != nil && !errors.Is(err, wxc.ErrNotFound) && !errors.Is(err, wxc.ErrBadRequest):
			return snapshot.Entity{}, err // the SDK names the call already
		}
	}
	return pick(wxc.Person, ref, list(&wxc.PeopleListOptions{DisplayName: ref, CallingData: true}))
}

func workspace(ctx context.Context, client *wxc.Client, ref string) (snapshot.Entity, error) {
	list := func(opts *wxc.WorkspaceListOptions) iter.Seq2[snapshot.Entity, error] {
		return func(yield func(snapshot.Entity, error) bool) {
			for w, err := range client.Workspaces.All(ctx, opts) {
				if err != nil {
					yield(snapshot.Entity{}, fmt.Errorf("list workspaces: %w", err))
					return
				}
				if !yield(snapshot.Entity{Kind: wxc.Workspace, ID: w.ID, Name: w.DisplayName, LocationID: w.LocationID, OrgID: w.OrgID}, nil) {
					return
				}
			}
		}
	}
	e, err := pick(wxc.Workspace, ref, list(&wxc.WorkspaceListOptions{DisplayName: ref}))
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		return e, err
	}
	// Not a name: it may be an ID; scan the list.
	return pick(wxc.Workspace, ref, list(nil))
}

func locations(ctx context.Context, client *wxc.Client) iter.Seq2[snapshot.Entity, error] {
	return func(yield func(snapshot.Entity, error) bool) {
		for l, err := range client.Locations.AllCalling(ctx, nil) {
			if err != nil {
				yield(snapshot.Entity{}, fmt.Errorf("list locations: %w", err))
				return
			}
			e := snapshot.Entity{Kind: wxc.Location, ID: l.ID, Name: l.Name, LocationID: l.ID, LocationName: l.Name, OrgID: l.OrgID}
			if !yield(e, nil) {
				return
			}
		}
	}
}

func virtualLines(ctx context.Context, client *wxc.Client) iter.Seq2[snapshot.Entity, error] {
	return func(yield func(snapshot.Entity, error) bool) {
		for v, err := range client.VirtualLines.All(ctx, nil) {
			if err != nil {
				yield(snapshot.Entity{}, fmt.Errorf("list virtual lines: %w", err))
				return
			}
			name := v.DisplayName
			if name == "" {
				name = strings.TrimSpace(v.FirstName + " " + v.LastName)
			}
			e := snapshot.Entity{Kind: wxc.VirtualLine, ID: v.ID, Name: name}
			if v.Location != nil {
				e.LocationID, e.LocationName = v.Location.ID, v.Location.Name
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}
