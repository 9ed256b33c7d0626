package emulator_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
)

// Where the two API eras differ (spec §2.1, §2.2, §2.3, §9).

type eraPerms struct {
	UseCustomEnabled   *bool `json:"useCustomEnabled"`
	CallingPermissions []struct {
		CallType                     string `json:"callType"`
		IsCallTypeRestrictionEnabled *bool  `json:"isCallTypeRestrictionEnabled"`
	} `json:"callingPermissions"`
}

func (p eraPerms) types() []string {
	var out []string
	for _, c := range p.CallingPermissions {
		out = append(out, c.CallType)
	}
	return out
}

var (
	declared12 = []string{"INTERNAL_CALL", "LOCAL", "TOLL_FREE", "TOLL", "NATIONAL", "INTERNATIONAL", "OPERATOR_ASSISTED",
		"CHARGEABLE_DIRECTORY_ASSISTED", "SPECIAL_SERVICES_I", "SPECIAL_SERVICES_II", "PREMIUM_SERVICES_I", "PREMIUM_SERVICES_II"}
	person2024 = append(slices.Clone(declared12), "CASUAL", "URL_DIALING", "UNKNOWN")
)

func TestEraCallTypes(t *testing.T) {
	for _, era := range []string{"current", "2024"} {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			t.Run(era+"/"+kind, func(t *testing.T) {
				p := pathsFor(kind, e.first(t, kind).ID)
				var got eraPerms
				e.getJSON(t, p.Outgoing, &got)
				types := got.types()
				switch era {
				case "2024":
					want := declared12
					if kind == kPerson || kind == kWorkspace {
						want = person2024 // mid-2024 person GETs listed CASUAL, URL_DIALING, UNKNOWN
					}
					if !slices.Equal(types, want) {
						t.Errorf("call types %v, want %v", types, want)
					}
					for _, c := range got.CallingPermissions {
						if c.IsCallTypeRestrictionEnabled != nil {
							t.Errorf("%s carries isCallTypeRestrictionEnabled (added late 2024)", c.CallType)
						}
					}
					// LOCAL and TOLL are settable in 2024.
					e.must(t, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"LOCAL","action":"BLOCK","transferEnabled":false}]}`, http.StatusNoContent)
				case "current":
					for _, ct := range []string{"LOCAL", "TOLL", "CASUAL", "URL_DIALING", "UNKNOWN"} {
						if slices.Contains(types, ct) {
							t.Errorf("current era lists %s", ct)
						}
					}
					if len(types) != 10 {
						t.Errorf("current era lists %d call types, want 10: %v", len(types), types)
					}
					for _, c := range got.CallingPermissions {
						if c.IsCallTypeRestrictionEnabled == nil {
							t.Errorf("%s lacks isCallTypeRestrictionEnabled (required in today's GET)", c.CallType)
						}
					}
					before := e.snapshot(t, kind, e.first(t, kind).ID)
					for _, ct := range []string{"LOCAL", "TOLL"} {
						r := e.call(e.tokens.FullAdmin, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"`+ct+`","action":"BLOCK","transferEnabled":false}]}`)
						if r.Status != 400 || !slices.Contains(r.errorCodes(), 25024) {
							t.Errorf("current era PUT %s = %d %s, want 400 with 25024", ct, r.Status, r.Body)
						}
					}
					after := e.snapshot(t, kind, e.first(t, kind).ID)
					if !mapsEqual(before, after) {
						t.Error("rejected PUT changed state")
					}
				}
				// CASUAL & co are never settable.
				r := e.call(e.tokens.FullAdmin, http.MethodPut, p.Outgoing, `{"callingPermissions":[{"callType":"URL_DIALING","action":"ALLOW","transferEnabled":true}]}`)
				if r.Status != 400 || !slices.Contains(r.errorCodes(), 25024) {
					t.Errorf("PUT URL_DIALING = %d %s, want 400 with 25024", r.Status, r.Body)
				}
			})
		}
	}
}

func TestEraTransferNumbersField(t *testing.T) {
	for _, era := range []string{"current", "2024"} {
		e := newRaw(t, func(o *emulator.Options) { o.APIEra = era })
		for _, kind := range allKinds {
			p := pathsFor(kind, e.first(t, kind).ID)
			var m map[string]json.RawMessage
			e.getJSON(t, p.Transfer, &m)
			_, has := m["useCustomTransferNumbers"]
			want := era == "current" && kind != kLocation // the field arrived in July 2024 (spec §9)
			if has != want {
				t.Errorf("%s/%s: useCustomTransferNumbers present=%v, want %v (%v)", era, kind, has, want, m)
			}
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
