package emulatorcmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/wxcgo/go-wxc/emulator"
)

// lineBuffer is a goroutine-safe writer that signals when the first newline arrives.
type lineBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{}
	once  sync.Once
}

func newLineBuffer() *lineBuffer { return &lineBuffer{ready: make(chan struct{})} }

func (b *lineBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if bytes.IndexByte(b.buf.Bytes(), '\n') >= 0 {
		b.once.Do(func() { close(b.ready) })
	}
	return n, err
}

func (b *lineBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// running is a `wxc emulator` command running in a goroutine.
type running struct {
	ready  readyLine
	raw    string
	cancel context.CancelFunc
	done   chan struct{} // closed when the command has returned
	err    error         // its result, valid after done
	stdout *lineBuffer
	stderr *lineBuffer
}

// stop cancels the command's context and returns its error.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case <-r.done:
		return r.err
	case <-time.After(30 * time.Second):
		t.Fatal("emulator command did not stop within 30s after cancel")
		return nil
	}
}

// start runs the command with args and waits for the ready line.
func start(t *testing.T, args ...string) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	r := &running{cancel: cancel, done: make(chan struct{}), stdout: newLineBuffer(), stderr: newLineBuffer()}
	cmd := New()
	cmd.SetArgs(args)
	cmd.SetOut(r.stdout)
	cmd.SetErr(r.stderr)
	go func() {
		r.err = cmd.ExecuteContext(ctx)
		close(r.done)
	}()
	select {
	case <-r.stdout.ready:
	case <-r.done:
		cancel()
		t.Fatalf("emulator exited before ready: %v\nstderr:\n%s", r.err, r.stderr.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("no ready line within 30s")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(30 * time.Second):
		}
	})
	r.raw = r.stdout.String()
	line, _, _ := strings.Cut(r.raw, "\n")
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r.ready); err != nil {
		t.Fatalf("ready line %q is not the documented JSON: %v", line, err)
	}
	return r
}

func TestReadyLineAndShutdown(t *testing.T) {
	r := start(t, "--listen", "127.0.0.1:0")
	if !strings.HasPrefix(r.ready.BaseURL, "http://127.0.0.1:") || !strings.HasSuffix(r.ready.BaseURL, "/v1") {
		t.Errorf("baseUrl = %q, want http://127.0.0.1:PORT/v1", r.ready.BaseURL)
	}
	if strings.HasSuffix(r.ready.BaseURL, ":0/v1") {
		t.Errorf("baseUrl %q still has port 0", r.ready.BaseURL)
	}
	if r.ready.OrgID == "" {
		t.Error("orgId is empty")
	}
	tk := r.ready.Tokens
	for name, v := range map[string]string{"fullAdmin": tk.FullAdmin, "readOnlyAdmin": tk.ReadOnlyAdmin,
		"locationAdmin": tk.LocationAdmin, "user": tk.User, "partnerAdmin": tk.PartnerAdmin} {
		if v == "" {
			t.Errorf("token %s is empty", name)
		}
	}
	// Key order is part of the contract.
	line := strings.TrimSuffix(r.raw, "\n")
	wantOrder := []string{`"baseUrl"`, `"orgId"`, `"tokens"`, `"fullAdmin"`, `"readOnlyAdmin"`, `"locationAdmin"`, `"user"`, `"partnerAdmin"`}
	last := -1
	for _, k := range wantOrder {
		i := strings.Index(line, k)
		if i <= last {
			t.Errorf("ready line keys out of order at %s: %s", k, line)
			break
		}
		last = i
	}

	// The server answers with the printed token.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, r.ready.BaseURL+"/people?max=1", nil)
	req.Header.Set("Authorization", "Bearer "+tk.FullAdmin)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET people: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET people = %d %s", resp.StatusCode, body)
	}

	if err := r.stop(t); err != nil {
		t.Fatalf("command returned %v after cancel", err)
	}
	if got := strings.Count(r.stdout.String(), "\n"); got != 1 {
		t.Errorf("stdout has %d lines, want exactly 1:\n%s", got, r.stdout.String())
	}
	if !strings.Contains(r.stderr.String(), "emulator ready") {
		t.Errorf("stderr has no ready log:\n%s", r.stderr.String())
	}
	// The port is released after shutdown.
	if _, err := http.Get(r.ready.BaseURL + "/people"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestJSONLogs(t *testing.T) {
	r := start(t, "--listen", "127.0.0.1:0", "--log-format", "json", "--log-level", "debug")
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr.String()), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatal("no logs on stderr")
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("stderr line is not JSON: %q", l)
		}
	}
}

