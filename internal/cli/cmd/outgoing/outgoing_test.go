package outgoing

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestOutgoingSetFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		want      []callTypeChange
		useCustom *bool
		file      string
		dryRun    bool
		wantCode  int // 0: no error
	}{
		{name: "one call type", args: []string{"person", "alice@example.com", "--call-type", "INTERNATIONAL=BLOCK"},
			want: []callTypeChange{{CallType: wxc.CallTypeInternational, Action: wxc.ActionBlock}}},
		{name: "transfer suffix and case", args: []string{"person", "x", "--call-type", "premium-services-i=block:no-transfer", "--call-type", "NATIONAL=AUTH_CODE:transfer"},
			want: []callTypeChange{
				{CallType: wxc.CallTypePremiumServicesI, Action: wxc.ActionBlock, Transfer: wxc.Bool(false)},
				{CallType: wxc.CallTypeNational, Action: wxc.ActionAuthCode, Transfer: wxc.Bool(true)},
			}},
		{name: "transfer flag merges", args: []string{"workspace", "Lobby", "--call-type", "NATIONAL=ALLOW", "--transfer-enabled", "NATIONAL=false", "--transfer-enabled", "TOLL_FREE=true"},
			want: []callTypeChange{
				{CallType: wxc.CallTypeNational, Action: wxc.ActionAllow, Transfer: wxc.Bool(false)},
				{CallType: wxc.CallTypeTollFree, Transfer: wxc.Bool(true)},
			}},
		{name: "use-custom bare", args: []string{"person", "x", "--use-custom"}, useCustom: wxc.Bool(true)},
		{name: "use-custom false", args: []string{"virtual-line", "x", "--use-custom=false"}, useCustom: wxc.Bool(false)},
		{name: "file and dry run", args: []string{"person", "x", "-f", "p.yaml", "--dry-run"}, file: "p.yaml", dryRun: true},
		{name: "nothing to set", args: []string{"person", "x"}, wantCode: cmdutil.ExitUsage},
		{name: "file and flags", args: []string{"person", "x", "-f", "p.yaml", "--call-type", "NATIONAL=BLOCK"}, wantCode: cmdutil.ExitUsage},
		{name: "bad action", args: []string{"person", "x", "--call-type", "NATIONAL=MAYBE"}, wantCode: cmdutil.ExitUsage},
		{name: "unknown call type", args: []string{"person", "x", "--call-type", "MARS=BLOCK"}, wantCode: cmdutil.ExitUsage},
		{name: "missing =", args: []string{"person", "x", "--call-type", "NATIONAL"}, wantCode: cmdutil.ExitUsage},
		{name: "bad transfer suffix", args: []string{"person", "x", "--call-type", "NATIONAL=BLOCK:maybe"}, wantCode: cmdutil.ExitUsage},
		{name: "bad transfer bool", args: []string{"person", "x", "--transfer-enabled", "NATIONAL=yes please"}, wantCode: cmdutil.ExitUsage},
		{name: "location use-custom", args: []string{"location", "HQ", "--use-custom"}, wantCode: cmdutil.ExitUsage},
		{name: "bad kind", args: []string{"robot", "x", "--use-custom"}, wantCode: cmdutil.ExitUsage},
		{name: "missing entity", args: []string{"person", "--use-custom"}, wantCode: cmdutil.ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, _, _ := cmdtest.Factory()
			var got *outgoingSetOptions
			err := cmdtest.Execute(newOutgoingSetCmd(f, func(o *outgoingSetOptions) error { got = o; return nil }), tt.args...)
			if tt.wantCode != 0 {
				if err == nil || cmdtest.ExitCode(err) != tt.wantCode {
					t.Fatalf("err = %v (code %d), want code %d", err, cmdtest.ExitCode(err), tt.wantCode)
				}
				if got != nil {
					t.Error("runF called despite the error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got.Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.useCustom, got.UseCustom); diff != "" {
				t.Errorf("use-custom (-want +got):\n%s", diff)
			}
			if got.File != tt.file || got.DryRun != tt.dryRun {
				t.Errorf("file, dry-run = %q, %v; want %q, %v", got.File, got.DryRun, tt.file, tt.dryRun)
			}
		})
	}
}

