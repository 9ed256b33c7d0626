package emulator

import (
	"fmt"
	"log/slog"
	"time"
)

// Options configures a Server. The zero value is useful: an in-memory store
// seeded with a small deterministic org, API era "current", no faults.
// Validate checks it the way New does.
type Options struct {
	APIEra         string // "current" (default) | "2024"
	StatePath      string // "" = in memory; else a bbolt file
	Demo           bool   // deterministic demo: partner + 2 customer orgs, fixed documented tokens
	SeedFile       string // JSON or YAML fixture (format in the package doc)
	Locations      int    // scale of the primary customer org (0 = defaults)
	People         int
	Workspaces     int
	VirtualLines   int
	CustomerOrgs   int           // generated directory only (no Demo, no SeedFile): customer orgs of the partner, each of the scale above; 0 = 1
	Latency        time.Duration // fixed delay added to every API request
	Jitter         time.Duration // random extra delay in [0, Jitter)
	RateLimit      float64       // requests/second per token; 0 = off
	RateBurst      int           // token bucket size; 0 = max(1, ceil(RateLimit))
	RateScope      string        // RateScopeToken ("token"; "" too): a bucket per token; RateScopeOrg ("org"): one per organization, shared by its tokens
	FaultRate      float64       // share of API requests answered 500/502/503
	FaultSeed      int64         // seed of the fault and jitter random sources
	MaxAccessCodes int           // per entity; 0 = 100
	// LegacyPersonTransferPath also serves person auto transfer numbers on
	// people/{id}/features/outgoingPermission/autoTransferNumbers (the wxc_sdk
	// path). Off by default: that path answers 404 as the real service does.
	LegacyPersonTransferPath bool
	// CustomOff is what a write that switches an entity's custom settings off
	// (useCustomEnabled, or a category's useCustomPermissions,
	// useCustomTransferNumbers, useCustomAccessCodes, useCustomDigitPatterns,
	// from true to false) does to the values it stops using: CustomOffKeep
	// ("keep", the default; "" means it) stores them on, and they are reported
	// again once the switch is back on; CustomOffClear ("clear") forgets them
	// (useCustomEnabled: all four categories; a category switch: that category).
	CustomOff string
	// StrictRequired adds the two top-level members the OpenAPI requires that
	// the emulator does not require by default, both in era current only:
	// callingPermissions in a person or virtual-line outgoing-permission PUT,
	// and useCustomTransferNumbers in a person, workspace or virtual-line
	// autoTransferNumbers PUT. A write without one, or with it null, is 400
	// with errorCode 25008 naming the member. Everything else the OpenAPI
	// requires (the members inside callingPermissions entries, a digit
	// pattern's transferEnabled, a location access-code PUT's deleteCodes, …)
	// is required with or without it (see the package doc, "Required
	// members"). Off by default because wxc_sdk, the reference client, sends
	// switch-only outgoing PUTs and transfer-number PUTs without
	// useCustomTransferNumbers, and the real service accepts them (spec
	// outgoing-permissions-api.md §2.2–2.3); `wxc emulator --strict-required`.
	StrictRequired bool
	Logger         *slog.Logger // nil = discard
	// Now is the emulator's clock: the rate limiter's buckets, and the time
	// and duration of its log records. nil = time.Now. Latency and Jitter
	// are real waits, and Listen's limits below are real time.
	Now func() time.Time

	// Connection limits of Listen (a Handler mounted elsewhere is governed
	// by its own server). Zero means the default; a negative value means no
	// limit.
	//
	// ReadHeaderTimeout bounds reading the request line and headers,
	// ReadTimeout reading the whole request, body included (a client that
	// sends its body too slowly is cut off). Once the request is read,
	// neither runs any more: Latency and Jitter are not counted.
	// WriteTimeout bounds writing the response, counted from when the
	// emulator starts answering (after Latency and Jitter). IdleTimeout
	// closes a keep-alive connection that waits that long for its next
	// request. MaxConns caps the connections served at once; further
	// connections wait in the listen backlog until one closes.
	ReadHeaderTimeout time.Duration // default DefaultReadHeaderTimeout
	ReadTimeout       time.Duration // default DefaultReadTimeout
	WriteTimeout      time.Duration // default DefaultWriteTimeout
	IdleTimeout       time.Duration // default DefaultIdleTimeout
	MaxConns          int           // default DefaultMaxConns
}

// Values of Options.CustomOff.
const (
	// CustomOffKeep keeps an entity's custom values while its custom switch is off.
	CustomOffKeep = "keep"
	// CustomOffClear clears them when the switch goes from true to false.
	CustomOffClear = "clear"
)

