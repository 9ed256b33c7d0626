package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
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

// errInUse: another process holds the file (a running emulator).
var errInUse = errors.New("in use by another process")

// boltOptions are the options of every read-write open.
// NoFreelistSync: the freelist is rebuilt on open instead of written on every
// commit; the data pages are still fsync'd per commit.
func boltOptions() *bolt.Options {
	return &bolt.Options{Timeout: time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType}
}

// OpenBolt opens (or creates) the state file at path. An existing file is
// first checked by Check, without bbolt and without writing to it: a file
// that is corrupt (truncated, damaged pages or meta pages, records that are
// not JSON), not a bbolt database, without the emulator schema key, or of
// another schema version gives a *FileError (errors.Is ErrUnusable) and is
// left untouched. A valid file is opened without writing to it; only a new or
// empty file is initialized.
func OpenBolt(path string) (*Bolt, error) {
	fi, err := os.Stat(path)
	initialize := true
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("state file %s is a directory", path)
	case err == nil && fi.Size() > 0:
		rep, err := Check(path)
		if errors.Is(err, errInUse) {
			return nil, fmt.Errorf("state file %s is in use by another process", path)
		}
		if err != nil {
			return nil, err
		}
		if err := rep.Err(); err != nil {
			return nil, err
		}
		initialize = false
	case err == nil: // empty file: initialize it
	case errors.Is(err, os.ErrNotExist):
	default:
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, boltOptions())
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("state file %s is in use by another process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open state file %s: %w", path, err)
	}
	db.MaxBatchDelay = 2 * time.Millisecond
	db.MaxBatchSize = 512
	if !initialize {
		// Checked: the schema key is there. A file written by this code
		// always has the records bucket too; create it only if missing, so
		// that opening a valid file writes nothing.
		var missing bool
		_ = db.View(func(tx *bolt.Tx) error { missing = tx.Bucket(recordsBucket) == nil; return nil })
		initialize = missing
	}
	if initialize {
		if err := initBuckets(db); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("state file %s: %w", path, err)
		}
	}
	return &Bolt{db: db}, nil
}

// initBuckets writes the schema key and the records bucket.
func initBuckets(db *bolt.DB) error {
	return db.Update(func(tx *bolt.Tx) error {
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
}

func (s *Bolt) begin() error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	return nil
}

// faultToError turns a memory fault on the mapped file into an error. The
// file is checked before it is opened, so this only happens when something
// else truncates or overwrites it while the emulator runs; a read then fails
// instead of crashing the process. Other panics are not touched. Use as
// defer faultToError(&err) after debug.SetPanicOnFault(true).
func faultToError(err *error) {
	r := recover()
	if r == nil {
		return
	}
	if f, ok := r.(interface{ Addr() uintptr }); ok {
		*err = fmt.Errorf("store: the state file was damaged while in use (memory fault at %#x)", f.Addr())
		return
	}
	panic(r)
}

// Get implements Store.
func (s *Bolt) Get(_ context.Context, k Key) (out []byte, err error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.mu.RUnlock()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer faultToError(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
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
func (s *Bolt) Len(context.Context) (n int, err error) {
	if err := s.begin(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer faultToError(&err)
	err = s.db.View(func(tx *bolt.Tx) error {
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
