package wxc

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type pageItem struct {
	ID string `json:"id"`
}

// collect drains a pagination iterator.
func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func ids(items []pageItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// pagedServer serves pages[i] for ?page=i under path, with next links while pages remain.
func pagedServer(env *testEnv, path, key string, pages []string, calls *atomic.Int32, queries *[]string) {
	env.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if queries != nil {
			*queries = append(*queries, r.URL.RawQuery)
		}
		i := 0
		if p := r.URL.Query().Get("page"); p != "" {
			_, _ = fmt.Sscan(p, &i)
		}
		if i+1 < len(pages) {
			next := fmt.Sprintf("%s%s/%s?max=2&page=%d&filter=%s", env.srv.URL, basePath, path, i+1, url.QueryEscape(r.URL.Query().Get("filter")))
			w.Header().Add("Link", `<`+env.srv.URL+`/prev>; rel="prev"`)
			w.Header().Add("Link", `<`+next+`>; rel="next"`)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{%q: %s, "notFoundIds": null}`, key, pages[i])
	})
}

func TestPaginateFollowsLinks(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	var queries []string
	pagedServer(env, "things", "items", []string{`[{"id":"a"},{"id":"b"}]`, `[]`, `null`, `[{"id":"c"}]`}, &calls, &queries)
	got, err := collect(paginate[pageItem](t.Context(), env.c, "things", url.Values{"filter": {"x y"}, "max": {"2"}}, ""))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c"}, ids(got)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if calls.Load() != 4 {
		t.Errorf("requests = %d, want 4", calls.Load())
	}
	wantQ := []string{"filter=x+y&max=2", "max=2&page=1&filter=x+y", "max=2&page=2&filter=x+y", "max=2&page=3&filter=x+y"}
	if diff := cmp.Diff(wantQ, queries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

func TestPaginateItemKeyAndMissingList(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	pagedServer(env, "virtualLines", "virtualLines", []string{`[{"id":"v1"}]`, `[{"id":"v2"}]`}, &calls, nil)
	got, err := collect(paginate[pageItem](t.Context(), env.c, "virtualLines", nil, "virtualLines"))
	if err != nil || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
	env.handle("GET nolist", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"other": 1}) })
	got, err = collect(paginate[pageItem](t.Context(), env.c, "nolist", nil, "items"))
	if err != nil || len(got) != 0 {
		t.Errorf("missing list: got %v, %v; want empty, nil", got, err)
	}
	env.handle("GET badlist", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"items": "nope"}) })
	if _, err = collect(paginate[pageItem](t.Context(), env.c, "badlist", nil, "items")); err == nil {
		t.Error("a non-array item list decoded without error")
	}
}

func TestPaginateStopsWhenConsumerBreaks(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	pagedServer(env, "things", "items", []string{`[{"id":"a"},{"id":"b"}]`, `[{"id":"c"}]`, `[{"id":"d"}]`}, &calls, nil)
	n := 0
	seq := paginate[pageItem](t.Context(), env.c, "things", nil, "items")
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if n == 2 {
			break
		}
	}
	if calls.Load() != 1 {
		t.Errorf("requests after breaking on page 1 = %d, want 1", calls.Load())
	}
	// After a break, the same iterator starts over.
	for it, err := range seq {
		if err != nil || it.ID != "a" {
			t.Errorf("first item after a break = %v, %v; want a", it, err)
		}
		break
	}
}

func TestPaginateRefusesForeignNextLink(t *testing.T) {
	t.Parallel()
	var foreign atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreign.Add(1)
		writeJSON(w, 200, map[string]any{"items": []any{}})
	}))
	defer other.Close()
	for _, next := range []string{other.URL + basePath + "/things?page=2", "https://webexapis.com/v1/things?page=2", "javascript:alert(1)"} {
		env := setup(t)
		env.handle("GET things", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "<"+next+`>; rel="next"`)
			writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "a"}}})
		})
		got, err := collect(paginate[pageItem](t.Context(), env.c, "things", nil, "items"))
		if err == nil || !strings.Contains(err.Error(), "not on") {
			t.Errorf("next %q: err = %v", next, err)
		}
		if len(got) != 1 {
			t.Errorf("next %q: items before the error = %v", next, got)
		}
	}
	if foreign.Load() != 0 {
		t.Error("a request went to the foreign host")
	}
}

func TestPaginateDetectsLoop(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.handle("GET loop", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		// page 1 -> page 2 -> page 1 ...
		next := "?p=2"
		if r.URL.Query().Get("p") == "2" {
			next = "?p=1"
		}
		w.Header().Set("Link", "<"+env.srv.URL+basePath+"/loop"+next+`>; rel="next"`)
		writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "x"}}})
	})
	_, err := collect(paginate[pageItem](t.Context(), env.c, "loop", url.Values{"p": {"1"}}, "items"))
	if err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Fatalf("err = %v, want a loop error", err)
	}
	if calls.Load() != 2 {
		t.Errorf("requests = %d, want 2", calls.Load())
	}
	env.handle("GET self", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "<"+env.srv.URL+basePath+`/self>; rel="next"`)
		writeJSON(w, 200, map[string]any{"items": []any{}})
	})
	if _, err := collect(paginate[pageItem](t.Context(), env.c, "self", nil, "items")); err == nil {
		t.Error("a page linking to itself did not stop")
	}
}

func TestPaginateRelativeAndBadLinks(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.handle("GET rel", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("p") == "" {
			w.Header().Set("Link", `<rel?p=2>; rel="next"`)
			writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "1"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "2"}}})
	})
	got, err := collect(paginate[pageItem](t.Context(), env.c, "rel", nil, "items"))
	if err != nil || len(got) != 2 {
		t.Errorf("relative next link: %v, %v", got, err)
	}
	env.handle("GET broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://x; rel="next"`)
		writeJSON(w, 200, map[string]any{"items": []any{}})
	})
	if _, err := collect(paginate[pageItem](t.Context(), env.c, "broken", nil, "items")); !errors.Is(err, errBadLink) {
		t.Errorf("malformed Link: err = %v", err)
	}
}

