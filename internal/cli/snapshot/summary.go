package snapshot

import (
	"encoding/json"
	"errors"

	"github.com/wxcgo/go-wxc/wxc"
)

// SummaryKind is the "kind" of the record that ends an incomplete export.
const SummaryKind = "summary"

// Summary is the last record of an export that is not complete (docs/CLI.md): some entities
// could not be read, a list failed, or the run was interrupted. A complete export has no such
// record, so its records are all Settings. In jsonl it is the last line, in json the last
// array element, in yaml the last list item.
type Summary struct {
	Kind        string       `json:"kind"`                  // always "summary"
	Complete    bool         `json:"complete"`              // always false
	Interrupted bool         `json:"interrupted,omitempty"` // the run was stopped (Ctrl-C, SIGTERM)
	Listed      int          `json:"listed"`                // entities listed
	Exported    int          `json:"exported"`              // records before this one
	Unreadable  int          `json:"unreadable"`            // listed entities that could not be read
	FailedLists []FailedList `json:"failedLists,omitempty"` // lists that failed: their later entities are missing
	Failures    string       `json:"failures,omitempty"`    // the failures file, one JSON line per failure
}

// FailedList is a list that still failed after the retries (ListError), as the summary
// record shows it.
type FailedList struct {
	Kind   wxc.EntityKind `json:"kind"`
	List   string         `json:"list"`             // "people", "calling locations", ...
	Page   int            `json:"page"`             // the page that failed; 1 is the first
	Listed int            `json:"listed"`           // entities of that list before the failed page
	Status int            `json:"status,omitempty"` // the HTTP status, when the API answered
	Error  string         `json:"error"`
	// OrgID and OrgName: the org of the list, in a run over several orgs (--all-orgs).
	OrgID   string `json:"orgId,omitempty"`
	OrgName string `json:"orgName,omitempty"`
}

// FailedListOf turns a ListError into its summary entry.
func FailedListOf(le *ListError) FailedList {
	fl := FailedList{Kind: le.Kind, List: le.List, Page: le.Page, Listed: le.Listed, Error: le.Error(),
		OrgID: le.OrgID, OrgName: le.OrgName}
	var apiErr *wxc.APIError
	if errors.As(le.Err, &apiErr) {
		fl.Status = apiErr.StatusCode
	}
	return fl
}

// IsSummary reports whether a raw export record is the summary record of an incomplete export.
func IsSummary(raw json.RawMessage) (*Summary, bool) {
	var probe struct {
		Kind string `json:"kind"`
	}
	if json.Unmarshal(raw, &probe) != nil || probe.Kind != SummaryKind {
		return nil, false
	}
	var s Summary
	if json.Unmarshal(raw, &s) != nil {
		return nil, false
	}
	return &s, true
}
