package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// The on-disk layout of bbolt (go.etcd.io/bbolt/internal/common). bbolt
// writes its structs in the machine's byte order.
const (
	boltMagic        = 0xED0CDAED
	boltVersion      = 2
	pageHeaderSize   = 16 // id uint64, flags uint16, count uint16, overflow uint32
	elemSize         = 16 // branch: pos, ksize uint32, pgid uint64; leaf: flags, pos, ksize, vsize uint32
	metaSize         = 64 // magic, version, pageSize, flags uint32; root, sequence, freelist, pgid, txid, checksum uint64
	bucketHeaderSize = 16 // root pgid, sequence uint64
	flagBranch       = 0x01
	flagLeaf         = 0x02
	flagMeta         = 0x04
	flagFreelist     = 0x10
	leafBucket       = 0x01
	noFreelist       = ^uint64(0)
	maxTreeDepth     = 64 // a bbolt B+tree of any realistic size is under 10 deep
	maxProblems      = 50 // problems listed in a report; the rest are counted
)

var ne = binary.NativeEndian

// errIO is a read error that is not about the content (the caller aborts).
type errIO struct{ err error }

func (e errIO) Error() string { return e.err.Error() }

type meta struct {
	magic, version, pageSize, flags  uint32
	root, freelist, pgid, txid, csum uint64
}

func parseMeta(b []byte) meta {
	return meta{
		magic: ne.Uint32(b[0:]), version: ne.Uint32(b[4:]), pageSize: ne.Uint32(b[8:]), flags: ne.Uint32(b[12:]),
		root: ne.Uint64(b[16:]), freelist: ne.Uint64(b[32:]), pgid: ne.Uint64(b[40:]), txid: ne.Uint64(b[48:]),
		csum: ne.Uint64(b[56:]),
	}
}

// metaProblem returns "" for a valid meta (as bbolt's Meta.Validate), else what is wrong.
func metaProblem(b []byte) string {
	m := parseMeta(b)
	h := fnv.New64a()
	h.Write(b[:56])
	switch {
	case m.magic != boltMagic:
		return "no bbolt magic number"
	case m.version != boltVersion:
		return fmt.Sprintf("bbolt format version %d, want %d", m.version, boltVersion)
	case m.csum != h.Sum64():
		return "checksum mismatch"
	}
	return ""
}

func validPageSize(n uint32) bool { return n >= 1024 && n <= 1<<16 && n&(n-1) == 0 }

type walker struct {
	f       *os.File
	size    int64
	rep     *CheckReport
	collect bool
	records []record

	pageSize uint64
	hwm      uint64
	limit    uint64   // pages below both the high-water mark and the end of the file
	seen     []uint64 // bitset of the pages below limit referenced so far
	hasMagic bool
}

func (w *walker) problem(format string, args ...any) {
	if w.rep.Kind == KindOK {
		w.rep.Kind = KindCorrupt
	}
	if len(w.rep.Problems) >= maxProblems {
		w.rep.Omitted++
		return
	}
	w.rep.Problems = append(w.rep.Problems, fmt.Sprintf(format, args...))
}

func (w *walker) readAt(b []byte, off int64) (bool, error) {
	n, err := w.f.ReadAt(b, off)
	if n == len(b) {
		return true, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		return false, nil // short: past the end of the file
	}
	return false, errIO{err}
}

