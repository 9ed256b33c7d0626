package wxc

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// PeopleService lists and reads people (Client.People).
type PeopleService struct{ c *Client }

// PeopleListOptions filter PeopleService.All. The zero value (or nil) lists everyone.
type PeopleListOptions struct {
	// CallingData asks for the calling fields (LocationID, Extension, PhoneNumbers); sent as
	// callingData=true.
	CallingData bool
	// LocationID lists only people of this location.
	LocationID string
	// Email lists only the person with this email address.
	Email string
	// DisplayName lists people whose display name starts with this.
	DisplayName string
	// OrgID lists people of this organization; empty means the client's WithOrgID, if any
	// (the same rule as the OrgID call option: see OrgID).
	OrgID string
	// Max is the page size (the API clamps it: at most 100 with CallingData, 50 with
	// LocationID). 0 uses the API default.
	Max int
}

// PersonInfo is a Webex user, as GET people returns them.
type PersonInfo struct {
	ID           string        `json:"id"`
	Emails       []string      `json:"emails,omitempty"`
	DisplayName  string        `json:"displayName,omitempty"`
	FirstName    string        `json:"firstName,omitempty"`
	LastName     string        `json:"lastName,omitempty"`
	OrgID        string        `json:"orgId,omitempty"`
	LocationID   string        `json:"locationId,omitempty"`
	Extension    string        `json:"extension,omitempty"`
	PhoneNumbers []PhoneNumber `json:"phoneNumbers,omitempty"`

	// Extra holds members this SDK version does not model (licenses, created, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (p *PersonInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// MarshalJSON writes the declared members, then Extra.
func (p PersonInfo) MarshalJSON() ([]byte, error) { return encodeModel(p) }

// PhoneNumber is one of a person's phone numbers.
type PhoneNumber struct {
	Type  string `json:"type,omitempty"`
	Value string `json:"value,omitempty"`

	// Extra holds members this SDK version does not model (primary, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (n *PhoneNumber) UnmarshalJSON(b []byte) error { return decodeModel(b, n) }

// MarshalJSON writes the declared members, then Extra.
func (n PhoneNumber) MarshalJSON() ([]byte, error) { return encodeModel(n) }

// All iterates over people, following the Link header from page to page. It stops at the
// first error, which it yields (a *PageError for a failed page); ranging over the same
// iterator again resumes at that page.
//
// API: GET /people
func (s *PeopleService) All(ctx context.Context, opts *PeopleListOptions) iter.Seq2[PersonInfo, error] {
	if err := checkList(ctx, s.c); err != nil {
		return errSeq[PersonInfo](err)
	}
	var o PeopleListOptions
	if opts != nil {
		o = *opts
	}
	q := s.c.listQuery(o.OrgID)
	if o.CallingData {
		q.Set("callingData", "true")
	}
	setIf(q, "locationId", o.LocationID)
	setIf(q, "email", o.Email)
	setIf(q, "displayName", o.DisplayName)
	if err := setMax(q, o.Max); err != nil {
		return errSeq[PersonInfo](err)
	}
	return paginate[PersonInfo](ctx, s.c, pathPeople, q, itemKeyItems)
}

// Get returns one person, with calling data (callingData=true). orgId is sent when set
// (OrgID or WithOrgID) although the API documents no such parameter here: the service
// ignores it, and the emulator uses it to find a partner's customer org.
//
// API: GET /people/{personId}
func (s *PeopleService) Get(ctx context.Context, personID string, opts ...CallOption) (*PersonInfo, error) {
	if err := checkList(ctx, s.c); err != nil {
		return nil, err
	}
	if err := requireNonEmpty("personId", personID); err != nil {
		return nil, err
	}
	q, _ := s.c.callQuery(opts)
	q.Set("callingData", "true")
	var out PersonInfo
	if _, err := s.c.do(ctx, &request{method: http.MethodGet, path: fillPath(pathPerson, personID), query: q, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
