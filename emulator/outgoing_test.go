package emulator_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/wxc"
)

// permMap returns callType -> permission without the read-only/extra parts, for comparisons.
func permMap(p *wxc.OutgoingPermissions) map[wxc.CallType]permEntry {
	m := map[wxc.CallType]permEntry{}
	if p == nil || p.CallingPermissions == nil {
		return m
	}
	for ct, v := range p.CallingPermissions.Map() {
		m[ct] = permEntry{Action: string(v.Action), TransferEnabled: v.TransferEnabled}
	}
	return m
}

func onePerm(ct wxc.CallType, a wxc.Action, transfer bool) *wxc.CallingPermissions {
	cp := wxc.NewCallingPermissions()
	cp.Set(ct, wxc.CallTypePermission{Action: a, TransferEnabled: transfer})
	return cp
}

// useCustom switches a non-location entity to its own permissions.
func useCustom(kind string, on bool) *wxc.OutgoingPermissions {
	if kind == kLocation {
		return &wxc.OutgoingPermissions{}
	}
	return &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(on), UseCustomPermissions: wxc.Bool(on)}
}

func TestSDKOutgoingPermissions(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			for _, kind := range allKinds {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind])
					if svc.Kind() != sdkKinds[kind] {
						t.Fatalf("Kind() = %v", svc.Kind())
					}
					id := emu.first(t, kind).ID
					if err := svc.Configure(ctx, id, useCustom(kind, true)); err != nil {
						t.Fatalf("switch to custom: %v", err)
					}
					base, err := svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if kind != kLocation && (boolp(base.UseCustomEnabled) != "true" || boolp(base.UseCustomPermissions) != "true") {
						t.Errorf("after switching to custom: useCustomEnabled=%s useCustomPermissions=%s", boolp(base.UseCustomEnabled), boolp(base.UseCustomPermissions))
					}
					if base.CallingPermissions == nil || base.CallingPermissions.Len() < 10 {
						t.Fatalf("callingPermissions has %v entries, want at least the 10 settable types", base.CallingPermissions)
					}

					// PUT one call type: it changes, every other one stays.
					want := permMap(base)
					upd := useCustom(kind, true)
					upd.CallingPermissions = onePerm(wxc.CallTypeNational, wxc.ActionBlock, false)
					if err := svc.Configure(ctx, id, upd); err != nil {
						t.Fatalf("configure NATIONAL: %v", err)
					}
					want[wxc.CallTypeNational] = permEntry{"BLOCK", false}
					got, err := svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, permMap(got)); diff != "" {
						t.Errorf("after PUT of NATIONAL only (-want +got):\n%s", diff)
					}

					// A second type, flags omitted: merge again, NATIONAL kept.
					if err := svc.Configure(ctx, id, &wxc.OutgoingPermissions{CallingPermissions: onePerm(wxc.CallTypeInternational, wxc.ActionAllow, true)}); err != nil {
						t.Fatalf("configure INTERNATIONAL: %v", err)
					}
					want[wxc.CallTypeInternational] = permEntry{"ALLOW", true}
					got, err = svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, permMap(got)); diff != "" {
						t.Errorf("after PUT of INTERNATIONAL only (-want +got):\n%s", diff)
					}
					if kind != kLocation && boolp(got.UseCustomEnabled) != "true" {
						t.Errorf("omitted useCustomEnabled changed to %s", boolp(got.UseCustomEnabled))
					}

					// Un-settable call types: 400, errorCode 25024, and nothing changes
					// (not even the valid type in the same body).
					for _, bad := range []wxc.CallType{wxc.CallTypeCasual, wxc.CallTypeURLDialing, wxc.CallTypeUnknown, "MADE_UP"} {
						cp := onePerm(wxc.CallTypeNational, wxc.ActionAllow, true)
						cp.Set(bad, wxc.CallTypePermission{Action: wxc.ActionAllow, TransferEnabled: true})
						err := svc.Configure(ctx, id, &wxc.OutgoingPermissions{CallingPermissions: cp}, wxc.DropCallTypes())
						apiErr(t, err, 400, 25024)
						got, err := svc.Read(ctx, id)
						if err != nil {
							t.Fatal(err)
						}
						if diff := cmp.Diff(want, permMap(got)); diff != "" {
							t.Errorf("rejected PUT with %s changed state (-want +got):\n%s", bad, diff)
						}
					}

					// GET -> PUT of the whole thing (the SDK drops CASUAL & co by default) is a no-op.
					full, err := svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if err := svc.Configure(ctx, id, full); err != nil {
						t.Fatalf("PUT back what GET returned: %v", err)
					}
					again, err := svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(permMap(full), permMap(again)); diff != "" {
						t.Errorf("GET->PUT->GET changed permissions (-before +after):\n%s", diff)
					}
					if diff := cmp.Diff(full.CallingPermissions.CallTypes(), again.CallingPermissions.CallTypes()); diff != "" {
						t.Errorf("call type order changed (-before +after):\n%s", diff)
					}

					// Unknown entity: 404.
					_, err = svc.Read(ctx, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ub3BlLW5vcGU")
					apiErr(t, err, 404, 0)
				})
			}
		})
	}
}

