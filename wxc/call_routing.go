package wxc

import (
	"context"
	"encoding/json"
	"net/http"
)

// Call routing: Webex's "test call routing" (Control Hub's tool, the OpenAPI tag Call
// Routing), which tells how a call from an originator to a destination would be routed and
// which outgoing calling permission (a call type or a digit pattern) decided it.

// pathTestCallRouting is the one path of the call-routing API (relative to the base URL).
const pathTestCallRouting = "telephony/config/actions/testCallRouting/invoke"

// CallRoutingService tests call routing (Client.CallRouting).
type CallRoutingService struct{ c *Client }

// OriginatorType is the kind of a call's originator. Values this SDK does not declare are
// kept and sent as they are.
type OriginatorType string

// Originator types of the OpenAPI (OriginatorType).
const (
	OriginatorPeople OriginatorType = "PEOPLE"
	OriginatorTrunk  OriginatorType = "TRUNK"
)

// CallDestinationType is what a destination resolved to. Values this SDK does not declare
// decode without error and are kept.
type CallDestinationType string

// Destination types of the OpenAPI (CallDestinationType).
const (
	DestinationHostedAgent           CallDestinationType = "HOSTED_AGENT"
	DestinationHostedFeature         CallDestinationType = "HOSTED_FEATURE"
	DestinationPBXUser               CallDestinationType = "PBX_USER"
	DestinationPSTNNumber            CallDestinationType = "PSTN_NUMBER"
	DestinationVirtualExtension      CallDestinationType = "VIRTUAL_EXTENSION"
	DestinationVirtualExtensionRange CallDestinationType = "VIRTUAL_EXTENSION_RANGE"
	DestinationRouteList             CallDestinationType = "ROUTE_LIST"
	DestinationFAC                   CallDestinationType = "FAC"
	DestinationEmergency             CallDestinationType = "EMERGENCY"
	DestinationRepair                CallDestinationType = "REPAIR"
	DestinationUnknownExtension      CallDestinationType = "UNKNOWN_EXTENSION"
	DestinationUnknownNumber         CallDestinationType = "UNKNOWN_NUMBER"
)

// ConfigurationLevel says whose setting applied: the location's or the originator's own.
// Values this SDK does not declare decode without error and are kept.
type ConfigurationLevel string

// Configuration levels of the OpenAPI (ConfigurationLevelType).
const (
	LevelLocation    ConfigurationLevel = "LOCATION"
	LevelPeople      ConfigurationLevel = "PEOPLE"
	LevelPlace       ConfigurationLevel = "PLACE"
	LevelVirtualLine ConfigurationLevel = "VIRTUAL_LINE"
)

// CallingPlanReason says why a calling-plan permission applied as it did. Values this SDK
// does not declare decode without error and are kept.
type CallingPlanReason string

// Reasons of the OpenAPI (CallingPlanReason).
const (
	ReasonFraudContainment                CallingPlanReason = "FRAUD_CONTAINMENT"
	ReasonCiscoCallingPlan                CallingPlanReason = "CISCO_CALLING_PLAN"
	ReasonTransferNumber1NotConfigured    CallingPlanReason = "TRANSFER_NUMBER_1_NOT_CONFIGURED"
	ReasonTransferNumber2NotConfigured    CallingPlanReason = "TRANSFER_NUMBER_2_NOT_CONFIGURED"
	ReasonTransferNumber3NotConfigured    CallingPlanReason = "TRANSFER_NUMBER_3_NOT_CONFIGURED"
	ReasonWebexMobilePremiumInternational CallingPlanReason = "WEBEX_MOBILE_PREMIUM_INTERNATIONAL_TRANSFER_FORWARD"
)

