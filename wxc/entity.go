package wxc

import (
	"fmt"
	"strings"
)

// EntityKind says which kind of entity an outgoing-permissions call is about. It selects the
// URL family, as wxc_sdk's ApiSelector does.
type EntityKind string

// The four entity kinds that have outgoing calling permissions.
const (
	Person      EntityKind = "person"
	Workspace   EntityKind = "workspace"
	Location    EntityKind = "location"
	VirtualLine EntityKind = "virtual-line"
)

var entityKinds = []EntityKind{Person, Workspace, Location, VirtualLine}

// EntityKinds returns the four entity kinds in a stable order.
func EntityKinds() []EntityKind { return append([]EntityKind(nil), entityKinds...) }

// ParseEntityKind parses "person", "workspace", "location" or "virtual-line" (also
// "virtual_line", "virtualLine" and plurals), case-insensitively.
func ParseEntityKind(s string) (EntityKind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.TrimSuffix(k, "s")
	switch k {
	case "person", "people", "user":
		return Person, nil
	case "workspace":
		return Workspace, nil
	case "location":
		return Location, nil
	case "virtual-line", "virtual_line", "virtualline", "vl":
		return VirtualLine, nil
	}
	return "", fmt.Errorf("unknown entity kind %q: want person, workspace, location or virtual-line", s)
}

// String returns the kind's name.
func (k EntityKind) String() string { return string(k) }
