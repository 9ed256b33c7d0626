package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

// testFactory returns a factory writing to buffers.
func testFactory() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	f := newFactory(&IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	f.Getenv = func(string) string { return "" }
	f.Options.Concurrency = 10
	return f, &out, &errOut
}

// execute runs cmd with args and returns its error.
func execute(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	return cmd.ExecuteContext(context.Background())
}

func exitCodeOf(err error) int {
	code, _ := classify(err)
	return code
}

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
		{name: "nothing to set", args: []string{"person", "x"}, wantCode: ExitUsage},
		{name: "file and flags", args: []string{"person", "x", "-f", "p.yaml", "--call-type", "NATIONAL=BLOCK"}, wantCode: ExitUsage},
		{name: "bad action", args: []string{"person", "x", "--call-type", "NATIONAL=MAYBE"}, wantCode: ExitUsage},
		{name: "unknown call type", args: []string{"person", "x", "--call-type", "MARS=BLOCK"}, wantCode: ExitUsage},
		{name: "missing =", args: []string{"person", "x", "--call-type", "NATIONAL"}, wantCode: ExitUsage},
		{name: "bad transfer suffix", args: []string{"person", "x", "--call-type", "NATIONAL=BLOCK:maybe"}, wantCode: ExitUsage},
		{name: "bad transfer bool", args: []string{"person", "x", "--transfer-enabled", "NATIONAL=yes please"}, wantCode: ExitUsage},
		{name: "location use-custom", args: []string{"location", "HQ", "--use-custom"}, wantCode: ExitUsage},
		{name: "bad kind", args: []string{"robot", "x", "--use-custom"}, wantCode: ExitUsage},
		{name: "missing entity", args: []string{"person", "--use-custom"}, wantCode: ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, _, _ := testFactory()
			var got *outgoingSetOptions
			err := execute(newOutgoingSetCmd(f, func(o *outgoingSetOptions) error { got = o; return nil }), tt.args...)
			if tt.wantCode != 0 {
				if err == nil || exitCodeOf(err) != tt.wantCode {
					t.Fatalf("err = %v (code %d), want code %d", err, exitCodeOf(err), tt.wantCode)
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

func TestTransferSetFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := testFactory()
	var got *transferSetOptions
	run := func(o *transferSetOptions) error { got = o; return nil }
	if err := execute(newTransferSetCmd(f, run), "person", "x", "--number1", "+1555", "--number3", ""); err != nil {
		t.Fatal(err)
	}
	if got.Numbers[0] == nil || *got.Numbers[0] != "+1555" || got.Numbers[1] != nil || got.Numbers[2] == nil || *got.Numbers[2] != "" {
		t.Errorf("numbers = %v %v %v", strCell(got.Numbers[0]), got.Numbers[1], got.Numbers[2])
	}
	for _, args := range [][]string{
		{"person", "x"},
		{"location", "x", "--use-custom"},
		{"person", "x", "-f", "n.json", "--number1", "1"},
	} {
		f, _, _ := testFactory()
		if err := execute(newTransferSetCmd(f, run), args...); exitCodeOf(err) != ExitUsage {
			t.Errorf("%q: err = %v, want usage error", args, err)
		}
	}
}

func TestAccessCodesFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := testFactory()
	var add *accessCodesAddOptions
	err := execute(newAccessCodesAddCmd(f, func(o *accessCodesAddOptions) error { add = o; return nil }),
		"person", "x", "4856=Marketing team", "1111", "--description", "Default")
	if err != nil {
		t.Fatal(err)
	}
	want := []wxc.AuthCode{{Code: "4856", Description: "Marketing team"}, {Code: "1111", Description: "Default"}}
	if diff := cmp.Diff(want, add.Codes); diff != "" {
		t.Errorf("codes (-want +got):\n%s", diff)
	}
	f, _, _ = testFactory()
	err = execute(newAccessCodesAddCmd(f, func(o *accessCodesAddOptions) error { return nil }), "person", "x", "1111")
	if exitCodeOf(err) != ExitUsage || !strings.Contains(err.Error(), "description") {
		t.Errorf("code without description: err = %v", err)
	}

	var del *accessCodesDeleteOptions
	f, _, _ = testFactory()
	if err := execute(newAccessCodesDeleteCmd(f, func(o *accessCodesDeleteOptions) error { del = o; return nil }), "location", "HQ", "--all"); err != nil {
		t.Fatal(err)
	}
	if !del.All || del.Ref.Kind != wxc.Location || del.Ref.Ref != "HQ" {
		t.Errorf("delete options = %+v", del)
	}
	for _, args := range [][]string{{"person", "x"}, {"person", "x", "1", "--all"}} {
		f, _, _ := testFactory()
		if err := execute(newAccessCodesDeleteCmd(f, func(*accessCodesDeleteOptions) error { return nil }), args...); exitCodeOf(err) != ExitUsage {
			t.Errorf("delete %q: err = %v, want usage", args, err)
		}
	}

	var uc *accessCodesUseCustomOptions
	f, _, _ = testFactory()
	if err := execute(newAccessCodesUseCustomCmd(f, func(o *accessCodesUseCustomOptions) error { uc = o; return nil }), "person", "x", "false"); err != nil {
		t.Fatal(err)
	}
	if uc.Value {
		t.Error("use-custom false parsed as true")
	}
	f, _, _ = testFactory()
	if err := execute(newAccessCodesUseCustomCmd(f, nil), "location", "x"); exitCodeOf(err) != ExitUsage {
		t.Errorf("location use-custom: err = %v, want usage", err)
	}
}

func TestDigitPatternFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := testFactory()
	var add *digitPatternWriteOptions
	err := execute(newDigitPatternsAddCmd(f, func(o *digitPatternWriteOptions) error { add = o; return nil }),
		"person", "x", "--name", "premium", "--pattern", "+900!", "--action", "block", "--dry-run")
	if err != nil {
		t.Fatal(err)
	}
	want := &wxc.DigitPattern{Name: "premium", Pattern: "+900!", Action: wxc.ActionBlock, TransferEnabled: wxc.Bool(false)}
	if diff := cmp.Diff(want, add.Body); diff != "" || !add.DryRun {
		t.Errorf("add body (-want +got):\n%s dry-run %v", diff, add.DryRun)
	}
	f, _, _ = testFactory()
	if err := execute(newDigitPatternsAddCmd(f, nil), "person", "x", "--name", "n"); exitCodeOf(err) != ExitUsage {
		t.Errorf("incomplete add: err = %v", err)
	}

	var upd *digitPatternWriteOptions
	f, _, _ = testFactory()
	err = execute(newDigitPatternsUpdateCmd(f, func(o *digitPatternWriteOptions) error { upd = o; return nil }),
		"location", "HQ", "premium", "--transfer-enabled=true")
	if err != nil {
		t.Fatal(err)
	}
	if upd.Pattern != "premium" || upd.Body.Action != "" || upd.Body.TransferEnabled == nil || !*upd.Body.TransferEnabled {
		t.Errorf("update = %+v body %+v", upd.digitPatternOptions, upd.Body)
	}
	f, _, _ = testFactory()
	if err := execute(newDigitPatternsUpdateCmd(f, nil), "location", "HQ", "premium"); exitCodeOf(err) != ExitUsage {
		t.Errorf("empty update: err = %v", err)
	}
	f, _, _ = testFactory()
	if err := execute(newDigitPatternsUseCustomCmd(f, nil), "location", "HQ"); exitCodeOf(err) != ExitUsage {
		t.Errorf("location use-custom: err = %v", err)
	}
}

