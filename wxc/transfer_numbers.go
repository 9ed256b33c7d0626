package wxc

import (
	"context"
	"net/http"
)

// TransferNumbersService reads and configures an entity's auto transfer numbers, where
// calls go when a call type's action is TRANSFER_NUMBER_1, _2 or _3 (wxc_sdk TransferNumbersApi).
//
// For persons the service uses the official path
// telephony/config/people/{personId}/outgoingPermission/autoTransferNumbers. wxc_sdk uses
// people/{personId}/features/outgoingPermission/autoTransferNumbers, which the API does not
// document; WithLegacyPersonTransferNumbersPath selects that one.
type TransferNumbersService struct {
	entityService
}

// Read returns the entity's auto transfer numbers; an unset number is nil.
//
// API: GET /telephony/config/people/{personId}/outgoingPermission/autoTransferNumbers
// API: GET /people/{personId}/features/outgoingPermission/autoTransferNumbers (legacy, WithLegacyPersonTransferNumbersPath)
// API: GET /workspaces/{workspaceId}/features/outgoingPermission/autoTransferNumbers
// API: GET /telephony/config/locations/{locationId}/outgoingPermission/autoTransferNumbers
// API: GET /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/autoTransferNumbers
func (s *TransferNumbersService) Read(ctx context.Context, entityID string, opts ...CallOption) (*AutoTransferNumbers, error) {
	if err := s.check(ctx, entityID); err != nil {
		return nil, err
	}
	var out AutoTransferNumbers
	if err := s.call(ctx, http.MethodGet, featTransfer, entityID, nil, nil, &out, opts); err != nil {
		return nil, s.wrap(err, "read auto transfer numbers", entityID)
	}
	return &out, nil
}

// Configure updates the entity's auto transfer numbers. A nil number is not sent, so the
// server keeps it; "" clears it (see AutoTransferNumbers.ConfigureUnsetNumbers). Unknown
// members (Extra) are sent back. For the Location kind UseCustomTransferNumbers is not sent
// (locations have no such member). settings is not modified.
//
// API: PUT /telephony/config/people/{personId}/outgoingPermission/autoTransferNumbers
// API: PUT /people/{personId}/features/outgoingPermission/autoTransferNumbers (legacy, WithLegacyPersonTransferNumbersPath)
// API: PUT /workspaces/{workspaceId}/features/outgoingPermission/autoTransferNumbers
// API: PUT /telephony/config/locations/{locationId}/outgoingPermission/autoTransferNumbers
// API: PUT /telephony/config/virtualLines/{virtualLineId}/outgoingPermission/autoTransferNumbers
func (s *TransferNumbersService) Configure(ctx context.Context, entityID string, settings *AutoTransferNumbers, opts ...CallOption) error {
	if err := s.check(ctx, entityID); err != nil {
		return err
	}
	if settings == nil {
		return &ValidationError{Field: "settings", Reason: "must not be nil"}
	}
	body := *settings
	if s.kind == Location {
		body.UseCustomTransferNumbers = nil
	}
	err := s.call(ctx, http.MethodPut, featTransfer, entityID, nil, &body, nil, opts)
	return s.wrap(err, "configure auto transfer numbers", entityID)
}
