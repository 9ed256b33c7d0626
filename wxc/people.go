package wxc

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

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
	// OrgID lists people of this organization; empty means the client's WithOrgID, if any.
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
func (p *PersonInfo) UnmarshalJSON(b []byte) error {
	type plain PersonInfo
	var v plain
	extra, err := decodeKeep(b, &v)
	if err != nil {
		return err
	}
	*p = PersonInfo(v)
	p.Extra = extra
	return nil
}

// MarshalJSON writes the declared members, then Extra.
func (p PersonInfo) MarshalJSON() ([]byte, error) {
	type plain PersonInfo
	return encodeKeep(plain(p), p.Extra)
}

// PhoneNumber is one of a person's phone numbers.
type PhoneNumber struct {
	Type  string `json:"type,omitempty"`
	Value string `json:"value,omitempty"`

	// Extra holds members this SDK version does not model (primary, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (n *PhoneNumber) UnmarshalJSON(b []byte) error {
	type plain PhoneNumber
	var v plain
	extra, err := decodeKeep(b, &v)
	if err != nil {
		return err
	}
	*n = PhoneNumber(v)
	n.Extra = extra
	return nil
}

// MarshalJSON writes the declared members, then Extra.
func (n PhoneNumber) MarshalJSON() ([]byte, error) {
	type plain PhoneNumber
	return encodeKeep(plain(n), n.Extra)
}

// listOrg is the orgId for a list call: the options' value, else the client's default.
func (c *Client) listOrg(orgID string) string {
	if orgID != "" {
		return orgID
	}
	return c.defaultOrgID
}

// setIf sets q[key] = v when v is not empty.
func setIf(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}

// setMax sets max when m > 0 and reports a negative m.
func setMax(q url.Values, m int) error {
	if m < 0 {
		return &ValidationError{Field: "max", Reason: "must not be negative"}
	}
	if m > 0 {
		q.Set("max", strconv.Itoa(m))
	}
	return nil
}

// errSeq is an iterator that yields only err.
func errSeq[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// checkList validates what every list method needs before any I/O.
func checkList(ctx context.Context, c *Client) error {
	if c == nil {
		return &ValidationError{Field: "client", Reason: "nil *Client; create one with NewClient"}
	}
	if ctx == nil {
		return &ValidationError{Field: "ctx", Reason: "nil context"}
	}
	return nil
}

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
	q := url.Values{}
	if o.CallingData {
		q.Set("callingData", "true")
	}
	setIf(q, "locationId", o.LocationID)
	setIf(q, "email", o.Email)
	setIf(q, "displayName", o.DisplayName)
	setIf(q, "orgId", s.c.listOrg(o.OrgID))
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
	if q == nil {
		q = url.Values{}
	}
	q.Set("callingData", "true")
	var out PersonInfo
	if _, err := s.c.do(ctx, &request{method: http.MethodGet, path: fillPath(pathPerson, personID), query: q, out: &out}); err != nil {
		return nil, wrapf(err, "get person %s", personID)
	}
	return &out, nil
}
