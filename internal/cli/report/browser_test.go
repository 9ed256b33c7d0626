package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/report/browser"
)

// TestHostileNamesInBrowser opens the fixture's page, whose names hold markup and quotes, in
// Chromium: the names come out as the same text, no script of theirs runs, nothing is requested.
func TestHostileNamesInBrowser(t *testing.T) {
	chromium := browser.Require(t)
	r := buildFixture(t)
	var b bytes.Buffer
	if err := r.WriteHTML(&b, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "hostile.html")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	p, cancel, err := browser.Open(t.Context(), chromium, dir, 1200, 900)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	if err := chromedp.Do(p.Ctx, chromedp.Navigate(browser.FileURL(file))); err != nil {
		t.Fatal(err)
	}
	if _, err := p.WaitReady(30 * time.Second); err != nil {
		t.Fatal(err)
	}
	raw, err := chromedp.Run(p.Ctx, chromedp.Evaluate[[]byte](`({
		scripts: document.scripts.length,
		rows: Array.from(document.querySelectorAll("#heatmap tbody th")).map(th => th.title),
		names: Array.from(document.querySelectorAll("#findings tbody tr")).map(tr => tr.cells[3].textContent),
		locations: Array.from(document.querySelectorAll("#findings tbody tr")).map(tr => tr.cells[4].textContent),
	})`))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Scripts   int
		Rows      []string
		Names     []string
		Locations []string
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.Scripts != 2 {
		t.Errorf("%d script elements in the DOM, want 2", got.Scripts)
	}
	var wantRows []string
	for _, hr := range r.HeatMap.Rows {
		wantRows = append(wantRows, hr.Label())
	}
	if d := cmp.Diff(wantRows, got.Rows); d != "" {
		t.Errorf("heat map row names (-want +got):\n%s", d)
	}
	var wantNames, wantLocs []string
	for _, f := range r.Findings {
		n := f.Name
		if f.Email != "" {
			n += " <" + f.Email + ">"
		}
		wantNames, wantLocs = append(wantNames, n), append(wantLocs, f.LocationName)
	}
	if d := cmp.Diff(wantNames, got.Names); d != "" {
		t.Errorf("finding names (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantLocs, got.Locations); d != "" {
		t.Errorf("finding locations (-want +got):\n%s", d)
	}
	if d := p.Dialogs(); len(d) > 0 {
		t.Errorf("a name's script ran: dialogs %q", d)
	}
	for _, u := range p.Requests() {
		if u != browser.FileURL(file) {
			t.Errorf("the page requested %s", u)
		}
	}
}
