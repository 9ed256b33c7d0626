// Package storetest is the contract suite every store.Store must pass.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

// Run runs the suite; open returns a fresh, empty store for each subtest.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	ctx := context.Background()
	k := store.Key{Org: "o1", Kind: "person", ID: "p1"}

	t.Run("GetMissing", func(t *testing.T) {
		s := open(t)
		if _, err := s.Get(ctx, k); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Get of missing key: err = %v, want ErrNotFound", err)
		}
	})

	t.Run("UpdateCreatesAndReads", func(t *testing.T) {
		s := open(t)
		var seen []byte
		err := s.Update(ctx, k, func(old []byte) ([]byte, error) {
			seen = old
			return []byte(`{"a":1}`), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen != nil {
			t.Errorf("first Update saw %q, want nil", seen)
		}
		got, err := s.Get(ctx, k)
		if err != nil || string(got) != `{"a":1}` {
			t.Fatalf("Get = %q, %v", got, err)
		}
		other := store.Key{Org: "o2", Kind: "person", ID: "p1"}
		if _, err := s.Get(ctx, other); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("key of another org: err = %v, want ErrNotFound", err)
		}
	})

	t.Run("GetReturnsCopy", func(t *testing.T) {
		s := open(t)
		mustPut(t, s, k, "abc")
		got, _ := s.Get(ctx, k)
		got[0] = 'X'
		again, _ := s.Get(ctx, k)
		if string(again) != "abc" {
			t.Fatalf("changing a Get result changed the store: %q", again)
		}
	})

	t.Run("ErrorWritesNothing", func(t *testing.T) {
		s := open(t)
		mustPut(t, s, k, "v1")
		boom := errors.New("boom")
		err := s.Update(ctx, k, func(old []byte) ([]byte, error) {
			old[0] = 'Z' // scribbling on the argument must not matter either
			return []byte("v2"), boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the callback's error", err)
		}
		got, _ := s.Get(ctx, k)
		if string(got) != "v1" {
			t.Fatalf("after failed Update: %q, want v1", got)
		}
	})

	t.Run("NilDeletes", func(t *testing.T) {
		s := open(t)
		mustPut(t, s, k, "v1")
		if err := s.Update(ctx, k, func([]byte) ([]byte, error) { return nil, nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, k); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
	})

	t.Run("ResetAndLen", func(t *testing.T) {
		s := open(t)
		for i := range 5 {
			mustPut(t, s, store.Key{Org: "o", Kind: "k", ID: strconv.Itoa(i)}, "x")
		}
		if n, err := s.Len(ctx); err != nil || n != 5 {
			t.Fatalf("Len = %d, %v; want 5", n, err)
		}
		if err := s.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Len(ctx); n != 0 {
			t.Fatalf("Len after Reset = %d", n)
		}
		mustPut(t, s, k, "after")
		if got, _ := s.Get(ctx, k); string(got) != "after" {
			t.Fatalf("write after Reset: %q", got)
		}
	})

	t.Run("ConcurrentIncrementsOneKey", func(t *testing.T) {
		s := open(t)
		const writers, each = 16, 25
		var wg sync.WaitGroup
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					err := s.Update(ctx, k, func(old []byte) ([]byte, error) {
						n := 0
						if old != nil {
							var err error
							if n, err = strconv.Atoi(string(old)); err != nil {
								return nil, err
							}
						}
						return []byte(strconv.Itoa(n + 1)), nil
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		got, _ := s.Get(ctx, k)
		if want := strconv.Itoa(writers * each); string(got) != want {
			t.Fatalf("counter = %s, want %s (lost updates)", got, want)
		}
	})

	t.Run("ConcurrentManyKeys", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 20 {
					kk := store.Key{Org: "o", Kind: "k", ID: fmt.Sprintf("%d-%d", w, i)}
					if err := s.Update(ctx, kk, func([]byte) ([]byte, error) { return []byte(kk.ID), nil }); err != nil {
						t.Error(err)
					}
					if got, err := s.Get(ctx, kk); err != nil || !bytes.Equal(got, []byte(kk.ID)) {
						t.Errorf("Get %v = %q, %v", kk, got, err)
					}
				}
			}()
		}
		wg.Wait()
		if n, _ := s.Len(ctx); n != 160 {
			t.Fatalf("Len = %d, want 160", n)
		}
	})

	t.Run("Closed", func(t *testing.T) {
		s := open(t)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, k); !errors.Is(err, store.ErrClosed) {
			t.Errorf("Get after Close: %v, want ErrClosed", err)
		}
		if err := s.Update(ctx, k, func([]byte) ([]byte, error) { return []byte("x"), nil }); !errors.Is(err, store.ErrClosed) {
			t.Errorf("Update after Close: %v, want ErrClosed", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

func mustPut(t *testing.T, s store.Store, k store.Key, v string) {
	t.Helper()
	if err := s.Update(context.Background(), k, func([]byte) ([]byte, error) { return []byte(v), nil }); err != nil {
		t.Fatal(err)
	}
}
