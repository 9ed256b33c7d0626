package wxc

import (
	"context"
	"encoding/json"
	"iter"
)

// WorkspacesService lists workspaces (Client.Workspaces).
type WorkspacesService struct{ c *Client }

// WorkspaceListOptions filter WorkspacesService.All. The zero value (or nil) lists every workspace.
type WorkspaceListOptions struct {
	// LocationID lists only workspaces of this location.
	LocationID string
	// Calling lists only workspaces with this calling type, e.g. "webexCalling".
	Calling string
	// DisplayName lists workspaces whose name matches this.
	DisplayName string
	// OrgID lists workspaces of this organization; empty means the client's WithOrgID, if any
	// (see OrgID).
	OrgID string
	// Max is the page size; 0 uses the API default.
	Max int
}

// WorkspaceInfo is a Webex workspace, as GET workspaces returns them.
type WorkspaceInfo struct {
	ID          string            `json:"id"`
	DisplayName string            `json:"displayName,omitempty"`
	OrgID       string            `json:"orgId,omitempty"`
	LocationID  string            `json:"locationId,omitempty"`
	Calling     *WorkspaceCalling `json:"calling,omitempty"`

	// Extra holds members this SDK version does not model.
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (w *WorkspaceInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, w) }

// MarshalJSON writes the declared members, then Extra.
func (w WorkspaceInfo) MarshalJSON() ([]byte, error) { return encodeModel(w) }

// IsWebexCalling reports whether the workspace uses Webex Calling (calling.type webexCalling).
func (w *WorkspaceInfo) IsWebexCalling() bool {
	return w != nil && w.Calling != nil && w.Calling.Type == "webexCalling"
}

// WorkspaceCalling is a workspace's calling setup.
type WorkspaceCalling struct {
	// Type is the calling type: webexCalling, freeCalling, hybridCalling, thirdPartySipCalling, none.
	Type string `json:"type,omitempty"`

	// Extra holds members this SDK version does not model (webexCalling licenses, ...).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON keeps unknown members in Extra.
func (w *WorkspaceCalling) UnmarshalJSON(b []byte) error { return decodeModel(b, w) }

// MarshalJSON writes the declared members, then Extra.
func (w WorkspaceCalling) MarshalJSON() ([]byte, error) { return encodeModel(w) }

// All iterates over workspaces, following the Link header from page to page. It stops at
// the first error, which it yields (a *PageError for a failed page); ranging over the same
// iterator again resumes at that page.
//
// API: GET /workspaces
func (s *WorkspacesService) All(ctx context.Context, opts *WorkspaceListOptions) iter.Seq2[WorkspaceInfo, error] {
	if err := checkList(ctx, s.c); err != nil {
		return errSeq[WorkspaceInfo](err)
	}
	var o WorkspaceListOptions
	if opts != nil {
		o = *opts
	}
	q := s.c.listQuery(o.OrgID)
	setIf(q, "locationId", o.LocationID)
	setIf(q, "calling", o.Calling)
	setIf(q, "displayName", o.DisplayName)
	if err := setMax(q, o.Max); err != nil {
		return errSeq[WorkspaceInfo](err)
	}
	return paginate[WorkspaceInfo](ctx, s.c, pathWorkspaces, q, itemKeyItems)
}
