package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/resolve"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// EntityRef is the KIND ENTITY pair of the per-entity commands.
type EntityRef struct {
	Kind wxc.EntityKind
	Ref  string // ID, email or display name
}

const KindHelp = `KIND is person, workspace, location or virtual-line. ENTITY is an ID, an email address
(people) or a display name (location: its name); a name that matches several entities is
an error that lists them.`

// ParseEntityRef reads KIND ENTITY from the first two arguments.
func ParseEntityRef(args []string) (EntityRef, error) {
	if len(args) < 2 {
		return EntityRef{}, UsageErrorf("want KIND ENTITY, e.g. `person alice@example.com`")
	}
	k, err := wxc.ParseEntityKind(args[0])
	if err != nil {
		return EntityRef{}, &ExitError{Code: ExitUsage, Err: err}
	}
	if args[1] == "" {
		return EntityRef{}, UsageErrorf("empty %s name or ID", k)
	}
	return EntityRef{Kind: k, Ref: args[1]}, nil
}

// CompleteKind completes the KIND argument.
func CompleteKind(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) == 0 {
		var ks []string
		for _, k := range wxc.EntityKinds() {
			ks = append(ks, string(k))
		}
		return ks, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveNoFileComp
}

// ClientFor returns the normal client, or a dry-run client that prints writes to stdout.
func (f *Factory) ClientFor(ctx context.Context, dryRun bool) (*wxc.Client, error) {
	if dryRun {
		return f.DryRunClient(ctx, f.IO.Out)
	}
	return f.Client(ctx)
}

