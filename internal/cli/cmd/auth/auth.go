// Package auth is `wxc auth login|status|logout`: profiles that keep a token, base URL and
// org in the user's config file (cmdutil/profile.go), so that commands need no --token.
package auth

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/wxc"
)

// NewCmd returns `wxc auth`.
func NewCmd(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Sign in once: store a token in a profile, show it, remove it",
		Long: `Profiles keep an access token, a base URL and an org in <user config dir>/wxc/config.yaml
(mode 0600), so that commands need no --token. --profile NAME (or WXC_PROFILE) picks a
profile; without one, the "default" profile is used when no token is given by --token,
WEBEX_ACCESS_TOKEN or WXC_TOKEN. A flag beats the environment, which beats the profile, for
each setting. --emulator uses no profile.`,
		Example: `  wxc auth login
  wxc auth status
  wxc auth logout`,
		Args: cobra.ArbitraryArgs,
		RunE: cmdutil.GroupRunE,
	}
	cmd.AddCommand(newLoginCmd(f), newStatusCmd(f), newLogoutCmd(f))
	return cmd
}

func newLoginCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Check a token and store it in a profile",
		Long: `Reads an access token from a prompt that does not echo it (or from stdin when stdin is
not a terminal), checks it with GET /people/me, and stores it, with --base-url and --org-id,
as the profile --profile (or WXC_PROFILE, else "default"). A token the API refuses is not
stored (exit 6). The token is never taken from the command line.`,
		Example: `  wxc auth login
  wxc auth login --profile acme --org-id Y2lzY29...
  pass show webex/token | wxc auth login --profile lab --base-url http://127.0.0.1:8080/v1`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("token") {
				return cmdutil.UsageErrorf("auth login does not take --token: a token on the command line stays in the shell history and shows in process lists; type it at the prompt, or pipe it: `printenv WEBEX_ACCESS_TOKEN | wxc auth login`")
			}
			return runLogin(cmd.Context(), f)
		},
	}
}

func runLogin(ctx context.Context, f *cmdutil.Factory) error {
	o := f.Options
	if o.Emulator {
		return cmdutil.UsageErrorf("--emulator needs no login (it uses no profile)")
	}
	name, _ := f.ProfileName()
	// Read the config first: a file others can read is refused before a token is asked for.
	cfg, _, err := f.LoadConfig()
	if err != nil {
		return err
	}
	baseURL := o.BaseURL
	if baseURL == "" {
		baseURL = f.Getenv("WXC_BASE_URL")
	}
	token, err := readToken(f, name)
	if err != nil {
		return err
	}
	if err := f.LoginClientTarget(baseURL, token); err != nil {
		return err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return err
	}
	// The cheapest authenticated call every token may make; no org: who the token is.
	me, err := c.People.Get(ctx, "me", wxc.OrgID(""))
	if err != nil {
		if cmdutil.FailureClassOf(err).Auth() {
			return &cmdutil.ExitError{Code: cmdutil.ExitAuth, Err: fmt.Errorf("the token was refused, so profile %q was not saved: %w", name, err)}
		}
		return fmt.Errorf("could not check the token, so profile %q was not saved: %w", name, err)
	}
	cfg.Profiles[name] = &cmdutil.Profile{BaseURL: baseURL, OrgID: o.OrgID, Token: token}
	path, err := f.SaveConfig(cfg)
	if err != nil {
		return err
	}
	who := me.DisplayName
	if len(me.Emails) > 0 {
		who += " <" + me.Emails[0] + ">"
	}
	fmt.Fprintf(f.IO.ErrOut, "Signed in to %s as %s; saved profile %q in %s\n", c.BaseURL(), strings.TrimSpace(who), name, path)
	if name != cmdutil.DefaultProfile {
		fmt.Fprintf(f.IO.ErrOut, "Use it with --profile %s or WXC_PROFILE=%s.\n", name, name)
	}
	return nil
}

// readToken reads the token: from a prompt without echo on a terminal, else the first line
// of stdin.
func readToken(f *cmdutil.Factory, profile string) (string, error) {
	var tok string
	if fh, ok := f.IO.In.(*os.File); ok && f.IO.IsStdinTTY {
		fmt.Fprintf(f.IO.ErrOut, "Access token for profile %q (input hidden): ", profile)
		b, err := term.ReadPassword(int(fh.Fd()))
		fmt.Fprintln(f.IO.ErrOut)
		if err != nil {
			return "", fmt.Errorf("read the token: %w", err)
		}
		tok = string(b)
	} else {
		line, err := bufio.NewReader(io.LimitReader(f.IO.In, 64<<10)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the token from stdin: %w", err)
		}
		tok = line
	}
	tok = strings.TrimSpace(tok)
	tok = strings.TrimSpace(strings.TrimPrefix(tok, "Bearer "))
	if tok == "" {
		return "", cmdutil.UsageErrorf("no token: type it at the prompt, or pipe it to stdin")
	}
	if strings.ContainsAny(tok, " \t\r\n") {
		return "", cmdutil.UsageErrorf("the token read has spaces in it: give the access token alone, on one line")
	}
	return tok, nil
}

// Status is what `wxc auth status` shows (-o json|yaml). It never holds the token.
type Status struct {
	Target        string   `json:"target"` // "api" or "emulator"
	Profile       string   `json:"profile,omitempty"`
	ProfileSource string   `json:"profileSource,omitempty"`
	ConfigFile    string   `json:"configFile,omitempty"`
	BaseURL       string   `json:"baseUrl"`
	BaseURLSource string   `json:"baseUrlSource"`
	OrgID         string   `json:"orgId,omitempty"`
	OrgSource     string   `json:"orgSource"`
	TokenSource   string   `json:"tokenSource"`
	Profiles      []string `json:"profiles"`
	Checked       bool     `json:"checked"`
	Valid         *bool    `json:"valid,omitempty"`
	User          string   `json:"user,omitempty"`
	Error         string   `json:"error,omitempty"`
}

