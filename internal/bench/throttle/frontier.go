package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// frontierRow is one oracle run of a cell at one spacing.
type frontierRow struct {
	Cell    cell    `json:"cell"`
	Spacing float64 `json:"spacing"`
	Result  *result `json:"result"`
	Meets   bool    `json:"meetsGoals"`
}

// frontierCells are the cells the frontier runs by default: the bucket of one at 200 req/s,
// where the loopback's arrival jitter is of the order of the server's 5 ms interval.
func frontierCells() []cell {
	var cells []cell
	for _, ra := range []int{1, 5, raAbsent} {
		for _, inFlight := range []int{10, 100} {
			cells = append(cells, cell{Rate: 200, Bucket: 1, RetryAfter: ra, InFlight: inFlight})
		}
	}
	return cells
}

// parseSpacings parses "1,1.05,1.1".
func parseSpacings(s string) ([]float64, error) {
	var out []float64
	for f := range strings.SplitSeq(s, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v < 1 || v > 10 {
			return nil, fmt.Errorf("-spacings: %q is not a number from 1 to 10", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// runFrontier runs the oracle over cells x spacings, one run at a time (the oracle gets the
// quietest machine the harness can give), and prints each run against the cell's goals.
func runFrontier(ctx context.Context, cells []cell, spacings []float64, serverProcess, asJSON bool, stdout, stderr io.Writer) int {
	started := time.Now()
	var rows []frontierRow
	for _, c := range cells {
		for _, sp := range spacings {
			cfg := c.config("oracle")
			cfg.Spacing = sp
			cfg.ServerProcess = serverProcess
			res, err := run(ctx, cfg, stderr)
			if err != nil {
				fmt.Fprintln(stderr, "throttle:", err)
				return 1
			}
			row := frontierRow{Cell: c, Spacing: sp, Result: res, Meets: len(c.goalMisses(res)) == 0}
			rows = append(rows, row)
			fmt.Fprintf(stderr, "throttle: oracle rate=%g bucket=%d retry-after=%s inflight=%d spacing=%.2f: %.1fs, %d 429s\n",
				c.Rate, c.Bucket, c.raText(), c.InFlight, sp, res.ElapsedSeconds, res.Throttled)
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rows)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rate\tbucket\tretry-after\tin flight\tspacing\twall (limit)\t429s (budget)\tmeets both")
	for _, r := range rows {
		c := r.Cell
		fmt.Fprintf(tw, "%g\t%d\t%s\t%d\t%.2f\t%.1fs (%.1fs)\t%d (%d)\t%v\n", c.Rate, c.Bucket, c.raText(), c.InFlight,
			r.Spacing, r.Result.ElapsedSeconds, c.wallLimit().Seconds(), r.Result.Throttled, c.budget429(), r.Meets)
	}
	_ = tw.Flush()
	fmt.Fprintf(stdout, "%d oracle runs; %s\n", len(rows), time.Since(started).Round(time.Second))
	return 0
}
