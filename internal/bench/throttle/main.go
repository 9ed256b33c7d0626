// Command throttle measures how the wxc client behaves under a server rate limit.
//
// It starts a local server on 127.0.0.1 that admits requests through a token bucket
// (-rate per second, -burst capacity) and answers 429 when the bucket is empty (with
// -retry-after: auto, the whole seconds until a token is back; absent; or fixed seconds),
// with -latency per answer. Then it sends -requests GETs through one wxc.Client with
// -inflight goroutines (and WithMaxInFlight(-inflight)) and prints the elapsed time
// against the floor (requests / rate) and the share of 429 answers.
//
// With -matrix it runs the whole matrix of issue 11 instead (rate x bucket x Retry-After x
// in flight, each cell with the wxc client and the wxc_sdk-policy model, each on its own
// server) and prints a table with a verdict per cell; -quick runs a subset of it.
//
// With -frontier it runs an oracle instead (oracle.go: a client that knows the server's
// rate and bucket and times each request to the microsecond) over the 200 req/s
// bucket-of-one cells at each of -spacings, one run at a time, and prints each run against
// the cell's goals: what the harness's own arrival jitter lets any client reach.
//
// With -server-process each server runs in a process of its own (process.go) instead of in
// the harness's.
//
//	go run ./internal/bench/throttle
//	go run ./internal/bench/throttle -requests 4000 -rate 100 -json
//	go run ./internal/bench/throttle -matrix -quick
//	go run ./internal/bench/throttle -matrix
//	go run ./internal/bench/throttle -frontier -inflight 100
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

// config is the benchmark setup.
type config struct {
	Requests int           `json:"requests"`
	Rate     float64       `json:"rate"`
	Burst    int           `json:"burst"`
	Latency  time.Duration `json:"-"`
	LatencyS string        `json:"latency"` // Latency as text, for the JSON output
	InFlight int           `json:"inflight"`
	// RetryAfter is the server's Retry-After on a 429: raAuto, raAbsent or seconds.
	RetryAfter int `json:"retryAfter"`
	// Client is "wxc" (the SDK) or "wxcsdk-model": a model of wxc_sdk 1.19's policy, for
	// comparison in the same setting: every worker retries only 429, sleeps Retry-After
	// (5 s when absent, at most 60 s) on its own and keeps its concurrency slot meanwhile.
	Client string `json:"client"`
	// Spacing is the oracle's pacing: it sends at rate / Spacing (see oracle.go).
	Spacing float64 `json:"spacing,omitempty"`
	// ServerProcess: the server runs in a process of its own (process.go).
	ServerProcess bool `json:"serverProcess"`
	// deadline, when set, ends the run after this time (the result says Cut).
	deadline time.Duration
}

// result is what one run measured.
type result struct {
	Config         config  `json:"config"`
	ElapsedSeconds float64 `json:"elapsedSeconds"`
	FloorSeconds   float64 `json:"floorSeconds"`
	Ratio          float64 `json:"ratio"`
	Responses      int64   `json:"responses"`
	OK             int64   `json:"ok"`
	Throttled      int64   `json:"throttled429"`
	Share429       float64 `json:"share429"` // 429 answers / all answers
	Share429OfReqs float64 `json:"share429OfRequests"`
	Failed         int64   `json:"failed"`
	FirstError     string  `json:"firstError,omitempty"`
	// Cut: the run reached its deadline before every request was done (matrix model runs).
	Cut bool `json:"cut,omitempty"`
	// Stats is the wxc client's own count (zero for the model).
	Stats wxc.Stats `json:"-"`
}

