package wxc

import (
	"context"
	"iter"
	"net/url"
	"strconv"
	"strings"
)

// What the services share. Each API area has its own file, holding its models and its
// service: outgoing_permissions.go (with calling_permissions.go), transfer_numbers.go,
// access_codes.go, location_access_codes.go, digit_patterns.go, people.go, workspaces.go,
// locations.go and virtual_lines.go.

// initServices sets the client's service fields.
func (c *Client) initServices() {
	c.People = &PeopleService{c: c}
	c.Workspaces = &WorkspacesService{c: c}
	c.Locations = &LocationsService{c: c}
	c.VirtualLines = &VirtualLinesService{c: c}
	c.Organizations = &OrganizationsService{c: c}
	c.LocationAccessCodes = &LocationAccessCodesService{entityService{c: c, kind: Location}}
	c.CallRouting = &CallRoutingService{c: c}
	c.outgoing = make(map[EntityKind]*OutgoingPermissionsService, len(entityKinds))
	for _, k := range entityKinds {
		c.outgoing[k] = newOutgoingPermissionsService(c, k)
	}
}

// entityService is what every per-kind service shares: the client, the kind, and an error
// that makes every method fail before any I/O (unknown kind, nil client).
type entityService struct {
	c    *Client
	kind EntityKind
	err  error
}

// check validates what every method needs before any I/O.
func (s *entityService) check(ctx context.Context, entityID string) error {
	if s.err != nil {
		return s.err
	}
	if ctx == nil {
		return &ValidationError{Field: "ctx", Reason: "nil context"}
	}
	return requireNonEmpty(s.idField(), entityID)
}

// idField names the entity ID argument in errors (personId, workspaceId, ...).
func (s *entityService) idField() string {
	switch s.kind {
	case Person:
		return "personId"
	case Workspace:
		return "workspaceId"
	case Location:
		return "locationId"
	case VirtualLine:
		return "virtualLineId"
	}
	return "entityId"
}

// call sends one request for the entity's feature path (plus escaped segments). Its error
// is do's, which names the method and path: the services add no text of their own, so
// that the caller's own context is the only other layer.
func (s *entityService) call(ctx context.Context, method string, f feature, entityID string, segments []string, body, out any, opts []CallOption) error {
	path, err := s.c.entityPath(s.kind, f, entityID, segments...)
	if err != nil {
		return err
	}
	q, _ := s.c.callQuery(opts)
	_, err = s.c.do(ctx, &request{method: method, path: path, query: q, body: body, out: out})
	return err
}

// requireNonEmpty returns a *ValidationError when v is empty or only white space.
func requireNonEmpty(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &ValidationError{Field: field, Reason: "must not be empty"}
	}
	return nil
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

// Bool returns a pointer to v, for the optional fields of request models.
func Bool(v bool) *bool { return &v }

// String returns a pointer to v, for the optional fields of request models.
func String(v string) *string { return &v }
