package snapshot

import (
	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

// CallSettings returns s's settings as the call-check engine takes them.
func (s *Settings) CallSettings() callcheck.Settings {
	return callcheck.Settings{Outgoing: s.Outgoing, TransferNumbers: s.TransferNumbers,
		AccessCodes: s.AccessCodes, DigitPatterns: s.DigitPatterns}
}

// CallSubject returns the call-check subject of s: its own settings and, for a person,
// workspace or virtual line, its location's (loc; nil when not known, and for a location,
// which is its own location). The engine decides which of them apply (useCustom… switches).
// The country is s's LocationCountry, else loc's, else country (a fallback the caller chose,
// e.g. `wxc check --country`); "" when none is known.
func (s *Settings) CallSubject(loc *Settings, country string) *callcheck.Subject {
	sub := &callcheck.Subject{Kind: s.Kind, Name: s.Name, Own: s.CallSettings(), LocationName: s.LocationName}
	c := s.LocationCountry
	if s.Kind != wxc.Location && loc != nil {
		ls := loc.CallSettings()
		sub.Location = &ls
		if sub.LocationName == "" {
			sub.LocationName = loc.Name
		}
		if c == "" {
			c = loc.LocationCountry
		}
	}
	if s.Kind == wxc.Location && sub.LocationName == "" {
		sub.LocationName = s.Name
	}
	if c == "" {
		c = country
	}
	sub.Country = c
	return sub
}
