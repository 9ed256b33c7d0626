package callcheck_test

import (
	"os"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
)

// TestDocsTable checks docs/CALLCHECK.md against the built-in table: every row is listed in its
// country's section with its call type and its assumed mark, and the doc lists no other row.
func TestDocsTable(t *testing.T) {
	b, err := os.ReadFile("../docs/CALLCHECK.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string][]string{} // heading's first word -> table rows
	cur := ""
	for _, line := range strings.Split(string(b), "\n") {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			cur = strings.Fields(h)[0]
			continue
		}
		if cur != "" && strings.HasPrefix(line, "| `") {
			sections[cur] = append(sections[cur], line)
		}
	}
	want := 0
	for _, r := range callcheck.BuiltinRules() {
		sec := r.Country
		switch r.Country {
		case "CA", "PR":
			continue // share the US section
		case "*":
			sec = "Number"
		}
		want++
		match := r.Pattern
		if match == "" {
			match = r.NumberType
		}
		mark := "| definition |"
		if r.Assumed {
			mark = "| **assumed** |"
		}
		found := false
		for _, row := range sections[sec] {
			if strings.HasPrefix(row, "| `"+match+"` |") && strings.Contains(row, "| "+r.CallType+" |") && strings.HasSuffix(row, mark) {
				found = true
			}
		}
		if !found {
			t.Errorf("docs/CALLCHECK.md section %s: no row for %s -> %s %s", sec, match, r.CallType, mark)
		}
	}
	got := 0
	for _, rows := range sections {
		got += len(rows)
	}
	if got != want {
		t.Errorf("docs/CALLCHECK.md lists %d rows, the built-in table has %d", got, want)
	}
	// The NANP rows must be the same for US, CA and PR.
	count := map[string]int{}
	for _, r := range callcheck.BuiltinRules() {
		count[r.Country]++
	}
	if count["US"] != count["CA"] || count["US"] != count["PR"] {
		t.Errorf("NANP rows differ: US %d, CA %d, PR %d", count["US"], count["CA"], count["PR"])
	}
}
