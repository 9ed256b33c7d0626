package wxc

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// OutgoingPermissionsService reads and configures the outgoing calling permissions of one
// kind of entity (wxc_sdk OutgoingPermissionsApi). Get one with Client.OutgoingPermissions.
// Its fields reach the other outgoing-permission categories of the same kind.
type OutgoingPermissionsService struct {
	entityService

	// TransferNumbers manages the auto transfer numbers.
	TransferNumbers *TransferNumbersService
	// AccessCodes manages access codes. For the Location kind every method returns an error
	// wrapping ErrNotSupported: location access codes have their own API,
	// Client.LocationAccessCodes.
	AccessCodes *AccessCodesService
	// DigitPatterns manages digit patterns.
	DigitPatterns *DigitPatternsService
}

// entityService is what every per-kind service shares: the client, the kind, and an error
// that makes every method fail before any I/O (unknown kind, nil client).
type entityService struct {
	c    *Client
	kind EntityKind
	err  error
}

// newOutgoingPermissionsService builds the service tree for kind. It never panics: for an
// unknown kind (or a nil client) every method returns a *ValidationError.
func newOutgoingPermissionsService(c *Client, k EntityKind) *OutgoingPermissionsService {
	base := entityService{c: c, kind: k}
	if _, ok := entityPaths[k]; !ok {
		base.err = unknownKindError(k)
	} else if c == nil {
		base.err = &ValidationError{Field: "client", Reason: "nil *Client; create one with NewClient"}
	}
	return &OutgoingPermissionsService{
		entityService:   base,
		TransferNumbers: &TransferNumbersService{entityService: base},
		AccessCodes:     &AccessCodesService{entityService: base},
		DigitPatterns:   &DigitPatternsService{entityService: base},
	}
}

// OutgoingPermissions returns the outgoing-permissions service for kind (Person, Workspace,
// Location or VirtualLine). For any other kind it returns a service whose methods all return
// a *ValidationError; it never panics.
func (c *Client) OutgoingPermissions(kind EntityKind) *OutgoingPermissionsService {
	if c != nil {
		if s, ok := c.outgoing[kind]; ok {
			return s
		}
	}
	return newOutgoingPermissionsService(c, kind)
}

// Kind returns the entity kind the service works on.
func (s *OutgoingPermissionsService) Kind() EntityKind { return s.kind }

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

// requireNonEmpty returns a *ValidationError when v is empty or only white space.
func requireNonEmpty(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &ValidationError{Field: field, Reason: "must not be empty"}
	}
	return nil
}

// call sends one request for the entity's feature path (plus escaped segments).
func (s *entityService) call(ctx context.Context, method string, f feature, entityID string, segments []string, body, out any, opts []CallOption) error {
	path, err := s.c.entityPath(s.kind, f, entityID, segments...)
	if err != nil {
		return err
	}
	q, _ := s.c.callQuery(opts)
	_, err = s.c.do(ctx, &request{method: method, path: path, query: q, body: body, out: out})
	return err
}

// wrap adds what was being done to an error from the request path.
func (s *entityService) wrap(err error, what, entityID string) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s of %s %s: %w", what, s.kind, entityID, err)
}

// Read returns the entity's outgoing calling permissions (wxc_sdk read).
//
// API: GET /people/{personId}/features/outgoingPermission
// API: GET /workspaces/{workspaceId}/features/outgoingPermission
// API: GET /telephony/config/locations/{locationId}/outgoingPermission
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission
func (s *OutgoingPermissionsService) Read(ctx context.Context, entityID string, opts ...CallOption) (*OutgoingPermissions, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	var out OutgoingPermissions
	if err := s.call(ctx, http.MethodGet, featOutgoing, entityID, nil, nil, &out, opts); err != nil {
		return nil, s.wrap(err, "read outgoing permissions", entityID)
	}
	return &out, nil
}

// Configure updates the entity's outgoing calling permissions (wxc_sdk configure).
//
// Only the call types in settings.CallingPermissions change on the server; the others keep
// their values. Call types in the drop set are left out of the request: by default CASUAL,
// URL_DIALING and UNKNOWN, which GET responses list but a PUT rejects (error 25024); change
// the set with DropCallTypes (DropCallTypes() drops nothing). Unknown members (Extra) are
// sent back.
//
// Unlike wxc_sdk, which sends "useCustomEnabled": null and "useCustomPermissions": null when
// they are unset, unset (nil) members are not sent at all. For the Location kind only
// callingPermissions (and Extra) are sent: locations have no useCustomEnabled or
// useCustomPermissions, so values set there (for example in settings read from a person) are
// left out rather than rejected. settings is not modified.
//
// API: PUT /people/{personId}/features/outgoingPermission
// API: PUT /workspaces/{workspaceId}/features/outgoingPermission
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission
func (s *OutgoingPermissionsService) Configure(ctx context.Context, entityID string, settings *OutgoingPermissions, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if settings == nil {
		return &ValidationError{Field: "settings", Reason: "must not be nil"}
	}
	_, cfg := s.c.callQuery(opts)
	body := configureBody(s.kind, settings, cfg.dropCallTypes)
	err := s.call(ctx, http.MethodPut, featOutgoing, entityID, nil, body, nil, opts)
	return s.wrap(err, "configure outgoing permissions", entityID)
}

// configureBody builds the Configure request body (see Configure).
func configureBody(kind EntityKind, settings *OutgoingPermissions, drop []CallType) *OutgoingPermissions {
	body := &OutgoingPermissions{Extra: settings.Extra}
	if kind != Location {
		body.UseCustomEnabled = settings.UseCustomEnabled
		body.UseCustomPermissions = settings.UseCustomPermissions
	}
	if settings.CallingPermissions != nil {
		body.CallingPermissions = settings.CallingPermissions.Without(drop...)
	}
	return body
}

// wrapf adds context to an error from the request path; nil stays nil.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
