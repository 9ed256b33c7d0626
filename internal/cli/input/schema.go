package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/wxc"
)

// Type is what a Schema accepts.
type Type int

// Schema types.
const (
	// Any accepts every value.
	Any Type = iota
	// Object is a mapping with the keys in Fields (each at most once).
	Object
	// Array is a list whose elements match Elem.
	Array
	// Map is a mapping with any keys (each at most once) whose values match Elem.
	Map
	// String is text. In YAML an unquoted number or date is text as written; in JSON a
	// number is not text.
	String
	// Bool is true or false.
	Bool
	// Int is a whole number.
	Int
	// OneOf accepts a value that matches one of Alts, chosen by its shape (scalar, mapping,
	// list).
	OneOf
)

// Schema says what a document may hold at one place. null is accepted everywhere and means
// "not given" (as in the Webex API).
type Schema struct {
	Type   Type
	Fields []Field   // Object
	Elem   *Schema   // Array, Map
	Alts   []*Schema // OneOf
	// UnknownHint, when set, adds to the message about an unknown key of an Object (for
	// example why a key that exists elsewhere is not allowed here).
	UnknownHint func(key string) string
}

// Field is one allowed key of an Object.
type Field struct {
	Name   string
	Schema *Schema
}

// Schema constructors.
func StringSchema() *Schema               { return &Schema{Type: String} }
func BoolSchema() *Schema                 { return &Schema{Type: Bool} }
func IntSchema() *Schema                  { return &Schema{Type: Int} }
func AnySchema() *Schema                  { return &Schema{Type: Any} }
func ArrayOf(elem *Schema) *Schema        { return &Schema{Type: Array, Elem: elem} }
func MapOf(elem *Schema) *Schema          { return &Schema{Type: Map, Elem: elem} }
func OneOfSchema(alts ...*Schema) *Schema { return &Schema{Type: OneOf, Alts: alts} }

// ObjectOf returns an Object schema with the given fields, in order.
func ObjectOf(fields ...Field) *Schema { return &Schema{Type: Object, Fields: fields} }

// Field returns the schema of key name of an Object (nil when it has none).
func (s *Schema) Field(name string) *Schema {
	for _, f := range s.Fields {
		if f.Name == name {
			return f.Schema
		}
	}
	return nil
}

// Names returns the field names of an Object, in order.
func (s *Schema) Names() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// FromType derives a schema from a Go type through its struct tags (tag is "yaml" or "json";
// ",omitempty" and the like are ignored, "-" fields are skipped): structs are Objects, maps
// Maps, slices Arrays, pointers their element, bool Bool, string kinds String, integer kinds
// Int. overrides replace the schema of the types they name (for types with their own
// unmarshalling).
func FromType(t reflect.Type, tag string, overrides map[reflect.Type]*Schema) *Schema {
	if s, ok := overrides[t]; ok {
		return s
	}
	switch t.Kind() {
	case reflect.Pointer:
		return FromType(t.Elem(), tag, overrides)
	case reflect.Struct:
		s := &Schema{Type: Object}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get(tag), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
				if tag == "yaml" {
					name = strings.ToLower(name)
				}
			}
			s.Fields = append(s.Fields, Field{Name: name, Schema: FromType(f.Type, tag, overrides)})
		}
		return s
	case reflect.Map:
		return MapOf(FromType(t.Elem(), tag, overrides))
	case reflect.Slice, reflect.Array:
		return ArrayOf(FromType(t.Elem(), tag, overrides))
	case reflect.Bool:
		return BoolSchema()
	case reflect.String:
		return StringSchema()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return IntSchema()
	}
	return AnySchema()
}

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

// JSONFor checks the document against s and returns it as JSON, converted as s says (text is
// always a JSON string, even when YAML wrote it unquoted). Member order is kept.
func (d *Document) JSONFor(s *Schema) ([]byte, error) {
	if err := d.Check(s); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := d.encode(&buf, d.Root, s); err != nil {
		return nil, Problems{d.Problem(nil, "", err.Error())}
	}
	return buf.Bytes(), nil
}

// Decode checks the document against s and decodes its JSON form (see JSONFor) into v with
// encoding/json, so the SDK types' own JSON decoding applies.
func (d *Document) Decode(s *Schema, v any) error {
	b, err := d.JSONFor(s)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return Problems{d.Problem(nil, "", err.Error())}
	}
	return nil
}

func (d *Document) encode(buf *bytes.Buffer, n *yaml.Node, s *Schema) error {
	n = deref(n)
	if IsNull(n) {
		buf.WriteString("null")
		return nil
	}
	if s == nil {
		s = AnySchema()
	}
	if s.Type == OneOf {
		if s = d.pick(n, s); s == nil {
			return fmt.Errorf("line %d: no alternative fits", n.Line)
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				buf.WriteByte(',')
			}
			k := deref(n.Content[i])
			kb, _ := json.Marshal(k.Value)
			buf.Write(kb)
			buf.WriteByte(':')
			var es *Schema
			switch s.Type {
			case Object:
				es = s.Field(k.Value)
			case Map:
				es = s.Elem
			}
			if err := d.encode(buf, n.Content[i+1], es); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		return nil
	case yaml.SequenceNode:
		buf.WriteByte('[')
		var es *Schema
		if s.Type == Array {
			es = s.Elem
		}
		for i, e := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := d.encode(buf, e, es); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	}
	tag := n.ShortTag()
	switch {
	case s.Type == String || tag == "!!str" || tag == "!!timestamp":
		b, _ := json.Marshal(n.Value)
		buf.Write(b)
	case tag == "!!bool":
		b, err := strconv.ParseBool(n.Value)
		if err != nil {
			return fmt.Errorf("line %d: %q is not true or false", n.Line, n.Value)
		}
		buf.WriteString(strconv.FormatBool(b))
	case tag == "!!int":
		if d.JSON {
			buf.WriteString(n.Value)
			break
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			return fmt.Errorf("line %d: %q is not a number JSON can hold", n.Line, n.Value)
		}
		buf.WriteString(strconv.FormatInt(i, 10))
	case tag == "!!float":
		if d.JSON {
			buf.WriteString(n.Value)
			break
		}
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("line %d: %q is not a number JSON can hold", n.Line, n.Value)
		}
		buf.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		b, _ := json.Marshal(n.Value)
		buf.Write(b)
	}
	return nil
}
