package cmdutil

import (
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress is a progress bar on stderr for bulk work. A nil *Progress does nothing, which is
// what NewProgress returns when stderr is not a terminal or --quiet is set.
type Progress struct {
	bar *progressbar.ProgressBar
}

// NewProgress starts a progress bar for total items (-1 when unknown) described by desc.
func (f *Factory) NewProgress(total int64, desc string) *Progress {
	if f.Options.Quiet || !f.IO.IsStderrTTY {
		return nil
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f.IO.ErrOut),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("entities"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(total > 0),
		// No ticker goroutine for an unknown total: the library's (v3.19.1) reads its start
		// time without its lock, a data race under -race. The spinner moves on each Add.
		progressbar.OptionSetSpinnerChangeInterval(0),
	)
	return &Progress{bar: bar}
}

// Add records n more items done.
func (p *Progress) Add(n int) {
	if p == nil {
		return
	}
	_ = p.bar.Add(n)
}

// Finish clears the bar, so that whatever is printed next starts on a clean line. (For an
// unknown total the library's clear-on-finish leaves the spinner line behind, so clear it here.)
func (p *Progress) Finish() {
	if p == nil {
		return
	}
	_ = p.bar.Finish()
	_ = p.bar.Clear()
}
