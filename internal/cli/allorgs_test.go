package cli

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Partners (issue 13): wxc orgs list, --org-id by name, --all-orgs on export and audit,
// wxc list, and the completion of entity names.

// aoRun runs wxc against baseURL with token; vars is the environment (WXC_CACHE_DIR, ...).
func aoRun(t *testing.T, baseURL, token string, vars map[string]string, args ...string) cliResult {
	t.Helper()
	var out, errOut bytes.Buffer
	f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(k string) string { return vars[k] }
	cfg := t.TempDir()
	f.ConfigDir = func() (string, error) { return cfg, nil }
	full := append([]string{"--base-url", baseURL, "--token", token}, args...)
	code := run(t.Context(), full, f)
	return cliResult{code: code, stdout: out.String(), stderr: errOut.String()}
}

// aoOrgs returns the demo partner's customer orgs (Acme Corp, Initech GmbH) via the SDK.
func aoOrgs(t *testing.T, emu *emulatortest.Emulator) []wxc.Organization {
	t.Helper()
	orgs, err := emu.ClientFor(emu.Tokens.PartnerAdmin).Organizations.List(t.Context())
	if err != nil || len(orgs) != 2 {
		t.Fatalf("orgs %v: %v", orgs, err)
	}
	return orgs
}

// aoRecords splits JSONL export output into settings records and the summary record.
func aoRecords(t *testing.T, out string) ([]snapshot.Settings, *snapshot.Summary) {
	t.Helper()
	var recs []snapshot.Settings
	var sum *snapshot.Summary
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if s, ok := snapshot.IsSummary(json.RawMessage(sc.Bytes())); ok {
			sum = s
			continue
		}
		var s snapshot.Settings
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatalf("record %q: %v", sc.Text(), err)
		}
		recs = append(recs, s)
	}
	return recs, sum
}

// aoIDs is kind/id of every record.
func aoIDs(recs []snapshot.Settings) []string {
	var out []string
	for _, r := range recs {
		out = append(out, string(r.Kind)+"/"+r.ID)
	}
	return out
}

func aoFault(t *testing.T, emu *emulatortest.Emulator, body string) {
	t.Helper()
	if st, b := emu.Admin("PUT", "/_emulator/org-faults", body); st != 200 {
		t.Fatalf("org-faults %s: %d %s", body, st, b)
	}
}

func TestAllOrgsExport(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	partner := emu.Tokens.PartnerAdmin
	fails := filepath.Join(t.TempDir(), "failures.jsonl")

	// Each org on its own, by --org-id.
	var want [][]string
	for _, o := range orgs {
		r := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "--org-id", o.ID, "export", "--failures", fails))
		recs, _ := aoRecords(t, r.stdout)
		if len(recs) == 0 {
			t.Fatalf("org %s exported nothing", o.DisplayName)
		}
		want = append(want, aoIDs(recs))
	}

	r := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "export", "--all-orgs", "--failures", fails))
	recs, sum := aoRecords(t, r.stdout)
	if sum != nil {
		t.Fatalf("complete export has a summary record: %+v", sum)
	}
	// Org by org, each exactly as on its own, every record with orgId and orgName.
	if got := aoIDs(recs); !slices.Equal(got, append(slices.Clone(want[0]), want[1]...)) {
		t.Errorf("all-orgs records differ from the two single-org exports:\n%v\nwant\n%v then %v", got, want[0], want[1])
	}
	for i, rec := range recs {
		o := orgs[0]
		if i >= len(want[0]) {
			o = orgs[1]
		}
		if rec.OrgID != o.ID || rec.OrgName != o.DisplayName {
			t.Errorf("record %s/%s: org %q %q, want %q %q", rec.Kind, rec.Name, rec.OrgID, rec.OrgName, o.ID, o.DisplayName)
		}
	}
	if !strings.Contains(r.stderr, "export: 2 orgs read") {
		t.Errorf("stderr lacks the org count:\n%s", r.stderr)
	}
	if fileExists(fails) {
		t.Errorf("a clean run wrote %s", fails)
	}

	// CSV: org_id and org_name close every row.
	r = mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "export", "--all-orgs", "--kind", "location", "-o", "csv", "--failures", fails))
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("csv: %v\n%s", err, r.stdout)
	}
	h := rows[0]
	if h[len(h)-2] != "org_id" || h[len(h)-1] != "org_name" {
		t.Errorf("csv header %v", h)
	}
	names := map[string]bool{}
	for _, row := range rows[1:] {
		names[row[len(row)-1]] = true
	}
	if !names["Acme Corp"] || !names["Initech GmbH"] || len(names) != 2 {
		t.Errorf("csv org names %v", names)
	}
}

