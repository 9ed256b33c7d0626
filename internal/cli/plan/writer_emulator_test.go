package plan_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestSDKWriterLocationCodes writes a location's access codes through SDKWriter and reads
// them back through snapshot.Fetch: both use the per-kind service, which the SDK routes to
// the location access-code API. A create is one POST with every code; a delete one PUT.
func TestSDKWriterLocationCodes(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	var mu sync.Mutex
	var writes []string
	client := emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithResponseObserver(func(r *http.Response) {
		if r.Request.Method != http.MethodGet {
			mu.Lock()
			writes = append(writes, r.Request.Method+" "+r.Request.URL.Path)
			mu.Unlock()
		}
	}))
	ctx := t.Context()
	var loc snapshot.Entity
	for e, err := range snapshot.List(ctx, client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Location}}) {
		if err != nil {
			t.Fatal(err)
		}
		loc = e
		break
	}
	w := &plan.SDKWriter{Client: client}
	apply := func(tgt *plan.Target) (*snapshot.Settings, []plan.Op) {
		t.Helper()
		cur, err := snapshot.Fetch(ctx, client, loc)
		if err != nil {
			t.Fatal(err)
		}
		ep := plan.Diff(cur, tgt)
		mu.Lock()
		writes = nil
		mu.Unlock()
		var after *snapshot.Settings
		for _, op := range ep.Ops {
			if _, err := w.Write(ctx, loc, op); err != nil {
				t.Fatalf("%s: %v", op.ID, err)
			}
			if after, err = snapshot.Fetch(ctx, client, loc); err != nil {
				t.Fatal(err)
			}
			if inPlace, _ := plan.Check(after, op); !inPlace {
				t.Errorf("%s: not in place after the write", op.ID)
			}
		}
		return after, ep.Ops
	}
	codesPath := "/v1/telephony/config/locations/" + loc.ID + "/outgoingPermission/accessCodes"
	kinds := func(ops []plan.Op) []plan.OpKind {
		var out []plan.OpKind
		for _, o := range ops {
			out = append(out, o.Kind)
		}
		return out
	}

	_, ops := apply(&plan.Target{Codes: []plan.CodeSpec{{Code: "7001", Description: "A"}, {Code: "7002", Description: "B"}}})
	if got, want := kinds(ops), []plan.OpKind{plan.OpLocationCodesCreate}; !slices.Equal(got, want) {
		t.Fatalf("create: ops %v, want %v", got, want)
	}
	if want := []string{"POST " + codesPath}; !slices.Equal(writes, want) {
		t.Errorf("create: requests %v, want %v", writes, want)
	}

	after, ops := apply(&plan.Target{Codes: []plan.CodeSpec{{Code: "7001", Description: "A2"}}})
	if got, want := kinds(ops), []plan.OpKind{plan.OpLocationCodesDelete, plan.OpLocationCodesCreate}; !slices.Equal(got, want) {
		t.Fatalf("re-create: ops %v, want %v", got, want)
	}
	if want := []string{"PUT " + codesPath, "POST " + codesPath}; !slices.Equal(writes, want) {
		t.Errorf("re-create: requests %v, want %v", writes, want)
	}
	var got []string
	for _, c := range after.AccessCodes.AccessCodes {
		if c.Level != "" {
			t.Errorf("location code %s has level %q; the location API reports none", c.Code, c.Level)
		}
		got = append(got, c.Code+"="+c.Description)
	}
	for _, want := range []string{"7001=A2", "7002=B"} {
		if !slices.Contains(got, want) {
			t.Errorf("codes %s, want %s among them", strings.Join(got, ", "), want)
		}
	}
	if after.AccessCodes.UseCustomAccessCodes != nil {
		t.Errorf("a location read reports useCustomAccessCodes %v; it has no such switch", *after.AccessCodes.UseCustomAccessCodes)
	}
}
