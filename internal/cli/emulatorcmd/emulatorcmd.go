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
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/emulator"
)

// options holds the flags of `wxc emulator`.
type options struct {
	Listen         string
	AllowRemote    bool
	StatePath      string
	Demo           bool
	SeedFile       string
	People         int
	Workspaces     int
	VirtualLines   int
	Locations      int
	Latency        time.Duration
	Jitter         time.Duration
	RateLimit      float64
	RateBurst      int
	FaultRate      float64
	FaultSeed      int64
	APIEra         string
	MaxAccessCodes int
	LegacyPerson   bool
	LogFormat      string
	LogLevel       string

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxConns          int
}

// readyLine is the single JSON line printed on stdout once the emulator accepts connections.
// Its field order is part of the command's output contract.
type readyLine struct {
	BaseURL string      `json:"baseUrl"`
	OrgID   string      `json:"orgId"`
	Tokens  readyTokens `json:"tokens"`
}

type readyTokens struct {
	FullAdmin     string `json:"fullAdmin"`
	ReadOnlyAdmin string `json:"readOnlyAdmin"`
	LocationAdmin string `json:"locationAdmin"`
	User          string `json:"user"`
	PartnerAdmin  string `json:"partnerAdmin"`
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
			if err := opts.validate(); err != nil {
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
	fl.Float64Var(&opts.RateLimit, "rate-limit", 0, "requests per second allowed per token before 429 with Retry-After (0 = off)")
	fl.IntVar(&opts.RateBurst, "rate-burst", 0, "burst size for --rate-limit (0 = default)")
	fl.Float64Var(&opts.FaultRate, "fault-rate", 0, "share of API requests answered with 500/502/503, between 0 and 1")
	fl.Int64Var(&opts.FaultSeed, "fault-seed", 1, "seed for fault injection and jitter, for reproducible runs")
	fl.StringVar(&opts.APIEra, "api-era", "current", "API behaviour to emulate: current|2024")
	fl.IntVar(&opts.MaxAccessCodes, "max-access-codes", 0, "maximum access codes per entity (0 = default)")
	fl.BoolVar(&opts.LegacyPerson, "legacy-person-transfer-path", false, "also serve person auto transfer numbers on people/{id}/features/outgoingPermission/autoTransferNumbers (wxc_sdk's path; real Webex answers 404 there)")
	fl.StringVar(&opts.LogFormat, "log-format", "text", "log format on stderr: text|json")
	fl.StringVar(&opts.LogLevel, "log-level", "info", "log level: debug|info|warn|error")
	fl.DurationVar(&opts.ReadHeaderTimeout, "read-header-timeout", emulator.DefaultReadHeaderTimeout, "time a client has to send a request's headers (0 = no limit)")
	fl.DurationVar(&opts.ReadTimeout, "read-timeout", emulator.DefaultReadTimeout, "time a client has to send a whole request, body included (0 = no limit)")
	fl.DurationVar(&opts.WriteTimeout, "write-timeout", emulator.DefaultWriteTimeout, "time to write a response, after --latency/--jitter (0 = no limit)")
	fl.DurationVar(&opts.IdleTimeout, "idle-timeout", emulator.DefaultIdleTimeout, "close a keep-alive connection idle this long (0 = no limit)")
	fl.IntVar(&opts.MaxConns, "max-conns", emulator.DefaultMaxConns, "connections served at once; more wait until one closes (0 = no limit)")
	cmd.AddCommand(newCheckStateCmd())
	return cmd
}

// validate checks flag values before anything is started.
func (o *options) validate() error {
	if err := checkListen(o.Listen, o.AllowRemote); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		v    int
	}{
		{"--people", o.People}, {"--workspaces", o.Workspaces}, {"--virtual-lines", o.VirtualLines},
		{"--locations", o.Locations}, {"--rate-burst", o.RateBurst}, {"--max-access-codes", o.MaxAccessCodes},
	} {
		if c.v < 0 {
			return fmt.Errorf("%s must not be negative (got %d)", c.name, c.v)
		}
	}
	if o.Latency < 0 {
		return fmt.Errorf("--latency must not be negative (got %s)", o.Latency)
	}
	for _, c := range []struct {
		name string
		v    time.Duration
	}{
		{"--read-header-timeout", o.ReadHeaderTimeout}, {"--read-timeout", o.ReadTimeout},
		{"--write-timeout", o.WriteTimeout}, {"--idle-timeout", o.IdleTimeout},
	} {
		if c.v < 0 {
			return fmt.Errorf("%s must not be negative (got %s; 0 means no limit)", c.name, c.v)
		}
	}
	if o.MaxConns < 0 {
		return fmt.Errorf("--max-conns must not be negative (got %d; 0 means no limit)", o.MaxConns)
	}
	if o.Jitter < 0 {
		return fmt.Errorf("--jitter must not be negative (got %s)", o.Jitter)
	}
	if o.RateLimit < 0 || o.RateLimit != o.RateLimit {
		return fmt.Errorf("--rate-limit must be 0 (off) or a positive number (got %v)", o.RateLimit)
	}
	if !(o.FaultRate >= 0 && o.FaultRate <= 1) {
		return fmt.Errorf("--fault-rate must be between 0 and 1 (got %v)", o.FaultRate)
	}
	switch o.APIEra {
	case "current", "2024":
	default:
		return fmt.Errorf("--api-era must be current or 2024 (got %q)", o.APIEra)
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

// emulatorOptions maps the flags to emulator.Options.
func (o *options) emulatorOptions(logger *slog.Logger) emulator.Options {
	return emulator.Options{
		APIEra:                   o.APIEra,
		StatePath:                o.StatePath,
		Demo:                     o.Demo,
		SeedFile:                 o.SeedFile,
		Locations:                o.Locations,
		People:                   o.People,
		Workspaces:               o.Workspaces,
		VirtualLines:             o.VirtualLines,
		Latency:                  o.Latency,
		Jitter:                   o.Jitter,
		RateLimit:                o.RateLimit,
		RateBurst:                o.RateBurst,
		FaultRate:                o.FaultRate,
		FaultSeed:                o.FaultSeed,
		MaxAccessCodes:           o.MaxAccessCodes,
		LegacyPersonTransferPath: o.LegacyPerson,
		Logger:                   logger,
		ReadHeaderTimeout:        noLimitIfZero(o.ReadHeaderTimeout),
		ReadTimeout:              noLimitIfZero(o.ReadTimeout),
		WriteTimeout:             noLimitIfZero(o.WriteTimeout),
		IdleTimeout:              noLimitIfZero(o.IdleTimeout),
		MaxConns:                 noLimitIfZero(o.MaxConns),
	}
}

// noLimitIfZero maps a flag's 0 ("no limit") to the emulator's -1 (its 0 is "default").
func noLimitIfZero[T time.Duration | int](v T) T {
	if v == 0 {
		return -1
	}
	return v
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
	tok := srv.Tokens()
	line, err := json.Marshal(readyLine{
		BaseURL: baseURL,
		OrgID:   srv.OrgID(),
		Tokens: readyTokens{
			FullAdmin:     tok.FullAdmin,
			ReadOnlyAdmin: tok.ReadOnlyAdmin,
			LocationAdmin: tok.LocationAdmin,
			User:          tok.User,
			PartnerAdmin:  tok.PartnerAdmin,
		},
	})
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
