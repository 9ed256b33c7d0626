package check

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// NumberSummary is the -o json/yaml record of one number in `check --all`.
type NumberSummary struct {
	Number string `json:"number"`
	// Entities is how many entities were decided; CanDial how many reach the number (ALLOW,
	// or AUTH_CODE with a code to enter).
	Entities int `json:"entities"`
	CanDial  int `json:"canDial"`
	// Actions counts the decisions by action.
	Actions map[wxc.Action]int `json:"actions"`
	// Invalid counts the entities from whose country the number is not one (it cannot be
	// dialled as written); they are not in Actions.
	Invalid int `json:"invalid,omitempty"`
	// Classifications is the number's classification per originating country seen.
	Classifications []CountryClass `json:"classifications"`
	// Reasons groups the decisions by what decided them (inherited ones name the location).
	Reasons []ReasonCount `json:"reasons"`
	// Dialers are the entities that can dial the number (not with --summary).
	Dialers []Dialer `json:"entitiesThatCanDial,omitempty"`

	reasons map[string]*ReasonCount // decisions not made (the number is not one from a country)
	counts  idCounts                // decisions by reason id (allRun.reasonList), -o json/yaml
	actions [numActions]int         // decisions by wxc.Actions() index, -o table/csv/jsonl
	others  map[wxc.Action]int      // actions the SDK does not declare
}

// reasonKey is what Explain and groupReason make a decision's reason of: decisions with the
// same key have the same reason.
type reasonKey struct {
	action                                           wxc.Action
	callType                                         wxc.CallType
	pattern, patternName                             string
	source, reason, transferNumber, assumption, rule string
	custom, emergency                                bool
	codes                                            int
}

func keyOf(d callcheck.Decision) reasonKey {
	k := reasonKey{action: d.Action, callType: d.CallType, source: d.Source, reason: d.Reason, transferNumber: d.TransferNumber,
		assumption: d.Assumption, custom: d.Custom, emergency: d.Emergency, codes: d.AccessCodesAvailable}
	if d.Pattern != nil {
		k.pattern, k.patternName = d.Pattern.Pattern, d.Pattern.Name
	}
	if d.Custom && !d.Emergency {
		k.source = "" // grouped: the entity's own settings
	}
	if d.Emergency {
		k.rule = d.Rule
	}
	return k
}

// CountryClass is how a number classifies when dialled from Country.
type CountryClass struct {
	Country    string       `json:"country"`
	E164       string       `json:"e164,omitempty"`
	NumberType string       `json:"numberType,omitempty"`
	CallType   wxc.CallType `json:"callType,omitempty"`
	Emergency  bool         `json:"emergency,omitempty"`
	Error      string       `json:"error,omitempty"`
}

// ReasonCount is one reason and how many decisions it made.
type ReasonCount struct {
	Action wxc.Action `json:"action"`
	Why    string     `json:"why"`
	Count  int        `json:"count"`
}

// Dialer is an entity that can dial a number, and why.
type Dialer struct {
	Kind         wxc.EntityKind `json:"kind"`
	ID           string         `json:"id"`
	OrgName      string         `json:"orgName,omitempty"` // --all-orgs
	Name         string         `json:"name,omitempty"`
	LocationName string         `json:"locationName,omitempty"`
	Action       wxc.Action     `json:"action"`
	Why          string         `json:"why"`
}

// classified is a number's classification for one country (computed once per country).
type classified struct {
	c   callcheck.Classification
	err error
	why string // the reason an invalid number is counted under
}

// allRun decides the numbers for a stream of entities and writes the results.
type allRun struct {
	f       *cmdutil.Factory
	opts    *checkOptions
	eng     *callcheck.Engine
	fm      output.Format
	classes map[string][]classified // by country
	sums    []*NumberSummary
	rows    *rowWriter // table/csv/jsonl, streamed; nil for json/yaml
	reasons bool       // count the decisions by reason (json/yaml print them; the tables only count actions)
	callers int        // entities decided
	denied  int        // decisions that are not ALLOW

	// Reasons are counted by small ids: reasonIDs interns a reason (by content) once, and
	// local maps the string identities of recent decisions to the ids, so that most
	// decisions cost a lookup of a few machine words (see reasonID).
	reasonIDs  map[reasonKey]int32
	reasonList []ReasonCount // by id: the action and explanation (Count unused)
	local      [localSize]localEntry
	gen        uint32
	localN     int
}