// TestAllOrgsOneOrgFails: one customer org answers 403 to everything (an org-scoped fault of
// the emulator); the other is exported in full, the failed org is in the summary record, the
// failures file and on stderr, and the exit code is 6 (every failure was a 403), as for one
// org. With a 404 instead, the exit code is 3.
func TestAllOrgsOneOrgFails(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	acme, initech := orgs[0], orgs[1]
	partner := emu.Tokens.PartnerAdmin
	dir := t.TempDir()
	r := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "--org-id", acme.ID, "export", "--failures", filepath.Join(dir, "f0")))
	acmeRecs, _ := aoRecords(t, r.stdout)

	for _, tc := range []struct {
		status, exit int
	}{{403, cmdutil.ExitAuth}, {404, cmdutil.ExitPartial}} {
		aoFault(t, emu, `{"`+initech.ID+`":`+strconv.Itoa(tc.status)+`}`)
		fails := filepath.Join(dir, "failures-"+strconv.Itoa(tc.status)+".jsonl")
		r := aoRun(t, emu.BaseURL, partner, nil, "export", "--all-orgs", "--failures", fails)
		if r.code != tc.exit {
			t.Errorf("%d: exit %d, want %d\n%s", tc.status, r.code, tc.exit, r.stderr)
		}
		recs, sum := aoRecords(t, r.stdout)
		if !slices.Equal(aoIDs(recs), aoIDs(acmeRecs)) {
			t.Errorf("%d: the healthy org's records differ from its own export", tc.status)
		}
		if sum == nil || sum.Complete || len(sum.FailedLists) != 1 || sum.FailedLists[0].OrgName != initech.DisplayName ||
			sum.FailedLists[0].OrgID != initech.ID || sum.FailedLists[0].Status != tc.status || sum.Exported != len(acmeRecs) {
			t.Errorf("%d: summary record %+v", tc.status, sum)
		}
		b, err := os.ReadFile(fails)
		if err != nil || !strings.Contains(string(b), `calling locations of org \"Initech GmbH\"`) || !strings.Contains(string(b), `"status":`+strconv.Itoa(tc.status)) {
			t.Errorf("%d: failures file %q: %v", tc.status, b, err)
		}
		wantLine := `export: 2 orgs, 1 read, 1 not read: "Initech GmbH" ` + initech.ID + ` (HTTP ` + strconv.Itoa(tc.status) + `)`
		if !strings.Contains(r.stderr, wantLine) {
			t.Errorf("%d: stderr lacks %q:\n%s", tc.status, wantLine, r.stderr)
		}
	}
}

