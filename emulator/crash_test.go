package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// crashReady is the `wxc emulator` ready line.
type crashReady struct {
	BaseURL string `json:"baseUrl"`
	OrgID   string `json:"orgId"`
	Tokens  struct {
		FullAdmin string `json:"fullAdmin"`
	} `json:"tokens"`
}

// emuProc is a `wxc emulator` child process.
type emuProc struct {
	cmd    *exec.Cmd
	ready  crashReady
	stderr *bytes.Buffer
	exited chan struct{}
	err    error // Wait result, valid after exited is closed
}

// buildWXC builds the real binary from the module root into a temp dir. WXC_TEST_BINARY
// names an already built binary to use instead.
func buildWXC(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("WXC_TEST_BINARY"); bin != "" {
		return bin
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "wxc")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", bin, "./cmd/wxc")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/wxc: %v\n%s", err, out)
	}
	return bin
}

// startEmu starts `wxc emulator` and waits (bounded) for its ready line.
func startEmu(t *testing.T, bin string, args ...string) *emuProc {
	t.Helper()
	p := &emuProc{stderr: &bytes.Buffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(bin, append([]string{"emulator"}, args...)...)
	p.cmd.Stderr = &lockedWriter{w: p.stderr}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start wxc emulator: %v", err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout) // keep the pipe drained
	}()
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	select {
	case line, ok := <-lines:
		if !ok {
			<-p.exited
			t.Fatalf("wxc emulator exited without a ready line (%v); stderr:\n%s", p.err, p.stderrString())
		}
		if err := json.Unmarshal([]byte(line), &p.ready); err != nil || p.ready.BaseURL == "" {
			t.Fatalf("bad ready line %q: %v", line, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("no ready line within 60s; stderr:\n%s", p.stderrString())
	}
	return p
}

func (p *emuProc) stderrString() string {
	return p.cmd.Stderr.(*lockedWriter).String()
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

// rawCall sends one JSON request and returns status and body; err is a transport error.
func rawCall(ctx context.Context, c *http.Client, token, method, url string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, b, nil
}

func mustCall(t *testing.T, c *http.Client, token, method, url string, body any, want int) []byte {
	t.Helper()
	status, b, err := rawCall(t.Context(), c, token, method, url, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if status != want {
		t.Fatalf("%s %s = %d, want %d: %s", method, url, status, want, b)
	}
	return b
}

type crashNumbers struct {
	AutoTransferNumber1 *string `json:"autoTransferNumber1"`
	AutoTransferNumber2 *string `json:"autoTransferNumber2"`
	AutoTransferNumber3 *string `json:"autoTransferNumber3"`
}

func (n crashNumbers) String() string {
	s := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	return s(n.AutoTransferNumber1) + "|" + s(n.AutoTransferNumber2) + "|" + s(n.AutoTransferNumber3)
}

func crashNumbersFor(g, seq int) crashNumbers {
	v := func(k int) *string { s := fmt.Sprintf("+1%02d%06d%d", g, seq, k); return &s }
	return crashNumbers{v(1), v(2), v(3)}
}

type crashPattern struct {
	ID              string `json:"id,omitempty"`
	Name            string `json:"name"`
	Pattern         string `json:"pattern"`
	Action          string `json:"action"`
	TransferEnabled bool   `json:"transferEnabled"`
}

func crashPatternFor(g, seq int) crashPattern {
	return crashPattern{Name: fmt.Sprintf("crash-%d-%d", g, seq), Pattern: fmt.Sprintf("9%02d%04d", g, seq), Action: "BLOCK"}
}

// crashWriter is what one writer goroutine did.
type crashWriter struct {
	person        string
	initial       crashNumbers
	initialDP     map[string]crashPattern // by ID
	lastAckedPut  int                     // 0 = none
	inflightPut   int                     // 0 = none; a PUT sent whose answer never came
	ackedPatterns map[string]crashPattern // by ID
	inflightDP    *crashPattern
	fatal         string // unexpected answer (not a transport error)
}

// TestCrashRecovery SIGKILLs `wxc emulator --state` in the middle of concurrent writes and
// checks, after a restart on the same file, that every acknowledged write is there and that
// nothing is half-written.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary; skipped with -short")
	}
	const (
		writers   = 8
		maxIter   = 400 // per writer; at most 200 digit patterns per person (limit 500)
		killAfter = 600 // acknowledged writes before SIGKILL
	)
	bin := buildWXC(t)
	state := filepath.Join(t.TempDir(), "state.db")
	args := []string{"--state", state, "--listen", "127.0.0.1:0", "--people", "16", "--log-level", "warn"}
	p := startEmu(t, bin, args...)
	hc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: writers}}
	defer hc.CloseIdleConnections()
	base, tok := p.ready.BaseURL, p.ready.Tokens.FullAdmin

	var people struct {
		Items []struct {
			ID         string `json:"id"`
			LocationID string `json:"locationId"`
		} `json:"items"`
	}
	if err := json.Unmarshal(mustCall(t, hc, tok, "GET", base+"/people?callingData=true&max=100", nil, 200), &people); err != nil {
		t.Fatal(err)
	}
	var ws []*crashWriter
	for _, it := range people.Items {
		if it.LocationID != "" && len(ws) < writers {
			ws = append(ws, &crashWriter{person: it.ID, ackedPatterns: map[string]crashPattern{}})
		}
	}
	if len(ws) < 2 {
		t.Fatalf("need at least 2 calling people, got %d", len(ws))
	}
	numURL := func(base, id string) string {
		return base + "/telephony/config/people/" + id + "/outgoingPermission/autoTransferNumbers"
	}
	dpURL := func(base, id string) string {
		return base + "/telephony/config/people/" + id + "/outgoingPermission/digitPatterns"
	}
	readPatterns := func(base, tok, id string) map[string]crashPattern {
		var l struct {
			DigitPatterns []crashPattern `json:"digitPatterns"`
		}
		if err := json.Unmarshal(mustCall(t, hc, tok, "GET", dpURL(base, id), nil, 200), &l); err != nil {
			t.Fatal(err)
		}
		m := map[string]crashPattern{}
		for _, d := range l.DigitPatterns {
			if _, dup := m[d.ID]; dup {
				t.Errorf("person %s: digit pattern ID %s listed twice", id, d.ID)
			}
			m[d.ID] = d
		}
		return m
	}
	for _, w := range ws {
		if err := json.Unmarshal(mustCall(t, hc, tok, "GET", numURL(base, w.person), nil, 200), &w.initial); err != nil {
			t.Fatal(err)
		}
		w.initialDP = readPatterns(base, tok, w.person)
	}

	var acks atomic.Int64
	killNow := make(chan struct{})
	var killOnce sync.Once
	var wg sync.WaitGroup
	for g, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := 1; i <= maxIter; i++ {
				var status int
				var body []byte
				var err error
				if i%2 == 1 {
					w.inflightPut = i
					status, body, err = rawCall(ctx, hc, tok, "PUT", numURL(base, w.person), crashNumbersFor(g, i))
					if err != nil {
						return // the server is gone; this PUT may or may not have landed
					}
					if status != http.StatusNoContent && status != http.StatusOK {
						w.fatal = fmt.Sprintf("PUT numbers #%d = %d %s", i, status, body)
						return
					}
					w.lastAckedPut, w.inflightPut = i, 0
				} else {
					dp := crashPatternFor(g, i)
					w.inflightDP = &dp
					status, body, err = rawCall(ctx, hc, tok, "POST", dpURL(base, w.person), dp)
					if err != nil {
						return
					}
					var created struct {
						ID string `json:"id"`
					}
					if status != http.StatusCreated || json.Unmarshal(body, &created) != nil || created.ID == "" {
						w.fatal = fmt.Sprintf("POST digit pattern #%d = %d %s", i, status, body)
						return
					}
					dp.ID = created.ID
					w.ackedPatterns[dp.ID] = dp
					w.inflightDP = nil
				}
				if acks.Add(1) == killAfter {
					killOnce.Do(func() { close(killNow) })
				}
			}
		}()
	}
	allDone := make(chan struct{})
	go func() { wg.Wait(); close(allDone) }()
	select {
	case <-killNow:
	case <-allDone:
		t.Fatalf("writers finished after %d acks without reaching %d", acks.Load(), killAfter)
	case <-time.After(3 * time.Minute):
		t.Fatalf("only %d acks in 3 minutes", acks.Load())
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	select {
	case <-allDone:
	case <-time.After(2 * time.Minute):
		t.Fatal("writers did not stop after the kill")
	}
	<-p.exited
	hc.CloseIdleConnections()
	for g, w := range ws {
		if w.fatal != "" {
			t.Fatalf("writer %d: unexpected answer before the kill: %s", g, w.fatal)
		}
	}
	t.Logf("killed after %d acknowledged writes", acks.Load())

	// Restart on the same file and check.
	p2 := startEmu(t, bin, args...)
	base2, tok2 := p2.ready.BaseURL, p2.ready.Tokens.FullAdmin
	if p2.ready.OrgID != p.ready.OrgID {
		t.Errorf("orgId changed across the crash: %q -> %q", p.ready.OrgID, p2.ready.OrgID)
	}
	for g, w := range ws {
		var got crashNumbers
		if err := json.Unmarshal(mustCall(t, hc, tok2, "GET", numURL(base2, w.person), nil, 200), &got); err != nil {
			t.Fatal(err)
		}
		allowed := map[string]bool{}
		if w.lastAckedPut == 0 {
			allowed[w.initial.String()] = true
		} else {
			allowed[crashNumbersFor(g, w.lastAckedPut).String()] = true
		}
		if w.inflightPut != 0 {
			allowed[crashNumbersFor(g, w.inflightPut).String()] = true
		}
		if !allowed[got.String()] {
			t.Errorf("writer %d: transfer numbers after crash = %s; want one of %v (last acked PUT #%d)", g, got, allowed, w.lastAckedPut)
		}

		dps := readPatterns(base2, tok2, w.person)
		for id, want := range w.ackedPatterns {
			gotDP, ok := dps[id]
			if !ok {
				t.Errorf("writer %d: acknowledged digit pattern %s (%s) lost", g, id, want.Name)
				continue
			}
			if gotDP != want {
				t.Errorf("writer %d: digit pattern %s = %+v, want %+v", g, id, gotDP, want)
			}
		}
		extra := 0
		for id, d := range dps {
			if _, ok := w.ackedPatterns[id]; ok {
				continue
			}
			if init, ok := w.initialDP[id]; ok {
				if init != d {
					t.Errorf("writer %d: pre-existing digit pattern changed: %+v -> %+v", g, init, d)
				}
				continue
			}
			extra++
			if w.inflightDP == nil || d.Name != w.inflightDP.Name || d.Pattern != w.inflightDP.Pattern || d.Action != w.inflightDP.Action || d.TransferEnabled {
				t.Errorf("writer %d: unexpected digit pattern after crash: %+v (in flight: %+v)", g, d, w.inflightDP)
			}
		}
		if extra > 1 {
			t.Errorf("writer %d: %d unacknowledged digit patterns, at most 1 can be in flight", g, extra)
		}
		for id := range w.initialDP {
			if _, ok := dps[id]; !ok {
				t.Errorf("writer %d: pre-existing digit pattern %s lost", g, id)
			}
		}
	}

	// A clean shutdown exits 0.
	if err := p2.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p2.exited:
		if p2.err != nil {
			t.Errorf("exit after SIGTERM: %v; stderr:\n%s", p2.err, p2.stderrString())
		}
	case <-time.After(30 * time.Second):
		t.Error("no exit within 30s of SIGTERM")
	}
	if s := p2.stderrString(); strings.Contains(s, "panic") {
		t.Errorf("stderr mentions a panic:\n%s", s)
	}
}
