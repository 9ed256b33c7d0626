package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// genOrg writes an export of n callers in a few locations with varied settings: own or
// inherited permissions and patterns, settings not read (nil), transfer numbers missing,
// access codes, an action the SDK does not declare.
func genOrg(t *testing.T, n int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	actions := []wxc.Action{wxc.ActionAllow, wxc.ActionBlock, wxc.ActionAuthCode, wxc.ActionTransferNumber1, wxc.ActionTransferNumber2, wxc.ActionTransferNumber3, "MAYBE"}
	pick := func() wxc.Action { return actions[r.IntN(len(actions))] }
	perms := func() *wxc.OutgoingPermissions {
		if r.IntN(8) == 0 {
			return nil
		}
		p := wxc.NewCallingPermissions()
		for _, ct := range wxc.KnownCallTypes() {
			if r.IntN(6) > 0 {
				p.Set(ct, wxc.CallTypePermission{Action: pick(), TransferEnabled: r.IntN(2) == 0})
			}
		}
		return &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(r.IntN(2) == 0), CallingPermissions: p}
	}
	pats := []string{"+1900!", "+44909!", "9XXX", "1XXX", "+4470!", "+1212555XXXX", "0XXXXXXXXXX", "+49!", "011!"}
	patterns := func() *wxc.DigitPatterns {
		if r.IntN(6) == 0 {
			return nil
		}
		dp := &wxc.DigitPatterns{UseCustomDigitPatterns: wxc.Bool(r.IntN(2) == 0)}
		for i := range r.IntN(4) {
			dp.DigitPatterns = append(dp.DigitPatterns, wxc.DigitPattern{ID: fmt.Sprint(i), Name: fmt.Sprintf("p%d", i), Pattern: pats[r.IntN(len(pats))],
				Action: pick(), TransferEnabled: wxc.Bool(r.IntN(2) == 0)})
		}
		return dp
	}
	transfer := func() *wxc.AutoTransferNumbers {
		if r.IntN(5) == 0 {
			return nil
		}
		t := &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(r.IntN(2) == 0)}
		if r.IntN(2) == 0 {
			t.AutoTransferNumber1 = wxc.String(" +12125550199 ")
		}
		if r.IntN(2) == 0 {
			t.AutoTransferNumber3 = wxc.String("+442079460999")
		}
		return t
	}
	codes := func() *wxc.AuthCodes {
		if r.IntN(5) == 0 {
			return nil
		}
		a := &wxc.AuthCodes{UseCustomAccessCodes: wxc.Bool(r.IntN(2) == 0)}
		for i := range r.IntN(3) {
			a.AccessCodes = append(a.AccessCodes, wxc.AuthCode{Code: fmt.Sprint(1000 + i)})
		}
		return a
	}
	settings := func(e snapshot.Entity) *snapshot.Settings {
		return &snapshot.Settings{Entity: e, Outgoing: perms(), DigitPatterns: patterns(), TransferNumbers: transfer(), AccessCodes: codes()}
	}
	var b bytes.Buffer
	write := func(s *snapshot.Settings) {
		line, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	countries := []string{"US", "GB", "DE"}
	const locs = 6
	kinds := []wxc.EntityKind{wxc.Person, wxc.Workspace, wxc.VirtualLine}
	for i := range n {
		l := i % locs
		write(settings(snapshot.Entity{Kind: kinds[i%len(kinds)], ID: fmt.Sprintf("E%d", i), Name: fmt.Sprintf("Entity %d", i),
			LocationID: fmt.Sprintf("L%d", l), LocationName: fmt.Sprintf("Site %d", l), LocationCountry: countries[l%len(countries)]}))
	}
	for l := range locs { // after the callers, as an export has them
		write(settings(snapshot.Entity{Kind: wxc.Location, ID: fmt.Sprintf("L%d", l), Name: fmt.Sprintf("Site %d", l),
			LocationID: fmt.Sprintf("L%d", l), LocationName: fmt.Sprintf("Site %d", l), LocationCountry: countries[l%len(countries)]}))
	}
	path := filepath.Join(t.TempDir(), "org.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// referenceSummaries decides every number for every caller of the export the plain way (the
// SDK's decoding, Engine.Decide-like calls, the explanation built per decision).
func referenceSummaries(t *testing.T, path string, numbers []string) []*NumberSummary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var all []*snapshot.Settings
	locs := map[string]*snapshot.Settings{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s snapshot.Settings
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if s.Kind == wxc.Location {
			locs[s.ID] = &s
			continue
		}
		all = append(all, &s)
	}
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sums []*NumberSummary
	for _, n := range numbers {
		sum := &NumberSummary{Number: n, Actions: map[wxc.Action]int{}}
		why := map[string]*ReasonCount{}
		for _, s := range all {
			sub := s.CallSubject(locs[s.LocationID], "")
			p, err := eng.Prepare(sub)
			if err != nil {
				t.Fatal(err)
			}
			sum.Entities++
			d, err := p.Decide(n)
			var w string
			switch {
			case errors.Is(err, callcheck.ErrInvalidNumber):
				sum.Invalid++
				w = fmt.Sprintf("not a number when dialled from %s: %v", sub.Country, err)
			case err != nil:
				t.Fatal(err)
			default:
				sum.Actions[d.Action]++
				if d.Allowed || (d.Action == wxc.ActionAuthCode && d.AccessCodesAvailable > 0) {
					sum.CanDial++
				}
				if d.Custom && !d.Emergency {
					d.Source = "the entity's own settings"
				}
				w = d.Explain()
			}
			if why[w] == nil {
				why[w] = &ReasonCount{Action: d.Action, Why: w}
				if err != nil {
					why[w].Action = ""
				}
			}
			why[w].Count++
		}
		for _, rc := range why {
			sum.Reasons = append(sum.Reasons, *rc)
		}
		sums = append(sums, sum)
	}
	return sums
}

// TestSummaryMatchesReference: the counting of `check --all --from --summary` (reasons by
// interned ids, actions by index) gives the summaries a plain reference computes.
func TestSummaryMatchesReference(t *testing.T) {
	t.Parallel()
	path := genOrg(t, 300)
	numbers := []string{"+19005550100", "+442079460000", "+449098790000", "02079460000", "2125550100", "+12125550123", "911", "112",
		"09098790000", "+4930123456789", "01144207946000", "1234", "9123", "+8816123456789"}
	want := referenceSummaries(t, path, numbers)
	run := func(format string) string {
		f, out, _ := cmdtest.Factory()
		f.Options.Output = format
		args := append([]string{"--all", "--from", path, "--summary", "--failures", filepath.Join(t.TempDir(), "f.jsonl")}, numbers...)
		if err := cmdtest.Execute(NewCmd(f, nil), args...); cmdtest.ExitCode(err) != 4 {
			t.Fatalf("-o %s: err = %v, want exit 4", format, err)
		}
		return out.String()
	}
	var got []NumberSummary
	if err := json.Unmarshal([]byte(run("json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d summaries, want %d", len(got), len(want))
	}
	table := run("table")
	reasons := 0
	for i, w := range want {
		g := got[i]
		if g.Number != w.Number || g.Entities != w.Entities || g.CanDial != w.CanDial || g.Invalid != w.Invalid || !reflect.DeepEqual(g.Actions, w.Actions) {
			t.Errorf("%s: got %d entities, %d can dial, %d invalid, %v; want %d, %d, %d, %v", w.Number, g.Entities, g.CanDial, g.Invalid, g.Actions,
				w.Entities, w.CanDial, w.Invalid, w.Actions)
		}
		gr, wr := map[string]ReasonCount{}, map[string]ReasonCount{}
		for _, r := range g.Reasons {
			gr[r.Why] = r
		}
		for _, r := range w.Reasons {
			wr[r.Why] = r
		}
		if !reflect.DeepEqual(gr, wr) {
			t.Errorf("%s: reasons\n got %v\nwant %v", w.Number, g.Reasons, w.Reasons)
		}
		reasons += len(wr)
		if line := w.Number + "\tSUMMARY\t\t" + fmt.Sprintf("%d entities", w.Entities) + "\t\t" + summaryText(w) + "\n"; !strings.Contains(table, line) {
			t.Errorf("-o table has no line %q:\n%s", line, table)
		}
	}
	if reasons < 3*len(numbers) {
		t.Errorf("only %d reasons over %d numbers: the generated org is not varied enough to test the counting", reasons, len(numbers))
	}
}

// TestFastDecode: fastDecode reads what encoding/json reads, and refuses (so that decodeRecord
// falls back to encoding/json) what it does not read the same way.
func TestFastDecode(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(genOrg(t, 40))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	fast := len(lines)
	lines = append(lines,
		`{"kind":"person","id":"P","extra":{"a":[1,2]},"outgoingPermissions":null,"digitPatterns":{"digitPatterns":[]},"accessCodes":{"accessCodes":null}}`,
		`{"kind":"pers\u006fn","id":"P\n","name":"Zoë","autoTransferNumbers":{"autoTransferNumber1":null,"autoTransferNumber2":""}}`,
		`{"kind":"person","ID":"case"}`,                      // encoding/json matches names in any case
		`{"kind":"person","id":"a","id":"b"}`,                // repeated: the last wins
		`{"kind":"person","id":"P","name":"bad `+"\xff"+`"}`, // invalid UTF-8: replaced
		`{"kind":"person","id":1}`,                           // wrong type: an error
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[null]}}`,
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[{"action":"ALLOW","action":"BLOCK"}]}}`,
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[ {"action": "ALLOW"} ]}}`,
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[{"Action":"ALLOW","callType":"TOLL"}]}}`,
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[{"callType":"TO\u004cL","x":{"y":1},"z":2}]}}`,
		`{"kind":"person","digitPatterns":{"digitPatterns":[{"name":"a","extra":"b","transferEnabled":null},{}]},"accessCodes":{"accessCodes":[{"code":1}]}}`,
		`{"kind":"person","outgoingPermissions":{"callingPermissions":[{"transferEnabled":"yes"}]}}`,
		`{"kind":"person"} {"kind":"location"}`, // trailing data: an error
		`null`,
	)
	for i, l := range lines {
		var want exportRecord
		wantErr := json.Unmarshal([]byte(l), &want)
		var got exportRecord
		if err := fastDecode([]byte(l), &got); err == nil {
			if wantErr != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("line %d %s: fastDecode = %+v, want %+v (err %v)", i, l, got, want, wantErr)
			}
		} else if i < fast {
			t.Errorf("line %d: fastDecode refused a record in wxc's shape: %v", i, err)
		}
		s, err := decodeRecord([]byte(l))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("line %d %s: decodeRecord err = %v, want %v", i, l, err, wantErr)
		}
		if err == nil && s.ID != want.ID {
			t.Errorf("line %d: id %q, want %q", i, s.ID, want.ID)
		}
	}
}

// TestActionIndex: actionIndex numbers the SDK's actions as wxcActions lists them.
func TestActionIndex(t *testing.T) {
	if len(wxc.Actions()) != numActions {
		t.Fatalf("numActions = %d, the SDK declares %d actions", numActions, len(wxc.Actions()))
	}
	for i, a := range wxc.Actions() {
		if actionIndex(a) != i || wxcActions[i] != a {
			t.Errorf("actionIndex(%s) = %d, want %d", a, actionIndex(a), i)
		}
	}
	if actionIndex("MAYBE") != -1 {
		t.Error("an undeclared action has an index")
	}
}
