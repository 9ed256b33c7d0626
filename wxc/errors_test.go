package wxc

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAPIErrorDecoding(t *testing.T) {
	t.Parallel()
	webexBody := func(msg string, code int) string {
		return `{"message":"` + msg + `","errors":[{"description":"` + msg + ` detail","errorCode":` +
			strconv.Itoa(code) + `},{"description":"second","errorCode":7}],"trackingId":"ROUTER_ABC"}`
	}
	tests := []struct {
		name     string
		status   int
		body     string
		header   map[string]string
		wantIs   error
		wantNot  error
		want     APIError // Method/Path filled in by the test
		checkMsg func(string) bool
	}{
		{name: "400", status: 400, body: webexBody("Invalid call type", 25024), wantIs: ErrBadRequest, wantNot: ErrServerError,
			want: APIError{StatusCode: 400, Message: "Invalid call type", ErrorCode: 25024, TrackingID: "ROUTER_ABC",
				Details: []ErrorDetail{{25024, "Invalid call type detail"}, {7, "second"}}}},
		{name: "401", status: 401, body: `{"message":"The request requires a valid access token set in the Authorization request header.","trackingId":"T401"}`,
			wantIs: ErrUnauthorized, wantNot: ErrForbidden,
			want: APIError{StatusCode: 401, Message: "The request requires a valid access token set in the Authorization request header.", TrackingID: "T401"}},
		{name: "403", status: 403, body: webexBody("Forbidden", 4003), wantIs: ErrForbidden, wantNot: ErrUnauthorized,
			want: APIError{StatusCode: 403, Message: "Forbidden", ErrorCode: 4003, TrackingID: "ROUTER_ABC",
				Details: []ErrorDetail{{4003, "Forbidden detail"}, {7, "second"}}}},
		{name: "404 description only", status: 404, body: `{"errors":[{"description":"Person not found","errorCode":4008}]}`,
			header: map[string]string{"TrackingID": "HDR_404"}, wantIs: ErrNotFound, wantNot: ErrBadRequest,
			want: APIError{StatusCode: 404, Message: "Person not found", ErrorCode: 4008, TrackingID: "HDR_404",
				Details: []ErrorDetail{{4008, "Person not found"}}}},
		{name: "409", status: 409, body: webexBody("Conflict", 1), wantIs: ErrConflict, wantNot: ErrNotFound,
			want: APIError{StatusCode: 409, Message: "Conflict", ErrorCode: 1, TrackingID: "ROUTER_ABC",
				Details: []ErrorDetail{{1, "Conflict detail"}, {7, "second"}}}},
		{name: "429 with Retry-After", status: 429, body: `{"message":"Too many requests","trackingId":"T429"}`,
			header: map[string]string{"Retry-After": "17"}, wantIs: ErrRateLimited, wantNot: ErrServerError,
			want: APIError{StatusCode: 429, Message: "Too many requests", TrackingID: "T429", RetryAfter: 17 * time.Second}},
		{name: "500", status: 500, body: webexBody("Internal error", 0), wantIs: ErrServerError, wantNot: ErrBadRequest,
			want: APIError{StatusCode: 500, Message: "Internal error", TrackingID: "ROUTER_ABC",
				Details: []ErrorDetail{{0, "Internal error detail"}, {7, "second"}}}},
		{name: "non-JSON body", status: 502, body: "<html><body>Bad Gateway</body></html>\n", wantIs: ErrServerError, wantNot: ErrNotFound,
			want: APIError{StatusCode: 502, Message: "<html><body>Bad Gateway</body></html>"}},
		{name: "JSON of another shape", status: 400, body: `{"error":{"key":"x"}}`, wantIs: ErrBadRequest,
			want: APIError{StatusCode: 400, Message: `{"error":{"key":"x"}}`}},
		{name: "empty body", status: 405, body: "", wantNot: ErrBadRequest,
			want: APIError{StatusCode: 405}},
		{name: "long non-JSON body", status: 400, body: strings.Repeat("x", 10000), wantIs: ErrBadRequest,
			checkMsg: func(m string) bool { return len(m) < maxMessageLen+40 && strings.HasSuffix(m, "(truncated)") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			env.handle("GET people/p%2F1", func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			_, err := env.c.do(t.Context(), &request{method: http.MethodGet, path: "people/p%2F1", query: url.Values{"orgId": {"o"}}})
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.wantIs)
			}
			if tt.wantNot != nil && errors.Is(err, tt.wantNot) {
				t.Errorf("errors.Is(%v, %v) = true", err, tt.wantNot)
			}
			if apiErr.Method != "GET" || apiErr.Path != basePath+"/people/p%2F1" {
				t.Errorf("Method, Path = %q, %q", apiErr.Method, apiErr.Path)
			}
			if strings.Contains(err.Error(), "orgId") || strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("error string has query or host: %s", err)
			}
			if tt.checkMsg != nil {
				if !tt.checkMsg(apiErr.Message) {
					t.Errorf("Message %q (len %d) fails the check", apiErr.Message[:min(80, len(apiErr.Message))], len(apiErr.Message))
				}
				return
			}
			want := tt.want
			want.Method, want.Path = apiErr.Method, apiErr.Path
			if want.TrackingID == "" {
				// No tracking ID in body or header: the one the client sent.
				if !trackingIDPattern.MatchString(apiErr.TrackingID) {
					t.Errorf("TrackingID %q is not the client's", apiErr.TrackingID)
				}
				want.TrackingID = apiErr.TrackingID
			}
			if diff := cmp.Diff(&want, apiErr); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
		})
	}
}

