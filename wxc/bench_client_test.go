package wxc

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkClientGet measures the client's overhead per call (URL building, headers,
// admission, retry bookkeeping, decoding a tiny JSON body) against a local server.
func BenchmarkClientGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	c, err := NewClient("bench-token", WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var out struct{ ID, Name string }
	r := &request{method: http.MethodGet, path: "things/abc", out: &out}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.do(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClientGetParallel is BenchmarkClientGet from GOMAXPROCS goroutines (the slots,
// gate and limiter are shared).
func BenchmarkClientGetParallel(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	c, err := NewClient("bench-token", WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			var out struct{ ID, Name string }
			if _, err := c.do(ctx, &request{method: http.MethodGet, path: "things/abc", out: &out}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkParseLink measures the Link header parser on a Webex-style header.
func BenchmarkParseLink(b *testing.B) {
	h := []string{`<https://webexapis.com/v1/people?displayName=Harold&max=10&before&after=Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hYmM>; rel="next"`}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := nextLink(h); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawHTTPGet is the baseline for BenchmarkClientGet: the same request with a bare
// http.Client and encoding/json, so the difference is the SDK's overhead.
func BenchmarkRawHTTPGet(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"abc","name":"n"}`))
	}))
	defer srv.Close()
	hc := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/v1/things/abc", nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer bench-token")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out struct{ ID, Name string }
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
}
