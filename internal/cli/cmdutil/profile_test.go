package cmdutil

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// profileFactory is a factory whose config dir is a temp dir and whose environment is env.
func profileFactory(t *testing.T, env map[string]string) (*Factory, string) {
	t.Helper()
	dir := t.TempDir()
	f := NewFactory(&IOStreams{In: strings.NewReader(""), Out: &strings.Builder{}, ErrOut: &strings.Builder{}})
	f.Getenv = func(k string) string { return env[k] }
	f.ConfigDir = func() (string, error) { return dir, nil }
	return f, dir
}

func TestConfigFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes are POSIX")
	}
	t.Parallel()
	f, dir := profileFactory(t, nil)
	cfg := &Config{Profiles: map[string]*Profile{"default": {Token: "tok-secret-1", BaseURL: "http://127.0.0.1:1/v1"}}}
	path, err := f.SaveConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("config written with mode %04o, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(filepath.Join(dir, "wxc"))
	if di.Mode().Perm() != 0o700 {
		t.Errorf("config dir mode %04o, want 0700", di.Mode().Perm())
	}
	got, _, err := f.LoadConfig()
	if err != nil || got.Profiles["default"].Token != "tok-secret-1" {
		t.Fatalf("LoadConfig = %+v, %v", got, err)
	}
	// A second save replaces the file atomically and leaves no temporary file.
	cfg.Profiles["b"] = &Profile{Token: "tok-2"}
	if _, err := f.SaveConfig(cfg); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "wxc"))
	if len(ents) != 1 {
		t.Errorf("files in the config dir: %v, want config.yaml only", ents)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, _, err := f.LoadConfig()
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != ExitUsage || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: err = %v, want a usage error naming chmod 600", mode, err)
		}
		if strings.Contains(err.Error(), "tok-") {
			t.Errorf("the error shows the token: %v", err)
		}
		// A command that needs the profile refuses too.
		if _, err := f.Resolve(); err == nil {
			t.Errorf("mode %04o: Resolve used the file", mode)
		}
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.LoadConfig(); err != nil {
		t.Errorf("mode 0600 refused: %v", err)
	}
	// Removing the last profile removes the file.
	if _, err := f.SaveConfig(&Config{Profiles: map[string]*Profile{}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("config file still there with no profile: %v", err)
	}
}

