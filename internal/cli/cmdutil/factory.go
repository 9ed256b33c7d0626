// Package cmdutil is the bottom layer of the wxc command line, shared by every command
// package under internal/cli/cmd: the Factory (IO streams, global flags, the lazily built
// SDK client with the org set once by wxc.WithOrgID), ExitError and the exit codes
// (docs/EXIT_CODES.md), usage errors and argument checks, output rendering, dry-run
// transport, progress, entity references, and the failure classes, failures file and
// summaries of bulk commands. It imports no command package.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/internal/cli/output"
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
	// AllOrgs is set by a command run with --all-orgs (CheckAllOrgs); with --emulator the
	// run then goes through the demo partner, as with --org-id.
	AllOrgs    bool
	NoHeaders  bool   // --no-headers: tables and CSV without a header row
	OutputFile string // --output-file FILE: stdout's data goes to FILE, written atomically (outputfile.go)
	Profile    string // --profile NAME (else $WXC_PROFILE): a profile of `wxc auth login` (profile.go)
}

// Factory gives commands their dependencies. Client is built lazily, so --help needs no
// credentials.
type Factory struct {
	IO      *IOStreams
	Options *GlobalOptions
	// Client returns the SDK client for the selected target (emulator, base URL, token, org).
	Client func(ctx context.Context) (*wxc.Client, error)
	Now    func() time.Time

	// Getenv reads the environment (WEBEX_ACCESS_TOKEN); tests replace it.
	Getenv func(string) string
	// ConfigDir, when set, replaces os.UserConfigDir as the directory of wxc/config.yaml
	// (profiles; tests).
	ConfigDir func() (string, error)
	// HTTPTransport, when set, is the transport of every client (tests).
	HTTPTransport http.RoundTripper

	mu        sync.Mutex
	target    *target
	client    *wxc.Client
	emu       *emulator.Server
	transport *http.Transport // created by newClientLocked; idle connections closed at exit
	closeOnce sync.Once

	org orgResolution // --org-id, resolved once (orgs.go)

	statsMu sync.Mutex
	clients []*wxc.Client // every client handed out, for Stats

	outFile *output.AtomicFile // --output-file, between StartOutputFile and FinishOutputFile
}

// target is where requests go: a base URL and a token.
type target struct {
	baseURL   string
	token     string
	transport http.RoundTripper // --emulator: the emulator's in-process transport (no socket)
}

// NewFactory returns a Factory for the streams; Options are filled by the root command's flags.
func NewFactory(streams *IOStreams) *Factory {
	f := &Factory{IO: streams, Options: &GlobalOptions{}, Now: time.Now, Getenv: os.Getenv}
	f.Client = func(ctx context.Context) (*wxc.Client, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.client != nil {
			return f.client, nil
		}
		c, err := f.newClientLocked(ctx, nil)
		if err != nil {
			return nil, err
		}
		f.client = c
		return c, nil
	}
	return f
}

// DryRunClient returns a client that sends GET requests but, instead of sending any other
// request, prints it (method, URL and JSON body) to w and answers it with a made-up success.
func (f *Factory) DryRunClient(ctx context.Context, w io.Writer) (*wxc.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.newClientLocked(ctx, w)
}

// OutputFormat returns the -o format, checked against allowed (default: table, json, yaml, csv).
// An empty -o gives def.
func (f *Factory) OutputFormat(def output.Format, allowed ...output.Format) (output.Format, error) {
	if f.Options.Output == "" {
		return def, nil
	}
	fm, err := output.ParseFormat(f.Options.Output, allowed...)
	if err != nil {
		return "", &ExitError{Code: ExitUsage, Err: err}
	}
	return fm, nil
}

// Render writes data (JSON/YAML) or rows (table/CSV) to stdout in the -o format.
func (f *Factory) Render(data any, rows *output.Rows) error {
	fm, err := f.OutputFormat(output.Table)
	if err != nil {
		return err
	}
	return output.RenderWith(f.IO.Out, fm, f.RenderOptions(), data, rows)
}

// DefaultEmulatorStatePath is where --emulator keeps its state unless --emulator-state says
// otherwise: <user cache dir>/wxc/emulator-state.db.
func DefaultEmulatorStatePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the user cache directory for the emulator state (pass --emulator-state FILE): %w", err)
	}
	return filepath.Join(dir, "wxc", "emulator-state.db"), nil
}

