package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type planOptions struct {
	f                *cmdutil.Factory
	File             string
	DetailedExitCode bool
	Failures         string
}

func newPlanCmd(f *cmdutil.Factory, runF func(*planOptions) error) *cobra.Command {
	opts := &planOptions{f: f}
	cmd := &cobra.Command{
		Use:   "plan -f DESIRED",
		Short: "Show what `wxc apply` would change to reach a desired state",
		Long: `Read the desired-state file (docs/DESIRED_STATE.md), read the live settings of every
entity, and print the changes per entity and field. Nothing is written.

-o text (default) or json. With --detailed-exitcode the exit code is 5 when there are
changes and 0 when there are none.`,
		Example: `  wxc plan -f desired.yaml
  wxc plan -f desired.yaml -o json
  wxc plan -f desired.yaml --detailed-exitcode || echo "drift"`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.File == "" {
				return cmdutil.UsageErrorf("wxc plan needs -f DESIRED (a desired-state file, see docs/DESIRED_STATE.md)")
			}
			if runF != nil {
				return runF(opts)
			}
			return runPlan(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "desired-state `file` (YAML or JSON)")
	cmd.Flags().BoolVar(&opts.DetailedExitCode, "detailed-exitcode", false, "exit 5 when the plan has changes")
	cmd.Flags().StringVar(&opts.Failures, "failures", "", "write entities that could not be read to this `file`")
	return cmd
}

// planFormat returns text or json from -o.
func planFormat(f *cmdutil.Factory) (string, error) {
	switch strings.ToLower(f.Options.Output) {
	case "", "text", "table":
		return "text", nil
	case "json":
		return "json", nil
	}
	return "", cmdutil.UsageErrorf("unknown output format %q for a plan: want text or json", f.Options.Output)
}

// renderPlan prints the plan; target names what the plan brings the live settings to ("the
// desired state", "the backup"), for the message of an empty plan. When failures (may be nil)
// has failures, the plan was made from an incomplete read and its output says so: a last
// line in text, "complete": false in the JSON summary (docs/CLI.md).
func renderPlan(f *cmdutil.Factory, p *plan.Plan, target string, failures *cmdutil.FailureLog, total int) error {
	format, err := planFormat(f)
	if err != nil {
		return err
	}
	inc := incompleteRead(failures, total)
	if format == "json" {
		return plan.RenderJSONIncomplete(f.IO.Out, p, inc)
	}
	return plan.RenderTextIncomplete(f.IO.Out, p, target, inc)
}

// incompleteRead is what the plan's read missed (failed lists, unreadable entities), or nil
// when every entity was read.
func incompleteRead(failures *cmdutil.FailureLog, total int) *snapshot.Summary {
	if failures == nil {
		return nil
	}
	lists := failures.FailedLists()
	unreadable := failures.Unreadable()
	if len(lists) == 0 && unreadable == 0 {
		return nil
	}
	sum := &snapshot.Summary{Kind: snapshot.SummaryKind, Listed: total, Exported: total - unreadable,
		Unreadable: unreadable, Failures: failures.Path()}
	for _, le := range lists {
		sum.FailedLists = append(sum.FailedLists, snapshot.FailedListOf(le))
	}
	return sum
}

// loadDesired reads and parses a desired-state file.
func loadDesired(path string) (*plan.Desired, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, cmdutil.UsageErrorf("read the desired state: %v", err)
	}
	d, err := plan.Parse(data)
	if err != nil {
		return nil, nil, cmdutil.UsageErrorf("%s: %v", path, err)
	}
	return d, data, nil
}

// computeDesired reads the org and computes the plan for the desired-state file path;
// failures get the unreadable entities and failed lists. command names the command in messages.
func computeDesired(ctx context.Context, f *cmdutil.Factory, command, path string, d *plan.Desired, failures *cmdutil.FailureLog) (plan.Plan, []snapshot.Settings, int, error) {
	current, total, err := readAll(ctx, f, command, snapshot.Filter{}, failures, "reading")
	if err != nil {
		return plan.Plan{}, nil, total, err
	}
	p, err := plan.Compute(current, *d)
	if err != nil {
		if len(failures.FailedLists()) > 0 {
			// A list failed: what was read is not the org, and a selection that matches
			// nothing may only have missed the entities that were not listed. The failed
			// lists are the error (exit 3); nothing has been written.
			serr := failures.Summary(total, command)
			var ee *cmdutil.ExitError
			if errors.As(serr, &ee) {
				ee.Err = fmt.Errorf("%w\n  and no plan could be made from what was read: %s: %v", ee.Err, path, err)
				return plan.Plan{}, nil, total, ee
			}
		}
		// A selection that matches nothing, or a call type the entities' reads do not allow:
		// nothing has been written.
		return plan.Plan{}, nil, total, cmdutil.UsageErrorf("%s: %v", path, err)
	}
	return p, current, total, nil
}

func runPlan(ctx context.Context, opts *planOptions) error {
	f := opts.f
	if _, err := planFormat(f); err != nil {
		return err
	}
	d, _, err := loadDesired(opts.File)
	if err != nil {
		return err
	}
	failures := f.NewFailureLog(opts.Failures)
	p, _, total, err := computeDesired(ctx, f, "plan", opts.File, d, failures)
	if err != nil {
		failures.Close()
		return err
	}
	if err := renderPlan(f, &p, "the desired state", failures, total); err != nil {
		failures.Close()
		return err
	}
	if err := failures.Summary(total, "plan: reading"); err != nil {
		return err
	}
	if opts.DetailedExitCode && !p.Empty() {
		return &cmdutil.ExitError{Code: cmdutil.ExitChangesPending}
	}
	return nil
}
