package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// RenderText writes the plan for people: one block per entity, one line per changed field
// ("~" set, "+" add, "-" delete; a change the file does not name ends with its reason), then
// a summary line.
func RenderText(w io.Writer, p *Plan) error { return RenderTextOf(w, p, "the desired state") }

// RenderTextOf is RenderText for a plan towards target ("the backup" for a restore), which an
// empty plan's message names.
func RenderTextOf(w io.Writer, p *Plan, target string) error {
	return RenderTextIncomplete(w, p, target, nil)
}

// RenderTextIncomplete is RenderTextOf for a plan made from an incomplete read: when inc is
// not nil (a list failed, or entities could not be read), the plan ends with a line that says
// so, and an empty plan does not claim that the live settings match. With inc nil it writes
// exactly what RenderTextOf writes.
func RenderTextIncomplete(w io.Writer, p *Plan, target string, inc *snapshot.Summary) error {
	var b strings.Builder
	if p.Empty() {
		if inc != nil {
			fmt.Fprintf(&b, "No changes in the entities read: their live settings match %s.\n", target)
			b.WriteString(IncompleteLine(inc))
		} else {
			fmt.Fprintf(&b, "No changes: the live settings match %s.\n", target)
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	for _, e := range p.Entities {
		b.WriteString(EntityLabel(e.Entity))
		b.WriteString("\n")
		for _, c := range e.Changes {
			switch c.Op {
			case "add":
				fmt.Fprintf(&b, "  + %s: %s\n", c.Field, formatValue(c.To))
			case "delete":
				fmt.Fprintf(&b, "  - %s: %s\n", c.Field, formatValue(c.From))
			default:
				fmt.Fprintf(&b, "  ~ %s: %s -> %s", c.Field, formatValue(c.From), formatValue(c.To))
				if c.Reason != "" {
					fmt.Fprintf(&b, " (%s)", c.Reason)
				}
				b.WriteString("\n")
			}
		}
	}
	n, c, o := p.Counts()
	fmt.Fprintf(&b, "\nPlan: %d %s, %d %s, %d API %s.\n", n, plural(n, "entity", "entities"), c, plural(c, "change", "changes"), o, plural(o, "write", "writes"))
	if inc != nil {
		b.WriteString(IncompleteLine(inc))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// IncompleteLine is the last line of a plan made from an incomplete read: which lists failed
// and after how many entries, how many listed entities could not be read, and that the
// entities not read are not in the plan.
func IncompleteLine(inc *snapshot.Summary) string {
	var parts []string
	for _, fl := range inc.FailedLists {
		parts = append(parts, fmt.Sprintf("the %s list failed at page %d after %d %s", fl.List, fl.Page, fl.Listed, plural(fl.Listed, "entry", "entries")))
	}
	if inc.Unreadable > 0 {
		parts = append(parts, fmt.Sprintf("%d of %d listed %s could not be read", inc.Unreadable, inc.Listed, plural(inc.Listed, "entity", "entities")))
	}
	if inc.Interrupted {
		parts = append(parts, "the run was interrupted")
	}
	if len(parts) == 0 {
		parts = append(parts, "not every entity was read")
	}
	line := "Plan incomplete: " + strings.Join(parts, "; ") + "; entities not read are not in this plan"
	if inc.Failures != "" {
		line += " (details in " + inc.Failures + ")"
	}
	return line + ".\n"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// EntityLabel names an entity for people: kind, name, email, location and ID.
func EntityLabel(e snapshot.Entity) string {
	var b strings.Builder
	b.WriteString(string(e.Kind))
	if e.Name != "" {
		b.WriteString(" " + e.Name)
	}
	if e.Email != "" {
		b.WriteString(" <" + e.Email + ">")
	}
	if e.LocationName != "" && e.Kind != wxc.Location {
		b.WriteString(" (" + e.LocationName + ")")
	}
	b.WriteString(" [" + e.ID + "]")
	return b.String()
}

// formatValue shows a value: null, a bool, an action bare, other strings quoted. The add and
// delete descriptions of codes and patterns are shown bare.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprint(x)
	case wxc.Action:
		return string(x)
	case string:
		if isAction(x) || strings.Contains(x, " ") {
			return x
		}
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

func isAction(s string) bool {
	for _, a := range wxc.Actions() {
		if string(a) == s {
			return true
		}
	}
	return false
}

// RenderJSON writes the plan as indented JSON with a summary.
func RenderJSON(w io.Writer, p *Plan) error { return RenderJSONIncomplete(w, p, nil) }

// RenderJSONIncomplete is RenderJSON for a plan made from an incomplete read: when inc is not
// nil the summary also has "complete": false and the members of an incomplete export's
// summary record (listed, unreadable, failedLists, failures). With inc nil it writes exactly
// what RenderJSON writes (a complete plan has no "complete" member).
func RenderJSONIncomplete(w io.Writer, p *Plan, inc *snapshot.Summary) error {
	n, c, o := p.Counts()
	ents := p.Entities
	if ents == nil {
		ents = []EntityPlan{}
	}
	v := struct {
		Summary struct {
			Entities int `json:"entities"`
			Changes  int `json:"changes"`
			Writes   int `json:"writes"`
			// Only in a plan made from an incomplete read:
			Complete    *bool                 `json:"complete,omitempty"`
			Listed      *int                  `json:"listed,omitempty"`
			Unreadable  *int                  `json:"unreadable,omitempty"`
			FailedLists []snapshot.FailedList `json:"failedLists,omitempty"`
			Failures    string                `json:"failures,omitempty"`
		} `json:"summary"`
		Entities []EntityPlan `json:"entities"`
	}{Entities: ents}
	v.Summary.Entities, v.Summary.Changes, v.Summary.Writes = n, c, o
	if inc != nil {
		complete, listed, unreadable := false, inc.Listed, inc.Unreadable
		v.Summary.Complete, v.Summary.Listed, v.Summary.Unreadable = &complete, &listed, &unreadable
		v.Summary.FailedLists, v.Summary.Failures = inc.FailedLists, inc.Failures
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
