package emulator_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
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
			emu := emulatortest.New(t, withEra(era))
			ctx := t.Context()
			for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).AccessCodes
					id := sdkFirst(t, emu, kind).ID
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
			t.Run("location kind is not supported", func(t *testing.T) {
				loc := sdkFirst(t, emu, kLocation).ID
				ac := emu.Client.OutgoingPermissions(wxc.Location).AccessCodes
				_, err := ac.Read(ctx, loc)
				if !errors.Is(err, wxc.ErrNotSupported) {
					t.Errorf("location AccessCodes.Read err = %v, want ErrNotSupported", err)
				}
				for name, err := range map[string]error{
					"Create": ac.Create(ctx, loc, "1111", "x"),
					"Modify": ac.Modify(ctx, loc, wxc.Bool(true), nil),
					"Delete": ac.Delete(ctx, loc),
				} {
					if !errors.Is(err, wxc.ErrNotSupported) {
						t.Errorf("location AccessCodes.%s err = %v, want ErrNotSupported", name, err)
					}
				}
				// Nothing reached the server: the location's codes are unchanged.
				codes, err := emu.Client.LocationAccessCodes.Read(ctx, loc)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range codes {
					if c.Code == "1111" {
						t.Error("a refused Create still created code 1111")
					}
				}
			})
		})
	}
}

func TestSDKAccessCodesMax(t *testing.T) {
	const max = 5
	emu := emulatortest.New(t, func(o *emulator.Options) { o.MaxAccessCodes = max })
	ctx := t.Context()
	for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
		t.Run(kind, func(t *testing.T) {
			svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).AccessCodes
			id := sdkFirst(t, emu, kind).ID
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
			emu := emulatortest.New(t, withEra(era))
			ctx := t.Context()
			svc := emu.Client.LocationAccessCodes
			loc := sdkFirst(t, emu, kLocation).ID
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