func TestAllOrgsAudit(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	partner := emu.Tokens.PartnerAdmin
	dir := t.TempDir()
	type report struct {
		Summary struct {
			Entities int  `json:"entities"`
			Complete bool `json:"complete"`
		} `json:"summary"`
		Findings []map[string]any `json:"findings"`
	}
	audit := func(t *testing.T, args ...string) (cliResult, report) {
		t.Helper()
		r := aoRun(t, emu.BaseURL, partner, nil, append([]string{"audit", "-o", "json", "--failures", filepath.Join(dir, "f.jsonl")}, args...)...)
		var rep report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("audit %v: exit %d, %v\n%s\n%s", args, r.code, err, r.stdout, r.stderr)
		}
		return r, rep
	}
	// Each org alone: the findings of the all-orgs audit are theirs, in org order, with the org.
	var want []map[string]any
	entities := 0
	for _, o := range orgs {
		r, rep := audit(t, "--org-id", o.DisplayName) // by name
		if r.code != cmdutil.ExitOK && r.code != cmdutil.ExitFindings {
			t.Fatalf("audit of %s: exit %d\n%s", o.DisplayName, r.code, r.stderr)
		}
		for _, x := range rep.Findings {
			x["orgId"], x["orgName"] = o.ID, o.DisplayName
			want = append(want, x)
		}
		entities += rep.Summary.Entities
	}
	r, rep := audit(t, "--all-orgs")
	if r.code != cmdutil.ExitFindings || !rep.Summary.Complete || rep.Summary.Entities != entities {
		t.Errorf("all-orgs audit: exit %d, summary %+v, want exit 4 over %d entities\n%s", r.code, rep.Summary, entities, r.stderr)
	}
	gotJSON, _ := json.Marshal(rep.Findings)
	wantJSON, _ := json.Marshal(want)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("all-orgs findings\n%s\nwant\n%s", gotJSON, wantJSON)
	}
	if len(want) == 0 || want[len(want)-1]["orgName"] != "Initech GmbH" {
		t.Errorf("the demo should have findings in both orgs: %v", want)
	}
	// The table names the org.
	tr := aoRun(t, emu.BaseURL, partner, nil, "audit", "--all-orgs", "--failures", filepath.Join(dir, "f.jsonl"))
	if !strings.Contains(tr.stdout, "Initech GmbH") || !strings.Contains(tr.stdout, "Acme Corp") {
		t.Errorf("table lacks the org names:\n%s", tr.stdout)
	}

	// One org forbidden: the other's findings, incomplete, exit 6.
	aoFault(t, emu, `{"`+orgs[1].ID+`":403}`)
	r, rep = audit(t, "--all-orgs")
	if r.code != cmdutil.ExitAuth || rep.Summary.Complete {
		t.Errorf("one org forbidden: exit %d, summary %+v, want 6 and incomplete\n%s", r.code, rep.Summary, r.stderr)
	}
	for _, x := range rep.Findings {
		if x["orgName"] != "Acme Corp" {
			t.Errorf("finding of %v while that org was forbidden", x["orgName"])
		}
	}
	if len(rep.Findings) == 0 || !strings.Contains(r.stderr, `audit: 2 orgs, 1 read, 1 not read: "Initech GmbH"`) {
		t.Errorf("%d findings; stderr:\n%s", len(rep.Findings), r.stderr)
	}
}

// TestAllOrgsRefusals: what --all-orgs cannot do is refused before any request (the base
// URL has nobody listening: a request would fail with exit 1).
func TestAllOrgsRefusals(t *testing.T) {
	t.Parallel()
	fails := filepath.Join(t.TempDir(), "f.jsonl")
	for _, args := range [][]string{
		{"--org-id", "Acme Corp", "export", "--all-orgs"},
		{"--org-id", "Acme Corp", "audit", "--all-orgs"},
		{"export", "--all-orgs", "--location", "Dallas"},
	} {
		r := aoRun(t, "http://127.0.0.1:1/v1", "tok", nil, append(args, "--failures", fails)...)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "--all-orgs") {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
	// A policy rule that selects locations is refused too, before the org list.
	emu := demo(t)
	pol := filepath.Join(t.TempDir(), "p.yaml")
	r := aoRun(t, emu.BaseURL, emu.Tokens.PartnerAdmin, nil, "audit", "--print-default-policy")
	def := mustOK(t, r).stdout
	if !strings.Contains(def, "rules:") {
		t.Fatalf("default policy:\n%s", def)
	}
	policy := "version: 1\nrules:\n  - id: dallas-intl\n    severity: error\n    callTypes: [INTERNATIONAL]\n    denyActions: [ALLOW]\n    locations: {include: [Dallas]}\n"
	if err := os.WriteFile(pol, []byte(policy), 0o600); err != nil {
		t.Fatal(err)
	}
	r = aoRun(t, emu.BaseURL, emu.Tokens.PartnerAdmin, nil, "audit", "--all-orgs", "--policy", pol, "--failures", fails)
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "selects locations") {
		t.Errorf("location policy: exit %d\n%s", r.code, r.stderr)
	}
}

