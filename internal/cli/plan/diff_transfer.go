package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/wxc"
)

// transferNumbers diffs the auto transfer numbers (the custom switch and the numbers t sets)
// into at most one OpTransferNumbers.
func (d *differ) transferNumbers(tn *wxc.AutoTransferNumbers, t *Target) {
	if tn == nil {
		tn = &wxc.AutoTransferNumbers{}
	}
	body := &wxc.AutoTransferNumbers{}
	write := false
	sets := slices.ContainsFunc(t.TransferNumbers[:], func(n *string) bool { return n != nil && *n != "" })
	if v := d.customSwitch("transferNumbers.useCustomTransferNumbers", t.UseCustomTransferNumbers, tn.UseCustomTransferNumbers, sets, ReasonTransferNumbers); v != nil {
		body.UseCustomTransferNumbers, write = v, true
	}
	have := [3]*string{tn.AutoTransferNumber1, tn.AutoTransferNumber2, tn.AutoTransferNumber3}
	dst := [3]**string{&body.AutoTransferNumber1, &body.AutoTransferNumber2, &body.AutoTransferNumber3}
	for i, want := range t.TransferNumbers {
		if want == nil || sameNumber(have[i], *want) {
			continue
		}
		d.change(fmt.Sprintf("transferNumbers.autoTransferNumber%d", i+1), strVal(have[i]), strVal(want), "")
		*dst[i] = wxc.String(*want)
		write = true
	}
	if write {
		d.addOp(Op{Kind: OpTransferNumbers, TransferNumbers: body}, "")
	}
}

// sameNumber compares a current number with a desired one; nil and "" are both unset, and
// dashes and spaces do not count (Webex may format numbers with dashes).
func sameNumber(cur *string, want string) bool {
	norm := func(s string) string { return strings.NewReplacer("-", "", " ", "").Replace(s) }
	if cur == nil {
		return want == ""
	}
	return norm(*cur) == norm(want)
}
