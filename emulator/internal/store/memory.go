package store

import (
	"context"
	"hash/maphash"
	"sync"
	"sync/atomic"
)

const memShards = 64

// Memory is an in-memory Store. Its zero value is not usable; call NewMemory.
type Memory struct {
	seed   maphash.Seed
	shards [memShards]memShard
	closed atomic.Bool
}

type memShard struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	s := &Memory{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].m = make(map[string][]byte)
	}
	return s
}

func (s *Memory) shard(k string) *memShard {
	return &s.shards[maphash.String(s.seed, k)%memShards]
}

// Get implements Store.
func (s *Memory) Get(_ context.Context, k Key) ([]byte, error) {
	if s.closed.Load() {
		return nil, ErrClosed
	}
	ks := k.String()
	sh := s.shard(ks)
	sh.mu.RLock()
	v, ok := sh.m[ks]
	sh.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

// Update implements Store.
func (s *Memory) Update(_ context.Context, k Key, fn func(old []byte) ([]byte, error)) error {
	if s.closed.Load() {
		return ErrClosed
	}
	ks := k.String()
	sh := s.shard(ks)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	old := sh.m[ks]
	var arg []byte
	if old != nil {
		arg = append([]byte(nil), old...)
	}
	nv, err := fn(arg)
	if err != nil {
		return err
	}
	if nv == nil {
		delete(sh.m, ks)
		return nil
	}
	sh.m[ks] = append([]byte(nil), nv...)
	return nil
}

// Reset implements Store.
func (s *Memory) Reset(context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		sh.m = make(map[string][]byte)
		sh.mu.Unlock()
	}
	return nil
}

// Len implements Store.
func (s *Memory) Len(context.Context) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.RLock()
		n += len(sh.m)
		sh.mu.RUnlock()
	}
	return n, nil
}

// Close implements Store.
func (s *Memory) Close() error {
	s.closed.Store(true)
	return nil
}
