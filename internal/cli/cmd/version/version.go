// Package version is `wxc version` and the text of `wxc --version`: the module version,
// the VCS commit and the Go version, from the binary's build information.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
)

// Info is what `wxc version -o json` prints.
type Info struct {
	Version   string `json:"version"`              // module version, "(devel)" for a build from a checkout
	Commit    string `json:"commit,omitempty"`     // vcs.revision
	CommitAt  string `json:"commitTime,omitempty"` // vcs.time
	Modified  bool   `json:"modified"`             // vcs.modified: built from a tree with uncommitted changes
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
}

// Read returns the build information of the running binary.
func Read() Info {
	return fromBuildInfo(debug.ReadBuildInfo())
}

func fromBuildInfo(bi *debug.BuildInfo, ok bool) Info {
	in := Info{Version: "(unknown)", GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || bi == nil {
		return in
	}
	if bi.Main.Version != "" {
		in.Version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		in.GoVersion = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Commit = s.Value
		case "vcs.time":
			in.CommitAt = s.Value
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the one-line form: `wxc v1.2.0 (commit 0123456789ab, modified) go1.26.0 linux/amd64`.
func (in Info) String() string {
	s := "wxc " + in.Version
	if in.Commit != "" {
		c := in.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " (commit " + c
		if in.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + in.GoVersion + " " + in.Platform
}

// NewCmd returns `wxc version`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and Go version of this wxc",
		Example: `  wxc version
  wxc version -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := f.OutputFormat(output.Table, output.Table, output.JSON, output.YAML)
			if err != nil {
				return err
			}
			in := Read()
			if fm == output.Table || fm == output.Wide {
				_, err := fmt.Fprintln(f.IO.Out, in.String())
				return err
			}
			return f.Render(in, nil)
		},
	}
	cmdutil.SetFormats(cmd, output.Table, output.JSON, output.YAML)
	return cmd
}
