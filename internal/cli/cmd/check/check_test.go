package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		want    []string // numbers
		kind    wxc.EntityKind
		all     bool
		wantErr string
	}{
		{name: "one entity", args: []string{"person", "alice@example.com", "+19005550100", "911"}, want: []string{"+19005550100", "911"}, kind: wxc.Person},
		{name: "all", args: []string{"--all", "+19005550100"}, want: []string{"+19005550100"}, all: true},
		{name: "all from", args: []string{"--all", "--from", "x.jsonl", "+1900", "--summary"}, want: []string{"+1900"}, all: true},
		{name: "live person", args: []string{"person", "a", "+1900", "--live"}, want: []string{"+1900"}, kind: wxc.Person},
		{name: "no number", args: []string{"person", "alice"}, wantErr: "want KIND ENTITY NUMBER"},
		{name: "bad kind", args: []string{"robot", "x", "+1900"}, wantErr: "robot"},
		{name: "all without number", args: []string{"--all"}, wantErr: "at least one NUMBER"},
		{name: "all with entity", args: []string{"--all", "person", "alice", "+1900"}, wantErr: "give only numbers"},
		{name: "from without all", args: []string{"person", "a", "+1900", "--from", "x"}, wantErr: "--from needs --all"},
		{name: "summary without all", args: []string{"person", "a", "+1900", "--summary"}, wantErr: "--summary needs --all"},
		{name: "live all", args: []string{"--all", "--live", "+1900"}, wantErr: "cannot be combined with --all"},
		{name: "live location", args: []string{"location", "Dallas", "+1900", "--live"}, wantErr: "people only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, _ := cmdtest.Factory()
			var got *checkOptions
			err := cmdtest.Execute(NewCmd(f, func(o *checkOptions) error { got = o; return nil }), tt.args...)
			if tt.wantErr != "" {
				if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v (exit %d), want a usage error with %q", err, cmdtest.ExitCode(err), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Numbers, tt.want) || got.All != tt.all || (!tt.all && got.Ref.Kind != tt.kind) {
				t.Errorf("numbers %v all %v kind %q; want %v %v %q", got.Numbers, got.All, got.Ref.Kind, tt.want, tt.all, tt.kind)
			}
		})
	}
}

// TestBadNumbersSendNothing: a NUMBER that is not a number is refused (exit 2) before any
// request, every bad one is named, and so is an unknown --country.
func TestBadNumbersSendNothing(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(srv.Close)
	for _, args := range [][]string{
		{"person", "alice@example.com", "+19005550100", "1-800-FLOWERS", "12ab"},
		{"--all", "+1 (900) 555", "call me"},
		{"--all", "--country", "XX", "+19005550100"},
	} {
		f, out, _ := cmdtest.Factory()
		f.Options.BaseURL, f.Options.Token = srv.URL, "t"
		err := cmdtest.Execute(NewCmd(f, nil), args...)
		if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), "nothing was read") {
			t.Errorf("%v: err = %v, want exit 2 saying nothing was read", args, err)
			continue
		}
		if args[0] == "person" && (!strings.Contains(err.Error(), `"1-800-FLOWERS"`) || !strings.Contains(err.Error(), `"12ab"`)) {
			t.Errorf("%v: not every bad number is named: %v", args, err)
		}
		if out.Len() != 0 {
			t.Errorf("%v: stdout %q", args, out.String())
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// newFactory is a factory on the emulator's full-admin token.
func newFactory(emu *emulatortest.Emulator, opts ...string) (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	f, out, errOut := cmdtest.Factory()
	f.Options.BaseURL, f.Options.Token = emu.BaseURL, emu.Tokens.FullAdmin
	if len(opts) > 0 {
		f.Options.Output = opts[0]
	}
	return f, out, errOut
}

// demoPerson returns a calling person of the demo org who uses its location's digit patterns,
// with its location.
func demoPerson(t *testing.T, emu *emulatortest.Emulator) snapshot.Entity {
	t.Helper()
	ctx := t.Context()
	for e, err := range snapshot.List(ctx, emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Person}}) {
		if err != nil {
			t.Fatal(err)
		}
		dp, err := emu.Client.OutgoingPermissions(wxc.Person).DigitPatterns.List(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if dp.UseCustomDigitPatterns != nil && !*dp.UseCustomDigitPatterns && e.LocationCountry != "" {
			return e
		}
	}
	t.Fatal("the demo org has no person who uses its location's digit patterns")
	return snapshot.Entity{}
}

