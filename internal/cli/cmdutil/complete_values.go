package cmdutil

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

// Completion of flag values (`wxc __complete ...`, what the shell scripts of `wxc
// completion` call). The values come from where the rules live: call types from
// wxc.WritableCallTypes, actions from wxc.Actions, kinds from wxc.EntityKinds, output formats
// from package output; the audit severities are passed in by the root command (cmdutil does
// not import the policy engine). Entity names are completed elsewhere
// (complete_entities.go).

// FormatsAnnotation, on a command, lists the -o values it accepts, comma-separated, when they
// are not output.DefaultFormats.
const FormatsAnnotation = "wxc/formats"

// commandFormats are the -o values of the commands that accept others than
// output.DefaultFormats and carry no FormatsAnnotation.
var commandFormats = map[string][]string{
	"wxc export":  {string(output.JSONL), string(output.JSON), string(output.YAML), string(output.CSV)},
	"wxc plan":    {"text", string(output.JSON)},
	"wxc apply":   {"text", string(output.JSON)},
	"wxc restore": {"text", string(output.JSON)},
	"wxc audit":   {string(output.Table), string(output.Wide), string(output.JSON), string(output.YAML), string(output.CSV), "html", "markdown"},
}

// Formats returns the -o values cmd accepts, for completion.
func Formats(cmd *cobra.Command) []string {
	if a := cmd.Annotations[FormatsAnnotation]; a != "" {
		return strings.Split(a, ",")
	}
	if fs, ok := commandFormats[cmd.CommandPath()]; ok {
		return fs
	}
	var out []string
	for _, f := range output.DefaultFormats() {
		out = append(out, string(f))
	}
	return out
}

// SetFormats records on cmd the formats it accepts (output.Allowed of them), for completion.
func SetFormats(cmd *cobra.Command, formats ...output.Format) {
	var names []string
	for _, f := range output.Allowed(formats...) {
		names = append(names, string(f))
	}
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[FormatsAnnotation] = strings.Join(names, ",")
}

// Kinds are the entity kinds (person, workspace, location, virtual-line).
func Kinds() []string {
	var out []string
	for _, k := range wxc.EntityKinds() {
		out = append(out, string(k))
	}
	return out
}

// Actions are the call-type actions as the API writes them (ALLOW, BLOCK, ...).
func Actions() []string {
	var out []string
	for _, a := range wxc.Actions() {
		out = append(out, string(a))
	}
	return out
}

// CallTypes are the call types that may be written for kind (wxc.WritableCallTypes without a
// read: the settable ones; LOCAL and TOLL need a read that reports them).
func CallTypes(kind wxc.EntityKind) []string {
	var out []string
	for _, ct := range wxc.WritableCallTypes(kind, nil) {
		out = append(out, string(ct))
	}
	return out
}

// completeFixed completes from a fixed set of values, case-insensitively by prefix.
func completeFixed(values func(cmd *cobra.Command, args []string) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		return prefixed(values(cmd, args), toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

func prefixed(values []string, toComplete string) []string {
	var out []string
	for _, v := range values {
		if strings.HasPrefix(strings.ToLower(v), strings.ToLower(toComplete)) {
			out = append(out, v)
		}
	}
	return out
}

// kindArg is the entity kind of a KIND ENTITY command's first argument (person when absent or
// unknown: the writable call types are the same for every kind today).
func kindArg(args []string) wxc.EntityKind {
	if len(args) > 0 {
		if k, err := wxc.ParseEntityKind(args[0]); err == nil {
			return k
		}
	}
	return wxc.Person
}

// completeCallTypeValue completes CT=VALUE flags: the call type first (ending in "=", no space
// after it), then after the "=" the values of vals.
func completeCallTypeValue(vals func() []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if ct, v, ok := strings.Cut(toComplete, "="); ok {
			var out []string
			for _, x := range prefixed(vals(), v) {
				out = append(out, ct+"="+x)
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, ct := range prefixed(CallTypes(kindArg(args)), toComplete) {
			out = append(out, ct+"=")
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// valueCompletions are the flags completed by name wherever they are defined.
func valueCompletions(severities []string) map[string]cobra.CompletionFunc {
	sev := func(*cobra.Command, []string) []string { return severities }
	return map[string]cobra.CompletionFunc{
		"output":           completeFixed(func(cmd *cobra.Command, _ []string) []string { return Formats(cmd) }),
		"kind":             completeFixed(func(*cobra.Command, []string) []string { return Kinds() }),
		"fail-on":          completeFixed(sev),
		"severity":         completeFixed(sev),
		"action":           completeFixed(func(*cobra.Command, []string) []string { return Actions() }),
		"call-type":        completeCallTypeValue(Actions),
		"transfer-enabled": completeCallTypeValue(func() []string { return []string{"true", "false"} }),
	}
}

// RegisterValueCompletions registers the completion of flag values on cmd and every command
// under it, by flag name: -o/--output (the command's formats), --kind, --fail-on and
// --severity (severities: the audit policy's, lowest first), --action, --call-type (CT=ACTION) and --transfer-enabled
// (CT=true|false; a boolean --transfer-enabled gets none). A flag that already has a
// completion keeps it. Call it once the command tree is built.
func RegisterValueCompletions(cmd *cobra.Command, severities ...string) {
	funcs := valueCompletions(severities)
	register := func(c *cobra.Command, name string) {
		fl := c.Flags().Lookup(name)
		if fl == nil {
			fl = c.PersistentFlags().Lookup(name)
		}
		if fl == nil || (name == "transfer-enabled" && fl.Value.Type() == "bool") {
			return
		}
		if _, ok := c.GetFlagCompletionFunc(name); ok {
			return
		}
		_ = c.RegisterFlagCompletionFunc(name, funcs[name])
	}
	for name := range funcs {
		if cmd.PersistentFlags().Lookup(name) != nil {
			register(cmd, name)
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for name := range funcs {
			if c.LocalNonPersistentFlags().Lookup(name) != nil || c.PersistentFlags().Lookup(name) != nil && c != cmd {
				register(c, name)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(cmd)
}
