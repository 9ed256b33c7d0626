package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

func newTransferNumbersCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "transfer-numbers",
		Short: "Read, set or clear the auto transfer numbers (TRANSFER_NUMBER_1..3 targets) of one entity",
		Example: `  wxc transfer-numbers get person alice@example.com
  wxc transfer-numbers set location "San Jose" --number1 +14085550100`,
		Args: cobra.ArbitraryArgs,
		RunE: groupRunE,
	}
	cmd.AddCommand(newTransferGetCmd(f, nil), newTransferSetCmd(f, nil), newTransferClearCmd(f, nil))
	return cmd
}

type transferGetOptions struct {
	f   *Factory
	Ref entityRef
}

func newTransferGetCmd(f *Factory, runF func(*transferGetOptions) error) *cobra.Command {
	opts := &transferGetOptions{f: f}
	return &cobra.Command{
		Use:   "get KIND ENTITY",
		Short: "Show the auto transfer numbers of one entity",
		Long: `Show the three auto transfer numbers, the targets of the TRANSFER_NUMBER_1..3 actions.
JSON and YAML output is the wire shape, which ` + "`transfer-numbers set -f`" + ` accepts.

` + kindHelp,
		Example: `  wxc transfer-numbers get person alice@example.com
  wxc transfer-numbers get virtual-line "Front Desk" -o json`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE:              entityRunE(opts, &opts.Ref, runF, runTransferGet),
	}
}

func runTransferGet(ctx context.Context, opts *transferGetOptions) error {
	f := opts.f
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	c, e, err := f.entityTarget(ctx, opts.Ref, false)
	if err != nil {
		return err
	}
	n, err := c.OutgoingPermissions(e.Kind).TransferNumbers.Read(ctx, e.ID, f.CallOptions()...)
	if err != nil {
		return fmt.Errorf("read transfer numbers of %s: %w", label(e), err)
	}
	rows := &output.Rows{Headers: []string{"setting", "value"}}
	if n.UseCustomTransferNumbers != nil {
		rows.Add("useCustomTransferNumbers", boolCell(n.UseCustomTransferNumbers))
	}
	rows.Add("autoTransferNumber1", strCell(n.AutoTransferNumber1))
	rows.Add("autoTransferNumber2", strCell(n.AutoTransferNumber2))
	rows.Add("autoTransferNumber3", strCell(n.AutoTransferNumber3))
	return f.Render(n, rows)
}

type transferSetOptions struct {
	f         *Factory
	Ref       entityRef
	Numbers   [3]*string // --number1..3, nil when not given
	UseCustom *bool
	File      string
	DryRun    bool
}

func newTransferSetCmd(f *Factory, runF func(*transferSetOptions) error) *cobra.Command {
	opts := &transferSetOptions{f: f}
	var numbers [3]string
	var useCustom bool
	cmd := &cobra.Command{
		Use:   "set KIND ENTITY (--number1 N | --number2 N | --number3 N | --use-custom[=BOOL] | -f FILE)",
		Short: "Set auto transfer numbers of one entity",
		Long: `Set one or more auto transfer numbers. Numbers you do not name keep their value; an empty
value ("") clears that number. For a person, workspace or virtual line, --use-custom says
whether its own numbers apply (default when setting numbers: true) or its location's.

-f FILE sends a JSON or YAML file in wire shape as it is. --dry-run prints the request.

` + kindHelp,
		Example: `  wxc transfer-numbers set person alice@example.com --number1 +14085550100
  wxc transfer-numbers set location "San Jose" --number2 "" --dry-run
  wxc transfer-numbers set workspace Lobby -f numbers.yaml`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			for i := range numbers {
				if cmd.Flags().Changed(fmt.Sprintf("number%d", i+1)) {
					opts.Numbers[i] = &numbers[i]
				}
			}
			if cmd.Flags().Changed("use-custom") {
				opts.UseCustom = &useCustom
			}
			setNumbers := opts.Numbers[0] != nil || opts.Numbers[1] != nil || opts.Numbers[2] != nil
			switch {
			case opts.File != "" && (setNumbers || opts.UseCustom != nil):
				return usageErrorf("-f and --number1/2/3/--use-custom exclude each other")
			case opts.File == "" && !setNumbers && opts.UseCustom == nil:
				return usageErrorf("nothing to set: give --number1, --number2, --number3, --use-custom or -f FILE")
			case ref.Kind == wxc.Location && opts.UseCustom != nil:
				return usageErrorf("locations have no --use-custom switch")
			}
			if runF != nil {
				return runF(opts)
			}
			return runTransferSet(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	for i := range numbers {
		fl.StringVar(&numbers[i], fmt.Sprintf("number%d", i+1), "", fmt.Sprintf("auto transfer `number` %d (\"\" clears it)", i+1))
	}
	fl.BoolVar(&useCustom, "use-custom", false, "use the entity's own numbers (true) or its location's (false)")
	fl.Lookup("use-custom").NoOptDefVal = "true"
	fl.StringVarP(&opts.File, "file", "f", "", "JSON or YAML `file` in wire shape (- for stdin)")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}

func runTransferSet(ctx context.Context, opts *transferSetOptions) error {
	f := opts.f
	body := &wxc.AutoTransferNumbers{}
	if opts.File != "" {
		if err := f.readInput(opts.File, body); err != nil {
			return err
		}
	} else {
		body.AutoTransferNumber1, body.AutoTransferNumber2, body.AutoTransferNumber3 = opts.Numbers[0], opts.Numbers[1], opts.Numbers[2]
		if opts.Ref.Kind != wxc.Location {
			body.UseCustomTransferNumbers = opts.UseCustom
			if body.UseCustomTransferNumbers == nil {
				body.UseCustomTransferNumbers = wxc.Bool(true)
			}
		}
	}
	return writeTransferNumbers(ctx, f, opts.Ref, opts.DryRun, body, "updated")
}

func writeTransferNumbers(ctx context.Context, f *Factory, ref entityRef, dryRun bool, body *wxc.AutoTransferNumbers, verb string) error {
	c, e, err := f.entityTarget(ctx, ref, dryRun)
	if err != nil {
		return err
	}
	if err := c.OutgoingPermissions(e.Kind).TransferNumbers.Configure(ctx, e.ID, body, f.CallOptions()...); err != nil {
		return fmt.Errorf("update transfer numbers of %s: %w", label(e), err)
	}
	if !dryRun {
		f.infof("%s the transfer numbers of %s\n", verb, label(e))
	}
	return nil
}

type transferClearOptions struct {
	f      *Factory
	Ref    entityRef
	DryRun bool
}

func newTransferClearCmd(f *Factory, runF func(*transferClearOptions) error) *cobra.Command {
	opts := &transferClearOptions{f: f}
	cmd := &cobra.Command{
		Use:   "clear KIND ENTITY",
		Short: "Clear all three auto transfer numbers of one entity",
		Long: `Clear all three auto transfer numbers (sends "" for each). The use-custom switch is not
changed.

` + kindHelp,
		Example: `  wxc transfer-numbers clear person alice@example.com
  wxc transfer-numbers clear location "San Jose" --dry-run`,
		Args:              exactArgs(2),
		ValidArgsFunction: completeKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := parseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			body := wxc.AutoTransferNumbers{}.ConfigureUnsetNumbers()
			return writeTransferNumbers(cmd.Context(), f, opts.Ref, opts.DryRun, &body, "cleared")
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}
