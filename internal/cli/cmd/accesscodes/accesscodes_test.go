package accesscodes

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestAccessCodesFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	var add *accessCodesAddOptions
	err := cmdtest.Execute(newAccessCodesAddCmd(f, func(o *accessCodesAddOptions) error { add = o; return nil }),
		"person", "x", "4856=Marketing team", "1111", "--description", "Default")
	if err != nil {
		t.Fatal(err)
	}
	want := []wxc.AuthCode{{Code: "4856", Description: "Marketing team"}, {Code: "1111", Description: "Default"}}
	if diff := cmp.Diff(want, add.Codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	f, _, _ = cmdtest.Factory()
	err = cmdtest.Execute(newAccessCodesAddCmd(f, func(o *accessCodesAddOptions) error { return nil }), "person", "x", "1111")
	if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), "description") {
		t.Errorf("code without description: err = %v", err)
	}

	var del *accessCodesDeleteOptions
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newAccessCodesDeleteCmd(f, func(o *accessCodesDeleteOptions) error { del = o; return nil }), "location", "HQ", "--all"); err != nil {
		t.Fatal(err)
	}
	if !del.All || del.Ref.Kind != wxc.Location || del.Ref.Ref != "HQ" {
		t.Errorf("delete options = %+v", del)
	}
	for _, args := range [][]string{{"person", "x"}, {"person", "x", "1", "--all"}} {
		f, _, _ := cmdtest.Factory()
		if err := cmdtest.Execute(newAccessCodesDeleteCmd(f, func(*accessCodesDeleteOptions) error { return nil }), args...); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
			t.Errorf("delete %q: err = %v, want usage", args, err)
		}
	}

	var uc *cmdutil.UseCustomOptions
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newAccessCodesUseCustomCmd(f, func(o *cmdutil.UseCustomOptions) error { uc = o; return nil }), "person", "x", "false"); err != nil {
		t.Fatal(err)
	}
	if uc.Value {
		t.Error("use-custom false parsed as true")
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newAccessCodesUseCustomCmd(f, nil), "location", "x"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("location use-custom: err = %v, want usage", err)
	}
}
