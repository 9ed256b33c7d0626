package cmdutil

import (
	"testing"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestListFailurePart: what the summary says about a failed list.
func TestListFailurePart(t *testing.T) {
	t.Parallel()
	pe := func(page, status int) error {
		return &wxc.PageError{Page: page, Err: &wxc.APIError{StatusCode: status, Method: "GET", Path: "/v1/people"}}
	}
	for _, tt := range []struct {
		le      snapshot.ListError
		planned bool
		want    string
	}{
		{snapshot.ListError{Kind: "person", List: "people", Page: 3, Listed: 200, Tries: 4, Err: pe(3, 503)}, false,
			"could not list all people (page 3 failed: HTTP 503, tried 4 times), so the people after the first 200 were not read"},
		{snapshot.ListError{Kind: "workspace", List: "workspaces", Page: 1, Tries: 1, Err: pe(1, 404)}, true,
			"could not list the workspaces (page 1 failed: HTTP 404), so none of them were read and the plan leaves them out"},
		{snapshot.ListError{Kind: "location", List: "calling locations", Page: 1, Tries: 4, Stopped: true, Err: pe(1, 502)}, false,
			"could not list the calling locations (page 1 failed: HTTP 502, tried 4 times), and every record names its location, so nothing else was read"},
	} {
		if got := listFailurePart(&tt.le, tt.planned); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}
