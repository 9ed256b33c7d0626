package input

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

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
