package callcheck_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/wxc"
)

func ptr[T any](v T) *T { return &v }

// perms returns Webex's defaults with the given changes.
func perms(set map[wxc.CallType]wxc.Action) *wxc.CallingPermissions {
	p := wxc.DefaultCallingPermissions()
	for ct, a := range set {
		p.Set(ct, wxc.CallTypePermission{Action: a, TransferEnabled: a == wxc.ActionAllow})
	}
	return p
}

func codes(n int) *wxc.AuthCodes {
	ac := &wxc.AuthCodes{}
	for i := range n {
		ac.AccessCodes = append(ac.AccessCodes, wxc.AuthCode{Code: "10" + string(rune('0'+i)), Description: "code"})
	}
	return ac
}

// dallas is a location: international needs a code, two patterns, transfer number 1 only.
func dallas() callcheck.Settings {
	return callcheck.Settings{
		Outgoing: &wxc.OutgoingPermissions{CallingPermissions: perms(map[wxc.CallType]wxc.Action{
			wxc.CallTypeInternational:               wxc.ActionAuthCode,
			wxc.CallTypeTollFree:                    wxc.ActionTransferNumber1,
			wxc.CallTypeOperatorAssisted:            wxc.ActionTransferNumber2,
			wxc.CallTypeSpecialServicesII:           wxc.ActionTransferNumber3,
			wxc.CallTypeSpecialServicesI:            wxc.ActionBlock,
			wxc.CallTypePremiumServicesII:           wxc.ActionBlock,
			wxc.CallTypeChargeableDirectoryAssisted: wxc.ActionAllow,
		})},
		DigitPatterns: &wxc.DigitPatterns{DigitPatterns: []wxc.DigitPattern{
			{Name: "Premium 900", Pattern: "+1900!", Action: wxc.ActionBlock},
			{Name: "UK allowed", Pattern: "+44!", Action: wxc.ActionAllow, TransferEnabled: ptr(true)},
			{Name: "Block 911 (ignored)", Pattern: "911", Action: wxc.ActionBlock},
		}},
		TransferNumbers: &wxc.AutoTransferNumbers{AutoTransferNumber1: ptr("+12145550199"), AutoTransferNumber3: ptr("")},
		AccessCodes:     codes(2),
	}
}

// person is a person at Dallas; its own call types are not in use unless own says otherwise.
func person(name string, own callcheck.Settings) *callcheck.Subject {
	if own.Outgoing == nil {
		own.Outgoing = customOutgoing(ptr(false), ptr(false))
	}
	loc := dallas()
	return &callcheck.Subject{Kind: wxc.Person, Name: name, Own: own, Location: &loc, LocationName: "Dallas", Country: "US"}
}

// custom returns own settings that use custom call types (international allowed).
func customOutgoing(uce, ucp *bool) *wxc.OutgoingPermissions {
	return &wxc.OutgoingPermissions{UseCustomEnabled: uce, UseCustomPermissions: ucp,
		CallingPermissions: perms(map[wxc.CallType]wxc.Action{wxc.CallTypeInternational: wxc.ActionAllow})}
}

