package export

import (
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/output"
)

func TestExportFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	var got *exportOptions
	run := func(o *exportOptions) error { got = o; return nil }
	if err := cmdtest.Execute(NewCmd(f, run), "--kind", "person", "--kind", "virtual_line", "--location", "San Jose", "--failures", "f.jsonl"); err != nil {
		t.Fatal(err)
	}
	if got.Format != output.JSONL || len(got.Kinds) != 2 || got.Locations[0] != "San Jose" || got.Failures != "f.jsonl" {
		t.Errorf("options = %+v", got)
	}
	f, _, _ = cmdtest.Factory()
	f.Options.Output = "table"
	if err := cmdtest.Execute(NewCmd(f, run)); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("-o table: err = %v, want usage", err)
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(NewCmd(f, run), "--kind", "robot"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("--kind robot: err = %v, want usage", err)
	}
}
