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
	var b strings.Builder
	if p.Empty() {
		fmt.Fprintf(&b, "No changes: the live settings match %s.\n", target)
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
	_, err := io.WriteString(w, b.String())
	return err
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
func RenderJSON(w io.Writer, p *Plan) error {
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
		} `json:"summary"`
		Entities []EntityPlan `json:"entities"`
	}{Entities: ents}
	v.Summary.Entities, v.Summary.Changes, v.Summary.Writes = n, c, o
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
