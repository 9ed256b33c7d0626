package snapshot

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/wxcgo/go-wxc/wxc"
)

// Runs over several orgs (--all-orgs): one client, hence one rate limit and one concurrency
// budget, reads every org one after the other. Each org's lists go to that org (the list
// options' OrgID) and each entity is read in its org (the wxc.OrgID call option), so the
// client needs no WithOrgID. Memory holds one org's location names at a time, whatever the
// number of orgs; the entities stream as for one org.

// AllOrgs yields the entities that filter selects in every org of orgs, org by org (in
// the order given), each carrying its OrgID and OrgName. A list that fails is yielded as a
// *ListError naming its org; a failed calling-locations list, which ends its own org's
// sequence, does not end the others': the next org is listed. filter.OrgID is ignored.
func AllOrgs(ctx context.Context, client *wxc.Client, orgs []wxc.Organization, filter Filter, retries *Retries) iter.Seq2[Entity, error] {
	return func(yield func(Entity, error) bool) {
		for _, o := range orgs {
			if ctx.Err() != nil {
				return
			}
			f := filter
			f.OrgID = o.ID
			for e, err := range ListCounting(ctx, client, f, retries) {
				e.OrgID, e.OrgName = o.ID, o.DisplayName
				var le *ListError
				if errors.As(err, &le) {
					le.OrgID, le.OrgName = o.ID, o.DisplayName
					// A failed calling-locations list ends this org's sequence only: the next
					// org is listed (OrgFailed tells such a list).
					le.OrgStopped, le.Stopped = le.Stopped, false
					le.List = fmt.Sprintf("%s of org %q", le.List, o.DisplayName)
				}
				if !yield(e, err) {
					return
				}
			}
		}
	}
}

// OrgFailed reports whether le is the failed calling-locations list of an org of AllOrgs:
// nothing of that org was read.
func OrgFailed(le *ListError) bool {
	return le.OrgStopped
}

// StreamOrgs is Stream for the entities of AllOrgs: every entity is read in its own org
// (Entity.OrgID) with the one client; opts follow that org option (Stream's signature).
func StreamOrgs(ctx context.Context, client *wxc.Client, entities iter.Seq2[Entity, error], concurrency int,
	retries *Retries, fn func(Result) error, opts ...wxc.CallOption) error {
	return Run(ctx, entities, concurrency, func(ctx context.Context, e Entity) (*Settings, error) {
		return FetchRetrying(ctx, client, e, retries, append([]wxc.CallOption{wxc.OrgID(e.OrgID)}, opts...)...)
	}, fn)
}
