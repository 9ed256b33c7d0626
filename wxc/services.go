package wxc

// services holds the client's API areas. Client embeds it, so they are promoted fields
// (client.People, client.LocationAccessCodes, ...).
type services struct {
	// People lists and reads people (GET people).
	People *PeopleService
	// Workspaces lists workspaces (GET workspaces).
	Workspaces *WorkspacesService
	// Locations lists locations (GET locations and GET telephony/config/locations).
	Locations *LocationsService
	// VirtualLines lists virtual lines (GET telephony/config/virtualLines).
	VirtualLines *VirtualLinesService
	// LocationAccessCodes manages a location's access codes, which have their own API.
	LocationAccessCodes *LocationAccessCodesService

	outgoing map[EntityKind]*OutgoingPermissionsService
}

// PeopleService lists people. See people.go.
type PeopleService struct{ c *Client }

// WorkspacesService lists workspaces.
type WorkspacesService struct{ c *Client }

// LocationsService lists locations.
type LocationsService struct{ c *Client }

// VirtualLinesService lists virtual lines.
type VirtualLinesService struct{ c *Client }

// LocationAccessCodesService manages the access codes of a location
// (telephony/config/locations/{locationId}/outgoingPermission/accessCodes).
// wxc_sdk's LocationAccessCodesApi. Location codes have no level and are created several at
// a time.
type LocationAccessCodesService struct {
	entityService
}

func (s *services) init(c *Client) {
	s.People = &PeopleService{c: c}
	s.Workspaces = &WorkspacesService{c: c}
	s.Locations = &LocationsService{c: c}
	s.VirtualLines = &VirtualLinesService{c: c}
	s.LocationAccessCodes = &LocationAccessCodesService{entityService{c: c, kind: Location}}
	s.outgoing = make(map[EntityKind]*OutgoingPermissionsService, len(entityKinds))
	for _, k := range entityKinds {
		s.outgoing[k] = newOutgoingPermissionsService(c, k)
	}
}
