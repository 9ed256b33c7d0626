package cli

import (
	"net/http"
	"net/http/httptest"
)

// emulatorBaseURL is the base URL of the --emulator client. Requests never reach the network:
// handlerTransport hands them to the emulator's handler in process.
const emulatorBaseURL = "http://127.0.0.1/v1"

// handlerTransport is an http.RoundTripper that serves requests with an http.Handler in
// process, so --emulator opens no port and leaves no connections to drain.
type handlerTransport struct {
	h http.Handler
}

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, sreq)
	if req.Body != nil {
		req.Body.Close()
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