func newAllRun(f *cmdutil.Factory, opts *checkOptions, eng *callcheck.Engine) (*allRun, error) {
	fm, err := f.OutputFormat(output.Table, formats(true)...)
	if err != nil {
		return nil, err
	}
	a := &allRun{f: f, opts: opts, eng: eng, fm: fm, classes: map[string][]classified{}, reasons: fm == output.JSON || fm == output.YAML,
		reasonIDs: map[reasonKey]int32{}, gen: 1}
	for _, n := range opts.Numbers {
		a.sums = append(a.sums, &NumberSummary{Number: n, Actions: map[wxc.Action]int{}, reasons: map[string]*ReasonCount{}})
	}
	switch fm {
	case output.Table, output.Wide, output.CSV, output.JSONL:
		a.rows = newRowWriter(f.IO.Out, fm, f.RenderOptions())
		// The ID column is wide: -o wide and csv show it, the table leaves it out.
		a.rows.withID = fm != output.Table
		if fm != output.JSONL && !f.Options.NoHeaders {
			a.rows.header(a.cells("number", "action", "kind", "name", "org", "location", "why", "id")...)
		}
	}
	return a, nil
}

// cells leaves the org cell (the fifth) out unless the run is over several orgs.
func (a *allRun) cells(c ...string) []string {
	if a.opts.AllOrgs {
		return c
	}
	return append(c[:4:4], c[5:]...)
}

// classify returns the numbers' classifications for country, computed on first use.
func (a *allRun) classify(country string) []classified {
	if cs, ok := a.classes[country]; ok {
		return cs
	}
	cs := make([]classified, len(a.opts.Numbers))
	for i, n := range a.opts.Numbers {
		c, err := a.eng.Classify(country, n)
		cs[i] = classified{c: c, err: err}
		cc := CountryClass{Country: country, E164: c.E164, NumberType: c.NumberType, CallType: c.CallType, Emergency: c.Emergency}
		if err != nil {
			cc = CountryClass{Country: country, Error: err.Error()}
			cs[i].why = fmt.Sprintf("not a number when dialled from %s: %v", country, err)
		}
		a.sums[i].Classifications = append(a.sums[i].Classifications, cc)
	}
	a.classes[country] = cs
	return cs
}

