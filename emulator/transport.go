package emulator

import (
	"errors"
	"net/http"
	"net/http/httptest"
)

// InProcessBaseURL is the base URL to use with Transport and HTTPClient.
// Their requests never reach the network, so the host does not matter; this
// one is loopback, so an SDK that allows plain http only to loopback hosts
// accepts it.
const InProcessBaseURL = "http://127.0.0.1/v1"

// errAborted is what RoundTrip returns when the handler aborts a request
// (net/http would close the connection without an answer).
var errAborted = errors.New("emulator: the handler aborted the request without an answer")

// Transport returns an http.RoundTripper that serves every request with
// Handler in process, whatever its URL's host: no socket, no port, no
// connection to drain. Use it with InProcessBaseURL. As over a network, the
// request is not changed (the handler gets a clone), its body is closed, and
// a request whose context is done before or while it is served fails with the
// context's error. The whole response is in memory when RoundTrip returns.
func (s *Server) Transport() http.RoundTripper { return handlerTransport{h: s.handler} }

// HTTPClient returns an *http.Client whose transport is Transport.
func (s *Server) HTTPClient() *http.Client { return &http.Client{Transport: s.Transport()} }

// handlerTransport is an http.RoundTripper that serves requests with an
// http.Handler in process.
type handlerTransport struct {
	h http.Handler
}

func (t handlerTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	closeBody := func() {
		if req.Body != nil {
			_ = req.Body.Close()
		}
	}
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody()
		return nil, err
	}
	// What a server would see: the request line, the Host header, a peer
	// address and a body that is never nil.
	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	defer func() {
		closeBody()
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			resp, err = nil, errAborted
		}
	}()
	t.h.ServeHTTP(rec, sreq)
	if err := ctx.Err(); err != nil {
		// A client over a network would have stopped waiting for this answer.
		return nil, err
	}
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}
