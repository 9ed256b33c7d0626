package wxc

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// listCase is one list method: the first request's path and query, and two pages.
type listCase struct {
	name      string
	run       func(ctx context.Context, c *Client) ([]string, error) // returns the item IDs
	path      string
	wantQuery url.Values
	page1     string
	page2     string
}

func collectIDs[T any](seq iter.Seq2[T, error], id func(T) string) ([]string, error) {
	var ids []string
	for v, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, id(v))
	}
	return ids, nil
}

func listCases() []listCase {
	return []listCase{
		{name: "People.All defaults", path: "/people", wantQuery: url.Values{},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.People.All(ctx, nil), func(p PersonInfo) string { return p.ID })
			},
			page1: `{"items": [{"id": "P1", "emails": ["a@x"], "displayName": "A", "created": "2024-01-01T00:00:00Z"}], "notFoundIds": []}`,
			page2: `{"items": [{"id": "P2", "locationId": "L1", "extension": "12", "phoneNumbers": [{"type": "work", "value": "+1"}]}]}`},
		{name: "People.All filters", path: "/people",
			wantQuery: url.Values{"callingData": {"true"}, "locationId": {"L1"}, "email": {"a@x"}, "displayName": {"A"}, "max": {"50"}, "orgId": {"O"}},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.People.All(ctx, &PeopleListOptions{CallingData: true, LocationID: "L1", Email: "a@x", DisplayName: "A", OrgID: "O", Max: 50}),
					func(p PersonInfo) string { return p.ID })
			},
			page1: `{"items": [{"id": "P1"}]}`, page2: `{"items": [{"id": "P2"}]}`},
		{name: "Workspaces.All", path: "/workspaces",
			wantQuery: url.Values{"calling": {"webexCalling"}, "locationId": {"L1"}, "displayName": {"Lobby"}, "max": {"10"}, "orgId": {"O"}},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.Workspaces.All(ctx, &WorkspaceListOptions{Calling: "webexCalling", LocationID: "L1", DisplayName: "Lobby", OrgID: "O", Max: 10}),
					func(w WorkspaceInfo) string { return w.ID })
			},
			page1: `{"items": [{"id": "W1", "calling": {"type": "webexCalling", "webexCalling": {"licenses": ["l"]}}}]}`,
			page2: `{"items": [{"id": "W2", "calling": {"type": "none"}}]}`},
		{name: "Locations.All", path: "/locations", wantQuery: url.Values{"name": {"Denver"}, "max": {"500"}, "orgId": {"O"}},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.Locations.All(ctx, &LocationListOptions{Name: "Denver", OrgID: "O", Max: 500}), func(l LocationInfo) string { return l.ID })
			},
			page1: `{"items": [{"id": "L1", "name": "Denver", "address": {"address1": "123 Some St.", "address2": "Suite 456", "city": "Supercity"}}]}`,
			page2: `{"items": [{"id": "L2", "name": "Denver 2"}]}`},
		{name: "Locations.AllCalling", path: "/telephony/config/locations", wantQuery: url.Values{},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.Locations.AllCalling(ctx, nil), func(l LocationInfo) string { return l.ID })
			},
			page1: `{"locations": [{"id": "L1", "name": "A", "timeZone": "Europe/Berlin"}]}`,
			page2: `{"locations": [{"id": "L2", "name": "B"}]}`},
		{name: "VirtualLines.All", path: "/telephony/config/virtualLines",
			wantQuery: url.Values{"locationId": {"L1", "L2"}, "max": {"2"}, "orgId": {"O"}},
			run: func(ctx context.Context, c *Client) ([]string, error) {
				return collectIDs(c.VirtualLines.All(ctx, &VirtualLineListOptions{LocationIDs: []string{"L1", "L2"}, OrgID: "O", Max: 2}),
					func(v VirtualLineInfo) string { return v.ID })
			},
			page1: `{"virtualLines": [{"id": "V1", "firstName": "F", "location": {"id": "L1", "name": "A"}, "number": {"external": "+1", "extension": "1", "primary": true}}]}`,
			page2: `{"virtualLines": [{"id": "V2"}]}`},
	}
}