// decide decides every number for s (loc: its location's settings, nil for a location or
// when unknown). It returns an error when s cannot be decided (no country, a bad digit
// pattern, a number that is not one from s's country); nothing of s is counted then.
func (a *allRun) decide(s *snapshot.Settings, loc *snapshot.Settings) error {
	sub := s.CallSubject(loc, a.opts.Country)
	if sub.Country == "" {
		return fmt.Errorf("the country of location %s is not known (pass --country CC)", cmp.Or(s.LocationName, s.LocationID))
	}
	if s.Kind != wxc.Location && loc == nil {
		return fmt.Errorf("its location %s was not read, so the settings it inherits are not known", cmp.Or(s.LocationName, s.LocationID))
	}
	cs := a.classify(sub.Country)
	for i := range cs {
		if c := &cs[i]; c.err != nil && !errors.Is(c.err, callcheck.ErrInvalidNumber) {
			return fmt.Errorf("%q from %s: %w", a.opts.Numbers[i], sub.Country, c.err)
		}
	}
	prep, err := a.eng.Prepare(sub)
	if err != nil {
		return err
	}
	a.callers++
	jsonl := a.fm == output.JSONL
	for i := range cs {
		c := &cs[i]
		sum := a.sums[i]
		if c.err != nil {
			// Not a number when dialled from this country (too long for GB, say): it
			// cannot be dialled as written, so it is counted as not allowed.
			sum.Entities++
			sum.Invalid++
			a.denied++
			rc := sum.reasons[c.why]
			if rc == nil {
				rc = &ReasonCount{Why: c.why}
				sum.reasons[c.why] = rc
			}
			rc.Count++
			if jsonl {
				rec := invalidRecord(&s.Entity, sub.Country, a.opts.Numbers[i], c.err)
				if err := a.rows.json(rec); err != nil {
					return err
				}
			}
			continue
		}
		d := prep.DecideClassified(c.c)
		sum.Entities++
		if !d.Allowed {
			a.denied++
		}
		if a.reasons {
			// Counted by what explains the decision, without building the explanation each time.
			sum.counts.push(a.reasonID(&d))
		} else {
			sum.countAction(d.Action)
		}
		can := canDial(&d)
		if can {
			sum.CanDial++
		}
		switch {
		case jsonl:
			rec := newRecord(&s.Entity, sub.Country, a.opts.Numbers[i], d)
			if err := a.rows.json(rec); err != nil {
				return err
			}
		case !can:
		case a.rows != nil:
			if !a.opts.Summary {
				a.rows.row(a.cells(a.opts.Numbers[i], string(d.Action), string(s.Kind), entityName(&s.Entity), s.OrgName, s.LocationName, d.Explain(), s.ID)...)
			}
		case !a.opts.Summary:
			sum.Dialers = append(sum.Dialers, Dialer{Kind: s.Kind, ID: s.ID, OrgName: s.OrgName, Name: entityName(&s.Entity),
				LocationName: s.LocationName, Action: d.Action, Why: d.Explain()})
		}
	}
	return a.rows.err()
}

// groupReason is the reason a decision is counted under: the engine's explanation, with the
// source of a decision by an entity's own settings made the same for every entity (the
// explanation names the entity), so the groups stay few.
func groupReason(d callcheck.Decision) string {
	if d.Custom && !d.Emergency {
		d.Source = "the entity's own settings"
	}
	return d.Explain()
}

func entityName(e *snapshot.Entity) string {
	if e.Email != "" {
		return e.Name + " <" + e.Email + ">"
	}
	return e.Name
}

// finish writes the summaries and returns the exit status of the decisions.
func (a *allRun) finish() error {
	for _, s := range a.sums {
		for _, rc := range s.reasons {
			s.Reasons = append(s.Reasons, *rc)
		}
		for i, n := range s.actions {
			if n > 0 {
				s.Actions[wxcActions[i]] += n
			}
		}
		for act, n := range s.others {
			s.Actions[act] += n
		}
		// Reasons with the same text (the grouping key is finer than the text) are one.
		merged := map[string]int{}
		s.counts.flush()
		for _, e := range s.counts.slots {
			if e.id == 0 {
				continue
			}
			rc, n := a.reasonList[e.id-1], int(e.n)
			s.Actions[rc.Action] += n
			if i, ok := merged[rc.Why]; ok {
				s.Reasons[i].Count += n
				continue
			}
			merged[rc.Why] = len(s.Reasons)
			rc.Count = n
			s.Reasons = append(s.Reasons, rc)
		}
		slices.SortFunc(s.Reasons, func(x, y ReasonCount) int {
			if x.Count != y.Count {
				return y.Count - x.Count
			}
			return strings.Compare(x.Why, y.Why)
		})
		if s.Reasons == nil {
			s.Reasons = []ReasonCount{}
		}
		if s.Classifications == nil {
			s.Classifications = []CountryClass{}
		}
	}
	switch a.fm {
	case output.JSON, output.YAML:
		if err := output.Render(a.f.IO.Out, a.fm, false, a.sums, nil); err != nil {
			return err
		}
	case output.JSONL:
	default:
		for _, s := range a.sums {
			a.rows.row(a.cells(s.Number, "SUMMARY", "", fmt.Sprintf("%d entities", s.Entities), "", "", summaryText(s), "")...)
		}
	}
	if a.rows != nil {
		if err := a.rows.flush(); err != nil {
			return err
		}
	}
	return nil
}

