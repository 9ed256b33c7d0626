package cli

import "github.com/spf13/cobra"

// addJobCommands adds audit, plan, apply and restore.
func addJobCommands(root *cobra.Command, f *Factory) {}
