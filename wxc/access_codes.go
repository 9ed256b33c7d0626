package wxc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// AuthCodeLevel says where an access code is defined.
type AuthCodeLevel string

// Access code levels.
const (
	AuthCodeLevelLocation AuthCodeLevel = "LOCATION"
	AuthCodeLevelCustom   AuthCodeLevel = "CUSTOM"
)

// AuthCode is an access (authorization) code.
type AuthCode struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	// Level is LOCATION or CUSTOM in per-entity responses; empty for location codes (the
	// location API reports no level).
	Level AuthCodeLevel `json:"level,omitempty"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (a *AuthCode) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// MarshalJSON writes the declared members, then Extra.
func (a AuthCode) MarshalJSON() ([]byte, error) { return encodeModel(a) }

// AuthCodes are an entity's access codes.
type AuthCodes struct {
	// UseCustomAccessCodes: the entity uses its own codes instead of its location's. Nil
	// for a location, which has no such switch.
	UseCustomAccessCodes *bool      `json:"useCustomAccessCodes,omitempty"`
	AccessCodes          []AuthCode `json:"accessCodes"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (a *AuthCodes) UnmarshalJSON(b []byte) error { return decodeModel(b, a) }

// MarshalJSON writes the declared members, then Extra; a nil AccessCodes is sent as [].
func (a AuthCodes) MarshalJSON() ([]byte, error) { return encodeModel(a) }

// AccessCodesService manages the access (authorization) codes of one kind of entity
// (wxc_sdk AccessCodesApi, and LocationAccessCodesApi for locations).
//
// People, workspaces and virtual lines have the per-entity API. Locations have their own
// access-code API, which this service uses for the Location kind, so that callers need no
// branch on the kind:
//
//   - Read: GET of the location's codes, as AuthCodes with UseCustomAccessCodes nil (a
//     location has no such switch) and every Level empty (the location API reports no
//     level; the SDK does not invent one);
//   - Create(code, description): the location POST with this one code,
//     {"accessCodes":[{"code","description"}]};
//   - Modify(nil, deleteCodes): the location PUT {"deleteCodes":[...]} (a nil deleteCodes
//     is sent as []); a non-nil useCustomAccessCodes is refused before any I/O with a
//     *ValidationError that also matches ErrNotSupported (see UsesCustomSwitch);
//   - Delete: the location DELETE of all its codes.
//
// Client.LocationAccessCodes offers the location API with wxc_sdk's method set (several
// codes per create).
type AccessCodesService struct {
	entityService
}

// Read returns the entity's access codes and whether it uses its own (custom) codes.
//
// API: GET /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: GET /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: GET /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Read(ctx context.Context, entityID string, opts ...CallOption) (*AuthCodes, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	var out AuthCodes
	if err := s.call(ctx, http.MethodGet, featAccessCodes, entityID, nil, nil, &out, opts); err != nil {
		return nil, err
	}
	return &out, nil
}

// accessCodesModify is the per-entity Modify body: each member only when given.
type accessCodesModify struct {
	UseCustomAccessCodes *bool     `json:"useCustomAccessCodes,omitempty"`
	DeleteCodes          *[]string `json:"deleteCodes,omitempty"`
}

// Modify switches custom access codes on or off and deletes codes. A nil useCustomAccessCodes
// is not sent; a nil deleteCodes is not sent (an empty non-nil one is sent as []). With both
// nil the body is {}. For a location the body is {"deleteCodes":[...]}, and
// useCustomAccessCodes must be nil.
//
// API: PUT /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: PUT /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Modify(ctx context.Context, entityID string, useCustomAccessCodes *bool, deleteCodes []string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if err := checkCodes("deleteCodes", deleteCodes); err != nil {
		return err
	}
	if useCustomAccessCodes != nil && !UsesCustomSwitch(s.kind) {
		return fmt.Errorf("%w (%w)", &ValidationError{Field: "useCustomAccessCodes",
			Reason: "a " + string(s.kind) + " has no custom switch (see UsesCustomSwitch); pass nil"}, ErrNotSupported)
	}
	var body any
	if s.kind == Location {
		body = &locationDeleteCodes{DeleteCodes: append([]string{}, deleteCodes...)}
	} else {
		b := accessCodesModify{UseCustomAccessCodes: useCustomAccessCodes}
		if deleteCodes != nil {
			codes := append([]string{}, deleteCodes...)
			b.DeleteCodes = &codes
		}
		body = &b
	}
	return s.call(ctx, http.MethodPut, featAccessCodes, entityID, nil, body, nil, opts)
}

// accessCodeCreate is the per-entity Create body.
type accessCodeCreate struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Create adds one access code to the entity. For a location it is sent as the location
// API's list of one: {"accessCodes":[{"code","description"}]}.
//
// API: POST /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: POST /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: POST /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
// API: POST /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Create(ctx context.Context, entityID, code, description string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if err := requireNonEmpty("code", code); err != nil {
		return err
	}
	var body any = &accessCodeCreate{Code: code, Description: description}
	if s.kind == Location {
		body = &locationAccessCodes{AccessCodes: []AuthCode{{Code: code, Description: description}}}
	}
	return s.call(ctx, http.MethodPost, featAccessCodes, entityID, nil, body, nil, opts)
}

// Delete deletes all access codes of the entity.
//
// API: DELETE /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: DELETE /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: DELETE /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
// API: DELETE /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Delete(ctx context.Context, entityID string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, featAccessCodes, entityID, nil, nil, nil, opts)
}

// checkCodes reports the first empty code of codes, named field[i].
func checkCodes(field string, codes []string) error {
	for i, code := range codes {
		if err := requireNonEmpty(field+"["+strconv.Itoa(i)+"]", code); err != nil {
			return err
		}
	}
	return nil
}
