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
// empty value sends no orgId. The list methods, which take list options instead, have an
// OrgID field that works the same way except that "" there means "not set". One function
// applies these rules to every request (see WithOrgID for the order).
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

// callQuery applies opts and returns the query to start from (orgId when there is one;
// never nil) and the resolved config.
func (c *Client) callQuery(opts []CallOption) (url.Values, callConfig) {
	var cfg callConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if !cfg.dropSet {
		cfg.dropCallTypes = defaultDropCallTypes
	}
	cfg.orgID = c.orgFor(cfg)
	q := url.Values{}
	if cfg.orgID != "" {
		q.Set("orgId", cfg.orgID)
	}
	return q, cfg
}

// listQuery is callQuery for a list method, which takes list options instead of call
// options: their OrgID field, when not empty, counts as the OrgID call option.
func (c *Client) listQuery(optsOrgID string) url.Values {
	var opts []CallOption
	if optsOrgID != "" {
		opts = append(opts, OrgID(optsOrgID))
	}
	q, _ := c.callQuery(opts)
	return q
}

// orgFor is the one place that decides which organization a request goes to (the orgId
// query parameter). In order of precedence:
//
//  1. the OrgID call option, when given: its value, even "" (which sends no orgId);
//     for list methods, the OrgID field of the list options when not empty;
//  2. the client's default, WithOrgID;
//  3. none: the organization of the token.
//
// A next-page link is followed as the server sent it, so it keeps the first page's orgId.
func (c *Client) orgFor(cfg callConfig) string {
	if cfg.orgSet {
		return cfg.orgID
	}
	return c.defaultOrgID
}
