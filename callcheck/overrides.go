package callcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/wxcgo/go-wxc/wxc"
	"go.yaml.in/yaml/v3"
)

// OverrideFile is the format of Options.Overrides, YAML or JSON (docs/CALLCHECK.md):
//
//	version: 1
//	domestic:                 # origin -> regions whose numbers are NATIONAL (replaces the built-in group)
//	  US: [US, CA, PR, VI]
//	rules:
//	  - {country: GB, pattern: "+44871!", callType: PREMIUM_SERVICES_II, note: "billed as premium by our carrier"}
//	  - {country: "*", pattern: "+88216!", callType: PREMIUM_SERVICES_II}
//	  - {country: DE, numberType: SHARED_COST, callType: NATIONAL}
//
// Override rules are consulted before the built-in ones: a matching override decides even
// when a built-in row would be more specific. Unknown keys, countries, call types and number
// types are errors.
type OverrideFile struct {
	Version  int                 `json:"version" yaml:"version"`
	Domestic map[string][]string `json:"domestic,omitempty" yaml:"domestic,omitempty"`
	Rules    []Rule              `json:"rules,omitempty" yaml:"rules,omitempty"`
}

// numberTypeNames are libphonenumber's type names, indexed by phonenumbers.PhoneNumberType.
var numberTypeNames = [...]string{
	phonenumbers.FIXED_LINE:           "FIXED_LINE",
	phonenumbers.MOBILE:               "MOBILE",
	phonenumbers.FIXED_LINE_OR_MOBILE: "FIXED_LINE_OR_MOBILE",
	phonenumbers.TOLL_FREE:            "TOLL_FREE",
	phonenumbers.PREMIUM_RATE:         "PREMIUM_RATE",
	phonenumbers.SHARED_COST:          "SHARED_COST",
	phonenumbers.VOIP:                 "VOIP",
	phonenumbers.PERSONAL_NUMBER:      "PERSONAL_NUMBER",
	phonenumbers.PAGER:                "PAGER",
	phonenumbers.UAN:                  "UAN",
	phonenumbers.VOICEMAIL:            "VOICEMAIL",
	phonenumbers.UNKNOWN:              "UNKNOWN",
}

func numberTypeName(t phonenumbers.PhoneNumberType) string {
	if int(t) >= 0 && int(t) < len(numberTypeNames) {
		return numberTypeNames[t]
	}
	return "UNKNOWN"
}

// ParseOverrides parses and checks an override file (YAML or JSON).
func ParseOverrides(b []byte) (*OverrideFile, error) {
	var f OverrideFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return &f, nil // empty file: no overrides
		}
		return nil, fmt.Errorf("callcheck overrides: %w", err)
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("callcheck overrides: version %d not supported (want version: 1)", f.Version)
	}
	for origin, regions := range f.Domestic {
		if err := checkCountry(origin); err != nil {
			return nil, fmt.Errorf("callcheck overrides: domestic: %w", err)
		}
		for _, r := range regions {
			if err := checkCountry(r); err != nil {
				return nil, fmt.Errorf("callcheck overrides: domestic.%s: %w", origin, err)
			}
		}
	}
	for i := range f.Rules {
		if err := checkRule(&f.Rules[i]); err != nil {
			return nil, fmt.Errorf("callcheck overrides: rules[%d]: %w", i, err)
		}
	}
	return &f, nil
}

// checkCountry checks an ISO 3166-1 alpha-2 code that libphonenumber knows (upper case).
func checkCountry(c string) error {
	if len(c) != 2 || strings.ToUpper(c) != c || !phonenumbers.GetSupportedRegions()[c] {
		return fmt.Errorf("%w %q (want an upper-case ISO 3166-1 alpha-2 code such as US, GB)", ErrUnsupportedCountry, c)
	}
	return nil
}

// checkRule checks one rule (built-in or override).
func checkRule(r *Rule) error {
	if r.Country != "*" {
		if err := checkCountry(r.Country); err != nil {
			return err
		}
	}
	switch {
	case (r.Pattern == "") == (r.NumberType == ""):
		return errors.New("a rule needs exactly one of pattern and numberType")
	case r.Pattern != "":
		if err := CheckPattern(r.Pattern); err != nil {
			return err
		}
	default:
		if !slices.Contains(numberTypeNames[:], r.NumberType) {
			return fmt.Errorf("unknown numberType %q (want one of %s)", r.NumberType, strings.Join(numberTypeNames[:], ", "))
		}
	}
	if u := strings.ToUpper(strings.TrimSpace(r.CallType)); u == RuleEmergency || u == RuleNumber {
		r.CallType = u
	}
	switch r.CallType {
	case RuleEmergency, RuleNumber:
		if r.NumberType != "" && r.CallType == RuleNumber {
			return errors.New("callType NUMBER is for dialled-form patterns only")
		}
		if r.CallType == RuleNumber && strings.HasPrefix(r.Pattern, "+") {
			return errors.New("callType NUMBER is for dialled-form patterns (without '+') only")
		}
	default:
		ct, known := wxc.ParseCallType(r.CallType)
		if !known {
			return fmt.Errorf("unknown callType %q (want a Webex call type such as PREMIUM_SERVICES_I, or EMERGENCY or NUMBER)", r.CallType)
		}
		r.CallType = string(ct)
	}
	return nil
}
