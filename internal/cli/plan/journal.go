package plan

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Journal states of an op.
const (
	StateStarted = "started" // the write is about to be sent
	StateDone    = "done"    // the write succeeded (or a re-read showed it was already in place)
	StateFailed  = "failed"  // the write failed
)

// JournalHeader is the first line of a journal: what is being applied.
type JournalHeader struct {
	Type        string    `json:"type"` // "plan"
	Version     int       `json:"version"`
	Created     time.Time `json:"created"`
	Command     string    `json:"command"`         // apply or restore
	Input       string    `json:"input,omitempty"` // the desired-state (or backup) file
	DesiredHash string    `json:"desiredHash"`     // sha256 of the desired-state (or backup) file and target
	// Target names where the writes go (API base URL and org, or the --emulator state file;
	// never a token); TargetHash is its hash, as used in journal and backup file names.
	Target     string `json:"target,omitempty"`
	TargetHash string `json:"targetHash,omitempty"`
	PlanHash   string `json:"planHash"` // sha256 of Plan's JSON
	Backup     string `json:"backup,omitempty"`
	Plan       Plan   `json:"plan"`
}

// JournalEntry is one later line: an op's state change, or the end of the run.
type JournalEntry struct {
	Type   string    `json:"type"` // "op" or "finished"
	Time   time.Time `json:"time"`
	ID     string    `json:"id,omitempty"`
	State  string    `json:"state,omitempty"`
	Result string    `json:"result,omitempty"` // e.g. a created digit pattern's ID
	Error  string    `json:"error,omitempty"`
}

// JournalState is what an existing journal says.
type JournalState struct {
	Header   JournalHeader
	Last     map[string]string // op ID -> last state
	Done     int               // ops whose last state is done
	Finished bool              // the run got to its end (every op done or failed)
}

// Journal is an append-only JSON-lines file; every line is fsync'd before Record returns,
// so after a crash it tells exactly which writes finished.
type Journal struct {
	mu   sync.Mutex
	f    *os.File
	path string
	now  func() time.Time
}

// Hash returns the hex sha256 of the parts, separated by NUL.
func Hash(parts ...[]byte) string {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// PlanHash returns the hash of the plan's JSON.
func PlanHash(p *Plan) string {
	b, _ := json.Marshal(p)
	return Hash(b)
}

// CreateJournal creates a new journal at path (which must not exist) with h as its header.
func CreateJournal(path string, h JournalHeader, now func() time.Time) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create the journal: %w", err)
	}
	h.Type, h.Version = "plan", 1
	if h.Created.IsZero() {
		h.Created = now().UTC()
	}
	j := &Journal{f: f, path: path, now: now}
	if err := j.writeLine(h); err != nil {
		f.Close()
		return nil, err
	}
	if err := syncDir(path); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// ReadJournal reads the journal at path. A last line cut short by a crash is ignored.
func ReadJournal(path string) (*JournalState, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	st := &JournalState{Last: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 1<<20), 1<<30)
	line := 0
	complete := len(b) > 0 && b[len(b)-1] == '\n'
	var lines [][]byte
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the journal %s: %w", path, err)
	}
	for i, l := range lines {
		line++
		last := i == len(lines)-1
		if line == 1 {
			if err := json.Unmarshal(l, &st.Header); err != nil || st.Header.Type != "plan" {
				return nil, fmt.Errorf("%s is not a wxc journal (line 1)", path)
			}
			continue
		}
		var e JournalEntry
		if err := json.Unmarshal(l, &e); err != nil {
			if last && !complete {
				break // torn write at the crash
			}
			return nil, fmt.Errorf("journal %s line %d: %w", path, line, err)
		}
		switch e.Type {
		case "op":
			st.Last[e.ID] = e.State
		case "finished":
			st.Finished = true
		}
	}
	if line == 0 {
		return nil, fmt.Errorf("%s is empty, not a wxc journal", path)
	}
	for _, s := range st.Last {
		if s == StateDone {
			st.Done++
		}
	}
	return st, nil
}

// OpenJournal opens an existing journal for appending.
func OpenJournal(path string, now func() time.Time) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the journal: %w", err)
	}
	// If a crash cut the last line short, drop the partial line.
	if err := truncateTorn(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("repair the journal %s: %w", path, err)
	}
	return &Journal{f: f, path: path, now: now}, nil
}

// truncateTorn cuts f after its last newline.
func truncateTorn(f *os.File) error {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return err
	}
	size := fi.Size()
	const chunk = 4096
	for end := size; end > 0; {
		start := max(end-chunk, 0)
		buf := make([]byte, end-start)
		if _, err := f.ReadAt(buf, start); err != nil {
			return err
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			keep := start + int64(i) + 1
			if keep == size {
				return nil
			}
			if err := f.Truncate(keep); err != nil {
				return err
			}
			return f.Sync()
		}
		end = start
	}
	return errors.New("no complete line")
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Record appends an op's new state and fsyncs.
func (j *Journal) Record(id, state, result string, opErr error) error {
	e := JournalEntry{Type: "op", Time: j.now().UTC(), ID: id, State: state, Result: result}
	if opErr != nil {
		e.Error = opErr.Error()
	}
	return j.writeLine(e)
}

// Finish appends the end-of-run line.
func (j *Journal) Finish() error {
	return j.writeLine(JournalEntry{Type: "finished", Time: j.now().UTC()})
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

func (j *Journal) writeLine(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write the journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("sync the journal %s: %w", j.path, err)
	}
	return nil
}

// syncDir fsyncs the directory holding path, so a new file's name is durable.
func syncDir(path string) error {
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync directory of %s: %w", path, err)
	}
	return nil
}
