package check

import (
	"unsafe"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

// wxcActions are the actions the SDK declares, in the order of NumberSummary.actions.
var wxcActions = wxc.Actions()

const numActions = 6 // len(wxc.Actions()); TestActionIndex checks it

// actionIndex is a's index in wxcActions, or -1 for an action the SDK does not declare.
func actionIndex(a wxc.Action) int {
	switch a {
	case wxc.ActionAllow:
		return 0
	case wxc.ActionBlock:
		return 1
	case wxc.ActionAuthCode:
		return 2
	case wxc.ActionTransferNumber1:
		return 3
	case wxc.ActionTransferNumber2:
		return 4
	case wxc.ActionTransferNumber3:
		return 5
	}
	return -1
}

// countAction counts one decision by its action.
func (s *NumberSummary) countAction(a wxc.Action) {
	if i := actionIndex(a); i >= 0 {
		s.actions[i]++
		return
	}
	if s.others == nil {
		s.others = map[wxc.Action]int{}
	}
	s.others[a]++
}

// strID is a string's identity: where its bytes are and how many. Two strings with the same
// identity have the same content (Go strings are immutable); two with the same content may
// have different identities, which only costs a lookup by content.
type strID struct {
	p *byte
	n int
}

func idOf(s string) strID { return strID{unsafe.StringData(s), len(s)} }

// localKey is a reasonKey by the identities of its strings: the engine hands out the same
// strings (a location's source, pattern names, rules) again and again, across the entities of
// a location too, so this key is hashed as a few machine words instead of the strings' bytes.
// The key's pointers keep its strings alive, so while an entry is in allRun.local no other
// string can take its identity.
type localKey struct {
	action, callType, pattern, patternName           strID
	source, reason, transferNumber, assumption, rule strID
	custom, emergency                                bool
	codes                                            int
}

// reasonID returns the id of d's reason (reasonKey), interning it on first sight.
func (a *allRun) reasonID(d *callcheck.Decision) int32 {
	lk := localKey{action: idOf(string(d.Action)), callType: idOf(string(d.CallType)), source: idOf(d.Source), reason: idOf(d.Reason),
		transferNumber: idOf(d.TransferNumber), assumption: idOf(d.Assumption), custom: d.Custom, emergency: d.Emergency, codes: d.AccessCodesAvailable}
	if d.Pattern != nil {
		lk.pattern, lk.patternName = idOf(d.Pattern.Pattern), idOf(d.Pattern.Name)
	}
	if d.Custom && !d.Emergency {
		lk.source = strID{}
	}
	if d.Emergency {
		lk.rule = idOf(d.Rule)
	}
	h := lk.hash()
	for j := range localSize {
		e := &a.local[(h+uint(j))%localSize]
		if e.gen != a.gen {
			break // free
		}
		if e.k == lk {
			return e.id
		}
	}
	k := keyOf(*d)
	id, ok := a.reasonIDs[k]
	if !ok {
		id = int32(len(a.reasonList))
		a.reasonIDs[k] = id
		a.reasonList = append(a.reasonList, ReasonCount{Action: d.Action, Why: groupReason(*d)})
	}
	if a.localN >= localSize*3/4 {
		a.resetLocal() // full: start again with the reasons of the decisions to come
	}
	a.localN++
	for j := range localSize {
		e := &a.local[(h+uint(j))%localSize]
		if e.gen != a.gen {
			*e = localEntry{k: lk, id: id, gen: a.gen}
			break
		}
	}
	return id
}

// localSize is the size of allRun.local, an open-addressing table of the reasons by
// identity; when 3/4 of it is used it is emptied and refilled.
const localSize = 4096

type localEntry struct {
	k   localKey
	id  int32
	gen uint32 // the entry is used when gen is allRun.gen
}

// resetLocal empties allRun.local.
func (a *allRun) resetLocal() {
	a.gen++
	a.localN = 0
	if a.gen == 0 { // wrapped: entries of generation 0 would look used
		clear(a.local[:])
		a.gen = 1
	}
}

func (k *localKey) hash() uint {
	h := uintptr(unsafe.Pointer(k.action.p)) ^ uintptr(unsafe.Pointer(k.callType.p))*31 ^ uintptr(unsafe.Pointer(k.pattern.p))*131 ^
		uintptr(unsafe.Pointer(k.source.p))*7 ^ uintptr(unsafe.Pointer(k.assumption.p))*17 ^ uintptr(unsafe.Pointer(k.rule.p))*61 ^ uintptr(k.codes)
	x := uint64(h)
	x ^= x >> 17
	x *= 0x9e3779b97f4a7c15
	return uint(x >> 32)
}

// idCounts counts decisions by reason id: an open-addressing table, small because one
// number's reasons are few (the ids, of all numbers' reasons, are 10,000s: a slice by id per
// number would be large, and a map or such a slice costs cache misses on most decisions).
type idCounts struct {
	slots []idCount // power-of-two length
	used  int
	// The ids of the last decisions, not counted yet: counted together, a number's table
	// stays in the cache while they are (between them come the decisions of other numbers).
	pending [64]int32
	np      int
}

// push counts id (in slots by the next flush).
func (c *idCounts) push(id int32) {
	c.pending[c.np] = id
	if c.np++; c.np == len(c.pending) {
		c.flush()
	}
}

// flush counts the pending ids.
func (c *idCounts) flush() {
	for _, id := range c.pending[:c.np] {
		c.add(id)
	}
	c.np = 0
}

type idCount struct {
	id int32  // reason id + 1; 0 for a free slot
	n  uint32 // (8 bytes a slot: the tables of 100s of numbers stay in the caches)
}

func (c *idCounts) add(id int32) {
	if 2*(c.used+1) > len(c.slots) {
		c.grow()
	}
	mask := uint32(len(c.slots) - 1)
	for i := uint32(id) * 0x9e3779b1 >> 7; ; i++ {
		e := &c.slots[i&mask]
		switch e.id {
		case id + 1:
			e.n++
			return
		case 0:
			*e = idCount{id: id + 1, n: 1}
			c.used++
			return
		}
	}
}

func (c *idCounts) grow() {
	old := c.slots
	c.slots, c.used = make([]idCount, max(64, 2*len(old))), 0
	mask := uint32(len(c.slots) - 1)
	for _, o := range old {
		if o.id == 0 {
			continue
		}
		for i := uint32(o.id-1) * 0x9e3779b1 >> 7; ; i++ {
			if e := &c.slots[i&mask]; e.id == 0 {
				*e = o
				c.used++
				break
			}
		}
	}
}
