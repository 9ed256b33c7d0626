package snapshot_test

import (
	"slices"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestListAndFetchAgainstEmulator(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	ctx := t.Context()
	var all []snapshot.Entity
	for e, err := range snapshot.List(ctx, emu.Client, snapshot.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	// Kinds come in the documented order, each entity has a location with a name.
	order := map[wxc.EntityKind]int{wxc.Person: 0, wxc.Workspace: 1, wxc.Location: 2, wxc.VirtualLine: 3}
	seen := map[wxc.EntityKind]int{}
	for i, e := range all {
		if i > 0 && order[e.Kind] < order[all[i-1].Kind] {
			t.Fatalf("entity %d (%s) after a %s", i, e.Kind, all[i-1].Kind)
		}
		if e.ID == "" || e.LocationID == "" || e.LocationName == "" || e.Name == "" {
			t.Errorf("incomplete entity %+v", e)
		}
		seen[e.Kind]++
	}
	for k := range order {
		if seen[k] == 0 {
			t.Errorf("no %s listed", k)
		}
	}

	// The location filter keeps only entities of that location, for every kind.
	loc := all[0].LocationID
	var inLoc []snapshot.Entity
	for e, err := range snapshot.List(ctx, emu.Client, snapshot.Filter{LocationIDs: []string{loc}}) {
		if err != nil {
			t.Fatal(err)
		}
		if e.LocationID != loc {
			t.Errorf("%s %s is in %s, not %s", e.Kind, e.ID, e.LocationID, loc)
		}
		inLoc = append(inLoc, e)
	}
	want := slices.DeleteFunc(slices.Clone(all), func(e snapshot.Entity) bool { return e.LocationID != loc })
	if len(inLoc) != len(want) {
		t.Errorf("location filter: %d entities, want %d", len(inLoc), len(want))
	}

	// Kinds filter and Fetch for one entity of each kind.
	for _, kind := range wxc.EntityKinds() {
		for e, err := range snapshot.List(ctx, emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{kind}}) {
			if err != nil {
				t.Fatal(err)
			}
			if e.Kind != kind {
				t.Fatalf("kind filter %s yielded a %s", kind, e.Kind)
			}
			s, err := snapshot.Fetch(ctx, emu.Client, e)
			if err != nil {
				t.Fatalf("fetch %s %s: %v", kind, e.ID, err)
			}
			if s.Outgoing == nil || s.TransferNumbers == nil || s.AccessCodes == nil || s.DigitPatterns == nil || s.Entity != e {
				t.Errorf("fetch %s: incomplete %+v", kind, s)
			}
			if kind == wxc.Location && s.AccessCodes.UseCustomAccessCodes != nil {
				t.Error("a location's access codes have a use-custom switch")
			}
			break
		}
	}
}
