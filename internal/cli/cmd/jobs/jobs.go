// Package jobs holds the org-wide jobs: `wxc audit`, `wxc plan`, `wxc apply` and `wxc restore`,
// with their journals and backups (jobfiles.go).
package jobs

import (
	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// AddCommands adds audit, plan, apply and restore.
func AddCommands(root *cobra.Command, f *cmdutil.Factory) {
	root.AddCommand(newAuditCmd(f, nil), newPlanCmd(f, nil), newApplyCmd(f, nil), newRestoreCmd(f, nil))
}
