package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

type item struct {
	Name string `json:"name" yaml:"name"`
	N    int    `json:"n" yaml:"n"`
}

// Every streamed format reads back as the list written, empty or not.
func TestStreamRoundTrip(t *testing.T) {
	for _, items := range [][]item{nil, {{"a & <b>", 1}}, {{"a", 1}, {"b: c", 2}, {"- d", 3}}} {
		for _, fm := range []Format{JSON, JSONL, YAML, CSV} {
			var buf bytes.Buffer
			s, err := NewStream(&buf, fm, []string{"name", "n"}, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if err := s.Item(it, []string{it.Name, strings.Repeat("x", it.N)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s.Count() != len(items) {
				t.Errorf("%s: Count %d, want %d", fm, s.Count(), len(items))
			}
			var got []item
			switch fm {
			case JSON:
				err = json.Unmarshal(buf.Bytes(), &got)
			case YAML:
				err = yaml.Unmarshal(buf.Bytes(), &got)
			case JSONL:
				for _, l := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
					if l == "" {
						continue
					}
					var it item
					if err = json.Unmarshal([]byte(l), &it); err != nil {
						break
					}
					got = append(got, it)
				}
			case CSV:
				lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
				if lines[0] != "name,n" || len(lines) != len(items)+1 {
					t.Errorf("csv %d items:\n%s", len(items), buf.String())
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %d items: %v\n%s", fm, len(items), err, buf.String())
			}
			if len(items) == 0 && got != nil && len(got) != 0 || len(items) > 0 && !cmp.Equal(got, items) {
				t.Errorf("%s: read back %v, want %v\n%s", fm, got, items, buf.String())
			}
			if fm == JSON && len(items) == 0 && buf.String() != "[]\n" {
				t.Errorf("empty JSON list: %q", buf.String())
			}
		}
	}
}

func TestStreamCSVNoHeadersAndTables(t *testing.T) {
	var buf bytes.Buffer
	s, _ := NewStream(&buf, CSV, []string{"name"}, true)
	s.Item(nil, []string{"a"}, []string{"b"})
	if err := s.Close(); err != nil || buf.String() != "a\nb\n" {
		t.Errorf("--no-headers csv: %q, %v", buf.String(), err)
	}
	for _, fm := range []Format{Table, Wide} {
		if _, err := NewStream(&buf, fm, nil, false); err == nil {
			t.Errorf("%s streamed", fm)
		}
	}
}
