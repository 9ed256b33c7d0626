package emulator_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

// requiredCase is one write of the required-members table: a body that lacks a member
// (or, with missing "", a body that has everything the operation requires).
type requiredCase struct {
	name    string
	kinds   []string
	method  string
	path    func(t *testing.T, e *rawEmu, en entity) string
	body    string
	missing string // the member the 400 names; "" = the body is complete
	// strictOnly: required only with Options.StrictRequired (the top-level members
	// wxc_sdk 1.19 leaves out); every other missing member is refused by default.
	strictOnly bool
	// onlyEra: required only in this era ("" = in both).
	onlyEra string
	ok      int // the 2xx status when accepted
}

var (
	personLike = []string{kPerson, kWorkspace, kVirtualLine}
	personVL   = []string{kPerson, kVirtualLine}

	outgoingPath = func(t *testing.T, e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).Outgoing }
	transferPath = func(t *testing.T, e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).Transfer }
	codesPath    = func(t *testing.T, e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).AccessCodes }
	patternsPath = func(t *testing.T, e *rawEmu, en entity) string { return pathsFor(en.Kind, en.ID).DigitPatterns }
	// onePatternPath creates a digit pattern to update.
	onePatternPath = func(t *testing.T, e *rawEmu, en entity) string {
		t.Helper()
		p := pathsFor(en.Kind, en.ID)
		r := e.must(t, http.MethodPost, p.DigitPatterns,
			`{"name":"to update","pattern":"7XXX","action":"BLOCK","transferEnabled":false}`, http.StatusCreated)
		var out struct{ ID string }
		if err := json.Unmarshal(r.Body, &out); err != nil || out.ID == "" {
			t.Fatalf("create: %v %s", err, r.Body)
		}
		return p.DigitPattern(out.ID)
	}
)

