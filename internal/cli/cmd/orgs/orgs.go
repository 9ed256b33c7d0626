// Package orgs is `wxc orgs list`: the organizations the token can see (a partner
// administrator: its customer orgs; an org administrator: its own org).
package orgs

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns the `wxc orgs` command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "orgs",
		Short: "List the organizations this token can act on",
		Long: `Organizations: a partner administrator's token sees the customer orgs it manages, an
org administrator's token its own org. --org-id takes an org's ID or its display name (as
listed here); export and audit take --all-orgs to run over every listed org.`,
		Example: `  wxc orgs list
  wxc --org-id "Acme Corp" audit
  wxc export --all-orgs > all.jsonl`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newListCmd(f, nil))
	return cmd
}

type listOptions struct {
	f      *cmdutil.Factory
	Format output.Format
}

func newListCmd(f *cmdutil.Factory, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{f: f}
	return &cobra.Command{
		Use:   "list",
		Short: "List the organizations this token can see",
		Long: `List the organizations this token can see (Webex GET organizations): for a partner
administrator the customer orgs it manages, for an org administrator its own org. A user's
token is refused (exit 6).

Columns: name and created; -o wide adds the ID; csv, json and yaml always carry every field
(json and yaml: the API's members, unknown ones included).`,
		Example: `  wxc orgs list
  wxc orgs list -o wide
  wxc --org-id "Acme Corp" export`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = f.OutputFormat(output.Table); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runList(cmd.Context(), opts)
		},
	}
}

func runList(ctx context.Context, opts *listOptions) error {
	c, err := opts.f.Client(ctx)
	if err != nil {
		return err
	}
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		return err
	}
	if orgs == nil {
		orgs = []wxc.Organization{}
	}
	return opts.f.Render(orgs, Rows(orgs))
}

// Rows is the table of orgs: name, created, and (wide) id.
func Rows(orgs []wxc.Organization) *output.Rows {
	rows := &output.Rows{Headers: []string{"name", "created", "id"}}
	for _, o := range orgs {
		rows.Add(o.DisplayName, o.Created, o.ID)
	}
	return rows.MarkWide("id")
}
