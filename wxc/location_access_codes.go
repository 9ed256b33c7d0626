package wxc

import (
	"context"
	"net/http"
	"strconv"
)

// LocationAccessCodesService manages the access codes of a location with wxc_sdk's
// LocationAccessCodesApi method set (Client.LocationAccessCodes): location codes have no
// level and are created several at a time. OutgoingPermissions(Location).AccessCodes
// reaches the same API with the per-entity method set (see AccessCodesService).
type LocationAccessCodesService struct {
	entityService
}

// locationAccessCodes is the body of the location access-codes GET and POST.
type locationAccessCodes struct {
	AccessCodes []AuthCode `json:"accessCodes"`
}

// locationDeleteCodes is the body of the location access-codes PUT.
type locationDeleteCodes struct {
	DeleteCodes []string `json:"deleteCodes"`
}

// Read returns the location's access codes (wxc_sdk LocationAccessCodesApi.read). Location
// codes carry no level. The result is never nil.
//
// API: GET /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
func (s *LocationAccessCodesService) Read(ctx context.Context, locationID string, opts ...CallOption) ([]AuthCode, error) {
	if err := s.check(ctx, locationID); err != nil {
		return nil, err
	}
	var out locationAccessCodes
	if err := s.call(ctx, http.MethodGet, featAccessCodes, locationID, nil, nil, &out, opts); err != nil {
		return nil, err
	}
	if out.AccessCodes == nil {
		out.AccessCodes = []AuthCode{}
	}
	return out.AccessCodes, nil
}

// Create adds several access codes to the location in one call, sent as
// {"accessCodes":[{"code","description"}...]}; a code's Level is sent only when set, and its
// Extra members are sent too.
//
// API: POST /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
func (s *LocationAccessCodesService) Create(ctx context.Context, locationID string, codes []AuthCode, opts ...CallOption) error {
	if err := s.check(ctx, locationID); err != nil {
		return err
	}
	if len(codes) == 0 {
		return &ValidationError{Field: "codes", Reason: "at least one access code is needed"}
	}
	for i, c := range codes {
		if err := requireNonEmpty("codes["+strconv.Itoa(i)+"].code", c.Code); err != nil {
			return err
		}
	}
	body := locationAccessCodes{AccessCodes: codes}
	return s.call(ctx, http.MethodPost, featAccessCodes, locationID, nil, &body, nil, opts)
}

// DeleteCodes deletes the given codes from the location, sent as {"deleteCodes":[...]}.
//
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
func (s *LocationAccessCodesService) DeleteCodes(ctx context.Context, locationID string, codes []string, opts ...CallOption) error {
	if err := s.check(ctx, locationID); err != nil {
		return err
	}
	if err := checkCodes("codes", codes); err != nil {
		return err
	}
	body := locationDeleteCodes{DeleteCodes: append([]string{}, codes...)}
	return s.call(ctx, http.MethodPut, featAccessCodes, locationID, nil, &body, nil, opts)
}

// DeleteAll deletes every access code of the location.
//
// API: DELETE /telephony/config/locations/{locationId}/outgoingPermission/accessCodes
func (s *LocationAccessCodesService) DeleteAll(ctx context.Context, locationID string, opts ...CallOption) error {
	if err := s.check(ctx, locationID); err != nil {
		return err
	}
	return s.call(ctx, http.MethodDelete, featAccessCodes, locationID, nil, nil, nil, opts)
}
