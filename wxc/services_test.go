package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kindInfo holds the expected paths (after the basePath mount point) of one entity kind,
// written out independently of paths.go.
type kindInfo struct {
	kind                           EntityKind
	id                             string
	out, transfer, codes, patterns string
}

var kindInfos = []kindInfo{
	{Person, "P1",
		"/people/P1/features/outgoingPermission",
		"/telephony/config/people/P1/outgoingPermission/autoTransferNumbers",
		"/telephony/config/people/P1/outgoingPermission/accessCodes",
		"/telephony/config/people/P1/outgoingPermission/digitPatterns"},
	{Workspace, "W1",
		"/workspaces/W1/features/outgoingPermission",
		"/workspaces/W1/features/outgoingPermission/autoTransferNumbers",
		"/workspaces/W1/features/outgoingPermission/accessCodes",
		"/telephony/config/workspaces/W1/outgoingPermission/digitPatterns"},
	{Location, "L1",
		"/telephony/config/locations/L1/outgoingPermission",
		"/telephony/config/locations/L1/outgoingPermission/autoTransferNumbers",
		"/telephony/config/locations/L1/outgoingPermission/accessCodes",
		"/telephony/config/locations/L1/outgoingPermission/digitPatterns"},
	{VirtualLine, "V1",
		"/telephony/config/virtualLines/V1/outgoingPermission",
		"/telephony/config/virtualLines/V1/outgoingPermission/autoTransferNumbers",
		"/telephony/config/virtualLines/V1/outgoingPermission/accessCodes",
		"/telephony/config/virtualLines/V1/outgoingPermission/digitPatterns"},
}

// opCase is one SDK call and the one request it must send.
type opCase struct {
	name   string
	kind   EntityKind
	call   func(ctx context.Context, c *Client, opts ...CallOption) (any, error)
	method string
	path   string     // after basePath
	query  url.Values // expected besides orgId
	body   string     // expected JSON body; "" = none
	resp   reply
	check  func(t *testing.T, got any)
	// offContract says why this case's input is deliberately outside the OpenAPI
	// document (the contract test skips it; another case covers the operation).
	offContract string
}

// contractCallTypes are the ten call types of the OpenAPI document, with their expected
// default values, for requests that must validate against it.
var contractCallTypes = []struct {
	ct       CallType
	action   Action
	transfer bool
}{
	{CallTypeInternalCall, ActionAllow, true}, {CallTypeTollFree, ActionAllow, true}, {CallTypeNational, ActionAllow, true},
	{CallTypeInternational, ActionBlock, false}, {CallTypeOperatorAssisted, ActionAllow, true},
	{CallTypeChargeableDirectoryAssisted, ActionAllow, true}, {CallTypeSpecialServicesI, ActionAllow, true},
	{CallTypeSpecialServicesII, ActionAllow, true}, {CallTypePremiumServicesI, ActionBlock, false}, {CallTypePremiumServicesII, ActionBlock, false},
}

