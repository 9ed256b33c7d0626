package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/internal/cli/resolve"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// entityRef is the KIND ENTITY pair of the per-entity commands.
type entityRef struct {
	Kind wxc.EntityKind
	Ref  string // ID, email or display name
}

const kindHelp = `KIND is person, workspace, location or virtual-line. ENTITY is an ID, an email address
(people) or a display name (location: its name); a name that matches several entities is
an error that lists them.`

// parseEntityRef reads KIND ENTITY from the first two arguments.
func parseEntityRef(args []string) (entityRef, error) {
	if len(args) < 2 {
		return entityRef{}, usageErrorf("want KIND ENTITY, e.g. `person alice@example.com`")
	}
	k, err := wxc.ParseEntityKind(args[0])
	if err != nil {
		return entityRef{}, &ExitError{Code: ExitUsage, Err: err}
	}
	if args[1] == "" {
		return entityRef{}, usageErrorf("empty %s name or ID", k)
	}
	return entityRef{Kind: k, Ref: args[1]}, nil
}

// completeKind completes the KIND argument.
func completeKind(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		var ks []string
		for _, k := range wxc.EntityKinds() {
			ks = append(ks, string(k))
		}
		return ks, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// clientFor returns the normal client, or a dry-run client that prints writes to stdout.
func (f *Factory) clientFor(ctx context.Context, dryRun bool) (*wxc.Client, error) {
	if dryRun {
		return f.DryRunClient(ctx, f.IO.Out)
	}
	return f.Client(ctx)
}

// entityRunE is the RunE of a command whose only arguments are KIND ENTITY: it parses them into
// *ref, then calls runF (tests check flag parsing with it) or run.
func entityRunE[O any](opts *O, ref *entityRef, runF func(*O) error, run func(context.Context, *O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		r, err := parseEntityRef(args)
		if err != nil {
			return err
		}
		*ref = r
		if runF != nil {
			return runF(opts)
		}
		return run(cmd.Context(), opts)
	}
}

// entityTarget returns the client for a per-entity command (one that prints writes instead of
// sending them when dryRun) and the entity ref names.
func (f *Factory) entityTarget(ctx context.Context, ref entityRef, dryRun bool) (*wxc.Client, snapshot.Entity, error) {
	c, err := f.clientFor(ctx, dryRun)
	if err != nil {
		return nil, snapshot.Entity{}, err
	}
	e, err := f.resolveEntity(ctx, c, ref)
	if err != nil {
		return nil, snapshot.Entity{}, err
	}
	return c, e, nil
}

// resolveEntity finds the entity ref names.
func (f *Factory) resolveEntity(ctx context.Context, c *wxc.Client, ref entityRef) (snapshot.Entity, error) {
	e, err := resolve.Entity(ctx, c, ref.Kind, ref.Ref, f.Options.OrgID)
	if err != nil {
		var amb *resolve.AmbiguousError
		var nf *resolve.NotFoundError
		if errors.As(err, &amb) || errors.As(err, &nf) {
			return e, &ExitError{Code: ExitUsage, Err: err}
		}
		return e, err
	}
	return e, nil
}

// nameLocation fills e.LocationName when the entity's kind has use-custom switches and the
// name is not known yet (people and workspaces are resolved without it), for messages such as
// "now uses its own settings instead of location Dallas's". Best effort: on an error the
// name stays empty. It only reads.
func (f *Factory) nameLocation(ctx context.Context, c *wxc.Client, e *snapshot.Entity) {
	if e.LocationName != "" || e.LocationID == "" || !wxc.UsesCustomSwitch(e.Kind) {
		return
	}
	if l, err := resolve.Entity(ctx, c, wxc.Location, e.LocationID, f.Options.OrgID); err == nil {
		e.LocationName = l.Name
	}
}

// label names an entity in messages.
func label(e snapshot.Entity) string {
	if e.Name != "" && e.Name != e.ID {
		return fmt.Sprintf("%s %q (%s)", e.Kind, e.Name, e.ID)
	}
	return fmt.Sprintf("%s %s", e.Kind, e.ID)
}

// readDocument reads the -f file of a per-entity write ("-" is stdin) as one JSON or YAML
// document; get is the command whose -o yaml output such a file is. Files that hold more than the body of one request are refused: a desired-state
// file (version, profiles, assignments) and an export record. Errors exit 2.
func (f *Factory) readDocument(path, get string) (*input.Document, error) {
	var b []byte
	var err error
	name := path
	if path == "-" {
		name = "stdin"
		b, err = io.ReadAll(f.IO.In)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, usageErrorf("read %s: %v", path, err)
	}
	d, err := input.Parse(name, b)
	if err != nil {
		return nil, inputError(err)
	}
	keys := input.Keys(d.Root)
	switch {
	case slices.Contains(keys, "profiles") || slices.Contains(keys, "assignments") || slices.Contains(keys, "version"):
		return nil, usageErrorf("%s is a desired-state file (it has version/profiles/assignments); -f here takes what `%s KIND ENTITY -o yaml` prints "+
			"for one entity. Apply a desired-state file with `wxc plan -f %s`, then `wxc apply -f %s`", name, get, path, path)
	case slices.Contains(keys, "outgoingPermissions") || slices.Contains(keys, "autoTransferNumbers") || (slices.Contains(keys, "kind") && slices.Contains(keys, "id")):
		return nil, usageErrorf("%s is a wxc export record; -f here takes what `%s KIND ENTITY -o yaml` prints for one entity. "+
			"Write export records back with `wxc restore`", name, get)
	}
	return d, nil
}

// inputError turns the problems of an input file into a usage error.
func inputError(err error) error {
	var ps input.Problems
	if errors.As(err, &ps) && len(ps) > 1 {
		return usageErrorf("%d problems in %s; nothing was sent:\n  %s", len(ps), ps[0].File, strings.Join(ps.Lines(), "\n  "))
	}
	return &ExitError{Code: ExitUsage, Err: err}
}

// refusal is the usage error of a write refused before anything was sent, for every reason
// found.
func refusal(reasons []string) error {
	if len(reasons) == 1 {
		return usageErrorf("%s", reasons[0])
	}
	return usageErrorf("%d problems; nothing was sent:\n  %s", len(reasons), strings.Join(reasons, "\n  "))
}

// nothingToChange is the usage error of a write that would change nothing that was asked for.
func nothingToChange(format string, args ...any) error {
	return usageErrorf("nothing to change: "+format, args...)
}

// validationReason is the reason of a *wxc.ValidationError (err's text otherwise).
func validationReason(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// validationField is the field of a *wxc.ValidationError ("" otherwise).
func validationField(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}

// parseBoolArg parses an optional true/false argument (default true).
func parseBoolArg(args []string) (bool, error) {
	if len(args) == 0 {
		return true, nil
	}
	v, err := strconv.ParseBool(args[0])
	if err != nil {
		return false, usageErrorf("want true or false, got %q", args[0])
	}
	return v, nil
}

// boolCell renders a *bool for a table.
func boolCell(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// strCell renders a *string for a table.
func strCell(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
