package plan

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The YAML helpers of desired-state files: strict decoding of a sub-document, and the line
// numbers of error messages.

// decodeStrict decodes n into v; unknown keys are errors, with the lines of the whole file.
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

// lineOfPath is the line of path in the parsed file (0 for a Desired built in code).
func (d *Desired) lineOfPath(path ...string) int {
	if d.root == nil {
		return 0
	}
	return lineOf(d.root, path...)
}
