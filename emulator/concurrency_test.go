package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// Concurrency tests, end to end over real HTTP connections. Run them under -race.

// concurrentClient is a raw HTTP client for an httptest server over the emulator.
type concurrentClient struct {
	base, token string
	hc          *http.Client
}

func newConcurrent(t *testing.T, e *rawEmu) *concurrentClient {
	ts := httptest.NewServer(e.Server.Handler())
	t.Cleanup(ts.Close)
	hc := ts.Client()
	hc.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	return &concurrentClient{base: ts.URL + "/v1/", token: e.tokens.FullAdmin, hc: hc}
}

func (c *concurrentClient) do(ctx context.Context, method, path string, body any) (int, []byte, error) {
	return rawCall(ctx, c.hc, c.token, method, c.base+path, body)
}

// TestConcurrentDigitPatternCreates: many writers on one entity get unique IDs, and the
// list holds exactly the created patterns.
func TestConcurrentDigitPatternCreates(t *testing.T) {
	e := newRaw(t)
	c := newConcurrent(t, e)
	for _, kind := range allKinds {
		t.Run(kind, func(t *testing.T) {
			en := e.first(t, kind)
			p := pathsFor(kind, en.ID)
			e.must(t, http.MethodDelete, p.DigitPatterns, nil, http.StatusNoContent)
			const writers, each = 8, 10
			var mu sync.Mutex
			ids := map[string]string{} // id -> name
			var wg sync.WaitGroup
			errs := make(chan string, writers*each)
			for g := range writers {
				wg.Go(func() {
					for i := range each {
						dp := crashPattern{Name: fmt.Sprintf("c-%d-%d", g, i), Pattern: fmt.Sprintf("7%02d%02d", g, i), Action: "ALLOW", TransferEnabled: true}
						status, body, err := c.do(t.Context(), http.MethodPost, p.DigitPatterns, dp)
						var created struct{ ID string }
						if err != nil || status != http.StatusCreated || json.Unmarshal(body, &created) != nil || created.ID == "" {
							errs <- fmt.Sprintf("POST %s: %d %v %s", dp.Name, status, err, body)
							continue
						}
						mu.Lock()
						if prev, dup := ids[created.ID]; dup {
							errs <- fmt.Sprintf("ID %s given to both %s and %s", created.ID, prev, dp.Name)
						}
						ids[created.ID] = dp.Name
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			close(errs)
			for s := range errs {
				t.Error(s)
			}
			var l struct {
				DigitPatterns []crashPattern `json:"digitPatterns"`
			}
			e.getJSON(t, p.DigitPatterns, &l)
			if len(l.DigitPatterns) != writers*each {
				t.Errorf("list has %d patterns, want %d", len(l.DigitPatterns), writers*each)
			}
			for _, d := range l.DigitPatterns {
				if ids[d.ID] != d.Name {
					t.Errorf("listed pattern %s %q was not created as such (created: %q)", d.ID, d.Name, ids[d.ID])
				}
			}
		})
	}
}

// TestConcurrentDigitPatternLimit: racing creates never exceed 500 per entity.
func TestConcurrentDigitPatternLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 640 patterns")
	}
	e := newRaw(t)
	c := newConcurrent(t, e)
	en := e.first(t, kPerson)
	p := pathsFor(kPerson, en.ID)
	e.must(t, http.MethodDelete, p.DigitPatterns, nil, http.StatusNoContent)
	const writers, each = 16, 40
	var mu sync.Mutex
	created, rejected := 0, 0
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range each {
				dp := crashPattern{Name: fmt.Sprintf("l-%d-%d", g, i), Pattern: fmt.Sprintf("6%02d%02d", g, i), Action: "BLOCK"}
				status, body, err := c.do(t.Context(), http.MethodPost, p.DigitPatterns, dp)
				mu.Lock()
				switch {
				case err != nil:
					t.Errorf("POST: %v", err)
				case status == http.StatusCreated:
					created++
				case status == http.StatusBadRequest:
					rejected++
				default:
					t.Errorf("POST = %d %s", status, body)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if created != 500 || rejected != writers*each-500 {
		t.Errorf("created %d, rejected %d; want 500 and %d", created, rejected, writers*each-500)
	}
	var l struct {
		DigitPatterns []crashPattern `json:"digitPatterns"`
	}
	e.getJSON(t, p.DigitPatterns, &l)
	if len(l.DigitPatterns) != 500 {
		t.Errorf("list has %d patterns, want 500", len(l.DigitPatterns))
	}
}

// TestConcurrentPermissionMerges: each writer owns one call type and PUTs only that one;
// with merge semantics and no lost updates, the final GET shows every writer's last value.
func TestConcurrentPermissionMerges(t *testing.T) {
	e := newRaw(t)
	c := newConcurrent(t, e)
	callTypes := []string{"INTERNAL_CALL", "TOLL_FREE", "NATIONAL", "INTERNATIONAL", "OPERATOR_ASSISTED",
		"CHARGEABLE_DIRECTORY_ASSISTED", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "PREMIUM_SERVICES_I", "PREMIUM_SERVICES_II"}
	actions := []string{"ALLOW", "BLOCK"}
	for _, kind := range allKinds {
		t.Run(kind, func(t *testing.T) {
			en := e.first(t, kind)
			p := pathsFor(kind, en.ID)
			const rounds = 25
			var wg sync.WaitGroup
			for g, ct := range callTypes {
				wg.Go(func() {
					for i := range rounds {
						body := map[string]any{"callingPermissions": []map[string]any{
							{"callType": ct, "action": actions[(g+i)%2], "transferEnabled": i%2 == 0},
						}}
						if kind != kLocation {
							body["useCustomEnabled"] = true
							body["useCustomPermissions"] = true
						}
						status, b, err := c.do(t.Context(), http.MethodPut, p.Outgoing, body)
						if err != nil || status != http.StatusNoContent {
							t.Errorf("PUT %s: %d %v %s", ct, status, err, b)
							return
						}
					}
				})
			}
			wg.Wait()
			got := readPermissions(t, e, p.Outgoing)
			for g, ct := range callTypes {
				last := rounds - 1
				want := permEntry{Action: actions[(g+last)%2], TransferEnabled: last%2 == 0}
				if got[ct] != want {
					t.Errorf("%s = %+v, want %+v (lost update)", ct, got[ct], want)
				}
			}
		})
	}
}

// TestConcurrentAccessCodes: concurrent creates of distinct codes, then concurrent deletes
// of half of them, leave exactly the other half.
func TestConcurrentAccessCodes(t *testing.T) {
	e := newRaw(t, func(o *emulator.Options) { o.MaxAccessCodes = 1000 })
	c := newConcurrent(t, e)
	for _, kind := range entityKinds {
		t.Run(kind, func(t *testing.T) {
			en := e.first(t, kind)
			p := pathsFor(kind, en.ID)
			e.must(t, http.MethodDelete, p.AccessCodes, nil, http.StatusNoContent)
			const writers, each = 8, 10
			var wg sync.WaitGroup
			for g := range writers {
				wg.Go(func() {
					for i := range each {
						code := fmt.Sprintf("%d%02d", g+1, i)
						status, b, err := c.do(t.Context(), http.MethodPost, p.AccessCodes, map[string]string{"code": code, "description": "c" + code})
						if err != nil || status != http.StatusCreated {
							t.Errorf("POST %s: %d %v %s", code, status, err, b)
						}
					}
				})
			}
			wg.Wait()
			for g := range writers {
				wg.Go(func() {
					var del []string
					for i := 0; i < each; i += 2 {
						del = append(del, fmt.Sprintf("%d%02d", g+1, i))
					}
					status, b, err := c.do(t.Context(), http.MethodPut, p.AccessCodes, map[string]any{"deleteCodes": del})
					if err != nil || status != http.StatusNoContent {
						t.Errorf("PUT deleteCodes: %d %v %s", status, err, b)
					}
				})
			}
			wg.Wait()
			var l struct {
				AccessCodes []struct{ Code, Description string } `json:"accessCodes"`
			}
			e.getJSON(t, p.AccessCodes, &l)
			got := map[string]bool{}
			for _, a := range l.AccessCodes {
				got[a.Code] = true
			}
			for g := range writers {
				for i := range each {
					code := fmt.Sprintf("%d%02d", g+1, i)
					if want := i%2 == 1; got[code] != want {
						t.Errorf("code %s present=%v, want %v", code, got[code], want)
					}
				}
			}
			if len(l.AccessCodes) != writers*each/2 {
				t.Errorf("%d codes left, want %d", len(l.AccessCodes), writers*each/2)
			}
		})
	}
}

type permEntry struct {
	Action          string `json:"action"`
	TransferEnabled bool   `json:"transferEnabled"`
}

// readPermissions GETs an outgoingPermission path and returns callType -> entry.
func readPermissions(t testing.TB, e *rawEmu, path string) map[string]permEntry {
	t.Helper()
	var body struct {
		CallingPermissions []struct {
			CallType string `json:"callType"`
			permEntry
		} `json:"callingPermissions"`
	}
	e.getJSON(t, path, &body)
	m := map[string]permEntry{}
	for _, cp := range body.CallingPermissions {
		if _, dup := m[cp.CallType]; dup {
			t.Errorf("%s: call type %s listed twice", path, cp.CallType)
		}
		m[cp.CallType] = cp.permEntry
	}
	return m
}
