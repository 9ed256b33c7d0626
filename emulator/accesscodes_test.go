package emulator_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// codesOf returns "code/description/level" strings, sorted.
func codesOf(cs []wxc.AuthCode) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Code+"/"+c.Description+"/"+string(c.Level))
	}
	slices.Sort(out)
	return out
}

func TestSDKAccessCodes(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).AccessCodes
					id := emu.first(t, kind).ID
					if err := svc.Delete(ctx, id); err != nil {
						t.Fatalf("delete all: %v", err)
					}
					got, err := svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if got.AccessCodes == nil {
						t.Error("accessCodes missing from the response; must be [] when empty")
					}
					if len(got.AccessCodes) != 0 {
						t.Errorf("after Delete: %v", codesOf(got.AccessCodes))
					}
					for _, c := range []string{"9001", "9002", "9003"} {
						if err := svc.Create(ctx, id, c, "code "+c); err != nil {
							t.Fatalf("create %s: %v", c, err)
						}
					}
					got, err = svc.Read(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					want := []string{"9001/code 9001/CUSTOM", "9002/code 9002/CUSTOM", "9003/code 9003/CUSTOM"}
					if diff := cmp.Diff(want, codesOf(got.AccessCodes)); diff != "" {
						t.Errorf("after create (-want +got):\n%s", diff)
					}

					if err := svc.Modify(ctx, id, wxc.Bool(true), nil); err != nil {
						t.Fatalf("modify useCustom: %v", err)
					}
					got, _ = svc.Read(ctx, id)
					if boolp(got.UseCustomAccessCodes) != "true" {
						t.Errorf("useCustomAccessCodes = %s after Modify(true)", boolp(got.UseCustomAccessCodes))
					}
					if err := svc.Modify(ctx, id, nil, []string{"9002"}); err != nil {
						t.Fatalf("modify deleteCodes: %v", err)
					}
					got, _ = svc.Read(ctx, id)
					if diff := cmp.Diff([]string{"9001/code 9001/CUSTOM", "9003/code 9003/CUSTOM"}, codesOf(got.AccessCodes)); diff != "" {
						t.Errorf("after deleteCodes 9002 (-want +got):\n%s", diff)
					}
					if boolp(got.UseCustomAccessCodes) != "true" {
						t.Errorf("omitted useCustomAccessCodes changed to %s", boolp(got.UseCustomAccessCodes))
					}
					if err := svc.Modify(ctx, id, wxc.Bool(false), nil); err != nil {
						t.Fatal(err)
					}
					got, _ = svc.Read(ctx, id)
					if boolp(got.UseCustomAccessCodes) != "false" {
						t.Errorf("useCustomAccessCodes = %s after Modify(false)", boolp(got.UseCustomAccessCodes))
					}
					if err := svc.Delete(ctx, id); err != nil {
						t.Fatal(err)
					}
					got, _ = svc.Read(ctx, id)
					if n := len(got.AccessCodes); n != 0 {
						t.Errorf("after Delete: %d codes", n)
					}
				})
			}
			t.Run("location kind uses the location API", func(t *testing.T) {
				loc := emu.first(t, kLocation).ID
				ac := emu.Client.OutgoingPermissions(wxc.Location).AccessCodes
				if err := ac.Delete(ctx, loc); err != nil {
					t.Fatal(err)
				}
				for _, c := range []string{"1111", "2222"} {
					if err := ac.Create(ctx, loc, c, "code "+c); err != nil {
						t.Fatalf("Create %s: %v", c, err)
					}
				}
				if err := ac.Modify(ctx, loc, nil, []string{"1111"}); err != nil {
					t.Fatalf("Modify(deleteCodes): %v", err)
				}
				got, err := ac.Read(ctx, loc)
				if err != nil {
					t.Fatal(err)
				}
				if got.UseCustomAccessCodes != nil || len(got.AccessCodes) != 1 || got.AccessCodes[0].Code != "2222" ||
					got.AccessCodes[0].Level != "" {
					t.Errorf("location codes = %+v, want only 2222, no switch, no level", got)
				}
				// The same codes through the location service.
				if codes, err := emu.Client.LocationAccessCodes.Read(ctx, loc); err != nil || len(codes) != 1 || codes[0].Code != "2222" {
					t.Errorf("LocationAccessCodes.Read = %+v, %v", codes, err)
				}
				// A location has no custom switch: refused before any I/O.
				if err := ac.Modify(ctx, loc, wxc.Bool(true), []string{"2222"}); !errors.Is(err, wxc.ErrNotSupported) {
					t.Errorf("Modify(useCustom) err = %v, want ErrNotSupported", err)
				}
				if got, err := ac.Read(ctx, loc); err != nil || len(got.AccessCodes) != 1 {
					t.Errorf("a refused Modify changed the codes: %+v, %v", got, err)
				}
				if err := ac.Delete(ctx, loc); err != nil {
					t.Fatal(err)
				}
				if got, err := ac.Read(ctx, loc); err != nil || len(got.AccessCodes) != 0 {
					t.Errorf("after Delete: %+v, %v", got, err)
				}
			})
		})
	}
}

func TestSDKAccessCodesMax(t *testing.T) {
	const max = 5
	emu := newRaw(t, func(o *emulator.Options) { o.MaxAccessCodes = max })
	ctx := t.Context()
	for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
		t.Run(kind, func(t *testing.T) {
			svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).AccessCodes
			id := emu.first(t, kind).ID
			if err := svc.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
			for i := range max {
				if err := svc.Create(ctx, id, fmt.Sprintf("80%02d", i), "c"); err != nil {
					t.Fatalf("create %d of %d: %v", i+1, max, err)
				}
			}
			err := svc.Create(ctx, id, "8099", "one too many")
			var ae *wxc.APIError
			if !errors.As(err, &ae) || ae.StatusCode < 400 {
				t.Fatalf("create beyond the maximum: err = %v, want an API error", err)
			}
			got, err := svc.Read(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.AccessCodes) != max {
				t.Errorf("%d codes after the refused create, want %d", len(got.AccessCodes), max)
			}
		})
	}
}

func TestSDKLocationAccessCodes(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			svc := emu.Client.LocationAccessCodes
			loc := emu.first(t, kLocation).ID
			if err := svc.DeleteAll(ctx, loc); err != nil {
				t.Fatalf("delete all: %v", err)
			}
			got, err := svc.Read(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 0 {
				t.Fatalf("after DeleteAll: %v", codesOf(got))
			}
			codes := []wxc.AuthCode{{Code: "1357", Description: "Main"}, {Code: "2468", Description: "Second"}, {Code: "3579", Description: "Third"}}
			if err := svc.Create(ctx, loc, codes); err != nil {
				t.Fatalf("create: %v", err)
			}
			got, err = svc.Read(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"1357/Main/", "2468/Second/", "3579/Third/"}, codesOf(got)); diff != "" {
				t.Errorf("after create (-want +got; location codes carry no level):\n%s", diff)
			}
			if err := svc.DeleteCodes(ctx, loc, []string{"2468"}); err != nil {
				t.Fatal(err)
			}
			got, _ = svc.Read(ctx, loc)
			if diff := cmp.Diff([]string{"1357/Main/", "3579/Third/"}, codesOf(got)); diff != "" {
				t.Errorf("after DeleteCodes (-want +got):\n%s", diff)
			}
			if err := svc.DeleteAll(ctx, loc); err != nil {
				t.Fatal(err)
			}
			got, _ = svc.Read(ctx, loc)
			if len(got) != 0 {
				t.Errorf("after DeleteAll: %v", codesOf(got))
			}
		})
	}
}
