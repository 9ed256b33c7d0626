package diff

import (
	"strconv"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func parse(t *testing.T, s string) []snapshot.Settings {
	t.Helper()
	ss, _, err := Parse("t.jsonl", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestCompare(t *testing.T) {
	t.Parallel()
	old := parse(t, `{"kind":"location","id":"L1","name":"Dallas","outgoingPermissions":{"callingPermissions":[{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":true}]}}
{"kind":"person","id":"P1","name":"Al","email":"al@x"}
`)
	same := Compare(old, old)
	if !same.Summary.Equal || len(same.Changed)+len(same.Added)+len(same.Removed) != 0 {
		t.Errorf("a file against itself: %+v", same.Summary)
	}
	nw := parse(t, `{"kind":"location","id":"L1","name":"Dallas HQ","outgoingPermissions":{"callingPermissions":[{"callType":"INTERNATIONAL","action":"BLOCK","transferEnabled":true}]}}
{"kind":"workspace","id":"W1","name":"Lobby"}
`)
	res := Compare(old, nw)
	if res.Summary.Equal || res.Summary.Changed != 1 || res.Summary.Added != 1 || res.Summary.Removed != 1 {
		t.Fatalf("summary %+v", res.Summary)
	}
	var fields []string
	for _, c := range res.Changed[0].Changes {
		fields = append(fields, c.Field)
	}
	if got := strings.Join(fields, ","); got != "name,outgoing.callingPermissions.INTERNATIONAL" {
		t.Errorf("changed fields %s", got)
	}
	if res.Added[0].Kind != wxc.Workspace || res.Removed[0].ID != "P1" {
		t.Errorf("added %+v removed %+v", res.Added, res.Removed)
	}
	var b strings.Builder
	if err := writeText(&b, res); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"location Dallas HQ [L1]\n", `~ name: "Dallas" -> Dallas HQ`, "~ outgoing.callingPermissions.INTERNATIONAL: ALLOW -> BLOCK\n\nAdded", "+ workspace Lobby [W1]", "- person Al <al@x> [P1]", "Diff: 1 changed (2 changes), 1 added, 1 removed."} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, b.String())
		}
	}
}

func TestParseSummaryAndErrors(t *testing.T) {
	t.Parallel()
	ss, sum, err := Parse("e.jsonl", []byte(`{"kind":"person","id":"P1"}
{"kind":"summary","complete":false,"listed":2,"exported":1,"unreadable":1}
`))
	if err != nil || len(ss) != 1 || sum == nil || sum.Listed != 2 {
		t.Errorf("incomplete export: %v %v %v", ss, sum, err)
	}
	for in, want := range map[string]string{
		"{\"kind\":\"person\",\"id\":\"P1\",\"outgoingPermissions\":5}\n": "e.jsonl:1: not an export record",
		"\n\n{\"kind\":\"person\"\n":                                      "e.jsonl:3:",
		"[\n{\"kind\":\"person\",\"id\":\"P1\"}\n,\n{\"id\":\"x\"}\n]":    "e.jsonl:4: not an export record: no kind or id",
		"[\n{\"kind\":\"person\",\"id\":\"P1\"},\n{\"kind\":\n":           "e.jsonl:",
	} {
		if _, _, err := Parse("e.jsonl", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", in, err, want)
		}
	}
}

// BenchmarkParseCompare parses and compares two exports of n people.
func BenchmarkParseCompare(b *testing.B) {
	const n = 10000
	var oldB, newB strings.Builder
	for i := range n {
		rec := `{"kind":"person","id":"P%d","name":"Person %d","email":"p%d@x","outgoingPermissions":{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"INTERNATIONAL","action":"%s","transferEnabled":true},{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true}]}}` + "\n"
		oldB.WriteString(strings.NewReplacer("%d", itoa(i), "%s", "ALLOW").Replace(rec))
		a := "ALLOW"
		if i%100 == 0 {
			a = "BLOCK"
		}
		newB.WriteString(strings.NewReplacer("%d", itoa(i), "%s", a).Replace(rec))
	}
	ob, nb := []byte(oldB.String()), []byte(newB.String())
	b.SetBytes(int64(len(ob) + len(nb)))
	b.ReportAllocs()
	for b.Loop() {
		o, _, err := Parse("old", ob)
		if err != nil {
			b.Fatal(err)
		}
		nw, _, err := Parse("new", nb)
		if err != nil {
			b.Fatal(err)
		}
		if res := Compare(o, nw); res.Summary.Changed != n/100 {
			b.Fatalf("changed %d", res.Summary.Changed)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