// EntityRunE is the RunE of a command whose only arguments are KIND ENTITY: it parses them into
// *ref, then calls runF (tests check flag parsing with it) or run.
func EntityRunE[O any](opts *O, ref *EntityRef, runF func(*O) error, run func(context.Context, *O) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		r, err := ParseEntityRef(args)
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

// EntityTarget returns the client for a per-entity command (one that prints writes instead of
// sending them when dryRun) and the entity ref names.
func (f *Factory) EntityTarget(ctx context.Context, ref EntityRef, dryRun bool) (*wxc.Client, snapshot.Entity, error) {
	c, err := f.ClientFor(ctx, dryRun)
	if err != nil {
		return nil, snapshot.Entity{}, err
	}
	e, err := f.ResolveEntity(ctx, c, ref)
	if err != nil {
		return nil, snapshot.Entity{}, err
	}
	return c, e, nil
}

// ResolveEntity finds the entity ref names.
func (f *Factory) ResolveEntity(ctx context.Context, c *wxc.Client, ref EntityRef) (snapshot.Entity, error) {
	e, err := resolve.Entity(ctx, c, ref.Kind, ref.Ref)
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

// NameLocation fills e.LocationName when the entity's kind has use-custom switches and the
// name is not known yet (people and workspaces are resolved without it), for messages such as
// "now uses its own settings instead of location Dallas's". Best effort: on an error the
// name stays empty. It only reads.
func (f *Factory) NameLocation(ctx context.Context, c *wxc.Client, e *snapshot.Entity) {
	if e.LocationName != "" || e.LocationID == "" || !wxc.UsesCustomSwitch(e.Kind) {
		return
	}
	if l, err := resolve.Entity(ctx, c, wxc.Location, e.LocationID); err == nil {
		e.LocationName = l.Name
	}
}

// Label names an entity in messages.
func Label(e snapshot.Entity) string {
	if e.Name != "" && e.Name != e.ID {
		return fmt.Sprintf("%s %q (%s)", e.Kind, e.Name, e.ID)
	}
	return fmt.Sprintf("%s %s", e.Kind, e.ID)
}

// ReadDocument reads the -f file of a per-entity write ("-" is stdin) as one JSON or YAML
// document; get is the command whose -o yaml output such a file is. Files that hold more than the body of one request are refused: a desired-state
// file (version, profiles, assignments) and an export record. Errors exit 2.
func (f *Factory) ReadDocument(path, get string) (*input.Document, error) {
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
		return nil, UsageErrorf("read %s: %v", path, err)
	}
	d, err := input.Parse(name, b)
	if err != nil {
		return nil, InputError(err)
	}
	keys := input.Keys(d.Root)
	switch {
	case slices.Contains(keys, "profiles") || slices.Contains(keys, "assignments") || slices.Contains(keys, "version"):
		return nil, UsageErrorf("%s is a desired-state file (it has version/profiles/assignments); -f here takes what `%s KIND ENTITY -o yaml` prints "+
			"for one entity. Apply a desired-state file with `wxc plan -f %s`, then `wxc apply -f %s`", name, get, path, path)
	case slices.Contains(keys, "outgoingPermissions") || slices.Contains(keys, "autoTransferNumbers") || (slices.Contains(keys, "kind") && slices.Contains(keys, "id")):
		return nil, UsageErrorf("%s is a wxc export record; -f here takes what `%s KIND ENTITY -o yaml` prints for one entity. "+
			"Write export records back with `wxc restore`", name, get)
	}
	return d, nil
}

// ParseBoolArg parses an optional true/false argument (default true).
func ParseBoolArg(args []string) (bool, error) {
	if len(args) == 0 {
		return true, nil
	}
	v, err := strconv.ParseBool(args[0])
	if err != nil {
		return false, UsageErrorf("want true or false, got %q", args[0])
	}
	return v, nil
}

// BoolCell renders a *bool for a table.
func BoolCell(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// StrCell renders a *string for a table.
func StrCell(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// SameBool reports whether a and b are both set and equal.
func SameBool(a, b *bool) bool { return a != nil && b != nil && *a == *b }

// LocationOf names an entity's location for messages.
func LocationOf(e snapshot.Entity) string {
	if e.LocationName != "" {
		return fmt.Sprintf("location %s's settings", e.LocationName)
	}
	return "its location's settings"
}

// OutgoingSource says where an entity's call-type settings come from.
func OutgoingSource(kind wxc.EntityKind, p *wxc.OutgoingPermissions) string {
	if !wxc.UsesCustomSwitch(kind) {
		return "location" // its own settings are the location's
	}
	custom := p.UseCustomEnabled != nil && *p.UseCustomEnabled
	if p.UseCustomPermissions != nil {
		custom = custom && *p.UseCustomPermissions
	}
	if custom {
		return "custom"
	}
	return "location"
}

// ShowEntity is the run of a command that shows one entity's settings: it checks -o,
// resolves ref, reads with read (what names the read in its error: "read access codes") and
// renders the result, as rows for a table or CSV.
func ShowEntity[T any](ctx context.Context, f *Factory, ref EntityRef, what string,
	read func(context.Context, *wxc.Client, snapshot.Entity) (T, error), rows func(snapshot.Entity, T) *output.Rows) error {
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	c, e, err := f.EntityTarget(ctx, ref, false)
	if err != nil {
		return err
	}
	v, err := read(ctx, c, e)
	if err != nil {
		return fmt.Errorf("%s of %s: %w", what, Label(e), err)
	}
	return f.Render(v, rows(e, v))
}

// EmptyListNote says on stderr that entity e has no items of a per-entity list (what:
// "access codes"), so that an empty table is not taken for a failed read, and which items
// apply instead: useCustom is e's switch (switchName, e.g. "useCustomAccessCodes"; nil for a
// location, which has none), group the command group that lists the location's
// ("access-codes"). stdout is left as it is.
func (f *Factory) EmptyListNote(ctx context.Context, c *wxc.Client, e snapshot.Entity, what, switchName, group string, useCustom *bool) {
	switch {
	case useCustom == nil:
		f.Infof("%s has no %s\n", Label(e), what)
	case *useCustom:
		f.Infof("%s has no %s (%s true: it uses its own list, which is empty; its location's do not apply)\n", Label(e), what, switchName)
	default:
		f.NameLocation(ctx, c, &e)
		loc, ref := "its location's", e.LocationID
		if e.LocationName != "" {
			loc, ref = "location "+e.LocationName+"'s", e.LocationName
		}
		if ref == "" {
			f.Infof("%s has no %s of its own (%s false: %s apply)\n", Label(e), what, switchName, loc)
			return
		}
		f.Infof("%s has no %s of its own (%s false: %s apply; `wxc %s list location %q` lists them)\n",
			Label(e), what, switchName, loc, group, ref)
	}
}