// TestAllOrgsNonPartner: an org administrator's --all-orgs reads its own org; a user's is
// refused by the API (exit 6).
func TestAllOrgsNonPartner(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	fails := filepath.Join(t.TempDir(), "f.jsonl")
	r := mustOK(t, aoRun(t, emu.BaseURL, emu.Tokens.FullAdmin, nil, "export", "--all-orgs", "--kind", "location", "--failures", fails))
	recs, _ := aoRecords(t, r.stdout)
	if len(recs) == 0 {
		t.Fatal("no records")
	}
	for _, rec := range recs {
		if rec.OrgName != "Acme Corp" || rec.OrgID != emu.OrgID {
			t.Errorf("record of org %q %q", rec.OrgName, rec.OrgID)
		}
	}
	if r := aoRun(t, emu.BaseURL, emu.Tokens.User, nil, "export", "--all-orgs", "--failures", fails); r.code != cmdutil.ExitAuth {
		t.Errorf("user: exit %d, want 6\n%s", r.code, r.stderr)
	}
}

var requestsLine = regexp.MustCompile(`requests: (\d+) `)

func TestOrgIDByName(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	partner := emu.Tokens.PartnerAdmin
	fails := filepath.Join(t.TempDir(), "f.jsonl")
	requests := func(r cliResult) int {
		m := requestsLine.FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("no request summary:\n%s", r.stderr)
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	byID := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "--org-id", orgs[1].ID, "export", "--kind", "location", "--failures", fails))
	byName := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "--org-id", "initech GMBH", "export", "--kind", "location", "--failures", fails))
	if byID.stdout != byName.stdout || byID.stdout == "" {
		t.Errorf("export by name differs from export by ID:\n%s\nvs\n%s", byName.stdout, byID.stdout)
	}
	// The name costs one GET organizations; the ID none.
	if n, m := requests(byName), requests(byID); n != m+1 {
		t.Errorf("requests by name %d, by ID %d: want exactly one more", n, m)
	}
	// Unknown name: exit 2 with the candidates, nothing else sent.
	r := aoRun(t, emu.BaseURL, partner, nil, "--org-id", "Globex", "export", "--failures", fails)
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "Acme Corp  "+orgs[0].ID) || !strings.Contains(r.stderr, "Initech GmbH") || r.stdout != "" {
		t.Errorf("unknown name: exit %d\n%s", r.code, r.stderr)
	}
	// A user's token cannot list orgs: the lookup fails with the API's 403 (exit 6).
	if r := aoRun(t, emu.BaseURL, emu.Tokens.User, nil, "--org-id", "Acme Corp", "orgs", "list"); r.code != cmdutil.ExitAuth ||
		!strings.Contains(r.stderr, "looked up by name") {
		t.Errorf("user: exit %d\n%s", r.code, r.stderr)
	}
	// Ambiguous and unknown names (FindOrg).
	two := []wxc.Organization{{ID: "A", DisplayName: "Acme"}, {ID: "B", DisplayName: "acme"}, {ID: "C", DisplayName: "Other"}}
	if _, err := cmdutil.FindOrg(two, "ACME"); err == nil || !strings.Contains(err.Error(), "matches 2 organizations") {
		t.Errorf("ambiguous: %v", err)
	}
	if o, err := cmdutil.FindOrg(two, "other"); err != nil || o.ID != "C" {
		t.Errorf("unique: %v %v", o, err)
	}
	for s, want := range map[string]bool{
		orgs[0].ID: true, "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE": true,
		"96abc2aa-3dcc-11e5-a152-fe34819cdc9a": true, "Acme Corp": false, "Initech": false, "QWNtZSBDb3JwIGZvcmV2ZXIh": false,
	} {
		if got := cmdutil.LooksLikeOrgID(s); got != want {
			t.Errorf("LooksLikeOrgID(%q) = %v", s, got)
		}
	}
}

