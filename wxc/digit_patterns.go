package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// DigitPattern is a digit pattern with its own action; digit patterns take precedence over
// call types. In Create and Update requests ID is never sent and empty members are left out.
type DigitPattern struct {
	ID              string `json:"id,omitempty"`
	Name            string `json:"name,omitempty"`
	Pattern         string `json:"pattern,omitempty"`
	Action          Action `json:"action,omitempty"`
	TransferEnabled *bool  `json:"transferEnabled,omitempty"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (d *DigitPattern) UnmarshalJSON(b []byte) error { return decodeModel(b, d) }

// MarshalJSON writes the declared members, then Extra.
func (d DigitPattern) MarshalJSON() ([]byte, error) { return encodeModel(d) }

// DigitPatterns are an entity's digit patterns.
type DigitPatterns struct {
	// UseCustomDigitPatterns: the entity uses its own patterns (not for locations).
	UseCustomDigitPatterns *bool          `json:"useCustomDigitPatterns,omitempty"`
	DigitPatterns          []DigitPattern `json:"digitPatterns"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (d *DigitPatterns) UnmarshalJSON(b []byte) error { return decodeModel(b, d) }

// MarshalJSON writes the declared members, then Extra; a nil DigitPatterns is sent as [].
func (d DigitPatterns) MarshalJSON() ([]byte, error) { return encodeModel(d) }

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
		return nil, err
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
		return nil, err
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
	var out createdPattern
	if err := s.call(ctx, http.MethodPost, featDigitPatterns, entityID, nil, patternBody(p), &out, opts); err != nil {
		return "", err
	}
	return out.ID, nil
}

// createdPattern is the body of the 201 that answers a digit pattern Create.
type createdPattern struct {
	ID string `json:"id"`
}

// checkResponse makes a 2xx without the new ID an error (see request.out).
func (c *createdPattern) checkResponse() error {
	if c.ID == "" {
		return errors.New("the response has no digit pattern id")
	}
	return nil
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
	return s.call(ctx, http.MethodPut, featDigitPatterns, entityID, nil, &categoryControl{UseCustomDigitPatterns: useCustomDigitPatterns}, nil, opts)
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
	return s.call(ctx, http.MethodPut, featDigitPatterns, entityID, []string{p.ID}, patternBody(p), nil, opts)
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
	return s.call(ctx, http.MethodDelete, featDigitPatterns, entityID, []string{digitPatternID}, nil, nil, opts)
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
	return s.call(ctx, http.MethodDelete, featDigitPatterns, entityID, nil, nil, nil, opts)
}
