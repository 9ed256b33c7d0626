// Package output renders command results as a table, a wide table, JSON, JSON lines, YAML
// or CSV, and writes --output-file atomically (file.go).
//
// Commands build two views of a result: the data value (rendered as JSON/YAML with the
// field order of its JSON encoding) and Rows (snake_case headers and string cells) for the
// table, wide and CSV formats. Columns marked with MarkWide (IDs, long text) appear only with
// -o wide and in CSV, so that the default table fits 80 columns. Tables are aligned with an
// upper-case header on a terminal, where -o table also cuts the longest cells (ending them in
// "…") to the terminal's width; otherwise they are tab-separated without a header and never
// cut. CSV has a header row (the snake_case names) unless NoHeaders.
package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rivo/uniseg"
	"go.yaml.in/yaml/v3"
)

// Format is an output format name.
type Format string

// Output formats.
const (
	Table Format = "table"
	Wide  Format = "wide" // the table with the columns marked wide (IDs, long text)
	JSON  Format = "json"
	JSONL Format = "jsonl"
	YAML  Format = "yaml"
	CSV   Format = "csv"
)

// DefaultFormats are the formats of a command that shows a result (ParseFormat's default).
func DefaultFormats() []Format { return []Format{Table, Wide, JSON, YAML, CSV} }

// ParseFormat checks s against allowed (DefaultFormats when allowed is empty). Wide is
// accepted wherever Table is.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	allowed = Allowed(allowed...)
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

// Allowed returns the formats a command that allows allowed accepts: DefaultFormats for
// none, and Wide right after Table when Table is allowed.
func Allowed(allowed ...Format) []Format {
	if len(allowed) == 0 {
		return DefaultFormats()
	}
	var out []Format
	for _, a := range allowed {
		if a == Wide {
			continue
		}
		out = append(out, a)
		if a == Table {
			out = append(out, Wide)
		}
	}
	return out
}

// Rows is the tabular view of a result. Headers are lower-case snake_case names
// ("call_type"): CSV writes them as they are, a terminal table in upper case with spaces
// ("CALL TYPE").
type Rows struct {
	Headers []string
	Rows    [][]string
	wide    map[int]bool
	uncut   map[string]bool // headers of columns a terminal table never shortens
}

// Add appends a row.
func (r *Rows) Add(cells ...string) { r.Rows = append(r.Rows, cells) }

// MarkWide marks the columns with these headers as wide: the table format leaves them out
// and -o wide shows them; CSV always has every column. A header that is not one of the
// rows' is ignored.
func (r *Rows) MarkWide(headers ...string) *Rows {
	for _, h := range headers {
		for i, x := range r.Headers {
			if x == h {
				if r.wide == nil {
					r.wide = map[int]bool{}
				}
				r.wide[i] = true
			}
		}
	}
	return r
}

// MarkUncut marks the columns with these headers as never shortened to fit a terminal (a
// number, an action): the other columns give way instead.
func (r *Rows) MarkUncut(headers ...string) *Rows {
	if r.uncut == nil {
		r.uncut = map[string]bool{}
	}
	for _, h := range headers {
		r.uncut[h] = true
	}
	return r
}

// IsWide reports whether the column with this header is marked wide.
func (r *Rows) IsWide(header string) bool {
	for i, x := range r.Headers {
		if x == header && r.wide[i] {
			return true
		}
	}
	return false
}

// narrow returns the rows without the wide columns.
func (r *Rows) narrow() *Rows {
	if len(r.wide) == 0 {
		return r
	}
	keep := func(cells []string) []string {
		var out []string
		for i, c := range cells {
			if !r.wide[i] {
				out = append(out, c)
			}
		}
		return out
	}
	n := &Rows{Headers: keep(r.Headers), uncut: r.uncut}
	for _, row := range r.Rows {
		n.Rows = append(n.Rows, keep(row))
	}
	return n
}

// DefaultWidth is the width terminal tables are cut to when the terminal's is not known.
const DefaultWidth = 80

// Options are how a result is rendered.
type Options struct {
	TTY       bool // stdout is a terminal: aligned table with a header
	Width     int  // terminal width for -o table (0: DefaultWidth); longer cells end in "…"
	NoHeaders bool // no header row (table, wide, CSV)
	Color     bool // a terminal table's header in bold (false with NO_COLOR or not a terminal)
}

// Render writes data in format f to w. rows is used for table and CSV; tty selects the
// aligned table with header.
func Render(w io.Writer, f Format, tty bool, data any, rows *Rows) error {
	return RenderWith(w, f, Options{TTY: tty}, data, rows)
}

