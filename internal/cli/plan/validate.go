package plan

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/wxc"
)

// reason is the reason of a wxc rule's *ValidationError (the whole message otherwise).
func reason(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// validator collects the problems of a desired state, with the lines of root (nil when the
// Desired was built in code).
type validator struct {
	root *yaml.Node
	errs Errors
}

func (v *validator) add(msg string, path ...string) {
	v.errs = append(v.errs, &Error{Path: strings.Join(path, "."), Line: lineOf(v.root, path...), Msg: msg})
}

// validate checks everything that does not need the live state, with the rules of package
// wxc (rules.go); root, when given, supplies line numbers (and is kept for Compute's errors).
// Profiles are checked in name order, each area in turn, then the assignments.
func (d *Desired) validate(root *yaml.Node) Errors {
	if root != nil {
		d.root = root
	}
	v := &validator{root: root}
	if d.Version != 1 {
		v.add(fmt.Sprintf("version must be 1, got %d", d.Version), "version")
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
			v.add("the profile sets nothing", base...)
		}
		if p.Outgoing != nil {
			v.outgoing(p.Outgoing, at)
		}
		if p.TransferNumbers != nil {
			v.transferNumbers(p.TransferNumbers, at)
		}
		if p.AccessCodes != nil {
			v.accessCodes(p.AccessCodes, at)
		}
		if p.DigitPatterns != nil {
			v.digitPatterns(p.DigitPatterns, at)
		}
	}
	v.assignments(d, names)
	return v.errs
}

// pathFunc returns a path below the profile being checked.
type pathFunc func(more ...string) []string

func (v *validator) outgoing(o *OutgoingSpec, at pathFunc) {
	cts := make([]string, 0, len(o.CallingPermissions))
	for ct := range o.CallingPermissions {
		cts = append(cts, string(ct))
	}
	slices.Sort(cts)
	for _, s := range cts {
		ct := wxc.CallType(s)
		t := o.CallingPermissions[ct]
		path := at("outgoing", "callingPermissions", s)
		if err := wxc.CheckCallTypeName(ct); err != nil {
			v.add(reason(err), path...)
		}
		if t.Action == nil && t.TransferEnabled == nil {
			v.add("set action and/or transferEnabled", path...)
		}
		if t.Action != nil {
			if err := wxc.CheckAction(*t.Action); err != nil {
				v.add(reason(err), path...)
			}
		}
	}
}

func (v *validator) transferNumbers(t *TransferNumbersSpec, at pathFunc) {
	for i, n := range []*string{t.AutoTransferNumber1, t.AutoTransferNumber2, t.AutoTransferNumber3} {
		if n == nil {
			continue
		}
		if err := wxc.CheckTransferNumber(*n); err != nil {
			v.add(reason(err), at("transferNumbers", fmt.Sprintf("autoTransferNumber%d", i+1))...)
		}
	}
}

func (v *validator) accessCodes(a *AccessCodesSpec, at pathFunc) {
	if len(a.Codes) > wxc.MaxAccessCodes {
		v.add(fmt.Sprintf("%d access codes; an entity may have at most %d", len(a.Codes), wxc.MaxAccessCodes), at("accessCodes", "codes")...)
	}
	seen := map[string]bool{}
	for i, c := range a.Codes {
		path := at("accessCodes", "codes", strconv.Itoa(i))
		if err := wxc.CheckAccessCode(c.Code); err != nil {
			v.add(reason(err), path...)
		} else if seen[c.Code] {
			v.add(fmt.Sprintf("code %q is listed twice", c.Code), path...)
		}
		if err := wxc.CheckAccessCodeDescription(c.Description); err != nil {
			v.add(fmt.Sprintf("code %q: description: %s", c.Code, reason(err)), path...)
		}
		seen[c.Code] = true
	}
}

func (v *validator) digitPatterns(dp *DigitPatternsSpec, at pathFunc) {
	if len(dp.Patterns) > wxc.MaxDigitPatterns {
		v.add(fmt.Sprintf("%d digit patterns; an entity may have at most %d", len(dp.Patterns), wxc.MaxDigitPatterns), at("digitPatterns", "patterns")...)
	}
	seen := map[string]bool{}
	for i, x := range dp.Patterns {
		path := at("digitPatterns", "patterns", strconv.Itoa(i))
		label := fmt.Sprintf("digit pattern %q", x.Name)
		if err := wxc.CheckDigitPatternName(x.Name); err != nil {
			v.add(reason(err), path...)
			label = "digit pattern " + strconv.Itoa(i)
		} else if seen[x.Name] {
			v.add(fmt.Sprintf("digit pattern %q is listed twice", x.Name), path...)
		}
		seen[x.Name] = true
		if err := wxc.CheckDigitPattern(x.Pattern); err != nil {
			v.add(label+": "+reason(err), path...)
		}
		if err := wxc.CheckAction(x.Action); err != nil {
			v.add(label+": "+reason(err), path...)
		}
	}
}

// assignments checks d's assignments; names are d's profile names, sorted.
func (v *validator) assignments(d *Desired, names []string) {
	if len(d.Assignments) == 0 {
		v.add("no assignments: nothing would change", "assignments")
	}
	for i, a := range d.Assignments {
		idx := strconv.Itoa(i)
		if _, ok := d.Profiles[a.Profile]; !ok {
			v.add(fmt.Sprintf("unknown profile %q (profiles: %s)", a.Profile, strings.Join(names, ", ")), "assignments", idx, "profile")
		}
		if a.Select.empty() {
			v.add("empty selection: write `all: true` to select every entity, or kinds/locations/entities", "assignments", idx, "select")
		}
		if a.Select.All && (len(a.Select.Kinds) > 0 || len(a.Select.Locations) > 0 || len(a.Select.Entities) > 0) {
			v.add("`all: true` cannot be combined with kinds, locations or entities", "assignments", idx, "select")
		}
		for j, k := range a.Select.Kinds {
			if _, err := wxc.ParseEntityKind(k); err != nil {
				v.add(err.Error(), "assignments", idx, "select", "kinds", strconv.Itoa(j))
			}
		}
	}
}
