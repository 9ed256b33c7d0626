package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/cmd/jobs"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/report/browser"
	"github.com/wxcgo/go-wxc/wxc"
)

// artefactDir is $WXC_ARTEFACTS when set (CI keeps it), else a temporary directory.
func artefactDir(t *testing.T) string {
	if d := os.Getenv("WXC_ARTEFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

type heatCell struct{ Total, Allow int }

type heatRow struct {
	ID       string
	Entities int
	Cells    map[string]heatCell
}

// TestAuditHTMLReportInBrowser renders the demo org's report with wxc audit -o html, opens it
// in headless Chromium and checks the heat map, sorting, filtering and that the page makes no
// request; it saves a screenshot.
func TestAuditHTMLReportInBrowser(t *testing.T) {
	chromium := browser.Require(t)
	emu := demoEmulator(t)
	org := readOrg(t, emu.Client)
	dir := t.TempDir()

	// The heat map the settings call for, computed here from what the API returns: per
	// location, its people, workspaces and virtual lines; per call type, how many list it
	// and how many of those have the effective action ALLOW.
	want := map[string]*heatRow{}
	callTypes := map[string]bool{}
	for _, s := range org {
		if s.Kind == wxc.Location {
			if want[s.ID] == nil {
				want[s.ID] = &heatRow{ID: s.ID, Cells: map[string]heatCell{}}
			}
		}
	}
	for _, s := range org {
		for _, ct := range s.Outgoing.CallingPermissions.CallTypes() {
			callTypes[string(ct)] = true
		}
		if s.Kind == wxc.Location {
			continue
		}
		r := want[s.LocationID]
		if r == nil {
			t.Fatalf("%s %s is in location %q, which is not among the locations read", s.Kind, s.ID, s.LocationID)
		}
		r.Entities++
		for _, ct := range s.Outgoing.CallingPermissions.CallTypes() {
			p, _ := s.Outgoing.CallingPermissions.ForCallType(ct)
			c := r.Cells[string(ct)]
			c.Total++
			if p.Action == wxc.ActionAllow {
				c.Allow++
			}
			r.Cells[string(ct)] = c
		}
	}
	if len(want) < 2 || len(callTypes) < 5 {
		t.Fatalf("demo org has %d locations and %d call types: the test would prove little", len(want), len(callTypes))
	}

	// The same audit as JSON: the findings the table must show, and the exit code every
	// format must share.
	jsonCode, jsonOut, stderr := runMain(t, emu, "--failures", filepath.Join(dir, "f1.jsonl"), "audit", "-o", "json")
	var rep jobs.AuditReport
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatalf("audit -o json: %v\n%s", err, stderr)
	}
	code, page, stderr := runMain(t, emu, "--failures", filepath.Join(dir, "f2.jsonl"), "audit", "-o", "html")
	if code != jsonCode || code != cmdutil.ExitFindings {
		t.Fatalf("audit -o html: exit %d, -o json: exit %d, want both %d\n%s", code, jsonCode, cmdutil.ExitFindings, stderr)
	}
	code, md, _ := runMain(t, emu, "--failures", filepath.Join(dir, "f3.jsonl"), "audit", "-o", "markdown")
	if code != jsonCode || !strings.Contains(md, fmt.Sprintf("## wxc audit: %d findings", len(rep.Findings))) {
		t.Errorf("audit -o markdown: exit %d, want %d; output:\n%s", code, jsonCode, md)
	}
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	fileURL := browser.FileURL(file)

	p, cancel, err := browser.Open(t.Context(), chromium, dir, 1400, 1000)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	ctx := p.Ctx
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL)); err != nil {
		t.Fatalf("open %s: %v", fileURL, err)
	}
	if _, err := p.WaitReady(30 * time.Second); err != nil {
		t.Fatal(err)
	}

	// Heat map, read from the DOM.
	type domRow struct {
		ID       string
		Label    string
		Entities string
		Cells    []struct{ T, A, Pct string }
	}
	var dom struct {
		Cols []string
		Rows []domRow
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`(() => {
		const cols = Array.from(document.querySelectorAll("#heatmap thead th")).slice(1).map(th => th.dataset.calltype);
		const rows = Array.from(document.querySelectorAll("#heatmap tbody tr")).map(tr => ({
			ID: tr.dataset.locationId, Label: tr.cells[0].title, Entities: tr.dataset.entities,
			Cells: Array.from(tr.cells).slice(1).map(td => ({T: td.dataset.t || "", A: td.dataset.a || "0", Pct: td.firstChild ? td.firstChild.textContent : ""}))
		}));
		return {Cols: cols, Rows: rows};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &dom); err != nil {
		t.Fatal(err)
	}
	gotCols := slices.Sorted(slices.Values(dom.Cols))
	if d := cmp.Diff(slices.Sorted(func(yield func(string) bool) {
		for ct := range callTypes {
			if !yield(ct) {
				return
			}
		}
	}), gotCols); d != "" {
		t.Errorf("heat map columns (-want +got):\n%s", d)
	}
	if len(dom.Rows) != len(want) {
		t.Fatalf("heat map has %d rows, want one per location: %d", len(dom.Rows), len(want))
	}
	for _, r := range dom.Rows {
		w := want[r.ID]
		if w == nil {
			t.Errorf("heat map row %q (%s) is no location", r.ID, r.Label)
			continue
		}
		if r.Entities != fmt.Sprint(w.Entities) {
			t.Errorf("%s: %s entities, want %d", r.Label, r.Entities, w.Entities)
		}
		if len(r.Cells) != len(dom.Cols) {
			t.Fatalf("%s: %d cells for %d columns", r.Label, len(r.Cells), len(dom.Cols))
		}
		for i, c := range r.Cells {
			wc := w.Cells[dom.Cols[i]]
			pct := "–"
			if wc.Total > 0 {
				pct = fmt.Sprintf("%.0f%%", 100*float64(wc.Allow)/float64(wc.Total))
			}
			if c.T != fmt.Sprint(wc.Total) || c.A != fmt.Sprint(wc.Allow) || c.Pct != pct {
				t.Errorf("%s × %s: total %s, allow %s, shown %q; want %d, %d, %q", r.Label, dom.Cols[i], c.T, c.A, c.Pct, wc.Total, wc.Allow, pct)
			}
		}
	}
	// A share that is neither 0 nor 100 shows the test compares real fractions.
	mixed := false
	for _, r := range want {
		for _, c := range r.Cells {
			mixed = mixed || (c.Allow > 0 && c.Allow < c.Total)
		}
	}
	if !mixed {
		t.Error("every demo cell is 0% or 100%: the share check proves little")
	}

	// Findings table: rows, paging, sorting (click the Name header), filtering (severity
	// select), on the report of a policy that finds more than a page (100 rows): every
	// ALLOW is an info finding, besides two rules of the built-in policy.
	policy := filepath.Join(dir, "many.yaml")
	if err := os.WriteFile(policy, []byte(`version: 1
rules:
  - {id: premium, severity: error, callTypes: ["PREMIUM_SERVICES_*"], allowActions: [BLOCK]}
  - {id: international, severity: warning, callTypes: [INTERNATIONAL], allowActions: [BLOCK, AUTH_CODE, "TRANSFER_NUMBER_*"]}
  - {id: every-allow, severity: info, callTypes: ["*"], denyActions: [ALLOW]}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, jsonOut, stderr = runMain(t, emu, "--failures", filepath.Join(dir, "f4.jsonl"), "audit", "--policy", policy, "-o", "json")
	rep = jobs.AuditReport{}
	if err := json.Unmarshal([]byte(jsonOut), &rep); err != nil {
		t.Fatalf("audit --policy -o json: %v\n%s", err, stderr)
	}
	_, page2, _ := runMain(t, emu, "--failures", filepath.Join(dir, "f5.jsonl"), "audit", "--policy", policy, "-o", "html")
	file2 := filepath.Join(dir, "report2.html")
	if err := os.WriteFile(file2, []byte(page2), 0o600); err != nil {
		t.Fatal(err)
	}
	fileURL2 := browser.FileURL(file2)
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL2)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	column := func(col int) []string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
			`Array.from(document.querySelectorAll("#findings tbody tr")).map(tr => tr.cells[%d].textContent)`, col)))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	status := func() string {
		v, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("#status")))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	names := make([]string, len(rep.Findings))
	for i, f := range rep.Findings {
		names[i] = f.Name
		if f.Email != "" {
			names[i] += " <" + f.Email + ">"
		}
	}
	// Pages of 100 rows; the demo has more findings than that, so paging is exercised too.
	const pageSize = 100
	if len(names) <= pageSize {
		t.Fatalf("demo has %d findings: paging is not exercised", len(names))
	}
	firstPage := func(s []string) []string { return s[:min(len(s), pageSize)] }
	if got := column(3); !cmp.Equal(got, firstPage(names)) {
		t.Errorf("findings table before sorting (-want +got):\n%s", cmp.Diff(firstPage(names), got))
	}
	if st := status(); !strings.Contains(st, fmt.Sprintf("Showing 1–%d of %d matching findings", pageSize, len(names))) {
		t.Errorf("status: %q", st)
	}
	// A stable sort by name, case-insensitive, ascending then (second click) descending.
	byName := slices.Clone(names)
	slices.SortStableFunc(byName, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	desc := slices.Clone(names)
	slices.SortStableFunc(desc, func(a, b string) int { return strings.Compare(strings.ToLower(b), strings.ToLower(a)) })
	clickName := chromedp.Click(chromedp.CSS(`#findings th[data-col="3"] button`))
	if err := chromedp.Do(ctx, clickName); err != nil {
		t.Fatal(err)
	}
	if got := column(3); !cmp.Equal(got, firstPage(byName)) {
		t.Errorf("sorted by name ascending (-want +got):\n%s", cmp.Diff(firstPage(byName), got))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("next"))); err != nil {
		t.Fatal(err)
	}
	if got := column(3); !cmp.Equal(got, byName[pageSize:min(len(byName), 2*pageSize)]) {
		t.Errorf("page 2 sorted by name ascending (-want +got):\n%s", cmp.Diff(byName[pageSize:min(len(byName), 2*pageSize)], got))
	}
	if err := chromedp.Do(ctx, clickName); err != nil {
		t.Fatal(err)
	}
	if got := column(3); !cmp.Equal(got, firstPage(desc)) {
		t.Errorf("sorted by name descending (-want +got):\n%s", cmp.Diff(firstPage(desc), got))
	}

	warnings := 0
	for _, f := range rep.Findings {
		if f.Severity == "warning" {
			warnings++
		}
	}
	if warnings == 0 || warnings == len(rep.Findings) {
		t.Fatalf("demo has %d warnings of %d findings: the filter check proves nothing", warnings, len(rep.Findings))
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.getElementById("f-severity");
		const o = Array.from(s.options).find(o => o.textContent === "warning");
		s.value = o.value;
		s.dispatchEvent(new Event("change"));
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	sev := column(0)
	if warnings > pageSize {
		t.Fatalf("%d warnings do not fit one page", warnings)
	}
	if len(sev) != warnings || slices.ContainsFunc(sev, func(s string) bool { return s != "warning" }) {
		t.Errorf("severity filter warning: rows %q, want %d warnings", sev, warnings)
	}
	if st := status(); !strings.Contains(st, fmt.Sprintf("of %d matching findings", warnings)) {
		t.Errorf("status after filtering: %q", st)
	}
	// Then the location filter as well (filters combine): the info findings of one location.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		for (const [id, text] of [["f-severity", "info"], ["f-location", "Frankfurt"]]) {
			const s = document.getElementById(id);
			s.value = Array.from(s.options).find(o => o.textContent === text).value;
			s.dispatchEvent(new Event("change"));
		}
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	// Still sorted by name, descending (the last click).
	order := make([]int, len(rep.Findings))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(strings.ToLower(names[b]), strings.ToLower(names[a])) })
	var wantFra []string
	for _, i := range order {
		if f := rep.Findings[i]; f.Severity == "info" && f.LocationName == "Frankfurt" {
			wantFra = append(wantFra, names[i])
		}
	}
	if len(wantFra) == 0 || len(wantFra) > pageSize {
		t.Fatalf("%d info findings in Frankfurt: the check proves nothing", len(wantFra))
	}
	if d := cmp.Diff(wantFra, column(3)); d != "" {
		t.Errorf("severity info and location Frankfurt (-want +got):\n%s", d)
	}

	// Screenshot of the page as first shown (filter reset), kept as an artefact.
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	// The viewport (summary and heat map, as docs/audit-report.png) and the whole page (the
	// heat map's chunks laid out first: a capture beyond the viewport does not lay them out).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".hm-chunk").forEach(e => e.style.contentVisibility = "visible"), 0`)); err != nil {
		t.Fatal(err)
	}
	arts := artefactDir(t)
	for name, shot := range map[string]chromedp.Action[[]byte]{"audit-report.png": chromedp.CaptureScreenshot(), "audit-report-full.png": chromedp.FullScreenshot(100)} {
		png, err := chromedp.Run(ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Fatalf("%s is not a PNG", name)
		}
		if err := os.WriteFile(filepath.Join(arts, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", filepath.Join(arts, name), len(png))
	}

	// Nothing but the file itself was requested, and no resource was loaded.
	resources, err := chromedp.Run(ctx, chromedp.Evaluate[int](`performance.getEntriesByType("resource").length`))
	if err != nil {
		t.Fatal(err)
	}
	reqs := p.Requests()
	if len(reqs) == 0 {
		t.Error("no request recorded at all: the network listener saw nothing (not even the page)")
	}
	for _, u := range reqs {
		if u != fileURL && u != fileURL2 && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s", u)
		}
	}
	if resources != 0 {
		t.Errorf("the page loaded %d resources", resources)
	}
	if d := p.Dialogs(); len(d) > 0 {
		t.Errorf("the page opened dialogs: %q", d)
	}
}

