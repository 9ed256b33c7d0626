// Package snapshot reads every outgoing-permission setting of entities. Its Settings record is
// the unit of `wxc export` (one JSON line per entity), the backup written by `wxc apply`, the
// input of `wxc restore`, and the current state `wxc plan` diffs against.
package snapshot

import "github.com/wxcgo/go-wxc/wxc"

// Entity names one person, workspace, location or virtual line.
type Entity struct {
	Kind         wxc.EntityKind `json:"kind"`
	ID           string         `json:"id"`
	Name         string         `json:"name,omitempty"`  // display name (location: name)
	Email        string         `json:"email,omitempty"` // people only
	LocationID   string         `json:"locationId,omitempty"`
	LocationName string         `json:"locationName,omitempty"`
	OrgID        string         `json:"orgId,omitempty"`
	OrgName      string         `json:"orgName,omitempty"` // set by runs over several orgs (AllOrgs)
	// LocationCountry is the ISO 3166-1 alpha-2 country of the entity's location (its
	// address in the locations list, GET /locations), when known; `wxc check` classifies numbers
	// with it. Records written before it existed have none.
	LocationCountry string `json:"locationCountry,omitempty"`
}

// Settings are all outgoing-permission settings of one entity as read from the API.
// For a location, AccessCodes holds the location's codes (UseCustomAccessCodes nil) and
// DigitPatterns has no UseCustomDigitPatterns.
type Settings struct {
	Entity
	Outgoing        *wxc.OutgoingPermissions `json:"outgoingPermissions,omitempty"`
	TransferNumbers *wxc.AutoTransferNumbers `json:"autoTransferNumbers,omitempty"`
	AccessCodes     *wxc.AuthCodes           `json:"accessCodes,omitempty"`
	DigitPatterns   *wxc.DigitPatterns       `json:"digitPatterns,omitempty"`
}
