// Package list is `wxc list people|workspaces|locations|virtual-lines`: the calling entities
// of one kind, streamed, for finding the ENTITY argument of the other commands.
package list

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/resolve"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// kinds maps the argument to the entity kind (singular forms accepted too).
// formats are the -o values list accepts (and completes).
var formats = []output.Format{output.Table, output.JSON, output.JSONL, output.YAML, output.CSV}

// ValidArgs are the arguments completion offers.
var ValidArgs = []string{"people", "workspaces", "locations", "virtual-lines"}

type listOptions struct {
	f          *cmdutil.Factory
	Kind       wxc.EntityKind
	Locations  []string
	Name       string
	AllowEmpty bool // --allow-empty: an empty list exits 0
	Format     output.Format
}

// NewCmd returns `wxc list`.
func NewCmd(f *cmdutil.Factory, runF func(*listOptions) error) *cobra.Command {
	opts := &listOptions{f: f}
	cmd := &cobra.Command{
		Use:   "list people|workspaces|locations|virtual-lines",
		Short: "List the calling entities of one kind (people, workspaces, locations, virtual lines)",
		Long: `List the entities with Webex Calling of one kind: the people, workspaces, locations or
virtual lines that the other commands take as KIND ENTITY (by ID, email or name).

--location keeps the entities of these locations (ID or name; repeatable). --name TEXT keeps
the entities whose name contains TEXT, ignoring case (people: also whose email does).

Output is streamed in the order of the list APIs: csv, jsonl, json and yaml write each entity
as it is listed, so memory stays flat for any org size; the table formats (table, wide)
align their columns and therefore print when the list is complete. Columns: name, email
(people), location; -o wide adds the IDs. json, jsonl and yaml carry kind, id, name, email,
locationId, locationName and orgId.`,
		Example: `  wxc list people
  wxc list people --location Dallas --name smith -o csv
  wxc list workspaces -o wide
  wxc --org-id "Acme Corp" list virtual-lines -o jsonl`,
		Args:      cmdutil.ExactArgs(1),
		ValidArgs: ValidArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := wxc.ParseEntityKind(args[0])
			if err != nil {
				return cmdutil.UsageErrorf("unknown kind %q: want people, workspaces, locations or virtual-lines", args[0])
			}
			opts.Kind = k
			if opts.Format, err = f.OutputFormat(output.Table, formats...); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runList(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Locations, "location", nil, "only entities in this `location` (ID or name; repeatable)")
	fl.StringVar(&opts.Name, "name", "", "only entities whose name (people: or email) contains this `text`, ignoring case")
	fl.BoolVar(&opts.AllowEmpty, "allow-empty", false, "exit 0 when nothing is listed (default: exit 3, as export and audit do)")
	cmdutil.SetFormats(cmd, formats...)
	return cmd
}

func runList(ctx context.Context, opts *listOptions) error {
	f := opts.f
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	filter := snapshot.Filter{Kinds: []wxc.EntityKind{opts.Kind}}
	if len(opts.Locations) > 0 {
		ids, err := resolve.LocationIDs(ctx, c, opts.Locations)
		var nf *resolve.NotFoundError
		var amb *resolve.AmbiguousError
		switch {
		case errors.As(err, &nf) || errors.As(err, &amb):
			return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf("--location: %w", err)}
		case err != nil:
			return fmt.Errorf("--location: %w", err)
		}
		filter.LocationIDs = ids
	}
	bw := bufio.NewWriterSize(f.IO.Out, 32<<10)
	w, err := newWriter(bw, opts.Format, opts.Kind, f.RenderOptions().NoHeaders)
	if err != nil {
		return err
	}
	n, listed := 0, 0
	var listErr error
	for e, err := range snapshot.List(ctx, c, filter) {
		if err != nil {
			listErr = err
			break
		}
		listed++
		if !Match(e, opts.Name) {
			continue
		}
		n++
		if err := w.write(e); err != nil {
			return err
		}
	}
	if err := w.close(f); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if listErr != nil {
		return fmt.Errorf("list %s: %w (the %d listed before it are above)", resolve.Plural(opts.Kind), listErr, n)
	}
	if n == 0 {
		f.Infof("list: no %s match\n", resolve.Plural(opts.Kind))
		if opts.AllowEmpty {
			return nil
		}
		// An empty list is not an answer to rely on: say why it may be empty (exit 3), as
		// export and audit do.
		if listed == 0 {
			var filters []string
			for _, l := range opts.Locations {
				filters = append(filters, fmt.Sprintf("--location %q", l))
			}
			return cmdutil.EmptyReadError(f, "list "+resolve.Plural(opts.Kind), filters)
		}
		return &cmdutil.ExitError{Code: cmdutil.ExitPartial, Err: fmt.Errorf(
			"none of the %d %s listed matches --name %q (pass --allow-empty if that is expected)", listed, resolve.Plural(opts.Kind), opts.Name)}
	}
	return nil
}

// Match reports whether e's name (or, for people, email) contains text, ignoring case; an
// empty text matches every entity.
func Match(e snapshot.Entity, text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	return t == "" || strings.Contains(strings.ToLower(e.Name), t) || strings.Contains(strings.ToLower(e.Email), t)
}

// writer streams entities in one format; the table formats collect rows (they align).
type writer struct {
	kind   wxc.EntityKind
	format output.Format
	stream *output.Stream // json, jsonl, yaml, csv
	rows   *output.Rows   // table, wide
	w      io.Writer
}

func newWriter(w io.Writer, format output.Format, kind wxc.EntityKind, noHeaders bool) (*writer, error) {
	lw := &writer{kind: kind, format: format, w: w}
	switch format {
	case output.Table, output.Wide, "":
		lw.rows = &output.Rows{Headers: lw.headers()}
		lw.rows.MarkWide("id", "location_id")
		return lw, nil
	}
	st, err := output.NewStream(w, format, lw.headers(), noHeaders)
	if err != nil {
		return nil, err
	}
	lw.stream = st
	return lw, nil
}

// headers are the columns: name, email (people), location, then the wide id and location_id.
func (lw *writer) headers() []string {
	if lw.kind == wxc.Person {
		return []string{"name", "email", "location", "id", "location_id"}
	}
	return []string{"name", "location", "id", "location_id"}
}

func (lw *writer) cells(e snapshot.Entity) []string {
	if lw.kind == wxc.Person {
		return []string{e.Name, e.Email, e.LocationName, e.ID, e.LocationID}
	}
	return []string{e.Name, e.LocationName, e.ID, e.LocationID}
}

func (lw *writer) write(e snapshot.Entity) error {
	if lw.stream != nil {
		return lw.stream.Item(e, lw.cells(e))
	}
	lw.rows.Add(lw.cells(e)...)
	return nil
}

// close ends the document: the streamed formats' end, or the table.
func (lw *writer) close(f *cmdutil.Factory) error {
	if lw.stream != nil {
		return lw.stream.Close()
	}
	if len(lw.rows.Rows) == 0 {
		return nil
	}
	fm := lw.format
	if fm == "" {
		fm = output.Table
	}
	return output.RenderWith(lw.w, fm, f.RenderOptions(), nil, lw.rows)
}
