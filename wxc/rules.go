package wxc

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// This file is the one home of the outgoing-permission rules: which call types can be written,
// which actions exist, which members each request body has, and what makes an access code,
// a transfer number or a digit pattern valid. Tools (the wxc CLI among them) check input with
// these functions before they send anything.
//
// The service methods do not call them: they send what they are given, as wxc_sdk does, so a
// program can still reach a server whose rules differ. Webex documents few of these limits;
// where it is silent the values below are this package's choice (docs/RULES.md says which),
// and the emulator enforces the same ones.

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

// CallTypeClass says whether and when a call type can be written.
type CallTypeClass int

// Call type classes.
const (
	// CallTypeSettable: every current API era accepts it in a PUT.
	CallTypeSettable CallTypeClass = iota + 1
	// CallTypeLegacy: LOCAL and TOLL. The mid-2024 service accepted them; today's does not. They
	// are settable for an entity exactly when a read of that entity reports them.
	CallTypeLegacy
	// CallTypeReadOnly: CASUAL, URL_DIALING and UNKNOWN. Reads may report them; a PUT is
	// refused (error 25024).
	CallTypeReadOnly
	// CallTypeUnrecognised: a value this package does not know. It is kept when read and sent
	// back unchanged by OutgoingPermissionsService.Configure, but tools should not write it.
	CallTypeUnrecognised
)

// String returns the class's name.
func (c CallTypeClass) String() string {
	switch c {
	case CallTypeSettable:
		return "settable"
	case CallTypeLegacy:
		return "legacy"
	case CallTypeReadOnly:
		return "read-only"
	case CallTypeUnrecognised:
		return "unrecognised"
	}
	return fmt.Sprintf("CallTypeClass(%d)", int(c))
}

var (
	settableCallTypes = []CallType{
		CallTypeInternalCall, CallTypeTollFree, CallTypeNational, CallTypeInternational,
		CallTypeOperatorAssisted, CallTypeChargeableDirectoryAssisted, CallTypeSpecialServicesI,
		CallTypeSpecialServicesII, CallTypePremiumServicesI, CallTypePremiumServicesII,
	}
	legacyCallTypes   = []CallType{CallTypeLocal, CallTypeToll}
	readOnlyCallTypes = []CallType{CallTypeCasual, CallTypeURLDialing, CallTypeUnknown}
)

// ClassifyCallType returns the class of ct (exact, upper-case wire value).
func ClassifyCallType(ct CallType) CallTypeClass {
	switch {
	case slices.Contains(settableCallTypes, ct):
		return CallTypeSettable
	case slices.Contains(legacyCallTypes, ct):
		return CallTypeLegacy
	case slices.Contains(readOnlyCallTypes, ct):
		return CallTypeReadOnly
	}
	return CallTypeUnrecognised
}

// SettableCallTypes returns the ten call types every current API era accepts for every entity
// kind, in wxc_sdk's declaration order.
func SettableCallTypes() []CallType { return slices.Clone(settableCallTypes) }

// LegacyCallTypes returns LOCAL and TOLL.
func LegacyCallTypes() []CallType { return slices.Clone(legacyCallTypes) }

// ReadOnlyCallTypes returns CASUAL, URL_DIALING and UNKNOWN.
func ReadOnlyCallTypes() []CallType { return slices.Clone(readOnlyCallTypes) }

// WritableCallTypes returns the call types a PUT for an entity of kind may carry, given what a
// read of that entity reported (reported may be nil when nothing was read): the settable ones,
// then the legacy ones that the read reported. The set is the same for every kind today; kind
// is checked so that a caller cannot ask about a kind that has no outgoing permissions.
func WritableCallTypes(kind EntityKind, reported *CallingPermissions) []CallType {
	if !slices.Contains(entityKinds, kind) {
		return nil
	}
	out := SettableCallTypes()
	for _, ct := range legacyCallTypes {
		if _, ok := reported.ForCallType(ct); ok {
			out = append(out, ct)
		}
	}
	return out
}

// CheckCallType returns nil when ct may be written for an entity of kind whose read reported
// reported, else a *ValidationError that says why and lists what may be written. A call type
// whose read says the system enforces its setting (RestrictionEnforced) cannot be written.
func CheckCallType(kind EntityKind, ct CallType, reported *CallingPermissions) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	writable := WritableCallTypes(kind, reported)
	field := "callingPermissions." + string(ct)
	if slices.Contains(writable, ct) {
		if RestrictionEnforced(reported, ct) {
			return &ValidationError{Field: field, Reason: fmt.Sprintf("the system enforces the setting of %s for this %s (isCallTypeRestrictionEnabled); it cannot be changed", ct, kind)}
		}
		return nil
	}
	var why string
	switch ClassifyCallType(ct) {
	case CallTypeLegacy:
		why = fmt.Sprintf("%s is a legacy call type that this %s's service no longer reports, so it cannot be set", ct, kind)
	case CallTypeReadOnly:
		why = readOnlyReason(ct)
	default:
		why = unknownCallTypeReason(ct, writable)
	}
	return &ValidationError{Field: field, Reason: why + "; settable: " + joinCallTypes(writable)}
}