func TestExportFlags(t *testing.T) {
	t.Parallel()
	f, _, _ := testFactory()
	var got *exportOptions
	run := func(o *exportOptions) error { got = o; return nil }
	if err := execute(newExportCmd(f, run), "--kind", "person", "--kind", "virtual_line", "--location", "San Jose", "--failures", "f.jsonl"); err != nil {
		t.Fatal(err)
	}
	if got.Format != output.JSONL || len(got.Kinds) != 2 || got.Locations[0] != "San Jose" || got.Failures != "f.jsonl" {
		t.Errorf("options = %+v", got)
	}
	f, _, _ = testFactory()
	f.Options.Output = "table"
	if err := execute(newExportCmd(f, run)); exitCodeOf(err) != ExitUsage {
		t.Errorf("-o table: err = %v, want usage", err)
	}
	f, _, _ = testFactory()
	if err := execute(newExportCmd(f, run), "--kind", "robot"); exitCodeOf(err) != ExitUsage {
		t.Errorf("--kind robot: err = %v, want usage", err)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		code int
		hint string
	}{
		{"plain", errors.New("boom"), ExitFailure, "boom"},
		{"explicit", &ExitError{Code: ExitPartial, Err: errors.New("3 failed")}, ExitPartial, "3 failed"},
		{"silent", &ExitError{Code: ExitFindings}, ExitFindings, ""},
		{"401", fmt.Errorf("read: %w", &wxc.APIError{StatusCode: 401, Message: "unauthorized"}), ExitAuth, "--token"},
		{"403", &wxc.APIError{StatusCode: 403}, ExitAuth, "--org-id"},
		{"404", &wxc.APIError{StatusCode: 404}, ExitFailure, "check the ID"},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), ExitInterrupted, "interrupted"},
		{"failure wrapping 401", &ExitError{Code: ExitFailure, Err: &wxc.APIError{StatusCode: 401}}, ExitAuth, "WEBEX_ACCESS_TOKEN"},
		{"cobra", errors.New(`unknown command "x" for "wxc"`), ExitUsage, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, msg := classify(tt.err)
			if code != tt.code || !strings.Contains(msg, tt.hint) {
				t.Errorf("classify = %d %q, want %d containing %q", code, msg, tt.code, tt.hint)
			}
		})
	}
}

func TestMainUsageAndAuthErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown flag", []string{"--bogus"}, ExitUsage, "unknown flag"},
		{"unknown command", []string{"frobnicate"}, ExitUsage, "unknown command"},
		{"unknown subcommand", []string{"outgoing", "frob"}, ExitUsage, "unknown command"},
		{"command typo", []string{"outgoign", "get"}, ExitUsage, "did you mean outgoing?"},
		{"subcommand typo", []string{"access-codes", "delet"}, ExitUsage, "did you mean delete?"},
		{"group help", []string{"digit-patterns"}, ExitOK, ""},
		{"missing args", []string{"outgoing", "get", "person"}, ExitUsage, "wants 2 arguments"},
		{"bad output", []string{"outgoing", "get", "person", "x", "-o", "xml"}, ExitUsage, "xml"},
		{"bad concurrency", []string{"export", "--concurrency", "0"}, ExitUsage, "--concurrency"},
		{"no token", []string{"outgoing", "get", "person", "x"}, ExitAuth, "WEBEX_ACCESS_TOKEN"},
		{"help", []string{"outgoing", "set", "--help"}, ExitOK, ""},
	}
	t.Setenv("WEBEX_ACCESS_TOKEN", "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(t.Context(), tt.args, strings.NewReader(""), &out, &errOut)
			if code != tt.code || !strings.Contains(errOut.String(), tt.msg) {
				t.Errorf("Main(%q) = %d, stderr %q; want %d containing %q", tt.args, code, errOut.String(), tt.code, tt.msg)
			}
		})
	}
}

func TestEveryCommandHasExample(t *testing.T) {
	t.Parallel()
	f, _, _ := testFactory()
	root := newRootCmd(f)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.Hidden && c.Name() != "help" && c.Name() != "completion" && c.Parent() != nil && c.Parent().Name() != "completion" {
			if c.Example == "" {
				t.Errorf("%s has no Example", c.CommandPath())
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

func TestEmulatorReset(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := dir + "/state.db"
	f, _, errOut := testFactory()
	f.Options.EmulatorState = path
	if err := execute(newEmulatorResetCmd(f, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "nothing to reset") {
		t.Errorf("stderr = %q", errOut.String())
	}
	if err := writeFile(path, "x"); err != nil {
		t.Fatal(err)
	}
	if err := execute(newEmulatorResetCmd(f, nil)); err != nil {
		t.Fatal(err)
	}
	if fileExists(path) {
		t.Error("state file still there after reset")
	}
}

func TestTargetFromEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"WXC_TOKEN": "tok-wxc", "WXC_BASE_URL": "http://127.0.0.1:9/v1"}
	f, _, _ := testFactory()
	f.Getenv = func(k string) string { return env[k] }
	tg, err := f.resolveTargetLocked()
	if err != nil || tg.token != "tok-wxc" || tg.baseURL != "http://127.0.0.1:9/v1" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
	env["WEBEX_ACCESS_TOKEN"] = "tok-webex"
	f, _, _ = testFactory()
	f.Getenv = func(k string) string { return env[k] }
	f.Options.Token, f.Options.BaseURL = "", "http://127.0.0.1:10/v1"
	if tg, err = f.resolveTargetLocked(); err != nil || tg.token != "tok-webex" || tg.baseURL != "http://127.0.0.1:10/v1" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
	f, _, _ = testFactory()
	f.Getenv = func(k string) string { return env[k] }
	f.Options.Token = "tok-flag"
	if tg, err = f.resolveTargetLocked(); err != nil || tg.token != "tok-flag" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
}
