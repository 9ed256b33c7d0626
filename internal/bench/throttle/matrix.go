package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

// The matrix of issue 11: rate x server bucket x Retry-After x in flight, 50 ms latency,
// 20 s floor (requests = 20 x rate). Goals per cell: wall <= 1.10 x floor + the first
// wait (the Retry-After; when absent, the client's own first backoff cap,
// wxc.DefaultBaseDelay), 429 answers <= in flight + 5 % of the requests, no failure, and
// not slower than the wxc_sdk-policy model in the same run.

const (
	matrixLatency = 50 * time.Millisecond
	floorSeconds  = 20
)

// cell is one cell of the matrix.
type cell struct {
	Rate       float64 `json:"rate"`
	Bucket     int     `json:"bucket"`
	RetryAfter int     `json:"retryAfter"` // seconds, or raAbsent
	InFlight   int     `json:"inflight"`
}

func (c cell) requests() int { return int(floorSeconds * c.Rate) }

func (c cell) floor() time.Duration {
	return time.Duration(float64(c.requests()) / c.Rate * float64(time.Second))
}

// firstWait is what the goal allows for the first wait.
func (c cell) firstWait() time.Duration {
	if c.RetryAfter == raAbsent {
		return wxc.DefaultBaseDelay
	}
	return time.Duration(c.RetryAfter) * time.Second
}

func (c cell) raText() string {
	if c.RetryAfter == raAbsent {
		return "absent"
	}
	return fmt.Sprintf("%ds", c.RetryAfter)
}

func (c cell) config(client string) config {
	return config{Requests: c.requests(), Rate: c.Rate, Burst: c.Bucket, Latency: matrixLatency,
		LatencyS: matrixLatency.String(), InFlight: c.InFlight, Client: client, RetryAfter: c.RetryAfter}
}

// matrixCells returns every cell, or with quick a subset that still has each bucket shape,
// both rates and the 200 req/s, bucket 20, 100 in flight cell.
func matrixCells(quick bool) []cell {
	if quick {
		return []cell{
			{Rate: 200, Bucket: 20, RetryAfter: 1, InFlight: 100},
			{Rate: 200, Bucket: 1, RetryAfter: raAbsent, InFlight: 100},
			{Rate: 200, Bucket: 200, RetryAfter: 5, InFlight: 10},
			{Rate: 10, Bucket: 1, RetryAfter: 5, InFlight: 10},
			{Rate: 10, Bucket: 10, RetryAfter: 1, InFlight: 100},
		}
	}
	var cells []cell
	for _, rate := range []float64{10, 200} {
		for _, bucket := range []int{1, 20, int(rate)} {
			for _, ra := range []int{1, 5, raAbsent} {
				for _, inFlight := range []int{10, 100} {
					cells = append(cells, cell{Rate: rate, Bucket: bucket, RetryAfter: ra, InFlight: inFlight})
				}
			}
		}
	}
	return cells
}

// cellResult is one cell measured: the wxc client and the model, each on its own server.
type cellResult struct {
	Cell    cell     `json:"cell"`
	WXC     *result  `json:"wxc"`
	Model   *result  `json:"model"`
	Misses  []string `json:"misses,omitempty"`
	Verdict string   `json:"verdict"`
}

// wallLimit is the wall-time goal: 1.10 x the floor + the first wait.
func (c cell) wallLimit() time.Duration {
	return time.Duration(1.10*float64(c.floor())) + c.firstWait()
}

// budget429 is the 429 goal: in flight + 5 % of the requests.
func (c cell) budget429() int64 { return int64(c.InFlight) + int64(c.requests())/20 }

// goalMisses checks a run of the cell (the SDK's, or the oracle's) against the goals that
// do not compare with the model.
func (c cell) goalMisses(w *result) []string {
	var misses []string
	wall := time.Duration(w.ElapsedSeconds * float64(time.Second))
	if limit := c.wallLimit(); wall > limit {
		misses = append(misses, fmt.Sprintf("wall %.1fs > %.1fs", wall.Seconds(), limit.Seconds()))
	}
	if budget := c.budget429(); w.Throttled > budget {
		misses = append(misses, fmt.Sprintf("%d 429s > %d", w.Throttled, budget))
	}
	if w.Failed > 0 || w.Cut {
		misses = append(misses, fmt.Sprintf("%d failed", w.Failed))
	}
	return misses
}

