package cmdutil

import (
	"bytes"
	"strings"
	"testing"
)

// testFactory returns a factory with empty streams and no environment.
func testFactory() *Factory {
	f := NewFactory(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}})
	f.Getenv = func(string) string { return "" }
	f.Options.Concurrency = 10
	return f
}

func TestTargetFromEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"WXC_TOKEN": "tok-wxc", "WXC_BASE_URL": "http://127.0.0.1:9/v1"}
	f := testFactory()
	f.Getenv = func(k string) string { return env[k] }
	tg, err := f.resolveTargetLocked()
	if err != nil || tg.token != "tok-wxc" || tg.baseURL != "http://127.0.0.1:9/v1" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
	env["WEBEX_ACCESS_TOKEN"] = "tok-webex"
	f = testFactory()
	f.Getenv = func(k string) string { return env[k] }
	f.Options.Token, f.Options.BaseURL = "", "http://127.0.0.1:10/v1"
	if tg, err = f.resolveTargetLocked(); err != nil || tg.token != "tok-webex" || tg.baseURL != "http://127.0.0.1:10/v1" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
	f = testFactory()
	f.Getenv = func(k string) string { return env[k] }
	f.Options.Token = "tok-flag"
	if tg, err = f.resolveTargetLocked(); err != nil || tg.token != "tok-flag" {
		t.Fatalf("target = %+v, %v", tg, err)
	}
}
