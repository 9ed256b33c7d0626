// Package callcheck answers "would this number be allowed?" for a Webex Calling entity, offline.
//
// It classifies a dialled string into a Webex call type for the caller's country (with
// github.com/nyaruka/phonenumbers and a documented, table-driven map, see docs/CALLCHECK.md),
// matches it against digit patterns in Webex syntax, and applies the outgoing-permission
// precedence rules to an entity's settings (its own or its location's):
//
//   - emergency numbers are never blocked;
//   - digit patterns take precedence over call-type permissions;
//   - the entity's own patterns, permissions, transfer numbers and access codes apply when it
//     uses custom settings for that category, otherwise its location's;
//   - when several patterns of one set match, the most specific wins (see Matcher).
//
// Results depend only on the inputs: no I/O, no global mutable state (an Engine caches what it
// computed, invisibly). An Engine is safe for concurrent use. For many decisions per entity,
// Prepare an entity once and call Prepared.Decide; for one number and many entities, Classify
// it once per country and call Prepared.DecideClassified.
//
// The rules, the classification table per country (with the rows that are assumptions marked),
// the pattern tie-breaks, the override file format and the sources are in docs/CALLCHECK.md.
package callcheck

import (
	"errors"
	"hash/maphash"
	"strings"
	"sync"

	"github.com/wxcgo/go-wxc/wxc"
)

// ErrInvalidNumber is wrapped by the errors Classify and Decide return for a dialled string
// that is not a number (empty, letters, misplaced '+', too long, ...).
var ErrInvalidNumber = errors.New("invalid number")

// ErrInvalidPattern is wrapped by the errors CompilePatterns returns for a pattern that is not
// in Webex's digit-pattern syntax.
var ErrInvalidPattern = errors.New("invalid digit pattern")

// ErrUnsupportedCountry is wrapped by the errors Classify, Prepare and Decide return when the
// originating country is not an ISO 3166-1 alpha-2 code that the number library knows.
var ErrUnsupportedCountry = errors.New("unsupported country")

// Level is where a setting lives: the OpenAPI's ConfigurationLevelType, as the SDK names it
// (what Webex's own call-routing test answers).
type Level = wxc.ConfigurationLevel

// Configuration levels.
const (
	LevelLocation    = wxc.LevelLocation
	LevelPeople      = wxc.LevelPeople
	LevelPlace       = wxc.LevelPlace
	LevelVirtualLine = wxc.LevelVirtualLine
)

// LevelOf returns the configuration level of an entity kind (person PEOPLE, workspace PLACE,
// virtual line VIRTUAL_LINE, location LOCATION), or "" for an unknown kind.
func LevelOf(kind wxc.EntityKind) Level {
	switch kind {
	case wxc.Person:
		return LevelPeople
	case wxc.Workspace:
		return LevelPlace
	case wxc.VirtualLine:
		return LevelVirtualLine
	case wxc.Location:
		return LevelLocation
	}
	return ""
}

// Settings is one level's outgoing-permission settings as the SDK models them; any may be nil
// (unknown).
type Settings struct {
	Outgoing        *wxc.OutgoingPermissions
	TransferNumbers *wxc.AutoTransferNumbers
	AccessCodes     *wxc.AuthCodes
	DigitPatterns   *wxc.DigitPatterns
}

// Subject is the entity whose calls are decided.
type Subject struct {
	Kind         wxc.EntityKind
	Name         string    // for explanations
	Own          Settings  // the entity's own settings (for a location subject: the location's)
	Location     *Settings // its location's settings; nil when the subject is a location
	LocationName string
	Country      string // ISO 3166-1 alpha-2 of the (subject's) location, e.g. "US"
}

// Org is what the engine knows of the org's own numbering: calls to these are INTERNAL_CALL.
type Org struct {
	Numbers    map[string]bool // the org's E.164 numbers ("+12145550100")
	Extensions map[string]bool // extensions and ESNs (routing prefix + extension)
}

// Options configure an Engine.
type Options struct {
	Org       *Org
	Overrides []byte // optional YAML/JSON override table for the classification (docs/CALLCHECK.md)
	// LayeredPatterns: when an entity uses its own digit patterns and none matches, its
	// location's patterns are consulted too (still before any call type). Off by default: an
	// entity's own patterns replace its location's, as its own call-type permissions do
	// (docs/CALLCHECK.md, "Precedence"). Either way an entity pattern wins over a location one.
	LayeredPatterns bool
}

