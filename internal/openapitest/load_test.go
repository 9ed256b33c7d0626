package openapitest

import (
	"net/http"
	"strings"
	"testing"
)

func TestLoadDiscovery(t *testing.T) {
	c, err := Load(DiscoverySpecPath)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load(DiscoverySpecPath)
	if err != nil || again.Document() != c.Document() {
		t.Fatalf("second Load: %v, same document %v", err, again.Document() == c.Document())
	}
	var ops []string
	for _, op := range c.Operations() {
		ops = append(ops, op.String())
	}
	for _, want := range []string{"GET /licenses", "GET /people/me", "GET /telephony/config/locations",
		"GET /telephony/config/locations/{locationId}", "GET /telephony/config/numbers"} {
		if !strings.Contains(strings.Join(ops, "\n")+"\n", want+"\n") {
			t.Errorf("operation %s missing from %v", want, ops)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/v1/telephony/config/numbers?numberType=EXTENSION", nil)
	if err := c.CheckRequest(req, nil); err != nil {
		t.Errorf("valid request: %v", err)
	}
	bad, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/v1/telephony/config/numbers?numberType=DIGITS", nil)
	if err := c.CheckRequest(bad, nil); err == nil {
		t.Errorf("numberType=DIGITS accepted")
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if err := c.CheckResponse(req, 200, h, []byte(`{"phoneNumbers":[]}`)); err != nil {
		t.Errorf("valid response: %v", err)
	}
	if err := c.CheckResponse(req, 200, h, []byte(`{}`)); err == nil {
		t.Errorf("response without phoneNumbers accepted")
	}
	// The default document is unaffected.
	if ok, err := HasOperation("GET", "/telephony/config/numbers"); err != nil || ok {
		t.Errorf("default document has the discovery operations: %v %v", ok, err)
	}
}
