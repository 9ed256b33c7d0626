package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/audit"
	"github.com/wxcgo/go-wxc/internal/cli/cmd/jobs"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func demoEmulator(t *testing.T) *emulatortest.Emulator {
	t.Helper()
	return emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
}

// runMain runs wxc through Main against the emulator with the full-admin token.
func runMain(t *testing.T, emu *emulatortest.Emulator, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	full := append([]string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin}, args...)
	code := Main(t.Context(), full, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// readOrg reads every entity's settings through the SDK (the API, not the CLI).
func readOrg(t *testing.T, c *wxc.Client) []snapshot.Settings {
	t.Helper()
	var out []snapshot.Settings
	for e, err := range snapshot.List(t.Context(), c, snapshot.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		s, err := snapshot.Fetch(t.Context(), c, e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, *s)
	}
	return out
}

type findingKey struct{ Rule, ID, Field, Source string }

func TestAuditDemoOrg(t *testing.T) {
	emu := demoEmulator(t)
	org := readOrg(t, emu.Client)
	locs := map[string]snapshot.Settings{}
	for _, s := range org {
		if s.Kind == wxc.Location {
			locs[s.ID] = s
		}
	}
	custom := func(s snapshot.Settings) bool {
		o := s.Outgoing
		return s.Kind != wxc.Location && o.UseCustomEnabled != nil && *o.UseCustomEnabled && o.UseCustomPermissions != nil && *o.UseCustomPermissions
	}
	source := func(s snapshot.Settings) string {
		if custom(s) {
			return "custom"
		}
		return "location"
	}
	// Expected findings of three default rules, derived from the data read above.
	want := map[string][]findingKey{}
	for _, s := range org {
		for _, ct := range s.Outgoing.CallingPermissions.CallTypes() {
			p, _ := s.Outgoing.CallingPermissions.ForCallType(ct)
			if strings.HasPrefix(string(ct), "PREMIUM_SERVICES_") && p.Action != wxc.ActionBlock {
				want["premium-services-blocked"] = append(want["premium-services-blocked"], findingKey{"premium-services-blocked", s.ID, "callingPermissions." + string(ct), source(s)})
			}
			if n := strings.TrimPrefix(string(p.Action), "TRANSFER_NUMBER_"); n != string(p.Action) {
				nums := s.TransferNumbers
				src := "custom"
				if s.Kind == wxc.Location {
					src = "location"
				} else if nums.UseCustomTransferNumbers == nil || !*nums.UseCustomTransferNumbers {
					l := locs[s.LocationID]
					nums, src = l.TransferNumbers, "location"
				}
				num := map[string]*string{"1": nums.AutoTransferNumber1, "2": nums.AutoTransferNumber2, "3": nums.AutoTransferNumber3}[n]
				if num == nil || *num == "" {
					want["transfer-number-set"] = append(want["transfer-number-set"], findingKey{"transfer-number-set", s.ID, "callingPermissions." + string(ct), source(s)})
				}
				_ = src
			}
		}
		if s.Kind == wxc.Location || (s.DigitPatterns.UseCustomDigitPatterns != nil && *s.DigitPatterns.UseCustomDigitPatterns) {
			for _, p := range s.DigitPatterns.DigitPatterns {
				if (strings.HasPrefix(p.Pattern, "+900") || strings.HasPrefix(p.Pattern, "+1900") || strings.HasPrefix(p.Pattern, "+49900")) && p.Action == wxc.ActionAllow {
					src := "custom"
					if s.Kind == wxc.Location {
						src = "location"
					}
					want["no-premium-digit-patterns"] = append(want["no-premium-digit-patterns"], findingKey{"no-premium-digit-patterns", s.ID, "digitPatterns[" + p.Name + "]", src})
				}
			}
		}
	}
	for _, rule := range []string{"premium-services-blocked", "transfer-number-set", "no-premium-digit-patterns"} {
		if len(want[rule]) == 0 {
			t.Fatalf("the demo data gives no %s finding; the test would prove nothing", rule)
		}
	}

	code, stdout, stderr := runMain(t, emu, "audit", "-o", "json")
	if code != cmdutil.ExitFindings {
		t.Fatalf("exit %d, want %d (findings); stderr:\n%s", code, cmdutil.ExitFindings, stderr)
	}
	var rep jobs.AuditReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("audit -o json: %v\n%s", err, stdout)
	}
	if rep.Summary.Entities != len(org) || rep.Summary.Unreadable != 0 || rep.Summary.Findings != len(rep.Findings) {
		t.Errorf("summary %+v, org has %d entities", rep.Summary, len(org))
	}
	got := map[string][]findingKey{}
	for _, f := range rep.Findings {
		got[f.Rule] = append(got[f.Rule], findingKey{f.Rule, f.ID, f.Field, f.Source})
	}
	sortKeys := func(k []findingKey) []findingKey {
		slices.SortFunc(k, func(a, b findingKey) int { return strings.Compare(a.ID+a.Field, b.ID+b.Field) })
		return k
	}
	for rule, w := range want {
		if diff := cmp.Diff(sortKeys(w), sortKeys(got[rule])); diff != "" {
			t.Errorf("%s findings (-want +got):\n%s", rule, diff)
		}
	}
	// Deterministic order: a second run gives the same bytes.
	_, stdout2, _ := runMain(t, emu, "audit", "-o", "json")
	if stdout2 != stdout {
		t.Error("two audits of the same org differ")
	}
	if !slices.IsSortedFunc(rep.Findings, func(a, b audit.Finding) int { return b.Severity.Rank() - a.Severity.Rank() }) {
		t.Error("findings are not sorted by severity")
	}

	// CSV has a header and a row per finding.
	code, csvOut, _ := runMain(t, emu, "audit", "-o", "csv")
	if code != cmdutil.ExitFindings || strings.Count(csvOut, "\n") != len(rep.Findings)+1 {
		t.Errorf("csv: exit %d, %d lines for %d findings", code, strings.Count(csvOut, "\n"), len(rep.Findings))
	}
}

