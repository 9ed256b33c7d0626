package emulator_test

import (
	"errors"
	"iter"
	"net/http"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// countingTransport counts requests.
type countingTransport struct {
	n  atomic.Int64
	rt http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}

// collect returns the ID field of every item (by reflection, so the tests need not name the
// SDK's item types).
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []string {
	t.Helper()
	var out []string
	n := 0
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterate: %v", err)
		}
		if n++; n > 10000 {
			t.Fatal("iterator does not end")
		}
		out = append(out, reflect.ValueOf(v).FieldByName("ID").String())
	}
	return out
}

func scaled(o *emulator.Options) {
	o.Locations, o.People, o.Workspaces, o.VirtualLines = 3, 9, 7, 5
}

// TestSDKListsPaginate lists every collection with a small page size and checks the result
// equals the one-page listing, with no duplicates, over several requests.
func TestSDKListsPaginate(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era), scaled)
			ctx := t.Context()
			ct := &countingTransport{rt: http.DefaultTransport}
			paged := emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithHTTPClient(&http.Client{Transport: ct}))
			const max = 2
			cases := []struct {
				name        string
				small, full func() []string
			}{
				{"people", func() []string {
					return collect(t, paged.People.All(ctx, &wxc.PeopleListOptions{CallingData: true, Max: max}))
				}, func() []string {
					return collect(t, emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true, Max: 100}))
				}},
				{"workspaces", func() []string {
					return collect(t, paged.Workspaces.All(ctx, &wxc.WorkspaceListOptions{Max: max}))
				}, func() []string {
					return collect(t, emu.Client.Workspaces.All(ctx, &wxc.WorkspaceListOptions{Max: 100}))
				}},
				{"locations", func() []string {
					return collect(t, paged.Locations.All(ctx, &wxc.LocationListOptions{Max: max}))
				}, func() []string {
					return collect(t, emu.Client.Locations.All(ctx, &wxc.LocationListOptions{Max: 100}))
				}},
				{"calling locations", func() []string {
					return collect(t, paged.Locations.AllCalling(ctx, &wxc.LocationListOptions{Max: max}))
				}, func() []string {
					return collect(t, emu.Client.Locations.AllCalling(ctx, &wxc.LocationListOptions{Max: 100}))
				}},
				{"virtual lines", func() []string {
					return collect(t, paged.VirtualLines.All(ctx, &wxc.VirtualLineListOptions{Max: max}))
				}, func() []string {
					return collect(t, emu.Client.VirtualLines.All(ctx, &wxc.VirtualLineListOptions{Max: 100}))
				}},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					full := tc.full()
					if len(full) <= max {
						t.Fatalf("only %d items; the test needs more than %d to page", len(full), max)
					}
					before := ct.n.Load()
					small := tc.small()
					requests := ct.n.Load() - before
					if !slices.Equal(small, full) {
						t.Errorf("paged listing differs:\n paged %v\n  full %v", small, full)
					}
					seen := map[string]bool{}
					for _, id := range small {
						if seen[id] {
							t.Errorf("duplicate %s", id)
						}
						seen[id] = true
					}
					if wantMin := int64((len(full) + max - 1) / max); requests < wantMin {
						t.Errorf("%d requests for %d items at max=%d, want at least %d", requests, len(full), max, wantMin)
					}
				})
			}
		})
	}
}

// TestSDKListFilters: the location filters of people and virtual lines survive pagination.
func TestSDKListFilters(t *testing.T) {
	emu := newRaw(t, scaled)
	ctx := t.Context()
	byLoc := map[string]int{}
	for p, err := range emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.LocationID != "" {
			byLoc[p.LocationID]++
		}
	}
	for loc, n := range byLoc {
		got := 0
		for p, err := range emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true, LocationID: loc, Max: 1}) {
			if err != nil {
				t.Fatal(err)
			}
			if p.LocationID != loc {
				t.Errorf("people filtered by %s returned %s in %s", loc, p.ID, p.LocationID)
			}
			if got++; got > 1000 {
				t.Fatal("runaway iterator")
			}
		}
		if got != n {
			t.Errorf("location %s: %d people with the filter, %d without", loc, got, n)
		}
	}
	vlByLoc := map[string]int{}
	for v, err := range emu.Client.VirtualLines.All(ctx, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if v.Location != nil {
			vlByLoc[v.Location.ID]++
		}
	}
	for loc, n := range vlByLoc {
		ids := collect(t, emu.Client.VirtualLines.All(ctx, &wxc.VirtualLineListOptions{LocationIDs: []string{loc}, Max: 1}))
		if len(ids) != n {
			t.Errorf("virtual lines in %s: %d with the filter, %d without", loc, len(ids), n)
		}
	}
}