// TestStatePersists writes through one run and reads through the next on the same file.
func TestStatePersists(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	r := start(t, "--listen", "127.0.0.1:0", "--state", state)
	loc := firstLocation(t, r)
	url := r.ready.BaseURL + "/telephony/config/locations/" + loc + "/outgoingPermission/autoTransferNumbers"
	do(t, r.ready.Tokens.FullAdmin, http.MethodPut, url, `{"autoTransferNumber1":"+15550001234"}`, http.StatusNoContent)
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}

	r2 := start(t, "--listen", "127.0.0.1:0", "--state", state)
	if r2.ready.OrgID != r.ready.OrgID {
		t.Errorf("orgId changed across restart: %q -> %q", r.ready.OrgID, r2.ready.OrgID)
	}
	url = r2.ready.BaseURL + "/telephony/config/locations/" + loc + "/outgoingPermission/autoTransferNumbers"
	body := do(t, r2.ready.Tokens.FullAdmin, http.MethodGet, url, "", http.StatusOK)
	var got struct{ AutoTransferNumber1 *string }
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.AutoTransferNumber1 == nil || *got.AutoTransferNumber1 != "+15550001234" {
		t.Errorf("after restart autoTransferNumber1 = %s", body)
	}
	if err := r2.stop(t); err != nil {
		t.Fatal(err)
	}
}

func firstLocation(t *testing.T, r *running) string {
	t.Helper()
	body := do(t, r.ready.Tokens.FullAdmin, http.MethodGet, r.ready.BaseURL+"/locations?max=1", "", http.StatusOK)
	var l struct {
		Items []struct{ ID string } `json:"items"`
	}
	if err := json.Unmarshal(body, &l); err != nil || len(l.Items) == 0 {
		t.Fatalf("GET locations: %v %s", err, body)
	}
	return l.Items[0].ID
}

func do(t *testing.T, token, method, url, body string, want int) []byte {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, url, resp.StatusCode, want, b)
	}
	return b
}

