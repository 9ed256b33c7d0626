package plan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// memOrg is an in-memory org that applies ops the way the API does, counting writes per op.
type memOrg struct {
	mu    sync.Mutex
	state map[string]*snapshot.Settings
	// inherited are the call-type values a person or workspace shows while it does not use
	// its own (the API reports the location's then): the fixture's values.
	inherited map[string]*wxc.CallingPermissions
	writes    map[string]int
	nextID    int
	// hook runs before (landed=false) and after (landed=true) each write; an error from it is
	// returned by Write. Used to simulate a crash before or after the server got the write.
	hook func(op Op, landed bool) error
}

func newMemOrg(ss []snapshot.Settings) *memOrg {
	m := &memOrg{state: map[string]*snapshot.Settings{}, writes: map[string]int{}, inherited: map[string]*wxc.CallingPermissions{}}
	for _, s := range ss {
		b, _ := json.Marshal(s)
		var c snapshot.Settings
		if err := json.Unmarshal(b, &c); err != nil {
			panic(err)
		}
		m.state[s.ID] = &c
		m.inherited[s.ID] = c.Outgoing.CallingPermissions.Clone()
	}
	return m
}

func (m *memOrg) Fetch(_ context.Context, e snapshot.Entity) (*snapshot.Settings, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, _ := json.Marshal(m.state[e.ID])
	var c snapshot.Settings
	err := json.Unmarshal(b, &c)
	if o := c.Outgoing; c.Kind != wxc.Location && !(eqBool(o.UseCustomEnabled, true) && eqBool(o.UseCustomPermissions, true)) {
		o.CallingPermissions = m.inherited[e.ID].Clone()
	}
	return &c, err
}

func (m *memOrg) snapshot(ids []string) []snapshot.Settings {
	var out []snapshot.Settings
	for _, id := range ids {
		s, _ := m.Fetch(context.Background(), snapshot.Entity{ID: id})
		out = append(out, *s)
	}
	return out
}

func (m *memOrg) Write(ctx context.Context, e snapshot.Entity, op Op) (string, error) {
	if m.hook != nil {
		if err := m.hook(op, false); err != nil {
			return "", err
		}
	}
	m.mu.Lock()
	s := m.state[e.ID]
	m.writes[op.ID]++
	result := ""
	switch op.Kind {
	case OpOutgoing:
		if b := op.Outgoing; b.UseCustomEnabled != nil {
			s.Outgoing.UseCustomEnabled = wxc.Bool(*b.UseCustomEnabled)
		}
		if b := op.Outgoing; b.UseCustomPermissions != nil {
			s.Outgoing.UseCustomPermissions = wxc.Bool(*b.UseCustomPermissions)
		}
		if op.Outgoing.CallingPermissions != nil {
			for _, ct := range op.Outgoing.CallingPermissions.CallTypes() {
				p, _ := op.Outgoing.CallingPermissions.ForCallType(ct)
				s.Outgoing.CallingPermissions.Set(ct, p)
			}
		}
	case OpTransferNumbers:
		b := op.TransferNumbers
		if b.UseCustomTransferNumbers != nil {
			s.TransferNumbers.UseCustomTransferNumbers = b.UseCustomTransferNumbers
		}
		dst := []**string{&s.TransferNumbers.AutoTransferNumber1, &s.TransferNumbers.AutoTransferNumber2, &s.TransferNumbers.AutoTransferNumber3}
		for i, v := range []*string{b.AutoTransferNumber1, b.AutoTransferNumber2, b.AutoTransferNumber3} {
			if v != nil {
				if *v == "" {
					*dst[i] = nil
				} else {
					*dst[i] = wxc.String(*v)
				}
			}
		}
	case OpAccessCodesModify, OpLocationCodesDelete:
		if op.UseCustom != nil {
			s.AccessCodes.UseCustomAccessCodes = wxc.Bool(*op.UseCustom)
		}
		s.AccessCodes.AccessCodes = slices.DeleteFunc(s.AccessCodes.AccessCodes, func(c wxc.AuthCode) bool { return slices.Contains(op.DeleteCodes, c.Code) })
	case OpAccessCodeCreate, OpLocationCodesCreate:
		for _, c := range op.Codes {
			if slices.ContainsFunc(s.AccessCodes.AccessCodes, func(x wxc.AuthCode) bool { return x.Code == c.Code }) {
				m.mu.Unlock()
				return "", fmt.Errorf("409: code %s exists", c.Code)
			}
			if s.Kind != wxc.Location {
				c.Level = wxc.AuthCodeLevelCustom
			}
			s.AccessCodes.AccessCodes = append(s.AccessCodes.AccessCodes, c)
		}
	case OpDigitPatternsCategory:
		s.DigitPatterns.UseCustomDigitPatterns = wxc.Bool(*op.UseCustom)
	case OpDigitPatternDelete:
		s.DigitPatterns.DigitPatterns = slices.DeleteFunc(s.DigitPatterns.DigitPatterns, func(p wxc.DigitPattern) bool { return p.ID == op.Pattern.ID })
	case OpDigitPatternUpdate:
		for i := range s.DigitPatterns.DigitPatterns {
			p := &s.DigitPatterns.DigitPatterns[i]
			if p.ID == op.Pattern.ID {
				if op.Pattern.Pattern != "" {
					p.Pattern = op.Pattern.Pattern
				}
				if op.Pattern.Action != "" {
					p.Action = op.Pattern.Action
				}
				if op.Pattern.TransferEnabled != nil {
					p.TransferEnabled = op.Pattern.TransferEnabled
				}
			}
		}
	case OpDigitPatternCreate:
		m.nextID++
		p := *op.Pattern
		p.ID = fmt.Sprintf("NEW%d", m.nextID)
		s.DigitPatterns.DigitPatterns = append(s.DigitPatterns.DigitPatterns, p)
		result = p.ID
	}
	m.mu.Unlock()
	if m.hook != nil {
		if err := m.hook(op, true); err != nil {
			return "", err
		}
	}
	return result, nil
}