// RenderWith writes data in format f to w with the options o: data for JSON, JSON lines
// and YAML, rows for table, wide and CSV.
func RenderWith(w io.Writer, f Format, o Options, data any, rows *Rows) error {
	switch f {
	case JSON:
		return WriteJSON(w, data)
	case JSONL:
		return WriteJSONLine(w, data)
	case YAML:
		return WriteYAML(w, data)
	case CSV:
		return writeCSV(w, rows, o.NoHeaders)
	case Table, "":
		if rows != nil {
			rows = rows.narrow()
		}
		return writeTable(w, o, true, rows)
	case Wide:
		return writeTable(w, o, false, rows)
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

// WriteCSV writes rows as CSV with a header row. Every column is written, wide ones too.
func WriteCSV(w io.Writer, rows *Rows) error { return writeCSV(w, rows, false) }

func writeCSV(w io.Writer, rows *Rows, noHeaders bool) error {
	cw := csv.NewWriter(w)
	if rows == nil {
		rows = &Rows{}
	}
	if !noHeaders {
		if err := cw.Write(rows.Headers); err != nil {
			return err
		}
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
// header; otherwise tab-separated cells without a header, for scripts. Every column is
// written and no cell is cut.
func WriteTable(w io.Writer, tty bool, rows *Rows) error {
	return writeTable(w, Options{TTY: tty}, false, rows)
}

// writeTable writes rows as WriteTable does, with o's header and colour choices; cut, on a
// terminal, shortens the longest cells (ending them in "…") until a line fits o.Width.
func writeTable(w io.Writer, o Options, cut bool, rows *Rows) error {
	if rows == nil {
		return nil
	}
	var b strings.Builder
	if !o.TTY {
		for _, r := range rows.Rows {
			for i, c := range r {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(SanitizeCell(c))
			}
			b.WriteByte('\n')
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	n := len(rows.Headers)
	for _, r := range rows.Rows {
		n = max(n, len(r))
	}
	grid := make([][]string, 0, len(rows.Rows)+1)
	header := !o.NoHeaders && len(rows.Headers) > 0
	if header {
		h := make([]string, n)
		for i, s := range rows.Headers {
			h[i] = HeaderTitle(s)
		}
		grid = append(grid, h)
	}
	for _, r := range rows.Rows {
		cells := make([]string, n)
		for i, c := range r {
			cells[i] = SanitizeCell(c)
		}
		grid = append(grid, cells)
	}
	widths := make([]int, n)
	for _, r := range grid {
		for i, c := range r {
			widths[i] = max(widths[i], cellWidth(c))
		}
	}
	if cut {
		width := o.Width
		if width <= 0 {
			width = DefaultWidth
		}
		var minWidths []int
		if header || len(rows.uncut) > 0 {
			minWidths = make([]int, n)
		}
		if header {
			for i, h := range grid[0] {
				minWidths[i] = cellWidth(h)
			}
		}
		for i, h := range rows.Headers {
			if rows.uncut[h] {
				minWidths[i] = widths[i]
			}
		}
		fitWidths(widths, minWidths, width)
	}
	for li, r := range grid {
		var line strings.Builder
		for i, c := range r {
			c = truncate(c, widths[i])
			line.WriteString(c)
			if i < n-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-cellWidth(c)+2))
			}
		}
		s := line.String()
		if li == 0 && header && o.Color {
			s = "\x1b[1m" + strings.TrimRight(s, " ") + "\x1b[0m"
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// minCut is the narrowest a column is cut to (unless its header is wider).
const minCut = 8

// fitWidths narrows the widest columns, one character at a time, until the columns and their
// two-space gaps fit width or no column can be narrowed (each keeps its header and minCut).
func fitWidths(widths, minWidths []int, width int) {
	total := func() int {
		t := 2 * (len(widths) - 1)
		for _, w := range widths {
			t += w
		}
		return t
	}
	for t := total(); t > width; t-- {
		best := -1
		for i, w := range widths {
			floor := minCut
			if minWidths != nil {
				floor = max(floor, minWidths[i])
			}
			if w > floor && (best < 0 || w > widths[best]) {
				best = i
			}
		}
		if best < 0 {
			return
		}
		widths[best]--
	}
}

// cellWidth is the number of terminal cells s takes (East Asian wide characters and most
// emoji take two; combining marks none).
func cellWidth(s string) int { return uniseg.StringWidth(s) }

// truncate cuts s to at most width cells, the last being "…", when it is wider; it cuts
// between grapheme clusters, never inside one.
func truncate(s string, width int) string {
	if cellWidth(s) <= width {
		return s
	}
	if width < 1 {
		return ""
	}
	var b strings.Builder
	used, state := 0, -1
	for rest := s; rest != ""; {
		var cluster string
		var w int
		cluster, rest, w, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if used+w > width-1 {
			break
		}
		b.WriteString(cluster)
		used += w
	}
	return b.String() + "…"
}

// HeaderTitle is how a terminal table shows a header: upper case, "_" as a space.
func HeaderTitle(h string) string { return strings.ToUpper(strings.ReplaceAll(h, "_", " ")) }

// cellReplacer turns tabs and line breaks into spaces.
var cellReplacer = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

// SanitizeCell keeps a table cell on one line and free of tabs.
func SanitizeCell(s string) string { return cellReplacer.Replace(s) }
