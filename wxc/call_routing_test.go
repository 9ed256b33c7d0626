package wxc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxcgo/go-wxc/internal/openapitest"
)

// Tests of CallRoutingService against the fake API (setup_test.go). The tests against the
// emulator are in call_routing_emulator_test.go.

const callRoutingSpec = "testdata/openapi/call-routing-and-orgs.openapi.yaml"

// callRoutingAnswer is a testCallRouting answer with unknown members at every level.
const callRoutingAnswer = `{
  "destinationType": "PSTN_NUMBER",
  "routingAddress": "+19005550123",
  "isRejected": true,
  "outsideAccessCode": "9",
  "pstnNumber": {"trunkName": "t1"},
  "appliedServices": [
    {"translationPattern": {"name": "TP1"}},
    {"outgoingCallingPlanPermissionsByDigitPattern": {"configurationLevel": "LOCATION", "name": "Premium", "pattern": "+1900!",
      "permission": "TRANSFER_NUMBER_2", "transferNumber": "", "reason": "TRANSFER_NUMBER_2_NOT_CONFIGURED", "number": "+19005550123",
      "futureMember": 7},
     "interceptDetails": {"configurationLevel": "PEOPLE", "permission": "DISALLOW"}},
    {"outgoingCallingPlanPermissionsByType": {"configurationLevel": "HOLOGRAM", "callType": "SPACE_CALL", "permission": "ASK_MOM",
      "reason": "NEW_REASON", "number": "+19005550123", "futureMember": true}}
  ]
}`

func TestTestCallRoutingRequest(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(200, callRoutingAnswer))
	yes := true
	req := TestCallRoutingRequest{OriginatorID: "P1", OriginatorType: OriginatorPeople, Destination: "+1 900 555 0123",
		IncludeAppliedServices: &yes, Extra: map[string]json.RawMessage{"futureFlag": json.RawMessage(`"x"`)}}
	got, err := env.c.CallRouting.TestCallRouting(t.Context(), req, OrgID("ORG1"))
	if err != nil {
		t.Fatal(err)
	}
	r := env.only(t)
	if r.Method != http.MethodPost || r.Path != basePath+"/telephony/config/actions/testCallRouting/invoke" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	assertQuery(t, r.Query, url.Values{"orgId": {"ORG1"}})
	assertJSON(t, r.Body, `{"originatorId":"P1","originatorType":"PEOPLE","destination":"+1 900 555 0123","includeAppliedServices":true,"futureFlag":"x"}`)

	if got.DestinationType != DestinationPSTNNumber || got.RoutingAddress != "+19005550123" || !got.IsRejected || got.OutsideAccessCode != "9" {
		t.Errorf("response %+v", got)
	}
	if _, ok := got.Extra["pstnNumber"]; !ok || len(got.AppliedServices) != 3 {
		t.Fatalf("unknown member pstnNumber not kept or services lost: %+v", got)
	}
	if _, ok := got.AppliedServices[0].Extra["translationPattern"]; !ok {
		t.Errorf("translationPattern not kept: %+v", got.AppliedServices[0])
	}
	byPattern, byType := got.CallingPlan()
	wantPattern := &CallingPlanByDigitPattern{ConfigurationLevel: LevelLocation, Name: "Premium", Pattern: "+1900!",
		Permission: ActionTransferNumber2, Reason: ReasonTransferNumber2NotConfigured, Number: "+19005550123",
		Extra: map[string]json.RawMessage{"futureMember": json.RawMessage(`7`)}}
	if d := cmp.Diff(wantPattern, byPattern); d != "" || byType != nil {
		t.Errorf("CallingPlan pattern (-want +got):\n%s\nbyType %+v", d, byType)
	}
	if _, ok := got.AppliedServices[1].Extra["interceptDetails"]; !ok {
		t.Errorf("interceptDetails not kept")
	}
	// Unknown enum values decode and are kept as they are.
	bt := got.AppliedServices[2].ByType
	if bt == nil || bt.ConfigurationLevel != "HOLOGRAM" || bt.CallType != "SPACE_CALL" || bt.Permission != "ASK_MOM" || bt.Reason != "NEW_REASON" {
		t.Errorf("unknown enum values: %+v", bt)
	}
	// Round trip: what was read encodes with every member, known and unknown.
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var again, orig any
	json.Unmarshal(b, &again)
	json.Unmarshal([]byte(callRoutingAnswer), &orig)
	if d := cmp.Diff(orig, again); d != "" {
		t.Errorf("round trip lost members (-orig +again):\n%s", d)
	}
}