func newStatusCmd(f *cmdutil.Factory) *cobra.Command {
	var check bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show which profile, base URL, org and token source a command would use",
		Long: `Shows the profile, base URL, org and where the token comes from (flag, env, profile),
never the token itself, and the stored profiles. --check also asks the API whether the token
is accepted (GET /people/me); a refused token then exits 6.`,
		Example: `  wxc auth status
  wxc auth status --profile acme --check -o json`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runStatus(cmd.Context(), f, check) },
	}
	cmd.Flags().BoolVar(&check, "check", false, "check the token with the API (GET /people/me)")
	return cmd
}

func runStatus(ctx context.Context, f *cmdutil.Factory, check bool) error {
	if _, err := f.OutputFormat(output.Table); err != nil {
		return err
	}
	st := &Status{Target: "api", Profiles: []string{}}
	if f.Options.Emulator {
		st.Target, st.BaseURL, st.BaseURLSource, st.TokenSource, st.OrgSource = "emulator", "(in-process emulator)", cmdutil.SourceFlag, "emulator", cmdutil.SourceNone
		if f.Options.OrgID != "" {
			st.OrgID, st.OrgSource = f.Options.OrgID, cmdutil.SourceFlag
		}
	} else {
		r, err := f.Resolve()
		if err != nil {
			return err
		}
		st.Profile, st.ProfileSource, st.ConfigFile = r.Profile, r.ProfileSource, r.ConfigPath
		st.BaseURL, st.BaseURLSource = r.BaseURL, r.BaseURLSource
		if st.BaseURL == "" {
			st.BaseURL = wxc.DefaultBaseURL
		}
		st.OrgID, st.OrgSource = r.OrgID, r.OrgSource
		st.TokenSource = r.TokenSource
		if r.TokenEnv != "" {
			st.TokenSource += " (" + r.TokenEnv + ")"
		}
		if cfg, path, err := f.LoadConfig(); err == nil {
			st.Profiles, st.ConfigFile = cfg.Names(), path
			if st.Profiles == nil {
				st.Profiles = []string{}
			}
		}
	}
	var checkErr error
	if check && st.TokenSource != cmdutil.SourceNone {
		st.Checked = true
		c, err := f.Client(ctx)
		if err != nil {
			return err
		}
		me, err := c.People.Get(ctx, "me", wxc.OrgID(""))
		valid := err == nil
		st.Valid = &valid
		if err != nil {
			st.Error, checkErr = err.Error(), err
		} else {
			st.User = me.DisplayName
			if len(me.Emails) > 0 {
				st.User += " <" + me.Emails[0] + ">"
			}
		}
	}
	rows := &output.Rows{Headers: []string{"setting", "value", "source"}}
	rows.Add("target", st.Target, "")
	if st.Target == "api" {
		prof := st.Profile
		if prof == "" {
			prof = "(none)"
		}
		rows.Add("profile", prof, st.ProfileSource)
	}
	rows.Add("base_url", st.BaseURL, st.BaseURLSource)
	org := st.OrgID
	if org == "" {
		org = "(the token's own)"
	}
	rows.Add("org_id", org, st.OrgSource)
	rows.Add("token", map[bool]string{true: "(hidden)", false: "(none)"}[st.TokenSource != cmdutil.SourceNone], st.TokenSource)
	if st.Checked {
		v := "accepted: " + st.User
		if !*st.Valid {
			v = "refused: " + st.Error
		}
		rows.Add("check", v, "GET /people/me")
	}
	if st.Target == "api" {
		rows.Add("profiles", strings.Join(st.Profiles, ", "), "")
		rows.Add("config_file", st.ConfigFile, "")
	}
	if err := f.Render(st, rows); err != nil {
		return err
	}
	if checkErr != nil {
		if cmdutil.FailureClassOf(checkErr).Auth() {
			return &cmdutil.ExitError{Code: cmdutil.ExitAuth, Err: fmt.Errorf("the token was refused: %w", checkErr)}
		}
		return fmt.Errorf("could not check the token: %w", checkErr)
	}
	if st.TokenSource == cmdutil.SourceNone && !f.Options.Emulator {
		fmt.Fprintln(f.IO.ErrOut, "not signed in: run `wxc auth login`, or pass --token / set WEBEX_ACCESS_TOKEN")
	}
	return nil
}

func newLogoutCmd(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Remove a profile (and its token) from the config file",
		Long: `Removes the profile --profile (or WXC_PROFILE, else "default") from the config file; the
file is deleted when no profile is left. The token itself stays valid at Webex until it
expires; revoke it there if it leaked.`,
		Example: `  wxc auth logout
  wxc auth logout --profile acme`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			name, _ := f.ProfileName()
			cfg, path, err := f.LoadConfig()
			if err != nil {
				return err
			}
			if cfg.Profiles[name] == nil {
				have := "there are none"
				if names := cfg.Names(); len(names) > 0 {
					have = "there are: " + strings.Join(names, ", ")
				}
				return cmdutil.NothingToChange("no profile %q in %s (%s)", name, path, have)
			}
			delete(cfg.Profiles, name)
			if _, err := f.SaveConfig(cfg); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "Removed profile %q from %s\n", name, path)
			return nil
		},
	}
}
