// Package plan turns a desired-state file into a per-entity, per-field plan against the live
// settings (Compute, pure), renders it, and applies it with a backup and a resumable journal.
// The file format is documented in docs/DESIRED_STATE.md.
package plan

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/wxc"
)

// Desired is a parsed desired-state file.
type Desired struct {
	Version     int                `yaml:"version" json:"version"`
	Profiles    map[string]Profile `yaml:"profiles" json:"profiles"`
	Assignments []Assignment       `yaml:"assignments" json:"assignments"`

	root *yaml.Node // the parsed document, for the line numbers of Compute's errors (nil when built in code)
}

// Profile is a subset of an entity's settings. Unset fields are left as they are.
type Profile struct {
	Outgoing        *OutgoingSpec        `yaml:"outgoing,omitempty" json:"outgoing,omitempty"`
	TransferNumbers *TransferNumbersSpec `yaml:"transferNumbers,omitempty" json:"transferNumbers,omitempty"`
	AccessCodes     *AccessCodesSpec     `yaml:"accessCodes,omitempty" json:"accessCodes,omitempty"`
	DigitPatterns   *DigitPatternsSpec   `yaml:"digitPatterns,omitempty" json:"digitPatterns,omitempty"`
}

// OutgoingSpec sets the outgoing permissions.
type OutgoingSpec struct {
	UseCustomEnabled     *bool                           `yaml:"useCustomEnabled,omitempty" json:"useCustomEnabled,omitempty"`
	UseCustomPermissions *bool                           `yaml:"useCustomPermissions,omitempty" json:"useCustomPermissions,omitempty"`
	CallingPermissions   map[wxc.CallType]CallTypeTarget `yaml:"callingPermissions,omitempty" json:"callingPermissions,omitempty"`
}

// CallTypeTarget is the desired setting of one call type. In YAML it is either an action
// ("BLOCK") or a mapping {action, transferEnabled}; a nil member is left as it is.
type CallTypeTarget struct {
	Action          *wxc.Action `yaml:"action,omitempty" json:"action,omitempty"`
	TransferEnabled *bool       `yaml:"transferEnabled,omitempty" json:"transferEnabled,omitempty"`
}

// UnmarshalYAML accepts a bare action or a mapping.
func (c *CallTypeTarget) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		a := wxc.Action(n.Value)
		c.Action = &a
		return nil
	}
	type plain CallTypeTarget
	var p plain
	if err := decodeStrict(n, &p); err != nil {
		return err
	}
	*c = CallTypeTarget(p)
	return nil
}

// TransferNumbersSpec sets the auto transfer numbers; "" clears a number.
type TransferNumbersSpec struct {
	UseCustomTransferNumbers *bool   `yaml:"useCustomTransferNumbers,omitempty" json:"useCustomTransferNumbers,omitempty"`
	AutoTransferNumber1      *string `yaml:"autoTransferNumber1,omitempty" json:"autoTransferNumber1,omitempty"`
	AutoTransferNumber2      *string `yaml:"autoTransferNumber2,omitempty" json:"autoTransferNumber2,omitempty"`
	AutoTransferNumber3      *string `yaml:"autoTransferNumber3,omitempty" json:"autoTransferNumber3,omitempty"`
}

// AccessCodesSpec sets the entity's own access codes. Listed codes are created when missing
// (or re-created when their description differs); with Exclusive, codes not listed are deleted.
type AccessCodesSpec struct {
	UseCustomAccessCodes *bool      `yaml:"useCustomAccessCodes,omitempty" json:"useCustomAccessCodes,omitempty"`
	Codes                []CodeSpec `yaml:"codes,omitempty" json:"codes,omitempty"`
	Exclusive            *bool      `yaml:"exclusive,omitempty" json:"exclusive,omitempty"`
}

// CodeSpec is one access code.
type CodeSpec struct {
	Code        string `yaml:"code" json:"code"`
	Description string `yaml:"description" json:"description"`
}

// DigitPatternsSpec sets the entity's digit patterns, matched by name. Listed patterns are
// created or updated; with Exclusive, patterns not listed are deleted.
type DigitPatternsSpec struct {
	UseCustomDigitPatterns *bool         `yaml:"useCustomDigitPatterns,omitempty" json:"useCustomDigitPatterns,omitempty"`
	Patterns               []PatternSpec `yaml:"patterns,omitempty" json:"patterns,omitempty"`
	Exclusive              *bool         `yaml:"exclusive,omitempty" json:"exclusive,omitempty"`
}

// PatternSpec is one digit pattern.
type PatternSpec struct {
	Name            string     `yaml:"name" json:"name"`
	Pattern         string     `yaml:"pattern" json:"pattern"`
	Action          wxc.Action `yaml:"action" json:"action"`
	TransferEnabled *bool      `yaml:"transferEnabled,omitempty" json:"transferEnabled,omitempty"`
}

