package cmdutil

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

func TestFormatStats(t *testing.T) {
	t.Parallel()
	busy := wxc.Stats{Requests: 1650, Attempts: 1768, ByStatus: map[int]int64{200: 1600, 204: 50, 404: 2, 429: 26, 503: 92},
		RateLimited: 26, GateWait: 12300 * time.Millisecond, BackoffWait: 45140 * time.Millisecond}
	tests := []struct {
		name  string
		s     wxc.Stats
		debug bool
		want  string
	}{
		{"no retries", wxc.Stats{Requests: 17, Attempts: 17, ByStatus: map[int]int64{200: 17}}, false,
			"requests: 17 (17 attempts); waits summed over requests: 0.0 s throttled, 0.0 s in backoff\n"},
		{"one request", wxc.Stats{Requests: 1, Attempts: 1, ByStatus: map[int]int64{401: 1}}, false,
			"requests: 1 (1 attempt); waits summed over requests: 0.0 s throttled, 0.0 s in backoff\n"},
		{"retries", busy, false,
			"requests: 1,650 (1,768 attempts; 118 retried: 92× 503, 26× 429); waits summed over requests: 12.3 s throttled, 45.1 s in backoff\n"},
		{"network errors", wxc.Stats{Requests: 1000000, Attempts: 1000003, ByStatus: map[int]int64{200: 1000000}, NetworkErrors: 3,
			BackoffWait: 1500 * time.Millisecond}, false,
			"requests: 1,000,000 (1,000,003 attempts; 3 retried: 3× network error); waits summed over requests: 0.0 s throttled, 1.5 s in backoff\n"},
		{"debug", busy, true,
			"requests: 1,650 (1,768 attempts; 118 retried: 92× 503, 26× 429); waits summed over requests: 12.3 s throttled, 45.1 s in backoff\n" +
				"answers: 1,600× 200, 50× 204, 2× 404, 26× 429, 92× 503; 429s: 26; network errors: 0; exact waits: 12.3s throttled, 45.14s in backoff\n"},
	}
	for _, tt := range tests {
		if got := FormatStats(tt.s, tt.debug); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 123456: "123,456", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPrintStatsQuietAndUnused: nothing with --quiet, nothing when no client was used.
func TestPrintStatsQuietAndUnused(t *testing.T) {
	t.Parallel()
	var errOut bytes.Buffer
	f := NewFactory(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &errOut})
	f.PrintStats()
	if errOut.Len() != 0 {
		t.Errorf("printed without a client: %q", errOut.String())
	}
	c, err := wxc.NewClient("tok")
	if err != nil {
		t.Fatal(err)
	}
	f.trackClient(c)
	f.trackClient(c)
	if _, ok := f.Stats(); !ok {
		t.Error("Stats: no client tracked")
	}
	f.PrintStats() // no requests yet
	f.Options.Quiet = true
	f.PrintStats()
	if errOut.Len() != 0 {
		t.Errorf("printed with no requests or --quiet: %q", errOut.String())
	}
}