func main() {
	if setup := os.Getenv(serveEnv); setup != "" {
		os.Exit(serveChild(setup, os.Stdin, os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(realMain(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("throttle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	fs.IntVar(&cfg.Requests, "requests", 2000, "number of GET requests")
	fs.Float64Var(&cfg.Rate, "rate", 200, "server token bucket rate (requests/second)")
	fs.IntVar(&cfg.Burst, "burst", 0, "server token bucket capacity (0 = one second of -rate)")
	fs.DurationVar(&cfg.Latency, "latency", 50*time.Millisecond, "server latency per answer")
	fs.IntVar(&cfg.InFlight, "inflight", 100, "goroutines and client max in-flight requests (with -frontier: the cells of this in-flight, 0 for all)")
	fs.StringVar(&cfg.Client, "client", "wxc", "wxc (the SDK), wxcsdk-model (wxc_sdk 1.19's retry policy, modelled) or oracle (knows the server's bucket; see -spacing)")
	fs.Float64Var(&cfg.Spacing, "spacing", 1, "with -client oracle: it sends at rate / spacing")
	ra := fs.String("retry-after", "auto", "Retry-After of a 429: auto (seconds until a token is back), absent, or whole seconds")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	matrix := fs.Bool("matrix", false, "run the matrix of issue 11 (with the wxc_sdk model) and print a table; ignores the single-run flags")
	quick := fs.Bool("quick", false, "with -matrix: only a few cells, among them 200 req/s, bucket 20, 100 in flight")
	frontier := fs.Bool("frontier", false, "run the oracle (a client that knows the server's bucket) over the 200 req/s bucket-of-one cells at each of -spacings, one run at a time")
	spacings := fs.String("spacings", "1,1.02,1.05,1.1,1.2", "with -frontier: the oracle's spacings (it sends at rate / spacing)")
	fs.BoolVar(&cfg.ServerProcess, "server-process", false, "run each server in a process of its own (this binary, started again) instead of in this one")
	parallel := fs.Int("parallel", 3, "with -matrix: cells run at the same time (each has its own server and token bucket; more than 3 on 2 cores adds scheduling noise the bucket of one sees)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "throttle: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *frontier {
		sp, err := parseSpacings(*spacings)
		if err != nil {
			fmt.Fprintln(stderr, "throttle:", err)
			return 2
		}
		var cells []cell
		for _, c := range frontierCells() {
			if cfg.InFlight == 0 || c.InFlight == cfg.InFlight {
				cells = append(cells, c)
			}
		}
		if len(cells) == 0 {
			fmt.Fprintln(stderr, "throttle: with -frontier, -inflight must be 10, 100 or 0 (both)")
			return 2
		}
		return runFrontier(ctx, cells, sp, cfg.ServerProcess, *asJSON, stdout, stderr)
	}
	if *matrix {
		if *parallel < 1 {
			fmt.Fprintln(stderr, "throttle: -parallel must be at least 1")
			return 2
		}
		return runMatrix(ctx, matrixCells(*quick), *parallel, cfg.ServerProcess, *asJSON, stdout, stderr)
	}
	if *quick {
		fmt.Fprintln(stderr, "throttle: -quick needs -matrix")
		return 2
	}
	switch *ra {
	case "auto":
		cfg.RetryAfter = raAuto
	case "absent":
		cfg.RetryAfter = raAbsent
	default:
		n, err := strconv.Atoi(*ra)
		if err != nil || n < 1 {
			fmt.Fprintf(stderr, "throttle: -retry-after must be auto, absent or a whole number of seconds >= 1 (got %q)\n", *ra)
			return 2
		}
		cfg.RetryAfter = n
	}
	if cfg.Requests < 1 || cfg.Rate <= 0 || cfg.InFlight < 1 || cfg.Burst < 0 || cfg.Latency < 0 || cfg.Spacing < 1 {
		fmt.Fprintln(stderr, "throttle: -requests, -rate and -inflight must be positive; -burst and -latency not negative; -spacing at least 1")
		return 2
	}
	if cfg.Client != "wxc" && cfg.Client != "wxcsdk-model" && cfg.Client != "oracle" {
		fmt.Fprintln(stderr, "throttle: -client must be wxc, wxcsdk-model or oracle")
		return 2
	}
	if cfg.Burst == 0 {
		cfg.Burst = max(1, int(cfg.Rate))
	}
	cfg.LatencyS = cfg.Latency.String()
	res, err := run(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "throttle:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
	} else {
		fmt.Fprintf(stdout, "client=%s requests=%d rate=%g/s burst=%d latency=%v inflight=%d\n",
			cfg.Client, cfg.Requests, cfg.Rate, cfg.Burst, cfg.Latency, cfg.InFlight)
		fmt.Fprintf(stdout, "elapsed=%.2fs floor=%.2fs ratio=%.3f\n", res.ElapsedSeconds, res.FloorSeconds, res.Ratio)
		fmt.Fprintf(stdout, "responses=%d ok=%d 429=%d share429=%.1f%% (of requests %.1f%%) failed=%d\n",
			res.Responses, res.OK, res.Throttled, 100*res.Share429, 100*res.Share429OfReqs, res.Failed)
		if res.FirstError != "" {
			fmt.Fprintln(stdout, "first error:", res.FirstError)
		}
	}
	if res.Failed > 0 {
		return 1
	}
	return 0
}

// run starts the server, sends cfg.Requests GETs through the SDK and measures.
func run(ctx context.Context, cfg config, stderr io.Writer) (*result, error) {
	srv, err := startServer(cfg, stderr)
	if err != nil {
		return nil, err
	}
	defer srv.Close()

	c, err := wxc.NewClient("bench-token",
		wxc.WithBaseURL(srv.URL()),
		wxc.WithMaxInFlight(cfg.InFlight),
	)
	if err != nil {
		return nil, err
	}

	get := func(ctx context.Context, i int) error {
		_, err := c.People.Get(ctx, fmt.Sprintf("person-%d", i))
		return err
	}
	switch cfg.Client {
	case "wxcsdk-model":
		get = modelGet(c.BaseURL(), cfg.InFlight)
	case "oracle":
		get = oracleGet(c.BaseURL(), cfg)
	}

	runCtx := ctx
	if cfg.deadline > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, cfg.deadline)
		defer cancel()
	}
	work := make(chan int)
	var failed atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range cfg.InFlight {
		wg.Go(func() {
			for i := range work {
				if err := get(runCtx, i); err != nil {
					if runCtx.Err() != nil && ctx.Err() == nil {
						continue // cut at the deadline: not a failure of the client
					}
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		})
	}
	for i := range cfg.Requests {
		select {
		case work <- i:
		case <-runCtx.Done():
		}
		if runCtx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, errors.Join(errors.New("interrupted"), err)
	}

	counts, err := srv.Counts()
	if err != nil {
		return nil, err
	}
	res := &result{
		Config:         cfg,
		ElapsedSeconds: elapsed.Seconds(),
		FloorSeconds:   float64(cfg.Requests) / cfg.Rate,
		Responses:      counts.Total,
		OK:             counts.OK,
		Throttled:      counts.Throttled,
		Failed:         failed.Load(),
		Cut:            runCtx.Err() != nil,
	}
	if cfg.Client == "wxc" {
		res.Stats = c.Stats()
	}
	res.Ratio = res.ElapsedSeconds / res.FloorSeconds
	if res.Responses > 0 {
		res.Share429 = float64(res.Throttled) / float64(res.Responses)
	}
	res.Share429OfReqs = float64(res.Throttled) / float64(cfg.Requests)
	if firstErr != nil {
		res.FirstError = firstErr.Error()
	}
	return res, nil
}

// modelGet returns a GET that follows wxc_sdk 1.19's RestSession policy (spec §5.3): retry
// only 429, with no attempt limit, sleeping int(Retry-After) seconds (5 when absent, capped at
// 60) while the caller keeps its concurrency slot (here: its worker goroutine).
func modelGet(baseURL string, inFlight int) func(context.Context, int) error {
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: inFlight, MaxConnsPerHost: inFlight}}
	return func(ctx context.Context, i int) error {
		for attempt := 0; attempt < 1000; attempt++ {
			status, ra, err := plainGet(ctx, hc, baseURL, i)
			if err != nil || status != http.StatusTooManyRequests {
				return err
			}
			wait := 5
			if n, err := strconv.Atoi(ra); err == nil {
				wait = n
			}
			t := time.NewTimer(time.Duration(min(wait, 60)) * time.Second)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		return errors.New("gave up after 1000 attempts")
	}
}

// plainGet sends the bench's GET for person i with a plain HTTP client (the model and the
// oracle, not the SDK) and drains the answer. It returns the status and Retry-After of a
// 429; another status of 300 or more is an error.
func plainGet(ctx context.Context, hc *http.Client, baseURL string, i int) (status int, retryAfter string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/people/person-%d", baseURL, i), nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer bench-token")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode >= 300 {
		return resp.StatusCode, "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), nil
}
