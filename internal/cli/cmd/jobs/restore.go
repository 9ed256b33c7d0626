package jobs

import (
	"bytes"
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type restoreOptions struct {
	f        *cmdutil.Factory
	File     string // the backup (positional BACKUP)
	Latest   bool   // --latest: the newest backup apply wrote for Desired and this target
	Desired  string // -f DESIRED, with --latest
	Yes      bool
	Backup   string
	Journal  string
	Resume   bool
	Failures string
}

func newRestoreCmd(f *cmdutil.Factory, runF func(*restoreOptions) error) *cobra.Command {
	opts := &restoreOptions{f: f}
	cmd := &cobra.Command{
		Use:   "restore BACKUP | restore --latest -f DESIRED",
		Short: "Put back the settings saved in a backup (from wxc apply) or an export",
		Long: `Read a backup written by wxc apply (or wxc export -o jsonl / -o json output), read the
live settings of each entity in it, and make the writes that bring each entity back to the
saved settings: flags, call types (where the entity used its own), transfer numbers, and
exactly the saved access codes and digit patterns. Then an export of those entities equals
the saved one; a digit pattern that had been deleted comes back with a new ID.

--latest -f DESIRED picks the newest backup that wxc apply -f DESIRED wrote for this target
(DESIRED-stem.backup-<target>-<UTC time>.jsonl; <target> is a short hash of the API base URL and
org, or of the --emulator state), so the same command undoes the last apply any number of times.

Call types are checked as plan does: a legacy call type (LOCAL, TOLL) in the backup is restored
only where the entity's read still reports it; otherwise nothing is written (exit 2).

Before writing, restore saves the settings it is about to replace (--backup, default
BACKUP-stem.before-restore-<UTC time>.jsonl), so a restore can be undone too. Confirmation,
journal and resume work as for wxc apply (journal default BACKUP.restore-journal-<target>.jsonl).`,
		Example: `  wxc restore --latest -f desired.yaml          # undo the last wxc apply -f desired.yaml here
  wxc restore desired.backup-1a2b3c4d-20260101T120000Z.jsonl
  wxc export -o jsonl > before.jsonl; ...; wxc restore before.jsonl --yes`,
		Args: cmdutil.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 1 && opts.Latest:
				return cmdutil.UsageErrorf("wxc restore takes a BACKUP file or --latest -f DESIRED, not both")
			case len(args) == 1 && opts.Desired != "":
				return cmdutil.UsageErrorf("wxc restore: -f DESIRED goes with --latest (the newest backup of DESIRED); with a BACKUP file leave -f out")
			case len(args) == 0 && !opts.Latest:
				return cmdutil.UsageErrorf("wxc restore needs a BACKUP file, or --latest -f DESIRED for the newest backup wxc apply -f DESIRED wrote for this target")
			case opts.Latest && opts.Desired == "":
				return cmdutil.UsageErrorf("wxc restore --latest needs -f DESIRED (the desired-state file that was applied)")
			}
			if len(args) == 1 {
				opts.File = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runRestore(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Latest, "latest", false, "restore the newest backup that wxc apply -f DESIRED wrote for this target")
	fl.StringVarP(&opts.Desired, "file", "f", "", "with --latest: the desired-state `file` whose newest backup to restore")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "restore without asking")
	fl.StringVar(&opts.Backup, "backup", "", "save the settings restore replaces to this new `file` (default BACKUP-stem.before-restore-<time>.jsonl)")
	fl.StringVar(&opts.Journal, "journal", "", "journal `file` (default BACKUP.restore-journal-<target>.jsonl)")
	fl.BoolVar(&opts.Resume, "resume", false, "resume the interrupted restore recorded in the journal")
	fl.StringVar(&opts.Failures, "failures", "", "write failed writes to this `file` (default wxc-failures-<time>.jsonl)")
	return cmd
}

func runRestore(ctx context.Context, opts *restoreOptions) error {
	f := opts.f
	target, err := resolveJobTarget(ctx, f)
	if err != nil {
		return err
	}
	if opts.Latest {
		if opts.File, err = LatestBackup(opts.Desired, target); err != nil {
			return err
		}
		f.Infof("restoring %s, the newest backup of %s for this target\n", opts.File, opts.Desired)
	}
	data, err := os.ReadFile(opts.File)
	if err != nil {
		return cmdutil.UsageErrorf("read the backup: %v", err)
	}
	saved, sum, err := plan.ReadSettingsSummary(bytes.NewReader(data))
	if err != nil {
		return cmdutil.UsageErrorf("%s: %v", opts.File, err)
	}
	if sum != nil {
		// An incomplete export: its records are good, but it does not hold the whole org.
		f.Infof("note: %s is an incomplete export (%s); restore puts back only the %d entities it holds\n",
			opts.File, cmdutil.IncompleteWhat(sum), len(saved))
	}
	journal := opts.Journal
	if journal == "" {
		journal = restoreJournalPath(opts.File, target)
	}
	backup := opts.Backup
	if backup == "" {
		backup = restoreBackupPath(f, opts.File)
	}
	hintArgs := []string{"restore", opts.File, "--resume"}
	if opts.Journal != "" {
		hintArgs = append(hintArgs, "--journal", opts.Journal)
	}
	var used string
	err = runJob(ctx, f, jobSpec{
		command: "restore", renders: "the backup", input: opts.File, key: jobKey(data, target), target: target, journal: journal,
		resume: opts.Resume, yes: opts.Yes, failures: opts.Failures, backup: backup,
		backupUsed: func(path string) { used = path }, resumeHint: wxcCommand(f, hintArgs...),
		compute: func(ctx context.Context, failures *cmdutil.FailureLog) (plan.Plan, []snapshot.Settings, int, error) {
			c, err := f.Client(ctx)
			if err != nil {
				return plan.Plan{}, nil, 0, err
			}
			entities := func(yield func(snapshot.Entity, error) bool) {
				for _, s := range saved {
					if !yield(s.Entity, nil) {
						return
					}
				}
			}
			var current, readable []snapshot.Settings
			byKey := map[string]snapshot.Settings{}
			for _, s := range saved {
				byKey[string(s.Kind)+"/"+s.ID] = s
			}
			retries := &snapshot.Retries{}
			err = snapshot.Stream(ctx, c, entities, f.Options.Concurrency, retries, func(r snapshot.Result) error {
				failures.Result(ctx, r)
				if r.Err != nil {
					return nil
				}
				current = append(current, *r.Settings)
				readable = append(readable, byKey[string(r.Entity.Kind)+"/"+r.Entity.ID])
				return nil
			})
			if err != nil {
				return plan.Plan{}, nil, len(saved), err
			}
			if r := retries.String(); r != "" {
				f.Infof("restore: retried %s after temporary errors\n", r)
			}
			p, err := plan.ComputeRestore(current, readable)
			if err != nil {
				// The backup does not fit the live state: nothing is written.
				return plan.Plan{}, nil, len(saved), cmdutil.UsageErrorf("%s: %v", opts.File, err)
			}
			return p, current, len(saved), nil
		},
	})
	if used != "" {
		f.Infof("%s\n", undoHint(f, "restore", used, ""))
	}
	return err
}
