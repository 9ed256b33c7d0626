package output

import (
	"bytes"
	"testing"
)

type sample struct {
	Zeta  string            `json:"zeta"`
	Alpha int               `json:"alpha"`
	Map   map[string]string `json:"map,omitempty"`
}

func TestRenderFormats(t *testing.T) {
	t.Parallel()
	rows := &Rows{Headers: []string{"name", "value"}}
	rows.Add("a", "1")
	rows.Add("long name", "with,comma")
	data := sample{Zeta: "z", Alpha: 1, Map: map[string]string{"b": "2", "a": "1"}}
	tests := []struct {
		name   string
		format Format
		tty    bool
		want   string
	}{
		{"table tty", Table, true, "NAME       VALUE\na          1\nlong name  with,comma\n"},
		{"table pipe", Table, false, "a\t1\nlong name\twith,comma\n"},
		{"csv", CSV, false, "name,value\na,1\nlong name,\"with,comma\"\n"},
		{"json", JSON, false, "{\n  \"zeta\": \"z\",\n  \"alpha\": 1,\n  \"map\": {\n    \"a\": \"1\",\n    \"b\": \"2\"\n  }\n}\n"},
		{"jsonl", JSONL, false, "{\"zeta\":\"z\",\"alpha\":1,\"map\":{\"a\":\"1\",\"b\":\"2\"}}\n"},
		{"yaml", YAML, false, "zeta: z\nalpha: 1\nmap:\n  a: \"1\"\n  b: \"2\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, tt.format, tt.tty, data, rows); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestTableSanitizesCells(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	rows := &Rows{Rows: [][]string{{"a\tb", "c\nd"}}}
	if err := WriteTable(&buf, false, rows); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "a b\tc d\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	if f, err := ParseFormat("JSON"); err != nil || f != JSON {
		t.Errorf("ParseFormat(JSON) = %q, %v", f, err)
	}
	if _, err := ParseFormat("jsonl"); err == nil {
		t.Error("jsonl accepted without being allowed")
	}
	if f, err := ParseFormat("jsonl", JSONL, JSON); err != nil || f != JSONL {
		t.Errorf("ParseFormat(jsonl, allowed) = %q, %v", f, err)
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}