func TestOrgsListFormats(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	partner := emu.Tokens.PartnerAdmin
	table := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "orgs", "list")).stdout
	if table != "Acme Corp\t2024-01-02T03:04:05.000Z\nInitech GmbH\t2024-01-02T03:04:05.000Z\n" {
		t.Errorf("table:\n%q", table)
	}
	wide := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "orgs", "list", "-o", "wide")).stdout
	if !strings.Contains(wide, orgs[1].ID) {
		t.Errorf("wide lacks the IDs:\n%s", wide)
	}
	var got []wxc.Organization
	if err := json.Unmarshal([]byte(mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "orgs", "list", "-o", "json")).stdout), &got); err != nil ||
		len(got) != 2 || got[1].ID != orgs[1].ID {
		t.Errorf("json: %v %v", got, err)
	}
	if y := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "orgs", "list", "-o", "yaml")).stdout; !strings.Contains(y, "displayName: Initech GmbH") {
		t.Errorf("yaml:\n%s", y)
	}
	c := mustOK(t, aoRun(t, emu.BaseURL, partner, nil, "orgs", "list", "-o", "csv")).stdout
	if !strings.HasPrefix(c, "name,created,id\nAcme Corp,") {
		t.Errorf("csv:\n%s", c)
	}
	own := mustOK(t, aoRun(t, emu.BaseURL, emu.Tokens.ReadOnlyAdmin, nil, "orgs", "list")).stdout
	if !strings.HasPrefix(own, "Acme Corp\t") || strings.Count(own, "\n") != 1 {
		t.Errorf("org admin:\n%s", own)
	}
	if r := aoRun(t, emu.BaseURL, emu.Tokens.User, nil, "orgs", "list"); r.code != cmdutil.ExitAuth {
		t.Errorf("user: exit %d", r.code)
	}
}

