package openapitest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newReq(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, target, nil)
	} else {
		r = httptest.NewRequest(method, target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func TestDocumentLoads(t *testing.T) {
	ops, err := Operations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) < 50 {
		t.Fatalf("only %d operations: %v", len(ops), ops)
	}
	base, err := BasePath()
	if err != nil || base != "/v1" {
		t.Fatalf("BasePath = %q, %v; want /v1", base, err)
	}
	for _, tt := range []struct {
		method, path string
		want         bool
	}{
		{"GET", "/people/{personId}/features/outgoingPermission", true},
		{"put", "/telephony/config/people/{personId}/outgoingPermission/autoTransferNumbers", true},
		{"GET", "/people/{personId}/features/outgoingPermission/autoTransferNumbers", false},
		{"PUT", "/telephony/config/locations/{locationId}/outgoingPermission/digitPatterns", false},
		{"PATCH", "/people", false},
	} {
		got, err := HasOperation(tt.method, tt.path)
		if err != nil || got != tt.want {
			t.Errorf("HasOperation(%s, %s) = %v, %v; want %v", tt.method, tt.path, got, err, tt.want)
		}
	}
}

func TestCheckRequest(t *testing.T) {
	const person = "/v1/people/P1/features/outgoingPermission"
	tests := []struct {
		name    string
		req     *http.Request
		body    string
		opts    []Option
		wantErr string // "" = valid
	}{
		{"get", newReq(t, "GET", "http://127.0.0.1:1234"+person, ""), "", nil, ""},
		{"get with orgId", newReq(t, "GET", "http://127.0.0.1:1234"+person+"?orgId=O", ""), "", nil, ""},
		{"mounted under a prefix", newReq(t, "GET", "http://127.0.0.1:1234/api"+person, ""), "", nil, ""},
		{"put list body", newReq(t, "PUT", "http://x"+person, `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`),
			`{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`, nil, ""},
		{"put map body", newReq(t, "PUT", "http://x"+person, "x"), `{"callingPermissions":{"national":{"action":"BLOCK"}}}`, nil, "callingPermissions"},
		{"bad action", newReq(t, "PUT", "http://x"+person, "x"), `{"callingPermissions":[{"callType":"NATIONAL","action":"NOPE","transferEnabled":false}]}`, nil, "NOPE"},
		{"undeclared query", newReq(t, "GET", "http://x"+person+"?orgID=O", ""), "", nil, "orgID"},
		{"allowed query", newReq(t, "GET", "http://x"+person+"?orgID=O", ""), "", []Option{AllowQuery("orgID")}, ""},
		{"unknown path", newReq(t, "GET", "http://x/v1/people/P1/features/outgoingPermission/autoTransferNumbers", ""), "", nil, "no such operation"},
		{"wrong method", newReq(t, "POST", "http://x"+person, "{}"), "{}", nil, "no such operation"},
		{"not under base", newReq(t, "GET", "http://x/people/P1/features/outgoingPermission", ""), "", nil, "base path"},
		{"boolean query", newReq(t, "GET", "http://x/v1/people?callingData=yes", ""), "", nil, "callingData"},
		{"location codes are an array", newReq(t, "POST", "http://x/v1/telephony/config/locations/L1/outgoingPermission/accessCodes", "x"),
			`{"accessCodes":[{"code":"1234","description":"d"}]}`, nil, ""},
		{"location codes object refused", newReq(t, "POST", "http://x/v1/telephony/config/locations/L1/outgoingPermission/accessCodes", "x"),
			`{"accessCodes":{"code":"1234","description":"d"}}`, nil, "accessCodes"},
		{"repeated array query", newReq(t, "GET", "http://x/v1/telephony/config/virtualLines?locationId=a&locationId=b&max=5", ""), "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRequest(tt.req, []byte(tt.body), tt.opts...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("no error; want one mentioning %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %v does not mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckResponse(t *testing.T) {
	req := newReq(t, "GET", "http://127.0.0.1/v1/telephony/config/locations/L1/outgoingPermission/digitPatterns", "")
	h := http.Header{"Content-Type": {"application/json"}}
	ok := `{"digitPatterns":[{"id":"D1","name":"n","pattern":"1XXX","action":"ALLOW","transferEnabled":true}]}`
	if err := CheckResponse(req, 200, h, []byte(ok)); err != nil {
		t.Fatalf("valid response refused: %v", err)
	}
	if err := CheckResponse(req, 200, h, []byte(`{"digitPatterns":[{"id":"D1","action":"MAYBE"}]}`)); err == nil {
		t.Fatal("bad action accepted")
	}
	if err := CheckResponse(req, 299, h, []byte(ok)); err == nil {
		t.Fatal("undeclared status accepted")
	}
	ValidateResponse(t, req, 200, h, []byte(ok))
	ValidateRequest(t, req, nil)
}

// recTB records Errorf calls.
type recTB struct {
	testing.TB
	errs []string
}

func (r *recTB) Helper() {}
func (r *recTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
}

func TestValidateReports(t *testing.T) {
	rec := &recTB{TB: t}
	bad := newReq(t, "GET", "http://x/v1/people?max=lots", "")
	ValidateRequest(rec, bad, nil)
	ValidateResponse(rec, bad, 200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"items": 5}`))
	if len(rec.errs) != 2 {
		t.Fatalf("reported %d problems, want 2: %v", len(rec.errs), rec.errs)
	}
}
