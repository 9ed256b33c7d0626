package digitpatterns

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestDigitPatternFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	var add *digitPatternWriteOptions
	err := cmdtest.Execute(newDigitPatternsAddCmd(f, func(o *digitPatternWriteOptions) error { add = o; return nil }),
		"person", "x", "--name", "premium", "--pattern", "+900!", "--action", "block", "--dry-run")
	if err != nil {
		t.Fatal(err)
	}
	want := &wxc.DigitPattern{Name: "premium", Pattern: "+900!", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}
	if diff := cmp.Diff(want, add.Body); diff != "" || !add.DryRun {
		t.Errorf("add body (-want +got):\n%s dry-run %v", diff, add.DryRun)
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newDigitPatternsAddCmd(f, nil), "person", "x", "--name", "n"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("incomplete add: err = %v", err)
	}

	var upd *digitPatternWriteOptions
	f, _, _ = cmdtest.Factory()
	err = cmdtest.Execute(newDigitPatternsUpdateCmd(f, func(o *digitPatternWriteOptions) error { upd = o; return nil }),
		"location", "HQ", "premium", "--transfer-enabled=true")
	if err != nil {
		t.Fatal(err)
	}
	if upd.Pattern != "premium" || upd.Body.Action != "" || upd.Body.TransferEnabled == nil || !*upd.Body.TransferEnabled {
		t.Errorf("update = %+v body %+v", upd.digitPatternOptions, upd.Body)
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newDigitPatternsUpdateCmd(f, nil), "location", "HQ", "premium"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("empty update: err = %v", err)
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newDigitPatternsUseCustomCmd(f, nil), "location", "HQ"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("location use-custom: err = %v", err)
	}
}
