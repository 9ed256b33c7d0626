// Package emulatorcmd implements `wxc emulator`: it runs the outgoing-permissions emulator
// (package emulator) on a local address, prints one JSON "ready" line on stdout and logs to
// stderr until its context is cancelled (SIGINT/SIGTERM in the real binary).
package emulatorcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wxcgo/go-wxc/emulator"
)

// options holds the flags of `wxc emulator`: the emulator's own Options, which the flags set
// directly (emulatorOptions adds the logger), and the command's.
type options struct {
	emulator.Options
	Listen      string
	AllowRemote bool
	LogFormat   string
	LogLevel    string
}

// readyLine is the single JSON line printed on stdout once the emulator accepts connections.
// Its field order (emulator.Tokens' too) is part of the command's output contract.
type readyLine struct {
	BaseURL string          `json:"baseUrl"`
	OrgID   string          `json:"orgId"`
	Tokens  emulator.Tokens `json:"tokens"`
}

// UsageError is a flag value the command refuses (before anything starts). The CLI maps it
// to its usage exit code.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *UsageError) Unwrap() error { return e.Err }

// New returns the `wxc emulator` command.
func New() *cobra.Command {
	return newCmd(nil)
}

// newCmd builds the command. When runF is non-nil it is called with the parsed options
// instead of running the emulator (tests of flag parsing).
func newCmd(runF func(*options) error) *cobra.Command {
	opts := &options{}
	cmd := &cobra.Command{
		Use:   "emulator",
		Short: "Run a local Webex Calling outgoing-permissions emulator",
		Long: `Run a local emulator of the Webex Calling outgoing-permissions API.

The emulator listens on a loopback address. When it is ready it prints exactly one JSON
line on stdout:

  {"baseUrl":"http://127.0.0.1:PORT/v1","orgId":"...","tokens":{"fullAdmin":"...",...}}

and then logs to stderr: at the default --log-level info, that it is ready, each injected
fault (--fault-rate) and that it stops; with --log-level debug also one line per request
(method, path, status, duration, tracking ID). SIGINT or SIGTERM stops it; with --state the
state is flushed to the file before it exits and is loaded again on the next start. A
--state file that is corrupt, not an emulator state file or of another schema version is
refused before anything is served (exit 7) and left as it is: see wxc emulator check-state.

The admin endpoints (POST /_emulator/reset, GET/PUT /_emulator/faults) need the fullAdmin
token and take only application/json bodies; requests from web pages of other origins are
refused. GET /_emulator/health needs no token. Slow and idle clients are disconnected
(--read-header-timeout, --read-timeout, --write-timeout, --idle-timeout; the injected
--latency never counts against them) and at most --max-conns connections are served at once.`,
		Example: `  # in-memory emulator on a free port
  wxc emulator --listen 127.0.0.1:0

  # durable state, a bigger org, slow and flaky like the real service
  wxc emulator --state ./emu.db --people 500 --latency 20ms --jitter 5ms --fault-rate 0.01

  # point the CLI at it
  wxc emulator --listen 127.0.0.1:8080 --demo &
  WEBEX_ACCESS_TOKEN=<fullAdmin token> wxc --base-url http://127.0.0.1:8080/v1 audit`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := opts.validate(cmd.Flags()); err != nil {
				return &UsageError{Err: err}
			}
			// Flags are fine: later errors are not usage errors.
			cmd.SilenceUsage = true
			if runF != nil {
				return runF(opts)
			}
			return run(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "`address` to listen on (host:port); port 0 picks a free port")
	fl.BoolVar(&opts.AllowRemote, "allow-remote", false, "allow --listen on a non-loopback address (the emulator has no real security)")
	fl.StringVar(&opts.StatePath, "state", "", "keep state in this bbolt `file` (created if missing); default: in memory")
	fl.BoolVar(&opts.Demo, "demo", false, "deterministic demo data: a partner and two customer orgs with fixed, documented tokens")
	fl.StringVar(&opts.SeedFile, "seed", "", "load orgs and entities from this JSON or YAML `file`")
	fl.IntVar(&opts.People, "people", 0, "number of people to generate (0 = default)")
	fl.IntVar(&opts.Workspaces, "workspaces", 0, "number of workspaces to generate (0 = default)")
	fl.IntVar(&opts.VirtualLines, "virtual-lines", 0, "number of virtual lines to generate (0 = default)")
	fl.IntVar(&opts.Locations, "locations", 0, "number of locations to generate (0 = default)")
	fl.DurationVar(&opts.Latency, "latency", 0, "added latency per API request, e.g. 20ms")
	fl.DurationVar(&opts.Jitter, "jitter", 0, "random extra latency up to this `duration`, e.g. 5ms")
	fl.Float64Var(&opts.RateLimit, "rate-limit", 0, "requests per second allowed per token (or per org, see --rate-scope) before 429 with Retry-After (0 = off)")
	fl.IntVar(&opts.RateBurst, "rate-burst", 0, "token bucket size for --rate-limit: requests allowed at once after an idle time (0 = one second of --rate-limit)")
	fl.StringVar(&opts.RateScope, "rate-scope", "", "what one --rate-limit bucket covers: token (each token its own; the default) or org (all tokens of an organization share one)")
	fl.Float64Var(&opts.FaultRate, "fault-rate", 0, "share of API requests answered with 500/502/503, between 0 and 1")
	fl.Int64Var(&opts.FaultSeed, "fault-seed", 1, "seed for fault injection and jitter, for reproducible runs")
	fl.StringVar(&opts.APIEra, "api-era", "current", "API behaviour to emulate: current|2024")
	fl.IntVar(&opts.MaxAccessCodes, "max-access-codes", 0, "maximum access codes per entity (0 = default)")
	fl.BoolVar(&opts.LegacyPersonTransferPath, "legacy-person-transfer-path", false, "also serve person auto transfer numbers on people/{id}/features/outgoingPermission/autoTransferNumbers (wxc_sdk's path; real Webex answers 404 there)")
	fl.StringVar(&opts.CustomOff, "custom-off", emulator.CustomOffKeep, "what switching an entity's useCustom* setting off does to its custom values: keep (reported again once it is back on) or clear (useCustomEnabled clears all four categories, a category switch its own); whether Webex clears them is unknown")
	fl.BoolVar(&opts.StrictRequired, "strict-required", false, "also require the top-level members the OpenAPI requires but wxc_sdk leaves out (era current): callingPermissions in a person or virtual-line outgoing-permission PUT, useCustomTransferNumbers in a person, workspace or virtual-line autoTransferNumbers PUT; missing or null is 400 (errorCode 25008). Members inside entries are required either way")
	fl.StringVar(&opts.LogFormat, "log-format", "text", "log format on stderr: text|json")
	fl.StringVar(&opts.LogLevel, "log-level", "info", "log level: debug|info|warn|error")
	limitVar(fl, &opts.ReadHeaderTimeout, "read-header-timeout", emulator.DefaultReadHeaderTimeout, "time a client has to send a request's headers (0 = no limit)")
	limitVar(fl, &opts.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, "time a client has to send a whole request, body included (0 = no limit)")
	limitVar(fl, &opts.WriteTimeout, "write-timeout", emulator.DefaultWriteTimeout, "time to write a response, after --latency/--jitter (0 = no limit)")
	limitVar(fl, &opts.IdleTimeout, "idle-timeout", emulator.DefaultIdleTimeout, "close a keep-alive connection idle this long (0 = no limit)")
	limitVar(fl, &opts.MaxConns, "max-conns", emulator.DefaultMaxConns, "connections served at once; more wait until one closes (0 = no limit)")
	cmd.AddCommand(newCheckStateCmd())
	return cmd
}

// validate checks the flags before anything is started: the command's own here, the
// emulator's by emulator.Options.Validate (its error names the flag).
func (o *options) validate(fs *pflag.FlagSet) error {
	if err := checkListen(o.Listen, o.AllowRemote); err != nil {
		return err
	}
	if err := o.Options.Validate(); err != nil {
		var oe *emulator.OptionError
		if errors.As(err, &oe) {
			return fmt.Errorf("%s %s", flagOf(fs, &o.Options, oe.Field), oe.Reason)
		}
		return err
	}
	switch o.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format must be text or json (got %q)", o.LogFormat)
	}
	if _, err := parseLevel(o.LogLevel); err != nil {
		return err
	}
	return nil
}

