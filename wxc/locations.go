package wxc

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
)

// LocationsService lists locations (Client.Locations).
type LocationsService struct{ c *Client }

// LocationListOptions filter LocationsService.All and AllCalling. The zero value (or nil)
// lists every location.
type LocationListOptions struct {
	// Name lists locations whose name matches this.
	Name string
	// OrgID lists locations of this organization; empty means the client's WithOrgID, if any
	// (see OrgID).
	OrgID string
	// Max is the page size; 0 uses the API default.
	Max int
}

// LocationInfo is a Webex location.
type LocationInfo struct {
	ID       string   `json:"id"`
	Name     string   `json:"name,omitempty"`
	OrgID    string   `json:"orgId,omitempty"`
	TimeZone string   `json:"timeZone,omitempty"`
	Address  *Address `json:"address,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (l *LocationInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, l) }

// MarshalJSON writes the declared members, then Extra.
func (l LocationInfo) MarshalJSON() ([]byte, error) { return encodeModel(l) }

// Address is a location's postal address.
type Address struct {
	Address1   string `json:"address1,omitempty"`
	City       string `json:"city,omitempty"`
	State      string `json:"state,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	Country    string `json:"country,omitempty"`

	// Extra holds members this SDK version does not model (address2, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (a *Address) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// MarshalJSON writes the declared members, then Extra.
func (a Address) MarshalJSON() ([]byte, error) { return encodeModel(a) }

// locationQuery builds the query of both location lists.
func (s *LocationsService) locationQuery(opts *LocationListOptions) (url.Values, error) {
	var o LocationListOptions
	if opts != nil {
		o = *opts
	}
	q := s.c.listQuery(o.OrgID)
	setIf(q, "name", o.Name)
	return q, setMax(q, o.Max)
}

// All iterates over all locations of the organization (calling-enabled or not), following
// the Link header. It stops at the first error, which it yields (a *PageError for a failed
// page); ranging over the same iterator again resumes at that page.
//
// API: GET /locations
func (s *LocationsService) All(ctx context.Context, opts *LocationListOptions) iter.Seq2[LocationInfo, error] {
	if err := checkList(ctx, s.c); err != nil {
		return errSeq[LocationInfo](err)
	}
	q, err := s.locationQuery(opts)
	if err != nil {
		return errSeq[LocationInfo](err)
	}
	return paginate[LocationInfo](ctx, s.c, pathLocations, q, itemKeyItems)
}

// AllCalling iterates over the Webex Calling enabled locations (envelope key "locations"),
// following the Link header. It stops at the first error, which it yields (a *PageError
// for a failed page); ranging over the same iterator again resumes at that page. The
// trimmed OpenAPI document of this project does not carry this operation.
//
// API: GET /telephony/config/locations (not in the OpenAPI document)
func (s *LocationsService) AllCalling(ctx context.Context, opts *LocationListOptions) iter.Seq2[LocationInfo, error] {
	if err := checkList(ctx, s.c); err != nil {
		return errSeq[LocationInfo](err)
	}
	q, err := s.locationQuery(opts)
	if err != nil {
		return errSeq[LocationInfo](err)
	}
	return paginate[LocationInfo](ctx, s.c, pathCallingLocations, q, itemKeyCallingLocations)
}
