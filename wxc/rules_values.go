package wxc

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The value rules (rules.go has the call-type, action and member rules): what makes an
// access code, a description, a transfer number, a digit pattern and its name valid, and the
// limits on them. docs/RULES.md says which limits Webex documents and which are this
// package's choice.

// Limits on written values.
const (
	// MaxAccessCodeDigits is the longest access code (codes are 1 to 10 ASCII digits).
	MaxAccessCodeDigits = 10
	// MaxAccessCodeDescription is the longest access code description, in characters.
	MaxAccessCodeDescription = 255
	// MaxAccessCodes is how many access codes an entity may have (Webex help: 100 per plan).
	MaxAccessCodes = 100
	// MaxDigitPatterns is how many digit patterns an entity may have (the 501st is refused).
	MaxDigitPatterns = 500
	// MaxDigitPatternName is the longest digit pattern name, in characters.
	MaxDigitPatternName = 80
	// MaxDigitPatternLength is the longest digit pattern, in bytes.
	MaxDigitPatternLength = 40
	// MaxTransferNumberLength is the longest transfer number, formatting included.
	MaxTransferNumberLength = 40
	// MinTransferNumberDigits and MaxTransferNumberDigits bound the digits of a transfer number.
	MinTransferNumberDigits = 2
	MaxTransferNumberDigits = 20
)

// CheckAccessCode returns nil when code is 1 to MaxAccessCodeDigits ASCII digits.
func CheckAccessCode(code string) error {
	switch {
	case code == "":
		return &ValidationError{Field: "code", Reason: "empty access code"}
	case strings.Trim(code, "0123456789") != "":
		return &ValidationError{Field: "code", Reason: fmt.Sprintf("access code %q must be digits only", code)}
	case len(code) > MaxAccessCodeDigits:
		return &ValidationError{Field: "code", Reason: fmt.Sprintf("access code %q has %d digits; at most %d", code, len(code), MaxAccessCodeDigits)}
	}
	return nil
}

// CheckAccessCodeDescription returns nil when desc is non-blank valid UTF-8 of at most
// MaxAccessCodeDescription characters (the API requires a description).
func CheckAccessCodeDescription(desc string) error {
	switch {
	case !utf8.ValidString(desc):
		return &ValidationError{Field: "description", Reason: "not valid UTF-8"}
	case strings.TrimSpace(desc) == "":
		return &ValidationError{Field: "description", Reason: "an access code needs a description"}
	case utf8.RuneCountInString(desc) > MaxAccessCodeDescription:
		return &ValidationError{Field: "description", Reason: fmt.Sprintf("longer than %d characters", MaxAccessCodeDescription)}
	}
	return nil
}

// CheckTransferNumber returns nil for "" (which clears a number) and for a phone number: an
// optional leading +, MinTransferNumberDigits to MaxTransferNumberDigits digits, and '-', ' ',
// '(' or ')' as formatting, at most MaxTransferNumberLength bytes in all.
func CheckTransferNumber(n string) error {
	if n == "" {
		return nil
	}
	bad := func(why string) error {
		return &ValidationError{Field: "autoTransferNumber", Reason: fmt.Sprintf("%q %s", n, why)}
	}
	if len(n) > MaxTransferNumberLength {
		return bad(fmt.Sprintf("is longer than %d characters", MaxTransferNumberLength))
	}
	digits := 0
	for i := 0; i < len(n); i++ {
		c := n[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == '-' || c == ' ' || c == '(' || c == ')':
		default:
			return bad("is not a phone number: digits, an optional leading +, and - ( ) or spaces")
		}
	}
	if digits < MinTransferNumberDigits || digits > MaxTransferNumberDigits {
		return bad(fmt.Sprintf("has %d digits; want %d to %d", digits, MinTransferNumberDigits, MaxTransferNumberDigits))
	}
	return nil
}

// CheckDigitPatternName returns nil when name is non-blank valid UTF-8 of at most
// MaxDigitPatternName characters.
func CheckDigitPatternName(name string) error {
	switch {
	case !utf8.ValidString(name):
		return &ValidationError{Field: "name", Reason: "not valid UTF-8"}
	case strings.TrimSpace(name) == "":
		return &ValidationError{Field: "name", Reason: "a digit pattern needs a name"}
	case utf8.RuneCountInString(name) > MaxDigitPatternName:
		return &ValidationError{Field: "name", Reason: fmt.Sprintf("name %q is longer than %d characters", name, MaxDigitPatternName)}
	}
	return nil
}