func TestOutgoingChangeBody(t *testing.T) {
	t.Parallel()
	cur := &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(false), UseCustomPermissions: wxc.Bool(false),
		CallingPermissions: wxc.NewCallingPermissions()}
	cur.CallingPermissions.Set(wxc.CallTypeNational, wxc.CallTypePermission{Action: wxc.ActionAllow, TransferEnabled: false,
		IsCallTypeRestrictionEnabled: wxc.Bool(false)})
	changes := []callTypeChange{
		{CallType: wxc.CallTypeNational, Transfer: wxc.Bool(true)},
		{CallType: wxc.CallTypeInternational, Action: wxc.ActionBlock},
	}
	body := outgoingChangeBody(wxc.Person, cur, changes, nil)
	got, err := body.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[` +
		`{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true},` +
		`{"callType":"INTERNATIONAL","action":"BLOCK","transferEnabled":true}]}`
	if !jsonEqual(t, got, want) {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
	loc := outgoingChangeBody(wxc.Location, nil, changes[1:], nil)
	got, _ = loc.MarshalJSON()
	if want := `{"callingPermissions":[{"callType":"INTERNATIONAL","action":"BLOCK","transferEnabled":true}]}`; !jsonEqual(t, got, want) {
		t.Errorf("location body\n got %s\nwant %s", got, want)
	}
}

// TestPlanOutgoingEnforcedRestriction: a call type whose read says the system enforces it
// (isCallTypeRestrictionEnabled: true; the emulator never does) cannot be changed; asking
// for its current value changes nothing.
func TestPlanOutgoingEnforcedRestriction(t *testing.T) {
	t.Parallel()
	cur := &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(true), UseCustomPermissions: wxc.Bool(true), CallingPermissions: wxc.NewCallingPermissions()}
	cur.CallingPermissions.Set(wxc.CallTypeInternational, wxc.CallTypePermission{Action: wxc.ActionBlock, IsCallTypeRestrictionEnabled: wxc.Bool(true)})
	cur.CallingPermissions.Set(wxc.CallTypeNational, wxc.CallTypePermission{Action: wxc.ActionAllow, IsCallTypeRestrictionEnabled: wxc.Bool(false)})
	e := snapshotEntity(wxc.Person)
	req := func(changes ...callTypeChange) outgoingRequest {
		return outgoingRequest{Changes: changes, ImplyCustom: true}
	}
	_, err := planOutgoing(e, cur, req(callTypeChange{CallType: wxc.CallTypeInternational, Action: wxc.ActionAllow}))
	if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), "isCallTypeRestrictionEnabled") {
		t.Errorf("change of an enforced call type: %v", err)
	}
	_, err = planOutgoing(e, cur, req(callTypeChange{CallType: wxc.CallTypeInternational, Action: wxc.ActionBlock}))
	if cmdtest.ExitCode(err) != cmdutil.ExitUsage || !strings.Contains(err.Error(), "nothing to change") {
		t.Errorf("enforced call type as it is: %v", err)
	}
	p, err := planOutgoing(e, cur, req(callTypeChange{CallType: wxc.CallTypeInternational, Action: wxc.ActionBlock}, callTypeChange{CallType: wxc.CallTypeNational, Action: wxc.ActionBlock}))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Body.CallingPermissions.CallTypes(); len(got) != 1 || got[0] != wxc.CallTypeNational || p.Body.UseCustomEnabled != nil {
		t.Errorf("body call types %v, useCustomEnabled %s", got, cmdutil.BoolCell(p.Body.UseCustomEnabled))
	}
}

func snapshotEntity(kind wxc.EntityKind) snapshot.Entity {
	return snapshot.Entity{Kind: kind, ID: "id-1", Name: "Test", LocationID: "loc-1", LocationName: "Dallas"}
}

// jsonEqual compares two JSON documents ignoring member order (array order counts).
func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("got invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want invalid JSON %s: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}
