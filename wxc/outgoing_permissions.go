package wxc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// CallType is an outgoing call type (wxc_sdk OutgoingPermissionCallType). Values this package
// does not know decode without error and are sent back unchanged.
type CallType string

// Call types. The first twelve are settable in the mid-2024 API (LOCAL and TOLL were dropped
// later; today's API has ten). CASUAL, URL_DIALING and UNKNOWN appear in person responses but
// cannot be set (Webex answers error 25024).
const (
	CallTypeInternalCall                CallType = "INTERNAL_CALL"
	CallTypeLocal                       CallType = "LOCAL"
	CallTypeTollFree                    CallType = "TOLL_FREE"
	CallTypeToll                        CallType = "TOLL"
	CallTypeNational                    CallType = "NATIONAL"
	CallTypeInternational               CallType = "INTERNATIONAL"
	CallTypeOperatorAssisted            CallType = "OPERATOR_ASSISTED"
	CallTypeChargeableDirectoryAssisted CallType = "CHARGEABLE_DIRECTORY_ASSISTED"
	CallTypeSpecialServicesI            CallType = "SPECIAL_SERVICES_I"
	CallTypeSpecialServicesII           CallType = "SPECIAL_SERVICES_II"
	CallTypePremiumServicesI            CallType = "PREMIUM_SERVICES_I"
	CallTypePremiumServicesII           CallType = "PREMIUM_SERVICES_II"
	CallTypeCasual                      CallType = "CASUAL"
	CallTypeURLDialing                  CallType = "URL_DIALING"
	CallTypeUnknown                     CallType = "UNKNOWN"
)

var knownCallTypes = []CallType{
	CallTypeInternalCall, CallTypeLocal, CallTypeTollFree, CallTypeToll, CallTypeNational,
	CallTypeInternational, CallTypeOperatorAssisted, CallTypeChargeableDirectoryAssisted,
	CallTypeSpecialServicesI, CallTypeSpecialServicesII, CallTypePremiumServicesI,
	CallTypePremiumServicesII,
}

// KnownCallTypes returns the twelve call types wxc_sdk declares, in its declaration order.
func KnownCallTypes() []CallType { return slices.Clone(knownCallTypes) }

// AllCallTypes returns the fifteen call types this package has constants for: the twelve
// declared ones, then CASUAL, URL_DIALING and UNKNOWN.
func AllCallTypes() []CallType {
	return append(KnownCallTypes(), CallTypeCasual, CallTypeURLDialing, CallTypeUnknown)
}

// ParseCallType returns the call type for s, case-insensitively, accepting "-" or " " for "_".
// Any non-empty value is accepted (the API may add types); known reports whether it is one of
// AllCallTypes.
func ParseCallType(s string) (ct CallType, known bool) {
	u := strings.ToUpper(strings.TrimSpace(s))
	u = strings.NewReplacer("-", "_", " ", "_").Replace(u)
	ct = CallType(u)
	return ct, slices.Contains(AllCallTypes(), ct)
}

// Action is what happens to a call of a call type or digit pattern. Unknown values are kept.
type Action string

// Actions.
const (
	ActionAllow           Action = "ALLOW"
	ActionBlock           Action = "BLOCK"
	ActionAuthCode        Action = "AUTH_CODE"
	ActionTransferNumber1 Action = "TRANSFER_NUMBER_1"
	ActionTransferNumber2 Action = "TRANSFER_NUMBER_2"
	ActionTransferNumber3 Action = "TRANSFER_NUMBER_3"
)

// Actions returns the six actions the API documents.
func Actions() []Action {
	return []Action{ActionAllow, ActionBlock, ActionAuthCode, ActionTransferNumber1, ActionTransferNumber2, ActionTransferNumber3}
}

// ParseAction returns the action for s, case-insensitively ("transfer-number-1" works too),
// and an error for a value that is not one of Actions.
func ParseAction(s string) (Action, error) {
	u := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToUpper(strings.TrimSpace(s)))
	a := Action(u)
	if !slices.Contains(Actions(), a) {
		return "", fmt.Errorf("unknown action %q: want one of ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1, TRANSFER_NUMBER_2, TRANSFER_NUMBER_3", s)
	}
	return a, nil
}