// flagOf returns "--NAME" of the flag bound to the field of opts named field (the flag
// whose value points at it), or "Options.FIELD" when no flag sets it.
func flagOf(fs *pflag.FlagSet, opts *emulator.Options, field string) string {
	name := "Options." + field
	fv := reflect.ValueOf(opts).Elem().FieldByName(field)
	if !fv.IsValid() {
		return name
	}
	fs.VisitAll(func(f *pflag.Flag) {
		if v := reflect.ValueOf(f.Value); v.Kind() == reflect.Pointer && v.Pointer() == fv.Addr().Pointer() &&
			v.Elem().Kind() == fv.Kind() {
			name = "--" + f.Name
		}
	})
	return name
}

// limitFlag is a connection-limit flag bound to its emulator.Options field. On the command
// line 0 means "no limit", which the field holds as -1 (the emulator reads 0 as "the
// default", which is the flag's default); negative values are refused.
type limitFlag[T time.Duration | int] struct {
	p     *T
	parse func(string) (T, error)
	typ   string
}

// limitVar defines a limitFlag for p with default def.
func limitVar[T time.Duration | int](fs *pflag.FlagSet, p *T, name string, def T, usage string) {
	*p = def
	f := &limitFlag[T]{p: p}
	switch any(p).(type) {
	case *time.Duration:
		f.typ = "duration"
		f.parse = func(s string) (T, error) { d, err := time.ParseDuration(s); return T(d), err }
	default:
		f.typ = "int"
		f.parse = func(s string) (T, error) { n, err := strconv.ParseInt(s, 0, 64); return T(n), err }
	}
	fs.Var(f, name, usage)
}