// TestSDKOutgoingInheritance: an entity that does not use custom permissions reports its
// location's values; switching back to custom brings its own stored values back.
func TestSDKOutgoingInheritance(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			locSvc := emu.Client.OutgoingPermissions(wxc.Location)
			for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind])
					en := emu.first(t, kind)
					if en.LocationID == "" {
						t.Fatalf("%s %s has no location", kind, en.ID)
					}
					own := useCustom(kind, true)
					own.CallingPermissions = onePerm(wxc.CallTypeNational, wxc.ActionAllow, true)
					own.CallingPermissions.Set(wxc.CallTypeTollFree, wxc.CallTypePermission{Action: wxc.ActionBlock, TransferEnabled: false})
					if err := svc.Configure(ctx, en.ID, own); err != nil {
						t.Fatal(err)
					}
					loc := onePerm(wxc.CallTypeNational, wxc.ActionBlock, false)
					loc.Set(wxc.CallTypeTollFree, wxc.CallTypePermission{Action: wxc.ActionAllow, TransferEnabled: true})
					if err := locSvc.Configure(ctx, en.LocationID, &wxc.OutgoingPermissions{CallingPermissions: loc}); err != nil {
						t.Fatal(err)
					}
					locPerms, err := locSvc.Read(ctx, en.LocationID)
					if err != nil {
						t.Fatal(err)
					}

					check := func(step string, wantCustom bool, want map[wxc.CallType]permEntry) {
						t.Helper()
						got, err := svc.Read(ctx, en.ID)
						if err != nil {
							t.Fatal(err)
						}
						if c := boolp(got.UseCustomEnabled); c != boolp(wxc.Bool(wantCustom)) {
							t.Errorf("%s: useCustomEnabled = %s, want %v", step, c, wantCustom)
						}
						gm := permMap(got)
						for ct, w := range want {
							if gm[ct] != w {
								t.Errorf("%s: %s = %+v, want %+v", step, ct, gm[ct], w)
							}
						}
					}
					check("custom", true, map[wxc.CallType]permEntry{wxc.CallTypeNational: {"ALLOW", true}, wxc.CallTypeTollFree: {"BLOCK", false}})

					if err := svc.Configure(ctx, en.ID, useCustom(kind, false)); err != nil {
						t.Fatal(err)
					}
					// Every settable type the location has is what the entity reports now.
					wantLoc := map[wxc.CallType]permEntry{}
					for ct, v := range permMap(locPerms) {
						wantLoc[ct] = v
					}
					check("inherited", false, wantLoc)

					if err := svc.Configure(ctx, en.ID, useCustom(kind, true)); err != nil {
						t.Fatal(err)
					}
					check("custom again", true, map[wxc.CallType]permEntry{wxc.CallTypeNational: {"ALLOW", true}, wxc.CallTypeTollFree: {"BLOCK", false}})
				})
			}
		})
	}
}
