// Package report turns the result of wxc audit into reports people read: a self-contained HTML
// page (summary, heat map of locations × call types, findings table) and Markdown for a pull
// request comment or a CI step summary. One model, Report, feeds both; it holds the same
// summary and findings as `wxc audit -o json` plus aggregates computed from the settings read.
package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Format names of the reports (values of -o).
const (
	HTML     = "html"
	Markdown = "markdown"
)

// ParseFormat reports whether s (a -o value) names a report format, and which: html, or
// markdown (also md).
func ParseFormat(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case HTML:
		return HTML, true
	case Markdown, "md":
		return Markdown, true
	}
	return "", false
}

// Summary is the summary of an audit, as `wxc audit -o json` prints it.
type Summary struct {
	Entities   int `json:"entities"`
	Unreadable int `json:"unreadable"`
	// Complete is false when an entity could not be read or a list failed: the findings then
	// cover only what was read (the exit code is 3).
	Complete    bool           `json:"complete"`
	FailedLists int            `json:"failedLists"`
	Findings    int            `json:"findings"`
	BySeverity  map[string]int `json:"bySeverity"`
}

// SeverityText is the findings by severity, most severe first, as " (2 error, 1 warning)";
// "" when there are none.
func (s Summary) SeverityText() string {
	var parts []string
	for _, sev := range []audit.Severity{audit.SeverityError, audit.SeverityWarning, audit.SeverityInfo} {
		if n := s.BySeverity[string(sev)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// Meta says what was audited, against what, and when.
type Meta struct {
	Policy      string    `json:"policy"`        // policy file name, or "built-in"
	Org         string    `json:"org,omitempty"` // org ID (or name) audited
	GeneratedAt time.Time `json:"generatedAt"`
}

// Report is the model of every report format.
type Report struct {
	Meta
	Summary  Summary         `json:"summary"`
	Rules    []RuleCount     `json:"rules"`   // findings per rule, over all findings
	HeatMap  HeatMap         `json:"heatMap"` // locations × call types
	Findings []audit.Finding `json:"findings"`
}

// RuleCount is the number of findings of one rule.
type RuleCount struct {
	Rule        string         `json:"rule"`
	Description string         `json:"description,omitempty"`
	Severity    audit.Severity `json:"severity"`
	Findings    int            `json:"findings"`
}

// HeatMap counts, per location and call type, the effective actions of the location's
// people, workspaces and virtual lines.
type HeatMap struct {
	CallTypes []wxc.CallType `json:"callTypes"`
	Rows      []HeatRow      `json:"rows"`
}

// HeatRow is one location. Cells has one entry per HeatMap.CallTypes.
type HeatRow struct {
	LocationID   string `json:"locationId,omitempty"`
	LocationName string `json:"locationName,omitempty"`
	Entities     int    `json:"entities"` // people, workspaces and virtual lines in the location
	Cells        []Cell `json:"cells"`
}

// Cell counts the effective actions of one call type in one location. Total counts the
// entities whose settings list the call type.
type Cell struct {
	Total    int `json:"total"`
	Allow    int `json:"allow"`
	AuthCode int `json:"authCode"`
	Transfer int `json:"transfer"` // TRANSFER_NUMBER_1..3
	Block    int `json:"block"`
	Other    int `json:"other"` // an action this version does not know
}

// AllowShare is Allow/Total (0 when Total is 0).
func (c Cell) AllowShare() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.Allow) / float64(c.Total)
}

func (c *Cell) add(a wxc.Action) {
	c.Total++
	switch a {
	case wxc.ActionAllow:
		c.Allow++
	case wxc.ActionAuthCode:
		c.AuthCode++
	case wxc.ActionTransferNumber1, wxc.ActionTransferNumber2, wxc.ActionTransferNumber3:
		c.Transfer++
	case wxc.ActionBlock:
		c.Block++
	default:
		c.Other++
	}
}

// Build makes the report model. settings are the entities read (locations among them name
// the heat map's rows); findings are audit.Evaluate's, in its order; policy supplies rule
// descriptions and may be nil.
func Build(meta Meta, sum Summary, policy *audit.Policy, settings []snapshot.Settings, findings []audit.Finding) *Report {
	if findings == nil {
		findings = []audit.Finding{}
	}
	if sum.BySeverity == nil {
		sum.BySeverity = map[string]int{}
	}
	return &Report{Meta: meta, Summary: sum, Rules: ruleCounts(policy, findings), HeatMap: heatMap(settings), Findings: findings}
}

func ruleCounts(policy *audit.Policy, findings []audit.Finding) []RuleCount {
	idx := map[string]int{}
	var out []RuleCount
	if policy != nil {
		for _, r := range policy.Rules {
			sev := r.Severity
			if sev == "" {
				sev = audit.SeverityWarning
			}
			idx[r.ID] = len(out)
			out = append(out, RuleCount{Rule: r.ID, Description: r.Description, Severity: sev})
		}
	}
	for _, f := range findings {
		i, ok := idx[f.Rule]
		if !ok {
			i = len(out)
			idx[f.Rule] = i
			out = append(out, RuleCount{Rule: f.Rule, Severity: f.Severity})
		}
		out[i].Findings++
	}
	slices.SortStableFunc(out, func(a, b RuleCount) int {
		return cmp.Or(cmp.Compare(b.Findings, a.Findings), cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), strings.Compare(a.Rule, b.Rule))
	})
	return out
}

