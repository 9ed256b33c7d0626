package wxc

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// OrganizationsService lists and reads organizations (Client.Organizations): for a partner
// administrator the customer orgs it manages, for an org administrator its own org. Users
// may not call it (403).
//
// These requests never carry orgId, whatever WithOrgID says: the organization list is
// the caller's view across orgs, and GET organizations/{orgId} names the org in its path.
type OrganizationsService struct{ c *Client }

// Organization is a Webex organization.
type Organization struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName,omitempty"`
	// Created is when the org was created (RFC 3339 text, as sent).
	Created string `json:"created,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (o *Organization) UnmarshalJSON(b []byte) error { return decodeModel(b, o) }

// MarshalJSON writes the declared members, then Extra.
func (o Organization) MarshalJSON() ([]byte, error) { return encodeModel(o) }

// Organization paths (call-routing-and-orgs OpenAPI document).
const (
	pathOrganizations = "organizations"
	pathOrganization  = "organizations/{id}"
)

// All iterates over the organizations the token can see. Webex answers them in one page;
// a Link header, if one is ever sent, is followed like every list of this SDK. It stops at
// the first error, which it yields (a *PageError for a failed page); ranging over the same
// iterator again resumes at that page.
//
// API: GET /organizations
func (s *OrganizationsService) All(ctx context.Context) iter.Seq2[Organization, error] {
	if err := checkList(ctx, clientOf(s)); err != nil {
		return errSeq[Organization](err)
	}
	return paginate[Organization](ctx, s.c, pathOrganizations, nil, itemKeyItems)
}

// List returns every organization the token can see, in the order the API lists them (All,
// collected).
//
// API: GET /organizations
func (s *OrganizationsService) List(ctx context.Context) ([]Organization, error) {
	var out []Organization
	for o, err := range s.All(ctx) {
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// Get reads one organization.
//
// API: GET /organizations/{orgId}
func (s *OrganizationsService) Get(ctx context.Context, orgID string) (*Organization, error) {
	if err := checkList(ctx, clientOf(s)); err != nil {
		return nil, err
	}
	if err := requireNonEmpty("orgId", orgID); err != nil {
		return nil, err
	}
	var out Organization
	if _, err := s.c.do(ctx, &request{method: http.MethodGet, path: fillPath(pathOrganization, orgID), out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// clientOf is s.c, or nil for a nil service (a zero Client).
func clientOf(s *OrganizationsService) *Client {
	if s == nil {
		return nil
	}
	return s.c
}
