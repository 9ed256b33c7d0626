package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	metaBucket    = []byte("meta")
	recordsBucket = []byte("records")
	schemaKey     = []byte("schema")
)

// Bolt is a Store kept in a bbolt file. Every Update is committed with fsync
// before it returns; concurrent Updates share commits through db.Batch.
type Bolt struct {
	db     *bolt.DB
	mu     sync.RWMutex // guards closed against in-flight operations
	closed bool
}

// OpenBolt opens (or creates) the state file at path. An existing file is
// first opened read-only and checked: a file that is not a bbolt database,
// has no emulator schema key, or another schema version gives an error and is
// left untouched.
func OpenBolt(path string) (*Bolt, error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("state file %s is a directory", path)
	case err == nil && fi.Size() > 0:
		if err := checkExisting(path); err != nil {
			return nil, err
		}
	case err == nil: // empty file: initialize it
	case errors.Is(err, os.ErrNotExist):
	default:
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	// NoFreelistSync: the freelist is rebuilt on open instead of written on
	// every commit; the data pages are still fsync'd per commit.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("state file %s is in use by another process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open state file %s: %w", path, err)
	}
	db.MaxBatchDelay = 2 * time.Millisecond
	db.MaxBatchSize = 512
	err = db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(metaBucket)
		if m == nil {
			if tx.Bucket(recordsBucket) != nil {
				return errors.New("records without schema version")
			}
			var err error
			if m, err = tx.CreateBucket(metaBucket); err != nil {
				return err
			}
			if err := m.Put(schemaKey, []byte(SchemaVersion)); err != nil {
				return err
			}
		} else if v := m.Get(schemaKey); !bytes.Equal(v, []byte(SchemaVersion)) {
			return fmt.Errorf("schema version %q, want %q", v, SchemaVersion)
		}
		_, err := tx.CreateBucketIfNotExists(recordsBucket)
		return err
	})
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

// checkExisting validates a non-empty file without writing to it.
func checkExisting(path string) (err error) {
	defer func() {
		if r := recover(); r != nil { // bbolt may panic on some corrupt pages
			err = fmt.Errorf("state file %s is corrupt: %v", path, r)
		}
	}()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return fmt.Errorf("state file %s is in use by another process", path)
	}
	if err != nil {
		return fmt.Errorf("state file %s is not a usable emulator state file (refusing to touch it): %w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(metaBucket)
		if m == nil {
			return fmt.Errorf("state file %s is not an emulator state file (no schema version); refusing to touch it", path)
		}
		v := m.Get(schemaKey)
		if !bytes.Equal(v, []byte(SchemaVersion)) {
			return fmt.Errorf("state file %s has schema version %q, this emulator needs %q; refusing to touch it", path, v, SchemaVersion)
		}
		return nil
	})
}

func (s *Bolt) begin() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	return nil
}

// Get implements Store.
func (s *Bolt) Get(_ context.Context, k Key) ([]byte, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(recordsBucket).Get([]byte(k.String()))
		if v == nil {
			return ErrNotFound
		}
		out = append([]byte(nil), v...)
		return nil
	})
	return out, err
}

// Update implements Store. It uses db.Batch, so concurrent writers share one
// fsync'd commit (group commit); fn may run more than once.
func (s *Bolt) Update(_ context.Context, k Key, fn func(old []byte) ([]byte, error)) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	key := []byte(k.String())
	// A callback error is not returned to bbolt: that would roll back the
	// whole group commit and make bbolt re-run every other writer. This
	// writer simply writes nothing; others commit.
	var cbErr error
	err := s.db.Batch(func(tx *bolt.Tx) error {
		cbErr = nil
		b := tx.Bucket(recordsBucket)
		var arg []byte
		if v := b.Get(key); v != nil {
			arg = append([]byte(nil), v...)
		}
		nv, err := fn(arg)
		if err != nil {
			cbErr = err
			return nil
		}
		if nv == nil {
			return b.Delete(key)
		}
		return b.Put(key, nv)
	})
	if err != nil {
		return err
	}
	return cbErr
}

// Reset implements Store.
func (s *Bolt) Reset(context.Context) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.mu.RUnlock()
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(recordsBucket); err != nil {
			return err
		}
		_, err := tx.CreateBucket(recordsBucket)
		return err
	})
}

// Len implements Store.
func (s *Bolt) Len(context.Context) (int, error) {
	if err := s.begin(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(recordsBucket).Stats().KeyN
		return nil
	})
	return n, err
}

// Close implements Store. It waits for in-flight operations.
func (s *Bolt) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.db.Close()
}
