package store

import (
	"bytes"
	"encoding/json"
	"fmt"
)

func (w *walker) readFreelist(id uint64) []uint64 {
	if id < 2 || id >= w.hwm {
		w.problem("meta: freelist page %d outside [2, %d)", id, w.hwm)
		return nil
	}
	p, err := w.readPage(id, "freelist", flagFreelist)
	if err != nil || p == nil {
		return nil
	}
	count, start := uint64(ne.Uint16(p[10:])), uint64(pageHeaderSize)
	if count == 0xFFFF {
		count, start = ne.Uint64(p[pageHeaderSize:]), pageHeaderSize+8
	}
	if count > (uint64(len(p))-start)/8 {
		w.problem("freelist page %d: %d entries do not fit in the page", id, count)
		return nil
	}
	ids := make([]uint64, 0, count)
	dup := map[uint64]bool{}
	for i := range count {
		fid := ne.Uint64(p[start+8*i:])
		if fid < 2 || fid >= w.hwm {
			w.problem("freelist page %d: free page %d outside [2, %d)", id, fid, w.hwm)
			continue
		}
		if dup[fid] {
			w.problem("freelist page %d: page %d freed twice", id, fid)
			continue
		}
		dup[fid] = true
		ids = append(ids, fid)
	}
	return ids
}

// visitFunc gets each leaf element of a bucket: key, value (for a bucket
// element the bucket header and inline page), and the element flags. The
// slices are only valid during the call. A non-nil error aborts the walk.
type visitFunc func(k, v []byte, flags uint32) error

// walkBucket walks the bucket whose header (and inline page) is v.
func (w *walker) walkBucket(v []byte, where string, visit visitFunc) error {
	if len(v) < bucketHeaderSize {
		w.problem("%s: bucket header of %d bytes, want %d", where, len(v), bucketHeaderSize)
		return nil
	}
	root := ne.Uint64(v)
	if root != 0 {
		return w.walkTree(root, where, 0, nil, nil, visit)
	}
	// Inline bucket: a leaf page inside the value.
	in := v[bucketHeaderSize:]
	if len(in) < pageHeaderSize {
		w.problem("%s: inline bucket of %d bytes has no page header", where, len(in))
		return nil
	}
	if fl := ne.Uint16(in[8:]); fl != flagLeaf {
		w.problem("%s: inline page has type %#x, want leaf", where, fl)
		return nil
	}
	return w.walkLeaf(in, where+" (inline)", nil, nil, visit)
}

// walkTree walks the B+tree rooted at page id; every key must be in [lo, hi)
// (nil = unbounded).
func (w *walker) walkTree(id uint64, where string, depth int, lo, hi []byte, visit visitFunc) error {
	if depth > maxTreeDepth {
		w.problem("%s: tree deeper than %d levels at page %d", where, maxTreeDepth, id)
		return nil
	}
	p, err := w.readPage(id, where, flagBranch, flagLeaf)
	if err != nil || p == nil {
		return err
	}
	if ne.Uint16(p[8:]) == flagLeaf {
		return w.walkLeaf(p, fmt.Sprintf("%s, leaf page %d", where, id), lo, hi, visit)
	}
	count := int(ne.Uint16(p[10:]))
	here := fmt.Sprintf("%s, branch page %d", where, id)
	if count == 0 {
		w.problem("%s: branch page without elements", here)
		return nil
	}
	if pageHeaderSize+count*elemSize > len(p) {
		w.problem("%s: %d elements do not fit in the page", here, count)
		count = (len(p) - pageHeaderSize) / elemSize
	}
	type child struct {
		key []byte
		id  uint64
	}
	var kids []child
	prev := lo
	for i := range count {
		off := pageHeaderSize + i*elemSize
		pos, ksize, cid := ne.Uint32(p[off:]), ne.Uint32(p[off+4:]), ne.Uint64(p[off+8:])
		start, end := uint64(off)+uint64(pos), uint64(off)+uint64(pos)+uint64(ksize)
		if end > uint64(len(p)) {
			w.problem("%s: element %d key runs past the page", here, i)
			continue
		}
		key := p[start:end]
		if why := keyOrder(key, prev, len(kids) > 0, hi); why != "" {
			w.problem("%s: element %d key %s", here, i, why)
			continue
		}
		kids = append(kids, child{key, cid})
		prev = key
	}
	for i, c := range kids {
		cHi := hi
		if i+1 < len(kids) {
			cHi = kids[i+1].key
		}
		if err := w.walkTree(c.id, where, depth+1, c.key, cHi, visit); err != nil {
			return err
		}
	}
	return nil
}

// walkLeaf checks the elements of a leaf page (or inline page) p and visits them.
func (w *walker) walkLeaf(p []byte, here string, lo, hi []byte, visit visitFunc) error {
	count := int(ne.Uint16(p[10:]))
	if pageHeaderSize+count*elemSize > len(p) {
		w.problem("%s: %d elements do not fit in the page", here, count)
		count = (len(p) - pageHeaderSize) / elemSize
	}
	prev, havePrev := lo, false
	for i := range count {
		off := pageHeaderSize + i*elemSize
		flags, pos, ksize, vsize := ne.Uint32(p[off:]), ne.Uint32(p[off+4:]), ne.Uint32(p[off+8:]), ne.Uint32(p[off+12:])
		kStart := uint64(off) + uint64(pos)
		kEnd := kStart + uint64(ksize)
		vEnd := kEnd + uint64(vsize)
		if vEnd > uint64(len(p)) {
			w.problem("%s: element %d runs past the page", here, i)
			continue
		}
		if flags&^leafBucket != 0 {
			w.problem("%s: element %d has unknown flags %#x", here, i, flags)
			continue
		}
		key, val := p[kStart:kEnd], p[kEnd:vEnd]
		if why := keyOrder(key, prev, havePrev, hi); why != "" {
			w.problem("%s: element %d key %s", here, i, why)
			continue
		}
		prev, havePrev = key, true
		if err := visit(key, val, flags); err != nil {
			return err
		}
	}
	return nil
}

// record checks one element of the records bucket.
func (w *walker) record(k, v []byte, flags uint32) error {
	switch {
	case flags&leafBucket != 0:
		w.problem("records bucket: %q is a bucket, not a record", k)
		return w.walkBucket(v, fmt.Sprintf("bucket %q in records", k), func([]byte, []byte, uint32) error { return nil })
	case len(k) == 0:
		w.problem("records bucket: a record with an empty key")
	case !json.Valid(v):
		w.problem("record %q: value is not valid JSON", k)
	default:
		w.rep.Records++
		if w.collect {
			w.records = append(w.records, record{k: append([]byte(nil), k...), v: append([]byte(nil), v...)})
		}
	}
	return nil
}

// keyOrder checks a key against the previous one on the page (or the
// parent's lower bound, which it may equal, when strict is false) and the
// parent's upper bound hi (exclusive). It returns "" or what is wrong.
func keyOrder(key, prev []byte, strict bool, hi []byte) string {
	if prev != nil {
		c := bytes.Compare(key, prev)
		if c < 0 || strict && c == 0 {
			return "out of order"
		}
	}
	if hi != nil && bytes.Compare(key, hi) >= 0 {
		return "beyond the parent's range"
	}
	return ""
}
