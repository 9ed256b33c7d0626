package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DefaultMaxMarkdownFindings caps the findings table of the Markdown report (a pull-request
// comment has a size limit and nobody reads 10,000 rows there).
const DefaultMaxMarkdownFindings = 50

// WriteMarkdown writes the summary, findings per rule and a compact findings table (at most
// maxFindings rows, then a line with how many are left out; 0: DefaultMaxMarkdownFindings).
// It suits a pull-request comment and $GITHUB_STEP_SUMMARY.
func (r *Report) WriteMarkdown(w io.Writer, maxFindings int) error {
	if maxFindings <= 0 {
		maxFindings = DefaultMaxMarkdownFindings
	}
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "## wxc audit: %d %s%s\n\n", r.Summary.Findings, plural(r.Summary.Findings, "finding", "findings"), r.Summary.SeverityText())
	org := r.Org
	if org == "" {
		org = "the token's org"
	}
	generated := "unknown"
	if !r.GeneratedAt.IsZero() {
		generated = r.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	read := fmt.Sprintf("%d", r.Summary.Entities)
	if r.Summary.Unreadable > 0 {
		read += fmt.Sprintf(", %d unreadable", r.Summary.Unreadable)
	}
	if r.Summary.FailedLists > 0 {
		read += fmt.Sprintf(", %d failed lists", r.Summary.FailedLists)
	}
	if !r.Summary.Complete {
		read += " **(incomplete: the findings cover only what was read)**"
	}
	fmt.Fprintf(b, "| | |\n|---|---|\n| Org | %s |\n| Policy | %s |\n| Generated | %s |\n| Entities read | %s |\n\n",
		cell(org), cell(r.Policy), generated, read)
	if len(r.Rules) > 0 {
		b.WriteString("| Rule | Severity | Findings |\n|---|---|---:|\n")
		for _, rc := range r.Rules {
			fmt.Fprintf(b, "| %s | %s | %d |\n", cell(rc.Rule), cell(string(rc.Severity)), rc.Findings)
		}
		b.WriteString("\n")
	}
	if len(r.Findings) == 0 {
		// 0 entities is never "clean": say what the empty table means.
		switch {
		case r.Summary.Entities == 0:
			b.WriteString("**Nothing was audited: no entity was read.**\n")
		case !r.Summary.Complete:
			b.WriteString("No findings in what was read; the audit is **incomplete**.\n")
		default:
			b.WriteString("No findings.\n")
		}
		return b.Flush()
	}
	b.WriteString("| Severity | Rule | Kind | Name | Location | Field | Value | Source |\n|---|---|---|---|---|---|---|---|\n")
	n := min(len(r.Findings), maxFindings)
	for _, f := range r.Findings[:n] {
		name := f.Name
		if f.Email != "" {
			name += " <" + f.Email + ">"
		}
		if name == "" {
			name = f.ID
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", cell(string(f.Severity)), cell(f.Rule), cell(string(f.Kind)),
			cell(name), cell(f.LocationName), code(f.Field), code(f.Value), cell(f.Source))
	}
	if rest := len(r.Findings) - n; rest > 0 {
		fmt.Fprintf(b, "\n_Showing %d of %d findings (%d more); `wxc audit -o csv` lists them all._\n", n, len(r.Findings), rest)
	}
	return b.Flush()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// mdEscaper escapes what Markdown (GitHub's flavour) would read as markup or HTML in a table
// cell, and flattens line breaks.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "#", `\#`, "!", `\!`, "~", `\~`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

func cell(s string) string { return mdEscaper.Replace(s) }

// code renders s as inline code (field names and values); a backtick or pipe inside falls
// back to escaped text.
func code(s string) string {
	if s == "" {
		return ""
	}
	if strings.ContainsAny(s, "`|\r\n") {
		return cell(s)
	}
	return "`" + s + "`"
}
