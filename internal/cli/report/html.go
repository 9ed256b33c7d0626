package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
)

//go:embed report.html.tmpl
var htmlTemplate string

var pageTemplate = template.Must(template.New("report").Parse(htmlTemplate))

// DefaultMaxHTMLFindings caps the findings embedded in the HTML page: beyond it the page says
// "showing N of M" and the summary, rule counts and heat map still cover every finding.
const DefaultMaxHTMLFindings = 5000

// HTMLOptions tune WriteHTML.
type HTMLOptions struct {
	MaxFindings int // findings embedded in the page; 0: DefaultMaxHTMLFindings
	PageSize    int // findings table rows per page; 0: 100
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS and JavaScript,
// no request to any other resource. Every name is user data and is escaped by html/template.
func (r *Report) WriteHTML(w io.Writer, opts HTMLOptions) error {
	if opts.MaxFindings <= 0 {
		opts.MaxFindings = DefaultMaxHTMLFindings
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	return pageTemplate.Execute(w, r.htmlView(opts))
}

type htmlView struct {
	R          *Report
	Generated  string
	Severities []sevView
	CallTypes  []callTypeView
	Chunks     []chunkView // the heat map's rows in chunks the browser lays out when in view
	HeatStyle  template.CSS
	Legend     []legendStop
	ScaleCSS   template.CSS
	Embedded   int
	Data       findingsData
	PageSize   int
}

type callTypeView struct {
	Name, Label string
}

type sevView struct {
	Name  string
	Count int
}

// chunkView is a run of heat map rows in a table of its own (content-visibility: auto), so a
// page with thousands of locations renders only the rows in view.
type chunkView struct {
	Rows  []rowView
	Style template.CSS // the size the chunk takes before it is laid out
}

// chunkRows is the number of heat map rows per chunk; rowHeight their height in pixels.
const (
	chunkRows = 25
	rowHeight = 40
)

type rowView struct {
	Label, ID string
	Entities  int
	Cells     []cellView
}

type cellView struct {
	Empty                                      bool
	Pct                                        string
	Class                                      string // colour class p0..p100 (share of ALLOW in percent)
	Total, Allow, Auth, Transfer, Block, Other int
	Segs                                       []segView
}

// segView is one segment of a cell's bar: its action class and its width in percent (class
// w0..w100; no inline style, so a page with many cells stays small and quick to style).
type segView struct {
	Class string
}

type legendStop struct {
	Offset string
	Color  string
}

// findingsData is the findings table's data: every string once in S, each finding a row of
// indexes into S (columns: severity, rule, kind, name, location, field, value, source,
// message, id). It keeps a page of many findings small.
type findingsData struct {
	S []string `json:"s"`
	F [][]int  `json:"f"`
}

func (r *Report) htmlView(opts HTMLOptions) htmlView {
	v := htmlView{R: r, Generated: r.GeneratedAt.UTC().Format("2006-01-02 15:04:05 UTC"), PageSize: opts.PageSize}
	if r.GeneratedAt.IsZero() {
		v.Generated = "unknown"
	}
	for _, s := range []audit.Severity{audit.SeverityError, audit.SeverityWarning, audit.SeverityInfo} {
		v.Severities = append(v.Severities, sevView{string(s), r.Summary.BySeverity[string(s)]})
	}
	for _, ct := range r.HeatMap.CallTypes {
		// Underscores become spaces in the label, so a long name wraps in a narrow column.
		v.CallTypes = append(v.CallTypes, callTypeView{string(ct), strings.ReplaceAll(string(ct), "_", " ")})
	}
	for _, hr := range r.HeatMap.Rows {
		rv := rowView{Label: hr.Label(), ID: hr.LocationID, Entities: hr.Entities}
		for _, c := range hr.Cells {
			rv.Cells = append(rv.Cells, cellOf(c))
		}
		if len(v.Chunks) == 0 || len(v.Chunks[len(v.Chunks)-1].Rows) == chunkRows {
			v.Chunks = append(v.Chunks, chunkView{})
		}
		c := &v.Chunks[len(v.Chunks)-1]
		c.Rows = append(c.Rows, rv)
		c.Style = template.CSS(fmt.Sprintf("contain-intrinsic-size:auto %dpx", len(c.Rows)*rowHeight))
	}
	for i := 0; i <= 10; i++ {
		x := float64(i) / 10
		v.Legend = append(v.Legend, legendStop{fmt.Sprintf("%d%%", i*10), colorHex(cividis(x))})
	}
	v.ScaleCSS = scaleCSS()
	v.HeatStyle = template.CSS(fmt.Sprintf("--cols:%d", len(v.CallTypes)))
	n := min(len(r.Findings), opts.MaxFindings)
	v.Embedded = n
	v.Data = encodeFindings(r.Findings[:n])
	return v
}

func cellOf(c Cell) cellView {
	cv := cellView{Total: c.Total, Allow: c.Allow, Auth: c.AuthCode, Transfer: c.Transfer, Block: c.Block, Other: c.Other}
	if c.Total == 0 {
		cv.Empty = true
		cv.Pct = "–"
		return cv
	}
	pct := int(math.Round(c.AllowShare() * 100))
	cv.Class = fmt.Sprintf("p%d", pct)
	cv.Pct = fmt.Sprintf("%d%%", pct)
	// Segments start and end at rounded cumulative shares: no gaps, no overlap.
	cum := 0
	edge := func(n int) int { return int(math.Round(100 * float64(n) / float64(c.Total))) }
	for _, s := range []struct {
		class string
		n     int
	}{{"sa", c.Allow}, {"sc", c.AuthCode}, {"sx", c.Transfer}, {"sb", c.Block}, {"so", c.Other}} {
		if s.n == 0 {
			continue
		}
		l, r := edge(cum), edge(cum+s.n)
		cum += s.n
		if r > l {
			cv.Segs = append(cv.Segs, segView{fmt.Sprintf("%s w%d", s.class, r-l)})
		}
	}
	return cv
}

// scaleCSS defines the classes of the heat map cells: p0..p100 (background of the ALLOW share
// on the cividis scale, text colour for contrast) and w0..w100 (widths of bar segments).
func scaleCSS() template.CSS {
	var b strings.Builder
	for i := 0; i <= 100; i++ {
		rgb := cividis(float64(i) / 100)
		fg := "#000"
		if luminance(rgb) < 0.18 {
			fg = "#fff"
		}
		fmt.Fprintf(&b, ".p%d{background:%s;color:%s}", i, colorHex(rgb), fg)
	}
	b.WriteString("\n")
	for i := 0; i <= 100; i++ {
		fmt.Fprintf(&b, ".w%d{width:%d%%}", i, i)
	}
	return template.CSS(b.String())
}

func encodeFindings(fs []audit.Finding) findingsData {
	d := findingsData{S: []string{}, F: make([][]int, 0, len(fs))}
	idx := map[string]int{}
	in := func(s string) int {
		i, ok := idx[s]
		if !ok {
			i = len(d.S)
			idx[s] = i
			d.S = append(d.S, s)
		}
		return i
	}
	for _, f := range fs {
		name := f.Name
		if f.Email != "" {
			name += " <" + f.Email + ">"
		}
		loc := f.LocationName
		if loc == "" {
			loc = f.LocationID
		}
		d.F = append(d.F, []int{in(string(f.Severity)), in(f.Rule), in(string(f.Kind)), in(name), in(loc),
			in(f.Field), in(f.Value), in(f.Source), in(f.Message), in(f.ID)})
	}
	return d
}

// cividis approximates the cividis colour map (dark blue to yellow; readable with every
// common colour-vision deficiency) by linear interpolation between five stops.
func cividis(x float64) [3]float64 {
	stops := [][3]float64{{0x00, 0x22, 0x4e}, {0x35, 0x45, 0x6c}, {0x7c, 0x7b, 0x78}, {0xbc, 0xaf, 0x6f}, {0xfe, 0xe8, 0x38}}
	x = math.Max(0, math.Min(1, x))
	p := x * float64(len(stops)-1)
	i := min(int(p), len(stops)-2)
	t := p - float64(i)
	var c [3]float64
	for k := range c {
		c[k] = stops[i][k] + t*(stops[i+1][k]-stops[i][k])
	}
	return c
}

func colorHex(c [3]float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(math.Round(c[0])), int(math.Round(c[1])), int(math.Round(c[2])))
}

// luminance is the relative luminance (0 black, 1 white) of an sRGB colour.
func luminance(c [3]float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}
