package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const (
	hostileLoc    = `HQ <script>alert("loc")</script>`
	hostilePerson = `Eve "Mallory" O'Hara</script><script>alert(1)</script>`
)

// testPolicy is fixed here, so the golden files do not change with the built-in policy.
const testPolicy = `version: 1
rules:
  - id: premium-services-blocked
    description: Premium-rate call types must be blocked
    severity: error
    callTypes: ["PREMIUM_SERVICES_*"]
    allowActions: [BLOCK]
  - id: international-controlled
    description: International calls need an access code, an approver or a block
    severity: warning
    callTypes: [INTERNATIONAL]
    allowActions: [BLOCK, AUTH_CODE, "TRANSFER_NUMBER_*"]
  - id: transfer-number-set
    severity: error
    check: transfer-numbers
  - id: auth-code-has-codes
    severity: error
    check: access-codes
  - id: quiet-rule
    severity: info
    callTypes: [TOLL_FREE]
    denyActions: [BLOCK]
`

func policy(t *testing.T) *audit.Policy {
	t.Helper()
	p, err := audit.ParsePolicy([]byte(testPolicy))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func entity(kind wxc.EntityKind, id, name, locID, locName string, custom bool, perms map[wxc.CallType]wxc.Action) snapshot.Settings {
	cp := wxc.NewCallingPermissions()
	for _, ct := range []wxc.CallType{wxc.CallTypeInternalCall, wxc.CallTypeNational, wxc.CallTypeInternational, wxc.CallTypePremiumServicesI} {
		a, ok := perms[ct]
		if !ok {
			a = wxc.ActionBlock
		}
		cp.Set(ct, wxc.CallTypePermission{Action: a})
	}
	s := snapshot.Settings{Entity: snapshot.Entity{Kind: kind, ID: id, Name: name, LocationID: locID, LocationName: locName},
		Outgoing: &wxc.OutgoingPermissions{CallingPermissions: cp}}
	if kind != wxc.Location {
		s.Outgoing.UseCustomEnabled, s.Outgoing.UseCustomPermissions = &custom, &custom
	}
	return s
}

// fixture: two locations with hostile names, four entities and one without a location.
func fixture(t *testing.T) ([]snapshot.Settings, []audit.Finding) {
	t.Helper()
	hqPerms := map[wxc.CallType]wxc.Action{wxc.CallTypeInternalCall: wxc.ActionAllow, wxc.CallTypeNational: wxc.ActionAllow, wxc.CallTypeInternational: wxc.ActionAuthCode}
	labPerms := map[wxc.CallType]wxc.Action{wxc.CallTypeInternalCall: wxc.ActionAllow, wxc.CallTypeNational: wxc.ActionTransferNumber1}
	settings := []snapshot.Settings{
		entity(wxc.Location, "L1", hostileLoc, "L1", hostileLoc, false, hqPerms),
		entity(wxc.Location, "L2", `Lab "B" & 'C' | pipes`, "L2", `Lab "B" & 'C' | pipes`, false, labPerms),
		entity(wxc.Person, "P1", hostilePerson, "L1", hostileLoc, true,
			map[wxc.CallType]wxc.Action{wxc.CallTypeInternalCall: wxc.ActionAllow, wxc.CallTypeNational: wxc.ActionAllow, wxc.CallTypeInternational: wxc.ActionAllow, wxc.CallTypePremiumServicesI: wxc.ActionAllow}),
		entity(wxc.Person, "P2", "Bob *bold* _it_", "L1", hostileLoc, false, hqPerms),
		entity(wxc.Workspace, "W1", "Lobby phone", "L2", `Lab "B" & 'C' | pipes`, false, labPerms),
		entity(wxc.Workspace, "W2", "Lab phone", "L2", `Lab "B" & 'C' | pipes`, true,
			map[wxc.CallType]wxc.Action{wxc.CallTypeInternational: wxc.ActionTransferNumber2, wxc.CallTypeNational: wxc.ActionAuthCode}),
		entity(wxc.VirtualLine, "V1", "Night line", "", "", true, map[wxc.CallType]wxc.Action{wxc.CallTypeInternational: wxc.ActionAllow}),
	}
	settings[2].Email = "eve@example.com"
	findings, err := audit.Evaluate(policy(t), settings)
	if err != nil {
		t.Fatal(err)
	}
	return settings, findings
}

func buildFixture(t *testing.T) *Report {
	settings, findings := fixture(t)
	sum := Summary{Entities: len(settings), Complete: true, Findings: len(findings), BySeverity: map[string]int{}}
	for _, f := range findings {
		sum.BySeverity[string(f.Severity)]++
	}
	meta := Meta{Policy: "built-in", Org: "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9hY21l", GeneratedAt: time.Date(2026, 12, 3, 15, 4, 5, 0, time.UTC)}
	return Build(meta, sum, policy(t), settings, findings)
}

func TestHeatMap(t *testing.T) {
	r := buildFixture(t)
	wantCT := []wxc.CallType{wxc.CallTypeInternalCall, wxc.CallTypeNational, wxc.CallTypeInternational, wxc.CallTypePremiumServicesI}
	if d := cmp.Diff(wantCT, r.HeatMap.CallTypes); d != "" {
		t.Fatalf("call types (-want +got):\n%s", d)
	}
	// Rows by name (HQ <script>…, Lab …), the entity without a location last. The location
	// itself is not one of its entities.
	want := []HeatRow{
		{LocationID: "L1", LocationName: hostileLoc, Entities: 2, Cells: []Cell{
			{Total: 2, Allow: 2}, {Total: 2, Allow: 2}, {Total: 2, Allow: 1, AuthCode: 1}, {Total: 2, Allow: 1, Block: 1}}},
		{LocationID: "L2", LocationName: `Lab "B" & 'C' | pipes`, Entities: 2, Cells: []Cell{
			{Total: 2, Allow: 1, Block: 1}, {Total: 2, AuthCode: 1, Transfer: 1}, {Total: 2, Transfer: 1, Block: 1}, {Total: 2, Block: 2}}},
		{Entities: 1, Cells: []Cell{{Total: 1, Block: 1}, {Total: 1, Block: 1}, {Total: 1, Allow: 1}, {Total: 1, Block: 1}}},
	}
	if d := cmp.Diff(want, r.HeatMap.Rows); d != "" {
		t.Fatalf("heat map rows (-want +got):\n%s", d)
	}
	if got := r.HeatMap.Rows[2].Label(); got != "(no location)" {
		t.Errorf("label of the row without location = %q", got)
	}
	if r.Rules[0].Findings == 0 || r.Rules[len(r.Rules)-1].Findings > r.Rules[0].Findings {
		t.Errorf("rules not sorted by findings: %+v", r.Rules)
	}
}

func renderHTML(t *testing.T, r *Report, opts HTMLOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

var scriptRE = regexp.MustCompile(`(?is)<script[^>]*>(.*?)</script>`)

func TestHTMLEscapesNames(t *testing.T) {
	r := buildFixture(t)
	page := renderHTML(t, r, HTMLOptions{})
	// Outside the scripts, every quote and angle bracket of a name is an entity.
	markup := scriptRE.ReplaceAllString(page, "")
	for _, bad := range []string{`<script>alert`, `alert("loc")`, `alert(1)`, `"Mallory"`, `O'Hara`, `'C'`, `"B"`} {
		if strings.Contains(markup, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	scripts := scriptRE.FindAllStringSubmatch(page, -1)
	if len(scripts) != 2 {
		t.Fatalf("page has %d script elements, want 2 (findings data, code)", len(scripts))
	}
	if strings.ContainsAny(scripts[0][1], "<>&") {
		t.Error("the findings data has a raw <, > or & (a name could end the script element)")
	}
	// The heat map label is HTML-escaped text.
	if !strings.Contains(page, `HQ &lt;script&gt;alert(&#34;loc&#34;)&lt;/script&gt;`) {
		t.Error("escaped location name not in the page")
	}
	// The findings data round-trips every name exactly.
	var d findingsData
	if err := json.Unmarshal([]byte(scripts[0][1]), &d); err != nil {
		t.Fatalf("findings data: %v", err)
	}
	if len(d.F) != len(r.Findings) {
		t.Fatalf("findings data has %d rows, want %d", len(d.F), len(r.Findings))
	}
	found := false
	for i, row := range d.F {
		f := r.Findings[i]
		name := f.Name
		if f.Email != "" {
			name += " <" + f.Email + ">"
		}
		got := []string{d.S[row[0]], d.S[row[1]], d.S[row[3]], d.S[row[4]], d.S[row[6]], d.S[row[7]], d.S[row[9]]}
		if d := cmp.Diff([]string{string(f.Severity), f.Rule, name, f.LocationName, f.Value, f.Source, f.ID}, got); d != "" {
			t.Errorf("finding %d (-want +got):\n%s", i, d)
		}
		found = found || f.Name == hostilePerson
	}
	if !found {
		t.Fatal("the fixture has no finding on the hostile person")
	}
}

func TestHTMLSelfContained(t *testing.T) {
	page := renderHTML(t, buildFixture(t), HTMLOptions{})
	for _, ref := range []string{"http:", "https:", "src=", "href=", "@import", "@font-face", "url(http", "<link", "<img", "<iframe"} {
		if i := strings.Index(page, ref); i >= 0 {
			t.Errorf("page refers to an external resource: %q in %q", ref, page[max(0, i-40):min(len(page), i+40)])
		}
	}
	for _, want := range []string{"@media print", `id="heatmap"`, `id="findings"`, "Content-Security-Policy"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestHTMLCapsFindings(t *testing.T) {
	r := buildFixture(t)
	if len(r.Findings) < 3 {
		t.Fatalf("fixture has %d findings, want >= 3", len(r.Findings))
	}
	page := renderHTML(t, r, HTMLOptions{MaxFindings: 2})
	var d findingsData
	if err := json.Unmarshal([]byte(scriptRE.FindAllStringSubmatch(page, -1)[0][1]), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.F) != 2 {
		t.Errorf("embedded %d findings, want 2", len(d.F))
	}
	want := "This page holds the first 2 of " + itoa(len(r.Findings)) + " findings"
	if !strings.Contains(page, want) {
		t.Errorf("page lacks %q", want)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestMarkdownGolden(t *testing.T) {
	r := buildFixture(t)
	for _, tc := range []struct {
		name string
		max  int
	}{{"report.md", 0}, {"report_truncated.md", 3}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := r.WriteMarkdown(&b, tc.max); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := cmp.Diff(string(want), b.String()); d != "" {
				t.Errorf("markdown differs from %s (-want +got):\n%s", path, d)
			}
		})
	}
}

func TestMarkdownEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := buildFixture(t).WriteMarkdown(&b, 0); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, bad := range []string{"<script>", "</script>", "*bold*", " | pipes"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown contains unescaped %q", bad)
		}
	}
	// Every table row has the same number of unescaped cell separators as its header.
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| error |") || strings.HasPrefix(line, "| warning |") {
			if n := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1)); n != 9 {
				t.Errorf("row has %d separators, want 9: %s", n, line)
			}
		}
	}
}

func TestMarkdownEmpty(t *testing.T) {
	r := Build(Meta{Policy: "p.yaml"}, Summary{Complete: false, Unreadable: 2}, nil, nil, nil)
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b, 0); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## wxc audit: 0 findings", "Nothing was audited: no entity was read.", "incomplete", "2 unreadable", "the token's org"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, b.String())
		}
	}
	var h bytes.Buffer
	if err := r.WriteHTML(&h, HTMLOptions{}); err != nil || !strings.Contains(h.String(), "Nothing was audited: no entity was read.") {
		t.Errorf("empty report: %v; says nothing was read: %v", err, strings.Contains(h.String(), "Nothing was audited"))
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]string{"html": HTML, " HTML ": HTML, "markdown": Markdown, "md": Markdown, "json": "", "": ""} {
		got, ok := ParseFormat(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, ok)
		}
	}
}
