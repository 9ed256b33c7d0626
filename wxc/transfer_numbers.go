package wxc

import (
	"context"
	"encoding/json"
	"net/http"
)

// AutoTransferNumbers are the numbers calls go to when a call type's action is
// TRANSFER_NUMBER_1, _2 or _3. A nil number is not sent (the server keeps its value); ""
// clears it. GET reports a cleared number as null.
type AutoTransferNumbers struct {
	// UseCustomTransferNumbers: the entity uses its own numbers instead of its location's
	// (not for locations).
	UseCustomTransferNumbers *bool   `json:"useCustomTransferNumbers,omitempty"`
	AutoTransferNumber1      *string `json:"autoTransferNumber1,omitempty"`
	AutoTransferNumber2      *string `json:"autoTransferNumber2,omitempty"`
	AutoTransferNumber3      *string `json:"autoTransferNumber3,omitempty"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (n *AutoTransferNumbers) UnmarshalJSON(b []byte) error { return decodeModel(b, n) }

// MarshalJSON writes the declared members, then Extra.
func (n AutoTransferNumbers) MarshalJSON() ([]byte, error) { return encodeModel(n) }

// ConfigureUnsetNumbers returns a copy in which every unset (nil) number is "", so that a
// Configure with it clears those numbers on the server. Nothing else changes (unlike
// wxc_sdk 1.19, which also turned useCustomTransferNumbers into "").
func (n AutoTransferNumbers) ConfigureUnsetNumbers() AutoTransferNumbers {
	out := n
	out.Extra = cloneExtra(n.Extra)
	for _, p := range []**string{&out.AutoTransferNumber1, &out.AutoTransferNumber2, &out.AutoTransferNumber3} {
		if *p == nil {
			empty := ""
			*p = &empty
		}
	}
	return out
}

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
		return nil, err
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
	if !UsesCustomSwitch(s.kind) {
		body.UseCustomTransferNumbers = nil
	}
	return s.call(ctx, http.MethodPut, featTransfer, entityID, nil, &body, nil, opts)
}
