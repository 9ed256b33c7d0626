package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// check.go, walk.go and walktree.go validate a bbolt state file without
// bbolt and without mmap.
//
// bbolt maps the file into memory and trusts what it finds: a page past the
// end of a truncated file is a SIGBUS (a fatal runtime error that recover()
// cannot catch), and a damaged page header trips one of its assertion panics,
// some of them on goroutines of its own. So before bbolt is allowed near an
// existing file, Check reads it with plain pread calls and walks every page
// bbolt would touch: both meta pages (magic, version, checksum), the file
// size against the high-water mark, every branch, leaf and overflow page of
// every bucket (page id, type, element bounds, key order, each page
// referenced once, nothing past the high-water mark), inline buckets, the
// freelist when one is stored, and then the emulator's own layout (schema
// key, records that are JSON). Every check is bounds-checked Go code: a
// damaged file gives a list of problems, never a panic.
//
// The same walk, tolerant of damage, is what Repair uses to salvage the
// records that are still readable.
//
// check.go holds the report and Check; walk.go the layout, the meta pages
// and the page bookkeeping; walktree.go the freelist, the B+trees and the
// records.

// Problem kinds of a CheckReport.
const (
	// KindOK: no problem.
	KindOK = ""
	// KindCorrupt: a bbolt file (magic found) that is damaged.
	KindCorrupt = "corrupt"
	// KindForeign: not a bbolt file, or a bbolt file without the emulator's schema key.
	KindForeign = "foreign"
	// KindSchema: an emulator state file of another schema version.
	KindSchema = "schema"
)

// CheckReport is what Check found in a state file.
type CheckReport struct {
	Path     string
	Size     int64  // file size in bytes
	PageSize int    // 0 when no valid meta page was found
	Pages    uint64 // high-water mark of the meta page in use
	TxID     uint64 // transaction of the meta page in use
	Schema   string // the schema key, "" when missing
	Records  int    // records that are readable and valid
	// Kind is KindOK, KindCorrupt, KindForeign or KindSchema.
	Kind string
	// Problems lists what is wrong, at most maxProblems entries; Omitted counts the rest.
	Problems []string
	Omitted  int
}

// OK reports whether the file can be used as it is.
func (r *CheckReport) OK() bool { return r.Kind == KindOK }

// ErrUnusable is matched (errors.Is) by the *FileError of a state file that
// is corrupt, not an emulator state file, or of another schema version.
var ErrUnusable = errors.New("unusable state file")

// FileError is returned for a state file that cannot be used. The file was
// not changed.
type FileError struct {
	Path   string
	Report *CheckReport
}

func (e *FileError) Error() string {
	r := e.Report
	switch r.Kind {
	case KindSchema:
		return fmt.Sprintf("state file %s has schema version %q, this emulator needs %q; refusing to touch it", e.Path, r.Schema, SchemaVersion)
	case KindForeign:
		return fmt.Sprintf("state file %s is not a usable emulator state file (refusing to touch it): %s", e.Path, r.summary(3))
	}
	return fmt.Sprintf("state file %s is corrupt (refusing to use it; the file was not changed): %s", e.Path, r.summary(3))
}

// Is makes errors.Is(err, ErrUnusable) true.
func (e *FileError) Is(target error) bool { return target == ErrUnusable }

// summary joins the first n problems.
func (r *CheckReport) summary(n int) string {
	var b bytes.Buffer
	for i, p := range r.Problems {
		if i == n {
			fmt.Fprintf(&b, "; and %d more problems", len(r.Problems)-n+r.Omitted)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	if b.Len() == 0 {
		return "no problems"
	}
	return b.String()
}

// Err returns nil for a usable file, else a *FileError.
func (r *CheckReport) Err() error {
	if r.OK() {
		return nil
	}
	return &FileError{Path: r.Path, Report: r}
}

// Check validates the state file at path without modifying it and without
// bbolt. It returns an error only when the file cannot be read at all (missing,
// a directory, in use by a writer, an I/O error); what is wrong with its
// content is in the report.
func Check(path string) (*CheckReport, error) {
	rep, _, err := walkFile(path, false)
	return rep, err
}

// record is a salvaged key/value pair.
type record struct{ k, v []byte }

// walkFile opens path under a shared lock and walks it. With collect it
// returns the readable records (Repair).
func walkFile(path string, collect bool) (*CheckReport, []record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, nil, fmt.Errorf("state file %s is a directory", path)
	}
	if err := lockShared(f); errors.Is(err, errInUse) {
		return nil, nil, fmt.Errorf("state file %s is %w (a running emulator?); stop it first", path, err)
	} else if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	defer unlock(f)
	w := &walker{f: f, size: fi.Size(), rep: &CheckReport{Path: path, Size: fi.Size()}, collect: collect}
	if err := w.run(); err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return w.rep, w.records, nil
}
