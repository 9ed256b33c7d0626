package emulator

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// stateWithSettings runs an emulator on a new state file, changes person 0
// (INTERNATIONAL ALLOW) and closes it.
func stateWithSettings(t *testing.T) (path string, personPathOf func(*tsrv) string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "state.db")
	s1, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	ts := &tsrv{Server: s1, t: t, tok: s1.Tokens().FullAdmin}
	for i := range 10 {
		ts.must(204, "PUT", personPath(ts.person(i)), `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"INTERNATIONAL","action":"ALLOW","transferEnabled":false}]}`)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	return path, func(s *tsrv) string { return personPath(s.person(0)) }
}

// TestUnitCorruptStateFileRefused: New refuses a truncated state file with
// ErrStateFileUnusable and a message that says what is wrong; the file is
// byte-identical afterwards.
func TestUnitCorruptStateFileRefused(t *testing.T) {
	path, _ := stateWithSettings(t)
	rep, err := CheckState(path)
	if err != nil || !rep.OK() || rep.Records != 10 || rep.Err() != nil {
		t.Fatalf("CheckState of a good file: %+v %v", rep, err)
	}
	full, _ := os.ReadFile(path)
	used := int(rep.Pages) * rep.PageSize
	for _, size := range []int{len(full) / 2, used - 1} {
		cut := filepath.Join(t.TempDir(), "cut.db")
		if err := os.WriteFile(cut, full[:size], 0o600); err != nil {
			t.Fatal(err)
		}
		before := sha(t, cut)
		s, err := New(Options{StatePath: cut})
		if err == nil {
			s.Close()
			if size < used {
				t.Fatalf("size %d of %d used bytes: New accepted a truncated file", size, used)
			}
			continue // half the file may still hold every page in use
		}
		if !errors.Is(err, ErrStateFileUnusable) || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("size %d: %v", size, err)
		}
		if sha(t, cut) != before {
			t.Fatal("the refused file was modified")
		}
		rep, err := CheckState(cut)
		if err != nil || rep.Status != "corrupt" || !errors.Is(rep.Err(), ErrStateFileUnusable) {
			t.Fatalf("CheckState: %+v %v", rep, err)
		}
	}
}

// TestUnitRepairState: a repaired copy gets a free name next to the source,
// the source is not touched, and the emulator serves the salvaged settings.
func TestUnitRepairState(t *testing.T) {
	path, pp := stateWithSettings(t)
	before := sha(t, path)
	r1, err := RepairState(path, "")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := RepairState(path, "")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	if r1.Dst != filepath.Join(dir, "state.repaired.db") || r2.Dst != filepath.Join(dir, "state.repaired-2.db") {
		t.Fatalf("names %q, %q", r1.Dst, r2.Dst)
	}
	if r1.Records != 10 || !r1.Source.OK() || sha(t, path) != before {
		t.Fatalf("report %+v (source ok %v); source unchanged %v", r1, r1.Source.OK(), sha(t, path) == before)
	}
	s := newT(t, Options{StatePath: r1.Dst})
	if a := s.perms(pp(s)).action(ctInternational); a != "ALLOW" {
		t.Fatalf("repaired state: INTERNATIONAL %s", a)
	}
	// An explicit destination that exists is refused, and nothing is written.
	if _, err := RepairState(path, r2.Dst); !errors.Is(err, os.ErrExist) {
		t.Fatalf("repair onto an existing file: %v", err)
	}
	// Nothing to salvage from a foreign file: refused, no file created.
	foreign := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(foreign, []byte(strings.Repeat("not a database\n", 1000)), 0o600)
	if _, err := RepairState(foreign, ""); !errors.Is(err, ErrStateFileUnusable) {
		t.Fatalf("repair of a foreign file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(foreign), "notes.repaired.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a failed repair created a file")
	}
}
