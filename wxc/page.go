package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
)

// maxPages stops a pagination that never ends (distinct next links forever).
const maxPages = 100000

// PageError is what a list iterator yields when a page fails: its request failed after the
// client's retries, or its body or next-page link was unusable. The items of the pages
// before it have been yielded. Ranging over the same iterator again resumes the listing
// (see Pagination in the package doc).
type PageError struct {
	// Page is the number of the page that failed; 1 is the first.
	Page int
	// Err is the failure: an *APIError, a network or context error, or a decode or link
	// error.
	Err error
}

// Error returns "page N: " and the failure's text; the prefix is left out for page 1.
func (e *PageError) Error() string {
	if e.Page <= 1 {
		return e.Err.Error()
	}
	return fmt.Sprintf("page %d: %v", e.Page, e.Err)
}

// Unwrap returns Err, so that errors.Is(err, ErrServerError) and errors.As work.
func (e *PageError) Unwrap() error { return e.Err }

// cursor is where a listing stands: the page to request next and the pages seen so far.
type cursor struct {
	r    *request
	u    *url.URL
	page int
	seen map[string]bool
	// final, when set, is a next-link error; a retry could not fix it, so it is yielded
	// again instead of repeating the page.
	final *PageError
}

// paginate iterates over the items of a list endpoint. It requests path with query, then
// follows the Link rel="next" URL as given until there is none. The items are the JSON
// array under itemKey ("items" when empty); a missing or null array is an empty page.
// A next link on another scheme or host, or one seen before, ends the iteration with an
// error. Breaking out of the loop stops it without further requests.
//
// The iterator keeps its cursor after an error: called again, it requests the failed
// page (or yields a next-link error again) instead of starting over, so that no item is
// yielded twice. After the last page or a break, a call starts from the first page.
func paginate[T any](ctx context.Context, c *Client, path string, query url.Values, itemKey string) iter.Seq2[T, error] {
	if itemKey == "" {
		itemKey = "items"
	}
	var saved atomic.Pointer[cursor] // set only after an error; taken by the next call
	return func(yield func(T, error) bool) {
		var zero T
		if c == nil {
			yield(zero, &ValidationError{Field: "client", Reason: "nil *Client; create one with NewClient"})
			return
		}
		cur := saved.Swap(nil)
		if cur == nil {
			first := &request{method: http.MethodGet, path: path, query: query}
			u, err := c.requestURL(first)
			if err != nil {
				yield(zero, err)
				return
			}
			cur = &cursor{r: first, u: u, page: 1, seen: map[string]bool{u.String(): true}}
		}
		if cur.final != nil {
			saved.Store(cur)
			yield(zero, cur.final)
			return
		}
		// fail saves the cursor (at the failed page, or final) before yielding err.
		fail := func(err error, final bool) {
			pe := &PageError{Page: cur.page, Err: err}
			if final {
				cur.final = pe
			}
			saved.Store(cur)
			yield(zero, pe)
		}
		for {
			var body map[string]json.RawMessage
			cur.r.out = &body
			resp, err := c.do(ctx, cur.r)
			if err != nil {
				fail(err, false)
				return
			}
			items, err := pageItems[T](body, itemKey)
			if err != nil {
				fail(fmt.Errorf("GET %s: %w", cur.u.EscapedPath(), c.redactErr(err)), false)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			next, err := nextLink(resp.Header.Values("Link"))
			if err != nil {
				fail(fmt.Errorf("GET %s: %w", cur.u.EscapedPath(), err), true)
				return
			}
			if next == "" {
				return
			}
			nu, err := url.Parse(next)
			if err == nil && !nu.IsAbs() {
				// A relative next link is resolved against the page it came from.
				nu = cur.u.ResolveReference(nu)
			}
			if err != nil || !c.sameOrigin(nu) || nu.User != nil {
				fail(fmt.Errorf("GET %s: next-page link is not on %s://%s; refusing to follow it with the token",
					cur.u.EscapedPath(), c.base.Scheme, c.base.Host), true)
				return
			}
			nu.Fragment, nu.RawFragment = "", ""
			key := nu.String()
			if cur.seen[key] {
				fail(fmt.Errorf("GET %s: next-page link repeats an earlier page; stopping to avoid a loop", cur.u.EscapedPath()), true)
				return
			}
			if cur.page >= maxPages {
				fail(fmt.Errorf("GET %s: more than %d pages; stopping", cur.u.EscapedPath(), maxPages), true)
				return
			}
			cur.seen[key] = true
			cur.u = nu
			cur.r = &request{method: http.MethodGet, rawURL: key}
			cur.page++
		}
	}
}

// pageItems decodes the array under key; missing or null is empty.
func pageItems[T any](body map[string]json.RawMessage, key string) ([]T, error) {
	raw, ok := body[key]
	if !ok {
		return nil, nil
	}
	var items []T
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("decode %q: %w", key, err)
	}
	return items, nil
}

