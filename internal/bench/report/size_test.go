package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/report"
)

// TestReportSize100k: the HTML report of 100,000 entities stays under 5 MB, and aggregates:
// the heat map has one row per location, the page embeds at most DefaultMaxHTMLFindings.
func TestReportSize100k(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and audits 100,000 entities")
	}
	const n, locations = 100_000, 500
	settings := generate(n, locations, 14)
	// One finding per entity, made here rather than by audit.Evaluate (the harness, main.go,
	// runs the real audit; this test checks the page's size and shape quickly).
	findings := make([]audit.Finding, 0, n)
	for _, e := range settings {
		findings = append(findings, audit.Finding{Severity: audit.SeverityWarning, Rule: "international-controlled", Kind: e.Kind,
			ID: e.ID, Name: e.Name, Email: e.Email, LocationID: e.LocationID, LocationName: e.LocationName,
			Field: "callingPermissions.INTERNATIONAL", Value: "ALLOW", Source: "custom", Message: "INTERNATIONAL is ALLOW (allowed: BLOCK)"})
	}
	pol := audit.DefaultPolicy()
	if len(findings) <= report.DefaultMaxHTMLFindings {
		t.Fatalf("%d findings: the cap is not exercised", len(findings))
	}
	rep := report.Build(report.Meta{Policy: "built-in", GeneratedAt: time.Now()}, report.Summary{Entities: n, Complete: true, Findings: len(findings)},
		pol, settings, findings)
	if len(rep.HeatMap.Rows) != locations || len(rep.HeatMap.CallTypes) != 12 {
		t.Errorf("heat map %d × %d, want %d × 12", len(rep.HeatMap.Rows), len(rep.HeatMap.CallTypes), locations)
	}
	var b bytes.Buffer
	if err := rep.WriteHTML(&b, report.HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if b.Len() >= 5_000_000 {
		t.Errorf("report of %d entities is %d bytes, want < 5 MB", n, b.Len())
	}
	t.Logf("%d entities, %d findings: %d bytes", n, len(findings), b.Len())
}
