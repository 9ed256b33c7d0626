package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/wxcgo/go-wxc/emulator/internal/store"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var bytesPool = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}

// writeJSON encodes v into a pooled buffer and writes it with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<16 {
			bufPool.Put(buf)
		}
	}()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		writeError(w, http.StatusInternalServerError, codeServerFault, "could not encode the response")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// noContent answers 204.
func noContent(w http.ResponseWriter) { w.WriteHeader(http.StatusNoContent) }

// apiError is an error with its wire status and Webex error code.
type apiError struct {
	status int
	code   int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeInvalidInput, msg: msg}
}

// missingMember is the answer to a write that lacks a member the OpenAPI requires (absent
// or null): 400, errorCode 25008, the message naming the member (as a path such as
// callingPermissions[2].transferEnabled).
func missingMember(member string) *apiError {
	return badRequest(member + " is required")
}

func notFound(msg string) *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, msg: msg}
}

func forbidden(msg string) *apiError {
	return &apiError{status: http.StatusForbidden, code: codeForbidden, msg: msg}
}

type errorDetail struct {
	Description string `json:"description"`
	ErrorCode   int    `json:"errorCode"`
}

type errorBody struct {
	Message    string        `json:"message"`
	Errors     []errorDetail `json:"errors"`
	TrackingID string        `json:"trackingId"`
}

// writeError writes the Webex error shape. The tracking ID comes from the
// TrackingID response header set by the outermost middleware.
func writeError(w http.ResponseWriter, status, code int, msg string) {
	body := errorBody{Message: msg, Errors: []errorDetail{{Description: msg, ErrorCode: code}},
		TrackingID: w.Header().Get("TrackingID")}
	b, _ := json.Marshal(body)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// fail converts any handler or store error to a wire error, in one place.
func fail(w http.ResponseWriter, err error) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		writeError(w, ae.status, ae.code, ae.msg)
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, codeNotFound, "not found")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, codeServerFault, "request cancelled")
	case errors.Is(err, store.ErrClosed):
		writeError(w, http.StatusServiceUnavailable, codeServerFault, "emulator is shutting down")
	default:
		writeError(w, http.StatusInternalServerError, codeServerFault, "internal error: "+err.Error())
	}
}

const maxBody = 1 << 20

// decodeBody reads a JSON request body into v. An empty body, malformed
// JSON, wrong types or trailing data give a 400.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return badRequest("request body is larger than 1 MiB")
		}
		return badRequest("could not read the request body")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return badRequest("a JSON request body is required")
	}
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return badRequest("invalid value for field " + te.Field + ": expected " + te.Type.String())
		}
		return badRequest("malformed JSON body: " + err.Error())
	}
	return nil
}

// writePerms writes an outgoing-permission GET body without reflection (the
// hot path). Call types and actions are validated enum values: plain ASCII
// that needs no escaping.
func writePerms(w http.ResponseWriter, out *permsOut) {
	bp := bytesPool.Get().(*[]byte)
	b := append((*bp)[:0], '{')
	if out.UseCustomEnabled != nil {
		b = append(b, `"useCustomEnabled":`...)
		b = strconv.AppendBool(b, *out.UseCustomEnabled)
		b = append(b, ',')
	}
	if out.UseCustomPermissions != nil {
		b = append(b, `"useCustomPermissions":`...)
		b = strconv.AppendBool(b, *out.UseCustomPermissions)
		b = append(b, ',')
	}
	b = append(b, `"callingPermissions":[`...)
	for i, e := range out.CallingPermissions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"callType":`...)
		b = strconv.AppendQuote(b, e.CallType)
		b = append(b, `,"action":`...)
		b = strconv.AppendQuote(b, e.Action)
		b = append(b, `,"transferEnabled":`...)
		b = strconv.AppendBool(b, e.TransferEnabled)
		if e.IsCallTypeRestrictionEnabled != nil {
			b = append(b, `,"isCallTypeRestrictionEnabled":`...)
			b = strconv.AppendBool(b, *e.IsCallTypeRestrictionEnabled)
		}
		b = append(b, '}')
	}
	b = append(b, "]}\n"...)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	if cap(b) <= 1<<16 {
		*bp = b
		bytesPool.Put(bp)
	}
}
