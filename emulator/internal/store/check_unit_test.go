package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// These tests damage state files on purpose. A check that let damage through
// to bbolt would not fail politely: bbolt would crash the test binary (SIGBUS
// past the end of a truncated file, or an assertion panic on one of its own
// goroutines). So every test here that passes shows "no crash" as well.

// fixtureManyTx writes n records one transaction each (without fsync), as a
// running emulator does: bbolt recycles freed pages, so the newest pages are
// spread over the file instead of sitting at its end.
func fixtureManyTx(t *testing.T, n int) (string, map[string][]byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.NoSync = true
	want := map[string][]byte{}
	for i := range n {
		// Keys in a scattered order, values of different sizes.
		k := Key{Org: "org", Kind: "person", ID: fmt.Sprintf("p%05d", (i*7919)%n)}
		v := fmt.Appendf(nil, `{"n":%d,"pad":%q}`, i, strings.Repeat("y", 100+i%150))
		want[k.String()] = v
		if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(recordsBucket).Put([]byte(k.String()), v) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, want
}

// fixture writes n records (JSON values of about 200 bytes, enough for a
// branch page over many leaf pages) to a new state file in one transaction.
func fixture(t *testing.T, n int) (string, map[string][]byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(recordsBucket)
		for i := range n {
			k := Key{Org: "org", Kind: "person", ID: fmt.Sprintf("p%05d", i)}.String()
			v := fmt.Appendf(nil, `{"n":%d,"pad":%q}`, i, strings.Repeat("x", 180))
			want[k] = v
			if err := b.Put([]byte(k), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, want
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// copyFile copies src to a new file in the test's temp dir, changed by edit.
func copyFile(t *testing.T, src, name string, edit func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(dst, edit(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// mustRefuse checks that Check reports path as kind and OpenBolt refuses it
// with a *FileError whose text contains want, leaving the file byte-identical.
func mustRefuse(t *testing.T, path, kind, want string) *CheckReport {
	t.Helper()
	before := fileHash(t, path)
	rep, err := Check(path)
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	if rep.Kind != kind || len(rep.Problems) == 0 {
		t.Errorf("Check: kind %q, problems %q; want kind %q", rep.Kind, rep.Problems, kind)
	}
	s, err := OpenBolt(path)
	if err == nil {
		s.Close()
		t.Fatal("OpenBolt accepted the file")
	}
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrUnusable) {
		t.Errorf("OpenBolt error %v (%T) is not a *FileError matching ErrUnusable", err, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("OpenBolt error %q does not mention %q", err, want)
	}
	if fileHash(t, path) != before {
		t.Fatal("the refused file was modified")
	}
	return rep
}

// usedBytes is the part of the file below the high-water mark.
func usedBytes(t *testing.T, path string) int {
	t.Helper()
	rep, err := Check(path)
	if err != nil || !rep.OK() {
		t.Fatalf("fixture does not check: %v %+v", err, rep)
	}
	return int(rep.Pages) * rep.PageSize
}

func TestCheckAcceptsAndOpenWritesNothing(t *testing.T) {
	path, want := fixture(t, 300)
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Records != len(want) || rep.Schema != SchemaVersion || rep.PageSize == 0 || rep.Pages < 10 {
		t.Fatalf("report %+v", rep)
	}
	before := fileHash(t, path)
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		got, err := s.Get(context.Background(), parseKey(t, k))
		if err != nil || !bytes.Equal(got, v) {
			t.Fatalf("Get %s = %q, %v", k, got, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fileHash(t, path) != before {
		t.Fatal("opening and reading a valid file changed it")
	}
}

func parseKey(t *testing.T, k string) Key {
	t.Helper()
	p := strings.SplitN(k, "/", 3)
	if len(p) != 3 {
		t.Fatalf("key %q", k)
	}
	return Key{Org: p[0], Kind: p[1], ID: p[2]}
}

func TestCheckRefusesTruncatedFile(t *testing.T) {
	path, _ := fixture(t, 300)
	full, _ := os.ReadFile(path)
	used := usedBytes(t, path)
	for _, tc := range []struct {
		name string
		size int
		want string
	}{
		{"half the file", len(full) / 2, "truncated"},
		{"half the used pages", used / 2, "truncated"},
		{"one byte short", used - 1, "truncated"},
		{"first page only", 4096, "truncated"},
		{"100 bytes", 100, "corrupt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.size >= used && tc.want == "truncated" {
				t.Fatalf("fixture: size %d does not cut into the %d used bytes", tc.size, used)
			}
			p := copyFile(t, path, "truncated.db", func(b []byte) []byte { return b[:tc.size] })
			mustRefuse(t, p, KindCorrupt, tc.want)
		})
	}
}

func TestCheckRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	rnd := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range rnd {
		rnd[i] = byte(rng.UintN(256))
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	otherApp := filepath.Join(dir, "other-app.db")
	db, err := bolt.Open(otherApp, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	v99 := filepath.Join(dir, "v99.db")
	db, err = bolt.Open(v99, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(metaBucket)
		if err != nil {
			return err
		}
		return b.Put(schemaKey, []byte("99"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, tc := range []struct {
		name, path, kind, want string
	}{
		{"random bytes", write("random.db", rnd), KindForeign, "not a bbolt database"},
		{"text", write("text.db", bytes.Repeat([]byte("not a database\n"), 4000)), KindForeign, "not a bbolt database"},
		{"zeros", write("zeros.db", make([]byte, 32<<10)), KindForeign, "not a bbolt database"},
		{"tiny", write("tiny.db", []byte("{}\n")), KindForeign, "too short"},
		{"another program's bbolt file", otherApp, KindForeign, "no schema version"},
		{"another schema version", v99, KindSchema, `schema version "99"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustRefuse(t, tc.path, tc.kind, tc.want)
			if _, err := Repair(tc.path, filepath.Join(t.TempDir(), "out.db")); !errors.Is(err, ErrUnusable) {
				t.Errorf("Repair: %v, want ErrUnusable", err)
			}
		})
	}
}

// flip xors one byte at each offset.
func flip(b []byte, offs ...int) []byte {
	for _, o := range offs {
		b[o] ^= 0xA5
	}
	return b
}

func TestCheckRefusesFlippedBytes(t *testing.T) {
	path, want := fixture(t, 300)
	used := usedBytes(t, path)
	rng := rand.New(rand.NewPCG(20, 9))
	offs := make([]int, 20)
	for i := range offs {
		offs[i] = rng.IntN(used)
	}
	// All 20 at once: refused.
	p := copyFile(t, path, "flipped.db", func(b []byte) []byte { return flip(b, offs...) })
	mustRefuse(t, p, KindCorrupt, "corrupt")

	// One at a time: a flip the check cannot see (unused space in a page, or
	// a record's value that is still JSON) is accepted; either way nothing
	// crashes and the file is not changed.
	refused := 0
	for i, off := range offs {
		p := copyFile(t, path, fmt.Sprintf("flip%02d.db", i), func(b []byte) []byte { return flip(b, off) })
		if openOrRefuse(t, p, want) {
			refused++
		}
	}
	t.Logf("%d of %d single flips refused", refused, len(offs))
}

// openOrRefuse opens path (a damaged copy of a fixture with records want). A
// refused file must be unchanged. An accepted one is read through bbolt in
// full and closed, and must be unchanged too; then a copy of it is written
// to, which makes bbolt rebuild its freelist by walking every page (where it
// panics on damage it finds). It returns whether the file was refused.
func openOrRefuse(t *testing.T, path string, want map[string][]byte) bool {
	t.Helper()
	before := fileHash(t, path)
	s, err := OpenBolt(path)
	if err != nil {
		if !errors.Is(err, ErrUnusable) {
			t.Fatalf("%s: error %v is not ErrUnusable", path, err)
		}
		if fileHash(t, path) != before {
			t.Fatalf("%s: the refused file was modified", path)
		}
		return true
	}
	n, err := s.Len(context.Background())
	if err != nil {
		t.Fatalf("%s: Len: %v", path, err)
	}
	for k := range want {
		if _, err := s.Get(context.Background(), parseKey(t, k)); err != nil && !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: Get %s: %v", path, k, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if fileHash(t, path) != before {
		t.Fatalf("%s: an accepted file was modified by open, read and close", path)
	}
	if n > len(want) {
		t.Fatalf("%s: %d records, the fixture has %d", path, n, len(want))
	}
	cp := copyFile(t, path, "written.db", func(b []byte) []byte { return b })
	s, err = OpenBolt(cp)
	if err != nil {
		t.Fatalf("%s: reopen of an accepted copy: %v", path, err)
	}
	defer s.Close()
	k := Key{Org: "org", Kind: "person", ID: "new"}
	if err := s.Update(context.Background(), k, func([]byte) ([]byte, error) { return []byte(`{}`), nil }); err != nil {
		t.Fatalf("%s: write to an accepted copy: %v", path, err)
	}
	return false
}

// structuralOffsets lists the bytes bbolt interprets in the fixture's pages
// in use: both meta pages, and each page header and element array.
func structuralOffsets(t *testing.T, path string) []int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	w := &walker{f: f, size: fi.Size(), rep: &CheckReport{}}
	if err := w.run(); err != nil || !w.rep.OK() {
		t.Fatalf("walk: %v %+v", err, w.rep)
	}
	b, _ := os.ReadFile(path)
	ps := int(w.pageSize)
	var offs []int
	for id := range int(w.limit) {
		if !w.isSeen(uint64(id)) {
			continue
		}
		base := id * ps
		n := pageHeaderSize + metaSize
		if id >= 2 {
			n = pageHeaderSize + int(ne.Uint16(b[base+10:]))*elemSize
		}
		for i := range min(n, ps) {
			offs = append(offs, base+i)
		}
	}
	return offs
}

// TestCheckStructuralFlipsNeverCrash flips bytes that bbolt interprets (page
// headers, element arrays, meta pages) at seeded places: the check either
// refuses the file or bbolt can use it, never a crash.
func TestCheckStructuralFlipsNeverCrash(t *testing.T) {
	path, want := fixture(t, 300)
	offs := structuralOffsets(t, path)
	rng := rand.New(rand.NewPCG(77, 3))
	n := 120
	if testing.Short() {
		n = 30
	}
	refused := 0
	for i := range n {
		k := 1 + rng.IntN(3)
		var at []int
		for range k {
			at = append(at, offs[rng.IntN(len(offs))])
		}
		p := copyFile(t, path, fmt.Sprintf("s%03d.db", i), func(b []byte) []byte {
			for _, o := range at {
				b[o] ^= byte(1 << rng.IntN(8))
			}
			return b
		})
		if openOrRefuse(t, p, want) {
			refused++
		}
	}
	if refused < n/2 {
		t.Errorf("only %d of %d structural flips refused", refused, n)
	}
	t.Logf("%d of %d structural flips refused", refused, n)
}

// leafPages returns the leaf pages of the records bucket in use, with their keys.
func leafPages(t *testing.T, path string) (ids []uint64, keys map[uint64][]string, pageSize int) {
	t.Helper()
	b, _ := os.ReadFile(path)
	f, _ := os.Open(path)
	defer f.Close()
	w := &walker{f: f, size: int64(len(b)), rep: &CheckReport{}}
	if err := w.run(); err != nil || !w.rep.OK() {
		t.Fatalf("walk: %v %+v", err, w.rep)
	}
	ps := int(w.pageSize)
	keys = map[uint64][]string{}
	for id := uint64(2); id < w.limit; id++ {
		p := b[int(id)*ps:]
		if !w.isSeen(id) || ne.Uint16(p[8:]) != flagLeaf {
			continue
		}
		var ks []string
		for i := range int(ne.Uint16(p[10:])) {
			off := pageHeaderSize + i*elemSize
			pos, ksize := int(ne.Uint32(p[off+4:])), int(ne.Uint32(p[off+8:]))
			ks = append(ks, string(p[off+pos:off+pos+ksize]))
		}
		if len(ks) > 0 && strings.HasPrefix(ks[0], "org/person/") {
			ids = append(ids, id)
			keys[id] = ks
		}
	}
	return ids, keys, ps
}

func TestRepairKeepsRecordsOfIntactPages(t *testing.T) {
	path, want := fixture(t, 300)
	ids, keys, ps := leafPages(t, path)
	if len(ids) < 5 {
		t.Fatalf("fixture has %d record leaf pages, want at least 5", len(ids))
	}
	victim := ids[len(ids)/2] // a page in the middle: unrelated to the others
	lost := map[string]bool{} // the records whose elements are overwritten below
	for _, k := range keys[victim][:4] {
		lost[k] = true
	}
	damaged := copyFile(t, path, "damaged.db", func(b []byte) []byte {
		// Garbage over the element array of one leaf page.
		for i := pageHeaderSize; i < pageHeaderSize+4*elemSize; i++ {
			b[int(victim)*ps+i] = 0xEE
		}
		return b
	})
	mustRefuse(t, damaged, KindCorrupt, fmt.Sprintf("page %d", victim))
	before := fileHash(t, damaged)

	dst := filepath.Join(t.TempDir(), "repaired.db")
	rep, err := Repair(damaged, dst)
	if err != nil {
		t.Fatal(err)
	}
	if fileHash(t, damaged) != before {
		t.Fatal("Repair changed its source")
	}
	if rep.Records != len(want)-len(lost) || rep.Dst != dst || rep.Source.OK() {
		t.Fatalf("report: %d records (want %d), dst %q, source ok %v", rep.Records, len(want)-len(lost), rep.Dst, rep.Source.OK())
	}
	s, err := OpenBolt(dst)
	if err != nil {
		t.Fatalf("open the repaired file: %v", err)
	}
	defer s.Close()
	for k, v := range want {
		got, err := s.Get(context.Background(), parseKey(t, k))
		switch {
		case lost[k] && !errors.Is(err, ErrNotFound):
			t.Errorf("%s was on the damaged page, yet it is in the repaired file: %q %v", k, got, err)
		case !lost[k] && (err != nil || !bytes.Equal(got, v)):
			t.Errorf("%s: %q, %v; want the value from before the damage", k, got, err)
		}
	}
}

// TestRepairOfTruncatedFile: what a repair of a cut file gives is either
// nothing (no file written, when the top of the tree was cut off, as it
// usually is: bbolt writes each transaction's root page near the end of the
// file) or a valid file whose records all have their values from before the
// cut. Salvage past damage is TestRepairKeepsRecordsOfIntactPages.
func TestRepairOfTruncatedFile(t *testing.T) {
	path, want := fixtureManyTx(t, 400)
	used := usedBytes(t, path)
	for _, frac := range []int{2, 3, 4, 5, 6, 7} { // cut at frac/8 of the used pages
		cut := copyFile(t, path, "cut.db", func(b []byte) []byte { return b[:used*frac/8] })
		before := fileHash(t, cut)
		dst := filepath.Join(t.TempDir(), "out.db")
		rep, err := Repair(cut, dst)
		if fileHash(t, cut) != before {
			t.Fatal("Repair changed its source")
		}
		if err != nil {
			if !errors.Is(err, ErrUnusable) || !strings.Contains(err.Error(), "no repaired file was written") {
				t.Fatalf("cut at %d/8: %v", frac, err)
			}
			if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("cut at %d/8: a failed repair left %s behind", frac, dst)
			}
			t.Logf("cut at %d/8: nothing to salvage", frac)
			continue
		}
		s, err := OpenBolt(dst)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := s.Len(context.Background())
		if n != rep.Records || n == 0 || n > len(want) {
			t.Fatalf("cut at %d/8: %d records in the file, report says %d", frac, n, rep.Records)
		}
		for k, v := range want {
			got, err := s.Get(context.Background(), parseKey(t, k))
			if err == nil && !bytes.Equal(got, v) {
				t.Fatalf("cut at %d/8: %s = %q, want %q", frac, k, got, v)
			}
		}
		s.Close()
		t.Logf("cut at %d/8: %d of %d records salvaged", frac, n, len(want))
	}
}

func TestRepairNeverOverwrites(t *testing.T) {
	path, _ := fixture(t, 50)
	damaged := copyFile(t, path, "damaged.db", func(b []byte) []byte { return flip(b, pageHeaderSize+48) }) // meta page 0: txid
	mustRefuse(t, damaged, KindCorrupt, "meta page 0")
	before := fileHash(t, damaged)
	dst := filepath.Join(t.TempDir(), "out.db")
	if err := os.WriteFile(dst, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Repair(damaged, dst); !errors.Is(err, os.ErrExist) {
		t.Fatalf("Repair over an existing file: %v, want ErrExist", err)
	}
	if _, err := Repair(damaged, damaged); !errors.Is(err, os.ErrExist) {
		t.Fatalf("Repair in place: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "precious" || fileHash(t, damaged) != before {
		t.Fatal("a refused Repair changed a file")
	}
	// With meta page 0 damaged, meta page 1 (the previous transaction) still leads to the records.
	rep, err := Repair(damaged, filepath.Join(t.TempDir(), "new.db"))
	if err != nil || rep.Records == 0 {
		t.Fatalf("repair with one meta page left: %+v %v", rep, err)
	}
}

func TestCheckInUse(t *testing.T) {
	path, _ := fixture(t, 3)
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Check(path); !errors.Is(err, errInUse) || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("Check of a file in use: %v", err)
	}
}

// TestReadAfterTruncationWhileOpen: a file cut short by something else while
// the emulator has it open makes reads fail (an error, later a 500), instead
// of killing the process with SIGBUS.
func TestReadAfterTruncationWhileOpen(t *testing.T) {
	path, want := fixture(t, 300)
	rep, err := Check(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := os.Truncate(path, 2*int64(rep.PageSize)); err != nil { // the meta pages stay
		t.Fatal(err)
	}
	failed := 0
	for k := range want {
		if _, err := s.Get(context.Background(), parseKey(t, k)); err != nil {
			if !strings.Contains(err.Error(), "damaged while in use") {
				t.Fatalf("Get %s: %v", k, err)
			}
			failed++
		}
	}
	if _, err := s.Len(context.Background()); err == nil {
		t.Error("Len of a cut file: no error")
	}
	if failed == 0 {
		t.Fatal("no read failed on a file cut to two pages")
	}
}

// TestCheckAcceptsWhatBoltWrites: no false alarms. Random writes, deletes,
// large values (overflow pages), a reset and reopenings: every file bbolt
// leaves behind checks OK, with the right record count, and bbolt's own
// consistency check agrees.
func TestCheckAcceptsWhatBoltWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	rng := rand.New(rand.NewPCG(5, 8))
	live := map[string]bool{}
	ops := 3000
	if testing.Short() {
		ops = 600
	}
	for round := range 4 {
		s, err := OpenBolt(path)
		if err != nil {
			t.Fatalf("round %d: reopen: %v", round, err)
		}
		s.db.NoSync = true
		for i := range ops / 4 {
			k := fmt.Sprintf("org/person/p%04d", rng.IntN(400))
			switch r := rng.IntN(100); {
			case r < 25:
				err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(recordsBucket).Delete([]byte(k)) })
				delete(live, k)
			case round == 2 && i == ops/8:
				err = s.Reset(context.Background())
				clear(live)
			default:
				size := 20 + rng.IntN(300)
				if r > 95 {
					size = 5000 + rng.IntN(20000) // spans overflow pages
				}
				v := fmt.Appendf(nil, `{"v":%q}`, strings.Repeat("z", size))
				err = s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(recordsBucket).Put([]byte(k), v) })
				live[k] = true
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		}); err != nil {
			t.Fatalf("round %d: bbolt's own check: %v", round, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		rep, err := Check(path)
		if err != nil || !rep.OK() || rep.Records != len(live) {
			t.Fatalf("round %d: %v; ok %v, %d records, want %d; problems %q", round, err, rep.OK(), rep.Records, len(live), rep.Problems)
		}
	}
}

// TestCheckSyncedFreelist: a file whose freelist is stored (bbolt's default,
// not the emulator's NoFreelistSync) is checked too: fine as written, refused
// when the freelist names a page in use (bbolt would hand it out again and
// overwrite live data).
func TestCheckSyncedFreelist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "synced.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := initBuckets(db); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		k := fmt.Appendf(nil, "org/person/p%04d", i)
		if err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(recordsBucket).Put(k, fmt.Appendf(nil, `{"pad":%q}`, strings.Repeat("f", 150)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(recordsBucket)
		for i := range 150 {
			if err := b.Delete(fmt.Appendf(nil, "org/person/p%04d", i)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	rep, err := Check(path)
	if err != nil || !rep.OK() || rep.Records != 50 {
		t.Fatalf("%+v %v", rep, err)
	}
	b, _ := os.ReadFile(path)
	m0, m1 := parseMeta(b[pageHeaderSize:]), parseMeta(b[rep.PageSize+pageHeaderSize:])
	m := m0
	if m1.txid > m0.txid {
		m = m1
	}
	if m.freelist == noFreelist {
		t.Fatal("fixture: no stored freelist")
	}
	fl := b[int(m.freelist)*rep.PageSize:]
	if ne.Uint16(fl[10:]) == 0 {
		t.Fatal("fixture: empty freelist")
	}
	bad := copyFile(t, path, "bad-freelist.db", func(b []byte) []byte {
		ne.PutUint64(b[int(m.freelist)*rep.PageSize+pageHeaderSize:], m.root) // the root page, in use
		return b
	})
	mustRefuse(t, bad, KindCorrupt, "in use and also listed as free")
}
