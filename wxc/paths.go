package wxc

import (
	"fmt"
	"net/url"
	"strings"
)

// feature is one outgoing-permissions API area (wxc_sdk's "feature" strings).
type feature int

const (
	featOutgoing      feature = iota // outgoingPermission
	featTransfer                     // outgoingPermission/autoTransferNumbers
	featAccessCodes                  // outgoingPermission/accessCodes
	featDigitPatterns                // outgoingPermission/digitPatterns
)

// String names the feature in messages.
func (f feature) String() string {
	switch f {
	case featOutgoing:
		return "outgoing permissions"
	case featTransfer:
		return "auto transfer numbers"
	case featAccessCodes:
		return "access codes"
	case featDigitPatterns:
		return "digit patterns"
	}
	return fmt.Sprintf("feature(%d)", int(f))
}

// idPlaceholder is replaced by the escaped entity ID in a path template.
const idPlaceholder = "{id}"

// entityPaths is the one table of URL paths (relative to the base URL) per entity kind and
// feature; spec §1.2 with the official person auto-transfer-numbers path (§1.3). For the
// Location kind, featAccessCodes is the separate location access-codes API (§1.4): the same
// path for every method, with other bodies (see AccessCodesService and
// LocationAccessCodesService).
var entityPaths = map[EntityKind][4]string{
	Person: {
		featOutgoing:      "people/{id}/features/outgoingPermission",
		featTransfer:      "telephony/config/people/{id}/outgoingPermission/autoTransferNumbers",
		featAccessCodes:   "telephony/config/people/{id}/outgoingPermission/accessCodes",
		featDigitPatterns: "telephony/config/people/{id}/outgoingPermission/digitPatterns",
	},
	Workspace: {
		featOutgoing:      "workspaces/{id}/features/outgoingPermission",
		featTransfer:      "workspaces/{id}/features/outgoingPermission/autoTransferNumbers",
		featAccessCodes:   "workspaces/{id}/features/outgoingPermission/accessCodes",
		featDigitPatterns: "telephony/config/workspaces/{id}/outgoingPermission/digitPatterns",
	},
	Location: {
		featOutgoing:      "telephony/config/locations/{id}/outgoingPermission",
		featTransfer:      "telephony/config/locations/{id}/outgoingPermission/autoTransferNumbers",
		featAccessCodes:   "telephony/config/locations/{id}/outgoingPermission/accessCodes",
		featDigitPatterns: "telephony/config/locations/{id}/outgoingPermission/digitPatterns",
	},
	VirtualLine: {
		featOutgoing:      "telephony/config/virtualLines/{id}/outgoingPermission",
		featTransfer:      "telephony/config/virtualLines/{id}/outgoingPermission/autoTransferNumbers",
		featAccessCodes:   "telephony/config/virtualLines/{id}/outgoingPermission/accessCodes",
		featDigitPatterns: "telephony/config/virtualLines/{id}/outgoingPermission/digitPatterns",
	},
}

// legacyPersonTransferPath is where wxc_sdk (1.19 and later) sends person auto transfer
// numbers. The official API does not document it; WithLegacyPersonTransferNumbersPath selects it.
const legacyPersonTransferPath = "people/{id}/features/outgoingPermission/autoTransferNumbers"

// List and directory paths (spec §6).
const (
	pathPeople              = "people"
	pathPerson              = "people/{id}"
	pathWorkspaces          = "workspaces"
	pathLocations           = "locations"
	pathCallingLocations    = "telephony/config/locations"
	pathVirtualLines        = "telephony/config/virtualLines"
	itemKeyItems            = "items"
	itemKeyCallingLocations = "locations"
	itemKeyVirtualLines     = "virtualLines"
)

// pathTemplate returns the path template of kind's feature, honouring the client's
// legacy person transfer-numbers setting.
func (c *Client) pathTemplate(kind EntityKind, f feature) (string, error) {
	t, ok := entityPaths[kind]
	if !ok {
		return "", unknownKindError(kind)
	}
	if kind == Person && f == featTransfer && c.legacyPersonTransferPath {
		return legacyPersonTransferPath, nil
	}
	return t[f], nil
}

// entityPath returns kind's feature path for id, with id and every extra segment escaped.
func (c *Client) entityPath(kind EntityKind, f feature, id string, segments ...string) (string, error) {
	t, err := c.pathTemplate(kind, f)
	if err != nil {
		return "", err
	}
	return fillPath(t, id, segments...), nil
}

// fillPath replaces {id} in template with the escaped id and appends the escaped segments.
func fillPath(template, id string, segments ...string) string {
	var b strings.Builder
	b.WriteString(strings.Replace(template, idPlaceholder, url.PathEscape(id), 1))
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// unknownKindError is the error every method of a service for an unknown kind returns.
func unknownKindError(kind EntityKind) error {
	return &ValidationError{Field: "kind", Reason: fmt.Sprintf("unknown entity kind %q: want person, workspace, location or virtual-line (see ParseEntityKind)", string(kind))}
}
