package cli

import (
	"bytes"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
)

// countingTransport counts the answers it carries by status.
type countingTransport struct {
	mu       sync.Mutex
	byStatus map[int]int
	total    int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total++
	if err == nil {
		if c.byStatus == nil {
			c.byStatus = map[int]int{}
		}
		c.byStatus[resp.StatusCode]++
	}
	return resp, err
}

var summaryLine = regexp.MustCompile(`(?m)^requests: ([0-9,]+) \(([0-9,]+) attempts; ([0-9,]+) retried: ([^)]*)\); waits summed over requests: ([0-9.]+) s throttled, ([0-9.]+) s in backoff$`)

// TestExportPrintsRequestSummary: export against an emulator with a small rate limit
// prints the request summary on stderr, with the 429s the wire carried, and with --debug
// the answers by status (--quiet: TestProgressOnlyOnTerminalStderr).
func TestExportPrintsRequestSummary(t *testing.T) {
	t.Parallel()
	emu := demo(t, func(o *emulator.Options) { o.RateLimit, o.RateBurst = 100, 2 })
	exportWith := func(extra ...string) (cliResult, *countingTransport) {
		var out, errOut bytes.Buffer
		ct := &countingTransport{}
		f := cmdutil.NewFactory(&cmdutil.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
		f.Getenv = func(string) string { return "" }
		f.HTTPTransport = ct
		args := append([]string{"--base-url", emu.BaseURL, "--token", emu.Tokens.FullAdmin, "--concurrency", "10"}, extra...)
		args = append(args, "export", "--kind", "location", "--failures", filepath.Join(t.TempDir(), "f"))
		return cliResult{run(t.Context(), args, f), out.String(), errOut.String()}, ct
	}
	num := func(s string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
		if err != nil {
			t.Fatalf("number %q: %v", s, err)
		}
		return n
	}

	r, ct := exportWith("--debug")
	mustOK(t, r)
	m := summaryLine.FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no request summary with retries on stderr:\n%s", r.stderr)
	}
	t.Logf("%s", m[0])
	requests, attempts, retried := num(m[1]), num(m[2]), num(m[3])
	ct.mu.Lock()
	wire, wire429 := ct.total, ct.byStatus[429]
	ct.mu.Unlock()
	if wire429 == 0 {
		t.Fatal("the emulator's rate limit answered no 429; the test shows nothing")
	}
	if attempts != wire || retried != attempts-requests || requests <= 0 {
		t.Errorf("requests %d, attempts %d, retried %d; the wire carried %d attempts", requests, attempts, retried, wire)
	}
	if !strings.Contains(m[4], strconv.Itoa(wire429)+"× 429") {
		t.Errorf("retried breakdown %q, want %d× 429", m[4], wire429)
	}
	if !strings.Contains(r.stderr, "\nanswers: ") || !strings.Contains(r.stderr, "× 429; 429s: "+strconv.Itoa(wire429)+";") {
		t.Errorf("--debug: no answers-by-status line with %d 429s:\n%s", wire429, r.stderr)
	}

}
