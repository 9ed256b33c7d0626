package cli

import (
	"context"

	"io"
	"time"

	"github.com/wxcgo/go-wxc/wxc"
)

// IOStreams are the command's standard streams. Stdout carries data only; logs, progress and
// prompts go to ErrOut.
type IOStreams struct {
	In          io.Reader
	Out         io.Writer
	ErrOut      io.Writer
	IsStdinTTY  bool
	IsStdoutTTY bool
	IsStderrTTY bool
}

// GlobalOptions are the flags every command has.
type GlobalOptions struct {
	Emulator      bool   // --emulator: in-process emulator with the demo org
	EmulatorState string // --emulator-state FILE
	BaseURL       string // --base-url
	Token         string // --token (else WEBEX_ACCESS_TOKEN); never echoed
	OrgID         string // --org-id
	Output        string // -o table|json|yaml|csv
	Concurrency   int    // --concurrency
	Quiet         bool   // --quiet
	Debug         bool   // --debug
}

// Factory gives commands their dependencies. Client is built lazily, so --help needs no
// credentials.
type Factory struct {
	IO      *IOStreams
	Options *GlobalOptions
	// Client returns the SDK client for the selected target (emulator, base URL, token, org).
	Client func(ctx context.Context) (*wxc.Client, error)
	// CallOptions are the per-call options every SDK call should pass (the org ID).
	CallOptions func() []wxc.CallOption
	Now         func() time.Time
}

// ExitError carries a specific exit code (see docs/EXIT_CODES.md) out of a command.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return "exit status"
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Exit codes, documented in docs/EXIT_CODES.md.
const (
	ExitOK             = 0 // success
	ExitFailure        = 1 // the command failed
	ExitUsage          = 2 // bad flags, arguments or input files
	ExitPartial        = 3 // bulk job: some entities failed (see the failures file)
	ExitFindings       = 4 // audit: policy violations found
	ExitChangesPending = 5 // plan --detailed-exitcode: the plan has changes
	ExitAuth           = 6 // authentication or authorization failed (401/403)
	ExitInterrupted    = 130
)
