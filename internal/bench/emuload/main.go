// Command emuload measures the emulator's throughput against a bare net/http handler.
//
// In one run it starts, all on 127.0.0.1:
//
//   - bare:   a plain net/http handler that answers the person outgoingPermission GET with the
//     same JSON bytes the emulator returns, and answers PUT with 204;
//   - memory: the emulator with in-memory state;
//   - bbolt:  the emulator with durable state (--state in a temp dir);
//
// then drives each with GET and PUT requests at several client concurrencies for a fixed
// duration per cell, using keep-alive connections, and prints a markdown table. It also
// measures emulator.New start-up time and memory with many seeded people.
//
//	go run ./internal/bench/emuload -duration 3s -clients 1,32 -people 100000
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "emuload:", err)
		os.Exit(1)
	}
}

type config struct {
	rounds     int
	duration   time.Duration
	clients    []int
	people     int
	cpuProfile string
	targets    map[string]bool
}

func run() error {
	var cfg config
	var clients, targets string
	flag.DurationVar(&cfg.duration, "duration", 3*time.Second, "measuring time per cell and round")
	flag.IntVar(&cfg.rounds, "rounds", 3, "rounds over all cells (interleaved, so drifting machine load hits every target alike); the table shows each cell's median round")
	flag.StringVar(&clients, "clients", "1,32", "comma-separated client concurrencies")
	flag.IntVar(&cfg.people, "people", 100000, "people for the start-up/memory measurement (0 = skip)")
	flag.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the load phase to this file")
	flag.StringVar(&targets, "targets", "bare,memory,bbolt", "comma-separated targets to load")
	flag.Parse()
	for _, s := range strings.Split(clients, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("-clients: bad value %q", s)
		}
		cfg.clients = append(cfg.clients, n)
	}
	cfg.targets = map[string]bool{}
	for _, s := range strings.Split(targets, ",") {
		switch s = strings.TrimSpace(s); s {
		case "bare", "memory", "bbolt":
			cfg.targets[s] = true
		default:
			return fmt.Errorf("-targets: unknown target %q", s)
		}
	}
	if cfg.rounds < 1 || cfg.rounds > 20 {
		return fmt.Errorf("-rounds must be in [1, 20]")
	}
	if cfg.duration <= 0 || cfg.duration > 5*time.Minute {
		return fmt.Errorf("-duration must be in (0, 5m]")
	}

	tmp, err := os.MkdirTemp("", "emuload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// Emulators first: the bare handler serves the bytes the emulator answers.
	mem, err := startEmulator(emulator.Options{})
	if err != nil {
		return fmt.Errorf("memory emulator: %w", err)
	}
	defer mem.close()
	durable, err := startEmulator(emulator.Options{StatePath: filepath.Join(tmp, "state.db")})
	if err != nil {
		return fmt.Errorf("bbolt emulator: %w", err)
	}
	defer durable.close()
	bare, err := startBare(mem)
	if err != nil {
		return fmt.Errorf("bare handler: %w", err)
	}
	defer bare.close()

	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}

	type row struct {
		target, op string
		clients    int
		runs       []result
	}
	var rows []*row
	all := []*target{bare, mem, durable}
	for _, tg := range all {
		if !cfg.targets[tg.name] {
			continue
		}
		for _, op := range []string{http.MethodGet, http.MethodPut} {
			for _, c := range cfg.clients {
				rows = append(rows, &row{target: tg.name, op: op, clients: c})
			}
		}
	}
	byName := map[string]*target{"bare": bare, "memory": mem, "bbolt": durable}
	for round := range cfg.rounds {
		for _, r := range rows {
			res, err := load(byName[r.target], r.op, r.clients, cfg.duration)
			if err != nil {
				return fmt.Errorf("%s %s c=%d: %w", r.target, r.op, r.clients, err)
			}
			r.runs = append(r.runs, res)
			fmt.Fprintf(os.Stderr, "round %d %-6s %-3s c=%-3d %9.0f req/s  p50 %-9s p99 %-9s errors %d\n",
				round+1, r.target, r.op, r.clients, res.rps(), res.p(50), res.p(99), res.errors)
		}
	}
	// median returns the run with the median req/s, and the min and max req/s.
	median := func(runs []result) (result, float64, float64) {
		s := slices.Clone(runs)
		slices.SortFunc(s, func(a, b result) int {
			switch {
			case a.rps() < b.rps():
				return -1
			case a.rps() > b.rps():
				return 1
			}
			return 0
		})
		return s[len(s)/2], s[0].rps(), s[len(s)-1].rps()
	}
	if cfg.cpuProfile != "" {
		pprof.StopCPUProfile()
	}

	fmt.Printf("Median of %d interleaved rounds of %s per cell (min-max req/s in brackets).\n\n", cfg.rounds, cfg.duration)
	fmt.Println("| target | op | clients | req/s | range | p50 | p99 | errors | vs bare |")
	fmt.Println("|---|---|---:|---:|---:|---:|---:|---:|---:|")
	base := map[string]float64{}
	for _, r := range rows {
		if r.target == "bare" {
			m, _, _ := median(r.runs)
			base[r.op+strconv.Itoa(r.clients)] = m.rps()
		}
	}
	for _, r := range rows {
		m, lo, hi := median(r.runs)
		errs := 0
		for _, x := range r.runs {
			errs += x.errors
		}
		ratio := "-"
		if b := base[r.op+strconv.Itoa(r.clients)]; b > 0 {
			ratio = fmt.Sprintf("%.0f%%", 100*m.rps()/b)
		}
		fmt.Printf("| %s | %s | %d | %.0f | %.0f-%.0f | %s | %s | %d | %s |\n", r.target, r.op, r.clients, m.rps(), lo, hi,
			m.p(50), m.p(99), errs, ratio)
	}
	mem.close()
	durable.close()
	bare.close()

	if cfg.people > 0 {
		fmt.Println()
		if err := measureStartup(cfg.people, tmp); err != nil {
			return err
		}
	}
	return nil
}

