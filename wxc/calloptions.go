package wxc

import "net/url"

// CallOption changes one API call. Pass call options last to any service method.
type CallOption func(*callConfig)

type callConfig struct {
	orgID         string
	orgSet        bool
	dropCallTypes []CallType
	dropSet       bool
}

// OrgID sends the call for the given organization (the orgId query parameter). Partner
// administrators use it to manage customer orgs. It overrides WithOrgID for this call; an
// empty value sends no orgId.
func OrgID(orgID string) CallOption {
	return func(c *callConfig) {
		c.orgID = orgID
		c.orgSet = true
	}
}

// DropCallTypes sets which call types OutgoingPermissionsService.Configure leaves out of the
// request body. The default drops CASUAL, URL_DIALING and UNKNOWN, which Webex lists in GET
// responses but rejects in a PUT (error 25024). DropCallTypes() with no arguments drops nothing.
func DropCallTypes(types ...CallType) CallOption {
	return func(c *callConfig) {
		c.dropCallTypes = append([]CallType(nil), types...)
		c.dropSet = true
	}
}

// defaultDropCallTypes are the call types Configure leaves out unless DropCallTypes says
// otherwise: the read-only ones (rules.go).
var defaultDropCallTypes = readOnlyCallTypes

// callQuery applies opts and returns the query (orgId when there is one) and the resolved config.
func (c *Client) callQuery(opts []CallOption) (url.Values, callConfig) {
	var cfg callConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	org := c.defaultOrgID
	if cfg.orgSet {
		org = cfg.orgID
	}
	cfg.orgID = org
	if !cfg.dropSet {
		cfg.dropCallTypes = defaultDropCallTypes
	}
	if org == "" {
		return nil, cfg
	}
	return url.Values{"orgId": {org}}, cfg
}
