package emulatortest_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/emulator/emulatortest"
	"github.com/wxcgo/go-wxc/wxc"
)

func TestNew(t *testing.T) {
	var baseURL string
	t.Run("inner", func(t *testing.T) {
		emu := emulatortest.New(t, func(o *emulator.Options) { o.People = 4 })
		baseURL = emu.BaseURL
		if !strings.HasPrefix(emu.BaseURL, "http://127.0.0.1:") || !strings.HasSuffix(emu.BaseURL, "/v1") {
			t.Errorf("BaseURL = %q", emu.BaseURL)
		}
		if emu.OrgID == "" || emu.OrgID != emu.Server.OrgID() {
			t.Errorf("OrgID = %q, server says %q", emu.OrgID, emu.Server.OrgID())
		}
		if emu.Tokens != emu.Server.Tokens() || emu.Tokens.FullAdmin == "" {
			t.Errorf("Tokens = %+v", emu.Tokens)
		}
		n := 0
		for p, err := range emu.Client.People.All(t.Context(), nil) {
			if err != nil {
				t.Fatal(err)
			}
			if p.ID == "" {
				t.Error("person without ID")
			}
			if n++; n > 1000 {
				t.Fatal("runaway iterator")
			}
		}
		if n < 4 {
			t.Errorf("listed %d people, want at least the 4 asked for", n)
		}

		// ClientFor uses the given token.
		bad := emu.ClientFor("not-a-token")
		for _, err := range bad.People.All(t.Context(), nil) {
			if !errors.Is(err, wxc.ErrUnauthorized) {
				t.Errorf("bad token: err = %v, want ErrUnauthorized", err)
			}
			break
		}
	})
	// The cleanup of the inner test closed the server.
	resp, err := http.Get(baseURL + "/people")
	if err == nil {
		resp.Body.Close()
		t.Error("emulator still serving after its test ended")
	}
}

func TestAdmin(t *testing.T) {
	emu := emulatortest.New(t)
	if st, b := emu.Admin(http.MethodPut, "/_emulator/faults", `{"latency":"1ms"}`); st != http.StatusOK || !strings.Contains(string(b), `"latency":"1ms"`) {
		t.Fatalf("PUT faults: %d %s", st, b)
	}
	if st, b := emu.Admin(http.MethodPost, "/_emulator/reset", ""); st != http.StatusNoContent {
		t.Fatalf("reset: %d %s", st, b)
	}
	// Without the token, as a plain client: refused.
	resp, err := http.Post(strings.TrimSuffix(emu.BaseURL, "/v1")+"/_emulator/reset", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("reset without token: %d", resp.StatusCode)
	}
}