// contractConfigureWant is the expected body for DefaultCallingPermissions without LOCAL and TOLL.
func contractConfigureWant(withUseCustom bool) string {
	var b strings.Builder
	b.WriteString("{")
	if withUseCustom {
		b.WriteString(`"useCustomEnabled": true, "useCustomPermissions": true, `)
	}
	b.WriteString(`"callingPermissions": [`)
	for i, c := range contractCallTypes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{"callType": %q, "action": %q, "transferEnabled": %v}`, c.ct, c.action, c.transfer)
	}
	b.WriteString("]}")
	return b.String()
}

// opCases returns every per-entity operation for every kind, plus the location access
// codes and People.Get.
func opCases() []opCase {
	var ops []opCase
	for _, k := range kindInfos {
		k := k
		svc := func(c *Client) *OutgoingPermissionsService { return c.OutgoingPermissions(k.kind) }
		name := func(s string) string { return string(k.kind) + "/" + s }

		// Outgoing permissions.
		readResp, configureIn, configureWant := entityPerms, entityPerms, entityPermsConfigure
		switch k.kind {
		case Person:
			readResp, configureIn, configureWant = person15, person15, person15Configure
		case Location:
			readResp, configureIn = locationPerms, entityPerms
			configureWant = `{"callingPermissions": [
				{"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true, "isCallTypeRestrictionEnabled": false},
				{"callType": "INTERNATIONAL", "action": "BLOCK", "transferEnabled": false, "isCallTypeRestrictionEnabled": true, "newMember": {"a": 1}},
				{"callType": "MADE_UP", "action": "QUARANTINE", "transferEnabled": true}],
				"futureSetting": [1, 2, 3]}`
		}
		wantRead := readResp
		ops = append(ops,
			opCase{name: name("outgoing.Read"), kind: k.kind, method: "GET", path: k.out, resp: jsonReply(200, readResp),
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return svc(c).Read(ctx, k.id, o...)
				},
				check: func(t *testing.T, got any) {
					want := mustDecodeModel[OutgoingPermissions](t, wantRead)
					if d := cmp.Diff(&want, got, modelCmp); d != "" {
						t.Errorf("result (-want +got):\n%s", d)
					}
					if k.kind == Person {
						cts := got.(*OutgoingPermissions).CallingPermissions.CallTypes()
						wantCTs := AllCallTypes()
						if d := cmp.Diff(wantCTs, cts); d != "" {
							t.Errorf("call types in wire order (-want +got):\n%s", d)
						}
						p, ok := got.(*OutgoingPermissions).CallingPermissions.ForCallType(CallTypeCasual)
						if !ok || p.Action != ActionBlock || p.TransferEnabled {
							t.Errorf("CASUAL = %+v, %v; want BLOCK/false", p, ok)
						}
					}
				}},
			opCase{name: name("outgoing.ConfigureDefaults"), kind: k.kind, method: "PUT", path: k.out, body: contractConfigureWant(k.kind != Location), resp: noContent,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					in := &OutgoingPermissions{UseCustomEnabled: Bool(true), UseCustomPermissions: Bool(true),
						CallingPermissions: DefaultCallingPermissions().Without(CallTypeLocal, CallTypeToll)}
					return nil, svc(c).Configure(ctx, k.id, in, o...)
				}},
			opCase{name: name("outgoing.Configure"), kind: k.kind, method: "PUT", path: k.out, body: configureWant, resp: noContent,
				offContract: "read-modify-write of a response with LOCAL/TOLL or made-up call types and actions",
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					var in OutgoingPermissions
					if err := json.Unmarshal([]byte(configureIn), &in); err != nil {
						return nil, err
					}
					return nil, svc(c).Configure(ctx, k.id, &in, o...)
				}},
		)

		// Transfer numbers.
		tResp := transferEntity
		tIn := &AutoTransferNumbers{UseCustomTransferNumbers: Bool(true), AutoTransferNumber1: String("+4961007738001"), AutoTransferNumber3: String("")}
		tWant := `{"useCustomTransferNumbers": true, "autoTransferNumber1": "+4961007738001", "autoTransferNumber3": ""}`
		if k.kind == Location {
			tResp = transferLocation
			tWant = `{"autoTransferNumber1": "+4961007738001", "autoTransferNumber3": ""}`
		}
		ops = append(ops,
			opCase{name: name("transfer.Read"), kind: k.kind, method: "GET", path: k.transfer, resp: jsonReply(200, tResp),
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return svc(c).TransferNumbers.Read(ctx, k.id, o...)
				},
				check: func(t *testing.T, got any) {
					want := mustDecodeModel[AutoTransferNumbers](t, tResp)
					if d := cmp.Diff(&want, got, modelCmp); d != "" {
						t.Errorf("result (-want +got):\n%s", d)
					}
					if k.kind != Location && got.(*AutoTransferNumbers).AutoTransferNumber3 != nil {
						t.Errorf("null number decoded as %q, want nil", *got.(*AutoTransferNumbers).AutoTransferNumber3)
					}
				}},
			opCase{name: name("transfer.Configure"), kind: k.kind, method: "PUT", path: k.transfer, body: tWant, resp: noContent,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).TransferNumbers.Configure(ctx, k.id, tIn, o...)
				}},
		)

		// Access codes (the per-entity API; locations use LocationAccessCodes below).
		if k.kind != Location {
			ops = append(ops,
				opCase{name: name("codes.Read"), kind: k.kind, method: "GET", path: k.codes, resp: jsonReply(200, accessCodesResp),
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return svc(c).AccessCodes.Read(ctx, k.id, o...)
					},
					check: func(t *testing.T, got any) {
						want := &AuthCodes{UseCustomAccessCodes: Bool(true), AccessCodes: []AuthCode{
							{Code: "4856", Description: "Marketing's access code", Level: AuthCodeLevelCustom},
							{Code: "3421", Description: "Finance's access code", Level: AuthCodeLevelLocation, Extra: map[string]jsonRaw{"extra": jsonRaw("1")}},
						}}
						if d := cmp.Diff(want, got, modelCmp); d != "" {
							t.Errorf("result (-want +got):\n%s", d)
						}
					}},
				opCase{name: name("codes.Modify"), kind: k.kind, method: "PUT", path: k.codes, resp: noContent,
					body: `{"useCustomAccessCodes": true, "deleteCodes": ["4856", "2421"]}`,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Modify(ctx, k.id, Bool(true), []string{"4856", "2421"}, o...)
					}},
				opCase{name: name("codes.ModifyEmpty"), kind: k.kind, method: "PUT", path: k.codes, resp: noContent, body: `{}`,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Modify(ctx, k.id, nil, nil, o...)
					}},
				opCase{name: name("codes.ModifyDeleteOnly"), kind: k.kind, method: "PUT", path: k.codes, resp: noContent, body: `{"deleteCodes": ["1"]}`,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Modify(ctx, k.id, nil, []string{"1"}, o...)
					}},
				opCase{name: name("codes.ModifyUseCustomOnly"), kind: k.kind, method: "PUT", path: k.codes, resp: noContent, body: `{"useCustomAccessCodes": false}`,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Modify(ctx, k.id, Bool(false), nil, o...)
					}},
				opCase{name: name("codes.Create"), kind: k.kind, method: "POST", path: k.codes, resp: reply{status: 201},
					body: `{"code": "4856", "description": "Marketing's access code"}`,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Create(ctx, k.id, "4856", "Marketing's access code", o...)
					}},
				opCase{name: name("codes.Delete"), kind: k.kind, method: "DELETE", path: k.codes, resp: noContent,
					call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
						return nil, svc(c).AccessCodes.Delete(ctx, k.id, o...)
					}},
			)
		}

		// Digit patterns.
		dpList := digitPatternsResp
		if k.kind == Location {
			dpList = `{"digitPatterns": []}`
		}
		ops = append(ops,
			opCase{name: name("patterns.List"), kind: k.kind, method: "GET", path: k.patterns, resp: jsonReply(200, dpList),
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return svc(c).DigitPatterns.List(ctx, k.id, o...)
				},
				check: func(t *testing.T, got any) {
					want := mustDecodeModel[DigitPatterns](t, dpList)
					if d := cmp.Diff(&want, got, modelCmp); d != "" {
						t.Errorf("result (-want +got):\n%s", d)
					}
					if k.kind != Location && (len(want.DigitPatterns) != 2 || want.DigitPatterns[1].Pattern != "1XXXX") {
						t.Errorf("decoded %+v", want)
					}
				}},
			opCase{name: name("patterns.Details"), kind: k.kind, method: "GET", path: k.patterns + "/DP1", resp: jsonReply(200, digitPatternResp),
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return svc(c).DigitPatterns.Details(ctx, k.id, "DP1", o...)
				},
				check: func(t *testing.T, got any) {
					want := &DigitPattern{ID: "DP1", Name: "n", Pattern: "+496196!", Action: ActionBlock, TransferEnabled: Bool(true),
						Extra: map[string]jsonRaw{"priority": jsonRaw("3")}}
					if d := cmp.Diff(want, got, modelCmp); d != "" {
						t.Errorf("result (-want +got):\n%s", d)
					}
				}},
			opCase{name: name("patterns.Create"), kind: k.kind, method: "POST", path: k.patterns, resp: jsonReply(201, `{"id": "NEWID"}`),
				body: `{"name": "n", "pattern": "1XXX", "action": "ALLOW", "transferEnabled": false}`,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return svc(c).DigitPatterns.Create(ctx, k.id, &DigitPattern{ID: "X", Name: "n", Pattern: "1XXX", Action: ActionAllow, TransferEnabled: Bool(false)}, o...)
				},
				check: func(t *testing.T, got any) {
					if got != "NEWID" {
						t.Errorf("Create = %v, want NEWID", got)
					}
				}},
			opCase{name: name("patterns.Update"), kind: k.kind, method: "PUT", path: k.patterns + "/X", resp: noContent,
				body: `{"name": "n2", "transferEnabled": true}`,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).DigitPatterns.Update(ctx, k.id, &DigitPattern{ID: "X", Name: "n2", TransferEnabled: Bool(true)}, o...)
				}},
			opCase{name: name("patterns.Delete"), kind: k.kind, method: "DELETE", path: k.patterns + "/DP1", resp: noContent,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).DigitPatterns.Delete(ctx, k.id, "DP1", o...)
				}},
			opCase{name: name("patterns.DeleteAll"), kind: k.kind, method: "DELETE", path: k.patterns, resp: noContent,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).DigitPatterns.DeleteAll(ctx, k.id, o...)
				}},
			opCase{name: name("patterns.CategoryControl"), kind: k.kind, method: "PUT", path: k.patterns, resp: noContent,
				body: `{"useCustomDigitPatterns": true}`,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).DigitPatterns.UpdateCategoryControlSettings(ctx, k.id, Bool(true), o...)
				}},
			opCase{name: name("patterns.CategoryControlNil"), kind: k.kind, method: "PUT", path: k.patterns, resp: noContent, body: `{}`,
				call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
					return nil, svc(c).DigitPatterns.UpdateCategoryControlSettings(ctx, k.id, nil, o...)
				}},
		)
	}

	// Location access codes (their own API).
	const lc = "/telephony/config/locations/L1/outgoingPermission/accessCodes"
	ops = append(ops,
		opCase{name: "location/LocationAccessCodes.Read", kind: Location, method: "GET", path: lc, resp: jsonReply(200, locationAccessCodesResp),
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return c.LocationAccessCodes.Read(ctx, "L1", o...)
			},
			check: func(t *testing.T, got any) {
				want := []AuthCode{{Code: "1357", Description: "Main Access Code"}, {Code: "2468", Description: "Second"}}
				if d := cmp.Diff(want, got, modelCmp); d != "" {
					t.Errorf("result (-want +got):\n%s", d)
				}
			}},
		opCase{name: "location/LocationAccessCodes.Create", kind: Location, method: "POST", path: lc, resp: reply{status: 201},
			body: `{"accessCodes": [{"code": "1357", "description": "Main Access Code"}, {"code": "2468", "description": "Second"}]}`,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, c.LocationAccessCodes.Create(ctx, "L1", []AuthCode{{Code: "1357", Description: "Main Access Code"}, {Code: "2468", Description: "Second"}}, o...)
			}},
		opCase{name: "location/LocationAccessCodes.DeleteCodes", kind: Location, method: "PUT", path: lc, resp: noContent,
			body: `{"deleteCodes": ["1234", "5637"]}`,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, c.LocationAccessCodes.DeleteCodes(ctx, "L1", []string{"1234", "5637"}, o...)
			}},
		opCase{name: "location/LocationAccessCodes.DeleteAll", kind: Location, method: "DELETE", path: lc, resp: noContent,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, c.LocationAccessCodes.DeleteAll(ctx, "L1", o...)
			}},
		opCase{name: "person/People.Get", kind: Person, method: "GET", path: "/people/P1", query: url.Values{"callingData": {"true"}},
			resp: jsonReply(200, `{"id": "P1", "emails": ["a@example.com"], "displayName": "A B", "locationId": "L1", "extension": "1001",
				"phoneNumbers": [{"type": "work", "value": "+1555", "primary": true}], "licenses": ["x"]}`),
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return c.People.Get(ctx, "P1", o...)
			},
			check: func(t *testing.T, got any) {
				p := got.(*PersonInfo)
				if p.ID != "P1" || p.LocationID != "L1" || p.Extension != "1001" || len(p.PhoneNumbers) != 1 ||
					string(p.PhoneNumbers[0].Extra["primary"]) != "true" || string(p.Extra["licenses"]) != `["x"]` {
					t.Errorf("decoded %+v", p)
				}
			}},
	)
	return ops
}

// orgVariants are the ways orgId can (not) be set.
var orgVariants = []struct {
	name      string
	clientOpt []Option
	callOpt   []CallOption
	wantOrg   string
}{
	{"no org", nil, nil, ""},
	{"OrgID", nil, []CallOption{OrgID("ORG-CALL")}, "ORG-CALL"},
	{"WithOrgID", []Option{WithOrgID("ORG-CLIENT")}, nil, "ORG-CLIENT"},
	{"OrgID overrides WithOrgID", []Option{WithOrgID("ORG-CLIENT")}, []CallOption{OrgID("ORG-CALL")}, "ORG-CALL"},
	{"empty OrgID clears WithOrgID", []Option{WithOrgID("ORG-CLIENT")}, []CallOption{OrgID("")}, ""},
}

func TestOperations(t *testing.T) {
	t.Parallel()
	for _, op := range opCases() {
		for _, v := range orgVariants {
			t.Run(op.name+"/"+v.name, func(t *testing.T) {
				t.Parallel()
				env := setup(t, v.clientOpt...)
				env.respond(op.resp)
				got, err := op.call(t.Context(), env.c, v.callOpt...)
				if err != nil {
					t.Fatalf("call: %v", err)
				}
				r := env.only(t)
				if r.Method != op.method || r.Path != basePath+op.path {
					t.Errorf("request = %s %s, want %s %s%s", r.Method, r.Path, op.method, basePath, op.path)
				}
				wantQ := url.Values{}
				for k, vs := range op.query {
					wantQ[k] = vs
				}
				if v.wantOrg != "" {
					wantQ.Set("orgId", v.wantOrg)
				}
				assertQuery(t, r.Query, wantQ)
				assertJSON(t, r.Body, op.body)
				if op.body != "" && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
					t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
				}
				if r.Header.Get("Authorization") != "Bearer "+testToken {
					t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
				}
				if op.check != nil {
					op.check(t, got)
				}
			})
		}
	}
}

// TestOperationsNotFound: every operation passes a 404 on as an error that matches ErrNotFound
// and names what was done.
func TestOperationsNotFound(t *testing.T) {
	t.Parallel()
	for _, op := range opCases() {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			env.respond(jsonReply(404, `{"message": "not found", "errors": [{"description": "nope", "errorCode": 4008}], "trackingId": "T1"}`))
			_, err := op.call(t.Context(), env.c)
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("err = %v, want ErrNotFound", err)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
				t.Fatalf("err = %#v, want *APIError 404", err)
			}
		})
	}
}

func TestLegacyPersonTransferPath(t *testing.T) {
	t.Parallel()
	env := setup(t, WithLegacyPersonTransferNumbersPath())
	env.respond(jsonReply(200, transferEntity), noContent, jsonReply(200, transferEntity))
	if _, err := env.c.OutgoingPermissions(Person).TransferNumbers.Read(t.Context(), "P1"); err != nil {
		t.Fatal(err)
	}
	if err := env.c.OutgoingPermissions(Person).TransferNumbers.Configure(t.Context(), "P1", &AutoTransferNumbers{AutoTransferNumber1: String("1")}); err != nil {
		t.Fatal(err)
	}
	// Other kinds are not affected.
	if _, err := env.c.OutgoingPermissions(Workspace).TransferNumbers.Read(t.Context(), "W1"); err != nil {
		t.Fatal(err)
	}
	rs := env.requests()
	want := []string{
		"GET " + basePath + "/people/P1/features/outgoingPermission/autoTransferNumbers",
		"PUT " + basePath + "/people/P1/features/outgoingPermission/autoTransferNumbers",
		"GET " + basePath + "/workspaces/W1/features/outgoingPermission/autoTransferNumbers",
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Method+" "+r.Path)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
}

func TestPathSegmentsEscaped(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(200, digitPatternResp))
	if _, err := env.c.OutgoingPermissions(Location).DigitPatterns.Details(t.Context(), "L 1/x?y", "D#1/2"); err != nil {
		t.Fatal(err)
	}
	r := env.only(t)
	want := basePath + "/telephony/config/locations/L%201%2Fx%3Fy/outgoingPermission/digitPatterns/D%231%2F2"
	if r.Path != want {
		t.Errorf("path = %s, want %s", r.Path, want)
	}
	if len(r.Query) != 0 {
		t.Errorf("query = %v, want none", r.Query)
	}
}

func TestConfigureDropCallTypes(t *testing.T) {
	t.Parallel()
	all := person15
	tests := []struct {
		name string
		opts []CallOption
		want []CallType
	}{
		{"default drops CASUAL, URL_DIALING, UNKNOWN", nil, KnownCallTypes()},
		{"DropCallTypes() drops nothing", []CallOption{DropCallTypes()}, AllCallTypes()},
		{"custom set", []CallOption{DropCallTypes(CallTypeNational, "casual")},
			[]CallType{CallTypeInternalCall, CallTypeLocal, CallTypeTollFree, CallTypeToll, CallTypeInternational,
				CallTypeOperatorAssisted, CallTypeChargeableDirectoryAssisted, CallTypeSpecialServicesI, CallTypeSpecialServicesII,
				CallTypePremiumServicesI, CallTypePremiumServicesII, CallTypeURLDialing, CallTypeUnknown}},
		{"combined with OrgID", []CallOption{OrgID("O"), DropCallTypes(CallTypeUnknown)},
			append(KnownCallTypes(), CallTypeCasual, CallTypeURLDialing)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			in := mustDecodeModel[OutgoingPermissions](t, all)
			if err := env.c.OutgoingPermissions(Person).Configure(t.Context(), "P1", &in, tt.opts...); err != nil {
				t.Fatal(err)
			}
			// The caller's value is not modified.
			if in.CallingPermissions.Len() != 15 {
				t.Errorf("settings modified: %d call types left", in.CallingPermissions.Len())
			}
			sent := mustDecodeModel[OutgoingPermissions](t, string(env.only(t).Body))
			if d := cmp.Diff(tt.want, sent.CallingPermissions.CallTypes()); d != "" {
				t.Errorf("sent call types (-want +got):\n%s", d)
			}
		})
	}
}

func TestConfigureBodies(t *testing.T) {
	t.Parallel()
	national := NewCallingPermissions()
	national.Set(CallTypeNational, CallTypePermission{Action: ActionBlock, TransferEnabled: false})
	tests := []struct {
		name     string
		kind     EntityKind
		settings *OutgoingPermissions
		want     string
	}{
		// Spec §2.2 examples, without wxc_sdk's nulls.
		{"use custom permissions + one type", Person,
			&OutgoingPermissions{UseCustomPermissions: Bool(true), CallingPermissions: national},
			`{"useCustomPermissions": true, "callingPermissions": [{"action": "BLOCK", "transferEnabled": false, "callType": "NATIONAL"}]}`},
		{"only useCustomEnabled", Workspace, &OutgoingPermissions{UseCustomEnabled: Bool(true)}, `{"useCustomEnabled": true}`},
		{"nothing set", VirtualLine, &OutgoingPermissions{}, `{}`},
		{"empty calling permissions sent as []", Person, &OutgoingPermissions{CallingPermissions: NewCallingPermissions()}, `{"callingPermissions": []}`},
		{"location drops useCustom*", Location,
			&OutgoingPermissions{UseCustomEnabled: Bool(true), UseCustomPermissions: Bool(false), CallingPermissions: national,
				Extra: map[string]jsonRaw{"x": jsonRaw(`"y"`)}},
			`{"callingPermissions": [{"action": "BLOCK", "transferEnabled": false, "callType": "NATIONAL"}], "x": "y"}`},
		{"location nothing set", Location, &OutgoingPermissions{UseCustomEnabled: Bool(true)}, `{}`},
		{"made-up type kept", Person, func() *OutgoingPermissions {
			o := mustDecodeModel[OutgoingPermissions](t, `{"useCustomEnabled": false, "useCustomPermissions": false, "callingPermissions": [
				{"callType": "INTERNAL_CALL", "action": "ALLOW", "transferEnabled": true},
				{"callType": "CASUAL", "action": "BLOCK", "transferEnabled": false},
				{"callType": "URL_DIALING", "action": "ALLOW", "transferEnabled": true},
				{"callType": "MADE_UP", "action": "BLOCK", "transferEnabled": true},
				{"callType": "UNKNOWN", "action": "ALLOW", "transferEnabled": true}]}`)
			return &o
		}(), `{"useCustomEnabled": false, "useCustomPermissions": false, "callingPermissions": [
			{"action": "ALLOW", "transferEnabled": true, "callType": "INTERNAL_CALL"},
			{"action": "BLOCK", "transferEnabled": true, "callType": "MADE_UP"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			if err := env.c.OutgoingPermissions(tt.kind).Configure(t.Context(), "E1", tt.settings); err != nil {
				t.Fatal(err)
			}
			assertJSON(t, env.only(t).Body, tt.want)
		})
	}
}

func TestTransferNumbersBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		kind     EntityKind
		settings AutoTransferNumbers
		want     string
	}{
		{"one number", Person, AutoTransferNumbers{AutoTransferNumber1: String("+4961007738001")}, `{"autoTransferNumber1": "+4961007738001"}`},
		{"unset numbers cleared", Person, AutoTransferNumbers{AutoTransferNumber1: String("+4961007738001")}.ConfigureUnsetNumbers(),
			`{"autoTransferNumber1": "+4961007738001", "autoTransferNumber2": "", "autoTransferNumber3": ""}`},
		{"useCustom kept for workspace", Workspace, AutoTransferNumbers{UseCustomTransferNumbers: Bool(false)}, `{"useCustomTransferNumbers": false}`},
		{"useCustom dropped for location", Location, AutoTransferNumbers{UseCustomTransferNumbers: Bool(false), AutoTransferNumber2: String("")}, `{"autoTransferNumber2": ""}`},
		{"extras sent back", VirtualLine, mustDecodeModel[AutoTransferNumbers](t, `{"autoTransferNumber1": "1", "newThing": {"a": [1]}}`), `{"autoTransferNumber1": "1", "newThing": {"a": [1]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			in := tt.settings
			if err := env.c.OutgoingPermissions(tt.kind).TransferNumbers.Configure(t.Context(), "E1", &in); err != nil {
				t.Fatal(err)
			}
			assertJSON(t, env.only(t).Body, tt.want)
			if tt.kind == Location && in.UseCustomTransferNumbers == nil && tt.settings.UseCustomTransferNumbers != nil {
				t.Error("settings modified")
			}
		})
	}
}

func TestDigitPatternBodies(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(201, `{"id": "NEWID"}`), noContent)
	svc := env.c.OutgoingPermissions(Person).DigitPatterns
	p := &DigitPattern{ID: "X", Name: "n", Pattern: "1XXX", Action: ActionAllow, Extra: map[string]jsonRaw{"id": jsonRaw(`"Y"`), "prio": jsonRaw("1")}}
	id, err := svc.Create(t.Context(), "P1", p)
	if err != nil || id != "NEWID" {
		t.Fatalf("Create = %q, %v", id, err)
	}
	if err := svc.Update(t.Context(), "P1", &DigitPattern{ID: "X", Name: "n2", TransferEnabled: Bool(true)}); err != nil {
		t.Fatal(err)
	}
	rs := env.requests()
	assertJSON(t, rs[0].Body, `{"name": "n", "pattern": "1XXX", "action": "ALLOW", "prio": 1}`)
	assertJSON(t, rs[1].Body, `{"name": "n2", "transferEnabled": true}`)
	if rs[1].Path != basePath+"/telephony/config/people/P1/outgoingPermission/digitPatterns/X" {
		t.Errorf("update path %s", rs[1].Path)
	}
	if p.ID != "X" {
		t.Error("Create modified its argument")
	}
}

func TestDigitPatternCreateNeedsID(t *testing.T) {
	t.Parallel()
	for _, resp := range []reply{{status: 201}, jsonReply(201, `{}`), jsonReply(201, `{"id": ""}`), jsonReply(200, `{"name": "x"}`)} {
		t.Run(fmt.Sprintf("%d %s", resp.status, resp.body), func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			env.respond(resp)
			id, err := env.c.OutgoingPermissions(Workspace).DigitPatterns.Create(t.Context(), "W1", &DigitPattern{Name: "n", Pattern: "1"})
			if err == nil || !strings.Contains(err.Error(), "no digit pattern id") || id != "" {
				t.Fatalf("Create = %q, %v; want an error about the missing id", id, err)
			}
		})
	}
}

func TestLocationCreateSendsLevelWhenSet(t *testing.T) {
	t.Parallel()
	env := setup(t)
	err := env.c.LocationAccessCodes.Create(t.Context(), "L1", []AuthCode{{Code: "9000", Description: "d", Level: AuthCodeLevelLocation}, {Code: "9001", Description: ""}})
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, env.only(t).Body, `{"accessCodes": [{"code": "9000", "description": "d", "level": "LOCATION"}, {"code": "9001", "description": ""}]}`)
}

func TestLocationReadEmpty(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(200, `{}`))
	codes, err := env.c.LocationAccessCodes.Read(t.Context(), "L1")
	if err != nil || codes == nil || len(codes) != 0 {
		t.Fatalf("Read = %#v, %v; want empty non-nil", codes, err)
	}
}

// TestValidation: bad arguments give a *ValidationError (or ErrNotSupported) before any I/O.
func TestValidation(t *testing.T) {
	t.Parallel()
	type call func(ctx context.Context, c *Client) error
	ign := func(_ any, err error) error { return err }
	var cases []struct {
		name  string
		call  call
		field string // "" = ErrNotSupported expected
	}
	add := func(name, field string, f call) {
		cases = append(cases, struct {
			name  string
			call  call
			field string
		}{name, f, field})
	}
	for _, k := range EntityKinds() {
		s := func(c *Client) *OutgoingPermissionsService { return c.OutgoingPermissions(k) }
		n := string(k) + "/"
		add(n+"Read empty id", "", func(ctx context.Context, c *Client) error { return ign(s(c).Read(ctx, "")) })
		add(n+"Configure empty id", "", func(ctx context.Context, c *Client) error {
			return s(c).Configure(ctx, " ", &OutgoingPermissions{})
		})
		add(n+"Configure nil", "settings", func(ctx context.Context, c *Client) error { return s(c).Configure(ctx, "E", nil) })
		add(n+"transfer Read empty id", "", func(ctx context.Context, c *Client) error { return ign(s(c).TransferNumbers.Read(ctx, "")) })
		add(n+"transfer Configure nil", "settings", func(ctx context.Context, c *Client) error {
			return s(c).TransferNumbers.Configure(ctx, "E", nil)
		})
		add(n+"transfer Configure empty id", "", func(ctx context.Context, c *Client) error {
			return s(c).TransferNumbers.Configure(ctx, "", &AutoTransferNumbers{})
		})
		if k != Location {
			add(n+"codes Read empty id", "", func(ctx context.Context, c *Client) error { return ign(s(c).AccessCodes.Read(ctx, "")) })
			add(n+"codes Modify empty id", "", func(ctx context.Context, c *Client) error { return s(c).AccessCodes.Modify(ctx, "", nil, nil) })
			add(n+"codes Modify empty code", "deleteCodes[1]", func(ctx context.Context, c *Client) error {
				return s(c).AccessCodes.Modify(ctx, "E", nil, []string{"1", ""})
			})
			add(n+"codes Create empty id", "", func(ctx context.Context, c *Client) error { return s(c).AccessCodes.Create(ctx, "", "1", "d") })
			add(n+"codes Create empty code", "code", func(ctx context.Context, c *Client) error { return s(c).AccessCodes.Create(ctx, "E", "", "d") })
			add(n+"codes Delete empty id", "", func(ctx context.Context, c *Client) error { return s(c).AccessCodes.Delete(ctx, "") })
		}
		add(n+"patterns List empty id", "", func(ctx context.Context, c *Client) error { return ign(s(c).DigitPatterns.List(ctx, "")) })
		add(n+"patterns Details empty pattern id", "digitPatternId", func(ctx context.Context, c *Client) error {
			return ign(s(c).DigitPatterns.Details(ctx, "E", ""))
		})
		add(n+"patterns Create nil", "pattern", func(ctx context.Context, c *Client) error { return ign(s(c).DigitPatterns.Create(ctx, "E", nil)) })
		add(n+"patterns Create no pattern", "pattern", func(ctx context.Context, c *Client) error {
			return ign(s(c).DigitPatterns.Create(ctx, "E", &DigitPattern{Name: "n"}))
		})
		add(n+"patterns Create no name", "name", func(ctx context.Context, c *Client) error {
			return ign(s(c).DigitPatterns.Create(ctx, "E", &DigitPattern{Pattern: "1"}))
		})
		add(n+"patterns Update nil", "pattern", func(ctx context.Context, c *Client) error { return s(c).DigitPatterns.Update(ctx, "E", nil) })
		add(n+"patterns Update no id", "pattern.id", func(ctx context.Context, c *Client) error {
			return s(c).DigitPatterns.Update(ctx, "E", &DigitPattern{Name: "n"})
		})
		add(n+"patterns Delete empty pattern id", "digitPatternId", func(ctx context.Context, c *Client) error {
			return s(c).DigitPatterns.Delete(ctx, "E", "")
		})
		add(n+"patterns DeleteAll empty id", "", func(ctx context.Context, c *Client) error { return s(c).DigitPatterns.DeleteAll(ctx, "") })
		add(n+"patterns CategoryControl empty id", "", func(ctx context.Context, c *Client) error {
			return s(c).DigitPatterns.UpdateCategoryControlSettings(ctx, "", nil)
		})
	}
	add("location codes Read empty id", "locationId", func(ctx context.Context, c *Client) error { return ign(c.LocationAccessCodes.Read(ctx, "")) })
	add("location codes Create none", "codes", func(ctx context.Context, c *Client) error { return c.LocationAccessCodes.Create(ctx, "L", nil) })
	add("location codes Create empty code", "codes[0].code", func(ctx context.Context, c *Client) error {
		return c.LocationAccessCodes.Create(ctx, "L", []AuthCode{{Description: "d"}})
	})
	add("location codes DeleteCodes empty code", "codes[0]", func(ctx context.Context, c *Client) error {
		return c.LocationAccessCodes.DeleteCodes(ctx, "L", []string{""})
	})
	add("location codes DeleteAll empty id", "locationId", func(ctx context.Context, c *Client) error { return c.LocationAccessCodes.DeleteAll(ctx, "") })
	add("People.Get empty id", "personId", func(ctx context.Context, c *Client) error { return ign(c.People.Get(ctx, "")) })

	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			err := tt.call(t.Context(), env.c)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v (%T), want *ValidationError", err, err)
			}
			if tt.field != "" && ve.Field != tt.field {
				t.Errorf("Field = %q, want %q", ve.Field, tt.field)
			}
			if n := len(env.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}

func TestEntityIDFieldNames(t *testing.T) {
	t.Parallel()
	env := setup(t)
	want := map[EntityKind]string{Person: "personId", Workspace: "workspaceId", Location: "locationId", VirtualLine: "virtualLineId"}
	for k, f := range want {
		_, err := env.c.OutgoingPermissions(k).Read(t.Context(), "")
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Field != f {
			t.Errorf("%s: err = %v, want Field %s", k, err, f)
		}
	}
}

func TestUnknownKind(t *testing.T) {
	t.Parallel()
	env := setup(t)
	ctx := t.Context()
	for _, kind := range []EntityKind{"", "people", "Person", "user"} {
		s := env.c.OutgoingPermissions(kind)
		if s == nil || s.TransferNumbers == nil || s.AccessCodes == nil || s.DigitPatterns == nil {
			t.Fatalf("%q: nil service", kind)
		}
		if s.Kind() != kind {
			t.Errorf("Kind() = %q, want %q", s.Kind(), kind)
		}
		errs := []error{
			func() error { _, err := s.Read(ctx, "E"); return err }(),
			s.Configure(ctx, "E", &OutgoingPermissions{}),
			func() error { _, err := s.TransferNumbers.Read(ctx, "E"); return err }(),
			s.TransferNumbers.Configure(ctx, "E", &AutoTransferNumbers{}),
			func() error { _, err := s.AccessCodes.Read(ctx, "E"); return err }(),
			s.AccessCodes.Modify(ctx, "E", nil, nil),
			s.AccessCodes.Create(ctx, "E", "1", ""),
			s.AccessCodes.Delete(ctx, "E"),
			func() error { _, err := s.DigitPatterns.List(ctx, "E"); return err }(),
			func() error { _, err := s.DigitPatterns.Details(ctx, "E", "D"); return err }(),
			func() error {
				_, err := s.DigitPatterns.Create(ctx, "E", &DigitPattern{Name: "n", Pattern: "1"})
				return err
			}(),
			s.DigitPatterns.Update(ctx, "E", &DigitPattern{ID: "D"}),
			s.DigitPatterns.UpdateCategoryControlSettings(ctx, "E", nil),
			s.DigitPatterns.Delete(ctx, "E", "D"),
			s.DigitPatterns.DeleteAll(ctx, "E"),
		}
		for i, err := range errs {
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != "kind" {
				t.Errorf("%q method %d: err = %v, want *ValidationError on kind", kind, i, err)
			}
		}
	}
	if n := len(env.requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	// A nil client does not panic either.
	var nc *Client
	if _, err := nc.OutgoingPermissions(Person).Read(ctx, "E"); err == nil {
		t.Error("nil client: no error")
	}
}

func TestOutgoingPermissionsServiceIsShared(t *testing.T) {
	t.Parallel()
	env := setup(t)
	for _, k := range EntityKinds() {
		first, second := env.c.OutgoingPermissions(k), env.c.OutgoingPermissions(k)
		if first != second {
			t.Errorf("%s: a new service per call", k)
		}
		if env.c.OutgoingPermissions(k).Kind() != k {
			t.Errorf("%s: Kind() = %s", k, env.c.OutgoingPermissions(k).Kind())
		}
	}
}
