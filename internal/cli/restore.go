package cli

import (
	"bytes"
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type restoreOptions struct {
	f        *Factory
	File     string
	Yes      bool
	Journal  string
	Resume   bool
	Failures string
}

func newRestoreCmd(f *Factory, runF func(*restoreOptions) error) *cobra.Command {
	opts := &restoreOptions{f: f}
	cmd := &cobra.Command{
		Use:   "restore BACKUP",
		Short: "Put back the settings saved in a backup (from wxc apply) or an export",
		Long: `Read a backup written by wxc apply (or wxc export -o jsonl / -o json output), read the
live settings of each entity in it, and make the writes that bring each entity back to the
saved settings: flags, call types (where the entity used its own), transfer numbers, and
exactly the saved access codes and digit patterns. Then an export of those entities equals
the saved one; a digit pattern that had been deleted comes back with a new ID.

Confirmation, journal and resume work as for wxc apply (journal default BACKUP.restore-journal.jsonl).`,
		Example: `  wxc restore desired.backup-20260101T120000Z.jsonl
  wxc export -o jsonl > before.jsonl; ...; wxc restore before.jsonl --yes`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runRestore(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "restore without asking")
	fl.StringVar(&opts.Journal, "journal", "", "journal `file` (default BACKUP.restore-journal.jsonl)")
	fl.BoolVar(&opts.Resume, "resume", false, "resume the interrupted restore recorded in the journal")
	fl.StringVar(&opts.Failures, "failures", "", "write failed writes to this `file` (default wxc-failures-<time>.jsonl)")
	return cmd
}

func runRestore(ctx context.Context, opts *restoreOptions) error {
	f := opts.f
	data, err := os.ReadFile(opts.File)
	if err != nil {
		return usageErrorf("read the backup: %v", err)
	}
	saved, err := plan.ReadSettings(bytes.NewReader(data))
	if err != nil {
		return usageErrorf("%s: %v", opts.File, err)
	}
	journal := opts.Journal
	if journal == "" {
		journal = opts.File + ".restore-journal.jsonl"
	}
	hint := "wxc restore " + opts.File + " --resume"
	if opts.Journal != "" {
		hint += " --journal " + opts.Journal
	}
	return runJob(ctx, f, jobSpec{
		command: "restore", key: jobKey(f, data), journal: journal, resume: opts.Resume, yes: opts.Yes,
		failures: opts.Failures, resumeHint: hint,
		compute: func(ctx context.Context, failures *FailureLog) (plan.Plan, []snapshot.Settings, int, error) {
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
			err = snapshot.Stream(ctx, c, entities, f.Options.Concurrency, func(r snapshot.Result) error {
				if r.Err != nil {
					if ctx.Err() == nil {
						failures.Add(r.Entity, r.Err)
					}
					return nil
				}
				current = append(current, *r.Settings)
				readable = append(readable, byKey[string(r.Entity.Kind)+"/"+r.Entity.ID])
				return nil
			}, f.CallOptions()...)
			if err != nil {
				return plan.Plan{}, nil, len(saved), err
			}
			p, err := plan.ComputeRestore(current, readable)
			if err != nil {
				return plan.Plan{}, nil, len(saved), err
			}
			return p, current, len(saved), nil
		},
	})
}
