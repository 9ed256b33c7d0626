package plan

import (
	"fmt"
	"reflect"
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

// Validate checks a Desired built in code (Parse validates already).
func (d *Desired) Validate() error {
	if errs := d.validate(nil); len(errs) > 0 {
		return errs
	}
	return nil
}
