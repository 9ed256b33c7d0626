package input

import (
	"reflect"
	"strings"
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
