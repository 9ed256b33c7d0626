package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type applyOptions struct {
	f        *Factory
	File     string
	Yes      bool
	Backup   string
	Journal  string
	Resume   bool
	Failures string
}

func newApplyCmd(f *Factory, runF func(*applyOptions) error) *cobra.Command {
	opts := &applyOptions{f: f}
	cmd := &cobra.Command{
		Use:   "apply -f DESIRED",
		Short: "Change the live settings to match a desired state (plan, confirm, backup, write)",
		Long: `Compute the plan (as wxc plan does), print it, ask for confirmation (on a terminal;
elsewhere --yes is required), write a backup of every entity the plan touches (JSON lines,
usable with wxc restore), then make only the writes the plan lists.

Every write is journaled (--journal, default DESIRED.journal.jsonl; one fsync'd JSON line
per state change). If the run is interrupted (Ctrl-C, crash, network loss), running the same
command again resumes from the journal: finished writes are skipped, and a write that was
under way is checked by re-reading the entity before it is sent again, so no write is
repeated or skipped. --resume insists on resuming.

Ends with a summary; exit code 3 when some writes failed (details in --failures).`,
		Example: `  wxc apply -f desired.yaml
  wxc apply -f desired.yaml --yes --backup before.jsonl
  wxc apply -f desired.yaml --resume --yes`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.File == "" {
				return usageErrorf("wxc apply needs -f DESIRED (a desired-state file, see docs/DESIRED_STATE.md)")
			}
			if runF != nil {
				return runF(opts)
			}
			return runApply(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.File, "file", "f", "", "desired-state `file` (YAML or JSON)")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "apply without asking")
	fl.StringVar(&opts.Backup, "backup", "", "write the backup to this new `file` (default DESIRED.backup-<time>.jsonl)")
	fl.StringVar(&opts.Journal, "journal", "", "journal `file` (default DESIRED.journal.jsonl)")
	fl.BoolVar(&opts.Resume, "resume", false, "resume the interrupted run recorded in the journal (error if there is none)")
	fl.StringVar(&opts.Failures, "failures", "", "write failed writes to this `file` (default wxc-failures-<time>.jsonl)")
	return cmd
}

// jobSpec describes one apply-like run for runJob.
type jobSpec struct {
	command  string // apply or restore
	key      string // identifies the input and target; a journal with another key is refused
	journal  string
	resume   bool
	yes      bool
	failures string
	// compute reads the live state and returns the plan and the current settings of the
	// entities it touches (for the backup); failures get unreadable entities.
	compute func(ctx context.Context, failures *FailureLog) (plan.Plan, []snapshot.Settings, int, error)
	// backup is the new backup file ("" = none).
	backup string
	// resumeHint is the command line that resumes.
	resumeHint string
}

// jobKey hashes the input with the target, so a journal is only resumed against the same org.
func jobKey(f *Factory, input []byte) string {
	return plan.Hash(input, []byte(f.Options.BaseURL), []byte(f.Options.OrgID), []byte(fmt.Sprint(f.Options.Emulator, f.Options.EmulatorState)))
}