// Assignment gives a profile to the entities Select picks.
type Assignment struct {
	Profile string    `yaml:"profile" json:"profile"`
	Select  Selection `yaml:"select" json:"select"`
}

// Selection picks entities. All conditions must hold; an empty selection is an error (write
// `all: true` to mean every entity).
type Selection struct {
	All       bool     `yaml:"all,omitempty" json:"all,omitempty"`
	Kinds     []string `yaml:"kinds,omitempty" json:"kinds,omitempty"`
	Locations []string `yaml:"locations,omitempty" json:"locations,omitempty"` // location IDs or names
	Entities  []string `yaml:"entities,omitempty" json:"entities,omitempty"`   // IDs, emails or names
}

func (s Selection) empty() bool {
	return !s.All && len(s.Kinds) == 0 && len(s.Locations) == 0 && len(s.Entities) == 0
}

// Error is a problem in a desired-state file, with the line it is on (0 when unknown).
type Error struct {
	Path string // e.g. profiles.std.outgoing.callingPermissions.INTERNATIONAL
	Line int
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Path != "" {
		fmt.Fprintf(&b, "%s: ", e.Path)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors are all problems found in a file.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

func decodeStrict(n *yaml.Node, v any) error {
	// Re-encode the node and decode with KnownFields so unknown keys are errors with lines.
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return shiftLines(err, n.Line-1)
	}
	return nil
}

// shiftLines adds off to "line N:" in yaml errors of a re-encoded sub-document.
func shiftLines(err error, off int) error {
	var te *yaml.TypeError
	if off == 0 || !errors.As(err, &te) {
		return err
	}
	out := &yaml.TypeError{}
	for _, m := range te.Errors {
		if rest, ok := strings.CutPrefix(m, "line "); ok {
			if i := strings.IndexByte(rest, ':'); i > 0 {
				if n, err := strconv.Atoi(rest[:i]); err == nil {
					m = fmt.Sprintf("line %d%s", n+off, rest[i:])
				}
			}
		}
		out.Errors = append(out.Errors, m)
	}
	return out
}

// Parse reads a desired-state file (YAML, or JSON, which is YAML too) and validates it.
// Errors carry line numbers.
//
// The decoding is strict (package input, as for the -f files of the per-entity commands):
// unknown keys, values of the wrong type and duplicate keys are all reported, as
// input.Problems, before anything else is checked.
func Parse(data []byte) (*Desired, error) {
	doc, err := input.Parse("", data)
	if err != nil {
		return nil, err
	}
	if err := doc.Check(desiredSchema()); err != nil {
		return nil, err
	}
	var d Desired
	if err := doc.Root.Decode(&d); err != nil {
		return nil, fmt.Errorf("desired state: %w", err)
	}
	if errs := d.validate(doc.Root); len(errs) > 0 {
		return nil, errs
	}
	return &d, nil
}

// desiredSchema is what a desired-state file may hold: the yaml keys of Desired; a call type
// is an action or {action, transferEnabled}.
func desiredSchema() *input.Schema {
	target := reflect.TypeFor[CallTypeTarget]()
	return input.FromType(reflect.TypeFor[Desired](), "yaml", map[reflect.Type]*input.Schema{
		target: input.OneOfSchema(input.StringSchema(), input.FromType(target, "yaml", nil)),
	})
}

// lineOf finds the line of the node at path (mapping keys; sequence indexes as numbers).
func lineOf(n *yaml.Node, path ...string) int {
	if n == nil {
		return 0
	}
	line := n.Line
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					line = n.Content[i].Line
					n = n.Content[i+1]
					found = true
					break
				}
			}
			if !found {
				return line
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n.Content) {
				return line
			}
			n = n.Content[i]
			line = n.Line
		default:
			return line
		}
	}
	return line
}

// Validate checks a Desired built in code (Parse validates already).
func (d *Desired) Validate() error {
	if errs := d.validate(nil); len(errs) > 0 {
		return errs
	}
	return nil
}

