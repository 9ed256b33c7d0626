// Command report is the benchmark harness of the audit report (docs/BENCHMARKS.md, "audit
// report"): it generates an org of many entities, audits it with the built-in policy, writes
// the HTML report, and opens it in headless Chromium several times, measuring the time from
// the start of navigation until the page reports ready (its data-ready attribute) and the
// file's size.
//
//	go run ./internal/bench/report                   # 100,000 entities, 500 locations, 5 loads
//	go run ./internal/bench/report -entities 10000 -runs 2
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/report"
	"github.com/wxcgo/go-wxc/internal/cli/report/browser"
)

func main() {
	entities := flag.Int("entities", 100_000, "entities in the generated org (locations included)")
	locations := flag.Int("locations", 500, "locations among them")
	runs := flag.Int("runs", 5, "page loads to time")
	keep := flag.String("keep", "", "also write the report to this `file`")
	maxMS := flag.Int("max-ms", 3000, "fail when the median load is slower (0: no limit)")
	maxMB := flag.Float64("max-mb", 5, "fail when the file is larger (0: no limit)")
	flag.Parse()
	if err := run(*entities, *locations, *runs, *keep, *maxMS, *maxMB); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(n, locations, runs int, keep string, maxMS int, maxMB float64) error {
	if n <= locations || locations < 1 || runs < 1 {
		return fmt.Errorf("want entities > locations >= 1 and runs >= 1")
	}
	chromium, err := browser.Path()
	if err != nil {
		return err
	}
	start := time.Now()
	settings := generate(n, locations, 14)
	findings, err := audit.Evaluate(audit.DefaultPolicy(), settings)
	if err != nil {
		return err
	}
	sum := report.Summary{Entities: len(settings), Complete: true, Findings: len(findings), BySeverity: map[string]int{}}
	for _, f := range findings {
		sum.BySeverity[string(f.Severity)]++
	}
	evaluated := time.Since(start)
	start = time.Now()
	rep := report.Build(report.Meta{Policy: "built-in", Org: "generated", GeneratedAt: time.Now()}, sum, audit.DefaultPolicy(), settings, findings)
	var page bytes.Buffer
	if err := rep.WriteHTML(&page, report.HTMLOptions{}); err != nil {
		return err
	}
	rendered := time.Since(start)
	dir, err := os.MkdirTemp("", "wxc-report-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page.Bytes(), 0o600); err != nil {
		return err
	}
	if keep != "" {
		if err := os.WriteFile(keep, page.Bytes(), 0o644); err != nil {
			return err
		}
	}

	ctx := context.Background()
	p, cancel, err := browser.Open(ctx, chromium, dir, 1400, 1000)
	if err != nil {
		return err
	}
	defer cancel()
	if err := chromedp.Do(p.Ctx, chromedp.Navigate("about:blank")); err != nil { // start the browser
		return err
	}
	if _, err := chromedp.Run(p.Ctx, cdpCall(performance.Enable, performance.EnableParams{})); err != nil {
		return err
	}
	var wall, inPage []time.Duration
	work := map[string][]time.Duration{}
	for range runs {
		before, err := metrics(p.Ctx)
		if err != nil {
			return err
		}
		t0 := time.Now()
		if err := chromedp.Do(p.Ctx, chromedp.Navigate(browser.FileURL(file))); err != nil {
			return err
		}
		d, err := p.WaitReady(60 * time.Second)
		if err != nil {
			return err
		}
		wall = append(wall, time.Since(t0))
		inPage = append(inPage, d)
		after, err := metrics(p.Ctx)
		if err != nil {
			return err
		}
		for _, m := range workMetrics {
			work[m] = append(work[m], time.Duration((after[m]-before[m])*float64(time.Second)))
		}
		if err := chromedp.Do(p.Ctx, chromedp.Navigate("about:blank")); err != nil {
			return err
		}
	}
	for _, u := range p.Requests() {
		if u != browser.FileURL(file) && u != "about:blank" {
			return fmt.Errorf("the page requested %s", u)
		}
	}

	mb := float64(page.Len()) / 1e6
	fmt.Printf("entities: %d (%d locations), findings: %d (%d in the page), heat map: %d × %d\n",
		len(settings), locations, len(findings), min(len(findings), report.DefaultMaxHTMLFindings), len(rep.HeatMap.Rows), len(rep.HeatMap.CallTypes))
	fmt.Printf("generate+evaluate: %v, build+write HTML: %v, file: %d bytes (%.2f MB)\n", evaluated.Round(time.Millisecond), rendered.Round(time.Millisecond), page.Len(), mb)
	fmt.Printf("navigate → ready (wall, %d loads): %v; median %v\n", runs, round(wall), median(wall))
	fmt.Printf("in-page performance.now() at ready: %v; median %v\n", round(inPage), median(inPage))
	for _, m := range workMetrics {
		fmt.Printf("  %s (Chromium's Performance.getMetrics, per load): %v\n", m, round(work[m]))
	}
	fmt.Printf("GOMAXPROCS %d, NumCPU %d, %s\n", runtime.GOMAXPROCS(0), runtime.NumCPU(), chromium)
	if maxMB > 0 && mb > maxMB {
		return fmt.Errorf("file is %.2f MB, over %.1f MB", mb, maxMB)
	}
	if maxMS > 0 && median(wall) > time.Duration(maxMS)*time.Millisecond {
		return fmt.Errorf("median load %v, over %d ms", median(wall), maxMS)
	}
	return nil
}

func round(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}

// workMetrics are the cumulative busy times Chromium reports, in seconds.
var workMetrics = []string{"TaskDuration", "ThreadTime", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"}

func cdpCall[P, R any](c cdp.Command[P, R], params P) chromedp.Action[R] {
	return func(ctx context.Context, t *chromedp.Target) (R, error) { return cdp.Call(ctx, t, c, params) }
}

func metrics(ctx context.Context) (map[string]float64, error) {
	r, err := chromedp.Run(ctx, cdpCall(performance.GetMetrics, cdp.Empty{}))
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, m := range r.Metrics {
		out[m.Name] = m.Value
	}
	return out, nil
}
