// Package audit checks the outgoing-permission settings of an org against a policy: rules on
// the effective action of call types and digit patterns, and consistency checks (transfer
// numbers and access codes that actions need). Evaluate is pure.
package audit

import (
	"bytes"
	_ "embed"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/wxc"
)

//go:embed default_policy.yaml
var defaultPolicy []byte

// DefaultPolicyYAML returns the built-in policy's text.
func DefaultPolicyYAML() []byte { return bytes.Clone(defaultPolicy) }

// DefaultPolicy returns the built-in policy.
func DefaultPolicy() *Policy {
	p, err := ParsePolicy(defaultPolicy)
	if err != nil {
		panic("audit: the built-in policy is invalid: " + err.Error()) // caught by tests
	}
	return p
}

// Severity of a rule and its findings.
type Severity string

// Severities, lowest first.
const (
	SeverityInfo    Severity = "info"
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Rank orders severities: info 1, warning 2, error 3, anything else 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityInfo:
		return 1
	case SeverityWarning:
		return 2
	case SeverityError:
		return 3
	}
	return 0
}

// ParseSeverity parses info, warning or error.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(strings.TrimSpace(s)))
	if v.Rank() == 0 {
		return "", fmt.Errorf("unknown severity %q: want info, warning or error", s)
	}
	return v, nil
}

// Policy is a list of rules.
type Policy struct {
	Version int    `yaml:"version" json:"version"`
	Rules   []Rule `yaml:"rules" json:"rules"`
}

// Checks a rule can run instead of an action rule.
const (
	CheckTransferNumbers = "transfer-numbers" // TRANSFER_NUMBER_n in use -> number n is set
	CheckAccessCodes     = "access-codes"     // AUTH_CODE in use -> at least one access code
)