// reason is the reason of a wxc rule's *ValidationError (the whole message otherwise).
func reason(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// validate checks everything that does not need the live state, with the rules of package
// wxc (rules.go); root, when given, supplies line numbers (and is kept for Compute's errors).
func (d *Desired) validate(root *yaml.Node) Errors {
	if root != nil {
		d.root = root
	}
	var errs Errors
	add := func(msg string, path ...string) {
		errs = append(errs, &Error{Path: strings.Join(path, "."), Line: lineOf(root, path...), Msg: msg})
	}
	if d.Version != 1 {
		add(fmt.Sprintf("version must be 1, got %d", d.Version), "version")
	}
	names := make([]string, 0, len(d.Profiles))
	for n := range d.Profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		p := d.Profiles[name]
		base := []string{"profiles", name}
		at := func(more ...string) []string { return append(slices.Clone(base), more...) }
		if p.Outgoing == nil && p.TransferNumbers == nil && p.AccessCodes == nil && p.DigitPatterns == nil {
			add("the profile sets nothing", base...)
		}
		if o := p.Outgoing; o != nil {
			cts := make([]string, 0, len(o.CallingPermissions))
			for ct := range o.CallingPermissions {
				cts = append(cts, string(ct))
			}
			slices.Sort(cts)
			for _, s := range cts {
				ct := wxc.CallType(s)
				v := o.CallingPermissions[ct]
				path := at("outgoing", "callingPermissions", s)
				if err := wxc.CheckCallTypeName(ct); err != nil {
					add(reason(err), path...)
				}
				if v.Action == nil && v.TransferEnabled == nil {
					add("set action and/or transferEnabled", path...)
				}
				if v.Action != nil {
					if err := wxc.CheckAction(*v.Action); err != nil {
						add(reason(err), path...)
					}
				}
			}
		}
		if t := p.TransferNumbers; t != nil {
			for i, n := range []*string{t.AutoTransferNumber1, t.AutoTransferNumber2, t.AutoTransferNumber3} {
				if n == nil {
					continue
				}
				if err := wxc.CheckTransferNumber(*n); err != nil {
					add(reason(err), at("transferNumbers", fmt.Sprintf("autoTransferNumber%d", i+1))...)
				}
			}
		}
		if a := p.AccessCodes; a != nil {
			if len(a.Codes) > wxc.MaxAccessCodes {
				add(fmt.Sprintf("%d access codes; an entity may have at most %d", len(a.Codes), wxc.MaxAccessCodes), at("accessCodes", "codes")...)
			}
			seen := map[string]bool{}
			for i, c := range a.Codes {
				path := at("accessCodes", "codes", strconv.Itoa(i))
				if err := wxc.CheckAccessCode(c.Code); err != nil {
					add(reason(err), path...)
				} else if seen[c.Code] {
					add(fmt.Sprintf("code %q is listed twice", c.Code), path...)
				}
				if err := wxc.CheckAccessCodeDescription(c.Description); err != nil {
					add(fmt.Sprintf("code %q: description: %s", c.Code, reason(err)), path...)
				}
				seen[c.Code] = true
			}
		}
		if dp := p.DigitPatterns; dp != nil {
			if len(dp.Patterns) > wxc.MaxDigitPatterns {
				add(fmt.Sprintf("%d digit patterns; an entity may have at most %d", len(dp.Patterns), wxc.MaxDigitPatterns), at("digitPatterns", "patterns")...)
			}
			seen := map[string]bool{}
			for i, x := range dp.Patterns {
				path := at("digitPatterns", "patterns", strconv.Itoa(i))
				label := fmt.Sprintf("digit pattern %q", x.Name)
				if err := wxc.CheckDigitPatternName(x.Name); err != nil {
					add(reason(err), path...)
					label = "digit pattern " + strconv.Itoa(i)
				} else if seen[x.Name] {
					add(fmt.Sprintf("digit pattern %q is listed twice", x.Name), path...)
				}
				seen[x.Name] = true
				if err := wxc.CheckDigitPattern(x.Pattern); err != nil {
					add(label+": "+reason(err), path...)
				}
				if err := wxc.CheckAction(x.Action); err != nil {
					add(label+": "+reason(err), path...)
				}
			}
		}
	}
	if len(d.Assignments) == 0 {
		add("no assignments: nothing would change", "assignments")
	}
	for i, a := range d.Assignments {
		idx := strconv.Itoa(i)
		if _, ok := d.Profiles[a.Profile]; !ok {
			add(fmt.Sprintf("unknown profile %q (profiles: %s)", a.Profile, strings.Join(names, ", ")), "assignments", idx, "profile")
		}
		if a.Select.empty() {
			add("empty selection: write `all: true` to select every entity, or kinds/locations/entities", "assignments", idx, "select")
		}
		if a.Select.All && (len(a.Select.Kinds) > 0 || len(a.Select.Locations) > 0 || len(a.Select.Entities) > 0) {
			add("`all: true` cannot be combined with kinds, locations or entities", "assignments", idx, "select")
		}
		for j, k := range a.Select.Kinds {
			if _, err := wxc.ParseEntityKind(k); err != nil {
				add(err.Error(), "assignments", idx, "select", "kinds", strconv.Itoa(j))
			}
		}
	}
	return errs
}

// lineOfPath is the line of path in the parsed file (0 for a Desired built in code).
func (d *Desired) lineOfPath(path ...string) int {
	if d.root == nil {
		return 0
	}
	return lineOf(d.root, path...)
}
