package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

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

// label names an entity in messages.
func label(e snapshot.Entity) string {
	if e.Name != "" && e.Name != e.ID {
		return fmt.Sprintf("%s %q (%s)", e.Kind, e.Name, e.ID)
	}
	return fmt.Sprintf("%s %s", e.Kind, e.ID)
}

// readInput reads a JSON or YAML file ("-" is stdin) into v. YAML goes through JSON so that
// the SDK types' JSON decoding (unknown members kept) applies.
func (f *Factory) readInput(path string, v any) error {
	var b []byte
	var err error
	if path == "-" {
		b, err = io.ReadAll(f.IO.In)
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return usageErrorf("read %s: %v", path, err)
	}
	if err := decodeJSONOrYAML(b, v); err != nil {
		return usageErrorf("parse %s: %v", path, err)
	}
	return nil
}

// decodeJSONOrYAML decodes b (JSON, or YAML) into v.
func decodeJSONOrYAML(b []byte, v any) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return fmt.Errorf("empty input")
	}
	if t[0] != '{' && t[0] != '[' {
		var y any
		if err := yaml.Unmarshal(b, &y); err != nil {
			return err
		}
		j, err := json.Marshal(y)
		if err != nil {
			return fmt.Errorf("YAML that has no JSON form: %w", err)
		}
		t = j
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("more than one JSON value")
	}
	return nil
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
