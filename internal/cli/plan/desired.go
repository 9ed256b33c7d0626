// Package plan turns a desired-state file into a per-entity, per-field plan against the live
// settings (Compute, pure), renders it, and applies it with a backup and a resumable journal.
// The file format is documented in docs/DESIRED_STATE.md.
package plan

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/wxc"
)

// Desired is a parsed desired-state file.
type Desired struct {
	Version     int                `yaml:"version" json:"version"`
	Profiles    map[string]Profile `yaml:"profiles" json:"profiles"`
	Assignments []Assignment       `yaml:"assignments" json:"assignments"`
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
func Parse(data []byte) (*Desired, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("desired state: %w", err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, errors.New("desired state: the file is empty")
	}
	var d Desired
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("desired state: %w", err)
	}
	if errs := d.validate(root.Content[0]); len(errs) > 0 {
		return nil, errs
	}
	return &d, nil
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

func (d *Desired) validate(root *yaml.Node) Errors {
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
				if !slices.Contains(wxc.KnownCallTypes(), ct) {
					add(fmt.Sprintf("unknown or unsettable call type %q (settable: %s)", s, joinCallTypes()), at("outgoing", "callingPermissions", s)...)
				}
				if v.Action == nil && v.TransferEnabled == nil {
					add("set action and/or transferEnabled", at("outgoing", "callingPermissions", s)...)
				}
				if v.Action != nil {
					if _, err := wxc.ParseAction(string(*v.Action)); err != nil || strings.ToUpper(string(*v.Action)) != string(*v.Action) {
						add(fmt.Sprintf("unknown action %q (want ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1, TRANSFER_NUMBER_2 or TRANSFER_NUMBER_3)", *v.Action), at("outgoing", "callingPermissions", s)...)
					}
				}
			}
		}
		if t := p.TransferNumbers; t != nil {
			for i, n := range []*string{t.AutoTransferNumber1, t.AutoTransferNumber2, t.AutoTransferNumber3} {
				if n != nil && *n != "" && !validNumber(*n) {
					add(fmt.Sprintf("%q is not a phone number (digits, an optional leading +, and - or spaces)", *n), at("transferNumbers", fmt.Sprintf("autoTransferNumber%d", i+1))...)
				}
			}
		}
		if a := p.AccessCodes; a != nil {
			seen := map[string]bool{}
			for i, c := range a.Codes {
				idx := strconv.Itoa(i)
				switch {
				case c.Code == "" || strings.Trim(c.Code, "0123456789") != "":
					add(fmt.Sprintf("code %q must be digits", c.Code), at("accessCodes", "codes", idx)...)
				case seen[c.Code]:
					add(fmt.Sprintf("code %q is listed twice", c.Code), at("accessCodes", "codes", idx)...)
				case c.Description == "":
					add(fmt.Sprintf("code %q needs a description", c.Code), at("accessCodes", "codes", idx)...)
				}
				seen[c.Code] = true
			}
		}
		if dp := p.DigitPatterns; dp != nil {
			seen := map[string]bool{}
			for i, x := range dp.Patterns {
				idx := strconv.Itoa(i)
				switch {
				case x.Name == "":
					add("a digit pattern needs a name", at("digitPatterns", "patterns", idx)...)
				case seen[x.Name]:
					add(fmt.Sprintf("digit pattern %q is listed twice", x.Name), at("digitPatterns", "patterns", idx)...)
				case x.Pattern == "":
					add(fmt.Sprintf("digit pattern %q needs a pattern", x.Name), at("digitPatterns", "patterns", idx)...)
				case !validPattern(x.Pattern):
					add(fmt.Sprintf("digit pattern %q: %q may hold only digits, X, *, #, a leading + and a trailing !", x.Name, x.Pattern), at("digitPatterns", "patterns", idx)...)
				}
				if x.Name != "" && x.Pattern != "" {
					if _, err := wxc.ParseAction(string(x.Action)); err != nil || strings.ToUpper(string(x.Action)) != string(x.Action) {
						add(fmt.Sprintf("digit pattern %q: unknown action %q", x.Name, x.Action), at("digitPatterns", "patterns", idx)...)
					}
				}
				seen[x.Name] = true
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

func joinCallTypes() string {
	var s []string
	for _, ct := range wxc.KnownCallTypes() {
		s = append(s, string(ct))
	}
	return strings.Join(s, ", ")
}

func validNumber(s string) bool {
	s = strings.TrimPrefix(s, "+")
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' || r == ' ':
		default:
			return false
		}
	}
	return digits >= 2 && digits <= 20
}

func validPattern(s string) bool {
	s = strings.TrimPrefix(s, "+")
	s = strings.TrimSuffix(s, "!")
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == 'X' || r == 'x' || r == '*' || r == '#') {
			return false
		}
	}
	return true
}
