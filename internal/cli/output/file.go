package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// AtomicFile is an output file (--output-file) written through a temporary file in the same
// directory and renamed over the target by Commit: readers see the old file or the complete
// new one, never a part. Abort (or an error) leaves the old file as it was.
type AtomicFile struct {
	path string
	tmp  *os.File
	done bool
}

// CreateAtomic starts writing path. The new file gets the mode of the file it replaces, else
// 0644 (less the umask's effect on the temporary file, which is created 0600 and widened).
func CreateAtomic(path string) (*AtomicFile, error) {
	if path == "" {
		return nil, errors.New("no output file named")
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, fmt.Errorf("--output-file %s is a directory", path)
		}
		mode = fi.Mode().Perm()
	}
	a, err := CreateAtomicMode(path, mode)
	if err != nil {
		return nil, fmt.Errorf("--output-file: %w", err)
	}
	return a, nil
}

// CreateAtomicMode starts writing path through a temporary file of mode perm in the same
// directory, which Commit renames over path.
func CreateAtomicMode(path string, perm fs.FileMode) (*AtomicFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &AtomicFile{path: path, tmp: tmp}, nil
}

// Path is the file that Commit writes.
func (a *AtomicFile) Path() string { return a.path }

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) { return a.tmp.Write(p) }

// Commit syncs the temporary file and renames it to the target.
func (a *AtomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
	name := a.tmp.Name()
	if err := a.tmp.Sync(); err != nil {
		a.tmp.Close()
		os.Remove(name)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.tmp.Close(); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(name, a.path); err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort removes the temporary file; the target is left as it was.
func (a *AtomicFile) Abort() error {
	if a.done {
		return nil
	}
	a.done = true
	a.tmp.Close()
	return os.Remove(a.tmp.Name())
}
