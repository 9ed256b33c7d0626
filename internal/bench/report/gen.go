package main

import (
	"fmt"
	"math/rand/v2"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// generate makes a deterministic org of n entities (people, workspaces, virtual lines and
// the locations they are in): each location gets random call-type actions, and about a third
// of the entities use custom permissions with actions of their own.
func generate(n, locations int, seed uint64) []snapshot.Settings {
	rng := rand.New(rand.NewPCG(seed, 1))
	actions := []wxc.Action{wxc.ActionAllow, wxc.ActionAllow, wxc.ActionBlock, wxc.ActionBlock, wxc.ActionAuthCode,
		wxc.ActionTransferNumber1, wxc.ActionTransferNumber2}
	cts := wxc.KnownCallTypes()
	perms := func() *wxc.CallingPermissions {
		cp := wxc.NewCallingPermissions()
		for _, ct := range cts {
			cp.Set(ct, wxc.CallTypePermission{Action: actions[rng.IntN(len(actions))]})
		}
		return cp
	}
	t, f := true, false
	var out []snapshot.Settings
	locs := make([]snapshot.Settings, locations)
	for i := range locs {
		name := fmt.Sprintf("Site %03d %s", i, []string{"Dallas", "Frankfurt", "London", "New York", "Tokyo"}[i%5])
		id := fmt.Sprintf("LOC-%06d", i)
		num := fmt.Sprintf("+1214555%04d", i)
		locs[i] = snapshot.Settings{Entity: snapshot.Entity{Kind: wxc.Location, ID: id, Name: name, LocationID: id, LocationName: name},
			Outgoing:        &wxc.OutgoingPermissions{CallingPermissions: perms()},
			TransferNumbers: &wxc.AutoTransferNumbers{AutoTransferNumber1: &num}}
		out = append(out, locs[i])
	}
	for i := range n - locations {
		l := &locs[rng.IntN(locations)]
		kind := wxc.Person
		switch r := rng.IntN(10); {
		case r >= 9:
			kind = wxc.VirtualLine
		case r >= 7:
			kind = wxc.Workspace
		}
		s := snapshot.Settings{Entity: snapshot.Entity{Kind: kind, ID: fmt.Sprintf("%s-%07d", kind, i),
			Name: fmt.Sprintf("Entity %07d", i), LocationID: l.ID, LocationName: l.Name}}
		if kind == wxc.Person {
			s.Email = fmt.Sprintf("user%07d@example.com", i)
		}
		if rng.IntN(3) == 0 {
			s.Outgoing = &wxc.OutgoingPermissions{UseCustomEnabled: &t, UseCustomPermissions: &t, CallingPermissions: perms()}
		} else {
			s.Outgoing = &wxc.OutgoingPermissions{UseCustomEnabled: &f, UseCustomPermissions: &f, CallingPermissions: l.Outgoing.CallingPermissions}
		}
		out = append(out, s)
	}
	return out
}