// countingBody is an endless response body that counts the bytes read from it.
type countingBody struct{ n atomic.Int64 }

func (b *countingBody) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'e'
	}
	b.n.Add(int64(len(p)))
	return len(p), nil
}

func (b *countingBody) Close() error { return nil }

func TestAPIErrorHugeBodyReadBounded(t *testing.T) {
	t.Parallel()
	body := &countingBody{}
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 500, Header: http.Header{}, Body: body, Request: r}, nil
	})}
	c, err := NewClient(testToken, WithHTTPClient(hc), WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.do(t.Context(), &request{method: http.MethodGet, path: "x"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
		t.Fatalf("error = %v", err)
	}
	if n := body.n.Load(); n > maxErrorBody+(128<<10) {
		t.Errorf("read %d bytes of an endless error body, want about %d", n, maxErrorBody)
	}
	if len(apiErr.Message) > maxMessageLen+40 || !strings.HasSuffix(apiErr.Message, "(truncated)") {
		t.Errorf("Message length %d, suffix %q", len(apiErr.Message), apiErr.Message[max(0, len(apiErr.Message)-20):])
	}
}

func TestCancelledContextIsNotAPIError(t *testing.T) {
	t.Parallel()
	env := setup(t)
	started := make(chan struct{})
	env.handle("GET slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
	})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-started
		cancel()
	}()
	_, err := env.c.do(ctx, &request{method: http.MethodGet, path: "slow"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Errorf("cancelled call returned *APIError %v", apiErr)
	}
	if !strings.Contains(err.Error(), "GET "+basePath+"/slow") {
		t.Errorf("error lacks method and path: %v", err)
	}
}

func TestAPIErrorIs(t *testing.T) {
	t.Parallel()
	sentinels := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 409: ErrConflict, 429: ErrRateLimited}
	for status, s := range sentinels {
		e := &APIError{StatusCode: status}
		if !errors.Is(e, s) {
			t.Errorf("%d does not match its sentinel", status)
		}
		if errors.Is(e, ErrServerError) {
			t.Errorf("%d matches ErrServerError", status)
		}
		for other, o := range sentinels {
			if other != status && errors.Is(e, o) {
				t.Errorf("%d matches the %d sentinel", status, other)
			}
		}
	}
	for _, status := range []int{500, 501, 502, 503, 504, 599} {
		wrapped := errWrap(&APIError{StatusCode: status})
		if !errors.Is(wrapped, ErrServerError) {
			t.Errorf("%d does not match ErrServerError", status)
		}
	}
	if errors.Is(&APIError{StatusCode: 499}, ErrServerError) || errors.Is(&APIError{StatusCode: 600}, ErrServerError) {
		t.Error("499/600 match ErrServerError")
	}
	if errors.Is(&APIError{StatusCode: 404}, errors.New("x")) {
		t.Error("matches a foreign error")
	}
	var apiErr *APIError
	if !errors.As(errWrap(&APIError{StatusCode: 404, Message: "m"}), &apiErr) || apiErr.Message != "m" {
		t.Error("errors.As through wrapping failed")
	}
}

func errWrap(err error) error { return errors.Join(errors.New("context"), err) }

func TestErrorStrings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string
	}{
		{&APIError{StatusCode: 404, Method: "GET", Path: "/v1/people/x", Message: "not here", ErrorCode: 4008, TrackingID: "T1"},
			"GET /v1/people/x: 404 not here (errorCode 4008) [trackingId T1]"},
		{&APIError{StatusCode: 503, Method: "PUT", Path: "/v1/a"}, "PUT /v1/a: 503 Service Unavailable"},
		{ErrNotFound, "404 not found"},
		{&ValidationError{Field: "entityId", Reason: "must not be empty"}, "wxc: invalid entityId: must not be empty"},
		{&ValidationError{Reason: "bad"}, "wxc: invalid argument: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	if !strings.Contains(ErrNotSupported.Error(), "not supported") {
		t.Errorf("ErrNotSupported = %q", ErrNotSupported)
	}
}

func TestTruncateText(t *testing.T) {
	t.Parallel()
	s := strings.Repeat("é", 10) // 2 bytes each
	got := truncateText(s, 5, false)
	if !strings.HasPrefix(got, "éé\uFFFD") || !strings.HasSuffix(got, "(truncated)") {
		t.Errorf("truncateText = %q", got)
	}
	if got := truncateText("short", 100, false); got != "short" {
		t.Errorf("truncateText short = %q", got)
	}
}