// TestCheckOne: a digit pattern added to a person's location decides the person's call, with
// the chain that says so; the exit code is 4 for a blocked number and 0 when all are allowed;
// the JSON record is the engine's decision for the settings the API reports.
func TestCheckOne(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	ctx := t.Context()
	p := demoPerson(t, emu)
	if _, err := emu.Client.OutgoingPermissions(wxc.Location).DigitPatterns.Create(ctx, p.LocationID,
		&wxc.DigitPattern{Name: "B3 test block", Pattern: "+35860055!", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	f, out, _ := newFactory(emu)
	err := cmdtest.Execute(NewCmd(f, nil), "person", p.ID, "+358600555555")
	if cmdtest.ExitCode(err) != cmdutil.ExitFindings {
		t.Fatalf("err = %v, want exit 4", err)
	}
	want := "BLOCK by digit pattern 'B3 test block' (location " + p.LocationName + ")"
	if !strings.Contains(out.String(), want) || !strings.HasPrefix(out.String(), "+358600555555\tBLOCK\t") {
		t.Errorf("stdout %q, want the number, BLOCK and %q", out.String(), want)
	}

	// JSON: the engine's decision for what the API reports.
	f, out, _ = newFactory(emu, "json")
	numbers := []string{"+358600555555", "911", "+442079460000"}
	err = cmdtest.Execute(NewCmd(f, nil), append([]string{"person", p.Email}, numbers...)...)
	if code := cmdtest.ExitCode(err); code != cmdutil.ExitFindings {
		t.Fatalf("err = %v (exit %d), want exit 4", err, code)
	}
	var recs []Record
	if err := json.Unmarshal(out.Bytes(), &recs); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	own, err := snapshot.Fetch(ctx, emu.Client, p)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := snapshot.Fetch(ctx, emu.Client, snapshot.Entity{Kind: wxc.Location, ID: p.LocationID, Name: p.LocationName})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sub := own.CallSubject(loc, "")
	if len(recs) != len(numbers) {
		t.Fatalf("%d records for %d numbers", len(recs), len(numbers))
	}
	for i, n := range numbers {
		d, err := eng.Decide(sub, n)
		if err != nil {
			t.Fatal(err)
		}
		r := recs[i]
		if r.Number != n || r.Action != d.Action || r.Allowed != d.Allowed || r.Why != d.Explain() || r.ID != p.ID || r.Country != p.LocationCountry {
			t.Errorf("record %d = %+v; want number %s, the engine's %s %q, person %s in %s", i, r, n, d.Action, d.Explain(), p.ID, p.LocationCountry)
		}
	}
	if !recs[1].Emergency || recs[1].Action != wxc.ActionAllow {
		t.Errorf("911: %+v, want an emergency ALLOW", recs[1])
	}

	// All allowed: exit 0.
	f, _, _ = newFactory(emu)
	if err := cmdtest.Execute(NewCmd(f, nil), "person", p.ID, "911"); err != nil {
		t.Errorf("an emergency number alone: err = %v, want exit 0", err)
	}
}

// TestLiveAgrees: --live asks testCallRouting per number; the emulator's answers agree with
// the engine on the demo org.
func TestLiveAgrees(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	p := demoPerson(t, emu)
	f, out, _ := newFactory(emu)
	err := cmdtest.Execute(NewCmd(f, nil), "person", p.ID, "+19005550100", "+442079460000", "911", "--live")
	if code := cmdtest.ExitCode(err); code != cmdutil.ExitOK && code != cmdutil.ExitFindings {
		t.Fatalf("err = %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines:\n%s", out)
	}
	for _, l := range lines {
		if !strings.HasSuffix(l, "\tagrees") {
			t.Errorf("line %q does not end in agrees", l)
		}
	}
}

func TestCompareLive(t *testing.T) {
	t.Parallel()
	rec := &Record{Number: "+19005550100", Action: wxc.ActionAllow, CallType: wxc.CallTypePremiumServicesI, Level: callcheck.LevelLocation,
		Pattern: &PatternRecord{Name: "hotline", Pattern: "+1900!"}, Why: "ALLOW by digit pattern 'hotline' (location HQ)"}
	// Answers in the wire shape (the OpenAPI's), decoded by the SDK.
	tests := []struct {
		name, resp string
		want       []string
	}{
		{name: "agrees", resp: `{"destinationType":"PSTN_NUMBER","isRejected":false,"appliedServices":[{"outgoingCallingPlanPermissionsByDigitPattern":
			{"configurationLevel":"LOCATION","name":"hotline","pattern":"+1900!","permission":"ALLOW","transferNumber":"","number":"+19005550100"}}]}`},
		{name: "call type decided", resp: `{"isRejected":true,"appliedServices":[{"outgoingCallingPlanPermissionsByType":
			{"configurationLevel":"PEOPLE","callType":"PREMIUM_SERVICES_I","permission":"BLOCK","number":"+19005550100"}}]}`,
			want: []string{"action: Webex BLOCK, offline ALLOW", "decided by: Webex call type PREMIUM_SERVICES_I, offline digit pattern 'hotline'",
				"level: Webex PEOPLE, offline LOCATION", "isRejected: Webex true, offline ALLOW"}},
		{name: "nothing applied", resp: `{"isRejected":false}`,
			want: []string{"Webex reported no outgoing calling permission; offline: ALLOW by digit pattern 'hotline' (location HQ)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp wxc.TestCallRoutingResponse
			if err := json.Unmarshal([]byte(tt.resp), &resp); err != nil {
				t.Fatal(err)
			}
			got := compareLive(rec, &resp)
			if got.Agrees != (len(tt.want) == 0) || !slices.Equal(got.Differences, tt.want) {
				t.Errorf("agrees %v, differences %q; want %q", got.Agrees, got.Differences, tt.want)
			}
		})
	}
}

// writeExport writes the org's export records (as `wxc export` does: snapshot.Settings per
// line) to a file and returns its path.
func writeExport(t *testing.T, emu *emulatortest.Emulator, edit func(*snapshot.Settings)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "org.jsonl")
	var b bytes.Buffer
	ctx := t.Context()
	err := snapshot.Stream(ctx, emu.Client, snapshot.List(ctx, emu.Client, snapshot.Filter{}), 4, nil, func(r snapshot.Result) error {
		if r.Err != nil {
			return r.Err
		}
		if edit != nil {
			edit(r.Settings)
		}
		line, err := json.Marshal(r.Settings)
		b.Write(append(line, '\n'))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAllLiveEqualsFrom: `check --all` read live and from an export of the same org print the
// same summaries and the same decisions; jsonl has one line per entity and number.
func TestAllLiveEqualsFrom(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	numbers := []string{"+19005550100", "+4990012345678", "+442079460000", "911", "18005550100"}
	export := writeExport(t, emu, nil)
	run := func(format string, extra ...string) string {
		f, out, _ := newFactory(emu, format)
		args := append([]string{"--all", "--failures", filepath.Join(t.TempDir(), "f.jsonl")}, extra...)
		err := cmdtest.Execute(NewCmd(f, nil), append(args, numbers...)...)
		if code := cmdtest.ExitCode(err); code != cmdutil.ExitFindings {
			t.Fatalf("check %v -o %s: err = %v, want exit 4 (the demo org blocks some)", extra, format, err)
		}
		return out.String()
	}
	for _, format := range []string{"json", "jsonl", "csv", "table", "wide", "yaml"} {
		live, from := run(format), run(format, "--from", export)
		if live != from {
			t.Errorf("-o %s: live and --from differ:\nlive:\n%s\nfrom:\n%s", format, live, from)
		}
	}
	var sums []NumberSummary
	if err := json.Unmarshal([]byte(run("json")), &sums); err != nil {
		t.Fatal(err)
	}
	entities := 0
	sc := bufio.NewScanner(strings.NewReader(run("jsonl")))
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
	}
	for i, s := range sums {
		n := s.Invalid
		for _, c := range s.Actions {
			n += c
		}
		reasons := 0
		for _, r := range s.Reasons {
			reasons += r.Count
		}
		if s.Number != numbers[i] || n != s.Entities || reasons != s.Entities || len(s.Dialers) != s.CanDial {
			t.Errorf("summary %d: %+v: counts do not add up", i, s)
		}
		entities = s.Entities
	}
	if entities == 0 || lines != entities*len(numbers) {
		t.Errorf("jsonl has %d lines, want %d entities x %d numbers", lines, entities, len(numbers))
	}
	if sums[3].CanDial != sums[3].Entities {
		t.Errorf("911: %d of %d can dial it; emergency calls are never blocked", sums[3].CanDial, sums[3].Entities)
	}
	// --summary: the summary rows only.
	sum := run("table", "--summary")
	if got := strings.Count(sum, "\n"); got != len(numbers) || !strings.Contains(sum, "\tSUMMARY\t") {
		t.Errorf("--summary printed %d lines, want %d summary lines:\n%s", got, len(numbers), sum)
	}
}

// TestFromWithoutCountry: an export without locationCountry is refused unless --country says
// which; an incomplete export gives exit 3; a missing file exit 2.
func TestFromErrors(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	old := writeExport(t, emu, func(s *snapshot.Settings) { s.LocationCountry = "" })
	f, _, _ := newFactory(emu)
	err := cmdtest.Execute(NewCmd(f, nil), "--all", "--from", old, "+19005550100")
	if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), "pass --country") {
		t.Errorf("no countries: err = %v, want exit 2 asking for --country", err)
	}
	f, _, _ = newFactory(emu)
	if err := cmdtest.Execute(NewCmd(f, nil), "--all", "--from", old, "--country", "US", "911"); err != nil {
		t.Errorf("--country US, 911: err = %v, want exit 0", err)
	}

	incomplete := writeExport(t, emu, nil)
	fh, err := os.OpenFile(incomplete, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString(`{"kind":"summary","complete":false,"listed":30,"exported":28,"unreadable":2}` + "\n")
	fh.Close()
	f, _, _ = newFactory(emu)
	err = cmdtest.Execute(NewCmd(f, nil), "--all", "--from", incomplete, "911")
	if cmdtest.ExitCode(err) != cmdutil.ExitPartial || !strings.Contains(err.Error(), "incomplete export") {
		t.Errorf("incomplete export: err = %v, want exit 3", err)
	}

	f, _, _ = newFactory(emu)
	err = cmdtest.Execute(NewCmd(f, nil), "--all", "--from", filepath.Join(t.TempDir(), "none.jsonl"), "911")
	if cmdtest.ExitCode(err) != cmdutil.ExitUsage {
		t.Errorf("missing file: err = %v, want exit 2", err)
	}
}

// TestExportRecordDecode: check --from's plain decoding of export records gives what the
// SDK's decoding gives (compared by their encoding), for every record of the demo org's export
// and for the benchmark's kind of record.
func TestExportRecordDecode(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	b, err := os.ReadFile(writeExport(t, emu, nil))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	lines = append(lines, `{"kind":"person","id":"P","locationCountry":"GB","outgoingPermissions":{"callingPermissions":[{"callType":"MARS","action":"MAYBE","transferEnabled":true}]},`+
		`"accessCodes":{"accessCodes":[{"code":"1","description":"d","level":"LOCATION"}]},"digitPatterns":{"digitPatterns":[{"id":"x","name":"n","pattern":"+1!","action":"BLOCK"}]},`+
		`"autoTransferNumbers":{"autoTransferNumber3":""}}`)
	for i, l := range lines {
		var want snapshot.Settings
		if err := json.Unmarshal([]byte(l), &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeRecord([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		wb, _ := json.Marshal(&want)
		gb, _ := json.Marshal(got)
		if !bytes.Equal(wb, gb) {
			t.Errorf("record %d:\nSDK:   %s\nplain: %s", i, wb, gb)
		}
		if k := kindOf([]byte(l)); k != string(want.Kind) {
			t.Errorf("record %d: kindOf = %q, want %q", i, k, want.Kind)
		}
	}
	if k := kindOf([]byte(`{ "kind": "person"}`)); k != "" {
		t.Errorf("kindOf of another layout = %q, want \"\" (decode to find out)", k)
	}
}

// TestNumberFromElsewhere: a number that is one from some country but not from the entity's
// (a US toll-free number dialled as 1800… in GB) is not refused up front; its line says why it
// cannot be dialled, and it counts as not allowed (exit 4).
func TestNumberFromElsewhere(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	var gb snapshot.Entity
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Person}}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.LocationCountry == "GB" {
			gb = e
			break
		}
	}
	if gb.ID == "" {
		t.Fatal("the demo org has nobody in GB")
	}
	f, out, _ := newFactory(emu)
	err := cmdtest.Execute(NewCmd(f, nil), "person", gb.ID, "18005550100")
	if cmdtest.ExitCode(err) != cmdutil.ExitFindings {
		t.Fatalf("err = %v, want exit 4", err)
	}
	if !strings.HasPrefix(out.String(), "18005550100\t(none)\t\t") || !strings.Contains(out.String(), "dialled from GB") {
		t.Errorf("stdout %q", out.String())
	}
}
