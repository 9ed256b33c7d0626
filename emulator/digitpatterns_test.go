package emulator_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wxcgo/go-wxc/wxc"
)

var ignoreExtra = cmpopts.IgnoreFields(wxc.DigitPattern{}, "Extra")

func TestSDKDigitPatterns(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			for _, kind := range allKinds {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).DigitPatterns
					id := emu.first(t, kind).ID
					if err := svc.DeleteAll(ctx, id); err != nil {
						t.Fatalf("delete all: %v", err)
					}
					l, err := svc.List(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					if l.DigitPatterns == nil || len(l.DigitPatterns) != 0 {
						t.Fatalf("after DeleteAll: %#v (want an empty, present list)", l.DigitPatterns)
					}

					p1 := &wxc.DigitPattern{Name: "Darmstadt", Pattern: "+496196!", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}
					id1, err := svc.Create(ctx, id, p1)
					if err != nil || id1 == "" {
						t.Fatalf("create: %q %v", id1, err)
					}
					p2 := &wxc.DigitPattern{Name: "Nines", Pattern: "9XXX", Action: wxc.ActionAllow, TransferEnabled: wxc.Bool(true)}
					id2, err := svc.Create(ctx, id, p2)
					if err != nil || id2 == "" || id2 == id1 {
						t.Fatalf("create second: %q %v (first %q)", id2, err, id1)
					}
					got, err := svc.Details(ctx, id, id1)
					if err != nil {
						t.Fatal(err)
					}
					want := *p1
					want.ID = id1
					if diff := cmp.Diff(&want, got, ignoreExtra); diff != "" {
						t.Errorf("details (-want +got):\n%s", diff)
					}

					// Update only the name: the rest stays.
					if err := svc.Update(ctx, id, &wxc.DigitPattern{ID: id1, Name: "Darmstadt-2"}); err != nil {
						t.Fatalf("update: %v", err)
					}
					want.Name = "Darmstadt-2"
					got, err = svc.Details(ctx, id, id1)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(&want, got, ignoreExtra); diff != "" {
						t.Errorf("details after name update (-want +got):\n%s", diff)
					}
					if err := svc.Update(ctx, id, &wxc.DigitPattern{ID: id1, Action: wxc.ActionAllow, TransferEnabled: wxc.Bool(true)}); err != nil {
						t.Fatalf("update action: %v", err)
					}
					want.Action, want.TransferEnabled = wxc.ActionAllow, wxc.Bool(true)
					got, _ = svc.Details(ctx, id, id1)
					if diff := cmp.Diff(&want, got, ignoreExtra); diff != "" {
						t.Errorf("details after action update (-want +got):\n%s", diff)
					}

					l, err = svc.List(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					ids := map[string]string{}
					for _, d := range l.DigitPatterns {
						ids[d.ID] = d.Name
					}
					if diff := cmp.Diff(map[string]string{id1: "Darmstadt-2", id2: "Nines"}, ids); diff != "" {
						t.Errorf("list (-want +got):\n%s", diff)
					}

					if kind != kLocation {
						for _, v := range []bool{true, false} {
							if err := svc.UpdateCategoryControlSettings(ctx, id, wxc.Bool(v)); err != nil {
								t.Fatalf("category control %v: %v", v, err)
							}
							l, _ = svc.List(ctx, id)
							if boolp(l.UseCustomDigitPatterns) != fmt.Sprint(v) {
								t.Errorf("useCustomDigitPatterns = %s, want %v", boolp(l.UseCustomDigitPatterns), v)
							}
						}
					}

					if err := svc.Delete(ctx, id, id1); err != nil {
						t.Fatalf("delete: %v", err)
					}
					_, err = svc.Details(ctx, id, id1)
					if !errors.Is(err, wxc.ErrNotFound) {
						t.Errorf("details of a deleted pattern: %v, want ErrNotFound", err)
					}
					err = svc.Update(ctx, id, &wxc.DigitPattern{ID: id1, Name: "ghost"})
					if !errors.Is(err, wxc.ErrNotFound) {
						t.Errorf("update of a deleted pattern: %v, want ErrNotFound", err)
					}
					if err := svc.DeleteAll(ctx, id); err != nil {
						t.Fatal(err)
					}
					l, _ = svc.List(ctx, id)
					if len(l.DigitPatterns) != 0 {
						t.Errorf("after DeleteAll: %d patterns", len(l.DigitPatterns))
					}
				})
			}
		})
	}
}

// TestSDKDigitPatternLimit: 500 patterns per entity; the 501st is a 400 and changes nothing.
func TestSDKDigitPatternLimit(t *testing.T) {
	emu := newRaw(t)
	ctx := t.Context()
	// One entity kind per URL family is enough: the limit is one rule in the emulator and
	// filling 500 patterns is slow under -race.
	kinds := []string{kPerson, kLocation}
	if testing.Short() {
		kinds = kinds[:1]
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).DigitPatterns
			id := emu.first(t, kind).ID
			if err := svc.DeleteAll(ctx, id); err != nil {
				t.Fatal(err)
			}
			// The first 499 go straight to the handler (fast under -race); the SDK makes the
			// 500th, which must work, and the 501st, which must not.
			h := emu.Server.Handler()
			dpPath := pathsFor(kind, id).DigitPatterns
			for i := range 499 {
				body := fmt.Sprintf(`{"name":"p%03d","pattern":"9%03d","action":"BLOCK","transferEnabled":false}`, i, i)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, newRequest(emu.Tokens.FullAdmin, http.MethodPost, dpPath, []byte(body)))
				if rec.Code != http.StatusCreated {
					t.Fatalf("create %d: %d %s", i+1, rec.Code, rec.Body)
				}
			}
			if _, err := svc.Create(ctx, id, &wxc.DigitPattern{Name: "p499", Pattern: "8499", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}); err != nil {
				t.Fatalf("create 500th: %v", err)
			}
			_, err := svc.Create(ctx, id, &wxc.DigitPattern{Name: "p500", Pattern: "8500", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)})
			apiErr(t, err, 400, 0)
			l, err := svc.List(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.DigitPatterns) != 500 {
				t.Errorf("%d patterns after the refused 501st, want 500", len(l.DigitPatterns))
			}
			if err := svc.DeleteAll(ctx, id); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Create(ctx, id, &wxc.DigitPattern{Name: "again", Pattern: "8500", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}); err != nil {
				t.Errorf("create after DeleteAll: %v", err)
			}
		})
	}
}