func TestAuditFailOnAndPolicyFile(t *testing.T) {
	emu := demoEmulator(t)
	dir := t.TempDir()
	infoOnly := filepath.Join(dir, "info.yaml")
	os.WriteFile(infoOnly, []byte("version: 1\nrules:\n  - id: intl\n    severity: info\n    callTypes: [INTERNATIONAL]\n    denyActions: [ALLOW]\n"), 0o600)
	code, stdout, stderr := runMain(t, emu, "audit", "--policy", infoOnly, "-o", "json")
	if code != cmdutil.ExitOK {
		t.Fatalf("info findings with --fail-on warning: exit %d, want 0\n%s", code, stderr)
	}
	var rep jobs.AuditReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Findings) == 0 {
		t.Fatalf("want info findings, got %d (%v)", len(rep.Findings), err)
	}
	if code, _, _ := runMain(t, emu, "audit", "--policy", infoOnly, "--fail-on", "info"); code != cmdutil.ExitFindings {
		t.Errorf("--fail-on info: exit %d, want %d", code, cmdutil.ExitFindings)
	}
	// Excluding every location where the rule fires leaves nothing: exit 0 with --fail-on info.
	locations := map[string]bool{}
	for _, f := range rep.Findings {
		locations[f.LocationName] = true
	}
	var excl []string
	for l := range locations {
		excl = append(excl, `"`+l+`"`)
	}
	slices.Sort(excl)
	scoped := filepath.Join(dir, "scoped.yaml")
	os.WriteFile(scoped, []byte("version: 1\nrules:\n  - id: intl\n    severity: info\n    locations: {exclude: ["+strings.Join(excl, ", ")+"]}\n    callTypes: [INTERNATIONAL]\n    denyActions: [ALLOW]\n"), 0o600)
	if code, out, stderr := runMain(t, emu, "audit", "--policy", scoped, "--fail-on", "info"); code != cmdutil.ExitOK || out != "" {
		t.Errorf("scoped policy: exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	// Bad policy and bad flag values are usage errors.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("version: 1\nrules:\n  - id: x\n    callTypes: [NOPE]\n    denyActions: [ALLOW]\n"), 0o600)
	if code, _, stderr := runMain(t, emu, "audit", "--policy", bad); code != cmdutil.ExitUsage || !strings.Contains(stderr, "line 4") {
		t.Errorf("bad policy: exit %d, stderr %s", code, stderr)
	}
	if code, _, _ := runMain(t, emu, "audit", "--fail-on", "fatal"); code != cmdutil.ExitUsage {
		t.Errorf("--fail-on fatal: exit %d", code)
	}
	code, out, _ := runMain(t, emu, "audit", "--print-default-policy")
	if code != 0 || !bytes.Equal([]byte(out), audit.DefaultPolicyYAML()) {
		t.Errorf("--print-default-policy: exit %d", code)
	}
}

func TestAuditPartial(t *testing.T) {
	emu := demoEmulator(t)
	org := readOrg(t, emu.Client)
	victim := org[0].ID
	// A proxy that answers 404 for one entity's digit patterns: that entity cannot be read.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, victim) && strings.HasSuffix(r.URL.Path, "/digitPatterns") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"message":"gone","trackingId":"T1"}`))
			return
		}
		emu.Server.Handler().ServeHTTP(w, r)
	}))
	defer srv.Close()
	failures := filepath.Join(t.TempDir(), "f.jsonl")
	var out, errOut bytes.Buffer
	code := Main(t.Context(), []string{"--base-url", srv.URL + "/v1", "--token", emu.Tokens.FullAdmin, "audit", "-o", "json", "--failures", failures},
		strings.NewReader(""), &out, &errOut)
	if code != cmdutil.ExitPartial {
		t.Fatalf("exit %d, want %d (partial)\n%s", code, cmdutil.ExitPartial, errOut.String())
	}
	var rep jobs.AuditReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Summary.Unreadable != 1 || rep.Summary.Entities != len(org) || len(rep.Findings) == 0 {
		t.Errorf("summary %+v", rep.Summary)
	}
	b, err := os.ReadFile(failures)
	if err != nil || !strings.Contains(string(b), victim) {
		t.Errorf("failures file: %v %s", err, b)
	}
}

func TestAuditTableGolden(t *testing.T) {
	emu := demoEmulator(t)
	code, out, _ := runWith(t, emu.BaseURL, emu.Tokens.FullAdmin, "", false, "audit")
	if code != cmdutil.ExitFindings {
		t.Fatalf("exit %d", code)
	}
	jobsGolden(t, "audit_demo_pipe.golden", out)
	var buf bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &buf, ErrOut: &bytes.Buffer{}, IsStdoutTTY: true})
	f.Getenv = func(string) string { return "" }
	run(t.Context(), []string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin, "audit", "-o", "table"}, f)
	jobsGolden(t, "audit_demo_table.golden", buf.String())
	_, y, _ := runMain(t, emu, "audit", "-o", "yaml")
	jobsGolden(t, "audit_demo_yaml.golden", y)
}
