package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Failure is one entity that a bulk command could not handle: a line of the failures file.
type Failure struct {
	Time       time.Time      `json:"time"`
	Kind       wxc.EntityKind `json:"kind"`
	ID         string         `json:"id"`
	Name       string         `json:"name,omitempty"`
	Error      string         `json:"error"`
	Status     int            `json:"status,omitempty"`
	TrackingID string         `json:"trackingId,omitempty"`
}

// FailureLog collects per-entity failures of a bulk command. The failures go, one JSON line
// each, to a file that is created at the first failure (so a clean run leaves no file), and
// Summary turns them into an ExitPartial error. It is safe for concurrent use.
type FailureLog struct {
	f        *Factory
	path     string
	mu       sync.Mutex
	file     *os.File
	enc      *json.Encoder
	count    int
	byReason map[string]int
	writeErr error
}

// NewFailureLog returns a log that writes to path, or to wxc-failures-<time>.jsonl in the
// current directory when path is empty.
func (f *Factory) NewFailureLog(path string) *FailureLog {
	if path == "" {
		path = "wxc-failures-" + f.Now().UTC().Format("20060102T150405Z") + ".jsonl"
	}
	return &FailureLog{f: f, path: path, byReason: map[string]int{}}
}

// Path is the failures file.
func (l *FailureLog) Path() string { return l.path }

// Count is the number of failures so far.
func (l *FailureLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count
}

// Add records that e failed with err.
func (l *FailureLog) Add(e snapshot.Entity, err error) {
	fl := Failure{Time: l.f.Now().UTC(), Kind: e.Kind, ID: e.ID, Name: e.Name, Error: err.Error()}
	reason := "error"
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		fl.Status, fl.TrackingID = apiErr.StatusCode, apiErr.TrackingID
		reason = fmt.Sprintf("HTTP %d", apiErr.StatusCode)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count++
	l.byReason[reason]++
	if l.writeErr != nil {
		return
	}
	if l.file == nil {
		file, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			l.writeErr = err
			return
		}
		l.file, l.enc = file, json.NewEncoder(file)
	}
	if err := l.enc.Encode(fl); err != nil {
		l.writeErr = err
	}
}

// Close closes the failures file.
func (l *FailureLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.file.Close()
	l.file = nil
	return err
}

// Summary closes the log and returns nil when nothing failed, or an *ExitError with
// ExitPartial that says how many of total entities failed, why, and where the details are.
func (l *FailureLog) Summary(total int, verb string) error {
	cerr := l.Close()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.count == 0 {
		return nil
	}
	reasons := make([]string, 0, len(l.byReason))
	for r, n := range l.byReason {
		reasons = append(reasons, fmt.Sprintf("%d× %s", n, r))
	}
	sort.Strings(reasons)
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed for %d of %d entities (%s)", verb, l.count, total, strings.Join(reasons, ", "))
	switch {
	case l.writeErr != nil:
		fmt.Fprintf(&b, "; could not write the failures file %s: %v", l.path, l.writeErr)
	case cerr != nil:
		fmt.Fprintf(&b, "; closing the failures file %s: %v", l.path, cerr)
	default:
		fmt.Fprintf(&b, "; details, one JSON line per entity, in %s", l.path)
	}
	b.WriteString("\n  run the command again (it is safe to repeat), or with --concurrency lower if the failures are 429 or 5xx")
	return &ExitError{Code: ExitPartial, Err: errors.New(b.String())}
}
