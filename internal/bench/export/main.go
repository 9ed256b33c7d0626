// Command export is the benchmark harness for `wxc export` (docs/BENCHMARKS.md).
//
// It builds the wxc binary, starts the emulator in this process on 127.0.0.1 with many people
// and a fixed latency per request, and runs `wxc export --kind person` as a child process at
// several concurrencies. For each run it reports the API requests the emulator served, the
// floor requests × latency / concurrency (or requests / rate with the emulator's rate limit
// on), the measured wall time and its ratio to the floor, the failed entities and the child's
// peak RSS (getrusage maxrss).
//
//	go run ./internal/bench/export                      # full run, prints a markdown report
//	go run ./internal/bench/export -people 2000 -c1-people 200 -out -   # quick look
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/bench/benchutil"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/export:", err)
		os.Exit(1)
	}
}

type config struct {
	people      int
	c1People    int
	latency     time.Duration
	concs       []int
	rate        float64
	rateConc    int
	ratePeople  int
	out         string
	wxcBin      string
	commandLine string
}

type result struct {
	name        string
	people      int
	concurrency int
	rate        float64
	requests    int64 // answered without 429
	limited     int64 // answered 429
	floor       time.Duration
	wall        time.Duration
	records     int
	failed      int
	exitCode    int
	peakRSSKB   int64
	cpu         time.Duration // user+system CPU time of the wxc process
	emuCPU      time.Duration // user+system CPU time of this process (the emulator) during the run
	load        string        // /proc/loadavg after the run
}

func run() error {
	var cfg config
	var concs string
	flag.IntVar(&cfg.people, "people", 10000, "people in the emulator org (exported at concurrency >= 10)")
	flag.IntVar(&cfg.c1People, "c1-people", 500, "people for the concurrency-1 run (scaled down: 10,000 would take over 30 minutes)")
	flag.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "emulator latency per request")
	flag.StringVar(&concs, "concurrency", "1,10,50,100", "comma-separated concurrencies")
	flag.Float64Var(&cfg.rate, "rate", 500, "emulator rate limit (requests/s per token) for the rate-limited run; 0 skips it")
	flag.IntVar(&cfg.rateConc, "rate-concurrency", 50, "concurrency of the rate-limited run")
	flag.IntVar(&cfg.ratePeople, "rate-people", 10000, "people in the rate-limited run")
	flag.StringVar(&cfg.out, "out", "-", "markdown report file (- for stdout)")
	flag.StringVar(&cfg.wxcBin, "wxc", "", "wxc binary to run (default: go build ./cmd/wxc into a temp dir)")
	flag.Parse()
	cfg.commandLine = "go run ./internal/bench/export " + strings.Join(os.Args[1:], " ")
	for _, s := range strings.Split(concs, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-concurrency: bad value %q", s)
		}
		cfg.concs = append(cfg.concs, n)
	}

	tmp, err := os.MkdirTemp("", "wxc-bench-export-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if cfg.wxcBin == "" {
		if cfg.wxcBin, err = benchutil.BuildWxc(tmp); err != nil {
			return err
		}
	}

	var results []result
	for _, c := range cfg.concs {
		n := cfg.people
		if c == 1 {
			n = cfg.c1People
		}
		r, err := measure(tmp, cfg, fmt.Sprintf("latency %v", cfg.latency), n, c, 0)
		if err != nil {
			return err
		}
		results = append(results, r)
		printResult(os.Stderr, r)
	}
	if cfg.rate > 0 {
		r, err := measure(tmp, cfg, fmt.Sprintf("rate limit %g/s, latency %v", cfg.rate, cfg.latency), cfg.ratePeople, cfg.rateConc, cfg.rate)
		if err != nil {
			return err
		}
		results = append(results, r)
		printResult(os.Stderr, r)
	}
	report := markdown(cfg, results)
	if cfg.out == "-" {
		fmt.Print(report)
		return nil
	}
	fmt.Print(report)
	return os.WriteFile(cfg.out, []byte(report), 0o644)
}

