package wxc

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// locationCodeCases are the per-entity access-code methods on the Location kind, each with
// the one request of the location access-code API it must send (AccessCodesService doc).
func locationCodeCases() []opCase {
	const lc = "/telephony/config/locations/L1/outgoingPermission/accessCodes"
	svc := func(c *Client) *AccessCodesService { return c.OutgoingPermissions(Location).AccessCodes }
	return []opCase{
		{name: "Read", kind: Location, method: "GET", path: lc, resp: jsonReply(200, `{"accessCodes": [
				{"code": "1357", "description": "Main Access Code"}, {"code": "2468", "description": "Second", "x": 1}], "future": true}`),
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return svc(c).Read(ctx, "L1", o...)
			},
			check: func(t *testing.T, got any) {
				// No useCustomAccessCodes and no level: the location API has neither.
				want := &AuthCodes{AccessCodes: []AuthCode{{Code: "1357", Description: "Main Access Code"},
					{Code: "2468", Description: "Second", Extra: map[string]jsonRaw{"x": jsonRaw("1")}}},
					Extra: map[string]jsonRaw{"future": jsonRaw("true")}}
				if d := cmp.Diff(want, got, modelCmp); d != "" {
					t.Errorf("result (-want +got):\n%s", d)
				}
			}},
		{name: "Create", kind: Location, method: "POST", path: lc, resp: reply{status: 201},
			body: `{"accessCodes": [{"code": "4856", "description": "Marketing's access code"}]}`,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, svc(c).Create(ctx, "L1", "4856", "Marketing's access code", o...)
			}},
		{name: "ModifyDeleteCodes", kind: Location, method: "PUT", path: lc, resp: noContent,
			body: `{"deleteCodes": ["4856", "2421"]}`,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, svc(c).Modify(ctx, "L1", nil, []string{"4856", "2421"}, o...)
			}},
		{name: "ModifyNothing", kind: Location, method: "PUT", path: lc, resp: noContent, body: `{"deleteCodes": []}`,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, svc(c).Modify(ctx, "L1", nil, nil, o...)
			}},
		{name: "Delete", kind: Location, method: "DELETE", path: lc, resp: noContent,
			call: func(ctx context.Context, c *Client, o ...CallOption) (any, error) {
				return nil, svc(c).Delete(ctx, "L1", o...)
			}},
	}
}

// TestLocationAccessCodesRouted: OutgoingPermissions(Location).AccessCodes sends the
// location access-code API's requests (path, body, orgId), which validate against the
// OpenAPI document, and passes errors on. It replaces TestLocationAccessCodesNotSupported,
// which pinned the old ErrNotSupported answer.
func TestLocationAccessCodesRouted(t *testing.T) {
	t.Parallel()
	for _, op := range locationCodeCases() {
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
				if v.wantOrg != "" {
					wantQ.Set("orgId", v.wantOrg)
				}
				assertQuery(t, r.Query, wantQ)
				assertJSON(t, r.Body, op.body)
				openapitest.ValidateRequest(t, r.req, r.Body)
				if op.check != nil {
					op.check(t, got)
				}
			})
		}
		t.Run(op.name+"/404", func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			env.respond(jsonReply(404, `{"message": "not found", "errors": [{"description": "nope", "errorCode": 4008}]}`))
			_, err := op.call(t.Context(), env.c)
			var apiErr *APIError
			if !errors.Is(err, ErrNotFound) || !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError matching ErrNotFound", err)
			}
			if want := op.method + " " + basePath + op.path + ": 404 not found"; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error text %q does not start with %q", err, want)
			}
		})
	}
}

// TestLocationAccessCodesValidation: bad arguments of the location route fail before any
// I/O; useCustomAccessCodes is refused for a location (it has no custom switch).
func TestLocationAccessCodesValidation(t *testing.T) {
	t.Parallel()
	s := func(c *Client) *AccessCodesService { return c.OutgoingPermissions(Location).AccessCodes }
	tests := []struct {
		name         string
		call         func(ctx context.Context, c *Client) error
		field        string
		notSupported bool
	}{
		{"Read empty id", func(ctx context.Context, c *Client) error { _, err := s(c).Read(ctx, ""); return err }, "locationId", false},
		{"Create empty id", func(ctx context.Context, c *Client) error { return s(c).Create(ctx, " ", "1", "d") }, "locationId", false},
		{"Create empty code", func(ctx context.Context, c *Client) error { return s(c).Create(ctx, "L1", "", "d") }, "code", false},
		{"Modify empty code", func(ctx context.Context, c *Client) error { return s(c).Modify(ctx, "L1", nil, []string{"1", ""}) }, "deleteCodes[1]", false},
		{"Modify useCustom true", func(ctx context.Context, c *Client) error { return s(c).Modify(ctx, "L1", Bool(true), nil) }, "useCustomAccessCodes", true},
		{"Modify useCustom false", func(ctx context.Context, c *Client) error { return s(c).Modify(ctx, "L1", Bool(false), []string{"1"}) }, "useCustomAccessCodes", true},
		{"Delete empty id", func(ctx context.Context, c *Client) error { return s(c).Delete(ctx, "") }, "locationId", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			err := tt.call(t.Context(), env.c)
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field {
				t.Fatalf("err = %v, want a *ValidationError on %s", err, tt.field)
			}
			if errors.Is(err, ErrNotSupported) != tt.notSupported {
				t.Errorf("errors.Is(err, ErrNotSupported) = %v, want %v", !tt.notSupported, tt.notSupported)
			}
			if n := len(env.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}
