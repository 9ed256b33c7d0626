package emulator

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

// The settings record of an entity, shared by the handlers of every settings area
// (handlers_outgoing.go, handlers_transfer.go, handlers_accesscodes.go,
// handlers_digitpatterns.go).

var falseVal = false

func boolPtr(b bool) *bool { return &b }

func key(e *ent) store.Key { return store.Key{Org: e.org.id, Kind: e.kind.String(), ID: e.id} }

// load returns the entity's current settings: the stored record, else the
// seeded one, else factory defaults.
func (s *Server) load(ctx context.Context, e *ent) (*record, error) {
	b, err := s.st.Get(ctx, key(e))
	if errors.Is(err, store.ErrNotFound) {
		b = e.seed
	} else if err != nil {
		return nil, err
	}
	return decodeRecord(b)
}

// update runs fn on the entity's record inside one store transaction
// (read-modify-write). fn must depend only on the record: it may run twice.
func (s *Server) update(ctx context.Context, e *ent, fn func(*record) error) error {
	return s.st.Update(ctx, key(e), func(old []byte) ([]byte, error) {
		if old == nil {
			old = e.seed
		}
		rec, err := decodeRecord(old)
		if err != nil {
			return nil, err
		}
		if err := fn(rec); err != nil {
			return nil, err
		}
		return json.Marshal(rec)
	})
}
