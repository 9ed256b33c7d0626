// Package check is `wxc check`: would a number be allowed for an entity, or for every calling
// entity of the org, and why. Decisions come from the offline engine (package callcheck); with
// --live, a person's decisions are also compared with Webex's testCallRouting.
package check

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

type checkOptions struct {
	f       *cmdutil.Factory
	Ref     cmdutil.EntityRef
	Numbers []string
	All     bool
	From    string
	Live    bool
	AllOrgs bool // with --all: every org of `wxc orgs list` (partners)
	Summary bool
	// AllowEmpty (--allow-empty, with --all): 0 entities decided exits 0 instead of 3.
	AllowEmpty bool
	Country    string
	Overrides  string
	Failures   string
}

// NewCmd returns `wxc check`; runF, when set, gets the parsed options instead of running
// (flag tests).
func NewCmd(f *cmdutil.Factory, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{f: f}
	cmd := &cobra.Command{
		Use:   "check {KIND ENTITY | --all} NUMBER...",
		Short: "Would these numbers be allowed? For one entity or, with --all, who in the org can dial them",
		Long: `Decide, offline, what happens when an entity dials each NUMBER: the call type the number
has for the entity's location's country, the digit pattern or call-type permission that
decides it (the entity's own settings when it uses custom ones, otherwise its location's;
digit patterns before call types; emergency calls are never blocked), and the action: ALLOW,
BLOCK, AUTH_CODE (with the number of access codes that apply) or TRANSFER_NUMBER_n (with the
number, or the reason it cannot be transferred). One line per number, for example
  +19005550100  BLOCK  PREMIUM_SERVICES_I  BLOCK by digit pattern 'Premium 900' (location Dallas)

NUMBER is what would be dialled: +E.164, 00 or 011 international, national with the trunk
prefix, an extension or a short code. A NUMBER that is not a number is refused (exit 2)
before anything is sent.

--all decides the numbers for every person, workspace and virtual line of the org, read
like ` + "`wxc export`" + ` (--concurrency workers, the same retries and failures file), or, with
--from, from an export file (jsonl or json) without any request. Table and csv print one line
per entity that can dial a number (ALLOW, or AUTH_CODE: with an access code), then one summary
line per number with the count of each action; --summary prints only the summary lines.
-o json and yaml print one record per number (summary, the reasons with their counts, and the
entities that can dial it unless --summary); -o jsonl one record per entity and number (every
decision, blocked ones too), streamed.

--live (one person): also asks Webex (POST telephony/config/actions/testCallRouting/invoke)
for each number and prints whether it agrees with the offline decision.

The org's own numbers and extensions are not read: numbers are classified by their form
(docs/CALLCHECK.md). Exit code: 0 when every decision is ALLOW, 4 when a number is blocked or
needs an access code or a transfer, 2 for a bad NUMBER, 3 when entities could not be read
(--all) or the export is incomplete.

` + cmdutil.KindHelp,
		Example: `  wxc check person alice@example.com +19005550100 +442079460000 911
  wxc check location Dallas +882165555000 -o json
  wxc check person alice@example.com +19005550100 --live
  wxc check --all +19005550100 +88216555000
  wxc export > org.jsonl && wxc check --all --from org.jsonl +19005550100 --summary`,
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: cmdutil.CompleteKind,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := parseArgs(opts, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runCheck(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.All, "all", false, "decide for every person, workspace and virtual line of the org (who can dial NUMBER?)")
	fl.StringVar(&opts.From, "from", "", "with --all: read the entities from this export `file` (wxc export -o jsonl or json), offline")
	fl.BoolVar(&opts.AllOrgs, "all-orgs", false, "with --all: every org this token can see (wxc orgs list), one after the other; rows name the org")
	fl.BoolVar(&opts.Live, "live", false, "one person: also ask Webex's testCallRouting and say whether it agrees")
	fl.BoolVar(&opts.AllowEmpty, "allow-empty", false, "with --all: exit 0 when the org has no calling entity (default: exit 3, an empty answer is not a clean one)")
	fl.BoolVar(&opts.Summary, "summary", false, "with --all: print only the summary per number (no per-entity lines)")
	fl.StringVar(&opts.Country, "country", "", "ISO `country` code for entities whose location country is unknown (exports written before wxc recorded it)")
	fl.StringVar(&opts.Overrides, "classification", "", "YAML/JSON `file` of classification overrides (docs/CALLCHECK.md)")
	fl.StringVar(&opts.Failures, "failures", "", "with --all: write entities that could not be read to this `file` (default wxc-failures-<time>.jsonl)")
	cmdutil.SetFormats(cmd, formats(true)...)
	return cmd
}

// parseArgs checks the combination of flags and arguments; nothing is sent before it passes.
func parseArgs(opts *checkOptions, args []string) error {
	switch {
	case opts.From != "" && !opts.All:
		return cmdutil.UsageErrorf("--from needs --all (check --all --from EXPORT NUMBER...)")
	case opts.AllowEmpty && !opts.All:
		return cmdutil.UsageErrorf("--allow-empty needs --all")
	case opts.Summary && !opts.All:
		return cmdutil.UsageErrorf("--summary needs --all")
	case opts.Failures != "" && !opts.All:
		return cmdutil.UsageErrorf("--failures needs --all")
	case opts.AllOrgs && !opts.All:
		return cmdutil.UsageErrorf("--all-orgs needs --all (check --all --all-orgs NUMBER...)")
	case opts.AllOrgs && opts.From != "":
		return cmdutil.UsageErrorf("--from reads one export file, which already names its orgs; leave out --all-orgs (an `export --all-orgs` file works with --from)")
	case opts.Live && opts.All:
		return cmdutil.UsageErrorf("--live checks one person (check person ENTITY NUMBER... --live); it cannot be combined with --all")
	}
	if opts.All {
		if len(args) == 0 {
			return cmdutil.UsageErrorf("want at least one NUMBER: check --all NUMBER...")
		}
		if _, err := wxc.ParseEntityKind(args[0]); err == nil && len(args) > 1 {
			return cmdutil.UsageErrorf("--all checks every entity; give only numbers, not %s %s", args[0], args[1])
		}
		opts.Numbers = args
	} else {
		if len(args) < 3 {
			return cmdutil.UsageErrorf("want KIND ENTITY NUMBER..., e.g. `check person alice@example.com +19005550100`, or --all NUMBER...")
		}
		ref, err := cmdutil.ParseEntityRef(args[:2])
		if err != nil {
			return err
		}
		opts.Ref, opts.Numbers = ref, args[2:]
		if opts.Live && ref.Kind != wxc.Person {
			return cmdutil.UsageErrorf("--live works for people only (Webex's testCallRouting takes PEOPLE or TRUNK originators), not a %s", ref.Kind)
		}
	}
	if opts.Country != "" {
		opts.Country = strings.ToUpper(strings.TrimSpace(opts.Country))
	}
	return nil
}

// formats are the -o values check accepts: JSON lines only with --all (one line per
// caller and number). Completion offers those of --all.
func formats(all bool) []output.Format {
	fs := []output.Format{output.Table, output.JSON, output.YAML, output.CSV}
	if all {
		fs = append(fs, output.JSONL)
	}
	return fs
}

func runCheck(ctx context.Context, opts *checkOptions) error {
	f := opts.f
	if _, err := f.OutputFormat(output.Table, formats(opts.All)...); err != nil {
		return err
	}
	eng, err := newEngine(opts)
	if err != nil {
		return err
	}
	if err := checkNumbers(eng, opts.Numbers, opts.Country); err != nil {
		return err
	}
	if opts.All {
		if opts.From != "" {
			return runFrom(ctx, opts, eng)
		}
		return runAll(ctx, opts, eng)
	}
	return runOne(ctx, opts, eng)
}

// newEngine builds the engine with the --classification overrides.
func newEngine(opts *checkOptions) (*callcheck.Engine, error) {
	var ov []byte
	if opts.Overrides != "" {
		b, err := os.ReadFile(opts.Overrides)
		if err != nil {
			return nil, cmdutil.UsageErrorf("--classification: %v", err)
		}
		ov = b
	}
	eng, err := callcheck.New(callcheck.Options{Overrides: ov})
	if err != nil {
		return nil, cmdutil.UsageErrorf("--classification %s: %v", opts.Overrides, err)
	}
	return eng, nil
}

// checkNumbers refuses (exit 2) every NUMBER that is not a number, and a --country the
// engine does not know, before any request.
func checkNumbers(eng *callcheck.Engine, numbers []string, country string) error {
	var bad []string
	if country != "" {
		if _, err := eng.Classify(country, "+12125550100"); errors.Is(err, callcheck.ErrUnsupportedCountry) {
			bad = append(bad, fmt.Sprintf("--country %s: %v", country, err))
		}
	}
	for _, n := range numbers {
		if err := eng.Dialable(n); err != nil {
			bad = append(bad, fmt.Sprintf("%q: %v", n, err))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	if len(bad) == 1 {
		return cmdutil.UsageErrorf("%s; nothing was read", bad[0])
	}
	return cmdutil.UsageErrorf("%d bad arguments; nothing was read:\n  %s", len(bad), strings.Join(bad, "\n  "))
}