// CallTypePermission is the setting for one call type.
type CallTypePermission struct {
	// Action taken for calls of this type.
	Action Action `json:"action"`
	// TransferEnabled says whether calls of this type may be transferred or forwarded.
	TransferEnabled bool `json:"transferEnabled"`
	// IsCallTypeRestrictionEnabled is read-only: true when the system enforces the
	// restriction and it cannot be changed. Responses since late 2024 carry it.
	IsCallTypeRestrictionEnabled *bool `json:"isCallTypeRestrictionEnabled,omitempty"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// DefaultCallTypePermission returns ALLOW with transfer enabled (wxc_sdk CallTypePermission.default()).
func DefaultCallTypePermission() CallTypePermission {
	return CallTypePermission{Action: ActionAllow, TransferEnabled: true}
}

// UnmarshalJSON keeps unknown members in Extra.
func (p *CallTypePermission) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }

// MarshalJSON writes the declared members, then Extra.
func (p CallTypePermission) MarshalJSON() ([]byte, error) { return encodeModel(p) }

func (p CallTypePermission) clone() CallTypePermission {
	p.Extra = cloneExtra(p.Extra)
	if p.IsCallTypeRestrictionEnabled != nil {
		v := *p.IsCallTypeRestrictionEnabled
		p.IsCallTypeRestrictionEnabled = &v
	}
	return p
}

// OutgoingPermissions are an entity's outgoing calling permissions. For a location only
// CallingPermissions is used.
type OutgoingPermissions struct {
	// UseCustomEnabled: when true the entity uses its own settings in all outgoing-permission
	// categories instead of its location's.
	UseCustomEnabled *bool `json:"useCustomEnabled,omitempty"`
	// UseCustomPermissions: when true the entity uses its own call-type permissions.
	UseCustomPermissions *bool `json:"useCustomPermissions,omitempty"`
	// CallingPermissions per call type. In a Configure call only the listed types change.
	CallingPermissions *CallingPermissions `json:"callingPermissions,omitempty"`

	// Extra holds members this SDK version does not model; they are sent back unchanged.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra. It decodes the object in one pass (see
// decodeModelOnce), so the large callingPermissions list is scanned once.
func (o *OutgoingPermissions) UnmarshalJSON(b []byte) error { return decodeModelOnce(b, o) }

// MarshalJSON writes the declared members, then Extra. Unset (nil) members are left out.
func (o OutgoingPermissions) MarshalJSON() ([]byte, error) { return encodeModel(o) }

// OutgoingPermissionsService reads and configures the outgoing calling permissions of one
// kind of entity (wxc_sdk OutgoingPermissionsApi). Get one with Client.OutgoingPermissions.
// Its fields reach the other outgoing-permission categories of the same kind.
type OutgoingPermissionsService struct {
	entityService

	// TransferNumbers manages the auto transfer numbers.
	TransferNumbers *TransferNumbersService
	// AccessCodes manages access codes. For the Location kind it uses the location
	// access-code API (see AccessCodesService), so callers need no branch on the kind.
	AccessCodes *AccessCodesService
	// DigitPatterns manages digit patterns.
	DigitPatterns *DigitPatternsService
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
		return nil, err
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
	return s.call(ctx, http.MethodPut, featOutgoing, entityID, nil, body, nil, opts)
}

// configureBody builds the Configure request body (see Configure).
func configureBody(kind EntityKind, settings *OutgoingPermissions, drop []CallType) *OutgoingPermissions {
	body := &OutgoingPermissions{Extra: settings.Extra}
	if UsesCustomSwitch(kind) {
		body.UseCustomEnabled = settings.UseCustomEnabled
		body.UseCustomPermissions = settings.UseCustomPermissions
	}
	if settings.CallingPermissions != nil {
		body.CallingPermissions = settings.CallingPermissions.Without(drop...)
	}
	return body
}
