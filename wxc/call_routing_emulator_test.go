package wxc_test

import (
	"errors"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/wxc"
)

// CallRoutingService against the in-process emulator's demo org (emulator/demo.go: the
// first person is in Dallas, which has the digit pattern "Premium hotline" +1900! ALLOW and
// INTERNATIONAL AUTH_CODE).
func TestTestCallRoutingEmulator(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	var first wxc.PersonInfo
	for p, err := range emu.Client.People.All(t.Context(), &wxc.PeopleListOptions{CallingData: true}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.LocationID != "" {
			first = p
			break
		}
	}
	yes := true
	ask := func(c *wxc.Client, originator string, typ wxc.OriginatorType, dest string) (*wxc.TestCallRoutingResponse, error) {
		return c.CallRouting.TestCallRouting(t.Context(), wxc.TestCallRoutingRequest{OriginatorID: originator, OriginatorType: typ,
			Destination: dest, IncludeAppliedServices: &yes})
	}

	got, err := ask(emu.Client, first.ID, wxc.OriginatorPeople, "+19005550123")
	if err != nil {
		t.Fatal(err)
	}
	p, ct := got.CallingPlan()
	if got.DestinationType != wxc.DestinationPSTNNumber || got.IsRejected || p == nil || ct != nil ||
		p.Name != "Premium hotline" || p.ConfigurationLevel != wxc.LevelLocation || p.Permission != wxc.ActionAllow {
		t.Errorf("+19005550123: %+v, pattern %+v, type %+v", got, p, ct)
	}

	got, err = ask(emu.Client, first.ID, wxc.OriginatorPeople, "+44 20 7946 0000")
	if err != nil {
		t.Fatal(err)
	}
	if p, ct = got.CallingPlan(); ct == nil || p != nil || ct.CallType != wxc.CallTypeInternational || ct.Permission != wxc.ActionAuthCode {
		t.Errorf("+442079460000: %+v, pattern %+v, type %+v", got, p, ct)
	}

	got, err = ask(emu.Client, first.ID, wxc.OriginatorPeople, "911")
	if err != nil {
		t.Fatal(err)
	}
	if _, hasEmergency := got.Extra["emergency"]; got.DestinationType != wxc.DestinationEmergency || got.IsRejected || !hasEmergency {
		t.Errorf("911: %+v", got)
	}

	for _, tt := range []struct {
		name   string
		client *wxc.Client
		id     string
		typ    wxc.OriginatorType
		want   error
	}{
		{"unknown originator", emu.Client, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub3Bl", wxc.OriginatorPeople, wxc.ErrNotFound},
		{"trunk", emu.Client, first.ID, wxc.OriginatorTrunk, wxc.ErrBadRequest},
		{"read-only admin", emu.ClientFor(emu.Tokens.ReadOnlyAdmin), first.ID, wxc.OriginatorPeople, wxc.ErrForbidden},
	} {
		if _, err := ask(tt.client, tt.id, tt.typ, "+12125550123"); !errors.Is(err, tt.want) {
			t.Errorf("%s: err %v, want %v", tt.name, err, tt.want)
		}
	}
}
