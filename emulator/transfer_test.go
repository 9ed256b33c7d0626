package emulator_test

import (
	"testing"

	"github.com/wxcgo/go-wxc/emulator"
	"github.com/wxcgo/go-wxc/wxc"
)

func numbersString(n *wxc.AutoTransferNumbers) string {
	return strp(n.AutoTransferNumber1) + "|" + strp(n.AutoTransferNumber2) + "|" + strp(n.AutoTransferNumber3)
}

// TestSDKTransferNumbers: "" clears, an omitted number keeps its value, GET reports a
// cleared number as null.
func TestSDKTransferNumbers(t *testing.T) {
	for _, era := range eras {
		t.Run(era, func(t *testing.T) {
			emu := newRaw(t, withEra(era))
			ctx := t.Context()
			for _, kind := range allKinds {
				t.Run(kind, func(t *testing.T) {
					svc := emu.Client.OutgoingPermissions(sdkKinds[kind]).TransferNumbers
					id := emu.first(t, kind).ID
					read := func() *wxc.AutoTransferNumbers {
						t.Helper()
						n, err := svc.Read(ctx, id)
						if err != nil {
							t.Fatalf("read: %v", err)
						}
						return n
					}
					set := func(n wxc.AutoTransferNumbers) {
						t.Helper()
						if kind != kLocation && era == "current" {
							n.UseCustomTransferNumbers = wxc.Bool(true)
						}
						if err := svc.Configure(ctx, id, &n); err != nil {
							t.Fatalf("configure %s: %v", numbersString(&n), err)
						}
					}
					set(wxc.AutoTransferNumbers{AutoTransferNumber1: wxc.String("+15550100001"), AutoTransferNumber2: wxc.String("+15550100002"), AutoTransferNumber3: wxc.String("+15550100003")})
					if got := numbersString(read()); got != "+15550100001|+15550100002|+15550100003" {
						t.Errorf("after setting all three: %s", got)
					}
					set(wxc.AutoTransferNumbers{AutoTransferNumber1: wxc.String("+15550100009")})
					if got := numbersString(read()); got != "+15550100009|+15550100002|+15550100003" {
						t.Errorf("after setting only number 1: %s (others must be unchanged)", got)
					}
					set(wxc.AutoTransferNumbers{AutoTransferNumber2: wxc.String("")})
					got := read()
					if numbersString(got) != "+15550100009|<nil>|+15550100003" {
						t.Errorf(`after "" for number 2: %s (want it null, others unchanged)`, numbersString(got))
					}
					if kind != kLocation && era == "current" && boolp(got.UseCustomTransferNumbers) != "true" {
						t.Errorf("useCustomTransferNumbers = %s, want true", boolp(got.UseCustomTransferNumbers))
					}
					set(wxc.AutoTransferNumbers{}.ConfigureUnsetNumbers())
					if got := numbersString(read()); got != "<nil>|<nil>|<nil>" {
						t.Errorf("after ConfigureUnsetNumbers: %s", got)
					}
				})
			}
		})
	}
}

// TestSDKTransferNumbersRaw checks the wire: a cleared number is JSON null (or absent), not "".
func TestSDKTransferNumbersRaw(t *testing.T) {
	e := newRaw(t)
	for _, kind := range allKinds {
		p := pathsFor(kind, e.first(t, kind).ID)
		e.must(t, "PUT", p.Transfer, `{"autoTransferNumber1":"+15550100001","autoTransferNumber2":""}`, 204)
		var m map[string]any
		e.getJSON(t, p.Transfer, &m)
		if m["autoTransferNumber1"] != "+15550100001" {
			t.Errorf("%s: autoTransferNumber1 = %v", kind, m["autoTransferNumber1"])
		}
		if v, ok := m["autoTransferNumber2"]; ok && v != nil {
			t.Errorf("%s: cleared autoTransferNumber2 = %#v, want null", kind, v)
		}
	}
}

// TestSDKLegacyPersonTransferPath: wxc_sdk's people/{id}/features/... path answers 404 unless
// the emulator is told to serve it; the SDK reaches it with WithLegacyPersonTransferNumbersPath.
func TestSDKLegacyPersonTransferPath(t *testing.T) {
	ctx := t.Context()
	emu := newRaw(t)
	id := emu.first(t, kPerson).ID
	legacy := emu.ClientFor(emu.Tokens.FullAdmin, wxc.WithLegacyPersonTransferNumbersPath())
	_, err := legacy.OutgoingPermissions(wxc.Person).TransferNumbers.Read(ctx, id)
	apiErr(t, err, 404, 0)

	emu2 := newRaw(t, func(o *emulator.Options) { o.LegacyPersonTransferPath = true })
	id2 := emu2.first(t, kPerson).ID
	legacy2 := emu2.ClientFor(emu2.Tokens.FullAdmin, wxc.WithLegacyPersonTransferNumbersPath())
	tn := legacy2.OutgoingPermissions(wxc.Person).TransferNumbers
	if err := tn.Configure(ctx, id2, &wxc.AutoTransferNumbers{UseCustomTransferNumbers: wxc.Bool(true), AutoTransferNumber1: wxc.String("+15550100077")}); err != nil {
		t.Fatalf("legacy configure: %v", err)
	}
	// Both paths see the same state.
	got, err := emu2.Client.OutgoingPermissions(wxc.Person).TransferNumbers.Read(ctx, id2)
	if err != nil {
		t.Fatal(err)
	}
	if strp(got.AutoTransferNumber1) != "+15550100077" {
		t.Errorf("official path after legacy write: %s", numbersString(got))
	}
}
