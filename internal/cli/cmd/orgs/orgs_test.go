package orgs

import (
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestOrgsListFlags(t *testing.T) {
	t.Parallel()
	var got *listOptions
	run := func(o *listOptions) error { got = o; return nil }
	f, _, _ := cmdtest.Factory()
	if err := cmdtest.Execute(newListCmd(f, run)); err != nil || got.Format != output.Table {
		t.Fatalf("default: %v %+v", err, got)
	}
	f, _, _ = cmdtest.Factory()
	f.Options.Output = "wide"
	if err := cmdtest.Execute(newListCmd(f, run)); err != nil || got.Format != output.Wide {
		t.Errorf("-o wide: %v %+v", err, got)
	}
	f, _, _ = cmdtest.Factory()
	if err := cmdtest.Execute(newListCmd(f, run), "extra"); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("an argument: %v, want a usage error", err)
	}
	f, _, _ = cmdtest.Factory()
	f.Options.Output = "jsonl"
	if err := cmdtest.Execute(newListCmd(f, run)); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("-o jsonl: %v, want a usage error", err)
	}
}

func TestRows(t *testing.T) {
	t.Parallel()
	rows := Rows([]wxc.Organization{{ID: "O1", DisplayName: "Acme", Created: "2015-10-18T14:26:16+00:00"}})
	if len(rows.Rows) != 1 || rows.Rows[0][0] != "Acme" || rows.Rows[0][2] != "O1" || !rows.IsWide("id") || rows.IsWide("name") {
		t.Errorf("rows %+v", rows)
	}
}
