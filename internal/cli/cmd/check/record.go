package check

import (
	"fmt"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Record is one decision: an entity dialling a number (the -o json of `check KIND ENTITY`,
// one -o jsonl line of `check --all`).
type Record struct {
	Number       string         `json:"number"`
	Kind         wxc.EntityKind `json:"kind"`
	ID           string         `json:"id"`
	OrgID        string         `json:"orgId,omitempty"`   // --all-orgs (or an export --all-orgs file)
	OrgName      string         `json:"orgName,omitempty"` // --all-orgs
	Name         string         `json:"name,omitempty"`
	Email        string         `json:"email,omitempty"`
	LocationID   string         `json:"locationId,omitempty"`
	LocationName string         `json:"locationName,omitempty"`
	Country      string         `json:"country,omitempty"` // the location's, which classified the number

	E164       string       `json:"e164,omitempty"`
	Region     string       `json:"region,omitempty"`
	NumberType string       `json:"numberType,omitempty"`
	CallType   wxc.CallType `json:"callType,omitempty"`
	Emergency  bool         `json:"emergency,omitempty"`
	// ClassifiedBy is the classification table row that decided the call type.
	ClassifiedBy string `json:"classifiedBy,omitempty"`

	Action  wxc.Action `json:"action"` // empty when the number is not one from Country (Error)
	Allowed bool       `json:"allowed"`
	// DecidedBy is "digit pattern", "call type" or "emergency".
	DecidedBy            string          `json:"decidedBy"`
	Pattern              *PatternRecord  `json:"digitPattern,omitempty"`
	Level                callcheck.Level `json:"level,omitempty"`
	Source               string          `json:"source"` // custom (the entity's own settings) or location
	TransferNumber       string          `json:"transferNumber,omitempty"`
	Reason               string          `json:"reason,omitempty"`
	AccessCodesAvailable *int            `json:"accessCodesAvailable,omitempty"` // AUTH_CODE only
	Why                  string          `json:"why"`
	// Assumption says which documented default the engine used for a setting that was not known.
	Assumption string `json:"assumption,omitempty"`

	// Error says why the number is not one when dialled from Country; nothing was decided.
	Error string `json:"error,omitempty"`

	Live *LiveRecord `json:"live,omitempty"`
}

// PatternRecord is the digit pattern that decided a call.
type PatternRecord struct {
	Name    string `json:"name"`
	Pattern string `json:"pattern"`
}

// LiveRecord is what Webex's testCallRouting said (--live).
type LiveRecord struct {
	Agrees      bool     `json:"agrees"`
	Differences []string `json:"differences,omitempty"`
	Rejected    bool     `json:"isRejected"`
	Destination string   `json:"destinationType,omitempty"`
	Permission  string   `json:"permission,omitempty"` // the applied permission Webex reports
	Error       string   `json:"error,omitempty"`      // the request failed
}

// decidedBy names what decided d.
func decidedBy(d callcheck.Decision) string {
	switch {
	case d.Emergency:
		return "emergency"
	case d.Pattern != nil:
		return "digit pattern"
	}
	return "call type"
}

// source is custom or location.
func source(d callcheck.Decision) string {
	if d.Custom {
		return "custom"
	}
	return "location"
}

// newRecord builds the record of e dialling number.
func newRecord(e *snapshot.Entity, country, number string, d callcheck.Decision) Record {
	r := Record{Number: number, Kind: e.Kind, ID: e.ID, OrgID: e.OrgID, OrgName: e.OrgName, Name: e.Name, Email: e.Email,
		LocationID: e.LocationID, LocationName: e.LocationName, Country: country,
		E164: d.E164, Region: d.Region, NumberType: d.NumberType, CallType: d.CallType, Emergency: d.Emergency,
		ClassifiedBy: d.Rule, Action: d.Action, Allowed: d.Allowed, DecidedBy: decidedBy(d), Level: d.Level,
		Source: source(d), TransferNumber: d.TransferNumber, Reason: d.Reason, Why: d.Explain(), Assumption: d.Assumption}
	if d.Pattern != nil {
		r.Pattern = &PatternRecord{Name: d.Pattern.Name, Pattern: d.Pattern.Pattern}
	}
	if d.Action == wxc.ActionAuthCode {
		n := d.AccessCodesAvailable
		r.AccessCodesAvailable = &n
	}
	return r
}

// canDial reports whether the call reaches the number: allowed, or with an access code that
// exists. (TRANSFER_NUMBER_n sends it elsewhere; BLOCK stops it.)
func canDial(d *callcheck.Decision) bool {
	return d.Allowed || (d.Action == wxc.ActionAuthCode && d.AccessCodesAvailable > 0)
}

// invalidRecord is the record of a number that is not one when dialled from country.
func invalidRecord(e *snapshot.Entity, country, number string, err error) Record {
	return Record{Number: number, Kind: e.Kind, ID: e.ID, Name: e.Name, Email: e.Email,
		LocationID: e.LocationID, LocationName: e.LocationName, Country: country,
		Why: fmt.Sprintf("not a number when dialled from %s", country), Error: err.Error()}
}
