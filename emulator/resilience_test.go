package emulator_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// The SDK's retries against the emulator's injected faults and rate limit.

// statusCounter counts answers by status.
type statusCounter struct {
	rt     http.RoundTripper
	n503   atomic.Int64
	n429   atomic.Int64
	nTotal atomic.Int64
}

func (s *statusCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.rt.RoundTrip(r)
	if err == nil {
		s.nTotal.Add(1)
		switch resp.StatusCode {
		case http.StatusServiceUnavailable:
			s.n503.Add(1)
		case http.StatusTooManyRequests:
			s.n429.Add(1)
		}
	}
	return resp, err
}

func TestSDKRetriesInjectedFaults(t *testing.T) {
	emu := newRaw(t)
	ctx := t.Context()
	id := emu.first(t, kPerson).ID // before faults are on

	admin := strings.TrimSuffix(emu.BaseURL, "/v1") + "/_emulator/faults"
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, admin, strings.NewReader(`{"faultRate":0.3,"faultStatuses":[503],"faultSeed":7}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+emu.Tokens.FullAdmin) // admin endpoints need the full-admin token
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /_emulator/faults = %d", resp.StatusCode)
	}

	sc := &statusCounter{rt: http.DefaultTransport}
	c := emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithHTTPClient(&http.Client{Transport: sc}),
		wxc.WithRetryPolicy(wxc.RetryPolicy{MaxAttempts: 12, MaxWait: 10 * time.Second, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	svc := c.OutgoingPermissions(wxc.Person)
	actions := []wxc.Action{wxc.ActionBlock, wxc.ActionAllow}
	for i := range 30 {
		a := actions[i%2]
		upd := &wxc.OutgoingPermissions{UseCustomEnabled: wxc.Bool(true), UseCustomPermissions: wxc.Bool(true), CallingPermissions: onePerm(wxc.CallTypeNational, a, i%2 == 1)}
		if err := svc.Configure(ctx, id, upd); err != nil {
			t.Fatalf("configure #%d despite retries: %v", i, err)
		}
		got, err := svc.Read(ctx, id)
		if err != nil {
			t.Fatalf("read #%d despite retries: %v", i, err)
		}
		if v := permMap(got)[wxc.CallTypeNational]; v != (permEntry{string(a), i%2 == 1}) {
			t.Fatalf("read #%d: NATIONAL = %+v, want %s", i, v, a)
		}
	}
	if sc.n503.Load() == 0 {
		t.Errorf("no 503 seen in %d requests at fault rate 0.3: faults not injected?", sc.nTotal.Load())
	}
	t.Logf("%d requests, %d answered 503 and retried", sc.nTotal.Load(), sc.n503.Load())
}

func TestSDKHonoursRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for Retry-After")
	}
	emu := newRaw(t, func(o *emulator.Options) { o.RateLimit, o.RateBurst = 5, 2 })
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	id := emu.first(t, kPerson).ID
	sc := &statusCounter{rt: http.DefaultTransport}
	c := emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithHTTPClient(&http.Client{Transport: sc}),
		wxc.WithRetryPolicy(wxc.RetryPolicy{MaxAttempts: 10, MaxWait: 30 * time.Second, BaseDelay: 10 * time.Millisecond, MaxDelay: 2 * time.Second}))
	svc := c.OutgoingPermissions(wxc.Person)
	// Four concurrent readers empty the bucket (burst 2) at once, however slow the machine.
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 2 {
				if _, err := svc.Read(ctx, id); err != nil {
					t.Errorf("reader %d, read #%d: %v (429s seen: %d)", g, i, err, sc.n429.Load())
					return
				}
			}
		})
	}
	wg.Wait()
	if sc.n429.Load() == 0 {
		t.Errorf("no 429 in %d requests at 5/s with burst 2: rate limit not applied?", sc.nTotal.Load())
	}
	t.Logf("%d requests, %d answered 429", sc.nTotal.Load(), sc.n429.Load())
}