func TestCorruptStateFile(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.db")
	if err := os.WriteFile(state, bytes.Repeat([]byte("not a bbolt file "), 512), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := New()
	cmd.SetArgs([]string{"--listen", "127.0.0.1:0", "--state", state})
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		t.Fatal("corrupt state file: want an error")
	}
	if ctx.Err() != nil {
		t.Fatal("command blocked instead of failing on a corrupt state file")
	}
	if !strings.Contains(err.Error(), "start emulator") {
		t.Errorf("error %q does not say what failed", err)
	}
	if !errors.Is(err, emulator.ErrStateFileUnusable) || !strings.Contains(err.Error(), "check-state") {
		t.Errorf("error %q does not match emulator.ErrStateFileUnusable (exit 7) or lacks the check-state hint", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout has output on failure: %q", stdout.String())
	}
}

func TestFlagsMapToOptions(t *testing.T) {
	var got *options
	cmd := newCmd(func(o *options) error { got = o; return nil })
	cmd.SetArgs([]string{
		"--listen", "[::1]:9000", "--state", "s.db", "--demo", "--seed", "seed.yaml",
		"--people", "7", "--workspaces", "3", "--virtual-lines", "2", "--locations", "4",
		"--latency", "20ms", "--jitter", "5ms", "--rate-limit", "50", "--rate-burst", "10",
		"--fault-rate", "0.01", "--fault-seed", "42", "--api-era", "2024", "--max-access-codes", "100",
		"--legacy-person-transfer-path", "--custom-off", "clear", "--strict-required", "--log-format", "json", "--log-level", "debug",
	})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Listen != "[::1]:9000" {
		t.Errorf("Listen = %q", got.Listen)
	}
	want := emulator.Options{
		APIEra: "2024", StatePath: "s.db", Demo: true, SeedFile: "seed.yaml",
		Locations: 4, People: 7, Workspaces: 3, VirtualLines: 2,
		Latency: 20 * time.Millisecond, Jitter: 5 * time.Millisecond,
		RateLimit: 50, RateBurst: 10, FaultRate: 0.01, FaultSeed: 42, MaxAccessCodes: 100,
		LegacyPersonTransferPath: true, CustomOff: emulator.CustomOffClear, StrictRequired: true,
		ReadHeaderTimeout: emulator.DefaultReadHeaderTimeout, ReadTimeout: emulator.DefaultReadTimeout,
		WriteTimeout: emulator.DefaultWriteTimeout, IdleTimeout: emulator.DefaultIdleTimeout,
		MaxConns: emulator.DefaultMaxConns,
	}
	if diff := cmp.Diff(want, got.emulatorOptions(nil)); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

func TestDefaults(t *testing.T) {
	var got *options
	cmd := newCmd(func(o *options) error { got = o; return nil })
	cmd.SetArgs(nil)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := &options{Listen: "127.0.0.1:8080", LogFormat: "text", LogLevel: "info", Options: emulator.Options{
		FaultSeed: 1, APIEra: "current", CustomOff: "keep", StrictRequired: false,
		ReadHeaderTimeout: emulator.DefaultReadHeaderTimeout, ReadTimeout: emulator.DefaultReadTimeout,
		WriteTimeout: emulator.DefaultWriteTimeout, IdleTimeout: emulator.DefaultIdleTimeout,
		MaxConns: emulator.DefaultMaxConns}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string // substring
	}{
		{"all interfaces", []string{"--listen", ":8080"}, "not a loopback"},
		{"zero address", []string{"--listen", "0.0.0.0:8080"}, "not a loopback"},
		{"lan address", []string{"--listen", "192.168.1.5:8080"}, "--allow-remote"},
		{"host name", []string{"--listen", "example.com:80"}, "not a loopback"},
		{"no port", []string{"--listen", "127.0.0.1"}, "host:port"},
		{"empty port", []string{"--listen", "127.0.0.1:"}, "missing port"},
		{"bad era", []string{"--api-era", "2019"}, "--api-era"},
		{"bad custom-off", []string{"--custom-off", "wipe"}, "--custom-off"},
		{"bad log format", []string{"--log-format", "xml"}, "--log-format"},
		{"bad log level", []string{"--log-level", "loud"}, "--log-level"},
		{"negative people", []string{"--people", "-1"}, "--people"},
		{"negative latency", []string{"--latency", "-1s"}, "--latency"},
		{"fault rate above 1", []string{"--fault-rate", "1.5"}, "--fault-rate"},
		{"negative rate limit", []string{"--rate-limit", "-3"}, "--rate-limit"},
		{"negative read timeout", []string{"--read-timeout", "-1s"}, "--read-timeout"},
		{"negative idle timeout", []string{"--idle-timeout", "-1s"}, "--idle-timeout"},
		{"negative max conns", []string{"--max-conns", "-1"}, "--max-conns"},
		{"not a number", []string{"--people", "many"}, "invalid argument"},
		{"not a duration", []string{"--jitter", "5"}, "invalid argument"},
		{"unknown flag", []string{"--nope"}, "unknown flag"},
		{"positional argument", []string{"extra"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			cmd := newCmd(func(*options) error { called = true; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			err := cmd.Execute()
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			var ue *UsageError
			if strings.HasPrefix(tt.wantErr, "--") || strings.Contains(tt.wantErr, "loopback") || strings.Contains(tt.wantErr, "port") {
				if !errors.As(err, &ue) {
					t.Errorf("validation error %v is not a *UsageError", err)
				}
			}
			if called {
				t.Error("run was called despite the bad flag")
			}
		})
	}
}

func TestAllowRemote(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.168.1.5:80"} {
		if err := checkListen(addr, true); err != nil {
			t.Errorf("checkListen(%q, allowRemote) = %v", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "127.1.2.3:80", "[::1]:0", "localhost:8080", "LOCALHOST:1"} {
		if err := checkListen(addr, false); err != nil {
			t.Errorf("checkListen(%q) = %v", addr, err)
		}
	}
}

func TestHelpHasExampleAndFlagUsage(t *testing.T) {
	cmd := New()
	if cmd.Example == "" {
		t.Error("no Example")
	}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if strings.TrimSpace(f.Usage) == "" {
			t.Errorf("flag --%s has no help text", f.Name)
		}
	})
}

// runToError runs the command and expects it to fail without printing a ready line.
func runToError(t *testing.T, args ...string) error {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := New()
	cmd.SetArgs(args)
	cmd.SetOut(&stdout)
	cmd.SetErr(&stderr)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		t.Fatalf("%v: want an error", args)
	}
	if ctx.Err() != nil {
		t.Fatalf("%v: blocked instead of failing", args)
	}
	if stdout.Len() != 0 {
		t.Errorf("%v: stdout has output on failure: %q", args, stdout.String())
	}
	return err
}

func TestBadSeedFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "seed.yaml")
	if err := os.WriteFile(bad, []byte("orgs: [ {name: \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := runToError(t, "--listen", "127.0.0.1:0", "--seed", bad)
	if !strings.Contains(err.Error(), "start emulator") {
		t.Errorf("error %q does not say what failed", err)
	}
	err = runToError(t, "--listen", "127.0.0.1:0", "--seed", filepath.Join(dir, "missing.yaml"))
	if !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestPortInUse(t *testing.T) {
	r := start(t, "--listen", "127.0.0.1:0")
	addr := strings.TrimSuffix(strings.TrimPrefix(r.ready.BaseURL, "http://"), "/v1")
	err := runToError(t, "--listen", addr)
	if !strings.Contains(err.Error(), "listen on "+addr) {
		t.Errorf("error %q does not name the address", err)
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
}

// TestLimitFlags: a connection limit of 0 on the command line is "no limit", the
// emulator's -1 (its 0 would be the default).
func TestLimitFlags(t *testing.T) {
	var got *options
	cmd := newCmd(func(o *options) error { got = o; return nil })
	cmd.SetArgs([]string{"--read-header-timeout", "0", "--read-timeout", "2s", "--write-timeout", "0s", "--idle-timeout", "1m", "--max-conns", "0"})
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	o := got.emulatorOptions(nil)
	if o.ReadHeaderTimeout != -1 || o.ReadTimeout != 2*time.Second || o.WriteTimeout != -1 || o.IdleTimeout != time.Minute || o.MaxConns != -1 {
		t.Errorf("limits = %v %v %v %v %v, want -1ns 2s -1ns 1m0s -1", o.ReadHeaderTimeout, o.ReadTimeout, o.WriteTimeout, o.IdleTimeout, o.MaxConns)
	}
	if f := cmd.Flags().Lookup("max-conns"); f.Value.String() != "0" || f.DefValue != "512" || f.Value.Type() != "int" {
		t.Errorf("--max-conns shows %q (default %q, type %q)", f.Value.String(), f.DefValue, f.Value.Type())
	}
}
