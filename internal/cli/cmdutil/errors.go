package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/input"
	"github.com/wxcgo/go-wxc/wxc"
)

// ExitError carries a specific exit code (see docs/EXIT_CODES.md) out of a command.
type ExitError struct {
	Code int
	Err  error
}

// Error returns the message of the wrapped error.
func (e *ExitError) Error() string {
	if e.Err == nil {
		return "exit status"
	}
	return e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *ExitError) Unwrap() error { return e.Err }

// Exit codes, documented in docs/EXIT_CODES.md.
const (
	ExitOK             = 0 // success
	ExitFailure        = 1 // the command failed
	ExitUsage          = 2 // bad flags, arguments or input files
	ExitPartial        = 3 // bulk job: some entities failed (see the failures file)
	ExitFindings       = 4 // audit: policy violations; check: a number not ALLOW; diff: the exports differ
	ExitChangesPending = 5 // plan --detailed-exitcode: the plan has changes
	ExitAuth           = 6 // authentication or authorization failed (401/403)
	ExitStateFile      = 7 // emulator state file corrupt, not a state file, or of another schema (root.go maps emulator.ErrStateFileUnusable to it)
	ExitInterrupted    = 130
)

// UsageErrorf returns an error that exits with ExitUsage.
func UsageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitUsage, Err: fmt.Errorf(format, args...)}
}

// InputError turns the problems of an input file into a usage error.
func InputError(err error) error {
	var ps input.Problems
	if errors.As(err, &ps) && len(ps) > 1 {
		return UsageErrorf("%d problems in %s; nothing was sent:\n  %s", len(ps), ps[0].File, strings.Join(ps.Lines(), "\n  "))
	}
	return &ExitError{Code: ExitUsage, Err: err}
}

// Refusal is the usage error of a write refused before anything was sent, for every reason
// found.
func Refusal(reasons []string) error {
	if len(reasons) == 1 {
		return UsageErrorf("%s", reasons[0])
	}
	return UsageErrorf("%d problems; nothing was sent:\n  %s", len(reasons), strings.Join(reasons, "\n  "))
}

// NothingToChange is the usage error of a write that would change nothing that was asked for.
func NothingToChange(format string, args ...any) error {
	return UsageErrorf("nothing to change: "+format, args...)
}

// ValidationReason is the reason of a *wxc.ValidationError (err's text otherwise).
func ValidationReason(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Reason
	}
	return err.Error()
}

// ValidationField is the field of a *wxc.ValidationError ("" otherwise).
func ValidationField(err error) string {
	var ve *wxc.ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}
