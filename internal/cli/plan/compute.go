package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Compute diffs the desired state against the current settings of every entity and returns
// the plan. It is pure: no I/O. Assignments apply in file order and a later assignment
// overrides an earlier one field by field (a call type's action and transferEnabled, each
// transfer number, each access code by code, each digit pattern by name).
//
// A selection that names an entity (entities:) or a location (locations:) matching nothing
// in current, or a name matching several entities, is an error.
func Compute(current []snapshot.Settings, desired Desired) (Plan, error) {
	if err := desired.Validate(); err != nil {
		return Plan{}, err
	}
	targets := make([]*Target, len(current))
	for ai, a := range desired.Assignments {
		sel, err := selectEntities(current, a.Select)
		if err != nil {
			return Plan{}, fmt.Errorf("assignments[%d] (profile %s): %w", ai, a.Profile, err)
		}
		for _, i := range sel {
			if targets[i] == nil {
				targets[i] = &Target{}
			}
			targets[i].merge(a.Profile, desired.Profiles[a.Profile])
		}
	}
	if errs := checkCallTypes(current, targets, &desired); len(errs) > 0 {
		return Plan{}, errs
	}
	var p Plan
	for i, t := range targets {
		if t == nil {
			continue
		}
		ep := Diff(&current[i], t)
		if len(ep.Ops) > 0 {
			p.Entities = append(p.Entities, ep)
		}
	}
	return p, nil
}

// maxListed is how many entities an error message names before "and N more".
const maxListed = 5

// listEntities names the entities at idx of current, at most maxListed of them, one per
// indented line.
func listEntities(current []snapshot.Settings, idx []int) string {
	var b strings.Builder
	for _, i := range idx[:min(len(idx), maxListed)] {
		b.WriteString("\n    " + EntityLabel(current[i].Entity))
	}
	if len(idx) > maxListed {
		fmt.Fprintf(&b, "\n    and %d more", len(idx)-maxListed)
	}
	return b.String()
}

// reportedCallTypes is what a read of s reported (nil when nothing was read).
func reportedCallTypes(s *snapshot.Settings) *wxc.CallingPermissions {
	if s.Outgoing == nil {
		return nil
	}
	return s.Outgoing.CallingPermissions
}

// checkCallTypes checks every call type each target sets with wxc.CheckCallType against what
// the entity's read reported: a legacy call type (LOCAL, TOLL) can be set only for entities
// whose read reports it. It returns one error per profile and call type, naming the entities.
func checkCallTypes(current []snapshot.Settings, targets []*Target, d *Desired) Errors {
	type key struct {
		profile string
		ct      wxc.CallType
	}
	bad := map[key][]int{}
	var keys []key
	for i, t := range targets {
		if t == nil {
			continue
		}
		for ct := range t.CallTypes {
			if wxc.CheckCallType(current[i].Kind, ct, reportedCallTypes(&current[i])) == nil {
				continue
			}
			k := key{t.callTypeFrom[ct], ct}
			if _, ok := bad[k]; !ok {
				keys = append(keys, k)
			}
			bad[k] = append(bad[k], i)
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.profile, b.profile); c != 0 {
			return c
		}
		return compareCallTypes(a.ct, b.ct)
	})
	var errs Errors
	for _, k := range keys {
		idx := bad[k]
		slices.Sort(idx)
		path := []string{"profiles", k.profile, "outgoing", "callingPermissions", string(k.ct)}
		var msg string
		if wxc.ClassifyCallType(k.ct) == wxc.CallTypeLegacy {
			msg = fmt.Sprintf("%s is a legacy call type: it can be set only for entities whose read reports it, and the read of %d %s "+
				"the profile is assigned to does not (remove it from the profile, or assign the profile only to entities that report it):%s",
				k.ct, len(idx), plural(len(idx), "entity", "entities"), listEntities(current, idx))
		} else {
			msg = fmt.Sprintf("%s: %s; for:%s", k.ct,
				reason(wxc.CheckCallType(current[idx[0]].Kind, k.ct, reportedCallTypes(&current[idx[0]]))), listEntities(current, idx))
		}
		errs = append(errs, &Error{Path: strings.Join(path, "."), Line: d.lineOfPath(path...), Msg: msg})
	}
	return errs
}

// selectEntities returns the indexes of current that s selects.
func selectEntities(current []snapshot.Settings, s Selection) ([]int, error) {
	var kinds []wxc.EntityKind
	for _, k := range s.Kinds {
		kind, err := wxc.ParseEntityKind(k)
		if err != nil {
			return nil, err
		}
		kinds = append(kinds, kind)
	}
	for _, l := range s.Locations {
		found := slices.ContainsFunc(current, func(c snapshot.Settings) bool {
			return c.LocationID == l || strings.EqualFold(c.LocationName, l)
		})
		if !found {
			return nil, fmt.Errorf("select.locations: no entity is in a location with ID or name %q", l)
		}
	}
	inScope := func(c *snapshot.Settings) bool {
		if len(kinds) > 0 && !slices.Contains(kinds, c.Kind) {
			return false
		}
		if len(s.Locations) > 0 && !slices.ContainsFunc(s.Locations, func(l string) bool {
			return c.LocationID == l || strings.EqualFold(c.LocationName, l)
		}) {
			return false
		}
		return true
	}
	var out []int
	if len(s.Entities) == 0 {
		for i := range current {
			if inScope(&current[i]) {
				out = append(out, i)
			}
		}
		return out, nil
	}
	picked := map[int]bool{}
	for _, ref := range s.Entities {
		var byID, byName []int
		for i := range current {
			c := &current[i]
			if !inScope(c) {
				continue
			}
			switch {
			case c.ID == ref:
				byID = append(byID, i)
			case strings.EqualFold(c.Name, ref) || (c.Email != "" && strings.EqualFold(c.Email, ref)):
				byName = append(byName, i)
			}
		}
		m := byID
		if len(m) == 0 {
			m = byName
		}
		switch {
		case len(m) == 0:
			return nil, fmt.Errorf("select.entities: %q matches no selected entity (give an ID, email or display name)", ref)
		case len(m) > 1:
			var names []string
			for _, i := range m {
				names = append(names, fmt.Sprintf("%s %s (%s)", current[i].Kind, current[i].ID, current[i].Name))
			}
			return nil, fmt.Errorf("select.entities: %q matches %d entities; name one by ID: %s", ref, len(m), strings.Join(names, ", "))
		}
		picked[m[0]] = true
	}
	for i := range current {
		if picked[i] {
			out = append(out, i)
		}
	}
	return out, nil
}