// noLocation is the row key of entities without a location.
const noLocation = "\x00none"

func heatMap(settings []snapshot.Settings) HeatMap {
	// Columns: every call type any entity lists, known ones in the SDK's order.
	known := wxc.AllCallTypes()
	seen := map[wxc.CallType]bool{}
	var cts []wxc.CallType
	type rowAcc struct {
		row   HeatRow
		cells map[wxc.CallType]*Cell
	}
	rows := map[string]*rowAcc{}
	row := func(id, name string) *rowAcc {
		key := id
		if key == "" {
			key = noLocation
		}
		r := rows[key]
		if r == nil {
			r = &rowAcc{row: HeatRow{LocationID: id, LocationName: name}, cells: map[wxc.CallType]*Cell{}}
			rows[key] = r
		}
		if r.row.LocationName == "" {
			r.row.LocationName = name
		}
		return r
	}
	for i := range settings {
		s := &settings[i]
		var cp *wxc.CallingPermissions
		if s.Outgoing != nil {
			cp = s.Outgoing.CallingPermissions
		}
		var r *rowAcc // nil for a location: its row, but no entity nor cell
		if s.Kind == wxc.Location {
			row(s.ID, s.Name)
		} else {
			r = row(s.LocationID, s.LocationName)
			r.row.Entities++
		}
		if cp == nil {
			continue
		}
		for _, ct := range cp.CallTypes() {
			if !seen[ct] {
				seen[ct] = true
				cts = append(cts, ct)
			}
			if r == nil {
				continue
			}
			p, _ := cp.ForCallType(ct)
			c := r.cells[ct]
			if c == nil {
				c = &Cell{}
				r.cells[ct] = c
			}
			c.add(p.Action)
		}
	}
	order := func(ct wxc.CallType) int {
		if i := slices.Index(known, ct); i >= 0 {
			return i
		}
		return len(known)
	}
	slices.SortFunc(cts, func(a, b wxc.CallType) int {
		return cmp.Or(cmp.Compare(order(a), order(b)), strings.Compare(string(a), string(b)))
	})
	hm := HeatMap{CallTypes: cts, Rows: []HeatRow{}}
	if hm.CallTypes == nil {
		hm.CallTypes = []wxc.CallType{}
	}
	for _, r := range rows {
		r.row.Cells = make([]Cell, len(cts))
		for i, ct := range cts {
			if c := r.cells[ct]; c != nil {
				r.row.Cells[i] = *c
			}
		}
		hm.Rows = append(hm.Rows, r.row)
	}
	slices.SortFunc(hm.Rows, func(a, b HeatRow) int {
		// Entities without a location last.
		return cmp.Or(cmp.Compare(b2i(a.LocationID == ""), b2i(b.LocationID == "")),
			strings.Compare(strings.ToLower(a.LocationName), strings.ToLower(b.LocationName)),
			strings.Compare(a.LocationID, b.LocationID))
	})
	return hm
}

// Label is the row's display name.
func (r HeatRow) Label() string {
	switch {
	case r.LocationName != "":
		return r.LocationName
	case r.LocationID != "":
		return r.LocationID
	}
	return "(no location)"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
