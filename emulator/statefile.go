package emulator

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

// ErrStateFileUnusable is matched (errors.Is) by the error New returns when
// Options.StatePath names a file that is corrupt, not an emulator state file,
// or of another schema version, and by RepairState for a file it cannot
// salvage anything from. The file was not changed.
var ErrStateFileUnusable = store.ErrUnusable

// StateReport is what CheckState found in a state file.
type StateReport struct {
	Path          string
	Size          int64  // bytes
	PageSize      int    // bbolt page size; 0 when no valid meta page was found
	Pages         uint64 // pages in use (the meta page's high-water mark)
	TxID          uint64 // the last committed transaction
	SchemaVersion string // "" when missing
	Records       int    // records that are readable and valid
	// Status is "ok", "corrupt", "foreign" (not an emulator state file) or
	// "schema" (an emulator state file of another schema version).
	Status string
	// Problems says what is wrong (at most 50; MoreProblems counts the rest).
	Problems     []string
	MoreProblems int

	err error
}

// OK reports whether New would accept the file.
func (r *StateReport) OK() bool { return r.Status == "ok" }

// Err returns nil for a usable file, else the error New would return
// (errors.Is ErrStateFileUnusable).
func (r *StateReport) Err() error { return r.err }

func stateReport(c *store.CheckReport) *StateReport {
	status := c.Kind
	if status == store.KindOK {
		status = "ok"
	}
	var err error
	if e := c.Err(); e != nil {
		err = fmt.Errorf("emulator: %w", e)
	}
	return &StateReport{Path: c.Path, Size: c.Size, PageSize: c.PageSize, Pages: c.Pages, TxID: c.TxID,
		SchemaVersion: c.Schema, Records: c.Records, Status: status,
		Problems: append([]string(nil), c.Problems...), MoreProblems: c.Omitted, err: err}
}

// CheckState checks the state file at path the way New does before it opens
// one, without modifying it: it reads the file with plain reads (never
// mapped into memory, so a truncated file cannot crash the process) and
// walks every page the database would use. The error is for a file that
// cannot be read at all (missing, a directory, in use by a running emulator);
// what is wrong with the content is in the report.
func CheckState(path string) (*StateReport, error) {
	c, err := store.Check(path)
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return stateReport(c), nil
}

// RepairReport says what RepairState salvaged.
type RepairReport struct {
	Src, Dst string
	Records  int          // records copied to Dst
	Source   *StateReport // the check of Src: its problems are what was skipped
}

// RepairState copies the readable records of the state file src to a new
// state file and returns where. src is only read, never changed. dst must not
// exist; "" picks a free name next to src: NAME.repaired.EXT, then
// NAME.repaired-2.EXT and so on. Damaged pages (and the records under them)
// and records that are not JSON are skipped; the new file is checked before
// RepairState returns. It fails, creating nothing, for a file of another
// schema version or without any readable database structure.
func RepairState(src, dst string) (*RepairReport, error) {
	names := []string{dst}
	if dst == "" {
		names = repairNames(src)
	}
	for _, name := range names {
		r, err := store.Repair(src, name)
		if errors.Is(err, os.ErrExist) && dst == "" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
		return &RepairReport{Src: r.Src, Dst: r.Dst, Records: r.Records, Source: stateReport(r.Source)}, nil
	}
	return nil, fmt.Errorf("emulator: no free name for the repaired copy of %s (tried %s ... %s)", src, names[0], names[len(names)-1])
}

func repairNames(src string) []string {
	ext := filepath.Ext(src)
	base := strings.TrimSuffix(src, ext)
	names := []string{base + ".repaired" + ext}
	for i := 2; i <= 100; i++ {
		names = append(names, fmt.Sprintf("%s.repaired-%d%s", base, i, ext))
	}
	return names
}
