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

// clearsOnOff reports whether a write that sets a useCustom* switch from was to now
// clears the values the switch governs: only when it turns the switch off, and only with
// Options.CustomOff "clear" (the default "keep" never clears).
func (s *Server) clearsOnOff(was, now bool) bool {
	return was && !now && s.opts.CustomOff == CustomOffClear
}

// clearCustom forgets every custom value of the entity, as useCustomEnabled going off
// does with CustomOff "clear": call-type permissions back to the factory defaults, no
// transfer numbers, access codes or digit patterns. The switches are left as they are,
// and PatternSeq is kept so that digit-pattern IDs are still never reused.
func (r *record) clearCustom() {
	r.Perms = nil
	r.Numbers = [3]string{}
	r.AccessCodes = nil
	r.DigitPatterns = nil
}
