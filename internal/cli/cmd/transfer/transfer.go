// Package transfer is `wxc transfer-numbers`: the auto transfer numbers of one entity.
package transfer

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns the `wxc transfer` command group.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "transfer-numbers",
		Short: "Read, set or clear the auto transfer numbers (TRANSFER_NUMBER_1..3 targets) of one entity",
		Example: `  wxc transfer-numbers get person alice@example.com
  wxc transfer-numbers set location "San Jose" --number1 +14085550100`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newTransferGetCmd(f, nil), newTransferSetCmd(f, nil), newTransferClearCmd(f, nil))
	return cmd
}

type transferGetOptions struct {
	f   *cmdutil.Factory
	Ref cmdutil.EntityRef
}

func newTransferGetCmd(f *cmdutil.Factory, runF func(*transferGetOptions) error) *cobra.Command {
	opts := &transferGetOptions{f: f}
	return &cobra.Command{
		Use:   "get KIND ENTITY",
		Short: "Show the auto transfer numbers of one entity",
		Long: `Show the three auto transfer numbers, the targets of the TRANSFER_NUMBER_1..3 actions.
JSON and YAML output is the wire shape, which ` + "`transfer-numbers set -f`" + ` accepts.

` + cmdutil.KindHelp,
		Example: `  wxc transfer-numbers get person alice@example.com
  wxc transfer-numbers get virtual-line "Front Desk" -o json`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE:              cmdutil.EntityRunE(opts, &opts.Ref, runF, runTransferGet),
	}
}

func runTransferGet(ctx context.Context, opts *transferGetOptions) error {
	return cmdutil.ShowEntity(ctx, opts.f, opts.Ref, "read transfer numbers",
		func(ctx context.Context, c *wxc.Client, e snapshot.Entity) (*wxc.AutoTransferNumbers, error) {
			return c.OutgoingPermissions(e.Kind).TransferNumbers.Read(ctx, e.ID)
		}, transferRows)
}

// transferRows are the table rows of an entity's transfer numbers.
func transferRows(_ snapshot.Entity, n *wxc.AutoTransferNumbers) *output.Rows {
	rows := &output.Rows{Headers: []string{"setting", "value"}}
	if n.UseCustomTransferNumbers != nil {
		rows.Add("useCustomTransferNumbers", cmdutil.BoolCell(n.UseCustomTransferNumbers))
	}
	rows.Add("autoTransferNumber1", cmdutil.StrCell(n.AutoTransferNumber1))
	rows.Add("autoTransferNumber2", cmdutil.StrCell(n.AutoTransferNumber2))
	rows.Add("autoTransferNumber3", cmdutil.StrCell(n.AutoTransferNumber3))
	return rows
}

type transferSetOptions struct {
	f         *cmdutil.Factory
	Ref       cmdutil.EntityRef
	Numbers   [3]*string // --number1..3, nil when not given
	UseCustom *bool
	File      string
	DryRun    bool
}