func TestTestCallRoutingValidation(t *testing.T) {
	t.Parallel()
	ok := TestCallRoutingRequest{OriginatorID: "P1", OriginatorType: OriginatorPeople, Destination: "911"}
	tests := []struct {
		name  string
		ctx   context.Context
		req   func(TestCallRoutingRequest) TestCallRoutingRequest
		field string
	}{
		{"no originatorId", t.Context(), func(r TestCallRoutingRequest) TestCallRoutingRequest { r.OriginatorID = " "; return r }, "originatorId"},
		{"no originatorType", t.Context(), func(r TestCallRoutingRequest) TestCallRoutingRequest { r.OriginatorType = ""; return r }, "originatorType"},
		{"no destination", t.Context(), func(r TestCallRoutingRequest) TestCallRoutingRequest { r.Destination = ""; return r }, "destination"},
		{"nil ctx", nil, func(r TestCallRoutingRequest) TestCallRoutingRequest { return r }, "ctx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := setup(t)
			_, err := env.c.CallRouting.TestCallRouting(tt.ctx, tt.req(ok))
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field {
				t.Errorf("err = %v, want a *ValidationError for %s", err, tt.field)
			}
			if n := len(env.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
	var nilSvc *CallRoutingService
	if _, err := nilSvc.TestCallRouting(t.Context(), ok); err == nil {
		t.Errorf("nil service: no error")
	}
}

// TestTestCallRoutingRetries: a POST, so a 5xx is final (one attempt) and a 429 is retried.
func TestTestCallRoutingRetries(t *testing.T) {
	t.Parallel()
	req := TestCallRoutingRequest{OriginatorID: "P1", OriginatorType: OriginatorPeople, Destination: "911"}
	env := setup(t)
	env.respond(jsonReply(503, `{"message":"busy","trackingId":"T1"}`), jsonReply(200, `{"destinationType":"EMERGENCY","routingAddress":"911","isRejected":false}`))
	_, err := env.c.CallRouting.TestCallRouting(t.Context(), req)
	if !errors.Is(err, ErrServerError) || len(env.requests()) != 1 {
		t.Errorf("503: err %v after %d requests, want ErrServerError after 1", err, len(env.requests()))
	}

	env = setup(t)
	env.respond(reply{status: 429, body: `{"message":"slow down"}`, header: http.Header{"Retry-After": {"1"}}},
		jsonReply(200, `{"destinationType":"EMERGENCY","routingAddress":"911","isRejected":false}`))
	got, err := env.c.CallRouting.TestCallRouting(t.Context(), req)
	if err != nil || got.DestinationType != DestinationEmergency || len(env.requests()) != 2 {
		t.Errorf("429 then 200: %+v, %v after %d requests", got, err, len(env.requests()))
	}
	rs := env.requests()
	if string(rs[0].Body) != string(rs[1].Body) {
		t.Errorf("retried body differs: %s vs %s", rs[0].Body, rs[1].Body)
	}
}

func TestTestCallRoutingErrors(t *testing.T) {
	t.Parallel()
	req := TestCallRoutingRequest{OriginatorID: "P1", OriginatorType: OriginatorTrunk, Destination: "1"}
	for _, tt := range []struct {
		status int
		want   error
	}{{400, ErrBadRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound}} {
		env := setup(t)
		env.respond(jsonReply(tt.status, `{"message":"no","errors":[{"errorCode":25008,"description":"no"}],"trackingId":"T"}`))
		_, err := env.c.CallRouting.TestCallRouting(t.Context(), req)
		var ae *APIError
		if !errors.Is(err, tt.want) || !errors.As(err, &ae) || ae.Method != http.MethodPost {
			t.Errorf("%d: err %v", tt.status, err)
		}
	}
	env := setup(t)
	env.respond(jsonReply(200, `{"destinationType":`))
	if _, err := env.c.CallRouting.TestCallRouting(t.Context(), req); err == nil {
		t.Errorf("bad JSON: no error")
	}
}

// TestContractTestCallRouting: the request validates against the call-routing document,
// with and without orgId, with and without the optional members.
func TestContractTestCallRouting(t *testing.T) {
	t.Parallel()
	doc, err := openapitest.Load(callRoutingSpec)
	if err != nil {
		t.Fatal(err)
	}
	yes := true
	for _, tt := range []struct {
		name string
		req  TestCallRoutingRequest
		opts []CallOption
	}{
		{"minimal", TestCallRoutingRequest{OriginatorID: "P1", OriginatorType: OriginatorPeople, Destination: "911"}, nil},
		{"full with orgId", TestCallRoutingRequest{OriginatorID: "T1", OriginatorType: OriginatorTrunk, OriginatorNumber: "+12145550100",
			Destination: "+19005550123", IncludeAppliedServices: &yes}, []CallOption{OrgID("ORG1")}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := setup(t)
			env.respond(jsonReply(200, callRoutingAnswer))
			if _, err := env.c.CallRouting.TestCallRouting(t.Context(), tt.req, tt.opts...); err != nil {
				t.Fatal(err)
			}
			r := env.only(t)
			if err := doc.CheckRequest(r.req, r.Body); err != nil {
				t.Errorf("request does not match the document: %v", err)
			}
		})
	}
	// The document's own example answer decodes, and CallingPlan finds its entries.
	op := doc.Document().Paths.Find("/telephony/config/actions/testCallRouting/invoke")
	if op == nil || op.Post == nil {
		t.Fatal("operation missing from the document")
	}
	ex := op.Post.Responses.Status(200).Value.Content.Get("application/json").Example
	b, _ := json.Marshal(ex)
	var got TestCallRoutingResponse
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	p, ct := got.CallingPlan()
	if got.DestinationType != DestinationHostedAgent || p == nil || p.Name != "DPattern" || ct == nil || ct.CallType != CallTypeInternalCall {
		t.Errorf("example decoded to %+v (pattern %+v, type %+v)", got, p, ct)
	}
}

// Unknown-member round trips of the call-routing models (modelRoundTrip, models_test.go).

func FuzzTestCallRoutingResponse(f *testing.F) {
	addSeeds(f, callRoutingAnswer, `{"appliedServices":null}`, `{"appliedServices":[{}]}`,
		`{"destinationType":"X","appliedServices":[{"outgoingCallingPlanPermissionsByType":{"callType":"Y","number":""}}]}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[TestCallRoutingResponse](t, in) })
}

func FuzzTestCallRoutingRequest(f *testing.F) {
	addSeeds(f, `{"originatorId":"P","originatorType":"PEOPLE","destination":"911","includeAppliedServices":true,"x":1}`,
		`{"originatorType":"ROBOT","includeAppliedServices":null}`)
	f.Fuzz(func(t *testing.T, in []byte) { modelRoundTrip[TestCallRoutingRequest](t, in) })
}