// Values of Options.RateScope.
const (
	// RateScopeToken gives every token its own rate-limit bucket.
	RateScopeToken = "token"
	// RateScopeOrg gives all the tokens of one organization one shared bucket.
	RateScopeOrg = "org"
)

// Defaults of the connection limits in Options.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 30 * time.Second
	DefaultIdleTimeout       = 30 * time.Second
	DefaultMaxConns          = 512
)

// OptionError is an Options value that Validate (and so New) refuses.
type OptionError struct {
	Field  string // the Options field, e.g. "FaultRate"
	Reason string // what is wrong with it, e.g. "must be between 0 and 1 (got 1.5)"
}

func (e *OptionError) Error() string { return "emulator: Options." + e.Field + " " + e.Reason }

// Validate checks the options as New does, without building anything: the
// API era, CustomOff, and the counts, rates and delays that must not be negative. It
// returns an *OptionError for the first field that is wrong. (A seed or
// state file that cannot be used is found by New.)
func (o Options) Validate() error {
	switch o.APIEra {
	case "", EraCurrent, Era2024:
	default:
		return &OptionError{"APIEra", fmt.Sprintf("must be an API era, %s or %s (got %q)", EraCurrent, Era2024, o.APIEra)}
	}
	switch o.CustomOff {
	case "", CustomOffKeep, CustomOffClear:
	default:
		return &OptionError{"CustomOff", fmt.Sprintf("must be %s or %s (got %q)", CustomOffKeep, CustomOffClear, o.CustomOff)}
	}
	for _, c := range []struct {
		field string
		v     int
	}{
		{"People", o.People}, {"Workspaces", o.Workspaces}, {"VirtualLines", o.VirtualLines},
		{"Locations", o.Locations}, {"CustomerOrgs", o.CustomerOrgs}, {"RateBurst", o.RateBurst}, {"MaxAccessCodes", o.MaxAccessCodes},
	} {
		if c.v < 0 {
			return &OptionError{c.field, fmt.Sprintf("must not be negative (got %d)", c.v)}
		}
	}
	for _, c := range []struct {
		field string
		v     time.Duration
	}{{"Latency", o.Latency}, {"Jitter", o.Jitter}} {
		if c.v < 0 {
			return &OptionError{c.field, fmt.Sprintf("must not be negative (got %s)", c.v)}
		}
	}
	switch o.RateScope {
	case "", RateScopeToken, RateScopeOrg:
	default:
		return &OptionError{"RateScope", fmt.Sprintf("must be %s or %s (got %q)", RateScopeToken, RateScopeOrg, o.RateScope)}
	}
	if !(o.RateLimit >= 0) { // NaN too
		return &OptionError{"RateLimit", fmt.Sprintf("must be 0 (off) or a positive number (got %v)", o.RateLimit)}
	}
	if !(o.FaultRate >= 0 && o.FaultRate <= 1) {
		return &OptionError{"FaultRate", fmt.Sprintf("must be between 0 and 1 (got %v)", o.FaultRate)}
	}
	return nil
}

// withDefaults returns the options New runs with: every zero that stands
// for a default replaced by it (connection limits: negative becomes -1).
func (o Options) withDefaults() Options {
	if o.APIEra == "" {
		o.APIEra = EraCurrent
	}
	if o.MaxAccessCodes == 0 {
		o.MaxAccessCodes = defaultMaxAccessCodes
	}
	if o.CustomOff == "" {
		o.CustomOff = CustomOffKeep
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.ReadHeaderTimeout = limitOrDefault(o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	o.ReadTimeout = limitOrDefault(o.ReadTimeout, DefaultReadTimeout)
	o.WriteTimeout = limitOrDefault(o.WriteTimeout, DefaultWriteTimeout)
	o.IdleTimeout = limitOrDefault(o.IdleTimeout, DefaultIdleTimeout)
	o.MaxConns = limitOrDefault(o.MaxConns, DefaultMaxConns)
	return o
}

// limitOrDefault resolves a connection-limit option: 0 is def, negative is "none" (-1).
func limitOrDefault[T time.Duration | int](v, def T) T {
	switch {
	case v == 0:
		return def
	case v < 0:
		return -1
	}
	return v
}

// maxCodes is the access-code limit per entity.
func (o Options) maxCodes() int {
	if o.MaxAccessCodes > 0 {
		return o.MaxAccessCodes
	}
	return defaultMaxAccessCodes
}