func TestDecidePrecedence(t *testing.T) {
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	layered, _ := callcheck.New(callcheck.Options{LayeredPatterns: true})
	alicePatterns := &wxc.DigitPatterns{UseCustomDigitPatterns: ptr(true), DigitPatterns: []wxc.DigitPattern{
		{Name: "Alice UK", Pattern: "+4420!", Action: wxc.ActionBlock},
		{Name: "Alice 1555", Pattern: "+1555!", Action: wxc.ActionAllow},
	}}
	type want struct {
		action     wxc.Action
		pattern    string // deciding pattern's name, "" = the call type decided
		level      callcheck.Level
		custom     bool
		allowed    bool
		codes      int
		transfer   string
		reason     string
		explain    string // substring of Explain
		assumption string // substring of Assumption; "" = must be empty
	}
	tests := []struct {
		name    string
		engine  *callcheck.Engine
		subject *callcheck.Subject
		dialled string
		want    want
	}{
		// Pattern over call type.
		{"location pattern allows what the call type would not", eng, person("Bob", callcheck.Settings{}), "+44 161 496 0000",
			want{action: "ALLOW", pattern: "UK allowed", level: "LOCATION", allowed: true, explain: "ALLOW by digit pattern 'UK allowed' (location Dallas)"}},
		{"location pattern blocks what the call type allows", eng, person("Bob", callcheck.Settings{}), "1 900 555 1234",
			want{action: "BLOCK", pattern: "Premium 900", level: "LOCATION", explain: "BLOCK by digit pattern 'Premium 900' (location Dallas)"}},
		{"no pattern: the call type decides", eng, person("Bob", callcheck.Settings{}), "214 555 0100",
			want{action: "ALLOW", level: "LOCATION", allowed: true, explain: "ALLOW: NATIONAL allowed (location Dallas)"}},

		// Entity pattern over location pattern.
		{"entity pattern replaces location patterns", eng, person("Alice Smith", callcheck.Settings{DigitPatterns: alicePatterns}), "+44 20 7946 0000",
			want{action: "BLOCK", pattern: "Alice UK", level: "PEOPLE", custom: true, explain: "BLOCK by digit pattern 'Alice UK' (custom settings of Alice Smith)"}},
		{"custom patterns: location patterns not consulted", eng, person("Alice Smith", callcheck.Settings{DigitPatterns: alicePatterns}), "1 900 555 1234",
			want{action: "BLOCK", level: "LOCATION", explain: "BLOCK: PREMIUM_SERVICES_I blocked (location Dallas)"}},
		{"layered: entity pattern wins over a more specific location one", layered, person("Alice Smith", callcheck.Settings{DigitPatterns: alicePatterns}), "+44 20 7946 0000",
			want{action: "BLOCK", pattern: "Alice UK", level: "PEOPLE", custom: true}},
		{"layered: location pattern when no entity pattern matches", layered, person("Alice Smith", callcheck.Settings{DigitPatterns: alicePatterns}), "1 900 555 1234",
			want{action: "BLOCK", pattern: "Premium 900", level: "LOCATION"}},
		{"useCustomDigitPatterns false: own patterns ignored", eng, person("Alice Smith", callcheck.Settings{DigitPatterns: &wxc.DigitPatterns{UseCustomDigitPatterns: ptr(false), DigitPatterns: alicePatterns.DigitPatterns}}), "+44 20 7946 0000",
			want{action: "ALLOW", pattern: "UK allowed", level: "LOCATION", allowed: true}},

		// Inherited vs custom call types.
		{"inherited: location's AUTH_CODE", eng, person("Bob", callcheck.Settings{Outgoing: customOutgoing(ptr(false), ptr(false))}), "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 2, explain: "AUTH_CODE: INTERNATIONAL needs an access code (location Dallas); 2 access code(s) available"}},
		{"custom: own ALLOW", eng, person("Alice Smith", callcheck.Settings{Outgoing: customOutgoing(ptr(true), ptr(true))}), "+33 1 23 45 67 89",
			want{action: "ALLOW", level: "PEOPLE", custom: true, allowed: true, explain: "ALLOW: INTERNATIONAL allowed (custom settings of Alice Smith)"}},
		{"custom, 2024 era without useCustomPermissions", eng, person("Alice Smith", callcheck.Settings{Outgoing: customOutgoing(ptr(true), nil)}), "+33 1 23 45 67 89",
			want{action: "ALLOW", level: "PEOPLE", custom: true, allowed: true}},
		{"custom, useCustomEnabled left out", eng, person("Alice Smith", callcheck.Settings{Outgoing: customOutgoing(nil, ptr(true))}), "+33 1 23 45 67 89",
			want{action: "ALLOW", level: "PEOPLE", custom: true, allowed: true}},
		{"useCustomEnabled true, useCustomPermissions false: inherited", eng, person("Alice Smith", callcheck.Settings{Outgoing: customOutgoing(ptr(true), ptr(false))}), "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 2}},

		// AUTH_CODE with and without codes.
		{"AUTH_CODE, entity's own codes", eng, person("Carol", callcheck.Settings{AccessCodes: &wxc.AuthCodes{UseCustomAccessCodes: ptr(true), AccessCodes: codes(1).AccessCodes}}), "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 1}},
		{"AUTH_CODE, entity's own codes not in use", eng, person("Carol", callcheck.Settings{AccessCodes: &wxc.AuthCodes{UseCustomAccessCodes: ptr(false), AccessCodes: codes(5).AccessCodes}}), "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 2}},
		{"AUTH_CODE without codes", eng, person("Carol", callcheck.Settings{AccessCodes: &wxc.AuthCodes{UseCustomAccessCodes: ptr(true)}}), "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 0, explain: "no access code configured, so the call cannot succeed"}},

		// TRANSFER_NUMBER_n.
		{"TRANSFER_NUMBER_1 set", eng, person("Bob", callcheck.Settings{}), "1 800 555 1234",
			want{action: "TRANSFER_NUMBER_1", level: "LOCATION", transfer: "+12145550199", explain: "; to +12145550199"}},
		{"TRANSFER_NUMBER_2 unset (null)", eng, person("Bob", callcheck.Settings{}), "0",
			want{action: "TRANSFER_NUMBER_2", level: "LOCATION", reason: "TRANSFER_NUMBER_2_NOT_CONFIGURED", explain: "TRANSFER_NUMBER_2_NOT_CONFIGURED"}},
		{"TRANSFER_NUMBER_3 unset (empty)", eng, person("Bob", callcheck.Settings{}), "+1 700 555 1234",
			want{action: "TRANSFER_NUMBER_3", level: "LOCATION", reason: "TRANSFER_NUMBER_3_NOT_CONFIGURED"}},
		{"TRANSFER_NUMBER_2 from the entity's own numbers", eng, person("Dave", callcheck.Settings{TransferNumbers: &wxc.AutoTransferNumbers{UseCustomTransferNumbers: ptr(true), AutoTransferNumber2: ptr("+12145550142")}}), "0",
			want{action: "TRANSFER_NUMBER_2", level: "LOCATION", transfer: "+12145550142"}},
		{"TRANSFER_NUMBER_1 with the entity's own numbers, 1 unset", eng, person("Dave", callcheck.Settings{TransferNumbers: &wxc.AutoTransferNumbers{UseCustomTransferNumbers: ptr(true), AutoTransferNumber2: ptr("+12145550142")}}), "1 800 555 1234",
			want{action: "TRANSFER_NUMBER_1", level: "LOCATION", reason: "TRANSFER_NUMBER_1_NOT_CONFIGURED"}},

		// Emergency is never blocked, not even by a pattern that matches it.
		{"emergency", eng, person("Bob", callcheck.Settings{}), "911",
			want{action: "ALLOW", allowed: true, explain: "emergency call, never blocked"}},

		// Unknown settings: documented defaults, said so.
		{"nothing known: Webex defaults", eng, &callcheck.Subject{Kind: wxc.Workspace, Name: "Lobby", Country: "GB"}, "+33 1 23 45 67 89",
			want{action: "BLOCK", level: "LOCATION", assumption: "Webex defaults assumed"}},
		{"entity's switches not read: location assumed", eng, &callcheck.Subject{Kind: wxc.Person, Name: "Fay", Location: ptr(dallas()), LocationName: "Dallas", Country: "US"}, "+33 1 23 45 67 89",
			want{action: "AUTH_CODE", level: "LOCATION", codes: 2, assumption: "its location's assumed to apply"}},
		{"call type not listed: CASUAL blocked", eng, person("Bob", callcheck.Settings{}), "1010288 1 214 555 0100",
			want{action: "BLOCK", level: "LOCATION", assumption: "no setting for CASUAL; BLOCK assumed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.engine.Decide(tc.subject, tc.dialled)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			w := tc.want
			if d.Action != w.action || d.Level != w.level || d.Custom != w.custom || d.Allowed != w.allowed {
				t.Errorf("got action %s level %q custom %v allowed %v; want %s %q %v %v (%s)", d.Action, d.Level, d.Custom, d.Allowed, w.action, w.level, w.custom, w.allowed, d.Explain())
			}
			gotPattern := ""
			if d.Pattern != nil {
				gotPattern = d.Pattern.Name
				if d.Pattern.Level != d.Level || d.Pattern.Action != d.Action {
					t.Errorf("pattern %+v disagrees with the decision", *d.Pattern)
				}
			}
			if gotPattern != w.pattern {
				t.Errorf("pattern %q, want %q", gotPattern, w.pattern)
			}
			if d.Action == wxc.ActionAuthCode && d.AccessCodesAvailable != w.codes {
				t.Errorf("access codes %d, want %d", d.AccessCodesAvailable, w.codes)
			}
			if d.TransferNumber != w.transfer || d.Reason != w.reason {
				t.Errorf("transfer %q reason %q, want %q %q", d.TransferNumber, d.Reason, w.transfer, w.reason)
			}
			if w.explain != "" && !strings.Contains(d.Explain(), w.explain) {
				t.Errorf("Explain() = %q, want it to contain %q", d.Explain(), w.explain)
			}
			if (w.assumption == "") != (d.Assumption == "") || !strings.Contains(d.Assumption, w.assumption) {
				t.Errorf("Assumption = %q, want %q", d.Assumption, w.assumption)
			}
		})
	}
}

func TestDecideCustomLevels(t *testing.T) {
	eng, _ := callcheck.New(callcheck.Options{})
	for kind, level := range map[wxc.EntityKind]callcheck.Level{wxc.Person: "PEOPLE", wxc.Workspace: "PLACE", wxc.VirtualLine: "VIRTUAL_LINE"} {
		s := person("X", callcheck.Settings{Outgoing: customOutgoing(ptr(true), ptr(true))})
		s.Kind = kind
		d, err := eng.Decide(s, "+33 1 23 45 67 89")
		if err != nil {
			t.Fatal(err)
		}
		if d.Level != level || !d.Custom {
			t.Errorf("%s: level %s custom %v, want %s true", kind, d.Level, d.Custom, level)
		}
	}
	// A location subject: its own settings, level LOCATION, not "custom".
	loc := &callcheck.Subject{Kind: wxc.Location, Name: "Dallas", Own: dallas(), Country: "US"}
	d, err := eng.Decide(loc, "+33 1 23 45 67 89")
	if err != nil {
		t.Fatal(err)
	}
	if d.Level != callcheck.LevelLocation || d.Custom || d.Action != wxc.ActionAuthCode || d.AccessCodesAvailable != 2 {
		t.Errorf("location subject: %+v", d)
	}
	if got, want := d.Explain(), "AUTH_CODE: INTERNATIONAL needs an access code (location Dallas); 2 access code(s) available"; got != want {
		t.Errorf("Explain() = %q, want %q", got, want)
	}
}

func TestPrepareErrors(t *testing.T) {
	eng, _ := callcheck.New(callcheck.Options{})
	bad := person("Eve", callcheck.Settings{DigitPatterns: &wxc.DigitPatterns{UseCustomDigitPatterns: ptr(true), DigitPatterns: []wxc.DigitPattern{{Name: "oops", Pattern: "1x!"}}}})
	locWithLoc := &callcheck.Subject{Kind: wxc.Location, Name: "Dallas", Location: &callcheck.Settings{}, Country: "US"}
	tests := []struct {
		name string
		s    *callcheck.Subject
		want error
	}{
		{"nil", nil, nil},
		{"unknown kind", &callcheck.Subject{Kind: "trunk", Country: "US"}, nil},
		{"bad country", &callcheck.Subject{Kind: wxc.Person, Country: "Texas"}, callcheck.ErrUnsupportedCountry},
		{"bad pattern", bad, callcheck.ErrInvalidPattern},
		{"location with location settings", locWithLoc, nil},
	}
	for _, tc := range tests {
		_, err := eng.Prepare(tc.s)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if _, err := eng.Decide(person("Bob", callcheck.Settings{}), "garbage"); !errors.Is(err, callcheck.ErrInvalidNumber) {
		t.Errorf("Decide(garbage) = %v", err)
	}
}

// TestDecidePaths checks that Engine.Decide, Prepared.Decide and Prepared.DecideClassified agree.
func TestDecidePaths(t *testing.T) {
	eng, _ := callcheck.New(callcheck.Options{})
	s := person("Alice Smith", callcheck.Settings{Outgoing: customOutgoing(ptr(true), ptr(true))})
	p, err := eng.Prepare(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"911", "+44 20 7946 0000", "1 900 555 1234", "0", "214 555 0100", "+33 1 23 45 67 89"} {
		a, err := eng.Decide(s, n)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := p.Decide(n)
		c, _ := eng.Classify("US", n)
		d := p.DecideClassified(c)
		if a.Explain() != b.Explain() || b.Explain() != d.Explain() || a.Action != d.Action {
			t.Errorf("%s: %q / %q / %q", n, a.Explain(), b.Explain(), d.Explain())
		}
	}
	// Prepared does not change when the subject does.
	before, _ := p.Decide("+33 1 23 45 67 89")
	s.Own.Outgoing.CallingPermissions.Set(wxc.CallTypeInternational, wxc.CallTypePermission{Action: wxc.ActionBlock})
	after, _ := p.Decide("+33 1 23 45 67 89")
	if before.Action != after.Action {
		t.Errorf("Prepared changed with its subject: %s -> %s", before.Action, after.Action)
	}
}

// TestConcurrent uses one Engine from several goroutines (run with -race): the caches and the
// origin table are shared.
func TestConcurrent(t *testing.T) {
	eng, _ := callcheck.New(callcheck.Options{})
	want := map[string]wxc.Action{}
	p0, _ := eng.Prepare(person("Bob", callcheck.Settings{}))
	for _, tc := range classifyCases[:40] {
		if tc.country != "US" {
			continue
		}
		d, err := p0.Decide(tc.dialled)
		if err != nil {
			t.Fatal(err)
		}
		want[tc.dialled] = d.Action
	}
	eng2, _ := callcheck.New(callcheck.Options{})
	done := make(chan error, 4)
	for range 4 {
		go func() {
			p, err := eng2.Prepare(person("Bob", callcheck.Settings{}))
			if err != nil {
				done <- err
				return
			}
			for n, a := range want {
				d, err := p.Decide(n)
				if err != nil {
					done <- err
					return
				}
				if d.Action != a {
					done <- errors.New(n + ": " + string(d.Action) + ", want " + string(a))
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