// TestAuditReportFormats: -o html and -o markdown give the exit code of -o json (findings: 4;
// a policy the demo passes: 0), and an unknown format names them.
func TestAuditReportFormats(t *testing.T) {
	emu := demoEmulator(t)
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.yaml")
	if err := os.WriteFile(clean, []byte("version: 1\nrules:\n  - {id: anything-goes, callTypes: [\"*\"], allowActions: [\"*\"]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n := 0
	run := func(args ...string) (int, string, string) {
		n++
		return runMain(t, emu, append([]string{"--failures", filepath.Join(dir, fmt.Sprintf("f%d.jsonl", n)), "audit"}, args...)...)
	}
	for _, policy := range [][]string{nil, {"--policy", clean}} {
		want, _, _ := run(append([]string{"-o", "json"}, policy...)...)
		if policy == nil && want != cmdutil.ExitFindings || policy != nil && want != cmdutil.ExitOK {
			t.Fatalf("-o json %v: exit %d", policy, want)
		}
		for format, mark := range map[string]string{"html": `id="heatmap"`, "markdown": "## wxc audit: ", "md": "| Severity | Rule |"} {
			if policy != nil && format != "html" {
				mark = "No findings."
			}
			code, out, stderr := run(append([]string{"-o", format}, policy...)...)
			if code != want || !strings.Contains(out, mark) {
				t.Errorf("-o %s %v: exit %d (want %d), output has %q: %v\n%s", format, policy, code, want, mark, strings.Contains(out, mark), stderr)
			}
		}
	}
	// The org is named by its display name (one GET organizations/{id}) and its ID.
	if _, out, _ := run("-o", "markdown"); !strings.Contains(out, "| Org | Acme Corp (") {
		t.Errorf("-o markdown does not name the org:\n%s", out)
	}
	code, _, stderr := run("-o", "pdf")
	if code != cmdutil.ExitUsage || !strings.Contains(stderr, "html, markdown") {
		t.Errorf("-o pdf: exit %d, stderr %q", code, stderr)
	}
}
