// Package export is `wxc export`: the settings of every entity, streamed as JSONL, JSON, YAML or CSV.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/resolve"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

type exportOptions struct {
	f          *cmdutil.Factory
	Kinds      []string
	Locations  []string
	Failures   string
	AllowEmpty bool
	Format     output.Format
	AllOrgs    bool // --all-orgs: every org of `wxc orgs list`, one after the other
}

func NewCmd(f *cmdutil.Factory, runF func(*exportOptions) error) *cobra.Command {
	opts := &exportOptions{f: f}
	cmd := &cobra.Command{
		Use:   "export [--kind KIND]... [--location LOCATION]...",
		Short: "Export every outgoing-permission setting of every calling entity",
		Long: `Export the outgoing permissions, auto transfer numbers, access codes and digit patterns of
every person, workspace, location and virtual line with Webex Calling (or those selected by
--kind and --location), reading --concurrency entities at a time. Output is streamed in a
stable order (kind, then the order of the list APIs), so memory stays flat for any org size.

Formats (-o):
  jsonl  (default) one JSON object per entity: the snapshot record that ` + "`wxc restore`" + ` reads
  json   one JSON array of those objects
  yaml   one YAML sequence of those objects
  csv    one row per entity and call type: kind, id, name, email, location_id, location_name,
         use_custom, call_type, action, transfer_enabled, then the entity's transfer numbers
         and the number of access codes and digit patterns (repeated on each of its rows)

Temporary errors (429, 500, 502, 503, 504, network) are retried: each request by the SDK,
then a list page that still fails up to ` + strconv.Itoa(snapshot.ListRetries) + ` more times (the list resumes where it stopped)
and an entity read up to ` + strconv.Itoa(snapshot.ReadRetries) + ` more times. An entity that still cannot be read is skipped;
a list that still fails leaves out the entities it did not list, and the other lists go on.
Both are listed in a failures file (--failures, default wxc-failures-<time>.jsonl, written
only when something failed) and summarised at the end; the exit code is then 3 (6 when
every failure is a 401/403), and the output ends with a summary record
{"kind":"summary","complete":false,...} (csv: a row "summary,incomplete,<what is missing>"),
so whoever reads it can tell it is incomplete. A complete export has no such record.
An export of 0 entities also exits 3, with a warning naming the likely cause (a partner
administrator's token without --org-id, or a --kind/--location that selects nothing),
unless --allow-empty. A progress bar goes to stderr when it is a terminal.`,
		Example: `  wxc --emulator export > org.jsonl
  wxc export --kind person --location "San Jose" -o csv > people.csv
  wxc export --concurrency 50 --failures failed.jsonl -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Format, err = f.OutputFormat(output.JSONL, output.JSONL, output.JSON, output.YAML, output.CSV); err != nil {
				return err
			}
			for _, k := range opts.Kinds {
				if _, err := wxc.ParseEntityKind(k); err != nil {
					return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf("--kind: %w", err)}
				}
			}
			if err := cmdutil.CheckAllOrgs(f, opts.AllOrgs, len(opts.Locations) > 0); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runExport(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&opts.Kinds, "kind", nil, "export only this `kind`: person, workspace, location, virtual-line (repeatable)")
	fl.StringArrayVar(&opts.Locations, "location", nil, "export only entities in this `location` (ID or name; repeatable)")
	fl.StringVar(&opts.Failures, "failures", "", "write failed entities to this `file` (default wxc-failures-<time>.jsonl, only when some failed)")
	fl.BoolVar(&opts.AllOrgs, "all-orgs", false, "export every org this token can see (wxc orgs list), one after the other; records carry orgId and orgName")
	fl.BoolVar(&opts.AllowEmpty, "allow-empty", false, "exit 0 when nothing is selected (default: exit 3, an empty export is not a clean one)")
	_ = cmd.RegisterFlagCompletionFunc("kind", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"person", "workspace", "location", "virtual-line"}, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func runExport(ctx context.Context, opts *exportOptions) error {
	f := opts.f
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	filter := snapshot.Filter{}
	for _, k := range opts.Kinds {
		kind, _ := wxc.ParseEntityKind(k)
		filter.Kinds = append(filter.Kinds, kind)
	}
	// entities is what the export reads: the selected entities, or, when the --location
	// names could not be looked up, only that failed list (nothing else can be selected).
	var entities iter.Seq2[snapshot.Entity, error]
	retries := &snapshot.Retries{}
	if len(opts.Locations) > 0 {
		ids, err := resolve.LocationIDs(ctx, c, opts.Locations)
		tries := 1
		for ; err != nil && tries <= snapshot.ListRetries && ctx.Err() == nil && snapshot.Transient(err); tries++ {
			ids, err = resolve.LocationIDs(ctx, c, opts.Locations)
		}
		var nf *resolve.NotFoundError
		var amb *resolve.AmbiguousError
		switch {
		case errors.As(err, &nf) || errors.As(err, &amb):
			return &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: fmt.Errorf("--location: %w", err)}
		case err != nil && ctx.Err() != nil:
			return fmt.Errorf("--location: %w", err)
		case err != nil:
			// The lookup lists the calling locations: a failed list, reported as one
			// (exit 3, or 6 for 401/403; the summary record on stdout).
			entities = locationLookupFailed(opts.Locations, tries, err)
		}
		filter.LocationIDs = ids
	}
	var orgs []wxc.Organization
	if opts.AllOrgs {
		if orgs, err = cmdutil.ListOrgs(ctx, f, c, "export"); err != nil {
			return err
		}
		entities = snapshot.AllOrgs(ctx, c, orgs, filter, retries)
	}
	if entities == nil {
		entities = snapshot.ListCounting(ctx, c, filter, retries)
	}

	bw := bufio.NewWriterSize(f.IO.Out, 64<<10)
	w, err := newExportWriter(bw, opts.Format, opts.AllOrgs, f.Options.NoHeaders)
	if err != nil {
		return err
	}
	failures := f.NewFailureLog(opts.Failures)
	progress := f.NewProgress(-1, "exporting")
	total := 0
	stream := snapshot.Stream
	if opts.AllOrgs {
		stream = snapshot.StreamOrgs
	}
	err = stream(ctx, c, entities, f.Options.Concurrency, retries, func(r snapshot.Result) error {
		if !failures.Result(ctx, r) {
			return nil // a failed list: recorded
		}
		total++
		progress.Add(1)
		if r.Err != nil {
			return nil
		}
		return w.write(r.Settings)
	})
	progress.Finish()
	// An incomplete export ends with a summary record, so that whoever reads stdout can tell
	// (docs/CLI.md); also when it was interrupted. A complete one has none.
	interrupted := err != nil && ctx.Err() != nil
	if err == nil || interrupted {
		var werr error
		if n := failures.Count(); n > 0 || interrupted {
			sum := snapshot.Summary{Kind: snapshot.SummaryKind, Interrupted: interrupted, Listed: total,
				Exported: w.Count(), Unreadable: failures.Unreadable()}
			for _, le := range failures.FailedLists() {
				sum.FailedLists = append(sum.FailedLists, snapshot.FailedListOf(le))
			}
			if n > 0 {
				sum.Failures = failures.Path()
			}
			werr = w.summary(&sum)
		}
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if err == nil {
			err = werr
		}
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		failures.Close()
		return err
	}
	if r := retries.String(); r != "" {
		f.Infof("export: retried %s after temporary errors\n", r)
	}
	if opts.AllOrgs {
		cmdutil.OrgsLine(f, "export", orgs, failures)
	}
	if err := failures.Summary(total, "export"); err != nil {
		return err
	}
	if total == 0 && !opts.AllowEmpty {
		var filters []string
		for _, k := range opts.Kinds {
			filters = append(filters, "--kind "+k)
		}
		for _, l := range opts.Locations {
			filters = append(filters, fmt.Sprintf("--location %q", l))
		}
		return cmdutil.EmptyReadError(f, "export", filters)
	}
	return nil
}

// locationLookupFailed is the entity sequence of an export whose --location names could not be
// looked up after tries tries: only the failed calling-locations list, which stops the run.
func locationLookupFailed(refs []string, tries int, err error) iter.Seq2[snapshot.Entity, error] {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = fmt.Sprintf("%q", r)
	}
	le := &snapshot.ListError{Kind: wxc.Location, List: "calling locations", Tries: tries, Stopped: true, Err: err,
		Why: "--location " + strings.Join(names, ", ") + " is looked up in it"}
	var pe *wxc.PageError
	if errors.As(err, &pe) {
		le.Page = pe.Page
	}
	return func(yield func(snapshot.Entity, error) bool) {
		yield(snapshot.Entity{Kind: wxc.Location}, le)
	}
}

// exportWriter streams Settings records in one format.
type exportWriter struct {
	*output.Stream
	csv  bool
	orgs bool // --all-orgs: csv rows end with org_id and org_name
}

func newExportWriter(w io.Writer, format output.Format, orgs, noHeaders bool) (*exportWriter, error) {
	header := exportCSVHeader
	if orgs {
		header = append(slices.Clip(exportCSVHeader), "org_id", "org_name")
	}
	st, err := output.NewStream(w, format, header, noHeaders)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &exportWriter{Stream: st, csv: format == output.CSV, orgs: orgs}, nil
}

// exportCSVHeader is the header of the CSV export (--all-orgs adds org_id and org_name).
var exportCSVHeader = []string{"kind", "id", "name", "email", "location_id", "location_name", "use_custom",
	"call_type", "action", "transfer_enabled", "transfer_number_1", "transfer_number_2", "transfer_number_3",
	"access_codes", "digit_patterns"}

// write writes one entity's record; in csv one row per call type.
func (ew *exportWriter) write(st *snapshot.Settings) error {
	if !ew.csv {
		return ew.Item(st)
	}
	rows := exportCSVRows(st)
	if ew.orgs {
		for i := range rows {
			rows[i] = append(rows[i], st.OrgID, st.OrgName)
		}
	}
	return ew.Item(nil, rows...)
}

// summary writes the record that ends an incomplete export: a Summary record in jsonl, json
// and yaml; in csv a row whose kind is "summary", id "incomplete", and name says what is
// missing.
func (ew *exportWriter) summary(sum *snapshot.Summary) error {
	if !ew.csv {
		return ew.Item(sum)
	}
	msg := "incomplete: " + cmdutil.IncompleteWhat(sum)
	if sum.Failures != "" {
		msg += "; details in " + sum.Failures
	}
	n := len(exportCSVHeader)
	if ew.orgs {
		n += 2
	}
	row := make([]string, n)
	row[0], row[1], row[2] = snapshot.SummaryKind, "incomplete", msg
	return ew.Item(nil, row)
}

// exportCSVRows flattens one entity into one row per call type (one row with empty call-type
// columns when it has none).
func exportCSVRows(s *snapshot.Settings) [][]string {
	useCustom := ""
	if wxc.UsesCustomSwitch(s.Kind) && s.Outgoing != nil {
		useCustom = strconv.FormatBool(cmdutil.OutgoingSource(s.Kind, s.Outgoing) == "custom")
	}
	var n1, n2, n3 string
	if t := s.TransferNumbers; t != nil {
		n1, n2, n3 = cmdutil.StrCell(t.AutoTransferNumber1), cmdutil.StrCell(t.AutoTransferNumber2), cmdutil.StrCell(t.AutoTransferNumber3)
	}
	codes, patterns := "", ""
	if s.AccessCodes != nil {
		codes = strconv.Itoa(len(s.AccessCodes.AccessCodes))
	}
	if s.DigitPatterns != nil {
		patterns = strconv.Itoa(len(s.DigitPatterns.DigitPatterns))
	}
	row := func(ct, action, transfer string) []string {
		return []string{string(s.Kind), s.ID, s.Name, s.Email, s.LocationID, s.LocationName, useCustom,
			ct, action, transfer, n1, n2, n3, codes, patterns}
	}
	if s.Outgoing == nil || s.Outgoing.CallingPermissions == nil || s.Outgoing.CallingPermissions.Len() == 0 {
		return [][]string{row("", "", "")}
	}
	cp := s.Outgoing.CallingPermissions
	rows := make([][]string, 0, cp.Len())
	for _, ct := range cp.CallTypes() {
		p, _ := cp.ForCallType(ct)
		rows = append(rows, row(string(ct), string(p.Action), strconv.FormatBool(p.TransferEnabled)))
	}
	return rows
}
