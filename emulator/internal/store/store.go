// Package store keeps the emulator's per-entity settings records.
//
// Each record is one JSON document keyed by org/kind/id. Writes are
// read-modify-write operations run atomically per key. Two implementations
// share one contract (see package storetest): an in-memory map and a bbolt
// file.
package store

import (
	"context"
	"errors"
)

// ErrNotFound is returned by Get when no record exists for the key.
var ErrNotFound = errors.New("store: record not found")

// SchemaVersion is the on-disk layout version written to and required of bolt files.
const SchemaVersion = "1"

// Key names one entity's record.
type Key struct {
	Org  string // organization ID
	Kind string // entity kind, e.g. "person", "location"
	ID   string // entity ID
}

// String returns the key as stored: org/kind/id.
func (k Key) String() string { return k.Org + "/" + k.Kind + "/" + k.ID }

// Store holds settings records.
type Store interface {
	// Get returns a copy of the record stored at k, or ErrNotFound.
	Get(ctx context.Context, k Key) ([]byte, error)
	// Update calls fn with the current record at k (nil when there is none)
	// and stores what fn returns; a nil result deletes the record. Updates of
	// one key are serialized. When fn returns an error nothing is written and
	// Update returns that error unchanged. fn may be called more than once
	// and must depend only on its argument, which it must not retain. When
	// Update returns nil the write is durable (for persistent stores).
	Update(ctx context.Context, k Key, fn func(old []byte) ([]byte, error)) error
	// Reset deletes every record.
	Reset(ctx context.Context) error
	// Len returns the number of records.
	Len(ctx context.Context) (int, error)
	// Close releases the store; later calls fail.
	Close() error
}

// ErrClosed is returned by operations on a closed store.
var ErrClosed = errors.New("store: closed")
