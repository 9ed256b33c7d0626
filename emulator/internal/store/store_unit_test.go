package store_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
	"github.com/wxcgo/go-wxc/emulator/internal/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s := store.NewMemory()
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestBolt(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.OpenBolt(filepath.Join(t.TempDir(), "state.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

func TestBoltReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	ctx := context.Background()
	k := store.Key{Org: "o", Kind: "location", ID: "l"}
	s, err := store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, k, func([]byte) ([]byte, error) { return []byte(`"kept"`), nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, k)
	if err != nil || string(got) != `"kept"` {
		t.Fatalf("after reopen: %q, %v", got, err)
	}
}

func TestBoltRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	// A valid bbolt file without our schema key (another program's database).
	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("other"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// An emulator file of another schema version.
	other := filepath.Join(dir, "v99.db")
	db, err = bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("schema"), []byte("99"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A truncated emulator file.
	good := filepath.Join(dir, "good.db")
	s, err := store.OpenBolt(good)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	full, _ := os.ReadFile(good)
	truncated := filepath.Join(dir, "truncated.db")
	if err := os.WriteFile(truncated, full[:100], 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ path, want string }{
		{garbage, "not a usable"},
		{foreign, "no schema version"},
		{other, `schema version "99"`},
		{truncated, "is corrupt"},
	} {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			st, _ := os.Stat(tc.path)
			s, err := store.OpenBolt(tc.path)
			if err == nil {
				s.Close()
				t.Fatal("OpenBolt succeeded, want an error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			after, _ := os.ReadFile(tc.path)
			st2, _ := os.Stat(tc.path)
			if !bytes.Equal(before, after) || !st.ModTime().Equal(st2.ModTime()) {
				t.Error("the refused file was modified")
			}
		})
	}
}

func TestBoltInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s, err := store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s2, err := store.OpenBolt(path); err == nil {
		s2.Close()
		t.Fatal("second open of a file in use succeeded")
	} else if !strings.Contains(err.Error(), "in use") {
		t.Fatalf("error %q does not say the file is in use", err)
	}
}
