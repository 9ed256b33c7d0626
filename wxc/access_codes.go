package wxc

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// AccessCodesService manages the access (authorization) codes of a person, workspace or
// virtual line (wxc_sdk AccessCodesApi). Location access codes have a different API:
// Client.LocationAccessCodes. For the Location kind every method returns an error wrapping
// ErrNotSupported (wxc_sdk leaves the attribute None there).
type AccessCodesService struct {
	entityService
}

// check adds the Location refusal to the common checks.
func (s *AccessCodesService) check(ctx context.Context, entityID string) error {
	if s.err == nil && s.kind == Location {
		return fmt.Errorf("access codes of a location: %w: locations have their own access-codes API, use client.LocationAccessCodes", ErrNotSupported)
	}
	return s.entityService.check(ctx, entityID)
}

// Read returns the entity's access codes and whether it uses its own (custom) codes.
//
// API: GET /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: GET /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Read(ctx context.Context, entityID string, opts ...CallOption) (*AuthCodes, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	var out AuthCodes
	if err := s.call(ctx, http.MethodGet, featAccessCodes, entityID, nil, nil, &out, opts); err != nil {
		return nil, s.wrap(err, "read access codes", entityID)
	}
	return &out, nil
}

// accessCodesModify is the Modify body: each member only when given.
type accessCodesModify struct {
	UseCustomAccessCodes *bool     `json:"useCustomAccessCodes,omitempty"`
	DeleteCodes          *[]string `json:"deleteCodes,omitempty"`
}

// Modify switches custom access codes on or off and deletes codes. A nil useCustomAccessCodes
// is not sent; a nil deleteCodes is not sent (an empty non-nil one is sent as []). With both
// nil the body is {}.
//
// API: PUT /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: PUT /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Modify(ctx context.Context, entityID string, useCustomAccessCodes *bool, deleteCodes []string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	body := accessCodesModify{UseCustomAccessCodes: useCustomAccessCodes}
	if deleteCodes != nil {
		for i, code := range deleteCodes {
			if err := requireNonEmpty("deleteCodes["+strconv.Itoa(i)+"]", code); err != nil {
				return err
			}
		}
		codes := append([]string{}, deleteCodes...)
		body.DeleteCodes = &codes
	}
	err := s.call(ctx, http.MethodPut, featAccessCodes, entityID, nil, &body, nil, opts)
	return s.wrap(err, "modify access codes", entityID)
}

// accessCodeCreate is the per-entity Create body.
type accessCodeCreate struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// Create adds one access code to the entity.
//
// API: POST /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: POST /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: POST /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Create(ctx context.Context, entityID, code, description string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if err := requireNonEmpty("code", code); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodPost, featAccessCodes, entityID, nil, &accessCodeCreate{Code: code, Description: description}, nil, opts)
	return s.wrap(err, "create access code", entityID)
}

// Delete deletes all access codes of the entity.
//
// API: DELETE /telephony/config/people/{personId}/outgoingPermission/accessCodes
// API: DELETE /workspaces/{workspaceId}/features/outgoingPermission/accessCodes
// API: DELETE /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/accessCodes
func (s *AccessCodesService) Delete(ctx context.Context, entityID string, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	err := s.call(ctx, http.MethodDelete, featAccessCodes, entityID, nil, nil, nil, opts)
	return s.wrap(err, "delete access codes", entityID)
}
