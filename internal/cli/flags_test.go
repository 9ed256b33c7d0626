package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil/cmdtest"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		code int
		hint string
	}{
		{"plain", errors.New("boom"), cmdutil.ExitFailure, "boom"},
		{"explicit", &cmdutil.ExitError{Code: cmdutil.ExitPartial, Err: errors.New("3 failed")}, cmdutil.ExitPartial, "3 failed"},
		{"silent", &cmdutil.ExitError{Code: cmdutil.ExitFindings}, cmdutil.ExitFindings, ""},
		{"401", fmt.Errorf("read: %w", &wxc.APIError{StatusCode: 401, Message: "unauthorized"}), cmdutil.ExitAuth, "--token"},
		{"403", &wxc.APIError{StatusCode: 403}, cmdutil.ExitAuth, "--org-id"},
		{"404", &wxc.APIError{StatusCode: 404}, cmdutil.ExitFailure, "check the ID"},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), cmdutil.ExitInterrupted, "interrupted"},
		{"failure wrapping 401", &cmdutil.ExitError{Code: cmdutil.ExitFailure, Err: &wxc.APIError{StatusCode: 401}}, cmdutil.ExitAuth, "WEBEX_ACCESS_TOKEN"},
		{"cobra", errors.New(`unknown command "x" for "wxc"`), cmdutil.ExitUsage, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, msg := classify(tt.err)
			if code != tt.code || !strings.Contains(msg, tt.hint) {
				t.Errorf("classify = %d %q, want %d containing %q", code, msg, tt.code, tt.hint)
			}
		})
	}
}

func TestMainUsageAndAuthErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown flag", []string{"--bogus"}, cmdutil.ExitUsage, "unknown flag"},
		{"unknown command", []string{"frobnicate"}, cmdutil.ExitUsage, "unknown command"},
		{"unknown subcommand", []string{"outgoing", "frob"}, cmdutil.ExitUsage, "unknown command"},
		{"command typo", []string{"outgoign", "get"}, cmdutil.ExitUsage, "did you mean outgoing?"},
		{"subcommand typo", []string{"access-codes", "delet"}, cmdutil.ExitUsage, "did you mean delete?"},
		{"group help", []string{"digit-patterns"}, cmdutil.ExitOK, ""},
		{"missing args", []string{"outgoing", "get", "person"}, cmdutil.ExitUsage, "wants 2 arguments"},
		{"bad output", []string{"outgoing", "get", "person", "x", "-o", "xml"}, cmdutil.ExitUsage, "xml"},
		{"bad concurrency", []string{"export", "--concurrency", "0"}, cmdutil.ExitUsage, "--concurrency"},
		{"no token", []string{"outgoing", "get", "person", "x"}, cmdutil.ExitAuth, "WEBEX_ACCESS_TOKEN"},
		{"help", []string{"outgoing", "set", "--help"}, cmdutil.ExitOK, ""},
	}
	t.Setenv("WEBEX_ACCESS_TOKEN", "")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(t.Context(), tt.args, strings.NewReader(""), &out, &errOut)
			if code != tt.code || !strings.Contains(errOut.String(), tt.msg) {
				t.Errorf("Main(%q) = %d, stderr %q; want %d containing %q", tt.args, code, errOut.String(), tt.code, tt.msg)
			}
		})
	}
}

func TestEveryCommandHasExample(t *testing.T) {
	t.Parallel()
	f, _, _ := cmdtest.Factory()
	root := newRootCmd(f)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.Hidden && c.Name() != "help" && c.Name() != "completion" && c.Parent() != nil && c.Parent().Name() != "completion" {
			if c.Example == "" {
				t.Errorf("%s has no Example", c.CommandPath())
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}