// verdict checks r against the goals.
func (r *cellResult) verdict() {
	w, m := r.WXC, r.Model
	r.Misses = r.Cell.goalMisses(w)
	switch {
	case !m.Cut && w.ElapsedSeconds > m.ElapsedSeconds:
		r.Misses = append(r.Misses, fmt.Sprintf("slower than the model (%.2fs)", m.ElapsedSeconds))
	case m.Cut && w.ElapsedSeconds > m.ElapsedSeconds:
		r.Misses = append(r.Misses, fmt.Sprintf("the model was cut at %.0fs, before wxc finished: not compared", m.ElapsedSeconds))
	}
	// The client's own counters must agree with the server's.
	if s := w.Stats; s.ByStatus[http.StatusOK] != w.OK || s.RateLimited != w.Throttled {
		r.Misses = append(r.Misses, fmt.Sprintf("Stats() says %d x 200 and %d x 429, the server %d and %d",
			s.ByStatus[http.StatusOK], s.RateLimited, w.OK, w.Throttled))
	}
	r.Verdict = "ok"
	if len(r.Misses) > 0 {
		r.Verdict = "MISS: " + strings.Join(r.Misses, "; ")
	}
}

// modelDeadline bounds a model run: past it, the model is slower than any wxc result that
// meets the wall-time goal, which is all the comparison needs.
func modelDeadline(c cell) time.Duration {
	return 2*c.floor() + c.firstWait() + 5*time.Second
}

// runMatrix runs cells, parallel at a time. Each cell's two runs (wxc and the model) run
// at the same time too: every run has its own server, token bucket and port, so runs do
// not share a limit; they share only the machine's CPUs (so keep parallel modest on a
// small or busy machine: a starved process answers late and looks like latency).
func runMatrix(ctx context.Context, cells []cell, parallel int, serverProcess, asJSON bool, stdout, stderr io.Writer) int {
	started := time.Now()
	results := make([]*cellResult, len(cells))
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	var errMu sync.Mutex
	var firstErr error
	for i, c := range cells {
		wg.Go(func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			r := &cellResult{Cell: c}
			var inner sync.WaitGroup
			var errW, errM error
			inner.Go(func() {
				cfg := c.config("wxc")
				cfg.ServerProcess = serverProcess
				r.WXC, errW = run(ctx, cfg, stderr)
			})
			inner.Go(func() {
				cfg := c.config("wxcsdk-model")
				cfg.ServerProcess = serverProcess
				cfg.deadline = modelDeadline(c)
				r.Model, errM = run(ctx, cfg, stderr)
			})
			inner.Wait()
			if errW != nil || errM != nil {
				errMu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("rate %g bucket %d: %v %v", c.Rate, c.Bucket, errW, errM)
				}
				errMu.Unlock()
				return
			}
			r.verdict()
			results[i] = r
			fmt.Fprintf(stderr, "throttle: done rate=%g bucket=%d retry-after=%s inflight=%d: %s\n",
				c.Rate, c.Bucket, c.raText(), c.InFlight, r.Verdict)
		})
	}
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(stderr, "throttle:", firstErr)
		return 1
	}
	misses := 0
	for _, r := range results {
		if len(r.Misses) > 0 {
			misses++
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(results)
	} else {
		printTable(stdout, results)
		fmt.Fprintf(stdout, "%d cells, %d miss a goal; %s, parallel %d\n", len(results), misses,
			time.Since(started).Round(time.Second), parallel)
	}
	if misses > 0 {
		return 1
	}
	return 0
}

// printTable prints one row per cell.
func printTable(w io.Writer, results []*cellResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rate\tbucket\tretry-after\tin flight\trequests\tfloor\twxc wall\twxc/floor\twxc 429s (budget)\tmodel wall\tmodel 429s\tverdict")
	for _, r := range results {
		c := r.Cell
		model := fmt.Sprintf("%.2fs", r.Model.ElapsedSeconds)
		if r.Model.Cut {
			model = fmt.Sprintf("> %.0fs (cut)", r.Model.ElapsedSeconds)
		}
		fmt.Fprintf(tw, "%g\t%d\t%s\t%d\t%d\t%.0fs\t%.2fs\t%.3f\t%d (%d)\t%s\t%d\t%s\n",
			c.Rate, c.Bucket, c.raText(), c.InFlight, c.requests(), c.floor().Seconds(),
			r.WXC.ElapsedSeconds, r.WXC.Ratio, r.WXC.Throttled, c.InFlight+c.requests()/20,
			model, r.Model.Throttled, r.Verdict)
	}
	_ = tw.Flush()
}
