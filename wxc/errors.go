package wxc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// APIError is a non-2xx answer from the API. Use errors.Is with the sentinels (ErrNotFound,
// ErrServerError, ...) to test the status, and errors.As to read the fields. The fields a
// server supplies (Message, Details, TrackingID) never carry the client's token: where a
// server echoed it, it reads "[REDACTED]".
type APIError struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Message is the body's message (or, without one, the first error description). A body
	// that is not the Webex error JSON is kept here as raw text.
	Message string
	// ErrorCode is errors[0].errorCode of the body, or 0.
	ErrorCode int
	// Details are the body's errors[] entries.
	Details []ErrorDetail
	// TrackingID identifies the request for Webex support: the body's trackingId, else the
	// TrackingID response header, else the one the client sent.
	TrackingID string
	// Method is the HTTP method of the request.
	Method string
	// Path is the escaped URL path of the request, without host and query.
	Path string
	// RetryAfter is the parsed Retry-After header (seconds or HTTP date), 0 when absent or
	// unparsable.
	RetryAfter time.Duration
}

// ErrorDetail is one entry of the errors[] list of a Webex error body.
type ErrorDetail struct {
	ErrorCode   int    `json:"errorCode"`
	Description string `json:"description"`
}

// Sentinel errors for errors.Is. An *APIError matches the sentinel with its status code;
// ErrServerError matches any 5xx.
var (
	ErrBadRequest   = &APIError{StatusCode: http.StatusBadRequest, Message: "bad request"}
	ErrUnauthorized = &APIError{StatusCode: http.StatusUnauthorized, Message: "unauthorized"}
	ErrForbidden    = &APIError{StatusCode: http.StatusForbidden, Message: "forbidden"}
	ErrNotFound     = &APIError{StatusCode: http.StatusNotFound, Message: "not found"}
	ErrConflict     = &APIError{StatusCode: http.StatusConflict, Message: "conflict"}
	ErrRateLimited  = &APIError{StatusCode: http.StatusTooManyRequests, Message: "rate limited"}
	ErrServerError  = &APIError{StatusCode: http.StatusInternalServerError, Message: "server error (any 5xx)"}
)

// ErrNotSupported reports an operation that is not available for an entity kind (for
// example useCustomAccessCodes for a location, which has no custom switch).
var ErrNotSupported = errors.New("wxc: operation not supported for this entity kind")

// Error returns "METHOD /path: status message" plus the error code and tracking ID when known.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.Path != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if msg != "" {
		b.WriteByte(' ')
		b.WriteString(msg)
	}
	if e.ErrorCode != 0 {
		fmt.Fprintf(&b, " (errorCode %d)", e.ErrorCode)
	}
	if e.TrackingID != "" {
		b.WriteString(" [trackingId ")
		b.WriteString(e.TrackingID)
		b.WriteByte(']')
	}
	return b.String()
}

// Is reports whether target is a sentinel (or any *APIError) with the same status code.
// ErrServerError matches every 5xx status.
func (e *APIError) Is(target error) bool {
	t, ok := target.(*APIError)
	if !ok || t == nil {
		return false
	}
	if t == ErrServerError {
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return t.StatusCode == e.StatusCode
}

// ValidationError reports a bad argument, found before any I/O.
type ValidationError struct {
	// Field names the argument or option.
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns "wxc: invalid <field>: <reason>".
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return "wxc: invalid argument: " + e.Reason
	}
	return "wxc: invalid " + e.Field + ": " + e.Reason
}

// maxErrorBody is how much of an error body the client reads.
const maxErrorBody = 1 << 20

// maxMessageLen caps a raw-text Message (non-JSON error bodies), so that a server's HTML
// error page does not make a multi-kilobyte error string.
const maxMessageLen = 2048

// wireError is the Webex error body (spec §5.1).
type wireError struct {
	Message    string        `json:"message"`
	Errors     []ErrorDetail `json:"errors"`
	TrackingID string        `json:"trackingId"`
}

// newAPIError decodes an error body. body holds at most maxErrorBody bytes; truncated
// says the server sent more. redact removes secrets from every server-provided field
// (message, details, tracking ID).
func newAPIError(status int, method, path string, body []byte, truncated bool, headerTrackingID string, redact func(string) string) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	trimmed := bytes.TrimSpace(body)
	var w wireError
	if len(trimmed) > 0 && trimmed[0] == '{' && !truncated && json.Unmarshal(trimmed, &w) == nil &&
		(w.Message != "" || len(w.Errors) > 0 || w.TrackingID != "") {
		e.Message = w.Message
		e.Details = w.Errors
		e.TrackingID = w.TrackingID
		if len(w.Errors) > 0 {
			e.ErrorCode = w.Errors[0].ErrorCode
			if e.Message == "" {
				e.Message = w.Errors[0].Description
			}
		}
	} else {
		e.Message = truncateText(string(trimmed), maxMessageLen, truncated)
	}
	if e.TrackingID == "" {
		e.TrackingID = headerTrackingID
	}
	e.Message = redact(e.Message)
	e.TrackingID = redact(e.TrackingID)
	for i := range e.Details {
		e.Details[i].Description = redact(e.Details[i].Description)
	}
	return e
}

// truncateText cuts s to at most n bytes (a rune cut in half becomes U+FFFD) and marks a cut.
func truncateText(s string, n int, truncated bool) string {
	if len(s) > n {
		s = s[:n]
		truncated = true
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if truncated {
		s += " … (truncated)"
	}
	return s
}
