package plan

import (
	"slices"

	"github.com/wxcgo/go-wxc/wxc"
)

// Target is the merged desired state of one entity: every nil member is left as it is.
type Target struct {
	UseCustomEnabled, UseCustomPermissions *bool
	CallTypes                              map[wxc.CallType]CallTypeTarget

	UseCustomTransferNumbers *bool
	TransferNumbers          [3]*string // "" clears

	UseCustomAccessCodes *bool
	Codes                []CodeSpec // merged by code, later wins
	CodesExclusive       bool

	UseCustomDigitPatterns *bool
	Patterns               []PatternSpec // merged by name, later wins
	PatternsExclusive      bool

	// callTypeFrom is the profile that last set each call type (for error messages).
	callTypeFrom map[wxc.CallType]string
}

// merge applies profile p (named name) over t, field by field.
func (t *Target) merge(name string, p Profile) {
	if o := p.Outgoing; o != nil {
		setIf(&t.UseCustomEnabled, o.UseCustomEnabled)
		setIf(&t.UseCustomPermissions, o.UseCustomPermissions)
		for ct, v := range o.CallingPermissions {
			if t.CallTypes == nil {
				t.CallTypes = map[wxc.CallType]CallTypeTarget{}
				t.callTypeFrom = map[wxc.CallType]string{}
			}
			t.callTypeFrom[ct] = name
			cur := t.CallTypes[ct]
			setIf(&cur.Action, v.Action)
			setIf(&cur.TransferEnabled, v.TransferEnabled)
			t.CallTypes[ct] = cur
		}
	}
	if n := p.TransferNumbers; n != nil {
		setIf(&t.UseCustomTransferNumbers, n.UseCustomTransferNumbers)
		for i, v := range []*string{n.AutoTransferNumber1, n.AutoTransferNumber2, n.AutoTransferNumber3} {
			setIf(&t.TransferNumbers[i], v)
		}
	}
	if a := p.AccessCodes; a != nil {
		setIf(&t.UseCustomAccessCodes, a.UseCustomAccessCodes)
		t.Codes = mergeBy(t.Codes, a.Codes, func(c CodeSpec) string { return c.Code })
		if a.Exclusive != nil {
			t.CodesExclusive = *a.Exclusive
		}
	}
	if d := p.DigitPatterns; d != nil {
		setIf(&t.UseCustomDigitPatterns, d.UseCustomDigitPatterns)
		t.Patterns = mergeBy(t.Patterns, d.Patterns, func(x PatternSpec) string { return x.Name })
		if d.Exclusive != nil {
			t.PatternsExclusive = *d.Exclusive
		}
	}
}

func setIf[T any](dst **T, v *T) {
	if v != nil {
		c := *v
		*dst = &c
	}
}

// mergeBy merges src into dst by key: an item of src replaces the item of dst with its key
// (in place) or is appended.
func mergeBy[T any, K comparable](dst, src []T, key func(T) K) []T {
	for _, x := range src {
		if i := slices.IndexFunc(dst, func(y T) bool { return key(y) == key(x) }); i >= 0 {
			dst[i] = x
		} else {
			dst = append(dst, x)
		}
	}
	return dst
}
