package cmdutil

import (
	"errors"
	"os"

	"golang.org/x/term"

	"github.com/wxcgo/go-wxc/internal/cli/output"
)

// RenderOptions are the table options of f's stdout: --no-headers, and for a real terminal
// its width and colour (a bold header) unless NO_COLOR is set.
func (f *Factory) RenderOptions() output.Options {
	o := output.Options{TTY: f.IO.IsStdoutTTY, NoHeaders: f.Options.NoHeaders}
	if fh, ok := f.IO.Out.(*os.File); ok && o.TTY && term.IsTerminal(int(fh.Fd())) {
		if w, _, err := term.GetSize(int(fh.Fd())); err == nil && w > 0 {
			o.Width = w
		}
		o.Color = UseColor(true, f.getenv)
	}
	return o
}

// UseColor reports whether output to a terminal (tty) may use colour: never when it is not
// one, nor when NO_COLOR is set to anything but "" (https://no-color.org) or TERM is "dumb".
func UseColor(tty bool, getenv func(string) string) bool {
	if !tty || getenv == nil {
		return tty
	}
	return getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
}

// StartOutputFile sends stdout's data to --output-file, when given, through an atomic file:
// FinishOutputFile puts it in place. Called by the root command before any command runs.
func (f *Factory) StartOutputFile() error {
	if f.Options.OutputFile == "" || f.outFile != nil {
		return nil
	}
	af, err := output.CreateAtomic(f.Options.OutputFile)
	if err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	f.outFile = af
	f.IO.Out = af
	f.IO.IsStdoutTTY = false
	return nil
}

// FinishOutputFile ends --output-file after the command returned err: the file is put in
// place when the command ended with its result written (exit 0, 3 partial, 4 findings or
// differences, 5 changes pending); otherwise the old file, if any, stays as it was.
func (f *Factory) FinishOutputFile(err error) error {
	if f.outFile == nil {
		return nil
	}
	af := f.outFile
	f.outFile = nil
	var ee *ExitError
	if err == nil || errors.As(err, &ee) && (ee.Code == ExitPartial || ee.Code == ExitFindings || ee.Code == ExitChangesPending) {
		return af.Commit()
	}
	return af.Abort()
}
