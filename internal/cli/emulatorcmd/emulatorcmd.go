// Package emulatorcmd implements `wxc emulator`.
package emulatorcmd

import (
	"errors"

	"github.com/spf13/cobra"
)

// New returns the `wxc emulator` command.
func New() *cobra.Command {
	return &cobra.Command{
		Use:   "emulator",
		Short: "Run a local Webex Calling outgoing-permissions emulator",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
