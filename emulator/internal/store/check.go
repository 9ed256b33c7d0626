package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
)

// This file validates a bbolt state file without bbolt and without mmap.
//
// bbolt maps the file into memory and trusts what it finds: a page past the
// end of a truncated file is a SIGBUS (a fatal runtime error that recover()
// cannot catch), and a damaged page header trips one of its assertion panics,
// some of them on goroutines of its own. So before bbolt is allowed near an
// existing file, Check reads it with plain pread calls and walks every page
// bbolt would touch: both meta pages (magic, version, checksum), the file
// size against the high-water mark, every branch, leaf and overflow page of
// every bucket (page id, type, element bounds, key order, each page
// referenced once, nothing past the high-water mark), inline buckets, the
// freelist when one is stored, and then the emulator's own layout (schema
// key, records that are JSON). Every check is bounds-checked Go code: a
// damaged file gives a list of problems, never a panic.
//
// The same walk, tolerant of damage, is what Repair uses to salvage the
// records that are still readable.

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

// Problem kinds of a CheckReport.
const (
	// KindOK: no problem.
	KindOK = ""
	// KindCorrupt: a bbolt file (magic found) that is damaged.
	KindCorrupt = "corrupt"
	// KindForeign: not a bbolt file, or a bbolt file without the emulator's schema key.
	KindForeign = "foreign"
	// KindSchema: an emulator state file of another schema version.
	KindSchema = "schema"
)

// CheckReport is what Check found in a state file.
type CheckReport struct {
	Path     string
	Size     int64  // file size in bytes
	PageSize int    // 0 when no valid meta page was found
	Pages    uint64 // high-water mark of the meta page in use
	TxID     uint64 // transaction of the meta page in use
	Schema   string // the schema key, "" when missing
	Records  int    // records that are readable and valid
	// Kind is KindOK, KindCorrupt, KindForeign or KindSchema.
	Kind string
	// Problems lists what is wrong, at most maxProblems entries; Omitted counts the rest.
	Problems []string
	Omitted  int
}

// OK reports whether the file can be used as it is.
func (r *CheckReport) OK() bool { return r.Kind == KindOK }

// ErrUnusable is matched (errors.Is) by the *FileError of a state file that
// is corrupt, not an emulator state file, or of another schema version.
var ErrUnusable = errors.New("unusable state file")

// FileError is returned for a state file that cannot be used. The file was
// not changed.
type FileError struct {
	Path   string
	Report *CheckReport
}

func (e *FileError) Error() string {
	r := e.Report
	switch r.Kind {
	case KindSchema:
		return fmt.Sprintf("state file %s has schema version %q, this emulator needs %q; refusing to touch it", e.Path, r.Schema, SchemaVersion)
	case KindForeign:
		return fmt.Sprintf("state file %s is not a usable emulator state file (refusing to touch it): %s", e.Path, r.summary(3))
	}
	return fmt.Sprintf("state file %s is corrupt (refusing to use it; the file was not changed): %s", e.Path, r.summary(3))
}

// Is makes errors.Is(err, ErrUnusable) true.
func (e *FileError) Is(target error) bool { return target == ErrUnusable }

// summary joins the first n problems.
func (r *CheckReport) summary(n int) string {
	var b bytes.Buffer
	for i, p := range r.Problems {
		if i == n {
			fmt.Fprintf(&b, "; and %d more problems", len(r.Problems)-n+r.Omitted)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p)
	}
	if b.Len() == 0 {
		return "no problems"
	}
	return b.String()
}

// Err returns nil for a usable file, else a *FileError.
func (r *CheckReport) Err() error {
	if r.OK() {
		return nil
	}
	return &FileError{Path: r.Path, Report: r}
}

// Check validates the state file at path without modifying it and without
// bbolt. It returns an error only when the file cannot be read at all (missing,
// a directory, in use by a writer, an I/O error); what is wrong with its
// content is in the report.
func Check(path string) (*CheckReport, error) {
	rep, _, err := walkFile(path, false)
	return rep, err
}

// record is a salvaged key/value pair.
type record struct{ k, v []byte }

// walkFile opens path under a shared lock and walks it. With collect it
// returns the readable records (Repair).
func walkFile(path string, collect bool) (*CheckReport, []record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if fi.IsDir() {
		return nil, nil, fmt.Errorf("state file %s is a directory", path)
	}
	if err := lockShared(f); errors.Is(err, errInUse) {
		return nil, nil, fmt.Errorf("state file %s is %w (a running emulator?); stop it first", path, err)
	} else if err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	defer unlock(f)
	w := &walker{f: f, size: fi.Size(), rep: &CheckReport{Path: path, Size: fi.Size()}, collect: collect}
	if err := w.run(); err != nil {
		return nil, nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return w.rep, w.records, nil
}

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