// result is the outcome of one load cell.
type result struct {
	ok, errors int
	elapsed    time.Duration
	lat        []time.Duration // sorted
}

func (r result) rps() float64 { return float64(r.ok) / r.elapsed.Seconds() }

func (r result) p(q int) string {
	if len(r.lat) == 0 {
		return "-"
	}
	i := min(len(r.lat)-1, len(r.lat)*q/100)
	return r.lat[i].Round(time.Microsecond).String()
}

var putBodies = [2][]byte{
	[]byte(`{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`),
	[]byte(`{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"ALLOW","transferEnabled":true}]}`),
}

// load runs clients goroutines against tg for d (after a short warm-up) and counts 2xx answers.
func load(tg *target, op string, clients int, d time.Duration) (result, error) {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	url := tg.url()
	one := func(i int) (bool, error) {
		var body []byte
		if op == http.MethodPut {
			body = putBodies[i%2]
		}
		status, _, err := call(context.Background(), hc, tg.token, op, url, body)
		if err != nil {
			return false, err
		}
		return status >= 200 && status < 300, nil
	}
	// Warm up: open the connections, fill caches.
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for i := range 20 {
				one(i)
			}
		})
	}
	wg.Wait()

	deadline := time.Now().Add(d)
	start := time.Now()
	per := make([]result, clients)
	var firstErr error
	var errOnce sync.Once
	for w := range clients {
		wg.Go(func() {
			r := &per[w]
			for i := 0; ; i++ {
				t0 := time.Now()
				if !t0.Before(deadline) {
					return
				}
				ok, err := one(i)
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					r.errors++
					if r.errors > 1000 {
						return
					}
					continue
				}
				if !ok {
					r.errors++
					continue
				}
				r.ok++
				r.lat = append(r.lat, time.Since(t0))
			}
		})
	}
	wg.Wait()
	var res result
	res.elapsed = time.Since(start)
	for _, r := range per {
		res.ok += r.ok
		res.errors += r.errors
		res.lat = append(res.lat, r.lat...)
	}
	slices.Sort(res.lat)
	if res.ok == 0 && firstErr != nil {
		return res, firstErr
	}
	return res, nil
}

func call(ctx context.Context, hc *http.Client, token, method, url string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// measureStartup times emulator.New with n people (memory, new bbolt file, reopened bbolt
// file) and reports heap and RSS.
func measureStartup(n int, tmp string) error {
	fmt.Printf("| start-up with %d people | time | heap in use (delta) | VmRSS after |\n", n)
	fmt.Println("|---|---:|---:|---:|")
	state := filepath.Join(tmp, "startup.db")
	for _, c := range []struct {
		name string
		o    emulator.Options
	}{
		{"memory", emulator.Options{People: n}},
		{"bbolt, new file", emulator.Options{People: n, StatePath: state}},
		{"bbolt, reopen", emulator.Options{People: n, StatePath: state}},
	} {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		srv, err := emulator.New(c.o)
		took := time.Since(t0)
		if err != nil {
			return fmt.Errorf("start-up %s: %w", c.name, err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		rss := vmRSS()
		fmt.Printf("| %s | %s | %s | %s |\n", c.name, took.Round(time.Millisecond),
			mib(int64(after.HeapInuse)-int64(before.HeapInuse)), rss)
		if err := srv.Close(); err != nil {
			return fmt.Errorf("close %s: %w", c.name, err)
		}
	}
	return nil
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// vmRSS reads VmRSS from /proc/self/status ("-" where there is no /proc).
func vmRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "-"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) == 2 && f[1] == "kB" {
				if kb, err := strconv.ParseInt(f[0], 10, 64); err == nil {
					return mib(kb << 10)
				}
			}
			return strings.TrimSpace(v)
		}
	}
	return "-"
}
