package plan

import (
	"slices"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Check reports whether op's effect is already in place in s (so the write must not be made
// again) and returns the op to make otherwise, narrowed to what is still missing.
func Check(s *snapshot.Settings, op Op) (inPlace bool, next Op) {
	switch op.Kind {
	case OpOutgoing:
		return outgoingInPlace(s, op.Outgoing), op
	case OpTransferNumbers:
		return transferNumbersInPlace(s, op.TransferNumbers), op
	case OpAccessCodesModify, OpLocationCodesDelete:
		return checkCodesModify(s, op)
	case OpAccessCodeCreate, OpLocationCodesCreate:
		return checkCodesCreate(s, op)
	case OpDigitPatternsCategory:
		return s.DigitPatterns != nil && op.UseCustom != nil && eqBool(s.DigitPatterns.UseCustomDigitPatterns, *op.UseCustom), op
	case OpDigitPatternDelete:
		return findPattern(s, func(p wxc.DigitPattern) bool { return p.ID == op.Pattern.ID }) == nil, op
	case OpDigitPatternUpdate, OpDigitPatternCreate:
		return checkPatternWrite(s, op)
	}
	return false, op
}

// outgoingInPlace reports whether s has the switches (for an entity that has them) and the
// call types of body b.
func outgoingInPlace(s *snapshot.Settings, b *wxc.OutgoingPermissions) bool {
	cur := s.Outgoing
	if cur == nil {
		return false
	}
	if wxc.UsesCustomSwitch(s.Kind) && ((b.UseCustomEnabled != nil && !eqBool(cur.UseCustomEnabled, *b.UseCustomEnabled)) ||
		(b.UseCustomPermissions != nil && !eqBool(cur.UseCustomPermissions, *b.UseCustomPermissions))) {
		return false
	}
	if b.CallingPermissions == nil {
		return true
	}
	for _, ct := range b.CallingPermissions.CallTypes() {
		want, _ := b.CallingPermissions.ForCallType(ct)
		have, ok := wxc.CallTypePermission{}, false
		if cur.CallingPermissions != nil {
			have, ok = cur.CallingPermissions.ForCallType(ct)
		}
		if !ok || have.Action != want.Action || have.TransferEnabled != want.TransferEnabled {
			return false
		}
	}
	return true
}

// transferNumbersInPlace reports whether s has the switch (for an entity that has it) and
// the numbers of body b.
func transferNumbersInPlace(s *snapshot.Settings, b *wxc.AutoTransferNumbers) bool {
	cur := s.TransferNumbers
	if cur == nil {
		return false
	}
	if wxc.UsesCustomSwitch(s.Kind) && b.UseCustomTransferNumbers != nil && !eqBool(cur.UseCustomTransferNumbers, *b.UseCustomTransferNumbers) {
		return false
	}
	have := []*string{cur.AutoTransferNumber1, cur.AutoTransferNumber2, cur.AutoTransferNumber3}
	for i, w := range []*string{b.AutoTransferNumber1, b.AutoTransferNumber2, b.AutoTransferNumber3} {
		if w != nil && !sameNumber(have[i], *w) {
			return false
		}
	}
	return true
}

// checkCodesModify checks a switch-and-delete op; what is left are the codes still there.
func checkCodesModify(s *snapshot.Settings, op Op) (bool, Op) {
	codes := ownCodes(s)
	var still []string
	for _, c := range op.DeleteCodes {
		if _, ok := codes[c]; ok {
			still = append(still, c)
		}
	}
	flagOK := op.UseCustom == nil || (s.AccessCodes != nil && eqBool(s.AccessCodes.UseCustomAccessCodes, *op.UseCustom))
	if flagOK && len(still) == 0 {
		return true, op
	}
	op.DeleteCodes = still
	return false, op
}

// checkCodesCreate checks a create op; what is left are the codes missing (or with another
// description).
func checkCodesCreate(s *snapshot.Settings, op Op) (bool, Op) {
	codes := ownCodes(s)
	var missing []wxc.AuthCode
	for _, c := range op.Codes {
		if d, ok := codes[c.Code]; !ok || d != c.Description {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		return true, op
	}
	op.Codes = missing
	return false, op
}

// checkPatternWrite checks an update (pattern found by ID) or a create (found by name). A
// create whose name exists with other values becomes an update of that pattern.
func checkPatternWrite(s *snapshot.Settings, op Op) (bool, Op) {
	var p *wxc.DigitPattern
	if op.Kind == OpDigitPatternUpdate {
		p = findPattern(s, func(x wxc.DigitPattern) bool { return x.ID == op.Pattern.ID })
	} else {
		p = findPattern(s, func(x wxc.DigitPattern) bool { return x.Name == op.Pattern.Name })
	}
	if p == nil {
		return false, op
	}
	w := op.Pattern
	ok := (w.Name == "" || p.Name == w.Name) && (w.Pattern == "" || p.Pattern == w.Pattern) &&
		(w.Action == "" || p.Action == w.Action) && (w.TransferEnabled == nil || eqBool(p.TransferEnabled, *w.TransferEnabled))
	if ok {
		return true, op
	}
	if op.Kind == OpDigitPatternCreate { // created, but the name exists with other values: update it
		upd := *w
		upd.ID = p.ID
		op.Kind, op.Pattern = OpDigitPatternUpdate, &upd
	}
	return false, op
}

// ownCodes maps the entity's own codes (not those inherited from its location) to their
// descriptions.
func ownCodes(s *snapshot.Settings) map[string]string {
	m := map[string]string{}
	if s.AccessCodes == nil {
		return m
	}
	for _, c := range s.AccessCodes.AccessCodes {
		if c.Level != wxc.AuthCodeLevelLocation {
			m[c.Code] = c.Description
		}
	}
	return m
}

func findPattern(s *snapshot.Settings, f func(wxc.DigitPattern) bool) *wxc.DigitPattern {
	if s.DigitPatterns == nil {
		return nil
	}
	if i := slices.IndexFunc(s.DigitPatterns.DigitPatterns, f); i >= 0 {
		return &s.DigitPatterns.DigitPatterns[i]
	}
	return nil
}
