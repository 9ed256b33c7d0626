// Command allorgs is the benchmark harness of `wxc export --all-orgs` (docs/BENCHMARKS.md,
// "export --all-orgs").
//
// It builds the wxc binary, starts the emulator in this process on 127.0.0.1 with a partner
// and N generated customer orgs (emulator.Options.CustomerOrgs) of P people each and a fixed
// latency per request, and runs `wxc export --all-orgs` with the partner's token as a child
// process under /usr/bin/time -v. It reports the API requests the emulator served, the floor
// requests × latency / concurrency, the wall time and its ratio to the floor, the records
// per org, the failed entities, and the child's peak RSS as /usr/bin/time -v reports it.
//
//	go run ./internal/bench/allorgs                                  # 20 orgs x 2,000 people, 50 ms
//	go run ./internal/bench/allorgs -orgs 3 -people 200 -concurrency 20   # quick look
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/bench/benchutil"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/allorgs:", err)
		os.Exit(1)
	}
}

type config struct {
	orgs, people, concurrency int
	latency                   time.Duration
	wxcBin, timeBin, out      string
}

type result struct {
	requests   int64 // /v1 requests answered
	non2xx     int64 // of them not 2xx
	floor      time.Duration
	wall       time.Duration
	records    int
	perOrg     map[string]int
	failed     int
	exitCode   int
	peakRSSKB  int64
	rssSource  string
	cpu        time.Duration // user+system CPU of wxc
	emuCPU     time.Duration // user+system CPU of this process (the emulator) during the run
	loadBefore string
	loadAfter  string
	stderrTail string
}

func run() error {
	var cfg config
	flag.IntVar(&cfg.orgs, "orgs", 20, "customer orgs of the partner")
	flag.IntVar(&cfg.people, "people", 2000, "people per org (each org also has the default 3 locations, 4 workspaces, 3 virtual lines)")
	flag.IntVar(&cfg.concurrency, "concurrency", 50, "wxc --concurrency")
	flag.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "emulator latency per request")
	flag.StringVar(&cfg.wxcBin, "wxc", "", "wxc binary (default: go build ./cmd/wxc into a temp dir)")
	flag.StringVar(&cfg.timeBin, "time", "/usr/bin/time", "GNU time, run as `time -v wxc ...` for the peak RSS (\"\" = getrusage)")
	flag.StringVar(&cfg.out, "out", "-", "markdown report file (- for stdout)")
	flag.Parse()
	cmdLine := "go run ./internal/bench/allorgs " + strings.Join(os.Args[1:], " ")

	tmp, err := os.MkdirTemp("", "wxc-bench-allorgs-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if cfg.wxcBin == "" {
		if cfg.wxcBin, err = benchutil.BuildWxc(tmp); err != nil {
			return err
		}
	}
	r, err := measure(tmp, cfg)
	if err != nil {
		return err
	}
	rep := report(cfg, cmdLine, r)
	fmt.Fprint(os.Stderr, rep)
	if cfg.out == "-" {
		fmt.Print(rep)
		return nil
	}
	return os.WriteFile(cfg.out, []byte(rep), 0o644)
}

func measure(tmp string, cfg config) (result, error) {
	r := result{perOrg: map[string]int{}}
	srv, err := emulator.New(emulator.Options{CustomerOrgs: cfg.orgs, People: cfg.people, Latency: cfg.latency})
	if err != nil {
		return r, err
	}
	defer srv.Close()
	baseURL, counts, stop, err := benchutil.Counting(srv.Handler())
	if err != nil {
		return r, err
	}
	defer stop()

	failures := filepath.Join(tmp, "failures.jsonl")
	args := []string{"--base-url", baseURL, "--token", srv.Tokens().PartnerAdmin, "--quiet",
		"export", "--all-orgs", "--concurrency", strconv.Itoa(cfg.concurrency), "--failures", failures}
	var cmd *exec.Cmd
	if cfg.timeBin != "" {
		cmd = exec.Command(cfg.timeBin, append([]string{"-v", cfg.wxcBin}, args...)...)
		r.rssSource = "/usr/bin/time -v"
	} else {
		cmd = exec.Command(cfg.wxcBin, args...)
		r.rssSource = "getrusage maxrss"
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return r, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	r.loadBefore = benchutil.LoadAvg()
	cpu0 := benchutil.SelfCPU()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var rec struct {
			Kind    string `json:"kind"`
			OrgName string `json:"orgName"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Kind != "summary" {
			r.records++
			r.perOrg[rec.OrgName]++
		}
	}
	werr := cmd.Wait()
	r.wall = time.Since(start)
	r.emuCPU = benchutil.SelfCPU() - cpu0
	r.loadAfter = benchutil.LoadAvg()
	if r.exitCode, err = benchutil.ExitCode(werr); err != nil {
		return r, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		if cfg.timeBin == "" {
			r.peakRSSKB = ru.Maxrss
		}
	}
	if cfg.timeBin != "" {
		r.peakRSSKB = benchutil.ParseTimeV(stderr.String()).PeakRSSKB
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	r.stderrTail = strings.Join(lines[:min(len(lines), 3)], " | ")
	if r.exitCode != 0 {
		return r, fmt.Errorf("wxc export --all-orgs exited %d: %s", r.exitCode, stderr.String())
	}
	if b, err := os.ReadFile(failures); err == nil {
		r.failed = bytes.Count(b, []byte("\n"))
	}
	r.requests, r.non2xx = counts.Requests.Load(), counts.Non2xx.Load()
	r.floor = time.Duration(float64(r.requests) * float64(cfg.latency) / float64(cfg.concurrency))
	return r, nil
}

func report(cfg config, cmdLine string, r result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Command: `%s`\n\n", strings.TrimSpace(cmdLine))
	fmt.Fprintf(&b, "Date: %s. Machine: %s. Load average before/after: %s / %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), benchutil.Machine(), r.loadBefore, r.loadAfter)
	b.WriteString("| Orgs | People/org | Concurrency | Requests | non-2xx | Floor | Wall | Ratio | Records | Failed | Peak RSS | wxc CPU | emulator CPU |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %v | %v | %.3f | %d | %d | %.1f MB (%s) | %v | %v |\n",
		cfg.orgs, cfg.people, cfg.concurrency, r.requests, r.non2xx, r.floor.Round(10*time.Millisecond),
		r.wall.Round(10*time.Millisecond), r.wall.Seconds()/r.floor.Seconds(), r.records, r.failed,
		float64(r.peakRSSKB)/1024, r.rssSource, r.cpu.Round(10*time.Millisecond), r.emuCPU.Round(10*time.Millisecond))
	names := make([]string, 0, len(r.perOrg))
	for n := range r.perOrg {
		names = append(names, n)
	}
	sort.Strings(names)
	counts := map[int]int{}
	for _, n := range names {
		counts[r.perOrg[n]]++
	}
	fmt.Fprintf(&b, "\nRecords per org (records: orgs): %v over %d orgs.\n", counts, len(names))
	return b.String()
}