// requiredCases covers every write operation of every kind (testdata/openapi request schemas).
var requiredCases = []requiredCase{
	// Outgoing permission PUT.
	{name: "outgoing switches only", kinds: personVL, method: http.MethodPut, path: outgoingPath,
		body: `{"useCustomEnabled":true}`, missing: "callingPermissions", strictOnly: true, onlyEra: emulator.EraCurrent, ok: 204},
	{name: "outgoing switches only, workspace", kinds: []string{kWorkspace}, method: http.MethodPut, path: outgoingPath,
		body: `{"useCustomEnabled":true}`, ok: 204},
	{name: "outgoing callingPermissions null", kinds: personVL, method: http.MethodPut, path: outgoingPath,
		body: `{"useCustomEnabled":true,"callingPermissions":null}`, missing: "callingPermissions", strictOnly: true, onlyEra: emulator.EraCurrent, ok: 204},
	{name: "outgoing empty list", kinds: allKinds, method: http.MethodPut, path: outgoingPath,
		body: `{"callingPermissions":[]}`, ok: 204},
	{name: "outgoing null switches", kinds: allKinds, method: http.MethodPut, path: outgoingPath,
		body: `{"useCustomEnabled":null,"useCustomPermissions":null,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`, ok: 204},
	{name: "outgoing entry without callType", kinds: allKinds, method: http.MethodPut, path: outgoingPath,
		body: `{"callingPermissions":[{"action":"BLOCK","transferEnabled":false}]}`, missing: "callingPermissions[0].callType"},
	{name: "outgoing entry without transferEnabled", kinds: []string{kPerson, kVirtualLine, kLocation}, method: http.MethodPut, path: outgoingPath,
		body:    `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":true},{"callType":"TOLL_FREE","action":"BLOCK"}]}`,
		missing: "callingPermissions[1].transferEnabled"},
	{name: "outgoing entry with transferEnabled null", kinds: []string{kPerson, kVirtualLine, kLocation}, method: http.MethodPut, path: outgoingPath,
		body:    `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":null}]}`,
		missing: "callingPermissions[0].transferEnabled"},
	{name: "outgoing entry without transferEnabled, workspace", kinds: []string{kWorkspace}, method: http.MethodPut, path: outgoingPath,
		body: `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK"}]}`, ok: 204},
	{name: "outgoing entry without action", kinds: []string{kLocation}, method: http.MethodPut, path: outgoingPath,
		body:    `{"callingPermissions":[{"callType":"NATIONAL","transferEnabled":false}]}`,
		missing: "callingPermissions[0].action"},
	{name: "outgoing entry without action, not a location", kinds: personLike, method: http.MethodPut, path: outgoingPath,
		body: `{"useCustomEnabled":false,"callingPermissions":[{"callType":"NATIONAL","transferEnabled":false}]}`, ok: 204},

	// Auto transfer numbers PUT.
	{name: "transfer without useCustomTransferNumbers", kinds: personLike, method: http.MethodPut, path: transferPath,
		body: `{"autoTransferNumber1":"+14085550001"}`, missing: "useCustomTransferNumbers", strictOnly: true, onlyEra: emulator.EraCurrent, ok: 204},
	{name: "transfer with useCustomTransferNumbers null", kinds: personLike, method: http.MethodPut, path: transferPath,
		body: `{"useCustomTransferNumbers":null}`, missing: "useCustomTransferNumbers", strictOnly: true, onlyEra: emulator.EraCurrent, ok: 204},
	{name: "transfer complete", kinds: personLike, method: http.MethodPut, path: transferPath,
		body: `{"useCustomTransferNumbers":true,"autoTransferNumber1":"+14085550001"}`, ok: 204},
	{name: "transfer location", kinds: []string{kLocation}, method: http.MethodPut, path: transferPath,
		body: `{"autoTransferNumber1":"4085550001"}`, ok: 204},

	// Access codes POST and PUT.
	{name: "access code without code", kinds: personLike, method: http.MethodPost, path: codesPath,
		body: `{"description":"d"}`, missing: "code"},
	{name: "access code with code null", kinds: personLike, method: http.MethodPost, path: codesPath,
		body: `{"code":null,"description":"d"}`, missing: "code"},
	{name: "access code without description", kinds: personLike, method: http.MethodPost, path: codesPath,
		body: `{"code":"4856"}`, missing: "description"},
	{name: "access code complete", kinds: personLike, method: http.MethodPost, path: codesPath,
		body: `{"code":"4857","description":"d"}`, ok: 201},
	{name: "location access codes without accessCodes", kinds: []string{kLocation}, method: http.MethodPost, path: codesPath,
		body: `{}`, missing: "accessCodes"},
	{name: "location access code without code", kinds: []string{kLocation}, method: http.MethodPost, path: codesPath,
		body: `{"accessCodes":[{"code":"5550","description":"d"},{"description":"d"}]}`, missing: "accessCodes[1].code"},
	{name: "location access code without description", kinds: []string{kLocation}, method: http.MethodPost, path: codesPath,
		body: `{"accessCodes":[{"code":"5551"}]}`, missing: "accessCodes[0].description"},
	{name: "location access codes complete", kinds: []string{kLocation}, method: http.MethodPost, path: codesPath,
		body: `{"accessCodes":[{"code":"5552","description":"d"}]}`, ok: 201},
	{name: "access codes PUT without deleteCodes", kinds: []string{kLocation}, method: http.MethodPut, path: codesPath,
		body: `{}`, missing: "deleteCodes"},
	{name: "access codes PUT deleteCodes null", kinds: []string{kLocation}, method: http.MethodPut, path: codesPath,
		body: `{"deleteCodes":null}`, missing: "deleteCodes"},
	{name: "access codes PUT empty deleteCodes", kinds: []string{kLocation}, method: http.MethodPut, path: codesPath,
		body: `{"deleteCodes":[]}`, ok: 204},
	{name: "access codes PUT empty", kinds: personLike, method: http.MethodPut, path: codesPath,
		body: `{}`, ok: 204},

	// Digit patterns POST, PUT (category control) and PUT /{id}.
	{name: "pattern without name", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"pattern":"1XXX","action":"ALLOW","transferEnabled":true}`, missing: "name"},
	{name: "pattern without pattern", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"name":"a","action":"ALLOW","transferEnabled":true}`, missing: "pattern"},
	{name: "pattern without action", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"name":"a","pattern":"1XXX","transferEnabled":true}`, missing: "action"},
	{name: "pattern without transferEnabled", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"name":"b","pattern":"1XXX","action":"ALLOW"}`, missing: "transferEnabled", onlyEra: emulator.EraCurrent, ok: 201},
	{name: "pattern with transferEnabled null", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"name":"c","pattern":"1XXX","action":"ALLOW","transferEnabled":null}`, missing: "transferEnabled", onlyEra: emulator.EraCurrent, ok: 201},
	{name: "pattern complete", kinds: allKinds, method: http.MethodPost, path: patternsPath,
		body: `{"name":"d","pattern":"1XXX","action":"ALLOW","transferEnabled":false}`, ok: 201},
	{name: "category control empty", kinds: allKinds, method: http.MethodPut, path: patternsPath,
		body: `{}`, ok: 204},
	{name: "pattern update, one member", kinds: allKinds, method: http.MethodPut, path: onePatternPath,
		body: `{"transferEnabled":true}`, ok: 204},
}

// TestRequiredMembers runs every write of requiredCases for every kind, both eras, with and
// without Options.StrictRequired: a missing (or null) required member is 400 with errorCode
// 25008, a message naming it, and no change; a complete body is accepted. The members inside
// entries (transferEnabled, a location entry's action), a digit pattern's transferEnabled (era
// current) and a location access-code PUT's deleteCodes are required by default; only the
// top-level callingPermissions and useCustomTransferNumbers (era current) need StrictRequired.
func TestRequiredMembers(t *testing.T) {
	for _, strict := range []bool{true, false} {
		for _, era := range eras {
			t.Run(fmt.Sprintf("strict=%v/%s", strict, era), func(t *testing.T) {
				e := newRaw(t, withEra(era), func(o *emulator.Options) { o.StrictRequired = strict })
				for _, tc := range requiredCases {
					for _, kind := range tc.kinds {
						t.Run(tc.name+"/"+kind, func(t *testing.T) {
							en := e.first(t, kind)
							path := tc.path(t, e, en)
							required := tc.missing != "" && (strict || !tc.strictOnly) && (tc.onlyEra == "" || tc.onlyEra == era)
							before := e.snapshot(t, kind, en.ID)
							r := e.call(e.tokens.FullAdmin, tc.method, path, tc.body)
							if !required {
								if r.Status != tc.ok {
									t.Fatalf("%s %s %s = %d, want %d: %s", tc.method, path, tc.body, r.Status, tc.ok, r.Body)
								}
								return
							}
							if r.Status != http.StatusBadRequest || !slices.Equal(r.errorCodes(), []int{25008}) {
								t.Fatalf("%s %s %s = %d %v, want 400 [25008]: %s", tc.method, path, tc.body, r.Status, r.errorCodes(), r.Body)
							}
							var eb struct {
								Message string `json:"message"`
								Errors  []struct {
									Description string `json:"description"`
								} `json:"errors"`
							}
							if err := json.Unmarshal(r.Body, &eb); err != nil {
								t.Fatal(err)
							}
							if want := tc.missing + " is required"; eb.Message != want || len(eb.Errors) != 1 || eb.Errors[0].Description != want {
								t.Errorf("error body %s, want message and description %q", r.Body, want)
							}
							if after := e.snapshot(t, kind, en.ID); !maps.Equal(before, after) {
								t.Errorf("a refused write changed the entity:\nbefore %v\nafter  %v", before, after)
							}
						})
					}
				}
			})
		}
	}
}

// TestStrictRequiredSDK drives the SDK against a StrictRequired emulator (era current):
// complete calls of every kind work; the calls that leave out a member the OpenAPI
// requires (a switch-only Configure and transfer numbers without UseCustomTransferNumbers,
// refused only with StrictRequired; a digit pattern without TransferEnabled, refused by
// default too) are refused with 400 and errorCode 25008.
func TestStrictRequiredSDK(t *testing.T) {
	e := newRaw(t, func(o *emulator.Options) { o.StrictRequired = true })
	ctx := t.Context()
	for _, kind := range allKinds {
		t.Run(kind, func(t *testing.T) {
			svc := e.Client.OutgoingPermissions(sdkKinds[kind])
			id := e.first(t, kind).ID
			settings := useCustom(kind, true)
			settings.CallingPermissions = onePerm(wxc.CallTypeNational, wxc.ActionBlock, false)
			if err := svc.Configure(ctx, id, settings); err != nil {
				t.Errorf("Configure with callingPermissions: %v", err)
			}
			numbers := &wxc.AutoTransferNumbers{AutoTransferNumber1: wxc.String("+14085550001")}
			if kind != kLocation {
				numbers.UseCustomTransferNumbers = wxc.Bool(true)
			}
			if err := svc.TransferNumbers.Configure(ctx, id, numbers); err != nil {
				t.Errorf("TransferNumbers.Configure with useCustomTransferNumbers: %v", err)
			}
			if _, err := svc.DigitPatterns.Create(ctx, id, &wxc.DigitPattern{Name: "strict", Pattern: "1XXX", Action: wxc.ActionAllow, TransferEnabled: wxc.Bool(false)}); err != nil {
				t.Errorf("DigitPatterns.Create with transferEnabled: %v", err)
			}
			if err := svc.AccessCodes.Modify(ctx, id, nil, []string{"0000"}); err != nil {
				t.Errorf("AccessCodes.Modify: %v", err)
			}

			_, err := svc.DigitPatterns.Create(ctx, id, &wxc.DigitPattern{Name: "lax", Pattern: "2XXX", Action: wxc.ActionAllow})
			apiErr(t, err, http.StatusBadRequest, 25008)
			if kind == kLocation {
				return
			}
			err = svc.TransferNumbers.Configure(ctx, id, &wxc.AutoTransferNumbers{AutoTransferNumber1: wxc.String("")})
			apiErr(t, err, http.StatusBadRequest, 25008)
			if kind != kWorkspace {
				err = svc.Configure(ctx, id, useCustom(kind, false))
				apiErr(t, err, http.StatusBadRequest, 25008)
			}
		})
	}
}
