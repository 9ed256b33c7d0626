// Package browser opens audit reports in headless Chromium (chromedp) for the report's browser
// test and its benchmark harness. It is not part of the wxc binary.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned by Path when no Chromium is installed.
var ErrNoChromium = errors.New("no chromium: install the Debian package chromium (apt-get install -y chromium) or set WXC_CHROMIUM to its path")

// Path finds the browser: $WXC_CHROMIUM, else chromium, chromium-browser, google-chrome or
// headless-shell on PATH.
func Path() (string, error) {
	if p := os.Getenv("WXC_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// Page is one browser tab with a record of the requests it made and the dialogs it opened.
type Page struct {
	Ctx context.Context // a chromedp context: pass it to chromedp.Run and chromedp.Do

	mu       sync.Mutex
	requests []string
	dialogs  []string
}

// Open starts Chromium (path, headless, no network besides what pages ask for) with a
// width×height window and a fresh profile under dir, and opens one tab. cancel stops the browser.
func Open(ctx context.Context, path, dir string, width, height int) (*Page, context.CancelFunc, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(filepath.Join(dir, "chromium-profile")),
		chromedp.WindowSize(width, height),
		chromedp.DisableGPU,
		chromedp.Flag("allow-file-access-from-files", false),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run its sandbox as root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	tctx, cancelTab := chromedp.NewContext(actx)
	cancel := func() { cancelTab(); cancelAlloc() }
	p := &Page{Ctx: tctx}
	err := chromedp.Listen(tctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			p.mu.Lock()
			p.requests = append(p.requests, ev.Request.URL)
			p.mu.Unlock()
		case *page.EventJavascriptDialogOpening:
			p.mu.Lock()
			p.dialogs = append(p.dialogs, string(ev.Type)+": "+ev.Message)
			p.mu.Unlock()
		}
	})
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return p, cancel, nil
}

// Requests returns the URLs of every request the tab has made so far.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Dialogs returns the JavaScript dialogs (alert, confirm, prompt) the tab opened.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// FileURL is the file:// URL of a path.
func FileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// WaitReady waits until the report page in the tab says it is ready (the data-ready
// attribute its script sets last) and returns the page's own time to ready (performance.now()
// then, from the start of navigation). It queries the DOM, so it works across navigations.
func (p *Page) WaitReady(timeout time.Duration) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(p.Ctx, timeout)
	defer cancel()
	a, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`html[data-ready="1"]`), "data-ready-ms"))
	if err != nil {
		return 0, fmt.Errorf("the page did not report ready: %w", err)
	}
	ms, err := strconv.Atoi(a.Value)
	if err != nil {
		return 0, fmt.Errorf("data-ready-ms %q: %w", a.Value, err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// Require returns the browser's path for a test. Without a browser the test is skipped, with a
// message saying so, unless CI is set: there the browser test must run (.ci/run installs the
// Debian package chromium), so a missing browser fails the test.
func Require(t testing.TB) string {
	t.Helper()
	path, err := Path()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and %v", err)
		}
		t.Skipf("skipped: %v (CI is not set)", err)
	}
	return path
}