// Rule is one policy rule. Exactly one of CallTypes, DigitPatterns, Check, MustBlock and
// MustAllow says what it looks at. For CallTypes and DigitPatterns, AllowActions (the
// effective action must match one) or DenyActions (it must match none) say what is wrong.
// Call types, patterns and actions are globs: * matches any run of characters, ? one
// character; everything else is literal.
//
// MustBlock and MustAllow list numbers, or digit patterns in Webex syntax (digits, X, a
// trailing !; checked with a sample number the pattern matches, callcheck.SampleNumber),
// that each entity dials: the call-check engine decides the call from the entity's effective
// settings and its location's country. The decision must be BLOCK or TRANSFER_NUMBER_n
// (MustBlock: the call does not reach the number) or ALLOW (MustAllow), unless AllowActions or
// DenyActions say otherwise.
type Rule struct {
	ID          string    `yaml:"id" json:"id"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
	Severity    Severity  `yaml:"severity,omitempty" json:"severity,omitempty"` // default warning
	Kinds       []string  `yaml:"kinds,omitempty" json:"kinds,omitempty"`       // default: all
	Locations   Locations `yaml:"locations,omitempty" json:"locations,omitempty"`

	CallTypes     []string `yaml:"callTypes,omitempty" json:"callTypes,omitempty"`
	DigitPatterns []string `yaml:"digitPatterns,omitempty" json:"digitPatterns,omitempty"`
	AllowActions  []string `yaml:"allowActions,omitempty" json:"allowActions,omitempty"`
	DenyActions   []string `yaml:"denyActions,omitempty" json:"denyActions,omitempty"`
	Check         string   `yaml:"check,omitempty" json:"check,omitempty"`
	MustBlock     []string `yaml:"mustBlock,omitempty" json:"mustBlock,omitempty"`
	MustAllow     []string `yaml:"mustAllow,omitempty" json:"mustAllow,omitempty"`

	kinds []wxc.EntityKind
	// dials are the MustBlock or MustAllow entries with the number each is checked with.
	dials []dial
}

// dial is one MustBlock/MustAllow entry and the number dialled for it (the entry itself, or
// a sample number of a pattern).
type dial struct{ entry, number string }

// Locations limits a rule to entities in (Include) or not in (Exclude) locations, named by ID
// or name (case-insensitive).
type Locations struct {
	Include []string `yaml:"include,omitempty" json:"include,omitempty"`
	Exclude []string `yaml:"exclude,omitempty" json:"exclude,omitempty"`
}

// ParsePolicy reads a YAML or JSON policy and validates it; errors carry line numbers.
func ParsePolicy(data []byte) (*Policy, error) {
	// Strict, as every file a person writes (package input): unknown keys ("did you mean"),
	// wrong types and duplicate keys are reported with their lines before anything else.
	doc, err := input.Parse("", data)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if err := doc.Check(input.FromType(reflect.TypeFor[Policy](), "yaml", nil)); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	var p Policy
	if err := doc.Root.Decode(&p); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if err := p.validate(doc.Root); err != nil {
		return nil, err
	}
	return &p, nil
}

// ruleLine returns the line of rules[i] (and key within it) in the document.
func ruleLine(doc *yaml.Node, i int, key string) int {
	if doc == nil || doc.Kind != yaml.MappingNode {
		return 0
	}
	for k := 0; k+1 < len(doc.Content); k += 2 {
		if doc.Content[k].Value != "rules" {
			continue
		}
		seq := doc.Content[k+1]
		if seq.Kind != yaml.SequenceNode || i >= len(seq.Content) {
			return doc.Content[k].Line
		}
		r := seq.Content[i]
		if r.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(r.Content); j += 2 {
				if r.Content[j].Value == key {
					return r.Content[j].Line
				}
			}
		}
		return r.Line
	}
	return 0
}

func (p *Policy) validate(doc *yaml.Node) error {
	var errs []string
	add := func(i int, key, msg string) {
		prefix := ""
		if line := ruleLine(doc, i, key); line > 0 {
			prefix = "line " + strconv.Itoa(line) + ": "
		}
		errs = append(errs, prefix+msg)
	}
	if p.Version != 1 {
		errs = append(errs, fmt.Sprintf("version must be 1, got %d", p.Version))
	}
	if len(p.Rules) == 0 {
		errs = append(errs, "the policy has no rules")
	}
	ids := map[string]bool{}
	for i := range p.Rules {
		r := &p.Rules[i]
		name := fmt.Sprintf("rules[%d]", i)
		if r.ID == "" {
			add(i, "id", name+": id is required")
		} else {
			name = "rule " + r.ID
			if ids[r.ID] {
				add(i, "id", name+": id used twice")
			}
			ids[r.ID] = true
		}
		if r.Severity == "" {
			r.Severity = SeverityWarning
		} else if sv, err := ParseSeverity(string(r.Severity)); err != nil {
			add(i, "severity", name+": "+err.Error())
		} else {
			r.Severity = sv
		}
		r.kinds = nil
		for _, k := range r.Kinds {
			kind, err := wxc.ParseEntityKind(k)
			if err != nil {
				add(i, "kinds", name+": "+err.Error())
				continue
			}
			r.kinds = append(r.kinds, kind)
		}
		n := 0
		for _, set := range []bool{len(r.CallTypes) > 0, len(r.DigitPatterns) > 0, r.Check != "", len(r.MustBlock) > 0, len(r.MustAllow) > 0} {
			if set {
				n++
			}
		}
		if n != 1 {
			add(i, "id", name+": set exactly one of callTypes, digitPatterns, check, mustBlock and mustAllow")
			continue
		}
		r.dials = nil
		switch {
		case len(r.MustBlock) > 0 || len(r.MustAllow) > 0:
			key, entries := "mustBlock", r.MustBlock
			if len(r.MustAllow) > 0 {
				key, entries = "mustAllow", r.MustAllow
			}
			if len(r.AllowActions) > 0 && len(r.DenyActions) > 0 {
				add(i, "allowActions", name+": set at most one of allowActions and denyActions")
			}
			for _, a := range append(append([]string(nil), r.AllowActions...), r.DenyActions...) {
				if !matchesAnyAction(a) {
					add(i, "allowActions", fmt.Sprintf("%s: %q matches no action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3)", name, a))
				}
			}
			seen := map[string]bool{}
			for _, e := range entries {
				d, err := parseDial(e)
				switch {
				case err != nil:
					add(i, key, fmt.Sprintf("%s: %s: %v", name, key, err))
				case seen[d.entry]:
					add(i, key, fmt.Sprintf("%s: %s: %q is listed twice", name, key, e))
				default:
					seen[d.entry] = true
					r.dials = append(r.dials, d)
				}
			}
		case r.Check != "":
			if r.Check != CheckTransferNumbers && r.Check != CheckAccessCodes {
				add(i, "check", fmt.Sprintf("%s: unknown check %q: want %s or %s", name, r.Check, CheckTransferNumbers, CheckAccessCodes))
			}
			if len(r.AllowActions)+len(r.DenyActions) > 0 {
				add(i, "check", name+": allowActions/denyActions do not apply to a check")
			}
		default:
			if (len(r.AllowActions) > 0) == (len(r.DenyActions) > 0) {
				add(i, "allowActions", name+": set exactly one of allowActions and denyActions")
			}
			for _, a := range append(append([]string(nil), r.AllowActions...), r.DenyActions...) {
				if !matchesAnyAction(a) {
					add(i, "allowActions", fmt.Sprintf("%s: %q matches no action (ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3)", name, a))
				}
			}
			for _, ct := range r.CallTypes {
				if !matchesAnyCallType(ct) {
					add(i, "callTypes", fmt.Sprintf("%s: %q matches no call type", name, ct))
				}
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("policy:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

// parseDial reads a MustBlock/MustAllow entry: a number as it would be dialled (+E.164,
// national, a short code) or a digit pattern (it has an X or ends with !), which is checked
// with a sample number it matches.
func parseDial(entry string) (dial, error) {
	e := strings.TrimSpace(entry)
	if e == "" {
		return dial{}, fmt.Errorf("an empty entry")
	}
	d := dial{entry: e, number: e}
	eng, err := checkEngine()
	if err != nil {
		return dial{}, err
	}
	// A number from any country the engine knows (it is decided per entity's country).
	valid := eng.Dialable
	if strings.ContainsAny(e, "Xx!") {
		n, err := callcheck.SampleNumber(strings.ToUpper(e))
		if err != nil {
			return dial{}, fmt.Errorf("%q: %v", entry, err)
		}
		// A trailing ! stands for any digits: add 5s until the sample is long enough to be
		// a number (SampleNumber puts 4).
		for strings.HasSuffix(e, "!") && valid(n) != nil && len(n) < 16 {
			n += "5"
		}
		d.number = n
	}
	if err := valid(d.number); err != nil {
		return dial{}, fmt.Errorf("%q is not a number or digit pattern: %v", entry, err)
	}
	return d, nil
}

// checkEngine is the call-check engine of the must rules (built once).
var checkEngine = sync.OnceValues(func() (*callcheck.Engine, error) { return callcheck.New(callcheck.Options{}) })

func matchesAnyAction(glob string) bool {
	for _, a := range wxc.Actions() {
		if Glob(glob, string(a)) {
			return true
		}
	}
	return false
}

func matchesAnyCallType(glob string) bool {
	for _, ct := range wxc.AllCallTypes() {
		if Glob(strings.ToUpper(glob), string(ct)) {
			return true
		}
	}
	return false
}

// Glob matches s against pattern: * is any run of characters (also empty), ? is one
// character; everything else matches itself (so digit patterns like "+900!" work as-is).
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
