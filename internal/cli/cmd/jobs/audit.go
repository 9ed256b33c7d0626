package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/report"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type auditOptions struct {
	f                  *cmdutil.Factory
	PolicyFile         string
	PrintDefaultPolicy bool
	FailOn             string
	Failures           string
	AllowEmpty         bool
	AllOrgs            bool // --all-orgs: every org of `wxc orgs list` (auditAllOrgs)
}

func newAuditCmd(f *cmdutil.Factory, runF func(*auditOptions) error) *cobra.Command {
	opts := &auditOptions{f: f}
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check every entity's effective outgoing permissions against a policy",
		Long: `Read the outgoing-permission settings of every person, workspace, virtual line and
location and check them against a policy (YAML or JSON; the built-in one unless --policy).
Each finding names the entity, the field, its EFFECTIVE value and where that value comes from:
custom (the entity's own settings) or location (inherited).

Exit code: 0 when clean, 4 when there are findings at or above --fail-on, 3 when some
entities could not be read (details in the failures file; 6 when every one of them failed
with 401/403), and 3 when the org has no entity at all (an audit of nothing must not pass:
a partner administrator's token needs --org-id) unless --allow-empty.

Formats (-o): table, csv, json and yaml list the findings; html writes one self-contained
page (summary, a heat map of locations × call types, a sortable and filterable findings
table) and markdown a summary and findings table for a pull request or CI step summary.

Policy format: wxc audit --print-default-policy shows a commented example.`,
		Example: `  wxc audit
  wxc audit --policy policy.yaml -o csv > findings.csv
  wxc audit --print-default-policy > policy.yaml
  wxc audit --fail-on error -o json
  wxc audit -o html > report.html
  wxc audit -o markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := audit.ParseSeverity(opts.FailOn); err != nil {
				return cmdutil.UsageErrorf("--fail-on: %v", err)
			}
			if err := cmdutil.CheckAllOrgs(f, opts.AllOrgs, false); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runAudit(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.PolicyFile, "policy", "", "policy `file` (YAML or JSON); default: the built-in policy")
	fl.BoolVar(&opts.PrintDefaultPolicy, "print-default-policy", false, "print the built-in policy and exit")
	fl.StringVar(&opts.FailOn, "fail-on", "warning", "lowest `severity` that makes the exit code 4: info, warning or error")
	fl.StringVar(&opts.Failures, "failures", "", "write entities that could not be read to this `file` (default wxc-failures-<time>.jsonl)")
	fl.BoolVar(&opts.AllOrgs, "all-orgs", false, "audit every org this token can see (wxc orgs list), one after the other; findings carry orgId and orgName")
	fl.BoolVar(&opts.AllowEmpty, "allow-empty", false, "exit 0 when the org has no entities (default: exit 3, an empty audit is not a clean one)")
	return cmd
}

// AuditReport is the JSON/YAML output of wxc audit.
type AuditReport struct {
	Summary  AuditSummary    `json:"summary"`
	Findings []audit.Finding `json:"findings"`
}

// AuditSummary is the summary of the report (one type for -o json and -o html/markdown).
type AuditSummary = report.Summary

func runAudit(ctx context.Context, opts *auditOptions) error {
	f := opts.f
	if opts.PrintDefaultPolicy {
		_, err := f.IO.Out.Write(audit.DefaultPolicyYAML())
		return err
	}
	reportFmt, isReport := report.ParseFormat(f.Options.Output) // html, markdown: package report
	if _, err := f.OutputFormat(output.Table); err != nil && !isReport {
		return cmdutil.UsageErrorf("%v, html, markdown", errors.Unwrap(err))
	}
	policy := audit.DefaultPolicy()
	if opts.PolicyFile != "" {
		b, err := os.ReadFile(opts.PolicyFile)
		if err != nil {
			return cmdutil.UsageErrorf("--policy: %v", err)
		}
		if policy, err = audit.ParsePolicy(b); err != nil {
			return cmdutil.UsageErrorf("%s: %v", opts.PolicyFile, err)
		}
	}
	failOn, _ := audit.ParseSeverity(opts.FailOn)
	failures := f.NewFailureLog(opts.Failures)
	var (
		settings []snapshot.Settings
		total    int
		findings []audit.Finding
		err      error
	)
	if opts.AllOrgs {
		// Org by org, each evaluated as soon as it is read (memory: one org's settings).
		if isReport {
			failures.Close()
			return cmdutil.UsageErrorf("-o %s shows one org; with --all-orgs use -o table, wide, csv, json or yaml", reportFmt)
		}
		findings, total, err = auditAllOrgs(ctx, f, policy, failures)
	} else {
		settings, total, err = readAll(ctx, f, "audit", snapshot.Filter{}, failures, "auditing")
	}
	if err != nil {
		failures.Close()
		return err
	}
	if !opts.AllOrgs {
		findings, err = audit.Evaluate(policy, settings)
	}
	if err != nil {
		failures.Close()
		return cmdutil.UsageErrorf("%v", err)
	}
	rep := AuditReport{Findings: findings, Summary: AuditSummary{Entities: total, Unreadable: failures.Unreadable(),
		FailedLists: len(failures.FailedLists()), Findings: len(findings), BySeverity: map[string]int{}}}
	rep.Summary.Complete = failures.Count() == 0
	if rep.Findings == nil {
		rep.Findings = []audit.Finding{}
	}
	atOrAbove := 0
	for _, x := range findings {
		rep.Summary.BySeverity[string(x.Severity)]++
		if x.Severity.Rank() >= failOn.Rank() {
			atOrAbove++
		}
	}
	rows := &output.Rows{Headers: []string{"severity", "rule", "kind", "name", "email", "location", "field", "value", "source", "message", "id"}}
	if opts.AllOrgs {
		// The finding's org name after the severity; the org ID is a wide column.
		rows.Headers = append(slices.Insert(rows.Headers, 1, "org"), "org_id")
	}
	rows.MarkWide("rule", "email", "location", "field", "value", "source", "id", "org_id") // the table fits 80 columns
	for _, x := range findings {
		cells := []string{string(x.Severity), x.Rule, string(x.Kind), x.Name, x.Email, x.LocationName, x.Field, x.Value, x.Source, x.Message, x.ID}
		if opts.AllOrgs {
			cells = append(slices.Insert(cells, 1, x.OrgName), x.OrgID)
		}
		rows.Add(cells...)
	}
	fm, _ := f.OutputFormat(output.Table)
	if isReport {
		if err := writeAuditReport(ctx, f, opts, reportFmt, policy, settings, rep); err != nil {
			failures.Close()
			return err
		}
	} else if (fm == output.Table || fm == output.Wide) && len(findings) == 0 {
		// Nothing to tabulate; the summary below says so.
	} else if err := f.Render(rep, rows); err != nil {
		failures.Close()
		return err
	}
	if !f.Options.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "audit: %d entities, %d findings%s\n", total, len(findings), rep.Summary.SeverityText())
	}
	if err := failures.Summary(total, "audit"); err != nil {
		return err // incomplete: cmdutil.ExitPartial wins over findings
	}
	if total == 0 && !opts.AllowEmpty {
		return cmdutil.EmptyReadError(f, "audit", nil)
	}
	if atOrAbove > 0 {
		return &cmdutil.ExitError{Code: cmdutil.ExitFindings, Err: fmt.Errorf("%d findings at or above %s", atOrAbove, failOn)}
	}
	return nil
}

// writeAuditReport writes rep as an HTML page or Markdown (-o html, -o markdown).
func writeAuditReport(ctx context.Context, f *cmdutil.Factory, opts *auditOptions, format string, policy *audit.Policy, settings []snapshot.Settings, rep AuditReport) error {
	meta := report.Meta{Policy: "built-in", GeneratedAt: f.Now()}
	if opts.PolicyFile != "" {
		meta.Policy = opts.PolicyFile
	}
	orgID := ""
	for i := 0; orgID == "" && i < len(settings); i++ {
		orgID = settings[i].OrgID
	}
	meta.Org = orgLabel(ctx, f, orgID)
	r := report.Build(meta, rep.Summary, policy, settings, rep.Findings)
	if format == report.Markdown {
		return r.WriteMarkdown(f.IO.Out, 0)
	}
	return r.WriteHTML(f.IO.Out, report.HTMLOptions{})
}

// orgLabel names the audited org for a report, "Name (ID)", with one GET organizations/{id};
// when that is refused or slow, the ID alone (the report is still right, only less friendly).
func orgLabel(ctx context.Context, f *cmdutil.Factory, orgID string) string {
	if orgID == "" {
		return ""
	}
	c, err := f.Client(ctx)
	if err != nil {
		return orgID
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	o, err := c.Organizations.Get(ctx, orgID)
	if err != nil || o.DisplayName == "" {
		return orgID
	}
	return o.DisplayName + " (" + orgID + ")"
}

// readAll reads the settings of every entity the filter selects, in list order. Entities that
// cannot be read, and lists that fail (after their retries), go to failures; total counts
// every listed entity. command names the command in messages.
func readAll(ctx context.Context, f *cmdutil.Factory, command string, filter snapshot.Filter, failures *cmdutil.FailureLog, desc string) ([]snapshot.Settings, int, error) {
	c, err := f.Client(ctx)
	if err != nil {
		return nil, 0, err
	}
	var out []snapshot.Settings
	total := 0
	progress := f.NewProgress(-1, desc)
	retries := &snapshot.Retries{}
	err = snapshot.Stream(ctx, c, snapshot.ListCounting(ctx, c, filter, retries), f.Options.Concurrency, retries, func(r snapshot.Result) error {
		if !failures.Result(ctx, r) {
			return nil // a failed list: recorded
		}
		total++
		progress.Add(1)
		if r.Err != nil {
			return nil
		}
		out = append(out, *r.Settings)
		return nil
	})
	progress.Finish()
	if r := retries.String(); r != "" && err == nil {
		f.Infof("%s: retried %s after temporary errors\n", command, r)
	}
	return out, total, err
}

// auditAllOrgs reads and evaluates every org of `wxc orgs list` (--all-orgs) with the one
// client: the orgs stream one after the other (snapshot.AllOrgs), and each org's settings
// are evaluated as soon as its last entity is read and then dropped, so memory holds one
// org's settings whatever the number of orgs. Each finding carries its org. A policy rule
// that selects locations is refused before anything is sent: location names and IDs belong
// to one org.
func auditAllOrgs(ctx context.Context, f *cmdutil.Factory, policy *audit.Policy, failures *cmdutil.FailureLog) ([]audit.Finding, int, error) {
	for _, r := range policy.Rules {
		if len(r.Locations.Include)+len(r.Locations.Exclude) > 0 {
			return nil, 0, cmdutil.UsageErrorf("rule %s selects locations, which belong to one org: it cannot be used with --all-orgs", r.ID)
		}
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, 0, err
	}
	orgs, err := cmdutil.ListOrgs(ctx, f, c, "audit")
	if err != nil {
		return nil, 0, err
	}
	var (
		findings []audit.Finding
		batch    []snapshot.Settings
		org      snapshot.Entity // the org of batch (OrgID, OrgName)
		total    int
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		fs, err := audit.Evaluate(policy, batch)
		if err != nil {
			return cmdutil.UsageErrorf("%v", err)
		}
		for i := range fs {
			fs[i].OrgID, fs[i].OrgName = org.OrgID, org.OrgName
		}
		findings = append(findings, fs...)
		batch = nil
		return nil
	}
	progress := f.NewProgress(-1, "auditing")
	retries := &snapshot.Retries{}
	err = snapshot.StreamOrgs(ctx, c, snapshot.AllOrgs(ctx, c, orgs, snapshot.Filter{}, retries), f.Options.Concurrency, retries,
		func(r snapshot.Result) error {
			if r.Entity.OrgID != org.OrgID {
				if err := flush(); err != nil {
					return err
				}
				org = r.Entity
			}
			if !failures.Result(ctx, r) {
				return nil // a failed list: recorded
			}
			total++
			progress.Add(1)
			if r.Err == nil {
				batch = append(batch, *r.Settings)
			}
			return nil
		})
	progress.Finish()
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, total, err
	}
	if r := retries.String(); r != "" {
		f.Infof("audit: retried %s after temporary errors\n", r)
	}
	cmdutil.OrgsLine(f, "audit", orgs, failures)
	return findings, total, nil
}