func TestPaginateErrors(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.handle("GET gone", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, map[string]string{"message": "no"}) })
	if _, err := collect(paginate[pageItem](t.Context(), env.c, "gone", nil, "items")); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if _, err := collect(paginate[pageItem](t.Context(), env.c, "/abs", nil, "items")); err == nil {
		t.Error("bad path accepted")
	}
	if _, err := collect(paginate[pageItem](t.Context(), nil, "x", nil, "items")); err == nil {
		t.Error("nil client accepted")
	}
}

func TestParseLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      []string
		want    string
		wantErr bool
	}{
		{nil, "", false},
		{[]string{""}, "", false},
		{[]string{`<https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lz>; rel="next"`},
			"https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lz", false},
		{[]string{`<https://a/x?p=1,2>; rel="prev", <https://a/x?p=3>; rel=next`}, "https://a/x?p=3", false},
		{[]string{`<https://a/1>; rel="first"`, `<https://a/2>; rel="next"`}, "https://a/2", false},
		{[]string{`<https://a/2>; title="a, b; c"; REL="prev next"`}, "https://a/2", false},
		{[]string{`<https://a/2>;rel=next;foo`}, "https://a/2", false},
		{[]string{`<https://a/2>; rel="nextpage"`}, "", false},
		{[]string{` , <https://a/2> ; rel = "next" `}, "https://a/2", false},
		{[]string{`https://a/2; rel="next"`}, "", true},
		{[]string{`<https://a/2; rel="next"`}, "", true},
		{[]string{`<https://a/2>; rel="next`}, "", true},
		{[]string{`<https://a/2> rel="next"`}, "", true},
		{[]string{`<https://a/2>; =x`}, "", true},
	}
	for _, tt := range tests {
		got, err := nextLink(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("nextLink(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func FuzzParseLink(f *testing.F) {
	f.Add(`<https://webexapis.com/v1/people?max=10&after=Y2lz>; rel="next"`, "https://webexapis.com/v1/x?a=1,2")
	f.Add(`<https://a/1>; rel="prev", <https://a/2>; rel=next`, "https://a/b;c")
	f.Add(`<u>; title="a\"b, c"; rel="next last"`, `http://h/"q"`)
	f.Add(`<`, "")
	f.Add(`, ,;`, " ")
	f.Fuzz(func(t *testing.T, header, target string) {
		links, err := parseLink(header) // must not panic
		if err == nil {
			for _, l := range links {
				if strings.ContainsRune(l.target, '>') {
					t.Fatalf("target %q contains '>'", l.target)
				}
			}
		}
		// A well-formed link built from any target without '>' parses back to it.
		target = strings.TrimSpace(target)
		if strings.ContainsAny(target, "<>") {
			return
		}
		h := "<" + target + `>; rel="next"`
		if prefix, perr := nextLink([]string{header}); perr == nil {
			// After a well-formed header, the built link is found unless the header has its own.
			want := prefix
			if want == "" {
				want = target
			}
			got, err := nextLink([]string{header + ", " + h})
			if err != nil || got != want {
				t.Fatalf("nextLink(%q) = %q, %v; want %q", header+", "+h, got, err, want)
			}
		}
		got, err := nextLink([]string{h})
		if err != nil || got != target {
			t.Fatalf("nextLink(%q) = %q, %v; want %q", h, got, err, target)
		}
	})
}

// flakyPages serves pages[i] for ?page=i under path, with next links while pages remain;
// fail(i, n) (n = 1 for the first request of page i) returns a status to answer instead,
// or 0. It returns the number of requests per page.
func flakyPages(env *testEnv, path string, pages []string, fail func(page, n int) int) func() []int {
	var mu sync.Mutex
	hits := make([]int, len(pages))
	env.handle("GET "+path, func(w http.ResponseWriter, r *http.Request) {
		i := 0
		if p := r.URL.Query().Get("page"); p != "" {
			_, _ = fmt.Sscan(p, &i)
		}
		mu.Lock()
		hits[i]++
		n := hits[i]
		mu.Unlock()
		if status := fail(i, n); status != 0 {
			writeJSON(w, status, map[string]string{"message": "transient"})
			return
		}
		if i+1 < len(pages) {
			w.Header().Set("Link", fmt.Sprintf(`<%s%s/%s?page=%d>; rel="next"`, env.srv.URL, basePath, path, i+1))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"items": %s}`, pages[i])
	})
	return func() []int {
		mu.Lock()
		defer mu.Unlock()
		return append([]int(nil), hits...)
	}
}

// TestPaginateResumesFailedPage: page 3 fails once more than the retry budget. The
// listing stops with a *PageError for page 3; ranging over the same iterator again
// resumes at page 3, so every item is yielded exactly once and pages 1 and 2 are not
// requested again. After the end, a new range starts over.
func TestPaginateResumesFailedPage(t *testing.T) {
	t.Parallel()
	const attempts = 3
	env := setup(t, WithRetryPolicy(RetryPolicy{MaxAttempts: attempts}))
	pages := []string{`[{"id":"a"},{"id":"b"}]`, `[{"id":"c"},{"id":"d"}]`, `[{"id":"e"},{"id":"f"}]`, `[{"id":"g"}]`}
	hits := flakyPages(env, "people", pages, func(page, n int) int {
		if page == 2 && n <= attempts+1 {
			return http.StatusInternalServerError
		}
		return 0
	})
	seq := env.c.People.All(t.Context(), nil)
	var got []string
	var errs []error
	for range 2 {
		for p, err := range seq {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = append(got, p.ID)
		}
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d", "e", "f", "g"}, got); diff != "" {
		t.Errorf("items over both ranges (-want +got):\n%s", diff)
	}
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want one, from the first range", errs)
	}
	var pe *PageError
	if !errors.As(errs[0], &pe) || pe.Page != 3 || !errors.Is(errs[0], ErrServerError) {
		t.Errorf("error = %#v (%v), want a *PageError for page 3 wrapping a 500", errs[0], errs[0])
	}
	if !strings.HasPrefix(errs[0].Error(), "page 3: GET "+basePath+"/people: 500") {
		t.Errorf("error text = %q", errs[0].Error())
	}
	if diff := cmp.Diff([]int{1, 1, attempts + 2, 1}, hits()); diff != "" {
		t.Errorf("requests per page (-want +got):\n%s", diff)
	}
	again, err := collect(seq)
	if err != nil || len(again) != 7 {
		t.Errorf("range after the end: %d items, %v; want all 7 from the start", len(again), err)
	}
	if diff := cmp.Diff([]int{2, 2, attempts + 3, 2}, hits()); diff != "" {
		t.Errorf("requests per page after a fresh range (-want +got):\n%s", diff)
	}
}

// TestPaginateResumesUndecodablePage: a page whose items cannot be decoded is requested
// again on resume; nothing of it was yielded.
func TestPaginateResumesUndecodablePage(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.handle("GET things", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("p") == "" {
			w.Header().Set("Link", `<things?p=2>; rel="next"`)
			writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "1"}}})
			return
		}
		if calls.Add(1) == 1 {
			writeJSON(w, 200, map[string]any{"items": "not a list"})
			return
		}
		writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "2"}, {"id": "3"}}})
	})
	seq := paginate[pageItem](t.Context(), env.c, "things", nil, "items")
	first, err := collect(seq)
	var pe *PageError
	if !errors.As(err, &pe) || pe.Page != 2 || !strings.Contains(err.Error(), "decode") {
		t.Fatalf("first range: err = %v, want a decode *PageError for page 2", err)
	}
	rest, err := collect(seq)
	if err != nil {
		t.Fatalf("resumed range: %v", err)
	}
	if diff := cmp.Diff([]string{"1", "2", "3"}, ids(append(first, rest...))); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// TestPaginateLinkErrorIsFinal: an unusable next link is not retried: ranging again
// yields the same error without a request and without repeating the page's items.
func TestPaginateLinkErrorIsFinal(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.handle("GET things", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Link", `<https://x; rel="next"`)
		writeJSON(w, 200, map[string]any{"items": []map[string]string{{"id": "a"}}})
	})
	seq := paginate[pageItem](t.Context(), env.c, "things", nil, "items")
	got, err1 := collect(seq)
	if len(got) != 1 || !errors.Is(err1, errBadLink) {
		t.Fatalf("first range: %v, %v", got, err1)
	}
	got, err2 := collect(seq)
	if len(got) != 0 || err2 != err1 {
		t.Errorf("second range: %v, %v; want no items and the same error", got, err2)
	}
	if calls.Load() != 1 {
		t.Errorf("requests = %d, want 1", calls.Load())
	}
}
