package check

import (
	"bytes"
	"encoding/json"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// exportRecord is an export record (snapshot.Settings) decoded into plain structs of the wire
// shape wxc's models write: `check --from` reads 100,000s of records and writes nothing back,
// so it does without the SDK's keep-unknown-members decoding (about half of the reading time,
// docs/BENCHMARKS.md). settings converts it; TestExportRecordDecode checks that the result
// equals the SDK's decoding but for Extra.
type exportRecord struct {
	snapshot.Entity
	Outgoing        *outgoingRecord        `json:"outgoingPermissions"`
	TransferNumbers *transferNumbersRecord `json:"autoTransferNumbers"`
	AccessCodes     *accessCodesRecord     `json:"accessCodes"`
	DigitPatterns   *digitPatternsRecord   `json:"digitPatterns"`
}

type outgoingRecord struct {
	UseCustomEnabled     *bool                     `json:"useCustomEnabled"`
	UseCustomPermissions *bool                     `json:"useCustomPermissions"`
	CallingPermissions   []callingPermissionRecord `json:"callingPermissions"`
}

type callingPermissionRecord struct {
	CallType                     wxc.CallType `json:"callType"`
	Action                       wxc.Action   `json:"action"`
	TransferEnabled              bool         `json:"transferEnabled"`
	IsCallTypeRestrictionEnabled *bool        `json:"isCallTypeRestrictionEnabled"`
}

type transferNumbersRecord struct {
	UseCustomTransferNumbers *bool   `json:"useCustomTransferNumbers"`
	AutoTransferNumber1      *string `json:"autoTransferNumber1"`
	AutoTransferNumber2      *string `json:"autoTransferNumber2"`
	AutoTransferNumber3      *string `json:"autoTransferNumber3"`
}

type accessCodesRecord struct {
	UseCustomAccessCodes *bool              `json:"useCustomAccessCodes"`
	AccessCodes          []accessCodeRecord `json:"accessCodes"`
}

type accessCodeRecord struct {
	Code        string            `json:"code"`
	Description string            `json:"description"`
	Level       wxc.AuthCodeLevel `json:"level"`
}

type digitPatternsRecord struct {
	UseCustomDigitPatterns *bool                `json:"useCustomDigitPatterns"`
	DigitPatterns          []digitPatternRecord `json:"digitPatterns"`
}

type digitPatternRecord struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Pattern         string     `json:"pattern"`
	Action          wxc.Action `json:"action"`
	TransferEnabled *bool      `json:"transferEnabled"`
}

// decodeRecord decodes one export record: with fastDecode, or encoding/json when the record
// is not in the shape fastDecode reads.
func decodeRecord(raw []byte) (*snapshot.Settings, error) {
	var r exportRecord
	if fastDecode(raw, &r) != nil {
		r = exportRecord{}
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, err
		}
	}
	s := &snapshot.Settings{Entity: r.Entity}
	if o := r.Outgoing; o != nil {
		s.Outgoing = &wxc.OutgoingPermissions{UseCustomEnabled: o.UseCustomEnabled, UseCustomPermissions: o.UseCustomPermissions}
		if o.CallingPermissions != nil {
			p := wxc.NewCallingPermissions()
			for _, c := range o.CallingPermissions {
				p.Set(c.CallType, wxc.CallTypePermission{Action: c.Action, TransferEnabled: c.TransferEnabled,
					IsCallTypeRestrictionEnabled: c.IsCallTypeRestrictionEnabled})
			}
			s.Outgoing.CallingPermissions = p
		}
	}
	if t := r.TransferNumbers; t != nil {
		s.TransferNumbers = &wxc.AutoTransferNumbers{UseCustomTransferNumbers: t.UseCustomTransferNumbers,
			AutoTransferNumber1: t.AutoTransferNumber1, AutoTransferNumber2: t.AutoTransferNumber2, AutoTransferNumber3: t.AutoTransferNumber3}
	}
	if a := r.AccessCodes; a != nil {
		s.AccessCodes = &wxc.AuthCodes{UseCustomAccessCodes: a.UseCustomAccessCodes}
		if a.AccessCodes != nil {
			s.AccessCodes.AccessCodes = make([]wxc.AuthCode, len(a.AccessCodes))
			for i, c := range a.AccessCodes {
				s.AccessCodes.AccessCodes[i] = wxc.AuthCode{Code: c.Code, Description: c.Description, Level: c.Level}
			}
		}
	}
	if d := r.DigitPatterns; d != nil {
		s.DigitPatterns = &wxc.DigitPatterns{UseCustomDigitPatterns: d.UseCustomDigitPatterns}
		if d.DigitPatterns != nil {
			s.DigitPatterns.DigitPatterns = make([]wxc.DigitPattern, len(d.DigitPatterns))
			for i, p := range d.DigitPatterns {
				s.DigitPatterns.DigitPatterns[i] = wxc.DigitPattern{ID: p.ID, Name: p.Name, Pattern: p.Pattern, Action: p.Action, TransferEnabled: p.TransferEnabled}
			}
		}
	}
	return s, nil
}

// kindOf returns the kind of a record that starts as wxc writes them ({"kind":"...), or ""
// when it does not (then the caller decodes to find out).
func kindOf(raw []byte) string {
	const prefix = `{"kind":"`
	if !bytes.HasPrefix(raw, []byte(prefix)) {
		return ""
	}
	rest := raw[len(prefix):]
	i := bytes.IndexByte(rest, '"')
	if i < 0 || bytes.IndexByte(rest[:i], '\\') >= 0 {
		return ""
	}
	return string(rest[:i])
}
