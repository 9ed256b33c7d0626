package wxc

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"
)

// VirtualLinesService lists virtual lines (Client.VirtualLines).
type VirtualLinesService struct{ c *Client }

// VirtualLineListOptions filter VirtualLinesService.All. The zero value (or nil) lists every
// virtual line.
type VirtualLineListOptions struct {
	// LocationIDs lists only virtual lines of these locations (locationId, repeated).
	LocationIDs []string
	// OrgID lists virtual lines of this organization; empty means the client's WithOrgID, if any
	// (see OrgID).
	OrgID string
	// Max is the page size; 0 uses the API default.
	Max int
}

// VirtualLineInfo is a Webex Calling virtual line.
type VirtualLineInfo struct {
	ID          string             `json:"id"`
	FirstName   string             `json:"firstName,omitempty"`
	LastName    string             `json:"lastName,omitempty"`
	DisplayName string             `json:"displayName,omitempty"`
	Location    *IDName            `json:"location,omitempty"`
	Number      *VirtualLineNumber `json:"number,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (v *VirtualLineInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, v) }

// MarshalJSON writes the declared members, then Extra.
func (v VirtualLineInfo) MarshalJSON() ([]byte, error) { return encodeModel(v) }

// IDName is a reference to another object by ID and name.
type IDName struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (r *IDName) UnmarshalJSON(b []byte) error { return decodeModel(b, r) }

// MarshalJSON writes the declared members, then Extra.
func (r IDName) MarshalJSON() ([]byte, error) { return encodeModel(r) }

// VirtualLineNumber is a virtual line's phone number and extension.
type VirtualLineNumber struct {
	External  string `json:"external,omitempty"`
	Extension string `json:"extension,omitempty"`

	// Extra holds members this SDK version does not model (primary, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (n *VirtualLineNumber) UnmarshalJSON(b []byte) error { return decodeModel(b, n) }

// MarshalJSON writes the declared members, then Extra.
func (n VirtualLineNumber) MarshalJSON() ([]byte, error) { return encodeModel(n) }

// All iterates over virtual lines (envelope key "virtualLines"), following the Link header.
// It stops at the first error, which it yields (a *PageError for a failed page); ranging
// over the same iterator again resumes at that page.
//
// API: GET /telephony/config/virtualLines
func (s *VirtualLinesService) All(ctx context.Context, opts *VirtualLineListOptions) iter.Seq2[VirtualLineInfo, error] {
	if err := checkList(ctx, s.c); err != nil {
		return errSeq[VirtualLineInfo](err)
	}
	var o VirtualLineListOptions
	if opts != nil {
		o = *opts
	}
	q := s.c.listQuery(o.OrgID)
	for i, id := range o.LocationIDs {
		if err := requireNonEmpty("locationIds["+strconv.Itoa(i)+"]", id); err != nil {
			return errSeq[VirtualLineInfo](err)
		}
		q.Add("locationId", id)
	}
	if err := setMax(q, o.Max); err != nil {
		return errSeq[VirtualLineInfo](err)
	}
	return paginate[VirtualLineInfo](ctx, s.c, pathVirtualLines, q, itemKeyVirtualLines)
}
