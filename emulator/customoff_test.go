package emulator_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// customView is what the GETs of an entity show of the values custom-off may clear.
type customView struct {
	National  string // action/transferEnabled of NATIONAL
	Number1   string // autoTransferNumber1, "<nil>" when unset
	Codes     int
	Patterns  int
	PatternID string // ID of the first pattern
}

func (e *rawEmu) customView(t *testing.T, kind, id string) customView {
	t.Helper()
	p := pathsFor(kind, id)
	var perms struct {
		CallingPermissions []struct {
			CallType        string `json:"callType"`
			Action          string `json:"action"`
			TransferEnabled bool   `json:"transferEnabled"`
		} `json:"callingPermissions"`
	}
	e.getJSON(t, p.Outgoing, &perms)
	var v customView
	for _, c := range perms.CallingPermissions {
		if c.CallType == "NATIONAL" {
			v.National = fmt.Sprintf("%s/%v", c.Action, c.TransferEnabled)
		}
	}
	var nums struct {
		AutoTransferNumber1 *string `json:"autoTransferNumber1"`
	}
	e.getJSON(t, p.Transfer, &nums)
	v.Number1 = strp(nums.AutoTransferNumber1)
	var codes struct {
		AccessCodes []struct{ Code string } `json:"accessCodes"`
	}
	e.getJSON(t, p.AccessCodes, &codes)
	v.Codes = len(codes.AccessCodes)
	var pats struct {
		DigitPatterns []struct{ ID string } `json:"digitPatterns"`
	}
	e.getJSON(t, p.DigitPatterns, &pats)
	v.Patterns = len(pats.DigitPatterns)
	if v.Patterns > 0 {
		v.PatternID = pats.DigitPatterns[0].ID
	}
	return v
}

// setCustom turns every switch of a person, workspace or virtual line on and gives it
// custom values in every category (an entity of the default data has none).
func (e *rawEmu) setCustom(t *testing.T, kind, id, patternName string) {
	t.Helper()
	p := pathsFor(kind, id)
	e.must(t, http.MethodPut, p.Outgoing, `{"useCustomEnabled":true,"useCustomPermissions":true,"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`, http.StatusNoContent)
	e.must(t, http.MethodPut, p.Transfer, `{"useCustomTransferNumbers":true,"autoTransferNumber1":"+14085550001"}`, http.StatusNoContent)
	e.must(t, http.MethodPost, p.AccessCodes, `{"code":"4321","description":"custom"}`, http.StatusCreated)
	e.must(t, http.MethodPut, p.AccessCodes, `{"useCustomAccessCodes":true}`, http.StatusNoContent)
	e.must(t, http.MethodPost, p.DigitPatterns, `{"name":"`+patternName+`","pattern":"+900!","action":"BLOCK","transferEnabled":false}`, http.StatusCreated)
	e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":true}`, http.StatusNoContent)
}

var (
	customSet   = customView{National: "BLOCK/false", Number1: "+14085550001", Codes: 1, Patterns: 1}
	customClear = customView{National: "ALLOW/true", Number1: "<nil>"} // factory defaults
)

