package transfer

import (
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
)

func TestTransferSetFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	var got *transferSetOptions
	run := func(o *transferSetOptions) error { got = o; return nil }
	if err := cmdtest.Execute(newTransferSetCmd(f, run), "person", "x", "--number1", "+1555", "--number3", ""); err != nil {
		t.Fatal(err)
	}
	if got.Numbers[0] == nil || *got.Numbers[0] != "+1555" || got.Numbers[1] != nil || got.Numbers[2] == nil || *got.Numbers[2] != "" {
		t.Errorf("numbers = %v %v %v", cmdutil.StrCell(got.Numbers[0]), got.Numbers[1], got.Numbers[2])
	}
	for _, args := range [][]string{
		{"person", "x"},
		{"location", "x", "--use-custom"},
		{"person", "x", "-f", "n.json", "--number1", "1"},
	} {
		f, _, _ := cmdtest.Factory()
		if err := cmdtest.Execute(newTransferSetCmd(f, run), args...); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
			t.Errorf("%q: err = %v, want usage error", args, err)
		}
	}
}