// measure runs one export against a fresh emulator.
func measure(tmp string, cfg config, name string, people, conc int, rate float64) (result, error) {
	r := result{name: name, people: people, concurrency: conc, rate: rate}
	srv, err := emulator.New(emulator.Options{People: people, Latency: cfg.latency, RateLimit: rate})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	baseURL, counts, stop, err := benchutil.Counting(srv.Handler())
	if err != nil {
		return r, err
	}
	defer stop()

	failures := filepath.Join(tmp, fmt.Sprintf("failures-%d-%d.jsonl", conc, people))
	cmd := exec.Command(cfg.wxcBin, "--base-url", baseURL, "--token", srv.Tokens().FullAdmin, "--quiet",
		"export", "--kind", "person", "--concurrency", strconv.Itoa(conc), "--failures", failures)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cpu0 := benchutil.SelfCPU()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		r.records++
	}
	werr := cmd.Wait()
	r.wall = time.Since(start)
	r.emuCPU = benchutil.SelfCPU() - cpu0
	r.load = benchutil.LoadAvg()
	if r.exitCode, err = benchutil.ExitCode(werr); err != nil {
		return r, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSSKB = ru.Maxrss // kilobytes on Linux
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if r.exitCode != 0 && r.exitCode != 3 {
		return r, fmt.Errorf("wxc export exited %d: %s", r.exitCode, stderr.String())
	}
	if b, err := os.ReadFile(failures); err == nil {
		r.failed = bytes.Count(b, []byte("\n"))
	}
	r.limited = counts.Throttled.Load()
	r.requests = counts.Requests.Load() - r.limited
	r.floor = time.Duration(float64(r.requests) * float64(cfg.latency) / float64(conc))
	if rate > 0 {
		if rf := time.Duration(float64(r.requests) / rate * float64(time.Second)); rf > r.floor {
			r.floor = rf
		}
	}
	return r, nil
}

func printResult(w io.Writer, r result) {
	fmt.Fprintf(w, "%-32s people=%-6d c=%-4d requests=%-6d 429s=%-5d floor=%-8v wall=%-8v ratio=%.3f records=%d failed=%d rss=%.1fMB cpu=%v emu-cpu=%v load=%s\n",
		r.name, r.people, r.concurrency, r.requests, r.limited, r.floor.Round(time.Millisecond), r.wall.Round(time.Millisecond),
		ratio(r), r.records, r.failed, float64(r.peakRSSKB)/1024, r.cpu.Round(time.Millisecond), r.emuCPU.Round(time.Millisecond), r.load)
}

func ratio(r result) float64 { return r.wall.Seconds() / r.floor.Seconds() }

func markdown(cfg config, rs []result) string {
	var b strings.Builder
	b.WriteString("# Benchmark: `wxc export`\n\n")
	b.WriteString("Generated by the harness `internal/bench/export` (not a timed test). Command:\n\n")
	fmt.Fprintf(&b, "```\n%s\n```\n\n", strings.TrimSpace(cfg.commandLine))
	fmt.Fprintf(&b, "Date: %s. Machine: %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), benchutil.Machine())
	b.WriteString(`Setup: the emulator runs in the harness process on 127.0.0.1 with N people (default
locations, workspaces and virtual lines are not exported: ` + "`--kind person`" + `) and a fixed latency per
request. ` + "`wxc export --kind person --concurrency C`" + ` runs as a child process (a binary built with
` + "`go build ./cmd/wxc`" + `), its JSON lines are counted, and its peak RSS is getrusage's maxrss.
Each person costs four GETs (outgoing permissions, transfer numbers, access codes, digit
patterns), plus the paged people and location lists. "Requests" is what the emulator served
without a 429 ("429s": rate-limit rejections, retried by the SDK, not counted in the floor);
the floor is requests × latency / concurrency, or requests / rate when the rate limit is on
(whichever is larger). The concurrency-1 run exports fewer people, because 10,000 people at
50 ms would take over half an hour; its ratio is what matters.

Target: within 10% of the floor (ratio ≤ 1.10), zero failed entities, peak RSS under 150 MB.

| Scenario | People | Concurrency | Requests | 429s | Floor | Wall | Ratio | Records | Failed | Peak RSS | wxc CPU | emulator CPU | load avg |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
`)
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %v | %v | %.3f | %d | %d | %.1f MB | %v | %v | %s |\n", r.name, r.people, r.concurrency,
			r.requests, r.limited, r.floor.Round(10*time.Millisecond), r.wall.Round(10*time.Millisecond), ratio(r), r.records, r.failed,
			float64(r.peakRSSKB)/1024, r.cpu.Round(10*time.Millisecond), r.emuCPU.Round(10*time.Millisecond), r.load)
	}
	return b.String()
}