// CheckDigitPattern returns nil for a pattern of at most MaxDigitPatternLength bytes: an
// optional leading '+', one or more of the digits 0-9, 'X' (any one digit), '*' and '#', and an
// optional trailing '!' (any further digits).
func CheckDigitPattern(pattern string) error {
	bad := func(why string) error {
		return &ValidationError{Field: "pattern", Reason: fmt.Sprintf("%q %s", pattern, why)}
	}
	if pattern == "" {
		return &ValidationError{Field: "pattern", Reason: "empty digit pattern"}
	}
	if len(pattern) > MaxDigitPatternLength {
		return bad(fmt.Sprintf("is longer than %d characters", MaxDigitPatternLength))
	}
	body := strings.TrimSuffix(strings.TrimPrefix(pattern, "+"), "!")
	if body == "" {
		return bad("has no digits")
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if (c < '0' || c > '9') && c != 'X' && c != '*' && c != '#' {
			why := "may hold only digits, X, * and #, with an optional leading + and trailing !"
			if c == 'x' {
				why = "uses a lower-case x: write X"
			}
			return bad(why)
		}
	}
	return nil
}

// CheckDigitPatternBody checks a digit pattern to be created (create true: name, pattern and
// action required) or updated (only the members set are checked).
func CheckDigitPatternBody(p *DigitPattern, create bool) error {
	if p == nil {
		return &ValidationError{Field: "digitPattern", Reason: "missing"}
	}
	var errs []error
	if create || p.Name != "" {
		errs = append(errs, CheckDigitPatternName(p.Name))
	}
	if create || p.Pattern != "" {
		errs = append(errs, CheckDigitPattern(p.Pattern))
	}
	if create || p.Action != "" {
		errs = append(errs, CheckAction(p.Action))
	}
	return errors.Join(errs...)
}

// CheckOutgoingPermissions checks a PUT body for an entity of kind whose read reported
// reported (nil: nothing read, so legacy call types are refused): every call type writable,
// every action valid, and no custom switch on a location. It returns every problem, joined.
func CheckOutgoingPermissions(kind EntityKind, body *OutgoingPermissions, reported *CallingPermissions) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	if body == nil {
		return &ValidationError{Field: "outgoingPermissions", Reason: "missing"}
	}
	var errs []error
	if !UsesCustomSwitch(kind) {
		if body.UseCustomEnabled != nil {
			errs = append(errs, &ValidationError{Field: "useCustomEnabled", Reason: "locations have no custom switch"})
		}
		if body.UseCustomPermissions != nil {
			errs = append(errs, &ValidationError{Field: "useCustomPermissions", Reason: "locations have no custom switch"})
		}
	}
	for _, ct := range body.CallingPermissions.CallTypes() {
		if err := CheckCallType(kind, ct, reported); err != nil {
			errs = append(errs, err)
			continue
		}
		perm, _ := body.CallingPermissions.ForCallType(ct)
		if err := CheckAction(perm.Action); err != nil {
			errs = append(errs, &ValidationError{Field: "callingPermissions." + string(ct) + ".action", Reason: err.(*ValidationError).Reason})
		}
	}
	return errors.Join(errs...)
}

// CheckAutoTransferNumbers checks a PUT body for an entity of kind.
func CheckAutoTransferNumbers(kind EntityKind, n *AutoTransferNumbers) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	if n == nil {
		return &ValidationError{Field: "autoTransferNumbers", Reason: "missing"}
	}
	var errs []error
	if !UsesCustomSwitch(kind) && n.UseCustomTransferNumbers != nil {
		errs = append(errs, &ValidationError{Field: "useCustomTransferNumbers", Reason: "locations have no custom switch"})
	}
	for i, v := range []*string{n.AutoTransferNumber1, n.AutoTransferNumber2, n.AutoTransferNumber3} {
		if v == nil {
			continue
		}
		if err := CheckTransferNumber(*v); err != nil {
			errs = append(errs, &ValidationError{Field: fmt.Sprintf("autoTransferNumber%d", i+1), Reason: err.(*ValidationError).Reason})
		}
	}
	return errors.Join(errs...)
}
