package emulator

import (
	"encoding/json"
	"fmt"
)

// Era names accepted in Options.APIEra.
const (
	// EraCurrent behaves as the official OpenAPI describes today.
	EraCurrent = "current"
	// Era2024 behaves as the mid-2024 service did (wxc_sdk 1.19/1.20 era).
	Era2024 = "2024"
)

const (
	defaultMaxAccessCodes = 100
	maxDigitPatterns      = 500
)

// Webex-style error codes used in error bodies.
const (
	codeCallTypeNotSettable = 25024 // call type cannot be updated
	codeInvalidInput        = 25008 // malformed or invalid request body or parameter
	codeDuplicate           = 25010 // name or code already exists on the entity
	codeLimitReached        = 25011 // too many digit patterns or access codes
	codeNotFound            = 4008  // entity or sub-resource not found
	codeUnauthorized        = 1     // missing or unknown token
	codeForbidden           = 2     // role or scope may not do this
	codeRateLimited         = 3     // token bucket empty
	codeServerFault         = 4     // injected fault
)

// Call types.
const (
	ctInternal      = "INTERNAL_CALL"
	ctLocal         = "LOCAL"
	ctTollFree      = "TOLL_FREE"
	ctToll          = "TOLL"
	ctNational      = "NATIONAL"
	ctInternational = "INTERNATIONAL"
	ctOperator      = "OPERATOR_ASSISTED"
	ctChargeable    = "CHARGEABLE_DIRECTORY_ASSISTED"
	ctSpecial1      = "SPECIAL_SERVICES_I"
	ctSpecial2      = "SPECIAL_SERVICES_II"
	ctPremium1      = "PREMIUM_SERVICES_I"
	ctPremium2      = "PREMIUM_SERVICES_II"
	ctCasual        = "CASUAL"
	ctURLDialing    = "URL_DIALING"
	ctUnknown       = "UNKNOWN"
)

var (
	// declaredCallTypes: the 12 settable types of mid-2024, SDK declaration order.
	declaredCallTypes = []string{ctInternal, ctLocal, ctTollFree, ctToll, ctNational, ctInternational,
		ctOperator, ctChargeable, ctSpecial1, ctSpecial2, ctPremium1, ctPremium2}
	// person2024CallTypes: what a mid-2024 person GET listed, in service order.
	person2024CallTypes = append(append([]string(nil), declaredCallTypes...), ctCasual, ctURLDialing, ctUnknown)
	// currentCallTypes: the 10 types of today's OpenAPI, in its enum order.
	currentCallTypes = []string{ctInternal, ctTollFree, ctInternational, ctOperator, ctChargeable,
		ctSpecial1, ctSpecial2, ctPremium1, ctPremium2, ctNational}

	settable = map[string]map[string]bool{
		EraCurrent: setOf(currentCallTypes),
		Era2024:    setOf(declaredCallTypes),
	}

	validActions = setOf([]string{"ALLOW", "BLOCK", "AUTH_CODE", "TRANSFER_NUMBER_1", "TRANSFER_NUMBER_2", "TRANSFER_NUMBER_3"})
)

func setOf(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// permValue is the stored value of one call type.
type permValue struct {
	Action   string `json:"a"`
	Transfer bool   `json:"t"`
}

// defaultPerm is the factory default of a call type (HELP; CallingPermissions.default()).
func defaultPerm(ct string) permValue {
	switch ct {
	case ctInternational, ctPremium1, ctPremium2, ctCasual:
		return permValue{Action: "BLOCK"}
	}
	return permValue{Action: "ALLOW", Transfer: true}
}

// accessCode is one stored access code.
type accessCode struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

// digitPattern is one stored digit pattern.
type digitPattern struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Pattern         string `json:"pattern"`
	Action          string `json:"action"`
	TransferEnabled bool   `json:"transferEnabled"`
}

// record is the stored settings of one entity (location, person, workspace,
// virtual line): one JSON document per entity.
type record struct {
	UseCustomEnabled         bool                 `json:"useCustomEnabled,omitempty"`
	UseCustomPermissions     bool                 `json:"useCustomPermissions,omitempty"`
	Perms                    map[string]permValue `json:"perms,omitempty"`
	UseCustomTransferNumbers bool                 `json:"useCustomTransferNumbers,omitempty"`
	Numbers                  [3]string            `json:"numbers"`
	UseCustomAccessCodes     bool                 `json:"useCustomAccessCodes,omitempty"`
	AccessCodes              []accessCode         `json:"accessCodes,omitempty"`
	UseCustomDigitPatterns   bool                 `json:"useCustomDigitPatterns,omitempty"`
	DigitPatterns            []digitPattern       `json:"digitPatterns,omitempty"`
	PatternSeq               int                  `json:"patternSeq,omitempty"`
}

