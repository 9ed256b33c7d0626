//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import "os"

// lockShared is a no-op where flock is not available; bbolt's own lock still
// guards the open.
func lockShared(*os.File) error { return nil }

func unlock(*os.File) {}
