package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestEmptyIsNotClean: a partner administrator's token without --org-id reads the partner
// org, which has no calling entities. audit and export must not pass that off as clean.
func TestEmptyIsNotClean(t *testing.T) {
	t.Parallel()
	emu := demo(t)
	partner := emu.Tokens.PartnerAdmin
	fails := filepath.Join(t.TempDir(), "f.jsonl")
	tests := []struct {
		name           string
		args           []string
		cause          string // the likely cause the warning must name
		noFailuresFlag bool
	}{
		{"audit", []string{"audit"}, "--org-id", false},
		{"audit json", []string{"audit", "-o", "json"}, "--org-id", false},
		{"export", []string{"export"}, "--org-id", false},
		{"export filtered", []string{"export", "--kind", "person", "--kind", "workspace"}, "--kind person --kind workspace selects nothing", false},
		{"check --all", []string{"check", "--all", "+19005550100"}, "--org-id", false},
		{"list", []string{"list", "people"}, "--org-id", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{}, tt.args...)
			if !tt.noFailuresFlag {
				args = append(args, "--failures", fails)
			}
			r := runCLI(t, emu.BaseURL, partner, false, args...)
			if r.code != cmdutil.ExitPartial {
				t.Fatalf("exit %d, want %d\n%s", r.code, cmdutil.ExitPartial, r.stderr)
			}
			for _, want := range []string{"read 0 entities", "partner administrator", tt.cause, "--allow-empty"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			r = runCLI(t, emu.BaseURL, partner, false, append(args, "--allow-empty")...)
			if r.code != cmdutil.ExitOK {
				t.Errorf("--allow-empty: exit %d, want 0\n%s", r.code, r.stderr)
			}
			if strings.Contains(r.stderr, "read 0 entities") {
				t.Errorf("--allow-empty still warns:\n%s", r.stderr)
			}
		})
	}
	if fileExists(fails) {
		t.Error("an empty run wrote a failures file")
	}
	// The same token with --org-id reads the customer org: not empty, no warning.
	r := runCLI(t, emu.BaseURL, partner, false, "--org-id", emu.OrgID, "export", "--kind", "location", "--failures", fails)
	if r.code != cmdutil.ExitOK || strings.Contains(r.stderr, "0 entities") {
		t.Errorf("partner with --org-id: exit %d\n%s", r.code, r.stderr)
	}
}

// TestEmptyWarningCauses: with --org-id given, the warning does not tell the user to pass
// --org-id, it names the org that was empty; filters are named as given.
func TestEmptyWarningCauses(t *testing.T) {
	t.Parallel()
	f := cmdutil.NewFactory(&cmdutil.IOStreams{})
	f.Options.OrgID = "ORG-1"
	code, msg := classify(cmdutil.EmptyReadError(f, "export", []string{"--kind person", `--location "San Jose"`}))
	want := `export read 0 entities, so its result says nothing about the org. Likely causes:
  - --org-id ORG-1 names an org with no Webex Calling entities that this token can see
  - --kind person --location "San Jose" selects nothing (` + "`wxc export --kind location -o csv`" + ` lists the locations)
  pass --allow-empty if an empty org is expected`
	if code != cmdutil.ExitPartial || msg != want {
		t.Errorf("exit %d, message\n%s\nwant\n%s", code, msg, want)
	}
}

// ambiguousSeed has two people, two workspaces and two virtual lines with the same names,
// in different locations.
const ambiguousSeed = `orgs:
  - name: Ambiguous Inc
    domain: ambiguous.example.com
    locations:
      - {name: Dallas, timeZone: America/Chicago, address: {address1: 1 Main St, city: Dallas, state: TX, postalCode: "75201", country: US}}
      - {name: Berlin, timeZone: Europe/Berlin, address: {address1: Unter den Linden 1, city: Berlin, postalCode: "10117", country: DE}}
    people:
      - {firstName: Pat, lastName: Lee, email: pat.lee@ambiguous.example.com, location: Dallas, extension: "1001"}
      - {firstName: Pat, lastName: Lee, email: pat.lee2@ambiguous.example.com, location: Berlin, extension: "1002"}
      - {firstName: Uma, lastName: Unique, location: Dallas, extension: "1003"}
    workspaces:
      - {displayName: Lobby, location: Dallas, extension: "2001"}
      - {displayName: Lobby, location: Berlin, extension: "2002"}
    virtualLines:
      - {firstName: Help, lastName: Desk, location: Dallas, extension: "3001"}
      - {firstName: Help, lastName: Desk, location: Berlin, extension: "3002"}
`

func TestAmbiguousNameListsCandidates(t *testing.T) {
	t.Parallel()
	seed := filepath.Join(t.TempDir(), "seed.yaml")
	if err := os.WriteFile(seed, []byte(ambiguousSeed), 0o600); err != nil {
		t.Fatal(err)
	}
	emu := emulatortest.New(t, func(o *emulator.Options) { o.SeedFile = seed })
	for _, tt := range []struct {
		kind wxc.EntityKind
		name string
	}{
		{wxc.Person, "Pat Lee"},
		{wxc.Workspace, "lobby"},
		{wxc.VirtualLine, "Help Desk"},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			t.Parallel()
			var want []snapshot.Entity
			for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{tt.kind}}) {
				if err != nil {
					t.Fatal(err)
				}
				if strings.EqualFold(e.Name, tt.name) {
					want = append(want, e)
				}
			}
			if len(want) != 2 {
				t.Fatalf("seed has %d %ss named %q, want 2", len(want), tt.kind, tt.name)
			}
			r := runCLI(t, emu.BaseURL, emu.Tokens.FullAdmin, false, "outgoing", "get", string(tt.kind), tt.name)
			if r.code != cmdutil.ExitUsage {
				t.Fatalf("exit %d, want %d\n%s", r.code, cmdutil.ExitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, "matches 2") {
				t.Errorf("no count of candidates:\n%s", r.stderr)
			}
			// One line per candidate with its kind, its location's name (not only its ID) and
			// its ID; the seed put the two in different locations.
			locs := map[string]bool{}
			for _, e := range want {
				var line string
				for _, l := range strings.Split(r.stderr, "\n") {
					if strings.HasSuffix(l, " "+e.ID) {
						line = l
					}
				}
				fields := strings.Fields(line)
				if len(fields) < 4 || fields[0] != string(tt.kind) {
					t.Errorf("candidate %s: line %q, want kind %s first and the ID last", e.ID, line, tt.kind)
					continue
				}
				for _, loc := range []string{"Dallas", "Berlin"} {
					if strings.Contains(line, "  "+loc+"  ") {
						locs[loc] = true
					}
				}
				if e.Email != "" && !strings.Contains(line, e.Email) {
					t.Errorf("candidate %s: line %q lacks the email %s", e.ID, line, e.Email)
				}
			}
			if !locs["Dallas"] || !locs["Berlin"] {
				t.Errorf("the candidates' location names are not listed:\n%s", r.stderr)
			}
		})
	}
	// A unique name still works.
	mustOK(t, runCLI(t, emu.BaseURL, emu.Tokens.FullAdmin, false, "outgoing", "get", "person", "Uma Unique"))
}