func TestLists(t *testing.T) {
	t.Parallel()
	for _, tt := range listCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			next := `<{{base}}` + tt.path + `?page=2>; rel="next"`
			env.respond(reply{status: 200, body: tt.page1, header: http.Header{"Link": {next}}}, jsonReply(200, tt.page2))
			ids, err := tt.run(t.Context(), env.c)
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			if len(ids) != 2 || ids[1] == "" {
				t.Errorf("ids = %v, want two from two pages", ids)
			}
			rs := env.requests()
			if len(rs) != 2 {
				t.Fatalf("%d requests, want 2", len(rs))
			}
			if rs[0].Method != "GET" || rs[0].Path != basePath+tt.path {
				t.Errorf("first request %s %s, want GET %s%s", rs[0].Method, rs[0].Path, basePath, tt.path)
			}
			assertQuery(t, rs[0].Query, tt.wantQuery)
			if rs[1].Path != basePath+tt.path || rs[1].Query.Get("page") != "2" {
				t.Errorf("second request %s?%v does not follow the next link", rs[1].Path, rs[1].Query)
			}
		})
	}
}

func TestListsDefaultOrg(t *testing.T) {
	t.Parallel()
	env := setup(t, WithOrgID("ORG-CLIENT"))
	env.respond(jsonReply(200, `{"items": []}`), jsonReply(200, `{"items": []}`), jsonReply(200, `{"virtualLines": []}`))
	if _, err := collectIDs(env.c.People.All(t.Context(), nil), func(p PersonInfo) string { return p.ID }); err != nil {
		t.Fatal(err)
	}
	if _, err := collectIDs(env.c.Locations.All(t.Context(), &LocationListOptions{OrgID: "OTHER"}), func(l LocationInfo) string { return l.ID }); err != nil {
		t.Fatal(err)
	}
	if _, err := collectIDs(env.c.VirtualLines.All(t.Context(), &VirtualLineListOptions{}), func(v VirtualLineInfo) string { return v.ID }); err != nil {
		t.Fatal(err)
	}
	rs := env.requests()
	var got []string
	for _, r := range rs {
		got = append(got, r.Query.Get("orgId"))
	}
	if d := cmp.Diff([]string{"ORG-CLIENT", "OTHER", "ORG-CLIENT"}, got); d != "" {
		t.Errorf("orgId per request (-want +got):\n%s", d)
	}
}

func TestListsDecode(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.respond(jsonReply(200, `{"virtualLines": [{"id": "V1", "firstName": "F", "lastName": "L", "displayName": "F L",
		"location": {"id": "L1", "name": "A"}, "number": {"external": "+1", "extension": "1", "primary": true}, "mobility": 1}]}`))
	var got []VirtualLineInfo
	for v, err := range env.c.VirtualLines.All(t.Context(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	want := []VirtualLineInfo{{ID: "V1", FirstName: "F", LastName: "L", DisplayName: "F L", Location: &IDName{ID: "L1", Name: "A"},
		Number: &VirtualLineNumber{External: "+1", Extension: "1", Extra: map[string]jsonRaw{"primary": jsonRaw("true")}},
		Extra:  map[string]jsonRaw{"mobility": jsonRaw("1")}}}
	if d := cmp.Diff(want, got, modelCmp); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// firstErr returns the first error seq yields (nil when it yields none).
func firstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestListsValidation(t *testing.T) {
	t.Parallel()
	env := setup(t)
	ctx := t.Context()
	checks := map[string]error{
		"people":        firstErr(env.c.People.All(ctx, &PeopleListOptions{Max: -1})),
		"workspaces":    firstErr(env.c.Workspaces.All(ctx, &WorkspaceListOptions{Max: -5})),
		"locations":     firstErr(env.c.Locations.All(ctx, &LocationListOptions{Max: -1})),
		"calling":       firstErr(env.c.Locations.AllCalling(ctx, &LocationListOptions{Max: -1})),
		"virtual lines": firstErr(env.c.VirtualLines.All(ctx, &VirtualLineListOptions{LocationIDs: []string{""}})),
	}
	for name, err := range checks {
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want *ValidationError", name, err)
		}
	}
	if n := len(env.requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
	// The caller's options are not changed.
	o := &PeopleListOptions{Max: 5}
	env.respond(jsonReply(200, `{"items": []}`))
	if err := firstErr(env.c.People.All(ctx, o)); err != nil {
		t.Fatal(err)
	}
	if *o != (PeopleListOptions{Max: 5}) {
		t.Errorf("options changed: %+v", o)
	}
}