// Engine classifies numbers and decides calls. It is safe for concurrent use.
type Engine struct {
	layered   bool
	org       Org
	overrides OverrideFile
	origins   sync.Map // country -> *origin

	cacheMu sync.RWMutex
	cache   map[ckey]Classification

	seed      maphash.Seed
	matcherMu sync.Mutex
	matchers  map[uint64][]cachedMatcher
	byID      map[listID]cachedMatcher // the lists compiled, by identity (compileCached)

	sourceMu sync.Mutex
	sources  map[string]string // location name -> "location " + name
}

type ckey struct{ country, dialled string }

// maxCached bounds the classification cache and the matcher cache of an Engine; when one is
// full it is emptied and refilled.
const maxCached = 1 << 16

// New returns an Engine. It fails when Overrides cannot be parsed or names an unknown country,
// call type, number type or an invalid pattern. The Org maps are copied (formatting removed
// from their keys).
func New(opts Options) (*Engine, error) {
	e := &Engine{layered: opts.LayeredPatterns, seed: maphash.MakeSeed(), cache: map[ckey]Classification{}, matchers: map[uint64][]cachedMatcher{}}
	if len(opts.Overrides) > 0 {
		f, err := ParseOverrides(opts.Overrides)
		if err != nil {
			return nil, err
		}
		e.overrides = *f
	}
	e.org = Org{Numbers: map[string]bool{}, Extensions: map[string]bool{}}
	if opts.Org != nil {
		for n, ok := range opts.Org.Numbers {
			if ok {
				e.org.Numbers[stripFormatting(n)] = true
			}
		}
		for n, ok := range opts.Org.Extensions {
			if ok {
				e.org.Extensions[stripFormatting(n)] = true
			}
		}
	}
	return e, nil
}

func stripFormatting(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '(', ')', '.', '/':
			return -1
		}
		return r
	}, s)
}

func (e *Engine) cached(k ckey) (Classification, bool) {
	e.cacheMu.RLock()
	c, ok := e.cache[k]
	e.cacheMu.RUnlock()
	return c, ok
}

func (e *Engine) store(k ckey, c Classification) {
	e.cacheMu.Lock()
	if len(e.cache) >= maxCached {
		clear(e.cache)
	}
	e.cache[k] = c
	e.cacheMu.Unlock()
}

// Classification is what a dialled string is, seen from a country.
type Classification struct {
	Dialled    string       // the dialled digits, formatting removed (a leading '+' kept)
	E164       string       // normalized, when it is a number
	National   string       // national dialling form (trunk prefix + national number) when the number is national
	Region     string       // destination region (ISO alpha-2) when known
	NumberType string       // libphonenumber's type name, e.g. "PREMIUM_RATE", "TOLL_FREE", or "EXTENSION", "SHORT_CODE"
	CallType   wxc.CallType // Webex call type; empty only for emergency
	Emergency  bool         // emergency calls are never blocked
	Rule       string       // the table row that decided, e.g. "GB 09 premium -> PREMIUM_SERVICES_I"
}

// PatternMatch is the digit pattern that decided a call.
type PatternMatch struct {
	Name, Pattern   string
	Level           Level
	Action          wxc.Action
	TransferEnabled bool
}

// Decision is the outcome of a call.
type Decision struct {
	Classification
	Pattern              *PatternMatch // the digit pattern that decided, nil when the call type decided
	Level                Level         // where the deciding setting lives
	Custom               bool          // the entity's own settings decided (false: inherited from the location)
	Action               wxc.Action    // ALLOW, BLOCK, AUTH_CODE, TRANSFER_NUMBER_1..3 (emergency: ALLOW)
	TransferNumber       string        // for TRANSFER_NUMBER_n: the number
	Reason               string        // e.g. "TRANSFER_NUMBER_2_NOT_CONFIGURED" when the number is unset
	AccessCodesAvailable int           // for AUTH_CODE: how many codes apply (0 = the call cannot succeed)
	Allowed              bool          // the call goes through without a code or transfer

	TransferEnabled bool   // the deciding setting allows transfers and forwards of this call
	Source          string // who owns the deciding setting: "location Dallas", "custom settings of Alice Smith"
	// Assumption is non-empty when a setting the decision needed was not known (nil in the
	// Subject) and a documented default was used instead; it says which.
	Assumption string
}
