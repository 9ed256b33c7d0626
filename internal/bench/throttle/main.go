// Command throttle measures how the wxc client behaves under a server rate limit.
//
// It starts a local server on 127.0.0.1 that admits requests through a token bucket
// (-rate per second, -burst capacity) and answers 429 with Retry-After (whole seconds)
// when the bucket is empty, with -latency per answer. Then it sends -requests GETs through
// one wxc.Client with -inflight goroutines (and WithMaxInFlight(-inflight)) and prints the
// elapsed time against the floor (requests / rate) and the share of 429 answers.
//
//	go run ./internal/bench/throttle
//	go run ./internal/bench/throttle -requests 4000 -rate 100 -json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
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
}

func main() {
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
	fs.IntVar(&cfg.InFlight, "inflight", 100, "goroutines and client max in-flight requests")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cfg.Requests < 1 || cfg.Rate <= 0 || cfg.InFlight < 1 || cfg.Burst < 0 || cfg.Latency < 0 {
		fmt.Fprintln(stderr, "throttle: -requests, -rate and -inflight must be positive; -burst and -latency not negative")
		return 2
	}
	if cfg.Burst == 0 {
		cfg.Burst = max(1, int(cfg.Rate))
	}
	cfg.LatencyS = cfg.Latency.String()
	res, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "throttle:", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(res)
	} else {
		fmt.Fprintf(stdout, "requests=%d rate=%g/s burst=%d latency=%v inflight=%d\n",
			cfg.Requests, cfg.Rate, cfg.Burst, cfg.Latency, cfg.InFlight)
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
func run(ctx context.Context, cfg config) (*result, error) {
	srv := newBucketServer(cfg.Rate, cfg.Burst, cfg.Latency)
	mux := http.NewServeMux()
	mux.Handle("GET /v1/people/{id}", srv)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()

	c, err := wxc.NewClient("bench-token",
		wxc.WithBaseURL("http://"+ln.Addr().String()+"/v1"),
		wxc.WithMaxInFlight(cfg.InFlight),
	)
	if err != nil {
		return nil, err
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
				if _, err := c.People.Get(ctx, fmt.Sprintf("person-%d", i)); err != nil {
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		})
	}
	for i := range cfg.Requests {
		select {
		case work <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, errors.Join(errors.New("interrupted"), err)
	}

	res := &result{
		Config:         cfg,
		ElapsedSeconds: elapsed.Seconds(),
		FloorSeconds:   float64(cfg.Requests) / cfg.Rate,
		Responses:      srv.total.Load(),
		OK:             srv.ok.Load(),
		Throttled:      srv.throttled.Load(),
		Failed:         failed.Load(),
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
