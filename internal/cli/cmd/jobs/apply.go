package jobs

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

type applyOptions struct {
	f        *cmdutil.Factory
	File     string
	Yes      bool
	Backup   string
	Journal  string
	Resume   bool
	Failures string
}

func newApplyCmd(f *cmdutil.Factory, runF func(*applyOptions) error) *cobra.Command {
	opts := &applyOptions{f: f}
	cmd := &cobra.Command{
		Use:   "apply -f DESIRED",
		Short: "Change the live settings to match a desired state (plan, confirm, backup, write)",
		Long: `Compute the plan (as wxc plan does), print it, ask for confirmation (on a terminal;
elsewhere --yes is required), write a backup of every entity the plan touches (JSON lines,
usable with wxc restore), then make only the writes the plan lists.

The backup (default DESIRED-stem.backup-<target>-<UTC time>.jsonl) and the journal (default
DESIRED.journal-<target>.jsonl) are named after the target, <target> being a short hash of the
API base URL and --org-id (or of the --emulator state), so the same file can be applied to
several targets from one directory. The run ends by printing the command that undoes it;
wxc restore --latest -f DESIRED restores the newest backup of DESIRED for the target.

Every write is journaled (one fsync'd JSON line per state change). If the run is interrupted
(Ctrl-C, crash, network loss), running the same command again resumes from the journal:
finished writes are skipped, and a write that was under way is checked by re-reading the
entity before it is sent again, so no write is repeated or skipped. --resume insists on
resuming. A finished journal never blocks a new run.

A write that fails with a temporary error (429, 5xx, network) is not sent again blindly: the
server may have made it (the SDK does not resend a create, a POST). After a pause the entity
is re-read; a write found in place counts as such and is not sent again, otherwise it is sent
again (creates up to ` + strconv.Itoa(plan.DefaultCreateRetries) + ` more times, other writes, which the SDK already tried ` +
			strconv.Itoa(wxc.DefaultMaxAttempts) + ` times, up to ` + strconv.Itoa(plan.DefaultWriteRetries) + `).

Ends with a summary; exit code 3 when some writes failed (details in --failures).`,
		Example: `  wxc apply -f desired.yaml
  wxc apply -f desired.yaml --yes --backup before.jsonl
  wxc apply -f desired.yaml --resume --yes
  wxc restore --latest -f desired.yaml       # undo it`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.File == "" {
				return cmdutil.UsageErrorf("wxc apply needs -f DESIRED (a desired-state file, see docs/DESIRED_STATE.md)")
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
	fl.StringVar(&opts.Backup, "backup", "", "write the backup to this new `file` (default DESIRED-stem.backup-<target>-<time>.jsonl)")
	fl.StringVar(&opts.Journal, "journal", "", "journal `file` (default DESIRED.journal-<target>.jsonl)")
	fl.BoolVar(&opts.Resume, "resume", false, "resume the interrupted run recorded in the journal (error if there is none)")
	fl.StringVar(&opts.Failures, "failures", "", "write failed writes to this `file` (default wxc-failures-<time>.jsonl)")
	return cmd
}

// WriteRetryBackoff is the pause before the n-th retry of a write that failed with a
// temporary error (plan.Applier). The package's tests make it 0.
var WriteRetryBackoff = plan.DefaultBackoff

// jobSpec describes one apply-like run for runJob.
type jobSpec struct {
	command  string // apply or restore
	input    string // the desired-state or backup file
	key      string // identifies the input and target (jobKey); an unfinished journal with another key is not resumed
	target   Target
	journal  string
	resume   bool
	yes      bool
	failures string
	// compute reads the live state and returns the plan and the current settings of the
	// entities it touches (for the backup); failures get unreadable entities.
	compute func(ctx context.Context, failures *cmdutil.FailureLog) (plan.Plan, []snapshot.Settings, int, error)
	// backup is the new backup file ("" = none).
	backup string
	// backupUsed, when set, is called with the backup of the run once it exists: the new one
	// after it is written, or the earlier run's when resuming.
	backupUsed func(path string)
	// resumeHint is the command line that resumes.
	resumeHint string
	// renders names what the plan brings the live settings to, for an empty plan's message.
	renders string
}

// jobKey hashes the input with the target, so a journal is only resumed for the same file
// against the same target.
func jobKey(input []byte, t Target) string {
	return plan.Hash(input, []byte(t.Label))
}

// checkJournal decides what an existing journal means for a new run: it returns the state to
// resume, or nil to plan afresh (a finished journal is moved aside first). A finished journal
// never blocks; an unfinished one is resumed when it records the same input against the same
// target, and is otherwise left alone with a usage error (only possible with --journal, or
// when the file changed since the interrupted run).
func checkJournal(f *cmdutil.Factory, spec *jobSpec) (*plan.JournalState, error) {
	st, err := plan.ReadJournal(spec.journal)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if spec.resume {
			return nil, cmdutil.UsageErrorf("--resume: there is no journal %s to resume", spec.journal)
		}
		return nil, nil
	case err != nil:
		return nil, cmdutil.UsageErrorf("journal: %v (move it away to start afresh)", err)
	case st.Finished:
		if spec.resume {
			return nil, cmdutil.UsageErrorf("--resume: the run recorded in %s finished; run without --resume to plan again", spec.journal)
		}
		done := freePath(spec.journal+".done-"+f.Now().UTC().Format(utcStamp), "")
		if err := os.Rename(spec.journal, done); err != nil {
			return nil, fmt.Errorf("move the finished journal aside: %w", err)
		}
		return nil, nil
	case st.Header.DesiredHash == spec.key:
		return st, nil
	}
	_, _, nops := st.Header.Plan.Counts()
	progress := fmt.Sprintf("%d of %d writes done", st.Done, nops)
	if st.Header.TargetHash != spec.target.Hash {
		what := "another target"
		if st.Header.Target != "" {
			what = st.Header.Target
		} else {
			what += " (the journal does not say which: an earlier wxc wrote it)"
		}
		return nil, cmdutil.UsageErrorf("the journal %s records an unfinished %s of %s against %s (%s); this run writes to %s. "+
			"Finish that run with its own command, or pass --journal NEW to keep both", spec.journal, st.Header.Command,
			orUnknown(st.Header.Input), what, progress, spec.target.Label)
	}
	return nil, cmdutil.UsageErrorf("the journal %s records an unfinished %s against this target (%s) made from another version of %s; "+
		"put the file back as it was and run the same command to finish it, or move the journal away to plan afresh",
		spec.journal, st.Header.Command, progress, spec.input)
}

func orUnknown(s string) string {
	if s == "" {
		return "another file"
	}
	return s
}

// runJob is the shared engine of apply and restore: journal lookup, plan, confirmation,
// backup, writes, summary.
func runJob(ctx context.Context, f *cmdutil.Factory, spec jobSpec) error {
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
		p       plan.Plan
		total   int
		journal *plan.Journal
	)
	prior, err := checkJournal(f, &spec)
	if err != nil {
		return err
	}

	if prior != nil {
		p = prior.Header.Plan
		_, _, nops := p.Counts()
		f.Infof("resuming the %s recorded in %s: %d of %d writes done\n", prior.Header.Command, spec.journal, prior.Done, nops)
		if prior.Header.Backup != "" {
			if _, err := os.Stat(prior.Header.Backup); err != nil {
				f.Infof("warning: the backup %s of that run is missing: %v\n", prior.Header.Backup, err)
			} else if spec.backupUsed != nil {
				spec.backupUsed(prior.Header.Backup)
			}
		}
		if err := renderPlan(f, &p, spec.renders, nil, 0); err != nil {
			return err
		}
		total = len(p.Entities)
	} else {
		var current []snapshot.Settings
		p, current, total, err = spec.compute(ctx, failures)
		if err != nil {
			return err
		}
		if err := renderPlan(f, &p, spec.renders, failures, total); err != nil {
			return err
		}
		if p.Empty() {
			return failures.Summary(total, spec.command)
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
				return cmdutil.UsageErrorf("backup: %v", err)
			}
			noun := "entities"
			if len(keep) == 1 {
				noun = "entity"
			}
			f.Infof("backup of %d %s written to %s\n", len(keep), noun, spec.backup)
			if spec.backupUsed != nil {
				spec.backupUsed(spec.backup)
			}
		}
		journal, err = plan.CreateJournal(spec.journal, plan.JournalHeader{Command: spec.command, Input: spec.input,
			DesiredHash: spec.key, Target: spec.target.Label, TargetHash: spec.target.Hash,
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
		Writer: &plan.SDKWriter{Client: c},
		Fetch: func(ctx context.Context, e snapshot.Entity) (*snapshot.Settings, error) {
			return snapshot.FetchRetrying(ctx, c, e, nil)
		},
		Journal:     journal,
		Concurrency: f.Options.Concurrency,
		Prior:       prior,
		OnResult:    func(plan.OpResult) { progress.Add(1) },
		Backoff:     WriteRetryBackoff,
	}
	sum, runErr := a.Run(ctx, &p)
	progress.Finish()
	if runErr != nil {
		if errors.Is(runErr, context.Canceled) || ctx.Err() != nil {
			f.Infof("%s interrupted after %d writes; the journal %s records progress: resume with\n  %s\n",
				spec.command, sum.Done+sum.Verified+sum.InPlace, spec.journal, spec.resumeHint)
			return fmt.Errorf("%s interrupted: %w", spec.command, context.Canceled)
		}
		return fmt.Errorf("%s stopped: %w (resume with: %s)", spec.command, runErr, spec.resumeHint)
	}
	if err := journal.Finish(); err != nil {
		return err
	}
	cmdutil.JobFailures(failures, &p, sum)
	fmt.Fprintln(f.IO.ErrOut, cmdutil.WriteCountsLine(spec.command, len(p.Entities), nops, sum))
	return failures.JobSummary(spec.command, total, len(p.Entities), nops, sum.NotRun)
}

// confirm asks on a terminal; elsewhere it wants --yes.
func confirm(f *cmdutil.Factory, spec jobSpec, p *plan.Plan) error {
	if spec.yes {
		return nil
	}
	n, _, ops := p.Counts()
	if !f.IO.IsStdinTTY {
		return cmdutil.UsageErrorf("refusing to %s %d writes to %d entities without confirmation: stdin is not a terminal; pass --yes", spec.command, ops, n)
	}
	fmt.Fprintf(f.IO.ErrOut, "%s %d writes to %d entities? Type yes to go on: ", spec.command, ops, n)
	line, err := bufio.NewReader(f.IO.In).ReadString('\n')
	if err != nil && line == "" {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: fmt.Errorf("%s cancelled: no answer", spec.command)}
	}
	if strings.TrimSpace(strings.ToLower(line)) != "yes" {
		return &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: fmt.Errorf("%s cancelled; nothing was written", spec.command)}
	}
	return nil
}

