package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"

	"github.com/wxcgo/go-wxc/wxc"
)

// The SDK retries every request within its RetryPolicy (429 always; 500, 502, 503, 504 and
// network errors for GET, PUT and DELETE). What still fails after that is retried here, a few
// more times, at the level of a whole list page or a whole entity read:
const (
	// ListRetries is how many more times a list page that failed with a temporary error is
	// requested (by ranging the SDK's iterator again, which resumes from the failed page).
	ListRetries = 3
	// ReadRetries is how many more times an entity whose read failed with a temporary error
	// is read again (all four of its reads).
	ReadRetries = 2
)

// Transient reports whether err is a temporary failure that another try may get past: an
// API answer 429, 500, 502, 503 or 504, or a network error (timeout, refused or reset
// connection, a response cut short). The caller's own context being done is not (check
// ctx.Err() first); 501, 505, other 5xx and every other 4xx are final.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.StatusCode {
		case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// Retries counts the retries made after temporary errors, for summaries and tests. The zero
// value is ready; a nil *Retries counts nothing.
type Retries struct {
	Pages atomic.Int64 // list pages requested again
	Reads atomic.Int64 // entity reads made again
}

func (r *Retries) page() {
	if r != nil {
		r.Pages.Add(1)
	}
}

func (r *Retries) read() {
	if r != nil {
		r.Reads.Add(1)
	}
}

// String is "2 list pages and 3 entity reads", or "" when nothing was retried.
func (r *Retries) String() string {
	if r == nil {
		return ""
	}
	p, e := r.Pages.Load(), r.Reads.Load()
	switch {
	case p == 0 && e == 0:
		return ""
	case e == 0:
		return plural(p, "list page", "list pages")
	case p == 0:
		return plural(e, "entity read", "entity reads")
	}
	return plural(p, "list page", "list pages") + " and " + plural(e, "entity read", "entity reads")
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ListError is a list that still failed after the retries. The entities of its kind that
// were not yet listed are missing; the other lists go on, except after the calling-locations
// list (Stopped), whose names every entity's record carries.
type ListError struct {
	Kind    wxc.EntityKind // the kind being listed (Location for the calling-locations list)
	List    string         // what was listed: "people", "workspaces", "calling locations", "virtual lines"
	Page    int            // the page that failed; 1 is the first
	Listed  int            // entities of this list yielded before it failed
	Tries   int            // how often the failed page was requested (each time with the SDK's retries)
	Stopped bool           // nothing after this list was listed
	Why     string         // when Stopped: why nothing else was read; "" for the calling-locations list of every run (every record names its location)
	Err     error          // the last failure (a *wxc.PageError, usually)
	// OrgID and OrgName name the org of the list in a run over several orgs (AllOrgs).
	OrgID, OrgName string
	// OrgStopped: in a run over several orgs, nothing more of this org was listed (its
	// calling-locations list failed); Stopped is then false, as the next org is listed.
	OrgStopped bool
}

// Error says which list failed, where, how often it was tried, and why.
func (e *ListError) Error() string {
	tries := ""
	if e.Tries > 1 {
		tries = fmt.Sprintf(" (tried %d times)", e.Tries)
	}
	return fmt.Sprintf("list %s: %v%s", e.List, e.Err, tries)
}

// Unwrap returns Err.
func (e *ListError) Unwrap() error { return e.Err }

// pages ranges seq, one of the SDK's list iterators, calling yield for each item. When seq
// yields a temporary *wxc.PageError it is ranged again, which resumes the listing at the
// failed page (no item is yielded twice), up to ListRetries more times for the same page.
// It returns the final error with the number of tries of the failed page, or stopped when
// yield returned false.
func pages[T any](ctx context.Context, seq iter.Seq2[T, error], retries *Retries, yield func(T) bool) (tries int, err error, stopped bool) {
	page := 0
	for {
		var failed error
		for it, err := range seq {
			if err != nil {
				failed = err
				break
			}
			if !yield(it) {
				return 0, nil, true
			}
		}
		if failed == nil {
			return 0, nil, false
		}
		var pe *wxc.PageError
		if !errors.As(failed, &pe) {
			return 1, failed, false
		}
		if pe.Page != page {
			page, tries = pe.Page, 0
		}
		tries++
		if tries > ListRetries || ctx.Err() != nil || !Transient(failed) {
			return tries, failed, false
		}
		retries.page()
	}
}

// FetchRetrying is Fetch, made again up to ReadRetries more times while it fails with a
// temporary error (after the SDK's own retries of each request).
func FetchRetrying(ctx context.Context, client *wxc.Client, e Entity, retries *Retries, opts ...wxc.CallOption) (*Settings, error) {
	for try := 0; ; try++ {
		s, err := Fetch(ctx, client, e, opts...)
		if err == nil || try >= ReadRetries || ctx.Err() != nil || !Transient(err) {
			return s, err
		}
		retries.read()
	}
}
