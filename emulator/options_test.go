package emulator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name      string
		opts      emulator.Options
		wantField string // "" = valid
	}{
		{"zero value", emulator.Options{}, ""},
		{"everything set", emulator.Options{APIEra: emulator.Era2024, People: 3, Latency: time.Millisecond, RateLimit: 2,
			FaultRate: 1, ReadTimeout: -1, MaxConns: -1}, ""},
		{"unknown era", emulator.Options{APIEra: "1999"}, "APIEra"},
		{"negative people", emulator.Options{People: -1}, "People"},
		{"negative locations", emulator.Options{Locations: -1}, "Locations"},
		{"negative max access codes", emulator.Options{MaxAccessCodes: -1}, "MaxAccessCodes"},
		{"negative burst", emulator.Options{RateBurst: -1}, "RateBurst"},
		{"negative latency", emulator.Options{Latency: -time.Second}, "Latency"},
		{"negative jitter", emulator.Options{Jitter: -time.Second}, "Jitter"},
		{"negative rate limit", emulator.Options{RateLimit: -1}, "RateLimit"},
		{"NaN rate limit", emulator.Options{RateLimit: math.NaN()}, "RateLimit"},
		{"fault rate above 1", emulator.Options{FaultRate: 1.5}, "FaultRate"},
		{"NaN fault rate", emulator.Options{FaultRate: math.NaN()}, "FaultRate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.Validate()
			srv, newErr := emulator.New(tt.opts)
			if srv != nil {
				srv.Close()
			}
			if tt.wantField == "" {
				if err != nil || newErr != nil {
					t.Fatalf("Validate() = %v, New: %v; want both nil", err, newErr)
				}
				return
			}
			var oe *emulator.OptionError
			if !errors.As(err, &oe) || oe.Field != tt.wantField {
				t.Fatalf("Validate() = %v, want an *OptionError for %s", err, tt.wantField)
			}
			if newErr == nil || newErr.Error() != err.Error() {
				t.Errorf("New: %v, want Validate's %v", newErr, err)
			}
		})
	}
}

// fakeClock is an Options.Now that moves only when told.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// TestOptionsNow: the rate limiter and the request log read the injected clock, so a
// rate-limit test needs no real waiting.
func TestOptionsNow(t *testing.T) {
	clock := &fakeClock{now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	var logs bytes.Buffer
	e := newRaw(t, func(o *emulator.Options) {
		o.Now = clock.Now
		o.RateLimit, o.RateBurst = 1, 1
		o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	path := "people?max=1"
	e.must(t, http.MethodGet, path, nil, http.StatusOK)
	for _, step := range []struct {
		advance time.Duration
		want    int
	}{{0, http.StatusTooManyRequests}, {999 * time.Millisecond, http.StatusTooManyRequests}, {time.Millisecond, http.StatusOK},
		{0, http.StatusTooManyRequests}, {time.Hour, http.StatusOK}} {
		clock.Advance(step.advance)
		r := e.call(e.tokens.FullAdmin, http.MethodGet, path, nil)
		if r.Status != step.want {
			t.Fatalf("after +%v: %d, want %d: %s", step.advance, r.Status, step.want, r.Body)
		}
		if r.Status == http.StatusTooManyRequests && r.Header.Get("Retry-After") != "1" {
			t.Errorf("Retry-After = %q, want 1", r.Header.Get("Retry-After"))
		}
	}

	want := clock.Now()
	last := bytes.Split(bytes.TrimSpace(logs.Bytes()), []byte("\n"))
	var rec struct {
		Time     time.Time
		Msg      string
		Duration time.Duration
	}
	if err := json.Unmarshal(last[len(last)-1], &rec); err != nil {
		t.Fatalf("log line: %v: %s", err, logs.Bytes())
	}
	if rec.Msg != "request" || !rec.Time.Equal(want) || rec.Duration != 0 {
		t.Errorf("request log = %+v, want time %v and duration 0 from the injected clock", rec, want)
	}
}
