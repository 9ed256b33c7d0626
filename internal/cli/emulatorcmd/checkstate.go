package emulatorcmd

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/emulator"
)

// newCheckStateCmd returns `wxc emulator check-state`.
func newCheckStateCmd() *cobra.Command {
	var repair bool
	var to string
	cmd := &cobra.Command{
		Use:   "check-state FILE",
		Short: "Check an emulator state file (--state); --repair copies its readable records to a new file",
		Long: `Check an emulator state file, the way ` + "`wxc emulator --state FILE`" + ` does before it serves from
it, and report what is wrong. The file is only read: never mapped into memory, never written.

The report goes to stdout. The command exits 0 when the file is fine and 7 when it is corrupt
(for example truncated, or with damaged pages), not an emulator state file, or of another
schema version. A file that a running emulator holds is reported as in use (exit 1).

--repair copies every record that is still readable to a NEW state file and prints its path on
stdout (the report then goes to stderr); the damaged file is left as it is. Records on damaged
pages, and records that are not valid JSON, are lost; the entities they belonged to show their
seeded values again. The new file is NAME.repaired.EXT next to FILE (or --to PATH, which must
not exist). Start the emulator on it with --state and the same seeding flags as before.`,
		Example: `  wxc emulator check-state ./emu.db
  wxc emulator check-state --repair ./emu.db            # writes ./emu.repaired.db
  wxc emulator --state "$(wxc emulator check-state --repair ./emu.db)" --demo`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return &UsageError{Err: fmt.Errorf("%s wants one argument, the state file (usage: %s)", cmd.CommandPath(), cmd.UseLine())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if to != "" && !repair {
				return &UsageError{Err: errors.New("--to needs --repair")}
			}
			cmd.SilenceUsage = true
			if repair {
				return runRepair(args[0], to, cmd.OutOrStdout(), cmd.ErrOrStderr())
			}
			return runCheck(args[0], cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&repair, "repair", false, "copy the readable records to a new state file and print its path")
	cmd.Flags().StringVar(&to, "to", "", "with --repair: the new `file` (must not exist; default NAME.repaired.EXT next to FILE)")
	return cmd
}

func runCheck(path string, out io.Writer) error {
	rep, err := emulator.CheckState(path)
	if err != nil {
		return err
	}
	writeReport(out, rep)
	if err := rep.Err(); err != nil {
		return err
	}
	return nil
}

func runRepair(src, dst string, out, errOut io.Writer) error {
	r, err := emulator.RepairState(src, dst)
	if err != nil {
		return err
	}
	writeReport(errOut, r.Source)
	fmt.Fprintf(errOut, "copied %d records to %s; %s was not changed\n", r.Records, r.Dst, src)
	_, err = fmt.Fprintln(out, r.Dst)
	return err
}

// writeReport prints a StateReport as indented text.
func writeReport(w io.Writer, r *emulator.StateReport) {
	fmt.Fprintf(w, "%s: %s\n", r.Path, r.Status)
	fmt.Fprintf(w, "  size:     %d bytes", r.Size)
	if r.PageSize > 0 {
		fmt.Fprintf(w, " (page size %d, %d pages in use, transaction %d)", r.PageSize, r.Pages, r.TxID)
	}
	fmt.Fprintln(w)
	if r.SchemaVersion != "" {
		fmt.Fprintf(w, "  schema:   %s\n", r.SchemaVersion)
	}
	if r.PageSize > 0 {
		fmt.Fprintf(w, "  records:  %d readable\n", r.Records)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  problem:  %s\n", p)
	}
	if r.MoreProblems > 0 {
		fmt.Fprintf(w, "  (and %d more problems)\n", r.MoreProblems)
	}
}
