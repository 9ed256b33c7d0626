package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary be the server process of runs with ServerProcess (the
// harness starts its own binary as the server).
func TestMain(m *testing.M) {
	if setup := os.Getenv(serveEnv); setup != "" {
		os.Exit(serveChild(setup, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestServerProcess runs the same small bucket-of-one run against a server in a child
// process and in this one: every request succeeds, and the counts the run reports are the
// server's own (a child's come over GET /counts).
func TestServerProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("runs about a second")
	}
	t.Parallel()
	for _, proc := range []bool{true, false} {
		cfg := config{Requests: 60, Rate: 100, Burst: 1, Latency: 2 * time.Millisecond, InFlight: 10,
			Client: "wxc", RetryAfter: raAbsent, ServerProcess: proc}
		res, err := run(t.Context(), cfg, io.Discard)
		if err != nil {
			t.Fatalf("server process %v: %v", proc, err)
		}
		if res.OK != 60 || res.Failed != 0 || res.Responses != res.OK+res.Throttled {
			t.Errorf("server process %v: %+v", proc, res)
		}
		if res.Stats.RateLimited != res.Throttled || res.Stats.Attempts != res.Responses {
			t.Errorf("server process %v: Stats() %d 429s of %d attempts, server %d of %d",
				proc, res.Stats.RateLimited, res.Stats.Attempts, res.Throttled, res.Responses)
		}
	}
}

// TestServeChildBadSetup: a child given a setup it cannot serve says so and exits 2.
func TestServeChildBadSetup(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := serveChild(`{"rate":0}`, strings.NewReader(""), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), serveEnv) {
		t.Errorf("exit %d, stderr %q", code, errOut.String())
	}
	// A good setup serves until stdin closes (here: at once) and exits 0.
	out.Reset()
	if code := serveChild(`{"rate":10,"burst":1}`, strings.NewReader(""), &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "http://127.0.0.1:") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

func TestBucketServer(t *testing.T) {
	t.Parallel()
	s := newBucketServer(10, 2, 0, raAuto)
	now := time.Now()
	if ok, _ := s.take(now); !ok {
		t.Fatal("first token refused")
	}
	if ok, _ := s.take(now); !ok {
		t.Fatal("second token refused")
	}
	ok, ra := s.take(now)
	if ok || ra != 1 {
		t.Fatalf("empty bucket: ok=%v retryAfter=%d, want false 1", ok, ra)
	}
	if ok, _ := s.take(now.Add(100 * time.Millisecond)); !ok {
		t.Error("token not refilled after 1/rate")
	}
	slow := newBucketServer(0.1, 1, 0, raAuto)
	slow.take(now)
	if _, ra := slow.take(now); ra != 10 {
		t.Errorf("retryAfter at 0.1/s = %d, want 10", ra)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /v1/people/{id}", newBucketServer(1, 1, 0, raAuto))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	codes := []int{}
	for range 2 {
		resp, err := http.Get(srv.URL + "/v1/people/p1")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") != "1" {
			t.Errorf("Retry-After = %q", resp.Header.Get("Retry-After"))
		}
	}
	if codes[0] != 200 || codes[1] != 429 {
		t.Errorf("codes = %v, want [200 429]", codes)
	}
}

// TestRunSmall runs a scaled-down benchmark end to end: every request must succeed through
// the SDK's retries. Timing is not asserted (shared CI machines); the command prints it.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs about 2 seconds")
	}
	t.Parallel()
	var out, errOut bytes.Buffer
	code := realMain(t.Context(), []string{"-requests", "300", "-rate", "200", "-latency", "10ms", "-inflight", "30", "-json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errOut.String())
	}
	var res result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if res.OK != 300 || res.Failed != 0 || res.Responses != res.OK+res.Throttled {
		t.Errorf("result = %+v", res)
	}
}

func TestFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := realMain(t.Context(), []string{"-requests", "0"}, &out, &errOut); code != 2 {
		t.Errorf("exit %d for -requests 0, want 2", code)
	}
	if code := realMain(t.Context(), []string{"-nope"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "nope") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errOut.String())
	}
}