// EmulatorStatePath returns --emulator-state or the default.
func (f *Factory) EmulatorStatePath() (string, error) {
	if f.Options.EmulatorState != "" {
		return f.Options.EmulatorState, nil
	}
	return DefaultEmulatorStatePath()
}

// resolveTargetLocked works out the base URL and token, starting the emulator for --emulator.
func (f *Factory) resolveTargetLocked() (*target, error) {
	if f.target != nil {
		return f.target, nil
	}
	o := f.Options
	if o.Emulator {
		if o.BaseURL != "" {
			return nil, UsageErrorf("--emulator and --base-url exclude each other")
		}
		path, err := f.EmulatorStatePath()
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create the emulator state directory: %w", err)
		}
		srv, err := emulator.New(emulator.Options{Demo: true, StatePath: path})
		if err != nil {
			return nil, fmt.Errorf("start the emulator with state %s (is another `wxc --emulator` running? if the file is damaged, `wxc emulator reset` deletes it): %w", path, err)
		}
		f.emu = srv
		token := srv.Tokens().FullAdmin
		switch {
		case o.Token != "":
			token = o.Token
		case o.OrgID != "" || o.AllOrgs:
			token = srv.Tokens().PartnerAdmin // --org-id names a customer org of the demo partner; --all-orgs reads its orgs
		}
		f.target = &target{baseURL: emulator.InProcessBaseURL, token: token, transport: srv.Transport()}
		return f.target, nil
	}
	// Resolve (profile.go) takes the token and base URL from the flags, the environment or a
	// profile of `wxc auth login`; no target from it means no token anywhere.
	if t, err := f.profileTargetLocked(); t != nil || err != nil {
		return t, err
	}
	return nil, &ExitError{Code: ExitAuth, Err: fmt.Errorf("no access token: run `wxc auth login`, pass --token, set WEBEX_ACCESS_TOKEN, or try the built-in demo with --emulator")}
}

// newClientLocked builds a client; dryRun, when non-nil, turns it into a dry-run client.
func (f *Factory) newClientLocked(ctx context.Context, dryRun io.Writer) (*wxc.Client, error) {
	t, err := f.resolveTargetLocked()
	if err != nil {
		return nil, err
	}
	o := f.Options
	opts := []wxc.Option{wxc.WithUserAgent("wxc-cli")}
	if t.baseURL != "" {
		opts = append(opts, wxc.WithBaseURL(t.baseURL))
	}
	if o.Debug {
		opts = append(opts, wxc.WithLogger(slog.New(slog.NewTextHandler(f.IO.ErrOut, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	if o.Concurrency > 0 {
		opts = append(opts, wxc.WithMaxInFlight(o.Concurrency))
	}
	base := f.HTTPTransport
	if t.transport != nil {
		base = t.transport
	}
	if base == nil {
		if f.transport == nil {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			conns := max(o.Concurrency, 10)
			tr.MaxIdleConnsPerHost = conns
			tr.MaxIdleConns = conns
			f.transport = tr
		}
		base = f.transport
	}
	if dryRun != nil {
		base = &dryRunTransport{next: base, w: dryRun}
	}
	opts = append(opts, wxc.WithHTTPClient(&http.Client{Transport: base, CheckRedirect: sameOriginRedirects}))
	if o.OrgID != "" {
		// The one org-ID channel: no call site passes the org. A display name becomes its
		// ID (orgs.go: one GET organizations; an ID is used as it is).
		orgID, err := f.resolveOrgLocked(ctx, t.token, opts, o.OrgID)
		if err != nil {
			return nil, err
		}
		opts = append(opts, wxc.WithOrgID(orgID))
	}
	c, err := wxc.NewClient(t.token, opts...)
	if err != nil {
		return nil, &ExitError{Code: ExitUsage, Err: err}
	}
	if dryRun != nil {
		f.trackClient(c) // f.Client's clients are tracked by TrackClients
	}
	return c, nil
}

// sameOriginRedirects follows at most 10 redirects and none that leave the scheme and host
// of the original request (the bearer token must not go elsewhere).
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if req.URL.Scheme != via[0].URL.Scheme || req.URL.Host != via[0].URL.Host {
		return http.ErrUseLastResponse
	}
	return nil
}

// close stops the in-process emulator, if one was started.
func (f *Factory) Close() error {
	var err error
	f.closeOnce.Do(func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.transport != nil {
			// Connections dialled but never used would otherwise keep a server's graceful
			// shutdown waiting (in-process tests).
			f.transport.CloseIdleConnections()
		}
		if f.emu != nil {
			err = f.emu.Close()
		}
	})
	return err
}
