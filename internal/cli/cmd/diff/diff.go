// Package diff is `wxc diff OLD NEW`: what changed between two exports, per entity and
// field, in the rendering of a plan (internal/cli/plan), so that drift can gate CI.
package diff

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

type diffOptions struct {
	f        *cmdutil.Factory
	Old, New string
}

// NewCmd returns `wxc diff`. runF, when not nil, replaces the run (tests).
func NewCmd(f *cmdutil.Factory, runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{f: f}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what changed between two exports, per entity and field",
		Long: `Compares two exports (wxc export, -o jsonl or -o json; backups of apply and restore too),
matching entities by kind and ID. For each entity in both it shows, like a plan, the fields
whose values differ (the change that turns OLD into NEW); then the entities only in NEW
(added) and only in OLD (removed). Read-only call types (CASUAL, URL_DIALING, UNKNOWN) and the
call types of an entity that uses its location's settings are not compared, as a restore
would not write them. Exit 0 when the exports are equal, 4 when they differ, 2 when a file
cannot be read (with its line). "-" reads one of them from stdin.`,
		Example: `  wxc export > monday.jsonl
  wxc export > tuesday.jsonl
  wxc diff monday.jsonl tuesday.jsonl
  wxc diff monday.jsonl tuesday.jsonl -o json || echo "drift"`,
		Args: cmdutil.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runDiff(cmd.Context(), opts)
		},
	}
	cmdutil.SetFormats(cmd, output.Table, output.JSON, output.YAML)
	return cmd
}

// Result is `wxc diff -o json|yaml`.
type Result struct {
	Summary Summary           `json:"summary"`
	Changed []EntityChanges   `json:"changed"`
	Added   []snapshot.Entity `json:"added"`
	Removed []snapshot.Entity `json:"removed"`
}

// Summary counts the differences.
type Summary struct {
	Equal   bool `json:"equal"`
	Changed int  `json:"changed"` // entities in both with different values
	Changes int  `json:"changes"` // field changes of those
	Added   int  `json:"added"`
	Removed int  `json:"removed"`
	// OldComplete, NewComplete are false when that export ends with an incomplete summary
	// record (entities it could not read show as added or removed).
	OldComplete bool `json:"oldComplete"`
	NewComplete bool `json:"newComplete"`
}

// EntityChanges are the field changes of one entity, as in a plan.
type EntityChanges struct {
	Entity  snapshot.Entity `json:"entity"`
	Changes []plan.Change   `json:"changes"`
}

func runDiff(_ context.Context, opts *diffOptions) error {
	f := opts.f
	fm, err := f.OutputFormat(output.Table, output.Table, output.JSON, output.YAML)
	if err != nil {
		return err
	}
	if opts.Old == "-" && opts.New == "-" {
		return cmdutil.UsageErrorf("only one of OLD and NEW can be - (stdin)")
	}
	oldS, oldSum, err := readFile(f, opts.Old)
	if err != nil {
		return err
	}
	newS, newSum, err := readFile(f, opts.New)
	if err != nil {
		return err
	}
	res := Compare(oldS, newS)
	res.Summary.OldComplete, res.Summary.NewComplete = oldSum == nil, newSum == nil
	for _, x := range []struct {
		name string
		sum  *snapshot.Summary
		side string
	}{{opts.Old, oldSum, "added"}, {opts.New, newSum, "removed"}} {
		if x.sum != nil && !f.Options.Quiet {
			fmt.Fprintf(f.IO.ErrOut, "note: %s is an incomplete export (%d of %d listed entities exported); entities it lacks show as %s\n",
				x.name, x.sum.Exported, x.sum.Listed, x.side)
		}
	}
	switch fm {
	case output.JSON, output.YAML:
		if err := f.Render(res, nil); err != nil {
			return err
		}
	default:
		if err := writeText(f.IO.Out, res); err != nil {
			return err
		}
	}
	if !res.Summary.Equal {
		return &cmdutil.ExitError{Code: cmdutil.ExitFindings}
	}
	return nil
}

// Compare returns the differences between two exports: entities matched by kind and ID,
// each pair diffed as a restore of NEW onto OLD would be (plan.TargetFromSettings,
// plan.Diff), plus changes of the entity's name, email and location.
func Compare(oldS, newS []snapshot.Settings) *Result {
	res := &Result{Changed: []EntityChanges{}, Added: []snapshot.Entity{}, Removed: []snapshot.Entity{}}
	newIdx := make(map[string]int, len(newS))
	for i := range newS {
		newIdx[key(&newS[i])] = i
	}
	seen := make(map[string]bool, len(oldS))
	for i := range oldS {
		o := &oldS[i]
		k := key(o)
		seen[k] = true
		j, ok := newIdx[k]
		if !ok {
			res.Removed = append(res.Removed, o.Entity)
			continue
		}
		n := &newS[j]
		changes := entityChanges(o.Entity, n.Entity)
		changes = append(changes, plan.Diff(o, plan.TargetFromSettings(n)).Changes...)
		if len(changes) > 0 {
			res.Changed = append(res.Changed, EntityChanges{Entity: n.Entity, Changes: changes})
			res.Summary.Changes += len(changes)
		}
	}
	for i := range newS {
		if !seen[key(&newS[i])] {
			res.Added = append(res.Added, newS[i].Entity)
		}
	}
	res.Summary.Changed, res.Summary.Added, res.Summary.Removed = len(res.Changed), len(res.Added), len(res.Removed)
	res.Summary.Equal = res.Summary.Changed == 0 && res.Summary.Added == 0 && res.Summary.Removed == 0
	return res
}

func key(s *snapshot.Settings) string { return string(s.Kind) + "/" + s.ID }