func newTransferSetCmd(f *cmdutil.Factory, runF func(*transferSetOptions) error) *cobra.Command {
	opts := &transferSetOptions{f: f}
	var numbers [3]string
	var useCustom bool
	cmd := &cobra.Command{
		Use:   "set KIND ENTITY (--number1 N | --number2 N | --number3 N | --use-custom[=BOOL] | -f FILE)",
		Short: "Set auto transfer numbers of one entity",
		Long: `Set one or more auto transfer numbers. Numbers you do not name keep their value; an empty
value ("") clears that number. A number is digits with an optional leading + and - ( ) or
spaces as formatting (2 to 20 digits). For a person, workspace or virtual line, --use-custom
says whether its own numbers apply (default when changing numbers: true, and said when it
turns on) or its location's.

The numbers are checked, and the entity read, before anything is sent; a bad number, or a
request that changes nothing, exits 2 and sends nothing. -f FILE takes what
` + "`wxc transfer-numbers get KIND ENTITY -o yaml`" + ` prints, read strictly (unknown keys, wrong types
and duplicate keys are errors with file and line). --dry-run prints the request.

` + cmdutil.KindHelp,
		Example: `  wxc transfer-numbers set person alice@example.com --number1 +14085550100
  wxc transfer-numbers set location "San Jose" --number2 "" --dry-run
  wxc transfer-numbers set workspace Lobby -f numbers.yaml`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := cmdutil.ParseEntityRef(args)
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
				return cmdutil.UsageErrorf("-f and --number1/2/3/--use-custom exclude each other")
			case opts.File == "" && !setNumbers && opts.UseCustom == nil:
				return cmdutil.UsageErrorf("nothing to set: give --number1, --number2, --number3, --use-custom or -f FILE")
			case !wxc.UsesCustomSwitch(ref.Kind) && opts.UseCustom != nil:
				return cmdutil.UsageErrorf("%ss have no --use-custom switch", ref.Kind)
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

// transferRequest is what one `transfer-numbers set` or `clear` asks for.
type transferRequest struct {
	Numbers     [3]*string // nil: not asked for
	UseCustom   *bool      // asked for explicitly
	ImplyCustom bool       // setting numbers turns the entity's own numbers on (no --use-custom, no switch in the file)
	Where       [3]string  // flag or file place of each number
	WhereCustom string
}

// transferFileRequest checks a -f file strictly and returns its request.
func transferFileRequest(d *input.Document, kind wxc.EntityKind) (transferRequest, error) {
	var body wxc.AutoTransferNumbers
	if err := d.Decode(input.TransferNumbers(kind), &body); err != nil {
		return transferRequest{}, cmdutil.InputError(err)
	}
	req := transferRequest{UseCustom: body.UseCustomTransferNumbers, ImplyCustom: body.UseCustomTransferNumbers == nil}
	req.Numbers = [3]*string{body.AutoTransferNumber1, body.AutoTransferNumber2, body.AutoTransferNumber3}
	for i := range req.Numbers {
		key := fmt.Sprintf("autoTransferNumber%d", i+1)
		k, _ := input.Lookup(d.Root, key)
		req.Where[i] = d.Where(k) + ": " + key
	}
	k, _ := input.Lookup(d.Root, "useCustomTransferNumbers")
	req.WhereCustom = d.Where(k)
	return req, checkTransferRequest(kind, req)
}

// checkTransferRequest checks the numbers with the SDK's rules; every problem is reported.
func checkTransferRequest(kind wxc.EntityKind, req transferRequest) error {
	body := &wxc.AutoTransferNumbers{UseCustomTransferNumbers: req.UseCustom,
		AutoTransferNumber1: req.Numbers[0], AutoTransferNumber2: req.Numbers[1], AutoTransferNumber3: req.Numbers[2]}
	err := wxc.CheckAutoTransferNumbers(kind, body)
	if err == nil {
		return nil
	}
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	var problems []string
	for _, e := range errs {
		field := cmdutil.ValidationField(e)
		where := ""
		for i := range req.Numbers {
			if field == fmt.Sprintf("autoTransferNumber%d", i+1) {
				where = req.Where[i]
			}
		}
		if where == "" {
			where = field
		} else if !strings.HasSuffix(where, field) {
			where += ": " + field
		}
		problems = append(problems, where+": "+cmdutil.ValidationReason(e))
	}
	return cmdutil.Refusal(problems)
}

// transferPlan is the checked write of one transfer-numbers command.
type transferPlan struct {
	Body              *wxc.AutoTransferNumbers
	Changes           []string
	TurnsOn, TurnsOff bool
	Hidden            bool // numbers written while the location's apply
}

func numberCell(s *string) string {
	if s == nil || *s == "" {
		return "(none)"
	}
	return *s
}

// planTransfer builds the body of req against cur, the entity's read, and refuses a request
// that would change nothing that was asked for.
func planTransfer(e snapshot.Entity, cur *wxc.AutoTransferNumbers, req transferRequest, clear bool) (*transferPlan, error) {
	if cur == nil {
		cur = &wxc.AutoTransferNumbers{}
	}
	p := &transferPlan{Body: &wxc.AutoTransferNumbers{}}
	curNumbers := [3]*string{cur.AutoTransferNumber1, cur.AutoTransferNumber2, cur.AutoTransferNumber3}
	dst := [3]**string{&p.Body.AutoTransferNumber1, &p.Body.AutoTransferNumber2, &p.Body.AutoTransferNumber3}
	asked := 0
	for i, n := range req.Numbers {
		if n == nil {
			continue
		}
		asked++
		if *n == cmdutil.StrCell(curNumbers[i]) {
			continue
		}
		*dst[i] = n
		p.Changes = append(p.Changes, fmt.Sprintf("autoTransferNumber%d: %s -> %s", i+1, numberCell(curNumbers[i]), numberCell(n)))
	}
	custom := req.UseCustom
	uses := wxc.UsesCustomSwitch(e.Kind)
	if !uses {
		custom = nil
	}
	switchAsked := custom != nil && !cmdutil.SameBool(custom, cur.UseCustomTransferNumbers)
	numbersChanged := len(p.Changes) > 0
	if uses && custom == nil && req.ImplyCustom && numbersChanged && (cur.UseCustomTransferNumbers == nil || !*cur.UseCustomTransferNumbers) {
		custom = wxc.Bool(true)
	}
	if custom != nil && !cmdutil.SameBool(custom, cur.UseCustomTransferNumbers) {
		p.Body.UseCustomTransferNumbers = custom
		p.Changes = append(p.Changes, fmt.Sprintf("useCustomTransferNumbers: %s -> %t", cmp.Or(cmdutil.BoolCell(cur.UseCustomTransferNumbers), "(not reported)"), *custom))
	}
	if !numbersChanged && !switchAsked {
		switch {
		case clear:
			return nil, cmdutil.NothingToChange("%s has no transfer numbers to clear", cmdutil.Label(e))
		case asked > 0:
			var have []string
			for i, n := range req.Numbers {
				if n != nil {
					have = append(have, fmt.Sprintf("autoTransferNumber%d %s", i+1, numberCell(n)))
				}
			}
			return nil, cmdutil.NothingToChange("%s already has %s", cmdutil.Label(e), strings.Join(have, ", "))
		default:
			return nil, cmdutil.NothingToChange("%s already has useCustomTransferNumbers %s", cmdutil.Label(e), cmdutil.BoolCell(cur.UseCustomTransferNumbers))
		}
	}
	if uses && cur.UseCustomTransferNumbers != nil {
		was := *cur.UseCustomTransferNumbers
		after := was
		if custom != nil {
			after = *custom
		}
		p.TurnsOn, p.TurnsOff = !was && after, was && !after
		p.Hidden = !after && numbersChanged
	}
	return p, nil
}

func runTransferSet(ctx context.Context, opts *transferSetOptions) error {
	f := opts.f
	req := transferRequest{Numbers: opts.Numbers, UseCustom: opts.UseCustom, ImplyCustom: opts.UseCustom == nil}
	for i := range req.Numbers {
		req.Where[i] = fmt.Sprintf("--number%d", i+1)
	}
	if opts.File != "" {
		d, err := f.ReadDocument(opts.File, "wxc transfer-numbers get")
		if err != nil {
			return err
		}
		if req, err = transferFileRequest(d, opts.Ref.Kind); err != nil {
			return err
		}
	} else if err := checkTransferRequest(opts.Ref.Kind, req); err != nil {
		return err
	}
	return writeTransferNumbers(ctx, f, opts.Ref, opts.DryRun, req, false)
}

func writeTransferNumbers(ctx context.Context, f *cmdutil.Factory, ref cmdutil.EntityRef, dryRun bool, req transferRequest, clear bool) error {
	c, e, err := f.EntityTarget(ctx, ref, dryRun)
	if err != nil {
		return err
	}
	svc := c.OutgoingPermissions(e.Kind).TransferNumbers
	cur, err := svc.Read(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("read transfer numbers of %s: %w", cmdutil.Label(e), err)
	}
	f.NameLocation(ctx, c, &e)
	p, err := planTransfer(e, cur, req, clear)
	if err != nil {
		return err
	}
	if err := svc.Configure(ctx, e.ID, p.Body); err != nil {
		return fmt.Errorf("update transfer numbers of %s: %w", cmdutil.Label(e), err)
	}
	verb, uses := "updated", "now uses"
	switch {
	case dryRun && clear:
		verb, uses = "dry run: would clear", "would use"
	case dryRun:
		verb, uses = "dry run: would update", "would use"
	case clear:
		verb = "cleared"
	}
	line := fmt.Sprintf("%s the transfer numbers of %s", verb, cmdutil.Label(e))
	if len(p.Changes) > 0 {
		line += ": " + strings.Join(p.Changes, "; ")
	}
	f.Infof("%s\n", line)
	switch {
	case p.TurnsOn:
		f.Infof("%s %s its own transfer numbers instead of %s\n", cmdutil.Label(e), uses, strings.Replace(cmdutil.LocationOf(e), "settings", "numbers", 1))
	case p.TurnsOff:
		f.Infof("%s %s %s instead of its own\n", cmdutil.Label(e), uses, strings.Replace(cmdutil.LocationOf(e), "settings", "numbers", 1))
	}
	if p.Hidden {
		f.Infof("note: %s uses %s, so the numbers written are kept but do not apply until it uses its own (--use-custom)\n",
			cmdutil.Label(e), strings.Replace(cmdutil.LocationOf(e), "settings", "numbers", 1))
	}
	return nil
}

type transferClearOptions struct {
	f      *cmdutil.Factory
	Ref    cmdutil.EntityRef
	DryRun bool
}

func newTransferClearCmd(f *cmdutil.Factory, runF func(*transferClearOptions) error) *cobra.Command {
	opts := &transferClearOptions{f: f}
	cmd := &cobra.Command{
		Use:   "clear KIND ENTITY",
		Short: "Clear all three auto transfer numbers of one entity",
		Long: `Clear the auto transfer numbers (sends "" for each number that is set). The use-custom
switch is not changed. An entity without numbers is refused (exit 2, nothing to change).

` + cmdutil.KindHelp,
		Example: `  wxc transfer-numbers clear person alice@example.com
  wxc transfer-numbers clear location "San Jose" --dry-run`,
		Args:              cmdutil.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, err := cmdutil.ParseEntityRef(args)
			if err != nil {
				return err
			}
			opts.Ref = ref
			if runF != nil {
				return runF(opts)
			}
			empty := wxc.AutoTransferNumbers{}.ConfigureUnsetNumbers()
			req := transferRequest{Numbers: [3]*string{empty.AutoTransferNumber1, empty.AutoTransferNumber2, empty.AutoTransferNumber3}}
			return writeTransferNumbers(cmd.Context(), f, opts.Ref, opts.DryRun, req, true)
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "print the request instead of sending it")
	return cmd
}