// errBadLink reports a Link header that does not follow RFC 8288.
var errBadLink = errors.New("malformed Link header")

// nextLink returns the target of the first link with relation "next" in the Link header
// values, or "" when there is none. A value that cannot be parsed is an error.
func nextLink(values []string) (string, error) {
	for _, v := range values {
		links, err := parseLink(v)
		if err != nil {
			return "", err
		}
		for _, l := range links {
			for rel := range strings.FieldsSeq(l.rel) {
				if strings.EqualFold(rel, "next") {
					return l.target, nil
				}
			}
		}
	}
	return "", nil
}

// link is one entry of a Link header.
type link struct {
	target string // the URI-Reference between < and >
	rel    string // the rel parameter (space-separated relation types)
}

// parseLink parses one Link header value: a comma-separated list of
// `<target>; param=value; param="quoted value"`. Commas inside <...> and quoted strings
// are part of them.
func parseLink(s string) ([]link, error) {
	var out []link
	i := 0
	skipSpace := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	for {
		skipSpace()
		if i == len(s) {
			return out, nil
		}
		if s[i] == ',' { // empty list element
			i++
			continue
		}
		if s[i] != '<' {
			return nil, fmt.Errorf("%w: expected '<' at offset %d", errBadLink, i)
		}
		end := strings.IndexByte(s[i+1:], '>')
		if end < 0 {
			return nil, fmt.Errorf("%w: unterminated '<'", errBadLink)
		}
		l := link{target: strings.TrimSpace(s[i+1 : i+1+end])}
		i += end + 2
		// Parameters.
		for {
			skipSpace()
			if i == len(s) || s[i] == ',' {
				break
			}
			if s[i] != ';' {
				return nil, fmt.Errorf("%w: expected ';' or ',' at offset %d", errBadLink, i)
			}
			i++
			skipSpace()
			start := i
			for i < len(s) && s[i] != '=' && s[i] != ';' && s[i] != ',' && s[i] != ' ' && s[i] != '\t' {
				i++
			}
			name := s[start:i]
			skipSpace()
			var value string
			if i < len(s) && s[i] == '=' {
				i++
				skipSpace()
				if i < len(s) && s[i] == '"' {
					i++
					var b strings.Builder
					closed := false
					for i < len(s) {
						ch := s[i]
						i++
						if ch == '\\' && i < len(s) {
							b.WriteByte(s[i])
							i++
							continue
						}
						if ch == '"' {
							closed = true
							break
						}
						b.WriteByte(ch)
					}
					if !closed {
						return nil, fmt.Errorf("%w: unterminated quoted string", errBadLink)
					}
					value = b.String()
				} else {
					start := i
					for i < len(s) && s[i] != ';' && s[i] != ',' && s[i] != ' ' && s[i] != '\t' {
						i++
					}
					value = s[start:i]
				}
			}
			if name == "" {
				return nil, fmt.Errorf("%w: empty parameter name", errBadLink)
			}
			if strings.EqualFold(name, "rel") && l.rel == "" {
				l.rel = value
			}
		}
		out = append(out, l)
	}
}