func fixtureIDs() []string {
	var ids []string
	for _, s := range fixture() {
		ids = append(ids, s.ID)
	}
	return ids
}

func newTestJournal(t *testing.T, p *Plan) (string, *Journal) {
	path := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := CreateJournal(path, JournalHeader{Command: "apply", DesiredHash: "h", PlanHash: PlanHash(p), Plan: *p}, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return path, j
}

func TestApplyFresh(t *testing.T) {
	org := newMemOrg(fixture())
	d := mustParse(t, renderDesired)
	p, err := Compute(org.snapshot(fixtureIDs()), d)
	if err != nil {
		t.Fatal(err)
	}
	_, j := newTestJournal(t, &p)
	a := &Applier{Writer: org, Fetch: org.Fetch, Journal: j, Concurrency: 3}
	sum, err := a.Run(t.Context(), &p)
	if err != nil {
		t.Fatal(err)
	}
	_, _, ops := p.Counts()
	if sum.Done != ops || sum.Failed+sum.NotRun+sum.Skipped+sum.Verified != 0 {
		t.Fatalf("summary %+v, want %d done", sum, ops)
	}
	for _, o := range p.Ops() {
		if org.writes[o.Op.ID] != 1 {
			t.Errorf("%s written %d times", o.Op.ID, org.writes[o.Op.ID])
		}
	}
	again, err := Compute(org.snapshot(fixtureIDs()), d)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Empty() {
		var b []byte
		b, _ = json.MarshalIndent(again, "", " ")
		t.Errorf("plan after apply is not empty:\n%s", b)
	}
}

var errCrash = errors.New("crash")

// TestApplyResume interrupts a run at every op, once with the write lost and once with the
// write landed, resumes from the journal, and checks every op was written exactly once (or
// twice only when the first attempt was lost) and the final state matches.
func TestApplyResume(t *testing.T) {
	d := mustParse(t, renderDesired)
	base, _ := Compute(fixture(), d)
	_, _, nops := base.Counts()
	for k := range nops {
		for _, landed := range []bool{false, true} {
			t.Run(fmt.Sprintf("op%d/landed=%v", k, landed), func(t *testing.T) {
				org := newMemOrg(fixture())
				p, _ := Compute(org.snapshot(fixtureIDs()), d)
				path, j := newTestJournal(t, &p)
				ctx, cancel := context.WithCancel(t.Context())
				n := 0
				var crashed string
				org.hook = func(op Op, after bool) error {
					if after != landed {
						return nil
					}
					if n == k {
						crashed = op.ID
						cancel()
						return errCrash
					}
					n++
					return nil
				}
				a := &Applier{Writer: org, Fetch: org.Fetch, Journal: j, Concurrency: 1}
				if _, err := a.Run(ctx, &p); !errors.Is(err, context.Canceled) {
					t.Fatalf("interrupted run: err = %v", err)
				}
				j.Close()
				org.hook = nil
				st, err := ReadJournal(path)
				if err != nil {
					t.Fatal(err)
				}
				if st.Last[crashed] != StateStarted {
					t.Fatalf("journal state of %s = %q, want started", crashed, st.Last[crashed])
				}
				if st.Done != k {
					t.Fatalf("journal has %d done, want %d", st.Done, k)
				}
				j2, err := OpenJournal(path, time.Now)
				if err != nil {
					t.Fatal(err)
				}
				defer j2.Close()
				a = &Applier{Writer: org, Fetch: org.Fetch, Journal: j2, Concurrency: 2, Prior: st}
				sum, err := a.Run(t.Context(), &st.Header.Plan)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Skipped != k || sum.Failed != 0 || sum.Done+sum.Verified+sum.Skipped != nops {
					t.Errorf("resume summary %+v", sum)
				}
				if landed && sum.Verified != 1 {
					t.Errorf("landed write: verified = %d, want 1", sum.Verified)
				}
				for _, o := range p.Ops() {
					if got := org.writes[o.Op.ID]; got != 1 {
						t.Errorf("%s reached the server %d times, want 1", o.Op.ID, got)
					}
				}
				after, _ := Compute(org.snapshot(fixtureIDs()), d)
				if !after.Empty() {
					t.Errorf("state after resume differs from desired: %d entities", len(after.Entities))
				}
			})
		}
	}
}

// TestApplyThenRestore applies, restores from the backup records, and compares.
func TestApplyThenRestore(t *testing.T) {
	org := newMemOrg(fixture())
	orig := org.snapshot(fixtureIDs())
	backup := filepath.Join(t.TempDir(), "b.jsonl")
	if err := WriteSettingsFile(backup, orig); err != nil {
		t.Fatal(err)
	}
	if err := WriteSettingsFile(backup, orig); err == nil {
		t.Error("backup overwrote an existing file")
	}
	p, _ := Compute(orig, mustParse(t, renderDesired))
	_, j := newTestJournal(t, &p)
	if _, err := (&Applier{Writer: org, Fetch: org.Fetch, Journal: j}).Run(t.Context(), &p); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved, err := ReadSettings(f)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := ComputeRestore(org.snapshot(fixtureIDs()), saved)
	if err != nil {
		t.Fatal(err)
	}
	_, j2 := newTestJournal(t, &rp)
	if _, err := (&Applier{Writer: org, Fetch: org.Fetch, Journal: j2}).Run(t.Context(), &rp); err != nil {
		t.Fatal(err)
	}
	final := org.snapshot(fixtureIDs())
	// Deleted digit patterns come back with new IDs; everything else is identical.
	norm := func(ss []snapshot.Settings) string {
		for i := range ss {
			for k := range ss[i].DigitPatterns.DigitPatterns {
				ss[i].DigitPatterns.DigitPatterns[k].ID = ""
			}
			slices.SortFunc(ss[i].AccessCodes.AccessCodes, func(a, b wxc.AuthCode) int { return cmpString(a.Code, b.Code) })
		}
		b, _ := json.MarshalIndent(ss, "", " ")
		return string(b)
	}
	if diff := cmp.Diff(norm(orig), norm(final)); diff != "" {
		t.Errorf("after restore (-orig +final):\n%s", diff)
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestJournalTornLine(t *testing.T) {
	p := Plan{}
	path, j := newTestJournal(t, &p)
	if err := j.Record("a", StateStarted, "", nil); err != nil {
		t.Fatal(err)
	}
	if err := j.Record("a", StateDone, "", nil); err != nil {
		t.Fatal(err)
	}
	j.Close()
	fh, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fh.WriteString(`{"type":"op","id":"b","sta`)
	fh.Close()
	st, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Done != 1 || st.Last["b"] != "" {
		t.Fatalf("state %+v", st)
	}
	j2, err := OpenJournal(path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	j2.Record("b", StateStarted, "", nil)
	j2.Close()
	st, err = ReadJournal(path)
	if err != nil || st.Last["b"] != StateStarted {
		t.Fatalf("after append: %+v %v", st, err)
	}
	// A bad line in the middle is an error, not silently skipped.
	os.WriteFile(path, []byte(`{"type":"plan","plan":{"entities":null}}`+"\nnot json\n"+`{"type":"op","id":"x","state":"done"}`+"\n"), 0o600)
	if _, err := ReadJournal(path); err == nil {
		t.Error("corrupt journal accepted")
	}
}

func TestReadSettingsFormats(t *testing.T) {
	ss := fixture()[:2]
	lines, _ := json.Marshal(ss[0])
	lines2, _ := json.Marshal(ss[1])
	arr, _ := json.MarshalIndent(ss, "", "  ")
	for name, in := range map[string]string{"jsonl": string(lines) + "\n" + string(lines2) + "\n", "json": string(arr)} {
		got, err := ReadSettings(strReader(in))
		if err != nil || len(got) != 2 || got[1].ID != "P2" {
			t.Errorf("%s: %d records, %v", name, len(got), err)
		}
	}
	if _, err := ReadSettings(strReader(`{"foo": 1}`)); err == nil {
		t.Error("record without kind/id accepted")
	}
}

func strReader(s string) *stringsReader { return &stringsReader{s: s} }

type stringsReader struct {
	s string
	i int
}

func (r *stringsReader) Read(p []byte) (int, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	n := copy(p, r.s[r.i:])
	r.i += n
	return n, nil
}