// TestCallRoutingRequest is the body of a call-routing test.
type TestCallRoutingRequest struct {
	// OriginatorID is the ID of the calling person (OriginatorPeople) or trunk. Required.
	OriginatorID string `json:"originatorId"`
	// OriginatorType is PEOPLE or TRUNK. Required.
	OriginatorType OriginatorType `json:"originatorType"`
	// OriginatorNumber is the calling number (trunk originators); empty is left out.
	OriginatorNumber string `json:"originatorNumber,omitempty"`
	// Destination is the dialled string (a number, an extension, a feature access code).
	// Required.
	Destination string `json:"destination"`
	// IncludeAppliedServices asks for AppliedServices in the answer; nil leaves the member
	// out (the service's default).
	IncludeAppliedServices *bool `json:"includeAppliedServices,omitempty"`

	// Extra holds members this SDK version does not model; they are sent as they are.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (r *TestCallRoutingRequest) UnmarshalJSON(b []byte) error { return decodeModel(b, r) }

// MarshalJSON writes the declared members, then Extra.
func (r TestCallRoutingRequest) MarshalJSON() ([]byte, error) { return encodeModel(r) }

// TestCallRoutingResponse is the answer of a call-routing test. The members this SDK does
// not model (hostedAgent, pstnNumber, callSourceInfo, emergency, ...) are kept in Extra.
type TestCallRoutingResponse struct {
	// DestinationType is what the destination resolved to.
	DestinationType CallDestinationType `json:"destinationType"`
	// RoutingAddress is the address the call is routed to.
	RoutingAddress string `json:"routingAddress"`
	// IsRejected reports whether the call would be rejected.
	IsRejected bool `json:"isRejected"`
	// OutsideAccessCode is the outside access code the destination needs, if any.
	OutsideAccessCode string `json:"outsideAccessCode,omitempty"`
	// AppliedServices are the services that acted on the call (outgoing calling plan by
	// call type or digit pattern, intercept, translation pattern), in the service's order.
	AppliedServices []AppliedServiceEntry `json:"appliedServices,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (r *TestCallRoutingResponse) UnmarshalJSON(b []byte) error { return decodeModel(b, r) }

// MarshalJSON writes the declared members, then Extra.
func (r TestCallRoutingResponse) MarshalJSON() ([]byte, error) { return encodeModel(r) }

// CallingPlan returns the first applied service's outgoing-calling-plan entries: the digit
// pattern that decided the call, or the call type, or both nil when no service reported one.
func (r *TestCallRoutingResponse) CallingPlan() (byPattern *CallingPlanByDigitPattern, byType *CallingPlanByType) {
	if r == nil {
		return nil, nil
	}
	for i := range r.AppliedServices {
		s := &r.AppliedServices[i]
		if s.ByDigitPattern != nil || s.ByType != nil {
			return s.ByDigitPattern, s.ByType
		}
	}
	return nil, nil
}

// AppliedServiceEntry is one service applied to a tested call. The members this SDK does not
// model (interceptDetails, translationPattern) are kept in Extra.
type AppliedServiceEntry struct {
	// ByType is the outgoing calling plan's call-type permission that applied.
	ByType *CallingPlanByType `json:"outgoingCallingPlanPermissionsByType,omitempty"`
	// ByDigitPattern is the outgoing calling plan's digit pattern that applied.
	ByDigitPattern *CallingPlanByDigitPattern `json:"outgoingCallingPlanPermissionsByDigitPattern,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (s *AppliedServiceEntry) UnmarshalJSON(b []byte) error { return decodeModel(b, s) }

// MarshalJSON writes the declared members, then Extra.
func (s AppliedServiceEntry) MarshalJSON() ([]byte, error) { return encodeModel(s) }

// CallingPlanByType is a call-type permission applied to a tested call
// (OutgoingCallingPlanPermissionsByType).
type CallingPlanByType struct {
	ConfigurationLevel ConfigurationLevel `json:"configurationLevel,omitempty"`
	CallType           CallType           `json:"callType,omitempty"`
	Permission         Action             `json:"permission,omitempty"`
	TransferNumber     string             `json:"transferNumber,omitempty"`
	Reason             CallingPlanReason  `json:"reason,omitempty"`
	Number             string             `json:"number"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (p *CallingPlanByType) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// MarshalJSON writes the declared members, then Extra.
func (p CallingPlanByType) MarshalJSON() ([]byte, error) { return encodeModel(p) }

// CallingPlanByDigitPattern is a digit pattern applied to a tested call
// (OutgoingCallingPlanPermissionsByDigitPattern).
type CallingPlanByDigitPattern struct {
	ConfigurationLevel ConfigurationLevel `json:"configurationLevel,omitempty"`
	Name               string             `json:"name"`
	Pattern            string             `json:"pattern"`
	Permission         Action             `json:"permission,omitempty"`
	TransferNumber     string             `json:"transferNumber"`
	Reason             CallingPlanReason  `json:"reason,omitempty"`
	Number             string             `json:"number"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (p *CallingPlanByDigitPattern) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// MarshalJSON writes the declared members, then Extra.
func (p CallingPlanByDigitPattern) MarshalJSON() ([]byte, error) { return encodeModel(p) }

// TestCallRouting asks how a call from req.OriginatorID to req.Destination would be routed
// and which outgoing calling permission applies. It changes nothing on the server, but it is
// a POST, and the SDK's retry rule goes by method: like every POST it is retried on 429
// only, never after a 5xx or a network error (a caller that wants more may simply call it
// again). OriginatorID, OriginatorType and Destination are required (*ValidationError
// before any I/O); their values are not checked further.
//
// API: POST /telephony/config/actions/testCallRouting/invoke
func (s *CallRoutingService) TestCallRouting(ctx context.Context, req TestCallRoutingRequest, opts ...CallOption) (*TestCallRoutingResponse, error) {
	if s == nil {
		return nil, &ValidationError{Field: "client", Reason: "nil *CallRoutingService; create the client with NewClient"}
	}
	if err := checkList(ctx, s.c); err != nil {
		return nil, err
	}
	for _, f := range []struct{ field, v string }{
		{"originatorId", req.OriginatorID}, {"originatorType", string(req.OriginatorType)}, {"destination", req.Destination},
	} {
		if err := requireNonEmpty(f.field, f.v); err != nil {
			return nil, err
		}
	}
	q, _ := s.c.callQuery(opts)
	var out TestCallRoutingResponse
	if _, err := s.c.do(ctx, &request{method: http.MethodPost, path: pathTestCallRouting, query: q, body: &req, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}
