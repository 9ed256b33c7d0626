package jobs

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type auditOptions struct {
	f                  *cmdutil.Factory
	PolicyFile         string
	PrintDefaultPolicy bool
	FailOn             string
	Failures           string
	AllowEmpty         bool
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

Policy format: wxc audit --print-default-policy shows a commented example.`,
		Example: `  wxc audit
  wxc audit --policy policy.yaml -o csv > findings.csv
  wxc audit --print-default-policy > policy.yaml
  wxc audit --fail-on error -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := audit.ParseSeverity(opts.FailOn); err != nil {
				return cmdutil.UsageErrorf("--fail-on: %v", err)
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
	fl.BoolVar(&opts.AllowEmpty, "allow-empty", false, "exit 0 when the org has no entities (default: exit 3, an empty audit is not a clean one)")
	return cmd
}

// AuditReport is the JSON/YAML output of wxc audit.
type AuditReport struct {
	Summary  AuditSummary    `json:"summary"`
	Findings []audit.Finding `json:"findings"`
}

type AuditSummary struct {
	Entities   int `json:"entities"`
	Unreadable int `json:"unreadable"`
	// Complete is false when an entity could not be read or a list failed: the findings then
	// cover only what was read (the exit code is 3).
	Complete    bool           `json:"complete"`
	FailedLists int            `json:"failedLists"`
	Findings    int            `json:"findings"`
	BySeverity  map[string]int `json:"bySeverity"`
}

func runAudit(ctx context.Context, opts *auditOptions) error {
	f := opts.f
	if opts.PrintDefaultPolicy {
		_, err := f.IO.Out.Write(audit.DefaultPolicyYAML())
		return err
	}
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
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
	settings, total, err := readAll(ctx, f, "audit", snapshot.Filter{}, failures, "auditing")
	if err != nil {
		failures.Close()
		return err
	}
	findings, err := audit.Evaluate(policy, settings)
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
	rows := &output.Rows{Headers: []string{"SEVERITY", "RULE", "KIND", "NAME", "LOCATION", "FIELD", "VALUE", "SOURCE", "MESSAGE", "ID"}}
	for _, x := range findings {
		name := x.Name
		if x.Email != "" {
			name += " <" + x.Email + ">"
		}
		rows.Add(string(x.Severity), x.Rule, string(x.Kind), name, x.LocationName, x.Field, x.Value, x.Source, x.Message, x.ID)
	}
	fm, _ := f.OutputFormat(output.Table)
	if fm == output.Table && len(findings) == 0 {
		// Nothing to tabulate; the summary below says so.
	} else if err := f.Render(rep, rows); err != nil {
		failures.Close()
		return err
	}
	if !f.Options.Quiet {
		var parts []string
		for _, s := range []audit.Severity{audit.SeverityError, audit.SeverityWarning, audit.SeverityInfo} {
			if n := rep.Summary.BySeverity[string(s)]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, s))
			}
		}
		detail := ""
		if len(parts) > 0 {
			detail = " (" + strings.Join(parts, ", ") + ")"
		}
		fmt.Fprintf(f.IO.ErrOut, "audit: %d entities, %d findings%s\n", total, len(findings), detail)
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
