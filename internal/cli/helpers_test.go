package cli

import (
	"errors"
	"io/fs"
	"os"
)

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
