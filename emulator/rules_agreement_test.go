package emulator_test

// The SDK's rules (wxc/rules.go) and the emulator's own copy (validate.go, model.go) are kept
// apart on purpose: the emulator must catch SDK bugs. These tests prove that the two agree on
// every call type, kind, action and written field, in both API eras, by asking the emulator over
// HTTP and the SDK through its exported check functions.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

var ruleEras = []string{emulator.EraCurrent, emulator.Era2024}

func sdkKind(kind string) wxc.EntityKind {
	k, err := wxc.ParseEntityKind(kind)
	if err != nil {
		panic(err)
	}
	return k
}

func verdict(ok bool) string {
	if ok {
		return "accepted"
	}
	return "refused"
}

// TestRulesAgreeCallTypes: every call type (the fifteen with constants, a made-up one and a
// lower-case spelling) × every kind × every action (and a bad one), in both eras: the SDK says
// writable exactly when the emulator answers 204 to a PUT of that one entry.
func TestRulesAgreeCallTypes(t *testing.T) {
	callTypes := append(wxc.AllCallTypes(), "MADE_UP", "international")
	actions := append(wxc.Actions(), "BOGUS", "allow")
	for _, era := range ruleEras {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			ent := e.first(t, kind)
			path := pathsFor(kind, ent.ID).Outgoing
			var read wxc.OutgoingPermissions
			e.getJSON(t, path, &read)
			accepted := 0
			for _, ct := range callTypes {
				for _, a := range actions {
					body := fmt.Sprintf(`{"callingPermissions":[{"callType":%q,"action":%q,"transferEnabled":true}]}`, ct, a)
					emuOK := e.call(e.tokens.FullAdmin, http.MethodPut, path, body).Status == http.StatusNoContent
					sdkOK := wxc.CheckCallType(sdkKind(kind), ct, read.CallingPermissions) == nil && wxc.CheckAction(a) == nil
					if emuOK != sdkOK {
						t.Errorf("era %s, %s, %s=%s: emulator %s, SDK rules %s", era, kind, ct, a, verdict(emuOK), verdict(sdkOK))
					}
					if emuOK {
						accepted++
					}
				}
			}
			// Guard against a vacuous pass: each era accepts its settable types with every action.
			want := len(wxc.SettableCallTypes()) * len(wxc.Actions())
			if era == emulator.Era2024 {
				want += len(wxc.LegacyCallTypes()) * len(wxc.Actions())
			}
			if accepted != want {
				t.Errorf("era %s, %s: emulator accepted %d call type × action pairs, want %d", era, kind, accepted, want)
			}
		}
	}
}

// TestRulesAgreeLegacyReported: the SDK's legacy rule ("settable exactly where a read reports
// them") matches what each era reports: era 2024 lists LOCAL and TOLL for every kind, era
// current lists neither.
func TestRulesAgreeLegacyReported(t *testing.T) {
	for _, era := range ruleEras {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			var read wxc.OutgoingPermissions
			e.getJSON(t, pathsFor(kind, e.first(t, kind).ID).Outgoing, &read)
			w := wxc.WritableCallTypes(sdkKind(kind), read.CallingPermissions)
			hasLegacy := slices.Contains(w, wxc.CallTypeLocal) && slices.Contains(w, wxc.CallTypeToll)
			if hasLegacy != (era == emulator.Era2024) {
				t.Errorf("era %s, %s: writable %v", era, kind, w)
			}
		}
	}
}

func longDigits(n int) string { return strings.Repeat("7", n) }

