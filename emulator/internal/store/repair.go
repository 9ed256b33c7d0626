package store

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// RepairReport says what Repair salvaged.
type RepairReport struct {
	Src, Dst string
	// Records copied to Dst.
	Records int
	// Source is the check of the source file (its problems are what was lost or skipped).
	Source *CheckReport
}

// Repair copies the readable records of the state file src into a new state
// file dst, which must not exist (it is created exclusively, so src can never
// be overwritten). src is only read. Records are salvaged by the same walk as
// Check, which skips damaged pages and their subtrees and records whose value
// is not JSON; a valid meta page is needed to find anything. Records are only
// found through the tree of the last transaction: leaf pages it does not
// reach are never scanned, as they may hold old versions of records, or
// records deleted since (a reset), which must not come back. A file of
// another schema version, without any bbolt meta page, or damaged so that no
// record can be read, is refused (errors.Is ErrUnusable) and dst is not
// created. dst is checked after it is written; on any error it is removed.
func Repair(src, dst string) (rep *RepairReport, err error) {
	check, records, err := walkFile(src, true)
	if err != nil {
		return nil, err
	}
	if check.Kind == KindSchema || check.Kind == KindForeign || check.PageSize == 0 {
		return nil, &FileError{Path: src, Report: check}
	}
	if len(records) == 0 && !check.OK() {
		// Typically the root of the records was damaged or cut off (bbolt
		// often writes a transaction's top pages last, at the end of the file).
		return nil, fmt.Errorf("%w; no record could be read from it, so no repaired file was written", &FileError{Path: src, Report: check})
	}
	f, err := os.OpenFile(dst, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create repaired state file: %w", err)
	}
	_ = f.Close()
	defer func() {
		if err != nil {
			_ = os.Remove(dst)
		}
	}()
	db, err := OpenBolt(dst) // empty: initialized with the schema key
	if err != nil {
		return nil, err
	}
	err = db.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(recordsBucket)
		for _, r := range records {
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("write repaired state file %s: %w", dst, err)
	}
	after, err := Check(dst)
	if err != nil {
		return nil, err
	}
	if err := after.Err(); err != nil {
		return nil, fmt.Errorf("the repaired file does not check: %w", err)
	}
	if after.Records != len(records) {
		return nil, fmt.Errorf("the repaired file has %d records, want %d", after.Records, len(records))
	}
	return &RepairReport{Src: src, Dst: dst, Records: len(records), Source: check}, nil
}