// TestCustomOff switches custom settings off and on again, through the master switch and
// through each category's switch, with Options.CustomOff keep (the default), "" and clear,
// in both eras, and observes the values through GETs once the switches are back on.
func TestCustomOff(t *testing.T) {
	for _, mode := range []string{"", emulator.CustomOffKeep, emulator.CustomOffClear} {
		for _, era := range eras {
			t.Run(fmt.Sprintf("%q/%s", mode, era), func(t *testing.T) {
				e := newRaw(t, withEra(era), func(o *emulator.Options) { o.CustomOff = mode })
				clear := mode == emulator.CustomOffClear
				for _, kind := range []string{kPerson, kWorkspace, kVirtualLine} {
					en := e.first(t, kind)
					p := pathsFor(kind, en.ID)
					check := func(step string, wantCleared func(*customView)) {
						t.Helper()
						want := customSet
						if clear && wantCleared != nil {
							wantCleared(&want)
						}
						got := e.customView(t, kind, en.ID)
						got.PatternID = ""
						if got != want {
							t.Errorf("%s, %s: got %+v, want %+v", kind, step, got, want)
						}
					}

					// The master switch: off, then on again.
					e.setCustom(t, kind, en.ID, "master")
					check("values set", nil)
					e.must(t, http.MethodPut, p.Outgoing, `{"useCustomEnabled":false}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.Outgoing, `{"useCustomEnabled":true,"callingPermissions":[]}`, http.StatusNoContent)
					check("useCustomEnabled off and on", func(v *customView) { *v = customClear })
					e.must(t, http.MethodDelete, p.AccessCodes, nil, http.StatusNoContent)
					e.must(t, http.MethodDelete, p.DigitPatterns, nil, http.StatusNoContent)

					// Each category's switch: only that category is cleared.
					e.setCustom(t, kind, en.ID, "category")
					e.must(t, http.MethodPut, p.Outgoing, `{"useCustomPermissions":false,"callingPermissions":[]}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.Outgoing, `{"useCustomPermissions":true,"callingPermissions":[]}`, http.StatusNoContent)
					check("useCustomPermissions off and on", func(v *customView) { v.National = customClear.National })
					e.must(t, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`, http.StatusNoContent)

					e.must(t, http.MethodPut, p.Transfer, `{"useCustomTransferNumbers":false}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.Transfer, `{"useCustomTransferNumbers":true}`, http.StatusNoContent)
					check("useCustomTransferNumbers off and on", func(v *customView) { v.Number1 = customClear.Number1 })
					e.must(t, http.MethodPut, p.Transfer, `{"useCustomTransferNumbers":true,"autoTransferNumber1":"+14085550001"}`, http.StatusNoContent)

					e.must(t, http.MethodPut, p.AccessCodes, `{"useCustomAccessCodes":false}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.AccessCodes, `{"useCustomAccessCodes":true}`, http.StatusNoContent)
					check("useCustomAccessCodes off and on", func(v *customView) { v.Codes = 0 })
					if clear {
						e.must(t, http.MethodPost, p.AccessCodes, `{"code":"4321","description":"custom"}`, http.StatusCreated)
					}

					before := e.customView(t, kind, en.ID)
					e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":false}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":true}`, http.StatusNoContent)
					check("useCustomDigitPatterns off and on", func(v *customView) { v.Patterns = 0 })

					// Values written while a switch is off are kept (only a switch going from true
					// to false clears), and a cleared pattern's ID is never given out again.
					e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":false}`, http.StatusNoContent)
					e.must(t, http.MethodDelete, p.DigitPatterns, nil, http.StatusNoContent)
					e.must(t, http.MethodPost, p.DigitPatterns, `{"name":"while off","pattern":"+900!","action":"BLOCK","transferEnabled":false}`, http.StatusCreated)
					e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":false}`, http.StatusNoContent)
					e.must(t, http.MethodPut, p.DigitPatterns, `{"useCustomDigitPatterns":true}`, http.StatusNoContent)
					check("pattern added while off", nil)
					if after := e.customView(t, kind, en.ID); after.PatternID == before.PatternID {
						t.Errorf("%s: digit-pattern ID %s given out again", kind, after.PatternID)
					}
				}

				// Locations have no switches: a useCustomEnabled false sent to one clears nothing.
				loc := e.first(t, kLocation)
				p := pathsFor(kLocation, loc.ID)
				e.must(t, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"NATIONAL","action":"BLOCK","transferEnabled":false}]}`, http.StatusNoContent)
				e.must(t, http.MethodPut, p.Outgoing, `{"useCustomEnabled":false,"useCustomPermissions":false}`, http.StatusNoContent)
				if v := e.customView(t, kLocation, loc.ID); v.National != "BLOCK/false" {
					t.Errorf("location NATIONAL = %s after a useCustomEnabled false, want BLOCK/false", v.National)
				}
			})
		}
	}
}

func TestOptionsValidateCustomOff(t *testing.T) {
	for _, v := range []string{"", emulator.CustomOffKeep, emulator.CustomOffClear} {
		if err := (emulator.Options{CustomOff: v}).Validate(); err != nil {
			t.Errorf("CustomOff %q: %v", v, err)
		}
	}
	err := emulator.Options{CustomOff: "wipe"}.Validate()
	var oe *emulator.OptionError
	if !errors.As(err, &oe) || oe.Field != "CustomOff" {
		t.Fatalf("CustomOff wipe: Validate() = %v, want an *OptionError for CustomOff", err)
	}
	if srv, err := emulator.New(emulator.Options{CustomOff: "wipe"}); err == nil {
		srv.Close()
		t.Fatal("New accepted CustomOff wipe")
	}
}
