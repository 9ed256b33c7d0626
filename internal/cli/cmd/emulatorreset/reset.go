// Package emulatorreset is `wxc emulator reset`: delete the --emulator state file.
package emulatorreset

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

type emulatorResetOptions struct {
	f    *cmdutil.Factory
	Path string // the state file: --emulator-state or the default
}

// NewCmd returns `wxc emulator reset`, which deletes the --emulator state file.
func NewCmd(f *cmdutil.Factory, runF func(*emulatorResetOptions) error) *cobra.Command {
	opts := &emulatorResetOptions{f: f}
	return &cobra.Command{
		Use:   "reset",
		Short: "Delete the state of the --emulator demo org, so the next command starts fresh",
		Example: `  wxc emulator reset
  wxc emulator reset --emulator-state ./demo.db`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := f.EmulatorStatePath()
			if err != nil {
				return err
			}
			opts.Path = path
			if runF != nil {
				return runF(opts)
			}
			return runEmulatorReset(opts)
		},
	}
}

func runEmulatorReset(opts *emulatorResetOptions) error {
	f := opts.f
	err := os.Remove(opts.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		f.Infof("no emulator state at %s; nothing to reset\n", opts.Path)
		return nil
	case err != nil:
		return fmt.Errorf("delete the emulator state: %w", err)
	}
	f.Infof("deleted the emulator state %s\n", opts.Path)
	return nil
}
