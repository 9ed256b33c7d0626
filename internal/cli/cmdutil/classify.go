package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/wxcgo/go-wxc/wxc"
)

// This file holds the one set of rules that turns API failures into exit codes and hints
// (docs/EXIT_CODES.md): FailureClassOf sorts an error into a class, and the class gives the
// hint, both for bulk summaries (FailureLog) and for single errors (classify in root.go).

// FailureClass groups errors by what a person should do about them.
type FailureClass int

const (
	classUnauthorized FailureClass = iota // 401: the token was refused
	classForbidden                        // 403: the token may not do this
	classRefused                          // 400 and other 4xx: the API refused the value
	classGone                             // 404: the entity or item is gone
	classTemporary                        // 429, 5xx, network errors and timeouts
	classOther                            // anything else
)

// FailureClassOf sorts err into a class, through the SDK's sentinel errors.
func FailureClassOf(err error) FailureClass {
	switch {
	case errors.Is(err, wxc.ErrUnauthorized):
		return classUnauthorized
	case errors.Is(err, wxc.ErrForbidden):
		return classForbidden
	case errors.Is(err, wxc.ErrNotFound):
		return classGone
	case errors.Is(err, wxc.ErrRateLimited), errors.Is(err, wxc.ErrServerError):
		return classTemporary
	case errors.Is(err, wxc.ErrBadRequest):
		return classRefused
	}
	var apiErr *wxc.APIError
	if errors.As(err, &apiErr) {
		if apiErr.StatusCode >= 400 && apiErr.StatusCode <= 499 {
			return classRefused // 409, 412, 422, ...: the API said no to this request
		}
		return classOther
	}
	if isNetworkError(err) {
		return classTemporary
	}
	return classOther
}

// isNetworkError reports transport failures: timeouts, refused or reset connections, early EOF.
func isNetworkError(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// auth reports the classes that exit with ExitAuth.
func (c FailureClass) Auth() bool { return c == classUnauthorized || c == classForbidden }

// PermissionsHint is what a 403 means: which token, role and org the call needs.
const PermissionsHint = "the token needs an administrator who may change these settings (a full administrator; " +
	"a read-only administrator can only read) with the spark-admin:telephony_config_read and _write scopes, " +
	"and a partner administrator needs --org-id for a customer org"

// hint says what to do about failures of class c: bulk for a summary of many entities or
// writes (bulk commands), else for the one error of a single-entity command.
func (c FailureClass) Hint(bulk bool) string {
	switch c {
	case classUnauthorized:
		return "the token was refused: check --token or WEBEX_ACCESS_TOKEN (personal access tokens expire after 12 hours)"
	case classForbidden:
		return "not allowed: " + PermissionsHint
	case classRefused:
		return "the API refused the value; re-running as is will fail again: fix the input"
	case classGone:
		if bulk {
			return "the entity or item is gone (deleted since it was read, or no longer licensed for Webex Calling); a new run works from the current state"
		}
		return "not found: check the ID, or the entity has no Webex Calling licence"
	case classTemporary:
		if bulk {
			return "temporary: safe to re-run (lower --concurrency for 429)"
		}
		return "temporary (rate limit, server or network error, even after retries): try again; lower --concurrency for 429"
	}
	if bulk {
		return "see the message of each failure in the failures file"
	}
	return ""
}

// failureReason names err in the summary's tally: "HTTP 403", "network error" or "error".
func failureReason(err error) string {
	var apiErr *wxc.APIError
	switch {
	case errors.As(err, &apiErr):
		return fmt.Sprintf("HTTP %d", apiErr.StatusCode)
	case isNetworkError(err):
		return "network error"
	}
	return "error"
}