// perm returns the stored value for ct, or its default.
func (r *record) perm(ct string) permValue {
	if v, ok := r.Perms[ct]; ok {
		return v
	}
	return defaultPerm(ct)
}

func decodeRecord(b []byte) (*record, error) {
	r := new(record)
	if len(b) == 0 {
		return r, nil
	}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("decode stored record: %w", err)
	}
	return r, nil
}

// ---- wire types: responses ----

type permEntryOut struct {
	CallType                     string `json:"callType"`
	Action                       string `json:"action"`
	TransferEnabled              bool   `json:"transferEnabled"`
	IsCallTypeRestrictionEnabled *bool  `json:"isCallTypeRestrictionEnabled,omitempty"`
}

type permsOut struct {
	UseCustomEnabled     *bool          `json:"useCustomEnabled,omitempty"`
	UseCustomPermissions *bool          `json:"useCustomPermissions,omitempty"`
	CallingPermissions   []permEntryOut `json:"callingPermissions"`
}

type transferOut struct {
	UseCustomTransferNumbers *bool   `json:"useCustomTransferNumbers,omitempty"`
	AutoTransferNumber1      *string `json:"autoTransferNumber1,omitempty"`
	AutoTransferNumber2      *string `json:"autoTransferNumber2,omitempty"`
	AutoTransferNumber3      *string `json:"autoTransferNumber3,omitempty"`
}

// transferOutNull is the era-2024 transfer-number GET body: unset numbers are null.
type transferOutNull struct {
	AutoTransferNumber1 *string `json:"autoTransferNumber1"`
	AutoTransferNumber2 *string `json:"autoTransferNumber2"`
	AutoTransferNumber3 *string `json:"autoTransferNumber3"`
}

type accessCodeOut struct {
	Code        string `json:"code"`
	Description string `json:"description"`
	Level       string `json:"level,omitempty"`
}

type accessCodesOut struct {
	UseCustomAccessCodes *bool           `json:"useCustomAccessCodes,omitempty"`
	AccessCodes          []accessCodeOut `json:"accessCodes"`
}

type digitPatternsOut struct {
	UseCustomDigitPatterns *bool          `json:"useCustomDigitPatterns,omitempty"`
	DigitPatterns          []digitPattern `json:"digitPatterns"`
}

// ---- wire types: requests (pointers: null and absent both mean "not given") ----

type permEntryIn struct {
	CallType        *string `json:"callType"`
	Action          *string `json:"action"`
	TransferEnabled *bool   `json:"transferEnabled"`
}

type permsIn struct {
	UseCustomEnabled     *bool          `json:"useCustomEnabled"`
	UseCustomPermissions *bool          `json:"useCustomPermissions"`
	CallingPermissions   []*permEntryIn `json:"callingPermissions"`
}

type transferIn struct {
	UseCustomTransferNumbers *bool   `json:"useCustomTransferNumbers"`
	AutoTransferNumber1      *string `json:"autoTransferNumber1"`
	AutoTransferNumber2      *string `json:"autoTransferNumber2"`
	AutoTransferNumber3      *string `json:"autoTransferNumber3"`
}

type accessCodeIn struct {
	Code        *string `json:"code"`
	Description *string `json:"description"`
	Level       *string `json:"level"`
}

type accessCodesModifyIn struct {
	UseCustomAccessCodes *bool     `json:"useCustomAccessCodes"`
	DeleteCodes          []*string `json:"deleteCodes"`
}

type locationCodesIn struct {
	AccessCodes []*accessCodeIn `json:"accessCodes"`
}

type digitPatternIn struct {
	Name            *string `json:"name"`
	Pattern         *string `json:"pattern"`
	Action          *string `json:"action"`
	TransferEnabled *bool   `json:"transferEnabled"`
}

type categoryIn struct {
	UseCustomDigitPatterns *bool `json:"useCustomDigitPatterns"`
}