func (f *limitFlag[T]) String() string { return fmt.Sprint(max(*f.p, 0)) }

func (f *limitFlag[T]) Type() string { return f.typ }

func (f *limitFlag[T]) Set(s string) error {
	v, err := f.parse(s)
	switch {
	case err != nil:
		return err
	case v < 0:
		return &UsageError{Err: errors.New("must not be negative (0 means no limit)")}
	case v == 0:
		v = -1
	}
	*f.p = v
	return nil
}

// checkListen accepts host:port where host is a loopback address (or "localhost"), unless
// allowRemote is set.
func checkListen(addr string, allowRemote bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: want host:port, e.g. 127.0.0.1:8080 (%v)", addr, err)
	}
	if port == "" {
		return fmt.Errorf("--listen %q: missing port (use port 0 for a free one)", addr)
	}
	if allowRemote {
		return nil
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err == nil && ip.IsLoopback() {
		return nil
	}
	if host == "" {
		host = "all interfaces"
	}
	return fmt.Errorf("--listen %q: %s is not a loopback address; the emulator accepts fixed tokens, so it only binds to loopback unless --allow-remote is given", addr, host)
}

func parseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("--log-level must be debug, info, warn or error (got %q)", s)
}

func newLogger(o *options, w io.Writer) *slog.Logger {
	level, _ := parseLevel(o.LogLevel) // validated before
	ho := &slog.HandlerOptions{Level: level}
	if o.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, ho))
	}
	return slog.New(slog.NewTextHandler(w, ho))
}

// emulatorOptions returns the options the emulator runs with: the flags' own, and logger.
func (o *options) emulatorOptions(logger *slog.Logger) emulator.Options {
	opts := o.Options
	opts.Logger = logger
	return opts
}

// run starts the emulator, prints the ready line to stdout and serves until ctx is done.
func run(ctx context.Context, o *options, stdout, stderr io.Writer) (err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	logger := newLogger(o, stderr)
	srv, err := emulator.New(o.emulatorOptions(logger))
	if errors.Is(err, emulator.ErrStateFileUnusable) {
		return fmt.Errorf("start emulator: %w\n  the file was left as it is; `wxc emulator check-state %s` says what is wrong (for a damaged file, --repair copies its readable records to a new file)", err, o.StatePath)
	}
	if err != nil {
		return fmt.Errorf("start emulator: %w", err)
	}
	defer func() {
		if cerr := srv.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("stop emulator: %w", cerr)
		}
	}()
	baseURL, err := srv.Listen(o.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Listen, err)
	}
	line, err := json.Marshal(readyLine{BaseURL: baseURL, OrgID: srv.OrgID(), Tokens: srv.Tokens()})
	if err != nil {
		return fmt.Errorf("encode ready line: %w", err)
	}
	if _, err := stdout.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("write ready line: %w", err)
	}
	logger.Info("emulator ready", "base_url", baseURL, "state", stateDesc(o.StatePath), "api_era", o.APIEra)
	<-ctx.Done()
	logger.Info("emulator shutting down", "reason", context.Cause(ctx).Error())
	return nil
}

func stateDesc(path string) string {
	if path == "" {
		return "memory"
	}
	return path
}
