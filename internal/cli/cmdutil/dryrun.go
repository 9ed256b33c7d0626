package cmdutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// dryRunTransport passes GET and HEAD requests on (reads are harmless and some writes need
// them) and, for any other method, prints the request to w instead of sending it and answers
// with a made-up success: 201 {"id":"dry-run"} for POST, 204 otherwise.
type dryRunTransport struct {
	next http.RoundTripper
	w    io.Writer
	mu   sync.Mutex
}

func (t *dryRunTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return t.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	u := *req.URL
	u.User = nil
	var out strings.Builder
	fmt.Fprintf(&out, "# dry run, not sent:\n%s %s\n", req.Method, u.String())
	if len(body) > 0 {
		var pretty bytes.Buffer
		if json.Indent(&pretty, body, "", "  ") == nil {
			out.Write(pretty.Bytes())
		} else {
			out.Write(body)
		}
		out.WriteByte('\n')
	}
	t.mu.Lock()
	_, err := io.WriteString(t.w, out.String())
	t.mu.Unlock()
	if err != nil {
		return nil, err
	}
	resp := &http.Response{
		Status:     "204 No Content",
		StatusCode: http.StatusNoContent,
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{},
		Body:    http.NoBody,
		Request: req,
	}
	if req.Method == http.MethodPost {
		b := []byte(`{"id":"dry-run"}`)
		resp.Status, resp.StatusCode = "201 Created", http.StatusCreated
		resp.Header.Set("Content-Type", "application/json")
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
	}
	return resp, nil
}
