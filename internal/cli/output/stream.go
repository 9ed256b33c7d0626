package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
)

// Stream writes a list one item at a time, so that a long list (an org's export, a list of
// people) needs no memory: JSON as one indented array, JSON lines, YAML as one sequence, or
// CSV with one header row. The table formats are not streamed (their columns are aligned
// over all rows): collect Rows for them instead.
type Stream struct {
	w         io.Writer
	format    Format
	n         int
	csv       *csv.Writer
	header    []string
	noHeaders bool
	headed    bool
}

// NewStream returns a Stream of format to w. header is the CSV header row (written before the
// first row, or alone for an empty list, unless noHeaders).
func NewStream(w io.Writer, format Format, header []string, noHeaders bool) (*Stream, error) {
	s := &Stream{w: w, format: format, header: header, noHeaders: noHeaders}
	switch format {
	case JSON, JSONL, YAML:
	case CSV:
		s.csv = csv.NewWriter(w)
	default:
		return nil, fmt.Errorf("output: %q cannot be streamed", format)
	}
	return s, nil
}

// Count is the number of items written.
func (s *Stream) Count() int { return s.n }

// Item writes one item: v in JSON, JSON lines and YAML; rows (CSV records, any number,
// e.g. one per call type) in CSV.
func (s *Stream) Item(v any, rows ...[]string) error {
	defer func() { s.n++ }()
	switch s.format {
	case JSONL:
		return WriteJSONLine(s.w, v)
	case JSON:
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if s.n == 0 {
			sep = "[\n  "
		}
		if _, err := io.WriteString(s.w, sep); err != nil {
			return err
		}
		_, err = s.w.Write(b)
		return err
	case YAML:
		b, err := YAMLBytes(v)
		if err != nil {
			return err
		}
		// One sequence item: "- " before the first line, two spaces before the others.
		var buf bytes.Buffer
		for i, l := range bytes.SplitAfter(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
			if i == 0 {
				buf.WriteString("- ")
			} else {
				buf.WriteString("  ")
			}
			buf.Write(l)
		}
		buf.WriteByte('\n')
		_, err = s.w.Write(buf.Bytes())
		return err
	}
	if err := s.writeHeader(); err != nil {
		return err
	}
	for _, r := range rows {
		if err := s.csv.Write(r); err != nil {
			return err
		}
	}
	return nil
}

func (s *Stream) writeHeader() error {
	if s.headed || s.noHeaders {
		return nil
	}
	s.headed = true
	return s.csv.Write(s.header)
}

// Close ends the document: the JSON array (an empty list is "[]"), the YAML sequence ("[]"
// when empty), the CSV header of an empty list; and flushes CSV.
func (s *Stream) Close() error {
	switch s.format {
	case JSON:
		end := "\n]\n"
		if s.n == 0 {
			end = "[]\n"
		}
		_, err := io.WriteString(s.w, end)
		return err
	case YAML:
		if s.n == 0 {
			_, err := io.WriteString(s.w, "[]\n")
			return err
		}
	case CSV:
		if err := s.writeHeader(); err != nil {
			return err
		}
		s.csv.Flush()
		return s.csv.Error()
	}
	return nil
}
