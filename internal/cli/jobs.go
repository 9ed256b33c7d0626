package cli

import "github.com/spf13/cobra"

// addJobCommands adds audit, plan, apply and restore.
func addJobCommands(root *cobra.Command, f *Factory) {
	root.AddCommand(newAuditCmd(f, nil), newPlanCmd(f, nil), newApplyCmd(f, nil), newRestoreCmd(f, nil))
}