// entityChanges are the changes of what names and places an entity.
func entityChanges(o, n snapshot.Entity) []plan.Change {
	var out []plan.Change
	for _, x := range []struct{ field, from, to string }{
		{"name", o.Name, n.Name}, {"email", o.Email, n.Email}, {"location", o.LocationName, n.LocationName},
	} {
		if x.from != x.to {
			out = append(out, plan.Change{Field: x.field, Op: "set", From: x.from, To: x.to})
		}
	}
	if o.LocationID != n.LocationID && o.LocationName == n.LocationName {
		out = append(out, plan.Change{Field: "locationId", Op: "set", From: o.LocationID, To: n.LocationID})
	}
	return out
}

// writeText renders the changed entities with the plan's renderer, then the added and
// removed entities, then a summary line.
func writeText(w io.Writer, res *Result) error {
	var b bytes.Buffer
	if res.Summary.Equal {
		b.WriteString("No differences: the exports hold the same entities with the same settings.\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	if len(res.Changed) > 0 {
		p := &plan.Plan{}
		for _, c := range res.Changed {
			p.Entities = append(p.Entities, plan.EntityPlan{Entity: c.Entity, Changes: c.Changes})
		}
		var pb bytes.Buffer
		if err := plan.RenderText(&pb, p); err != nil {
			return err
		}
		// The blocks of the plan, without its "Plan: … API writes." line (a diff writes nothing).
		text := pb.String()
		if i := strings.LastIndex(text, "\nPlan: "); i >= 0 {
			text = text[:i]
		}
		b.WriteString(text)
	}
	for _, x := range []struct {
		title, sign string
		ents        []snapshot.Entity
	}{{"Added (only in NEW):", "+", res.Added}, {"Removed (only in OLD):", "-", res.Removed}} {
		if len(x.ents) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.title + "\n")
		for _, e := range x.ents {
			fmt.Fprintf(&b, "  %s %s\n", x.sign, plan.EntityLabel(e))
		}
	}
	s := res.Summary
	fmt.Fprintf(&b, "\nDiff: %d changed (%d %s), %d added, %d removed.\n", s.Changed, s.Changes, plural(s.Changes, "change", "changes"), s.Added, s.Removed)
	_, err := w.Write(b.Bytes())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readFile reads an export (JSON lines or one JSON array) with line numbers in its errors,
// which are usage errors (exit 2).
func readFile(f *cmdutil.Factory, name string) ([]snapshot.Settings, *snapshot.Summary, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(f.IO.In)
		name = "stdin"
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, nil, cmdutil.UsageErrorf("read %v", err)
	}
	ss, sum, err := Parse(name, b)
	if err != nil {
		return nil, nil, &cmdutil.ExitError{Code: cmdutil.ExitUsage, Err: err}
	}
	if len(ss) == 0 {
		// Two empty files are not "no differences": an export that read nothing is not a
		// picture of an org (export itself exits 3 on 0 entities).
		return nil, nil, cmdutil.UsageErrorf("%s holds no entities: not an export of an org (wxc export writes one record per entity)", name)
	}
	return ss, sum, nil
}

// Parse reads the records of an export named name: JSON lines, or one JSON array (a file
// whose first character is "["). Errors read "name:LINE: ...". The summary record of an
// incomplete export is returned apart; an entity twice is an error.
func Parse(name string, b []byte) ([]snapshot.Settings, *snapshot.Summary, error) {
	var (
		out  []snapshot.Settings
		sum  *snapshot.Summary
		seen = map[string]int{}
	)
	add := func(line int, raw []byte) error {
		if bytes.Contains(raw, []byte(`"summary"`)) { // else IsSummary's decoding is wasted
			if s, ok := snapshot.IsSummary(raw); ok {
				sum = s
				return nil
			}
		}
		var s snapshot.Settings
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("%s:%d: not an export record: %v", name, line, jsonReason(err))
		}
		if s.Kind == "" || s.ID == "" {
			return fmt.Errorf("%s:%d: not an export record: no kind or id", name, line)
		}
		if first, dup := seen[key(&s)]; dup {
			return fmt.Errorf("%s:%d: %s %s is also on line %d: an export has each entity once", name, line, s.Kind, s.ID, first)
		}
		seen[key(&s)] = line
		out = append(out, s)
		return nil
	}
	trimmed := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		dec := json.NewDecoder(bytes.NewReader(b))
		if _, err := dec.Token(); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", name, lineAt(b, dec.InputOffset()), jsonReason(err))
		}
		for dec.More() {
			start := nextValue(b, dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %v", name, lineAt(b, errOffset(err, start)), jsonReason(err))
			}
			if err := add(lineAt(b, start), raw); err != nil {
				return nil, nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", name, lineAt(b, dec.InputOffset()), jsonReason(err))
		}
		return out, sum, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), len(b)+1)
	for line := 1; sc.Scan(); line++ {
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		if l[0] != '{' {
			return nil, nil, fmt.Errorf("%s:%d: not a JSON object: diff reads exports written with -o jsonl (the default) or -o json", name, line)
		}
		if err := add(line, l); err != nil {
			return nil, nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	return out, sum, nil
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// nextValue skips the white space and comma before the next array element.
func nextValue(b []byte, off int64) int64 {
	for off < int64(len(b)) && strings.IndexByte(" \t\r\n,", b[off]) >= 0 {
		off++
	}
	return off
}

// errOffset is where a decoding error is, when the error says so.
func errOffset(err error, def int64) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	return def
}

// jsonReason is a decoding error's text without Go type names where they say nothing to a
// reader of the file.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("%s: want %s, got %s", te.Field, te.Type.Kind(), te.Value)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends in the middle of a record"
	}
	return err.Error()
}
