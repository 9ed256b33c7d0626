package snapshot_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// faulty serves the emulator, answering a request with status when fail says so (n counts the
// requests that match path, from 1).
func faulty(t *testing.T, emu *emulatortest.Emulator, path string, status int, fail func(n int64) bool) *wxc.Client {
	t.Helper()
	var n atomic.Int64
	h := emu.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == path && fail(n.Add(1)) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"message":"injected by the test","trackingId":"TEST_%d"}`, n.Load())
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	// One attempt per request: each failure above reaches List (no SDK retries, no waiting).
	return emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithBaseURL(ts.URL+"/v1"), wxc.WithRetryPolicy(wxc.RetryPolicy{MaxAttempts: 1}))
}

type listed struct {
	entities []snapshot.Entity
	errs     []*snapshot.ListError
	at       []int // index in entities where each error came
}

func listAll(t *testing.T, c *wxc.Client, retries *snapshot.Retries) listed {
	t.Helper()
	var out listed
	for e, err := range snapshot.ListCounting(t.Context(), c, snapshot.Filter{}, retries) {
		if err != nil {
			var le *snapshot.ListError
			if !errors.As(err, &le) {
				t.Fatalf("List yielded %v, want a *ListError", err)
			}
			if e.Kind != le.Kind {
				t.Errorf("the entity yielded with %v has kind %q", err, e.Kind)
			}
			out.errs, out.at = append(out.errs, le), append(out.at, len(out.entities))
			continue
		}
		out.entities = append(out.entities, e)
	}
	return out
}

// TestListRetriesFailedPage: a people-list page that fails is requested again (the SDK's
// iterator resumes at that page), ListRetries more times; then the list gives up with a
// ListError in its place and the other kinds are still listed.
func TestListRetriesFailedPage(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo, o.People = true, 250 })
	clean := listAll(t, emu.Client, nil)
	if len(clean.errs) != 0 {
		t.Fatalf("clean list failed: %v", clean.errs[0])
	}
	people := 0
	for _, e := range clean.entities {
		if e.Kind == wxc.Person {
			people++
		}
	}
	if people < 150 {
		t.Fatalf("want several pages of people, have %d", people)
	}

	// Page 2 of the people fails ListRetries times, then works: nothing is lost or repeated.
	var retries snapshot.Retries
	c := faulty(t, emu, "/v1/people", http.StatusServiceUnavailable, func(n int64) bool { return n >= 2 && n <= 1+snapshot.ListRetries })
	got := listAll(t, c, &retries)
	if len(got.errs) != 0 {
		t.Fatalf("list failed after %d failures of a page: %v", snapshot.ListRetries, got.errs[0])
	}
	if fmt.Sprint(got.entities) != fmt.Sprint(clean.entities) {
		t.Errorf("retried list differs from the clean one: %d entities, want %d", len(got.entities), len(clean.entities))
	}
	if n := retries.Pages.Load(); n != snapshot.ListRetries {
		t.Errorf("%d pages retried, want %d", n, snapshot.ListRetries)
	}

	// One failure more: the people list gives up at page 2; workspaces, locations and
	// virtual lines follow as usual.
	c = faulty(t, emu, "/v1/people", http.StatusServiceUnavailable, func(n int64) bool { return n >= 2 && n <= 2+snapshot.ListRetries })
	got = listAll(t, c, nil)
	if len(got.errs) != 1 {
		t.Fatalf("%d list errors, want 1", len(got.errs))
	}
	le := got.errs[0]
	var perPage int
	for _, e := range got.entities {
		if e.Kind == wxc.Person {
			perPage++
		}
	}
	if le.Kind != wxc.Person || le.List != "people" || le.Page != 2 || le.Tries != 1+snapshot.ListRetries || le.Stopped ||
		le.Listed != perPage || got.at[0] != perPage || !errors.Is(le, wxc.ErrServerError) {
		t.Errorf("list error %+v at %d, want people page 2, %d tries, after the %d people of page 1", le, got.at[0], 1+snapshot.ListRetries, perPage)
	}
	if !strings.Contains(le.Error(), "list people: page 2: ") || !strings.Contains(le.Error(), fmt.Sprintf("(tried %d times)", 1+snapshot.ListRetries)) {
		t.Errorf("message %q", le.Error())
	}
	rest := clean.entities[people:]
	if fmt.Sprint(got.entities[perPage:]) != fmt.Sprint(rest) || fmt.Sprint(got.entities[:perPage]) != fmt.Sprint(clean.entities[:perPage]) {
		t.Errorf("the entities around the failed list differ from the clean list")
	}
}

// TestListErrorsNotRetried: a 404 is final (no retry); a failed calling-locations list ends
// the listing (every entity carries its location's name).
func TestListErrorsNotRetried(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	var retries snapshot.Retries
	c := faulty(t, emu, "/v1/workspaces", http.StatusNotFound, func(int64) bool { return true })
	got := listAll(t, c, &retries)
	if len(got.errs) != 1 || got.errs[0].Kind != wxc.Workspace || got.errs[0].Tries != 1 || got.errs[0].Page != 1 || got.errs[0].Listed != 0 {
		t.Fatalf("list errors %+v, want one for the workspaces, tried once", got.errs)
	}
	if retries.Pages.Load() != 0 {
		t.Errorf("a 404 was retried")
	}
	kinds := map[wxc.EntityKind]int{}
	for _, e := range got.entities {
		kinds[e.Kind]++
	}
	if kinds[wxc.Person] == 0 || kinds[wxc.Location] == 0 || kinds[wxc.VirtualLine] == 0 || kinds[wxc.Workspace] != 0 {
		t.Errorf("kinds listed around the failed workspaces list: %v", kinds)
	}

	c = faulty(t, emu, "/v1/telephony/config/locations", http.StatusInternalServerError, func(int64) bool { return true })
	got = listAll(t, c, &retries)
	if len(got.errs) != 1 || len(got.entities) != 0 {
		t.Fatalf("locations failing: %d entities, errors %+v; want only the error", len(got.entities), got.errs)
	}
	if le := got.errs[0]; le.Kind != wxc.Location || !le.Stopped || le.Tries != 1+snapshot.ListRetries {
		t.Errorf("locations list error %+v", le)
	}
}

// TestFetchRetrying: an entity read that fails with a temporary error is made again (all of
// it), ReadRetries more times; other errors are returned at once.
func TestFetchRetrying(t *testing.T) {
	t.Parallel()
	emu := emulatortest.New(t, func(o *emulator.Options) { o.Demo = true })
	var p snapshot.Entity
	for e, err := range snapshot.List(t.Context(), emu.Client, snapshot.Filter{Kinds: []wxc.EntityKind{wxc.Person}}) {
		if err != nil {
			t.Fatal(err)
		}
		p = e
		break
	}
	path := "/v1/telephony/config/people/" + p.ID + "/outgoingPermission/digitPatterns"
	for _, tt := range []struct {
		status, fails int
		ok            bool
		reads         int64
	}{
		{http.StatusBadGateway, snapshot.ReadRetries, true, snapshot.ReadRetries},
		{http.StatusBadGateway, snapshot.ReadRetries + 1, false, snapshot.ReadRetries},
		{http.StatusForbidden, 1, false, 0},
		{http.StatusNotImplemented, 1, false, 0},
	} {
		var retries snapshot.Retries
		c := faulty(t, emu, path, tt.status, func(n int64) bool { return n <= int64(tt.fails) })
		s, err := snapshot.FetchRetrying(t.Context(), c, p, &retries)
		if (err == nil) != tt.ok || (err == nil && s.DigitPatterns == nil) {
			t.Errorf("%d ×%d: err %v", tt.status, tt.fails, err)
		}
		if got := retries.Reads.Load(); got != tt.reads {
			t.Errorf("%d ×%d: %d reads retried, want %d", tt.status, tt.fails, got, tt.reads)
		}
		if err != nil && strings.Count(err.Error(), "digit patterns of person") > 1 {
			t.Errorf("the error says what was read twice: %v", err)
		}
	}
}

func TestTransient(t *testing.T) {
	t.Parallel()
	api := func(status int) error { return fmt.Errorf("x: %w", &wxc.APIError{StatusCode: status}) }
	for err, want := range map[error]bool{
		api(429): true, api(500): true, api(502): true, api(503): true, api(504): true,
		api(501): false, api(505): false, api(400): false, api(404): false, api(409): false,
		context.Canceled: false, fmt.Errorf("x: %w", context.DeadlineExceeded): true, errors.New("plain"): false,
		nil: false, &wxc.PageError{Page: 2, Err: api(503)}: true,
	} {
		if got := snapshot.Transient(err); got != want {
			t.Errorf("Transient(%v) = %v, want %v", err, got, want)
		}
	}
}
