package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/wxcgo/go-wxc/internal/cli/output"
)

// Profiles: `wxc auth login` stores a token, base URL and org under a name in the config
// file (ConfigPath, mode 0600). What a command uses is decided here, in Resolve, each
// setting on its own: a flag, else the environment, else the profile (docs/CLI.md,
// "Profiles"). The token is never printed; only where it came from is.

// quotedValue is a value that a yaml error message quotes.
var quotedValue = regexp.MustCompile("`[^`]*`")

// DefaultProfile is the profile used when neither --profile nor WXC_PROFILE names one.
const DefaultProfile = "default"

// Config is the config file: the profiles by name.
type Config struct {
	Profiles map[string]*Profile `yaml:"profiles"`
}

// Profile is one stored sign-in.
type Profile struct {
	BaseURL string `yaml:"baseUrl,omitempty"`
	OrgID   string `yaml:"orgId,omitempty"`
	Token   string `yaml:"token"`
}

// Names returns the profile names, sorted.
func (c *Config) Names() []string {
	var out []string
	for n := range c.Profiles {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Sources of a setting, as `wxc auth status` shows them.
const (
	SourceFlag    = "flag"
	SourceEnv     = "env"
	SourceProfile = "profile"
	SourceDefault = "default"
	SourceNone    = "none"
)

// Resolution is the target a command uses and where each part came from. It never holds the
// token's value outside Token, which nothing prints.
type Resolution struct {
	Profile       string // the profile used ("" when none)
	ProfileSource string // flag (--profile), env (WXC_PROFILE) or default
	ConfigPath    string
	BaseURL       string // "" means wxc.DefaultBaseURL
	BaseURLSource string // flag, env (WXC_BASE_URL), profile or default
	OrgID         string
	OrgSource     string // flag, profile or none
	Token         string `json:"-"`
	TokenSource   string // flag, env, profile or none
	TokenEnv      string // the variable when TokenSource is env
}

// configDir is the user config directory (os.UserConfigDir, which honours XDG_CONFIG_HOME),
// or f.ConfigDir when a test set it.
func (f *Factory) configDir() (string, error) {
	if f.ConfigDir != nil {
		return f.ConfigDir()
	}
	return os.UserConfigDir()
}

// ConfigPath is the config file: <user config dir>/wxc/config.yaml.
func (f *Factory) ConfigPath() (string, error) {
	dir, err := f.configDir()
	if err != nil {
		return "", fmt.Errorf("find the user config directory for profiles: %w", err)
	}
	return filepath.Join(dir, "wxc", "config.yaml"), nil
}

func (f *Factory) getenv(k string) string {
	if f.Getenv == nil {
		return ""
	}
	return f.Getenv(k)
}

// LoadConfig reads the config file; a missing file is an empty config. A file that group or
// others may read (or write) is refused: it holds tokens.
func (f *Factory) LoadConfig() (*Config, string, error) {
	path, err := f.ConfigPath()
	if err != nil {
		return nil, "", err
	}
	cfg := &Config{Profiles: map[string]*Profile{}}
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, path, nil
	}
	if err != nil {
		return nil, path, UsageErrorf("read the profiles: %v", err)
	}
	defer fh.Close()
	fi, err := fh.Stat()
	if err != nil {
		return nil, path, UsageErrorf("read the profiles: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, path, UsageErrorf("%s holds access tokens but other users may read it (mode %04o); refusing to use it: run `chmod 600 %s`", path, fi.Mode().Perm(), path)
	}
	var b bytes.Buffer
	if _, err := b.ReadFrom(fh); err != nil {
		return nil, path, UsageErrorf("read the profiles: %v", err)
	}
	if err := yaml.Unmarshal(b.Bytes(), cfg); err != nil {
		// yaml quotes values in `backticks` (a token, maybe): keep only lines and types.
		msg := quotedValue.ReplaceAllString(err.Error(), "a value")
		return nil, path, UsageErrorf("%s is not a wxc config file: %s", path, msg)
	}
	if cfg.Profiles == nil {
		cfg.Profiles = map[string]*Profile{}
	}
	return cfg, path, nil
}

// SaveConfig writes cfg to the config file through a temporary file (mode 0600) in the same
// directory (0700), renamed over the old one; with no profiles left the file is removed.
func (f *Factory) SaveConfig(cfg *Config) (string, error) {
	path, err := f.ConfigPath()
	if err != nil {
		return "", err
	}
	if len(cfg.Profiles) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return path, err
		}
		return path, nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return path, fmt.Errorf("create %s: %w", dir, err)
	}
	b, err := yaml.Marshal(cfg)
	if err != nil {
		return path, err
	}
	af, err := output.CreateAtomicMode(path, 0o600)
	if err != nil {
		return path, fmt.Errorf("write the profiles: %w", err)
	}
	if _, err := af.Write(b); err != nil {
		af.Abort()
		return path, fmt.Errorf("write the profiles: %w", err)
	}
	if err := af.Commit(); err != nil {
		return path, fmt.Errorf("write the profiles: %w", err)
	}
	return path, nil
}