func TestMatrixFlagsAndCells(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := realMain(t.Context(), []string{"-quick"}, &out, &errOut); code != 2 {
		t.Errorf("-quick without -matrix: exit %d, want 2", code)
	}
	if code := realMain(t.Context(), []string{"-retry-after", "soon"}, &out, &errOut); code != 2 {
		t.Errorf("-retry-after soon: exit %d, want 2", code)
	}
	if code := realMain(t.Context(), []string{"-matrix", "-parallel", "0"}, &out, &errOut); code != 2 {
		t.Errorf("-parallel 0: exit %d, want 2", code)
	}
	all := matrixCells(false)
	if len(all) != 36 {
		t.Errorf("matrix has %d cells, want 36", len(all))
	}
	found := false
	for _, c := range matrixCells(true) {
		found = found || (c.Rate == 200 && c.Bucket == 20 && c.InFlight == 100)
		if c.floor() != 20*time.Second {
			t.Errorf("cell %+v: floor %v, want 20s", c, c.floor())
		}
	}
	if !found {
		t.Error("-quick lacks the 200 req/s, bucket 20, 100 in flight cell")
	}
}

func TestVerdict(t *testing.T) {
	t.Parallel()
	c := cell{Rate: 10, Bucket: 1, RetryAfter: 5, InFlight: 10}
	ok := &cellResult{Cell: c, WXC: &result{ElapsedSeconds: 26, OK: 200, Throttled: 20}, Model: &result{ElapsedSeconds: 100}}
	ok.WXC.Stats.ByStatus = map[int]int64{200: 200, 429: 20}
	ok.WXC.Stats.RateLimited = 20
	ok.verdict()
	if ok.Verdict != "ok" {
		t.Errorf("verdict = %q, want ok", ok.Verdict)
	}
	bad := &cellResult{Cell: c, WXC: &result{ElapsedSeconds: 28, OK: 200, Throttled: 21, Failed: 1}, Model: &result{ElapsedSeconds: 27}}
	bad.verdict()
	for _, want := range []string{"wall 28.0s > 27.0s", "21 429s > 20", "1 failed", "slower than the model", "Stats()"} {
		if !strings.Contains(bad.Verdict, want) {
			t.Errorf("verdict %q lacks %q", bad.Verdict, want)
		}
	}
}

// TestOraclePacer: the oracle's copy of the bucket admits its burst at once, then one
// request per 1/rate (a token bucket: one that went late leaves the next a shorter gap,
// as the server's own bucket does).
func TestOraclePacer(t *testing.T) {
	t.Parallel()
	p := newOraclePacer(200, 2) // 5 ms apart after a burst of two
	var at []time.Time
	for range 8 {
		if err := p.acquire(t.Context()); err != nil {
			t.Fatal(err)
		}
		at = append(at, time.Now())
	}
	if d := at[1].Sub(at[0]); d > 2*time.Millisecond {
		t.Errorf("the burst of two took %v", d)
	}
	// Tokens 3 to 8 come 5, 10, ..., 30 ms after the start.
	if d := at[7].Sub(at[0]); d < 30*time.Millisecond-100*time.Microsecond || d > 45*time.Millisecond {
		t.Errorf("8 acquisitions at 200/s with a burst of 2 took %v, want about 30ms", d)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p2 := newOraclePacer(0.1, 1)
	_ = p2.acquire(t.Context())
	if err := p2.acquire(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire after cancel = %v, want context.Canceled", err)
	}
}

// TestOracleRun runs the oracle end to end on a small cell: every request succeeds, and a
// spacing of 1 against a bucket as large as the run is never refused.
func TestOracleRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs about a second")
	}
	t.Parallel()
	cfg := config{Requests: 100, Rate: 200, Burst: 100, Latency: 5 * time.Millisecond, InFlight: 10, Client: "oracle", Spacing: 1, RetryAfter: 1}
	res, err := run(t.Context(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 100 || res.Failed != 0 || res.Throttled != 0 {
		t.Errorf("oracle: %d ok, %d 429, %d failed; want 100, 0, 0", res.OK, res.Throttled, res.Failed)
	}
}

func TestFrontierFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := realMain(t.Context(), []string{"-frontier", "-spacings", "0.9"}, &out, &errOut); code != 2 {
		t.Errorf("-spacings 0.9: exit %d, want 2", code)
	}
	if code := realMain(t.Context(), []string{"-frontier", "-inflight", "7"}, &out, &errOut); code != 2 {
		t.Errorf("-frontier -inflight 7: exit %d, want 2", code)
	}
	if got, err := parseSpacings("1, 1.05,1.2"); err != nil || len(got) != 3 || got[1] != 1.05 {
		t.Errorf("parseSpacings = %v, %v", got, err)
	}
	if n := len(frontierCells()); n != 6 {
		t.Errorf("%d frontier cells, want 6", n)
	}
}
