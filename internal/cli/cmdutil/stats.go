package cmdutil

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

// The request summary of export, audit, apply and restore (docs/CLI.md): the root command
// calls TrackClients before and PrintStats after such a command; FormatStats is the one
// place that formats the SDK's counters.

// TrackClients makes f remember every client that f.Client (also when a test replaced
// it) and DryRunClient return, so PrintStats can sum their Stats. Call it once, before
// the command runs.
func (f *Factory) TrackClients() {
	inner := f.Client
	f.Client = func(ctx context.Context) (*wxc.Client, error) {
		c, err := inner(ctx)
		f.trackClient(c)
		return c, err
	}
}

// trackClient remembers c (nil and repeats are ignored).
func (f *Factory) trackClient(c *wxc.Client) {
	if c == nil {
		return
	}
	f.statsMu.Lock()
	defer f.statsMu.Unlock()
	if !slices.Contains(f.clients, c) {
		f.clients = append(f.clients, c)
	}
}

// Stats returns the sum of the Stats of the clients the command used, and false when it
// used none.
func (f *Factory) Stats() (wxc.Stats, bool) {
	f.statsMu.Lock()
	clients := slices.Clone(f.clients)
	f.statsMu.Unlock()
	sum := wxc.Stats{ByStatus: map[int]int64{}}
	for _, c := range clients {
		s := c.Stats()
		sum.Requests += s.Requests
		sum.Attempts += s.Attempts
		sum.RateLimited += s.RateLimited
		sum.NetworkErrors += s.NetworkErrors
		sum.GateWait += s.GateWait
		sum.BackoffWait += s.BackoffWait
		for k, v := range s.ByStatus {
			sum.ByStatus[k] += v
		}
	}
	return sum, len(clients) > 0
}

// PrintStats writes the request summary to stderr: one line, and with --debug a second
// one with the answers by status. Nothing with --quiet or when no request was made.
func (f *Factory) PrintStats() {
	if f.Options.Quiet {
		return
	}
	s, ok := f.Stats()
	if !ok || s.Requests == 0 {
		return
	}
	_, _ = io.WriteString(f.IO.ErrOut, FormatStats(s, f.Options.Debug))
}

// FormatStats formats s as the request summary, ending in a newline, e.g.
//
//	requests: 1,650 (1,768 attempts; 118 retried: 92× 503, 26× 429); waits summed over requests: 12.3 s throttled, 45.1 s in backoff
//
// The retried breakdown counts the answers that are retried (429 and 5xx) and network
// errors, including final ones. With debug a second line lists every answer by status,
// the network errors and the waits, which are summed over concurrent requests.
func FormatStats(s wxc.Stats, debug bool) string {
	var b strings.Builder
	attempts := "attempts"
	if s.Attempts == 1 {
		attempts = "attempt"
	}
	fmt.Fprintf(&b, "requests: %s (%s %s", groupDigits(s.Requests), groupDigits(s.Attempts), attempts)
	if r := s.Retries(); r > 0 {
		fmt.Fprintf(&b, "; %s retried", groupDigits(r))
		var causes []string
		for _, st := range sortedStatuses(s.ByStatus, true) {
			causes = append(causes, groupDigits(s.ByStatus[st])+"× "+strconv.Itoa(st))
		}
		if s.NetworkErrors > 0 {
			causes = append(causes, groupDigits(s.NetworkErrors)+"× network error")
		}
		if len(causes) > 0 {
			b.WriteString(": " + strings.Join(causes, ", "))
		}
	}
	fmt.Fprintf(&b, "); waits summed over requests: %s throttled, %s in backoff\n", seconds(s.GateWait), seconds(s.BackoffWait))
	if debug {
		var answers []string
		for _, st := range sortedStatuses(s.ByStatus, false) {
			answers = append(answers, groupDigits(s.ByStatus[st])+"× "+strconv.Itoa(st))
		}
		if len(answers) == 0 {
			answers = []string{"none"}
		}
		fmt.Fprintf(&b, "answers: %s; 429s: %s; network errors: %s; exact waits: %v throttled, %v in backoff\n",
			strings.Join(answers, ", "), groupDigits(s.RateLimited), groupDigits(s.NetworkErrors), s.GateWait, s.BackoffWait)
	}
	return b.String()
}

// sortedStatuses returns the statuses of by, by count (most first) then code; retriedOnly
// keeps 429 and 5xx.
func sortedStatuses(by map[int]int64, retriedOnly bool) []int {
	var sts []int
	for st, n := range by {
		if n > 0 && (!retriedOnly || st == 429 || st >= 500) {
			sts = append(sts, st)
		}
	}
	slices.SortFunc(sts, func(a, b int) int {
		if by[a] != by[b] {
			if by[a] > by[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	if !retriedOnly {
		slices.Sort(sts)
	}
	return sts
}

// seconds formats d as "12.3 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
}

// groupDigits formats n with commas between groups of three digits: 1,650.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