// ProfileName returns the profile that --profile, else WXC_PROFILE, names, with its source;
// else DefaultProfile with source default.
func (f *Factory) ProfileName() (string, string) {
	if f.Options.Profile != "" {
		return f.Options.Profile, SourceFlag
	}
	if v := f.getenv("WXC_PROFILE"); v != "" {
		return v, SourceEnv
	}
	return DefaultProfile, SourceDefault
}

// Resolve works out the token, base URL and org of a command (not --emulator), each with
// its source. Precedence, per setting: the flag (--token, --base-url, --org-id), else the
// environment (WEBEX_ACCESS_TOKEN, else WXC_TOKEN; WXC_BASE_URL), else the profile. The
// profile is the one --profile or WXC_PROFILE names (an error when it does not exist); when
// neither names one, the "default" profile is used only if no token comes from a flag or the
// environment, so an explicit token is never sent to a stored profile's base URL. The config
// file is not read when no profile is used.
func (f *Factory) Resolve() (*Resolution, error) {
	o := f.Options
	r := &Resolution{TokenSource: SourceNone, BaseURLSource: SourceDefault, OrgSource: SourceNone}
	switch {
	case o.Token != "":
		r.Token, r.TokenSource = o.Token, SourceFlag
	case f.getenv("WEBEX_ACCESS_TOKEN") != "":
		r.Token, r.TokenSource, r.TokenEnv = f.getenv("WEBEX_ACCESS_TOKEN"), SourceEnv, "WEBEX_ACCESS_TOKEN"
	case f.getenv("WXC_TOKEN") != "":
		r.Token, r.TokenSource, r.TokenEnv = f.getenv("WXC_TOKEN"), SourceEnv, "WXC_TOKEN"
	}
	switch {
	case o.BaseURL != "":
		r.BaseURL, r.BaseURLSource = o.BaseURL, SourceFlag
	case f.getenv("WXC_BASE_URL") != "":
		r.BaseURL, r.BaseURLSource = f.getenv("WXC_BASE_URL"), SourceEnv
	}
	if o.OrgID != "" {
		r.OrgID, r.OrgSource = o.OrgID, SourceFlag
	}
	name, src := f.ProfileName()
	if src == SourceDefault && r.Token != "" {
		return r, nil
	}
	cfg, path, err := f.LoadConfig()
	r.ConfigPath = path
	if err != nil {
		return r, err
	}
	p := cfg.Profiles[name]
	if p == nil {
		if src == SourceDefault {
			return r, nil
		}
		how := "--profile"
		if src == SourceEnv {
			how = "WXC_PROFILE"
		}
		have := "there are none"
		if names := cfg.Names(); len(names) > 0 {
			have = "there are: " + strings.Join(names, ", ")
		}
		return r, UsageErrorf("%s %q: no such profile in %s (%s); create it with `wxc auth login --profile %s`", how, name, path, have, name)
	}
	r.Profile, r.ProfileSource = name, src
	if r.Token == "" {
		if p.Token == "" {
			return r, &ExitError{Code: ExitAuth, Err: fmt.Errorf("profile %q in %s has no token: run `wxc auth login --profile %s`", name, path, name)}
		}
		r.Token, r.TokenSource = p.Token, SourceProfile
	}
	if r.BaseURL == "" && p.BaseURL != "" {
		r.BaseURL, r.BaseURLSource = p.BaseURL, SourceProfile
	}
	if r.OrgID == "" && p.OrgID != "" {
		r.OrgID, r.OrgSource = p.OrgID, SourceProfile
	}
	return r, nil
}

// profileTargetLocked is the target of Resolve when it found a token (nil, nil when it did
// not: resolveTargetLocked then says how to give one). A profile's org becomes --org-id.
func (f *Factory) profileTargetLocked() (*target, error) {
	r, err := f.Resolve()
	if err != nil {
		return nil, err
	}
	if r.Token == "" {
		return nil, nil
	}
	if r.OrgSource == SourceProfile {
		f.Options.OrgID = r.OrgID
	}
	f.target = &target{baseURL: r.BaseURL, token: r.Token}
	return f.target, nil
}

// LoginClientTarget sets the target of the factory's clients to baseURL and token, for
// `wxc auth login`, which checks a token before it stores it. It fails when a client was
// built already.
func (f *Factory) LoginClientTarget(baseURL, token string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.target != nil || f.client != nil {
		return errors.New("a target was chosen already")
	}
	f.target = &target{baseURL: baseURL, token: token}
	return nil
}

// CompleteProfiles completes --profile with the stored profile names (none when the config
// file cannot be read).
func (f *Factory) CompleteProfiles(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, _, err := f.LoadConfig()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return prefixed(cfg.Names(), toComplete), cobra.ShellCompDirectiveNoFileComp
}