// TestRulesAgreeValues: access codes, descriptions, transfer numbers, digit patterns and
// names: the SDK check passes exactly when the emulator accepts the write, in both eras.
func TestRulesAgreeValues(t *testing.T) {
	codes := []string{"1", "12", "4856", longDigits(10), longDigits(11), "", "12a4", "+123", " 123", "１２３", "-1"}
	descriptions := []string{"Marketing", "x", "", "   ", strings.Repeat("d", 255), strings.Repeat("d", 256), strings.Repeat("é", 255), strings.Repeat("é", 256)}
	numbers := []string{"", "+14085551234", "4085551234", "+1 (408) 555-1234", "12", "1", "+1", longDigits(20), longDigits(21),
		"+1-408-555-12" + longDigits(28), "408.555.1234", "abc", "+", "1+2", "++12", "ext 12"}
	patterns := []string{"1XXX", "2XXXX", "+496196!", "1234", "*72", "#9", "9!", "+1!", "X", longDigits(40), longDigits(41), "",
		"+", "!", "+!", "1xxx", "1X X", "12!3", "+-1", "1.2", "!1", "1!!", "++1"}
	names := []string{"n", "Block premium", strings.Repeat("n", 80), strings.Repeat("n", 81), strings.Repeat("ü", 80), strings.Repeat("ü", 81), "", "  "}

	for _, era := range ruleEras {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			ent := e.first(t, kind)
			p := pathsFor(kind, ent.ID)
			check := func(field, value string, emuOK bool, sdkErr error) {
				t.Helper()
				if emuOK != (sdkErr == nil) {
					t.Errorf("era %s, %s, %s %q: emulator %s, SDK rules %s (%v)", era, kind, field, value, verdict(emuOK), verdict(sdkErr == nil), sdkErr)
				}
			}
			if kind != kLocation { // location codes use a separate API; checked below
				for _, c := range codes {
					r := e.call(e.tokens.FullAdmin, http.MethodPost, p.AccessCodes, map[string]string{"code": c, "description": "d"})
					check("code", c, r.Status == http.StatusCreated, wxc.CheckAccessCode(c))
					e.call(e.tokens.FullAdmin, http.MethodDelete, p.AccessCodes, nil)
				}
				for i, d := range descriptions {
					code := fmt.Sprintf("%d", 5000+i)
					r := e.call(e.tokens.FullAdmin, http.MethodPost, p.AccessCodes, map[string]string{"code": code, "description": d})
					check("description", d, r.Status == http.StatusCreated, wxc.CheckAccessCodeDescription(d))
					e.call(e.tokens.FullAdmin, http.MethodDelete, p.AccessCodes, nil)
				}
			} else {
				for _, c := range codes {
					body := map[string]any{"accessCodes": []map[string]string{{"code": c, "description": "d"}}}
					r := e.call(e.tokens.FullAdmin, http.MethodPost, p.AccessCodes, body)
					check("location code", c, r.Status/100 == 2, wxc.CheckAccessCode(c))
					e.call(e.tokens.FullAdmin, http.MethodDelete, p.AccessCodes, nil)
				}
			}
			for _, n := range numbers {
				r := e.call(e.tokens.FullAdmin, http.MethodPut, p.Transfer, map[string]string{"autoTransferNumber1": n})
				check("autoTransferNumber1", n, r.Status == http.StatusNoContent, wxc.CheckTransferNumber(n))
			}
			for i, pat := range patterns {
				body := map[string]any{"name": fmt.Sprintf("p%d", i), "pattern": pat, "action": "ALLOW", "transferEnabled": true}
				r := e.call(e.tokens.FullAdmin, http.MethodPost, p.DigitPatterns, body)
				check("pattern", pat, r.Status == http.StatusCreated, wxc.CheckDigitPattern(pat))
			}
			e.call(e.tokens.FullAdmin, http.MethodDelete, p.DigitPatterns, nil)
			for i, n := range names {
				body := map[string]any{"name": n, "pattern": fmt.Sprintf("8%03d", i), "action": "BLOCK", "transferEnabled": false}
				r := e.call(e.tokens.FullAdmin, http.MethodPost, p.DigitPatterns, body)
				check("name", n, r.Status == http.StatusCreated, wxc.CheckDigitPatternName(n))
			}
			e.call(e.tokens.FullAdmin, http.MethodDelete, p.DigitPatterns, nil)
			for _, a := range append(wxc.Actions(), "allow", "BOGUS", "") {
				body := map[string]any{"name": "a", "pattern": "7777", "action": a, "transferEnabled": false}
				r := e.call(e.tokens.FullAdmin, http.MethodPost, p.DigitPatterns, body)
				check("digit pattern action", string(a), r.Status == http.StatusCreated, wxc.CheckAction(a))
				e.call(e.tokens.FullAdmin, http.MethodDelete, p.DigitPatterns, nil)
			}
		}
	}
}

// TestRulesAgreeMembers: the members the SDK says a kind's PUT has are the members the
// emulator's GET of that kind reports (read-only ones aside), in both eras.
func TestRulesAgreeMembers(t *testing.T) {
	keys := func(t *testing.T, e *rawEmu, path string) []string {
		var m map[string]json.RawMessage
		e.getJSON(t, path, &m)
		var out []string
		for k := range m {
			if !slices.Contains(wxc.ReadOnlyMembers(), k) {
				out = append(out, k)
			}
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	for _, era := range ruleEras {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			p := pathsFor(kind, e.first(t, kind).ID)
			if got, want := keys(t, e, p.Outgoing), sorted(wxc.OutgoingPermissionsMembers(sdkKind(kind))); !slices.Equal(got, want) {
				t.Errorf("era %s, %s outgoing members: emulator %v, SDK %v", era, kind, got, want)
			}
			var perms struct {
				CallingPermissions []map[string]json.RawMessage `json:"callingPermissions"`
			}
			e.getJSON(t, p.Outgoing, &perms)
			for _, entry := range perms.CallingPermissions {
				var got []string
				for k := range entry {
					if !slices.Contains(wxc.ReadOnlyMembers(), k) {
						got = append(got, k)
					}
				}
				if !slices.Equal(sorted(got), sorted(wxc.CallTypePermissionMembers())) {
					t.Errorf("era %s, %s call-type entry members: emulator %v, SDK %v", era, kind, sorted(got), sorted(wxc.CallTypePermissionMembers()))
				}
			}
			if era == emulator.EraCurrent { // era 2024 predates useCustomTransferNumbers
				// Numbers that are unset are left out of an era-current GET; set them first.
				e.must(t, http.MethodPut, p.Transfer, map[string]string{"autoTransferNumber1": "+14085550001", "autoTransferNumber2": "+14085550002", "autoTransferNumber3": "+14085550003"}, http.StatusNoContent)
				if got, want := keys(t, e, p.Transfer), sorted(wxc.TransferNumbersMembers(sdkKind(kind))); !slices.Equal(got, want) {
					t.Errorf("era %s, %s transfer members: emulator %v, SDK %v", era, kind, got, want)
				}
			}
		}
	}
}