func runApply(ctx context.Context, opts *applyOptions) error {
	f := opts.f
	d, data, err := loadDesired(opts.File)
	if err != nil {
		return err
	}
	target, err := resolveJobTarget(ctx, f)
	if err != nil {
		return err
	}
	journal := opts.Journal
	if journal == "" {
		journal = ApplyJournalPath(opts.File, target)
	}
	backup := opts.Backup
	if backup == "" {
		backup = applyBackupPath(f, opts.File, target)
	}
	hintArgs := []string{"apply", "-f", opts.File, "--resume"}
	if opts.Journal != "" {
		hintArgs = append(hintArgs, "--journal", opts.Journal)
	}
	var used string
	err = runJob(ctx, f, jobSpec{
		command: "apply", renders: "the desired state", input: opts.File, key: jobKey(data, target), target: target, journal: journal,
		resume: opts.Resume, yes: opts.Yes, failures: opts.Failures, backup: backup,
		backupUsed: func(path string) { used = path }, resumeHint: wxcCommand(f, hintArgs...),
		compute: func(ctx context.Context, failures *cmdutil.FailureLog) (plan.Plan, []snapshot.Settings, int, error) {
			return computeDesired(ctx, f, "apply", opts.File, d, failures)
		},
	})
	if used != "" {
		latest := ""
		if opts.Backup == "" {
			latest = opts.File
		}
		f.Infof("%s\n", undoHint(f, "apply", used, latest))
	}
	return err
}