func TestListEntities(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	admin := emu.Tokens.FullAdmin
	// Every person the export has, with its location, and nobody else.
	want := map[string]string{}
	for _, p := range demoPeople(t, emu) {
		want[p.Email] = p.LocationName
	}
	rows, err := csv.NewReader(strings.NewReader(mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", "people", "-o", "csv")).stdout)).ReadAll()
	if err != nil || !slices.Equal(rows[0], []string{"name", "email", "location", "id", "location_id"}) || len(rows)-1 != len(want) {
		t.Fatalf("csv %v (%v), want %d people", rows, err, len(want))
	}
	for _, row := range rows[1:] {
		if loc, ok := want[row[1]]; !ok || loc != row[2] {
			t.Errorf("row %v: want location %q", row, loc)
		}
	}
	// --location and --name narrow it; table and wide.
	table := mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", "people", "--location", "Dallas", "--name", "SMITH")).stdout
	if table != "Alice Smith\talice.smith1@acme.example.com\tDallas\n" {
		t.Errorf("table:\n%q", table)
	}
	wide := mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", "people", "--name", "alice.smith1@", "-o", "wide")).stdout
	if !strings.HasPrefix(wide, "Alice Smith\talice.smith1@acme.example.com\tDallas\tY2lz") {
		t.Errorf("wide:\n%q", wide)
	}
	// json, jsonl, yaml of each kind.
	for _, kind := range []string{"people", "workspaces", "locations", "virtual-lines"} {
		var arr []snapshot.Entity
		js := mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", kind, "-o", "json")).stdout
		if err := json.Unmarshal([]byte(js), &arr); err != nil || len(arr) == 0 {
			t.Errorf("%s json: %v\n%s", kind, err, js)
			continue
		}
		lines := strings.Split(strings.TrimSpace(mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", kind, "-o", "jsonl")).stdout), "\n")
		if len(lines) != len(arr) {
			t.Errorf("%s: %d jsonl lines, %d json items", kind, len(lines), len(arr))
		}
		y := mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", kind, "-o", "yaml")).stdout
		if strings.Count(y, "\n- kind: ")+1 != len(arr) || !strings.HasPrefix(y, "- kind: ") {
			t.Errorf("%s yaml: %d items, want %d\n%s", kind, strings.Count(y, "\n- kind: ")+1, len(arr), y)
		}
	}
	// Nothing matches: empty json array, a note on stderr, and exit 3 (an empty list is not
	// an answer to rely on) unless --allow-empty.
	r := aoRun(t, emu.BaseURL, admin, nil, "list", "workspaces", "--name", "no such room", "-o", "json")
	if r.code != cmdutil.ExitPartial || r.stdout != "[]\n" || !strings.Contains(r.stderr, "no workspaces match") ||
		!strings.Contains(r.stderr, `matches --name "no such room"`) {
		t.Errorf("empty: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	mustOK(t, aoRun(t, emu.BaseURL, admin, nil, "list", "workspaces", "--name", "no such room", "--allow-empty"))
	// A partner token without --org-id lists its own org, which has no calling entities.
	r = aoRun(t, emu.BaseURL, emu.Tokens.PartnerAdmin, nil, "list", "people")
	if r.code != cmdutil.ExitPartial || !strings.Contains(r.stderr, "list people read 0 entities") || !strings.Contains(r.stderr, "--org-id") {
		t.Errorf("partner without --org-id: exit %d\n%s", r.code, r.stderr)
	}
	for _, args := range [][]string{{"list", "phones"}, {"list", "people", "--location", "Atlantis"}, {"list"}} {
		if r := aoRun(t, emu.BaseURL, admin, nil, args...); r.code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
	}
}

// aoComplete runs `wxc __complete args...` with the cache in cache and returns the
// candidates and the directive line.
func aoComplete(t *testing.T, emu *emulatortest.Emulator, token, cache string, args ...string) ([]string, string) {
	t.Helper()
	r := aoRun(t, emu.BaseURL, token, map[string]string{"WXC_CACHE_DIR": cache}, append([]string{"__complete"}, args...)...)
	if r.code != 0 {
		t.Fatalf("__complete %v: exit %d\n%s", args, r.code, r.stderr)
	}
	var out []string
	directive := ""
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if strings.HasPrefix(l, ":") {
			directive = l
		} else if l != "" {
			out = append(out, l)
		}
	}
	return out, directive
}

func TestCompleteEntityNames(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	admin := emu.Tokens.FullAdmin
	cache := t.TempDir()
	got, dir := aoComplete(t, emu, admin, cache, "outgoing", "get", "person", "")
	if len(got) != len(demoPeople(t, emu)) || !slices.Contains(got, "alice.smith1@acme.example.com\tAlice Smith") || dir != ":4" {
		t.Errorf("people: %q %s", got, dir)
	}
	if got, _ := aoComplete(t, emu, admin, cache, "access-codes", "list", "location", "fr"); !slices.Equal(got, []string{"Frankfurt"}) {
		t.Errorf("locations fr: %q", got)
	}
	if got, _ := aoComplete(t, emu, admin, cache, "digit-patterns", "list", "workspace", "Dallas"); len(got) == 0 {
		t.Errorf("workspaces: %q", got)
	}
	if got, _ := aoComplete(t, emu, admin, cache, "transfer-numbers", "get", ""); !slices.Contains(got, "virtual-line") {
		t.Errorf("kinds: %q", got)
	}
	// The cache answers while the org refuses everything; it holds no token.
	aoFault(t, emu, `{"`+emu.OrgID+`":403}`)
	if got, _ := aoComplete(t, emu, admin, cache, "outgoing", "get", "person", "bob"); !slices.Equal(got, []string{"bob.mueller2@acme.example.com\tBob Müller"}) {
		t.Errorf("cached people: %q", got)
	}
	// An uncached kind during the failure: nothing, and no error text in the output.
	r := aoRun(t, emu.BaseURL, admin, map[string]string{"WXC_CACHE_DIR": cache}, "__complete", "outgoing", "get", "virtual-line", "")
	if r.code != 0 || strings.TrimSpace(r.stdout) != ":4" {
		t.Errorf("failed list: exit %d, stdout %q", r.code, r.stdout)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "completion", "*.json"))
	if len(files) != 3 {
		t.Errorf("cache files %v, want 3 (person, location, workspace)", files)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(f); bytes.Contains(b, []byte(admin)) {
			t.Errorf("%s holds the token", f)
		}
	}
	// Without a token: nothing, at once.
	if r := aoRun(t, emu.BaseURL, "", map[string]string{"WXC_CACHE_DIR": t.TempDir()}, "__complete", "outgoing", "get", "person", ""); r.code != 0 || strings.TrimSpace(r.stdout) != ":4" {
		t.Errorf("no token: %d %q", r.code, r.stdout)
	}
}

// TestCompleteOrgIDValues: --org-id completes the names of the orgs the token sees.
func TestCompleteOrgIDValues(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	cache := t.TempDir()
	got, dir := aoComplete(t, emu, emu.Tokens.PartnerAdmin, cache, "--org-id", "")
	want := []string{"Acme Corp\t" + orgs[0].ID, "Initech GmbH\t" + orgs[1].ID}
	if !slices.Equal(got, want) || dir != ":4" {
		t.Errorf("--org-id: %q %s, want %q", got, dir, want)
	}
	if got, _ := aoComplete(t, emu, emu.Tokens.PartnerAdmin, cache, "export", "--org-id", "INI"); !slices.Equal(got, want[1:]) {
		t.Errorf("--org-id INI: %q", got)
	}
	// A user may not list orgs: nothing, no error text.
	if got, _ := aoComplete(t, emu, emu.Tokens.User, t.TempDir(), "--org-id", ""); len(got) != 0 {
		t.Errorf("user: %q", got)
	}
}

// TestCompleteEntityNamesTimeout: a slow API does not hold the shell longer than the
// timeout; the completion offers nothing.
func TestCompleteEntityNamesTimeout(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	if st, b := emu.Admin("PUT", "/_emulator/faults", `{"latency":"20s"}`); st != 200 {
		t.Fatalf("faults: %d %s", st, b)
	}
	start := time.Now()
	got, _ := aoComplete(t, emu, emu.Tokens.FullAdmin, t.TempDir(), "outgoing", "get", "location", "")
	if took := time.Since(start); took > cmdutil.CompletionTimeout+3*time.Second || len(got) != 0 {
		t.Errorf("slow API: %q after %v", got, took)
	}
}

// check --all --all-orgs decides for every entity of every customer org with one client; the
// JSON lines name each entity's org, and an org that answers 403 is reported while the other
// is decided (exit 6: every failure was a 403).
func TestAllOrgsCheck(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	orgs := aoOrgs(t, emu)
	partner := emu.Tokens.PartnerAdmin
	dir := t.TempDir()
	const number = "+19005550100"

	perOrg := map[string]int{}
	for i, o := range orgs {
		r := aoRun(t, emu.BaseURL, partner, nil, "--org-id", o.ID, "check", "--all", number, "-o", "jsonl",
			"--failures", filepath.Join(dir, "one-"+strconv.Itoa(i)))
		if r.code != cmdutil.ExitOK && r.code != cmdutil.ExitFindings {
			t.Fatalf("check --org-id %s: exit %d\n%s", o.DisplayName, r.code, r.stderr)
		}
		perOrg[o.ID] = strings.Count(r.stdout, "\n")
	}

	r := aoRun(t, emu.BaseURL, partner, nil, "check", "--all", "--all-orgs", number, "-o", "jsonl", "--failures", filepath.Join(dir, "all"))
	if r.code != cmdutil.ExitOK && r.code != cmdutil.ExitFindings {
		t.Fatalf("check --all --all-orgs: exit %d\n%s", r.code, r.stderr)
	}
	got := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var rec struct{ OrgID, OrgName, Number string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if rec.OrgID == "" || rec.OrgName == "" || rec.Number != number {
			t.Errorf("record without its org or number: %s", line)
		}
		got[rec.OrgID]++
	}
	for _, o := range orgs {
		if got[o.ID] == 0 || got[o.ID] != perOrg[o.ID] {
			t.Errorf("org %s: %d decisions with --all-orgs, %d on its own", o.DisplayName, got[o.ID], perOrg[o.ID])
		}
	}

	// The table gains an org column, on every line (the summary lines too).
	r = aoRun(t, emu.BaseURL, partner, nil, "check", "--all", "--all-orgs", number, "--failures", filepath.Join(dir, "table"))
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if n := len(strings.Split(l, "\t")); n != 7 {
			t.Errorf("table line with %d cells, want 7 (with the org): %q", n, l)
		}
	}

	acme, initech := orgs[0], orgs[1]
	aoFault(t, emu, `{"`+initech.ID+`":403}`)
	r = aoRun(t, emu.BaseURL, partner, nil, "check", "--all", "--all-orgs", number, "-o", "jsonl", "--failures", filepath.Join(dir, "fault"))
	if r.code != cmdutil.ExitAuth {
		t.Errorf("one org 403: exit %d, want %d\n%s", r.code, cmdutil.ExitAuth, r.stderr)
	}
	if n := strings.Count(r.stdout, `"orgId":"`+acme.ID+`"`); n != perOrg[acme.ID] {
		t.Errorf("one org 403: %d decisions for the healthy org, want %d", n, perOrg[acme.ID])
	}
	if want := `check: 2 orgs, 1 read, 1 not read: "Initech GmbH"`; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}

	for _, args := range [][]string{{"check", "--all-orgs", "person", "x", number}, {"check", "--all", "--all-orgs", "--from", "x.jsonl", number}} {
		if r := aoRun(t, emu.BaseURL, partner, nil, args...); r.code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
}
