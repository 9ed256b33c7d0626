package list

import (
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestListFlags(t *testing.T) {
	t.Parallel()
	var got *listOptions
	run := func(o *listOptions) error { got = o; return nil }
	for arg, want := range map[string]wxc.EntityKind{"people": wxc.Person, "Workspace": wxc.Workspace,
		"locations": wxc.Location, "virtual-lines": wxc.VirtualLine, "virtual_lines": wxc.VirtualLine} {
		f, _, _ := cmdtest.Factory()
		f.Options.Output = "jsonl"
		if err := cmdtest.Execute(NewCmd(f, run), arg, "--location", "Dallas", "--location", "Paris", "--name", "smith"); err != nil {
			t.Fatalf("%s: %v", arg, err)
		}
		if got.Kind != want || len(got.Locations) != 2 || got.Name != "smith" || got.Format != output.JSONL {
			t.Errorf("%s: options %+v", arg, got)
		}
	}
	for _, tc := range []struct {
		args   []string
		output string
	}{{[]string{"phones"}, ""}, {nil, ""}, {[]string{"people", "workspaces"}, ""}, {[]string{"people"}, "html"}} {
		f, _, _ := cmdtest.Factory()
		f.Options.Output = tc.output
		if err := cmdtest.Execute(NewCmd(f, run), tc.args...); cmdtest.ExitCode(err) != cmdutil.ExitUsage {
			t.Errorf("%v -o %q: %v, want a usage error", tc.args, tc.output, err)
		}
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	e := snapshot.Entity{Name: "Bob Müller", Email: "bob.mueller2@acme.example.com"}
	for text, want := range map[string]bool{"": true, "müller": true, "BOB": true, "mueller2@": true, "alice": false, " bob ": true} {
		if got := Match(e, text); got != want {
			t.Errorf("Match(%q) = %v", text, got)
		}
	}
}
