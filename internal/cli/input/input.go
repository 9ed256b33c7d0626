// Package input reads the JSON and YAML files a person gives wxc (-f bodies, desired-state
// files) strictly: every key must be one the schema allows at that place, every value must
// have the type the schema wants, and no key may appear twice in one object. All problems
// are reported at once, each with the file, line, column and path, the keys allowed there
// and, for a likely typo, "did you mean …?".
//
// JSON is read with encoding/json's tokenizer, YAML with go.yaml.in/yaml/v3; both give the
// same tree of *yaml.Node, so the checks and messages are the same for both.
package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong in an input file.
type Problem struct {
	File   string // "" when unknown
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Path   string // e.g. callingPermissions[2].action; "" for the whole document
	Msg    string
}

// Error renders "FILE: line L, column C: PATH: MSG", leaving out the parts that are unknown.
func (p *Problem) Error() string {
	var parts []string
	if p.File != "" {
		parts = append(parts, p.File)
	}
	switch {
	case p.Line > 0 && p.Column > 0:
		parts = append(parts, fmt.Sprintf("line %d, column %d", p.Line, p.Column))
	case p.Line > 0:
		parts = append(parts, fmt.Sprintf("line %d", p.Line))
	}
	if p.Path != "" {
		parts = append(parts, p.Path)
	}
	parts = append(parts, p.Msg)
	return strings.Join(parts, ": ")
}

// Problems are every problem found in one file, in document order. It is the error type of
// Parse and Check.
type Problems []*Problem

// Error renders one problem, or "N problems:" and then one indented problem per line.
func (ps Problems) Error() string {
	if len(ps) == 1 {
		return ps[0].Error()
	}
	return fmt.Sprintf("%d problems:\n  %s", len(ps), strings.Join(ps.Lines(), "\n  "))
}

// Lines are the problems' messages, one each.
func (ps Problems) Lines() []string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return lines
}

// Document is one parsed JSON or YAML document.
type Document struct {
	// Name names the file in messages ("stdin" for standard input).
	Name string
	// Root is the document's top node (a mapping, sequence or scalar; aliases resolved by
	// the accessors of this package).
	Root *yaml.Node
	// JSON reports whether the document was JSON (then a number is never text).
	JSON bool
}

// Parse reads one JSON document (when the first non-blank byte is '{' or '[') or one YAML
// document. name is used in messages. Syntax errors, an empty input and several documents
// are returned as Problems.
func Parse(name string, data []byte) (*Document, error) {
	t := bytes.TrimSpace(data)
	if len(t) == 0 {
		return nil, Problems{{File: name, Msg: "the file is empty"}}
	}
	if !utf8.Valid(data) {
		return nil, Problems{{File: name, Msg: "the file is not UTF-8 text"}}
	}
	d := &Document{Name: name}
	var err error
	if t[0] == '{' || t[0] == '[' {
		d.JSON = true
		d.Root, err = parseJSON(data)
	} else {
		d.Root, err = parseYAML(data)
	}
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				p.File = name
			}
			return nil, ps
		}
		return nil, Problems{{File: name, Msg: err.Error()}}
	}
	if d.Root == nil {
		return nil, Problems{{File: name, Msg: "the file is empty"}}
	}
	return d, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func parseYAML(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, yamlProblem(err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, yamlProblem(err)
	default:
		return nil, Problems{{Line: next.Line, Msg: "more than one YAML document (---); give one"}}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	return root, nil
}

func yamlProblem(err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problems{{Line: line, Msg: "not valid YAML: " + m[2]}}
	}
	return Problems{{Msg: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}}
}

// jsonParser builds a yaml.Node tree from JSON, with the line and column of every token.
type jsonParser struct {
	data  []byte
	dec   *json.Decoder
	lines []int // byte offset of the start of each line
}

func parseJSON(data []byte) (*yaml.Node, error) {
	p := &jsonParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: []int{0}}
	p.dec.UseNumber()
	for i, c := range data {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	n, err := p.value()
	if err != nil {
		return nil, p.problem(err)
	}
	start := p.next()
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		l, c := p.pos(start)
		return nil, Problems{{Line: l, Column: c, Msg: "more than one JSON value; give one"}}
	}
	return n, nil
}

// next is the offset of the next token: after blanks and the separators ':' and ','.
func (p *jsonParser) next() int {
	i := int(p.dec.InputOffset())
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\r', '\n', ':', ',':
			i++
			continue
		}
		break
	}
	return i
}

// pos turns a byte offset into a 1-based line and column (in characters).
func (p *jsonParser) pos(off int) (int, int) {
	line := 0
	for line+1 < len(p.lines) && p.lines[line+1] <= off {
		line++
	}
	start := p.lines[line]
	if off > len(p.data) {
		off = len(p.data)
	}
	return line + 1, utf8.RuneCount(p.data[start:off]) + 1
}

func (p *jsonParser) problem(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		l, c := p.pos(int(se.Offset))
		return Problems{{Line: l, Column: c, Msg: "not valid JSON: " + se.Error()}}
	}
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		l, c := p.pos(len(p.data))
		return Problems{{Line: l, Column: c, Msg: "not valid JSON: unexpected end of the file"}}
	}
	return Problems{{Msg: "not valid JSON: " + err.Error()}}
}

func (p *jsonParser) value() (*yaml.Node, error) {
	start := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	line, col := p.pos(start)
	n := &yaml.Node{Line: line, Column: col}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for p.dec.More() {
				kstart := p.next()
				ktok, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := ktok.(string)
				if !ok {
					l, c := p.pos(kstart)
					return nil, Problems{{Line: l, Column: c, Msg: "not valid JSON: an object key must be a string"}}
				}
				kl, kc := p.pos(kstart)
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: key, Line: kl, Column: kc}
				val, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, k, val)
			}
		case '[':
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for p.dec.More() {
				val, err := p.value()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, val)
			}
		default:
			return nil, &json.SyntaxError{}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.Kind, n.Tag, n.Style, n.Value = yaml.ScalarNode, "!!str", yaml.DoubleQuotedStyle, v
	case json.Number:
		n.Kind, n.Value = yaml.ScalarNode, v.String()
		n.Tag = "!!int"
		if strings.ContainsAny(n.Value, ".eE") {
			n.Tag = "!!float"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(v)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}

// deref follows YAML aliases.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// IsNull reports whether n is absent or a null value.
func IsNull(n *yaml.Node) bool {
	n = deref(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// Lookup returns the key node and value node of key in the mapping n (nil, nil when n is not
// a mapping or has no such key).
func Lookup(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := deref(n.Content[i]); k.Value == key {
			return k, deref(n.Content[i+1])
		}
	}
	return nil, nil
}

// Items returns the elements of the sequence n (nil when n is not a sequence).
func Items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = deref(c)
	}
	return out
}

// Keys returns the keys of the mapping n in document order.
func Keys(n *yaml.Node) []string {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, deref(n.Content[i]).Value)
	}
	return out
}

// Problem returns a Problem of this document at node n (nil: the whole document).
func (d *Document) Problem(n *yaml.Node, path, msg string) *Problem {
	p := &Problem{File: d.Name, Path: path, Msg: msg}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	return p
}

// Where names node n for messages: "FILE: line L, column C".
func (d *Document) Where(n *yaml.Node) string {
	p := d.Problem(n, "", "")
	s := p.Error()
	return strings.TrimSuffix(s, ": ")
}
