package emulator_test

import (
	"errors"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/wxc"
)

// sdkKinds maps our test kind names to SDK kinds.
var sdkKinds = map[string]wxc.EntityKind{
	kPerson: wxc.Person, kWorkspace: wxc.Workspace, kLocation: wxc.Location, kVirtualLine: wxc.VirtualLine,
}

// eras are the API eras the emulator serves.
var eras = []string{"current", "2024"}

func withEra(era string) func(*emulator.Options) {
	return func(o *emulator.Options) { o.APIEra = era }
}

// sdkEntities lists up to max calling entities of a kind through the SDK iterators.
func sdkEntities(t testing.TB, emu *emulatortest.Emulator, kind string, max int) []entity {
	t.Helper()
	ctx := t.Context()
	var out []entity
	add := func(id, loc string) bool {
		out = append(out, entity{kind, id, loc})
		return max <= 0 || len(out) < max
	}
	switch kind {
	case kPerson:
		for p, err := range emu.Client.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
			if err != nil {
				t.Fatalf("list people: %v", err)
			}
			if p.LocationID != "" && !add(p.ID, p.LocationID) {
				break
			}
		}
	case kWorkspace:
		for w, err := range emu.Client.Workspaces.All(ctx, &wxc.WorkspaceListOptions{Calling: "webexCalling"}) {
			if err != nil {
				t.Fatalf("list workspaces: %v", err)
			}
			if !add(w.ID, w.LocationID) {
				break
			}
		}
	case kLocation:
		for l, err := range emu.Client.Locations.AllCalling(ctx, nil) {
			if err != nil {
				t.Fatalf("list calling locations: %v", err)
			}
			if !add(l.ID, l.ID) {
				break
			}
		}
	case kVirtualLine:
		for v, err := range emu.Client.VirtualLines.All(ctx, nil) {
			if err != nil {
				t.Fatalf("list virtual lines: %v", err)
			}
			loc := ""
			if v.Location != nil {
				loc = v.Location.ID
			}
			if !add(v.ID, loc) {
				break
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s entities", kind)
	}
	return out
}

func sdkFirst(t testing.TB, emu *emulatortest.Emulator, kind string) entity {
	t.Helper()
	return sdkEntities(t, emu, kind, 1)[0]
}

// apiErr asserts err is an *wxc.APIError with the status (and errorCode when non-zero).
func apiErr(t testing.TB, err error, status, errorCode int) *wxc.APIError {
	t.Helper()
	var ae *wxc.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v (%T), want *wxc.APIError %d", err, err, status)
	}
	if ae.StatusCode != status {
		t.Fatalf("status = %d, want %d (%v)", ae.StatusCode, status, err)
	}
	if errorCode != 0 && ae.ErrorCode != errorCode {
		found := false
		for _, d := range ae.Details {
			found = found || d.ErrorCode == errorCode
		}
		if !found {
			t.Fatalf("errorCode = %d (details %+v), want %d", ae.ErrorCode, ae.Details, errorCode)
		}
	}
	return ae
}

func strp(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func boolp(p *bool) string {
	if p == nil {
		return "<nil>"
	}
	if *p {
		return "true"
	}
	return "false"
}