// CheckCallTypeName applies the call-type rules that need no read of an entity: nil for the
// settable and the legacy call types (CheckCallType then decides a legacy one per entity), a
// *ValidationError for read-only and unrecognised ones. Tools use it where a call type is
// named before any entity is read, such as a flag or a desired-state file.
func CheckCallTypeName(ct CallType) error {
	var why string
	switch ClassifyCallType(ct) {
	case CallTypeSettable, CallTypeLegacy:
		return nil
	case CallTypeReadOnly:
		why = readOnlyReason(ct)
	default:
		why = unknownCallTypeReason(ct, append(SettableCallTypes(), legacyCallTypes...))
	}
	return &ValidationError{Field: "callingPermissions." + string(ct),
		Reason: why + "; settable: " + joinCallTypes(settableCallTypes) + ", and " + joinCallTypes(legacyCallTypes) + " for entities whose read reports them"}
}

func readOnlyReason(ct CallType) string {
	return fmt.Sprintf("%s is read-only: Webex reports it but refuses to set it (error 25024)", ct)
}

func unknownCallTypeReason(ct CallType, candidates []CallType) string {
	why := fmt.Sprintf("unknown call type %q", string(ct))
	if s := Suggest(string(ct), callTypeStrings(candidates)); s != "" {
		why += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return why
}

// RestrictionEnforced reports whether reported (a read) says that the system enforces the
// setting of ct (isCallTypeRestrictionEnabled: true), so that it cannot be changed.
func RestrictionEnforced(reported *CallingPermissions, ct CallType) bool {
	p, ok := reported.ForCallType(ct)
	return ok && p.IsCallTypeRestrictionEnabled != nil && *p.IsCallTypeRestrictionEnabled
}

func callTypeStrings(cts []CallType) []string {
	s := make([]string, len(cts))
	for i, c := range cts {
		s[i] = string(c)
	}
	return s
}

func joinCallTypes(cts []CallType) string { return strings.Join(callTypeStrings(cts), ", ") }

func checkKind(kind EntityKind) error {
	if !slices.Contains(entityKinds, kind) {
		return &ValidationError{Field: "kind", Reason: fmt.Sprintf("unknown entity kind %q", string(kind))}
	}
	return nil
}

// CheckAction returns nil when a is one of Actions (exact, upper-case wire value).
func CheckAction(a Action) error {
	if slices.Contains(Actions(), a) {
		return nil
	}
	reason := fmt.Sprintf("unknown action %q", string(a))
	if s := Suggest(string(a), actionStrings()); s != "" {
		reason += fmt.Sprintf(" (did you mean %s?)", s)
	}
	return &ValidationError{Field: "action", Reason: reason + "; want one of " + strings.Join(actionStrings(), ", ")}
}

func actionStrings() []string {
	as := Actions()
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return s
}

// UsesCustomSwitch reports whether entities of kind have the useCustom* switches: people,
// workspaces and virtual lines do; locations do not (their settings always apply). For such an
// entity a change of its own call types, numbers, codes or patterns takes effect only while its
// custom switches are on, so writing them without turning the switches on changes nothing the
// entity does; tools that write them should turn the switches on and say so.
func UsesCustomSwitch(kind EntityKind) bool {
	return kind != Location && slices.Contains(entityKinds, kind)
}

// Request body members, by area and kind: the JSON member names a tool may write.
var (
	callTypePermissionMembers = []string{"callType", "action", "transferEnabled"}
	readOnlyMembers           = []string{"isCallTypeRestrictionEnabled", "id", "level"}
)

// OutgoingPermissionsMembers returns the members of an outgoing-permissions PUT for kind.
func OutgoingPermissionsMembers(kind EntityKind) []string {
	if UsesCustomSwitch(kind) {
		return []string{"useCustomEnabled", "useCustomPermissions", "callingPermissions"}
	}
	return []string{"callingPermissions"}
}

// CallTypePermissionMembers returns the members of one callingPermissions entry in a PUT.
func CallTypePermissionMembers() []string { return slices.Clone(callTypePermissionMembers) }

// TransferNumbersMembers returns the members of an auto-transfer-numbers PUT for kind.
func TransferNumbersMembers(kind EntityKind) []string {
	n := []string{"autoTransferNumber1", "autoTransferNumber2", "autoTransferNumber3"}
	if UsesCustomSwitch(kind) {
		return append([]string{"useCustomTransferNumbers"}, n...)
	}
	return n
}

// DigitPatternMembers returns the members of a digit-pattern create or update body.
func DigitPatternMembers() []string { return []string{"name", "pattern", "action", "transferEnabled"} }

// AccessCodeMembers returns the members of an access-code create body.
func AccessCodeMembers() []string { return []string{"code", "description"} }

// ReadOnlyMembers returns members that reads carry but writes must not: a tool that reads a
// body and writes it back may drop them.
func ReadOnlyMembers() []string { return slices.Clone(readOnlyMembers) }

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

// Suggest returns the candidate closest to word (case-insensitive edit distance), or "" when
// none is close enough to be a likely typo. Tools use it for "did you mean …?".
func Suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(w, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// Close enough: at most a third of the word's length (and at least 1, at most 4).
	limit := min(max(len([]rune(word))/3, 1), 4)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, over runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