func TestResolvePrecedence(t *testing.T) {
	t.Parallel()
	profiles := map[string]*Profile{
		"default": {Token: "tok-default", BaseURL: "http://127.0.0.1:1/v1", OrgID: "org-default"},
		"acme":    {Token: "tok-acme", BaseURL: "http://127.0.0.1:2/v1"},
	}
	tests := []struct {
		name                    string
		flags                   GlobalOptions
		env                     map[string]string
		wantToken, wantTokenSrc string
		wantBase, wantBaseSrc   string
		wantOrg, wantOrgSrc     string
		wantProfile             string
		wantErr                 bool
	}{
		{name: "default profile", wantToken: "tok-default", wantTokenSrc: SourceProfile, wantBase: "http://127.0.0.1:1/v1", wantBaseSrc: SourceProfile, wantOrg: "org-default", wantOrgSrc: SourceProfile, wantProfile: "default"},
		{name: "token flag: no implicit profile", flags: GlobalOptions{Token: "tok-flag"}, wantToken: "tok-flag", wantTokenSrc: SourceFlag, wantBaseSrc: SourceDefault, wantOrgSrc: SourceNone},
		{name: "env token: no implicit profile", env: map[string]string{"WEBEX_ACCESS_TOKEN": "tok-env"}, wantToken: "tok-env", wantTokenSrc: SourceEnv, wantBaseSrc: SourceDefault, wantOrgSrc: SourceNone},
		{name: "WXC_TOKEN", env: map[string]string{"WXC_TOKEN": "tok-env2", "WXC_BASE_URL": "http://127.0.0.1:9/v1"}, wantToken: "tok-env2", wantTokenSrc: SourceEnv, wantBase: "http://127.0.0.1:9/v1", wantBaseSrc: SourceEnv, wantOrgSrc: SourceNone},
		{name: "--profile", flags: GlobalOptions{Profile: "acme"}, wantToken: "tok-acme", wantTokenSrc: SourceProfile, wantBase: "http://127.0.0.1:2/v1", wantBaseSrc: SourceProfile, wantOrgSrc: SourceNone, wantProfile: "acme"},
		{name: "WXC_PROFILE", env: map[string]string{"WXC_PROFILE": "acme"}, wantToken: "tok-acme", wantTokenSrc: SourceProfile, wantBase: "http://127.0.0.1:2/v1", wantBaseSrc: SourceProfile, wantOrgSrc: SourceNone, wantProfile: "acme"},
		{name: "--profile beats WXC_PROFILE", flags: GlobalOptions{Profile: "default"}, env: map[string]string{"WXC_PROFILE": "acme"}, wantToken: "tok-default", wantTokenSrc: SourceProfile, wantBase: "http://127.0.0.1:1/v1", wantBaseSrc: SourceProfile, wantOrg: "org-default", wantOrgSrc: SourceProfile, wantProfile: "default"},
		{name: "flags beat the named profile", flags: GlobalOptions{Profile: "default", Token: "tok-flag", BaseURL: "http://127.0.0.1:3/v1", OrgID: "org-flag"}, wantToken: "tok-flag", wantTokenSrc: SourceFlag, wantBase: "http://127.0.0.1:3/v1", wantBaseSrc: SourceFlag, wantOrg: "org-flag", wantOrgSrc: SourceFlag, wantProfile: "default"},
		{name: "env beats the named profile", flags: GlobalOptions{Profile: "acme"}, env: map[string]string{"WEBEX_ACCESS_TOKEN": "tok-env", "WXC_BASE_URL": "http://127.0.0.1:4/v1"}, wantToken: "tok-env", wantTokenSrc: SourceEnv, wantBase: "http://127.0.0.1:4/v1", wantBaseSrc: SourceEnv, wantOrgSrc: SourceNone, wantProfile: "acme"},
		{name: "flag beats env", flags: GlobalOptions{Token: "tok-flag"}, env: map[string]string{"WEBEX_ACCESS_TOKEN": "tok-env"}, wantToken: "tok-flag", wantTokenSrc: SourceFlag, wantBaseSrc: SourceDefault, wantOrgSrc: SourceNone},
		{name: "unknown profile", flags: GlobalOptions{Profile: "nope"}, wantErr: true},
		{name: "unknown WXC_PROFILE", env: map[string]string{"WXC_PROFILE": "nope"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, _ := profileFactory(t, tt.env)
			if _, err := f.SaveConfig(&Config{Profiles: profiles}); err != nil {
				t.Fatal(err)
			}
			*f.Options = tt.flags
			r, err := f.Resolve()
			if tt.wantErr {
				var ee *ExitError
				if !errors.As(err, &ee) || ee.Code != ExitUsage || !strings.Contains(err.Error(), "acme, default") {
					t.Errorf("err = %v, want a usage error listing the profiles", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{r.Token, r.TokenSource, r.BaseURL, r.BaseURLSource, r.OrgID, r.OrgSource, r.Profile}
			want := []string{tt.wantToken, tt.wantTokenSrc, tt.wantBase, tt.wantBaseSrc, tt.wantOrg, tt.wantOrgSrc, tt.wantProfile}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestBadConfigFileDoesNotQuoteTheToken(t *testing.T) {
	t.Parallel()
	f, dir := profileFactory(t, nil)
	os.MkdirAll(filepath.Join(dir, "wxc"), 0o700)
	path := filepath.Join(dir, "wxc", "config.yaml")
	os.WriteFile(path, []byte("profiles:\n  default: tok-secret-9\n"), 0o600)
	_, _, err := f.LoadConfig()
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "tok-secret-9") {
		t.Errorf("err = %v, want the line without the value", err)
	}
}

func TestResolveWithoutConfigFile(t *testing.T) {
	t.Parallel()
	f, _ := profileFactory(t, nil)
	r, err := f.Resolve()
	if err != nil || r.TokenSource != SourceNone {
		t.Errorf("no file, no token: %+v, %v", r, err)
	}
	// The config dir is not even consulted when a token flag is given.
	f.ConfigDir = func() (string, error) { return "", errors.New("no config dir") }
	f.Options.Token = "tok"
	if _, err := f.Resolve(); err != nil {
		t.Errorf("token flag: %v", err)
	}
}