// summaryText is "2 of 30 can dial it: ALLOW 1, AUTH_CODE 1, BLOCK 28".
func summaryText(s *NumberSummary) string {
	var parts []string
	for _, a := range wxcActions {
		if n := s.Actions[a]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", a, n))
		}
	}
	for a, n := range s.Actions { // actions the SDK does not declare
		if actionIndex(a) < 0 {
			parts = append(parts, fmt.Sprintf("%s %d", a, n))
		}
	}
	if s.Invalid > 0 {
		parts = append(parts, fmt.Sprintf("not a number from their country %d", s.Invalid))
	}
	return fmt.Sprintf("%d of %d can dial it: %s", s.CanDial, s.Entities, strings.Join(parts, ", "))
}

// verdictAll is the exit status after the summaries: failures first (exit 3), then empty,
// then decisions that are not ALLOW (exit 4).
func (a *allRun) verdict(failures *cmdutil.FailureLog, total int, incomplete string) error {
	if failures != nil {
		if err := failures.Summary(total, "check"); err != nil {
			return err
		}
	}
	if incomplete != "" {
		return &cmdutil.ExitError{Code: cmdutil.ExitPartial, Err: fmt.Errorf("%s: the decisions cover only the entities it holds", incomplete)}
	}
	if a.callers == 0 {
		if a.opts.AllowEmpty {
			return nil
		}
		return cmdutil.EmptyReadError(a.f, "check --all", nil)
	}
	if a.denied > 0 {
		var blocked []string
		more := 0
		for _, s := range a.sums {
			if n := s.Entities - s.Actions[wxc.ActionAllow]; n > 0 {
				if len(blocked) == 5 {
					more++
					continue
				}
				blocked = append(blocked, fmt.Sprintf("%s for %d", s.Number, n))
			}
		}
		if more > 0 {
			blocked = append(blocked, fmt.Sprintf("and %d more numbers (the summary lines count them)", more))
		}
		return &cmdutil.ExitError{Code: cmdutil.ExitFindings,
			Err: fmt.Errorf("%d of %d decisions are not ALLOW (blocked, or needing an access code or a transfer): %s", a.denied, a.callers*len(a.sums), strings.Join(blocked, ", "))}
	}
	return nil
}

// runAll reads every entity of the org (locations first, so that each caller's inherited
// settings are known when it comes), with export's concurrency, retries and failures file.
func runAll(ctx context.Context, opts *checkOptions, eng *callcheck.Engine) error {
	f := opts.f
	if err := cmdutil.CheckAllOrgs(f, opts.AllOrgs, false); err != nil {
		return err
	}
	a, err := newAllRun(f, opts, eng)
	if err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	defer f.PrintStats()
	failures := f.NewFailureLog(opts.Failures)
	filter := snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Location, wxc.Person, wxc.Workspace, wxc.VirtualLine}}
	retries := &snapshot.Retries{}
	locs := map[string]*snapshot.Settings{}
	total := 0
	entities, stream := snapshot.ListCounting(ctx, c, filter, retries), snapshot.Stream
	var orgs []wxc.Organization
	if opts.AllOrgs {
		// One client, so one rate limit and one concurrency budget, across the orgs.
		if orgs, err = cmdutil.ListOrgs(ctx, f, c, "check"); err != nil {
			return err
		}
		entities, stream = snapshot.AllOrgs(ctx, c, orgs, filter, retries), snapshot.StreamOrgs
	}
	progress := f.NewProgress(-1, "checking")
	err = stream(ctx, c, entities, f.Options.Concurrency, retries, func(r snapshot.Result) error {
		if !failures.Result(ctx, r) {
			return nil // a failed list: recorded
		}
		if r.Entity.Kind != wxc.Location {
			total++
		}
		progress.Add(1)
		if r.Err != nil {
			return nil
		}
		if r.Entity.Kind == wxc.Location {
			locs[r.Entity.ID] = r.Settings
			return nil
		}
		if err := a.decide(r.Settings, locs[r.Entity.LocationID]); err != nil {
			if ctx.Err() != nil {
				return err
			}
			failures.Add(r.Entity, fmt.Errorf("cannot decide: %w", err))
		}
		return nil
	})
	progress.Finish()
	if r := retries.String(); r != "" && err == nil {
		f.Infof("check: retried %s after temporary errors\n", r)
	}
	if err != nil {
		if ctx.Err() != nil && a.rows != nil {
			// Interrupted: the lines of the entities decided so far are still written (they
			// are complete), and stderr says that the summary is missing.
			if ferr := a.rows.flush(); ferr == nil {
				f.Infof("check: interrupted after %d entities; the lines written are complete; the summary per number was not computed\n", a.callers)
			}
		}
		failures.Close()
		return err
	}
	if err := a.finish(); err != nil {
		failures.Close()
		return err
	}
	if opts.AllOrgs {
		cmdutil.OrgsLine(f, "check", orgs, failures)
	}
	return a.verdict(failures, total, "")
}