// runJob is the shared engine of apply and restore: journal lookup, plan, confirmation,
// backup, writes, summary.
func runJob(ctx context.Context, f *Factory, spec jobSpec) error {
	if _, err := planFormat(f); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	failures := f.NewFailureLog(spec.failures)
	defer failures.Close()

	var (
		prior   *plan.JournalState
		p       plan.Plan
		total   int
		journal *plan.Journal
	)
	st, err := plan.ReadJournal(spec.journal)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if spec.resume {
			return usageErrorf("--resume: there is no journal %s to resume", spec.journal)
		}
	case err != nil:
		return usageErrorf("journal: %v (move it away to start afresh)", err)
	case st.Header.DesiredHash != spec.key:
		return usageErrorf("the journal %s records a %s of another file or target; resume it with the original "+
			"command, or move it away (or pass --journal NEW) to start afresh", spec.journal, st.Header.Command)
	case st.Finished:
		if spec.resume {
			return usageErrorf("--resume: the run recorded in %s finished; run without --resume to plan again", spec.journal)
		}
		done := spec.journal + ".done-" + f.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(spec.journal, done); err != nil {
			return fmt.Errorf("move the finished journal aside: %w", err)
		}
	default:
		prior = st
	}

	if prior != nil {
		p = prior.Header.Plan
		_, _, nops := p.Counts()
		f.infof("resuming the %s recorded in %s: %d of %d writes done\n", prior.Header.Command, spec.journal, prior.Done, nops)
		if prior.Header.Backup != "" {
			if _, err := os.Stat(prior.Header.Backup); err != nil {
				f.infof("warning: the backup %s of that run is missing: %v\n", prior.Header.Backup, err)
			}
		}
		if err := renderPlan(f, &p); err != nil {
			return err
		}
		total = len(p.Entities)
	} else {
		var current []snapshot.Settings
		p, current, total, err = spec.compute(ctx, failures)
		if err != nil {
			return err
		}
		if err := renderPlan(f, &p); err != nil {
			return err
		}
		if p.Empty() {
			return failures.Summary(total, spec.command+": reading")
		}
		if err := confirm(f, spec, &p); err != nil {
			return err
		}
		if spec.backup != "" {
			touched := map[string]bool{}
			for _, e := range p.Entities {
				touched[string(e.Entity.Kind)+"/"+e.Entity.ID] = true
			}
			var keep []snapshot.Settings
			for _, s := range current {
				if touched[string(s.Kind)+"/"+s.ID] {
					keep = append(keep, s)
				}
			}
			if err := plan.WriteSettingsFile(spec.backup, keep); err != nil {
				return usageErrorf("backup: %v", err)
			}
			f.infof("backup of %d entities written to %s\n", len(keep), spec.backup)
		}
		journal, err = plan.CreateJournal(spec.journal, plan.JournalHeader{Command: spec.command, DesiredHash: spec.key,
			PlanHash: plan.PlanHash(&p), Backup: spec.backup, Plan: p}, f.Now)
		if err != nil {
			return err
		}
	}
	if prior != nil {
		if err := confirm(f, spec, &p); err != nil {
			return err
		}
		if journal, err = plan.OpenJournal(spec.journal, f.Now); err != nil {
			return err
		}
	}
	defer journal.Close()

	_, _, nops := p.Counts()
	progress := f.NewProgress(int64(nops), spec.command)
	a := &plan.Applier{
		Writer: &plan.SDKWriter{Client: c, CallOpts: f.CallOptions()},
		Fetch: func(ctx context.Context, e snapshot.Entity) (*snapshot.Settings, error) {
			return snapshot.Fetch(ctx, c, e, f.CallOptions()...)
		},
		Journal:     journal,
		Concurrency: f.Options.Concurrency,
		Prior:       prior,
		OnResult:    func(plan.OpResult) { progress.Add(1) },
	}
	sum, runErr := a.Run(ctx, &p)
	progress.Finish()
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || ctx.Err() != nil {
			f.infof("%s interrupted after %d writes; the journal %s records progress: resume with\n  %s\n",
				spec.command, sum.Done+sum.Verified, spec.journal, spec.resumeHint)
			return fmt.Errorf("%s interrupted: %w", spec.command, context.Canceled)
		}
		return fmt.Errorf("%s stopped: %w (resume with: %s)", spec.command, runErr, spec.resumeHint)
	}
	if err := journal.Finish(); err != nil {
		return err
	}
	failedEntities := map[string]bool{}
	for _, r := range sum.Failures {
		failures.Add(r.Entity, fmt.Errorf("%s: %w", r.Op.ID, r.Err))
		failedEntities[r.Entity.ID] = true
	}
	fmt.Fprintf(f.IO.ErrOut, "%s: %d writes done, %d already in place after the interruption, %d skipped (done before), %d failed, %d not run\n",
		spec.command, sum.Done, sum.Verified, sum.Skipped, sum.Failed, sum.NotRun)
	return failures.Summary(max(total, len(p.Entities)), spec.command)
}

// confirm asks on a terminal; elsewhere it wants --yes.
func confirm(f *Factory, spec jobSpec, p *plan.Plan) error {
	if spec.yes {
		return nil
	}
	n, _, ops := p.Counts()
	if !f.IO.IsStdinTTY {
		return usageErrorf("refusing to %s %d writes to %d entities without confirmation: stdin is not a terminal; pass --yes", spec.command, ops, n)
	}
	fmt.Fprintf(f.IO.ErrOut, "%s %d writes to %d entities? Type yes to go on: ", spec.command, ops, n)
	line, err := bufio.NewReader(f.IO.In).ReadString('\n')
	if err != nil && line == "" {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s cancelled: no answer", spec.command)}
	}
	if strings.TrimSpace(strings.ToLower(line)) != "yes" {
		return &ExitError{Code: ExitFailure, Err: fmt.Errorf("%s cancelled; nothing was written", spec.command)}
	}
	return nil
}

func runApply(ctx context.Context, opts *applyOptions) error {
	f := opts.f
	d, data, err := loadDesired(opts.File)
	if err != nil {
		return err
	}
	journal := opts.Journal
	if journal == "" {
		journal = opts.File + ".journal.jsonl"
	}
	backup := opts.Backup
	if backup == "" {
		backup = strings.TrimSuffix(opts.File, ".yaml") + ".backup-" + f.Now().UTC().Format("20060102T150405Z") + ".jsonl"
	}
	hint := "wxc apply -f " + opts.File + " --resume"
	if opts.Journal != "" {
		hint += " --journal " + opts.Journal
	}
	return runJob(ctx, f, jobSpec{
		command: "apply", key: jobKey(f, data), journal: journal, resume: opts.Resume, yes: opts.Yes,
		failures: opts.Failures, backup: backup, resumeHint: hint,
		compute: func(ctx context.Context, failures *FailureLog) (plan.Plan, []snapshot.Settings, int, error) {
			return computeDesired(ctx, f, d, failures)
		},
	})
}
