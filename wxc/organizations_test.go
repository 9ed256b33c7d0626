package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/internal/openapitest"
)

const orgsSpec = "testdata/openapi/call-routing-and-orgs.openapi.yaml"

func orgsContract(t *testing.T) *openapitest.Contract {
	t.Helper()
	c, err := openapitest.Load(orgsSpec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const orgsPage = `{"items":[
 {"id":"ORG1","displayName":"Acme Corp","created":"2015-10-18T14:26:16+00:00","xNew":{"a":1}},
 {"id":"ORG2","displayName":"Initech GmbH"}]}`

func TestOrganizationsList(t *testing.T) {
	t.Parallel()
	// WithOrgID must not leak into the org requests.
	env := setup(t, WithOrgID("CUSTOMER"))
	env.respond(jsonReply(200, orgsPage))
	orgs, err := env.c.Organizations.List(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	r := env.only(t)
	if r.Method != "GET" || r.Path != basePath+"/organizations" || len(r.Query) != 0 {
		t.Errorf("request %s %s?%v", r.Method, r.Path, r.Query)
	}
	if err := orgsContract(t).CheckRequest(r.req, nil); err != nil {
		t.Errorf("request does not match the document: %v", err)
	}
	if len(orgs) != 2 || orgs[0].ID != "ORG1" || orgs[0].DisplayName != "Acme Corp" || orgs[1].DisplayName != "Initech GmbH" ||
		orgs[0].Created != "2015-10-18T14:26:16+00:00" {
		t.Fatalf("orgs %+v", orgs)
	}
	// Unknown members survive a round trip.
	b, err := json.Marshal(orgs[0])
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, b, `{"id":"ORG1","displayName":"Acme Corp","created":"2015-10-18T14:26:16+00:00","xNew":{"a":1}}`)
}

func TestOrganizationsAllFollowsLinkAndResumes(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(
		reply{status: 200, body: `{"items":[{"id":"A"}]}`, header: http.Header{"Link": {`<{{base}}/organizations?cursor=2>; rel="next"`}}},
		jsonReply(404, `{"message":"gone"}`),
		jsonReply(200, `{"items":[{"id":"B"}]}`),
	)
	seq := env.c.Organizations.All(t.Context())
	var ids []string
	var pe *PageError
	for o, err := range seq {
		if err != nil {
			if !errors.As(err, &pe) || pe.Page != 2 || !errors.Is(err, ErrNotFound) {
				t.Fatalf("error %v, want a *PageError for page 2 matching ErrNotFound", err)
			}
			break
		}
		ids = append(ids, o.ID)
	}
	for o, err := range seq { // resumes at page 2
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.ID)
	}
	if strings.Join(ids, ",") != "A,B" {
		t.Errorf("ids %v, want A,B", ids)
	}
}

func TestOrganizationsGet(t *testing.T) {
	t.Parallel()
	env := setup(t, WithOrgID("OTHER"))
	env.respond(jsonReply(200, `{"id":"ORG 1","displayName":"Acme Corp","created":"2015-10-18T14:26:16+00:00"}`))
	o, err := env.c.Organizations.Get(t.Context(), "ORG 1")
	if err != nil {
		t.Fatal(err)
	}
	r := env.only(t)
	if r.Path != basePath+"/organizations/ORG%201" || len(r.Query) != 0 {
		t.Errorf("request %s?%v", r.Path, r.Query)
	}
	if err := orgsContract(t).CheckRequest(r.req, nil); err != nil {
		t.Errorf("request does not match the document: %v", err)
	}
	if o.ID != "ORG 1" || o.DisplayName != "Acme Corp" {
		t.Errorf("org %+v", o)
	}
}

func TestOrganizationsErrors(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(403, `{"message":"this API is for administrators only","trackingId":"T1"}`))
	_, err := env.c.Organizations.List(t.Context())
	var apiErr *APIError
	if !errors.Is(err, ErrForbidden) || !errors.As(err, &apiErr) || apiErr.TrackingID != "T1" ||
		!strings.Contains(err.Error(), "GET /api/v1/organizations") && !strings.Contains(err.Error(), "GET /organizations") {
		t.Errorf("403: %v", err)
	}
	var ve *ValidationError
	if _, err := env.c.Organizations.Get(t.Context(), " "); !errors.As(err, &ve) || ve.Field != "orgId" {
		t.Errorf("empty orgId: %v", err)
	}
	var nilCtx context.Context
	if _, err := env.c.Organizations.List(nilCtx); !errors.As(err, &ve) {
		t.Errorf("nil ctx: %v", err)
	}
	var zero *OrganizationsService
	if _, err := zero.Get(context.Background(), "X"); !errors.As(err, &ve) {
		t.Errorf("nil service: %v", err)
	}
	if n := len(env.requests()); n != 1 {
		t.Errorf("%d requests, want 1 (argument errors send nothing)", n)
	}
}

// TestOrganizationsAPIDocLines: the API lines of organizations.go name operations of the
// organizations document (TestAPIDocLines checks the outgoing-permissions document only).
func TestOrganizationsAPIDocLines(t *testing.T) {
	t.Parallel()
	c := orgsContract(t)
	ops := map[string]bool{}
	for _, op := range c.Operations() {
		ops[op.String()] = true
	}
	f, err := parser.ParseFile(token.NewFileSet(), "organizations.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || !fn.Name.IsExported() || docRecvName(fn.Recv.List[0].Type) != "OrganizationsService" {
			continue
		}
		for _, l := range strings.Split(fn.Doc.Text(), "\n") {
			if m := apiLine.FindStringSubmatch(l); m != nil {
				n++
				if !ops[m[1]+" "+m[2]] {
					t.Errorf("%s: %s %s is not in %s", fn.Name.Name, m[1], m[2], orgsSpec)
				}
			}
		}
	}
	if n != 3 {
		t.Errorf("%d API lines, want 3", n)
	}
}