// rowWriter streams rows as a table, CSV or JSON lines.
type rowWriter struct {
	fm     output.Format
	bw     *bufio.Writer
	table  *output.Rows // a table on a terminal: aligned and cut to the terminal's width at the end
	ropts  output.Options
	cw     *csv.Writer
	werr   error
	jsonEn *json.Encoder
	withID bool // false: the last cell (the ID) is left out
}

func newRowWriter(w io.Writer, fm output.Format, ropts output.Options) *rowWriter {
	rw := &rowWriter{fm: fm, bw: bufio.NewWriterSize(w, 64<<10), withID: true, ropts: ropts}
	switch {
	case fm == output.CSV:
		rw.cw = csv.NewWriter(rw.bw)
	case fm == output.JSONL:
		rw.jsonEn = json.NewEncoder(rw.bw)
		rw.jsonEn.SetEscapeHTML(false)
	case ropts.TTY:
		// A person reads it: aligned, and cut to the terminal's width as every table is.
		rw.table = &output.Rows{}
	}
	return rw
}

// header writes the header: on a terminal (upper case) and in CSV; never in a pipe table.
func (w *rowWriter) header(cells ...string) {
	switch {
	case w.cw != nil:
		w.row(cells...)
	case w.table != nil:
		if !w.withID {
			cells = cells[:len(cells)-1]
		}
		w.table.Headers = cells
		w.table.MarkUncut("number", "action") // the why and the names give way to fit
	}
}

func (w *rowWriter) row(cells ...string) {
	if w.werr != nil {
		return
	}
	if !w.withID {
		cells = cells[:len(cells)-1]
	}
	switch {
	case w.cw != nil:
		w.werr = w.cw.Write(cells)
	case w.table != nil:
		w.table.Add(cells...)
	default:
		for i, c := range cells {
			if i > 0 {
				w.bw.WriteByte('\t')
			}
			w.bw.WriteString(output.SanitizeCell(c))
		}
		w.werr = w.bw.WriteByte('\n')
	}
}

func (w *rowWriter) json(v any) error {
	if w.werr == nil {
		w.werr = w.jsonEn.Encode(v)
	}
	return w.werr
}

func (w *rowWriter) err() error {
	if w == nil {
		return nil
	}
	return w.werr
}

func (w *rowWriter) flush() error {
	if w.werr != nil {
		return w.werr
	}
	if w.cw != nil {
		w.cw.Flush()
		if err := w.cw.Error(); err != nil {
			return err
		}
	}
	if w.table != nil && len(w.table.Rows) > 0 {
		fm := w.fm
		if fm != output.Wide {
			fm = output.Table
		}
		if err := output.RenderWith(w.bw, fm, w.ropts, nil, w.table); err != nil {
			return err
		}
		w.table.Rows = nil
	}
	return w.bw.Flush()
}
