package wxc

import (
	"context"
	"errors"
	"net/http"
)

// DigitPatternsService manages an entity's digit patterns (wxc_sdk DigitPatternsApi).
// Digit patterns take precedence over call-type permissions.
type DigitPatternsService struct {
	entityService
}

// List returns the entity's digit patterns and whether it uses its own (custom) patterns
// (locations report no UseCustomDigitPatterns).
//
// API: GET /telephony/config/people/{personId}/outgoingPermission/digitPatterns
// API: GET /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns
// API: GET /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns
func (s *DigitPatternsService) List(ctx context.Context, entityID string, opts ...CallOption) (*DigitPatterns, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	var out DigitPatterns
	if err := s.call(ctx, http.MethodGet, featDigitPatterns, entityID, nil, nil, &out, opts); err != nil {
		return nil, s.wrap(err, "list digit patterns", entityID)
	}
	return &out, nil
}

// Details returns one digit pattern.
//
// API: GET /telephony/config/people/{personId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: GET /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: GET /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns/{digitPatternId}
func (s *DigitPatternsService) Details(ctx context.Context, entityID, digitPatternID string, opts ...CallOption) (*DigitPattern, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	if err := requireNonEmpty("digitPatternId", digitPatternID); err != nil {
		return nil, err
	}
	var out DigitPattern
	if err := s.call(ctx, http.MethodGet, featDigitPatterns, entityID, []string{digitPatternID}, nil, &out, opts); err != nil {
		return nil, s.wrap(err, "read digit pattern "+digitPatternID, entityID)
	}
	return &out, nil
}

// patternBody is p as a request body: never the ID (the path carries it); empty members left out.
func patternBody(p *DigitPattern) *DigitPattern {
	b := *p
	b.ID = ""
	return &b
}

// Create adds a digit pattern and returns its ID, taken from the 201 response body
// {"id": "..."}. Name and Pattern are required; p.ID is ignored (never sent), and empty
// members are left out of the body.
//
// API: POST /telephony/config/people/{personId}/outgoingPermission/digitPatterns
// API: POST /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns
// API: POST /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns
// API: POST /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns
func (s *DigitPatternsService) Create(ctx context.Context, entityID string, p *DigitPattern, opts ...CallOption) (string, error) {
	if err := s.check(ctx, entityID); err != nil {
		return "", err
	}
	if p == nil {
		return "", &ValidationError{Field: "pattern", Reason: "must not be nil"}
	}
	if err := requireNonEmpty("name", p.Name); err != nil {
		return "", err
	}
	if err := requireNonEmpty("pattern", p.Pattern); err != nil {
		return "", err
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := s.call(ctx, http.MethodPost, featDigitPatterns, entityID, nil, patternBody(p), &out, opts); err != nil {
		return "", s.wrap(err, "create digit pattern", entityID)
	}
	if out.ID == "" {
		return "", s.wrap(errors.New("the response has no digit pattern id"), "create digit pattern", entityID)
	}
	return out.ID, nil
}

// categoryControl is the UpdateCategoryControlSettings body.
type categoryControl struct {
	UseCustomDigitPatterns *bool `json:"useCustomDigitPatterns,omitempty"`
}

// UpdateCategoryControlSettings turns the entity's own digit patterns on or off; nil sends {}.
// The API documents no such operation for locations; like wxc_sdk, the request is sent anyway.
//
// API: PUT /telephony/config/people/{personId}/outgoingPermission/digitPatterns
// API: PUT /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns (undocumented, as wxc_sdk)
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns
func (s *DigitPatternsService) UpdateCategoryControlSettings(ctx context.Context, entityID string, useCustomDigitPatterns *bool, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodPut, featDigitPatterns, entityID, nil, &categoryControl{UseCustomDigitPatterns: useCustomDigitPatterns}, nil, opts)
	return s.wrap(err, "update digit pattern category control", entityID)
}

// Update changes the digit pattern p.ID (required); only non-empty members are sent, and
// never the ID itself.
//
// API: PUT /telephony/config/people/{personId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: PUT /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns/{digitPatternId}
func (s *DigitPatternsService) Update(ctx context.Context, entityID string, p *DigitPattern, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if p == nil {
		return &ValidationError{Field: "pattern", Reason: "must not be nil"}
	}
	if err := requireNonEmpty("pattern.id", p.ID); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodPut, featDigitPatterns, entityID, []string{p.ID}, patternBody(p), nil, opts)
	return s.wrap(err, "update digit pattern "+p.ID, entityID)
}

// Delete deletes one digit pattern.
//
// API: DELETE /telephony/config/people/{personId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: DELETE /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: DELETE /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns/{digitPatternId}
// API: DELETE /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns/{digitPatternId}
func (s *DigitPatternsService) Delete(ctx context.Context, entityID, digitPatternID string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if err := requireNonEmpty("digitPatternId", digitPatternID); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodDelete, featDigitPatterns, entityID, []string{digitPatternID}, nil, nil, opts)
	return s.wrap(err, "delete digit pattern "+digitPatternID, entityID)
}

// DeleteAll deletes every digit pattern of the entity.
//
// API: DELETE /telephony/config/people/{personId}/outgoingPermission/digitPatterns
// API: DELETE /telephony/config/workspaces/{workspaceId}/outgoingPermission/digitPatterns
// API: DELETE /telephony/config/locations/{locationId}/outgoingPermission/digitPatterns
// API: DELETE /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/digitPatterns
func (s *DigitPatternsService) DeleteAll(ctx context.Context, entityID string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodDelete, featDigitPatterns, entityID, nil, nil, nil, opts)
	return s.wrap(err, "delete all digit patterns", entityID)
}