// TestSDKPartnerOrgID: a partner admin reaches the customer org with orgId (client-wide or
// per call) and not without it.
func TestSDKPartnerOrgID(t *testing.T) {
	emu := newRaw(t)
	ctx := t.Context()
	person := emu.first(t, kPerson).ID

	partner := emu.ClientFor(emu.Tokens.PartnerAdmin)
	_, err := partner.OutgoingPermissions(wxc.Person).Read(ctx, person)
	var ae *wxc.APIError
	if !errors.As(err, &ae) || (ae.StatusCode != 404 && ae.StatusCode != 403) {
		t.Errorf("partner without orgId: err = %v, want 404 or 403", err)
	}

	if _, err := partner.OutgoingPermissions(wxc.Person).Read(ctx, person, wxc.OrgID(emu.OrgID)); err != nil {
		t.Errorf("partner with per-call orgId: %v", err)
	}
	withOrg := emu.ClientFor(emu.Tokens.PartnerAdmin, wxc.WithOrgID(emu.OrgID))
	svc := withOrg.OutgoingPermissions(wxc.Person)
	upd := &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(true), UseCustomPermissions: wxc.Bool(true), CallingPermissions: onePerm(wxc.CallTypeNational, wxc.ActionBlock, false)}
	if err := svc.Configure(ctx, person, upd); err != nil {
		t.Fatalf("partner configure with orgId: %v", err)
	}
	got, err := emu.Client.OutgoingPermissions(wxc.Person).Read(ctx, person)
	if err != nil {
		t.Fatal(err)
	}
	if permMap(got)[wxc.CallTypeNational] != (permEntry{"BLOCK", false}) {
		t.Errorf("customer admin does not see the partner's write: %+v", permMap(got)[wxc.CallTypeNational])
	}

	// Lists with orgId give the customer's entities.
	mine := collect(t, emu.Client.People.All(ctx, nil))
	theirs := collect(t, partner.People.All(ctx, &wxc.PeopleListOptions{OrgID: emu.OrgID}))
	if !slices.Equal(mine, theirs) {
		t.Errorf("partner people list with orgId:\n%v\nwant\n%v", theirs, mine)
	}

	// A customer admin naming another org gets no access.
	_, err = emu.Client.OutgoingPermissions(wxc.Person).Read(ctx, person, wxc.OrgID("Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9vdGhlcg"))
	if !errors.As(err, &ae) || (ae.StatusCode != 403 && ae.StatusCode != 404) {
		t.Errorf("full admin with a foreign orgId: err = %v, want 403 or 404", err)
	}
}

// TestSDKPeopleGet reads each listed person by ID and gets the same record.
func TestSDKPeopleGet(t *testing.T) {
	emu := newRaw(t, scaled)
	ctx := t.Context()
	n := 0
	for p, err := range emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
		if err != nil {
			t.Fatal(err)
		}
		got, err := emu.Client.People.Get(ctx, p.ID)
		if err != nil {
			t.Fatalf("get %s: %v", p.ID, err)
		}
		if got.ID != p.ID || got.DisplayName != p.DisplayName || !slices.Equal(got.Emails, p.Emails) {
			t.Errorf("get %s = %+v, listed as %+v", p.ID, got, p)
		}
		if n++; n > 100 {
			t.Fatal("runaway iterator")
		}
	}
	if n == 0 {
		t.Fatal("no people")
	}
	_, err := emu.Client.People.Get(ctx, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub2JvZHk")
	if !errors.Is(err, wxc.ErrNotFound) {
		t.Errorf("unknown person: err = %v, want ErrNotFound", err)
	}
}
