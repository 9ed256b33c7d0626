package input

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/wxc"
)

// Check checks the document against s and returns every problem found (Problems), or nil.
func (d *Document) Check(s *Schema) error {
	c := &checker{d: d}
	c.walk(d.Root, s, "")
	if len(c.problems) > 0 {
		return c.problems
	}
	return nil
}

type checker struct {
	d        *Document
	problems Problems
	values   int                 // values visited (aliases count each time they are used)
	active   map[*yaml.Node]bool // alias targets being walked (a cycle refers back to one)
	stopped  bool
}

// maxValues bounds the values a document may expand to through YAML aliases.
const maxValues = 200000

func (c *checker) add(n *yaml.Node, path, format string, args ...any) {
	c.problems = append(c.problems, c.d.Problem(n, path, fmt.Sprintf(format, args...)))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// describe names a value for "got …" in messages.
func (d *Document) describe(n *yaml.Node) string {
	n = deref(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("the text %q", v)
	case "!!bool":
		return v
	case "!!int", "!!float":
		return "the number " + v
	case "!!null":
		return "null"
	}
	return fmt.Sprintf("%q", v)
}

// want names what a schema wants, for messages.
func want(s *Schema) string {
	switch s.Type {
	case Object:
		return "an object"
	case Array:
		return "a list"
	case Map:
		return "an object"
	case String:
		return "text"
	case Bool:
		return "true or false"
	case Int:
		return "a whole number"
	case OneOf:
		var ws []string
		for _, a := range s.Alts {
			ws = append(ws, want(a))
		}
		return strings.Join(ws, " or ")
	}
	return "a value"
}

// accepts reports whether a scalar matches a scalar schema type.
func (d *Document) accepts(n *yaml.Node, t Type) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	tag := n.ShortTag()
	switch t {
	case String:
		if tag == "!!str" {
			return true
		}
		// In YAML an unquoted number or date is text as written; a bare true/false is not.
		return !d.JSON && (tag == "!!int" || tag == "!!float" || tag == "!!timestamp")
	case Bool:
		return tag == "!!bool"
	case Int:
		return tag == "!!int"
	}
	return false
}

// pick chooses the alternative of a OneOf that fits the shape of n.
func (d *Document) pick(n *yaml.Node, s *Schema) *Schema {
	for _, a := range s.Alts {
		switch a.Type {
		case Object, Map:
			if n.Kind == yaml.MappingNode {
				return a
			}
		case Array:
			if n.Kind == yaml.SequenceNode {
				return a
			}
		case Any:
			return a
		default:
			if d.accepts(n, a.Type) {
				return a
			}
		}
	}
	return nil
}

func (c *checker) walk(n *yaml.Node, s *Schema, path string) {
	if c.stopped {
		return
	}
	if c.values++; c.values > maxValues {
		c.add(n, path, "the document expands to more than %d values (YAML aliases); write it out", maxValues)
		c.stopped = true
		return
	}
	if n != nil && n.Kind == yaml.AliasNode {
		target := deref(n)
		if c.active[target] {
			c.add(n, path, "a YAML alias that contains itself")
			return
		}
		if c.active == nil {
			c.active = map[*yaml.Node]bool{}
		}
		c.active[target] = true
		defer delete(c.active, target)
	}
	n = deref(n)
	if n == nil || s == nil || IsNull(n) {
		return
	}
	if s.Type == Any {
		// Still walk containers, for the alias checks.
		for _, e := range n.Content {
			c.walk(e, s, path)
		}
		return
	}
	if s.Type == OneOf {
		a := c.d.pick(n, s)
		if a == nil {
			c.add(n, path, "want %s, got %s", want(s), c.d.describe(n))
			return
		}
		s = a
	}
	switch s.Type {
	case Object, Map:
		if n.Kind != yaml.MappingNode {
			if s.Type == Object {
				c.add(n, path, "want an object with the keys %s, got %s", strings.Join(s.Names(), ", "), c.d.describe(n))
			} else {
				c.add(n, path, "want an object, got %s", c.d.describe(n))
			}
			return
		}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := deref(n.Content[i]), n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.add(k, path, "a key must be text, got %s", c.d.describe(k))
				continue
			}
			kpath := join(path, k.Value)
			if k.Value == "<<" && !c.d.JSON {
				c.add(k, kpath, "YAML merge keys (<<) are not supported here; write the keys out")
				continue
			}
			if first, dup := seen[k.Value]; dup {
				c.add(k, kpath, "duplicate key %q (first at line %d); give each key once", k.Value, first.Line)
				continue
			}
			seen[k.Value] = k
			if s.Type == Map {
				c.walk(v, s.Elem, kpath)
				continue
			}
			fs := s.Field(k.Value)
			if fs == nil {
				c.unknownKey(k, s, kpath)
				continue
			}
			c.walk(v, fs, kpath)
		}
	case Array:
		if n.Kind != yaml.SequenceNode {
			c.add(n, path, "want a list, got %s", c.d.describe(n))
			return
		}
		for i, e := range n.Content {
			c.walk(e, s.Elem, fmt.Sprintf("%s[%d]", path, i))
		}
	default:
		if !c.d.accepts(n, s.Type) {
			msg := fmt.Sprintf("want %s, got %s", want(s), c.d.describe(n))
			if s.Type == String && n.Kind == yaml.ScalarNode && !c.d.JSON {
				msg += ` (quote it: "` + n.Value + `")`
			}
			if s.Type == Bool && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str" &&
				slices.Contains([]string{"true", "false", "yes", "no", "on", "off", "y", "n"}, strings.ToLower(n.Value)) {
				msg += " (write true or false, without quotes)"
			}
			c.add(n, path, "%s", msg)
		}
	}
}

func (c *checker) unknownKey(k *yaml.Node, s *Schema, path string) {
	names := s.Names()
	msg := fmt.Sprintf("unknown key %q", k.Value)
	if sug := wxc.Suggest(k.Value, names); sug != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", sug)
	}
	if s.UnknownHint != nil {
		if h := s.UnknownHint(k.Value); h != "" {
			msg += "; " + h
		}
	}
	if len(names) == 0 {
		msg += "; no keys are allowed here"
	} else {
		msg += "; allowed here: " + strings.Join(names, ", ")
	}
	c.add(k, path, "%s", msg)
}
