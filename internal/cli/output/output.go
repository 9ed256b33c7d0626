// Package output renders command results as a table, JSON, JSON lines, YAML or CSV.
//
// Commands build two views of a result: the data value (rendered as JSON/YAML with the
// field order of its JSON encoding) and a Table (headers and string cells) for the table and
// CSV formats. Tables are aligned with a header on a terminal and tab-separated without a
// header otherwise; CSV always has a header row.
package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"go.yaml.in/yaml/v3"
)

// Format is an output format name.
type Format string

// Output formats.
const (
	Table Format = "table"
	JSON  Format = "json"
	JSONL Format = "jsonl"
	YAML  Format = "yaml"
	CSV   Format = "csv"
)

// ParseFormat checks s against allowed (all formats but jsonl when allowed is empty).
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = []Format{Table, JSON, YAML, CSV}
	}
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, a := range allowed {
		if f == a {
			return f, nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return "", fmt.Errorf("unknown output format %q: want %s", s, strings.Join(names, ", "))
}

// Rows is the tabular view of a result.
type Rows struct {
	Headers []string
	Rows    [][]string
}

// Add appends a row.
func (r *Rows) Add(cells ...string) { r.Rows = append(r.Rows, cells) }

// Render writes data in format f to w. rows is used for table and CSV; tty selects the
// aligned table with header.
func Render(w io.Writer, f Format, tty bool, data any, rows *Rows) error {
	switch f {
	case JSON:
		return WriteJSON(w, data)
	case JSONL:
		return WriteJSONLine(w, data)
	case YAML:
		return WriteYAML(w, data)
	case CSV:
		return WriteCSV(w, rows)
	case Table, "":
		return WriteTable(w, tty, rows)
	}
	return fmt.Errorf("unknown output format %q", f)
}

// WriteJSON writes v as indented JSON followed by a newline. Field order is that of the
// types' JSON encoding (struct order; map keys sorted), so it is stable.
func WriteJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteJSONLine writes v as one compact JSON line.
func WriteJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteYAML writes v as YAML with the same field order as its JSON encoding (the value goes
// through its MarshalJSON methods first, so unknown members kept by the SDK appear too).
func WriteYAML(w io.Writer, v any) error {
	b, err := YAMLBytes(v)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// YAMLBytes returns v encoded as YAML (see WriteYAML).
func YAMLBytes(v any) ([]byte, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var node yaml.Node
	if err := yaml.Unmarshal(j, &node); err != nil {
		return nil, err
	}
	clearStyle(&node)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// clearStyle turns JSON flow style into block style, keeping quoting where YAML needs it.
func clearStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		n.Style &^= yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		clearStyle(c)
	}
}

// WriteCSV writes rows as CSV with a header row.
func WriteCSV(w io.Writer, rows *Rows) error {
	cw := csv.NewWriter(w)
	if rows == nil {
		rows = &Rows{}
	}
	if err := cw.Write(rows.Headers); err != nil {
		return err
	}
	for _, r := range rows.Rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes rows as a table: on a terminal (tty) aligned columns with an upper-case
// header; otherwise tab-separated cells without a header, for scripts.
func WriteTable(w io.Writer, tty bool, rows *Rows) error {
	if rows == nil {
		return nil
	}
	if !tty {
		var b strings.Builder
		for _, r := range rows.Rows {
			for i, c := range r {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(sanitizeCell(c))
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(rows.Headers) > 0 {
		h := make([]string, len(rows.Headers))
		for i, s := range rows.Headers {
			h[i] = strings.ToUpper(s)
		}
		fmt.Fprintln(tw, strings.Join(h, "\t"))
	}
	for _, r := range rows.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = sanitizeCell(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// sanitizeCell keeps a cell on one line and free of tabs.
func sanitizeCell(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
