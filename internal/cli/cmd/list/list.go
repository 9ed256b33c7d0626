// Package list is `wxc list people|workspaces|locations|virtual-lines`: the calling entities
// of one kind, streamed, for finding the ENTITY argument of the other commands.
package list

import (
	"bufio"
	"context"
	"encoding/csv"
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
var kinds = map[string]wxc.EntityKind{
	"people": wxc.Person, "person": wxc.Person,
	"workspaces": wxc.Workspace, "workspace": wxc.Workspace,
	"locations": wxc.Location, "location": wxc.Location,
	"virtual-lines": wxc.VirtualLine, "virtual-line": wxc.VirtualLine, "virtual_lines": wxc.VirtualLine,
}

// ValidArgs are the arguments completion offers.
var ValidArgs = []string{"people", "workspaces", "locations", "virtual-lines"}

type listOptions struct {
	f         *cmdutil.Factory
	Kind      wxc.EntityKind
	Locations []string
	Name      string
	Format    output.Format
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
			k, ok := kinds[strings.ToLower(args[0])]
			if !ok {
				return cmdutil.UsageErrorf("unknown kind %q: want people, workspaces, locations or virtual-lines", args[0])
			}
			opts.Kind = k
			var err error
			if opts.Format, err = f.OutputFormat(output.Table, output.Table, output.JSON, output.JSONL, output.YAML, output.CSV); err != nil {
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
	w := newWriter(bw, opts.Format, opts.Kind)
	w.noHeaders = f.RenderOptions().NoHeaders
	n := 0
	var listErr error
	for e, err := range snapshot.List(ctx, c, filter) {
		if err != nil {
			listErr = err
			break
		}
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
		return fmt.Errorf("list %s: %w (the %d listed before it are above)", plural(opts.Kind), listErr, n)
	}
	if n == 0 {
		f.Infof("list: no %s match\n", plural(opts.Kind))
	}
	return nil
}

// Match reports whether e's name (or, for people, email) contains text, ignoring case; an
// empty text matches every entity.
func Match(e snapshot.Entity, text string) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	return t == "" || strings.Contains(strings.ToLower(e.Name), t) || strings.Contains(strings.ToLower(e.Email), t)
}

func plural(k wxc.EntityKind) string {
	switch k {
	case wxc.Person:
		return "people"
	case wxc.Workspace:
		return "workspaces"
	case wxc.Location:
		return "locations"
	}
	return "virtual lines"
}

// writer streams entities in one format; the table formats collect rows (they align).
type writer struct {
	w      io.Writer
	format output.Format
	kind   wxc.EntityKind
	n      int
	csv    *csv.Writer
	rows   *output.Rows
	// noHeaders: --no-headers (csv without its header row; the table gets it from RenderOptions)
	noHeaders bool
}

func newWriter(w io.Writer, format output.Format, kind wxc.EntityKind) *writer {
	lw := &writer{w: w, format: format, kind: kind}
	switch format {
	case output.CSV:
		lw.csv = csv.NewWriter(w)
	case output.Table, output.Wide, "":
		lw.rows = &output.Rows{Headers: lw.headers()}
		lw.rows.MarkWide("id", "location_id")
	}
	return lw
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
	defer func() { lw.n++ }()
	switch lw.format {
	case output.JSONL:
		return output.WriteJSONLine(lw.w, e)
	case output.JSON:
		sep := ",\n"
		if lw.n == 0 {
			sep = "[\n"
		}
		if _, err := io.WriteString(lw.w, sep); err != nil {
			return err
		}
		return writeIndented(lw.w, e)
	case output.YAML:
		b, err := output.YAMLBytes(e)
		if err != nil {
			return err
		}
		lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
		for i, l := range lines {
			prefix := "  "
			if i == 0 {
				prefix = "- "
			}
			if _, err := io.WriteString(lw.w, prefix+l); err != nil {
				return err
			}
		}
		_, err = io.WriteString(lw.w, "\n")
		return err
	case output.CSV:
		if lw.n == 0 && !lw.noHeaders {
			if err := lw.csv.Write(lw.headers()); err != nil {
				return err
			}
		}
		return lw.csv.Write(lw.cells(e))
	}
	lw.rows.Add(lw.cells(e)...)
	return nil
}

// writeIndented writes e as one indented JSON array element (no trailing newline).
func writeIndented(w io.Writer, e snapshot.Entity) error {
	var b strings.Builder
	if err := output.WriteJSON(&b, e); err != nil {
		return err
	}
	s := strings.TrimSuffix(b.String(), "\n")
	_, err := io.WriteString(w, "  "+strings.ReplaceAll(s, "\n", "\n  "))
	return err
}

// close ends the document: the JSON array, the CSV header of an empty list, the table.
func (lw *writer) close(f *cmdutil.Factory) error {
	switch lw.format {
	case output.JSON:
		end := "\n]\n"
		if lw.n == 0 {
			end = "[]\n"
		}
		_, err := io.WriteString(lw.w, end)
		return err
	case output.YAML:
		if lw.n == 0 {
			_, err := io.WriteString(lw.w, "[]\n")
			return err
		}
		return nil
	case output.CSV:
		if lw.n == 0 && !lw.noHeaders {
			if err := lw.csv.Write(lw.headers()); err != nil {
				return err
			}
		}
		lw.csv.Flush()
		return lw.csv.Error()
	case output.JSONL:
		return nil
	}
	if lw.n == 0 {
		return nil
	}
	fm := lw.format
	if fm == "" {
		fm = output.Table
	}
	return output.RenderWith(lw.w, fm, f.RenderOptions(), nil, lw.rows)
}