// run is the whole check.
func (w *walker) run() error {
	const minSize = pageHeaderSize + metaSize
	if w.size < minSize {
		w.rep.Kind = KindForeign
		w.problem("the file is %d bytes, too short for a bbolt database", w.size)
		return nil
	}
	m, metaPage, err := w.pickMeta()
	if err != nil {
		return err
	}
	if metaPage < 0 {
		if !w.hasMagic {
			w.rep.Kind = KindForeign
			w.rep.Problems = []string{"not a bbolt database (no valid meta page)"}
		}
		return nil
	}
	w.pageSize, w.hwm = uint64(m.pageSize), m.pgid
	w.rep.PageSize, w.rep.Pages, w.rep.TxID = int(m.pageSize), m.pgid, m.txid
	need := m.pgid * w.pageSize
	switch {
	case m.pgid < 4 || m.pgid > uint64(1)<<40:
		w.problem("meta page %d: high-water mark %d pages is impossible", metaPage, m.pgid)
		return nil
	case uint64(w.size) < need:
		w.problem("the file is %d bytes, but its meta page (transaction %d) uses %d pages of %d bytes (%d bytes): the file is truncated",
			w.size, m.txid, m.pgid, m.pageSize, need)
	}
	if m.root < 2 || m.root >= m.pgid {
		w.problem("meta page %d: root page %d outside [2, %d)", metaPage, m.root, m.pgid)
		return nil
	}
	// Pages that exist: below the high-water mark and inside the file.
	w.limit = min(m.pgid, uint64(w.size)/w.pageSize)
	w.seen = make([]uint64, (w.limit+63)/64)
	for id := range min(2, w.limit) {
		w.mark(id, 0)
	}
	var free []uint64
	if m.freelist != noFreelist {
		free = w.readFreelist(m.freelist)
	}
	// The root bucket: top-level buckets "meta" and "records".
	var schema []byte
	var sawMeta, sawRecords bool
	err = w.walkTree(m.root, "root bucket", 0, nil, nil, func(k, v []byte, flags uint32) error {
		isBucket := flags&leafBucket != 0
		switch string(k) {
		case string(metaBucket):
			if !isBucket {
				w.problem("root bucket: %q is a value, not a bucket", k)
				return nil
			}
			sawMeta = true
			return w.walkBucket(v, "meta bucket", func(k, v []byte, flags uint32) error {
				if string(k) == string(schemaKey) && flags&leafBucket == 0 {
					schema = append([]byte(nil), v...)
				}
				return nil
			})
		case string(recordsBucket):
			if !isBucket {
				w.problem("root bucket: %q is a value, not a bucket", k)
				return nil
			}
			sawRecords = true
			return w.walkBucket(v, "records bucket", w.record)
		}
		if isBucket { // another program's bucket: checked all the same, bbolt walks it too
			return w.walkBucket(v, fmt.Sprintf("bucket %q", k), func([]byte, []byte, uint32) error { return nil })
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range free {
		if id < w.limit && w.isSeen(id) {
			w.problem("page %d is in use and also listed as free", id)
		}
	}
	w.rep.Schema = string(schema)
	switch {
	case schema != nil && string(schema) != SchemaVersion && w.rep.Kind == KindOK:
		w.rep.Kind = KindSchema
		w.rep.Problems = append(w.rep.Problems, fmt.Sprintf("schema version %q, this emulator needs %q", schema, SchemaVersion))
	case schema == nil && !sawMeta && !sawRecords && w.rep.Kind == KindOK:
		w.rep.Kind = KindForeign
		w.rep.Problems = append(w.rep.Problems, "a bbolt database, but not an emulator state file (no schema version)")
	case schema == nil && w.rep.Kind == KindOK:
		w.problem("the schema version key is missing")
	}
	return nil
}

// pickMeta validates both meta pages and returns the one bbolt would use
// (the valid one with the higher transaction), and its page number (-1 when
// neither is valid). An invalid meta page is a problem even when the other
// one is fine: bbolt would silently fall back to the previous transaction.
func (w *walker) pickMeta() (meta, int, error) {
	buf := make([]byte, pageHeaderSize+metaSize)
	var metas [2]meta
	var valid [2]bool
	var why [2]string
	// Page 0 gives the page size; page 1 is found at that size, or, when page 0
	// is invalid, at any page size bbolt may have used.
	if _, err := w.readAt(buf, 0); err != nil {
		return meta{}, -1, err
	}
	why[0] = w.metaPageProblem(buf, 0)
	metas[0] = parseMeta(buf[pageHeaderSize:])
	valid[0] = why[0] == ""
	if valid[0] {
		ok, err := w.readAt(buf, int64(metas[0].pageSize))
		switch {
		case err != nil:
			return meta{}, -1, err
		case !ok:
			why[1] = "past the end of the file"
		default:
			why[1] = w.metaPageProblem(buf, 1)
		}
	} else {
		why[1] = "no valid meta page 1 at any page size"
		for _, ps := range []uint32{4096, 16384, 65536, 8192, 32768, 1024, 2048} {
			ok, err := w.readAt(buf, int64(ps))
			if err != nil {
				return meta{}, -1, err
			}
			if ok && w.metaPageProblem(buf, 1) == "" && parseMeta(buf[pageHeaderSize:]).pageSize == ps {
				why[1] = ""
				break
			}
		}
	}
	if why[1] == "" {
		metas[1], valid[1] = parseMeta(buf[pageHeaderSize:]), true
	}
	if valid[0] && valid[1] && metas[0].pageSize != metas[1].pageSize {
		valid[1], why[1] = false, "page size differs from meta page 0"
	}
	for i := range 2 {
		if !valid[i] {
			w.problem("meta page %d is invalid (%s)", i, why[i])
		}
	}
	switch {
	case valid[0] && valid[1]:
		if metas[1].txid > metas[0].txid {
			return metas[1], 1, nil
		}
		return metas[0], 0, nil
	case valid[0]:
		return metas[0], 0, nil
	case valid[1]:
		return metas[1], 1, nil
	}
	return meta{}, -1, nil
}

func (w *walker) metaPageProblem(buf []byte, id uint64) string {
	mb := buf[pageHeaderSize:]
	if ne.Uint32(mb) == boltMagic {
		w.hasMagic = true
	}
	if p := metaProblem(mb); p != "" {
		return p
	}
	if !validPageSize(parseMeta(mb).pageSize) {
		return fmt.Sprintf("page size %d", parseMeta(mb).pageSize)
	}
	if got, fl := ne.Uint64(buf), ne.Uint16(buf[8:]); got != id || fl != flagMeta {
		return fmt.Sprintf("page header says page %d, flags %#x", got, fl)
	}
	return ""
}

func (w *walker) isSeen(id uint64) bool { return w.seen[id/64]&(1<<(id%64)) != 0 }

// mark records pages id..id+overflow as referenced; false when one already was.
func (w *walker) mark(id uint64, overflow uint32) bool {
	ok := true
	for i := id; i <= id+uint64(overflow); i++ {
		if w.isSeen(i) {
			ok = false
		}
		w.seen[i/64] |= 1 << (i % 64)
	}
	return ok
}

// readPage reads page id with its overflow pages and checks its header.
// It returns nil (after recording a problem) for a page that cannot be used.
func (w *walker) readPage(id uint64, where string, wantFlags ...uint16) ([]byte, error) {
	if id < 2 || id >= w.hwm {
		w.problem("%s: reference to page %d outside [2, %d)", where, id, w.hwm)
		return nil, nil
	}
	if id >= w.limit {
		w.problem("%s: page %d is past the end of the file", where, id)
		return nil, nil
	}
	hdr := make([]byte, pageHeaderSize)
	if _, err := w.readAt(hdr, int64(id*w.pageSize)); err != nil {
		return nil, err
	}
	gotID, flags, overflow := ne.Uint64(hdr), ne.Uint16(hdr[8:]), ne.Uint32(hdr[12:])
	if gotID != id {
		w.problem("%s: page %d identifies itself as page %d", where, id, gotID)
		return nil, nil
	}
	if !flagsIn(flags, wantFlags) {
		w.problem("%s: page %d has type %#x, want %s", where, id, flags, flagNames(wantFlags))
		return nil, nil
	}
	if id+uint64(overflow) >= w.hwm {
		w.problem("%s: page %d with %d overflow pages runs past the high-water mark %d", where, id, overflow, w.hwm)
		return nil, nil
	}
	if id+uint64(overflow) >= w.limit {
		w.problem("%s: page %d with %d overflow pages is cut off by the end of the file", where, id, overflow)
		return nil, nil
	}
	if !w.mark(id, overflow) {
		w.problem("%s: page %d is referenced more than once", where, id)
		return nil, nil
	}
	p := make([]byte, (1+uint64(overflow))*w.pageSize)
	if ok, err := w.readAt(p, int64(id*w.pageSize)); err != nil || !ok {
		return nil, err // !ok cannot happen below limit unless the file shrinks meanwhile
	}
	return p, nil
}

func flagsIn(f uint16, want []uint16) bool {
	for _, x := range want {
		if f == x {
			return true
		}
	}
	return false
}

func flagNames(fs []uint16) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += " or "
		}
		switch f {
		case flagBranch:
			s += "branch"
		case flagLeaf:
			s += "leaf"
		case flagFreelist:
			s += "freelist"
		default:
			s += fmt.Sprintf("%#x", f)
		}
	}
	return s
}
