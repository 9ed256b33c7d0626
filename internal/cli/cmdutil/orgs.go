package cmdutil

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// --org-id takes an org's ID or its display name (docs/CLI.md, "Partners"). An ID passes
// untouched, without a request; a name is looked up with one GET organizations call (the
// orgs the token can see) and must match exactly one org, ignoring case. An unknown or
// ambiguous name is a usage error (exit 2) that lists the candidates, before anything
// else is sent.

// uuidPattern is a Control Hub org UUID.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// LooksLikeOrgID reports whether s is an org ID rather than a display name: a Webex API ID
// (base64 of "ciscospark://<region>/ORGANIZATION/<uuid>", with or without padding) or a
// Control Hub UUID.
func LooksLikeOrgID(s string) bool {
	if uuidPattern.MatchString(s) {
		return true
	}
	if strings.ContainsAny(s, " \t") || len(s) < 16 {
		return false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return strings.HasPrefix(string(b), "ciscospark://")
		}
	}
	return false
}

// OrgNotFoundError is an --org-id name that matches no org, or several.
type OrgNotFoundError struct {
	Ref        string
	Matches    []wxc.Organization // two or more: ambiguous
	Candidates []wxc.Organization // every org the token can see (no match)
}

func (e *OrgNotFoundError) Error() string {
	var b strings.Builder
	list := func(orgs []wxc.Organization) {
		const most = 20
		for i, o := range orgs {
			if i == most {
				fmt.Fprintf(&b, "\n  ... and %d more (wxc orgs list)", len(orgs)-most)
				break
			}
			fmt.Fprintf(&b, "\n  %s  %s", o.DisplayName, o.ID)
		}
	}
	if len(e.Matches) > 1 {
		fmt.Fprintf(&b, "--org-id %q matches %d organizations; pass the ID of one:", e.Ref, len(e.Matches))
		list(e.Matches)
		return b.String()
	}
	if len(e.Candidates) == 0 {
		fmt.Fprintf(&b, "--org-id %q: no organization with that name; this token sees none", e.Ref)
		return b.String()
	}
	fmt.Fprintf(&b, "--org-id %q: no organization with that name; this token sees:", e.Ref)
	list(e.Candidates)
	return b.String()
}

// FindOrg returns the one org of orgs whose display name is ref (ignoring case), or an
// *OrgNotFoundError.
func FindOrg(orgs []wxc.Organization, ref string) (wxc.Organization, error) {
	var matches []wxc.Organization
	for _, o := range orgs {
		if strings.EqualFold(strings.TrimSpace(o.DisplayName), strings.TrimSpace(ref)) || o.ID == ref {
			matches = append(matches, o)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	return wxc.Organization{}, &OrgNotFoundError{Ref: ref, Matches: matches, Candidates: orgs}
}

// orgResolution is the Factory's --org-id, resolved once (resolveOrgLocked).
type orgResolution struct {
	ref, id string
}

// resolveOrgLocked returns the org ID for --org-id ref: ref itself when it looks like an
// ID, else the ID of the org with that display name, listed with a client built from opts
// (tracked for the request summary). f.mu is held.
func (f *Factory) resolveOrgLocked(ctx context.Context, token string, opts []wxc.Option, ref string) (string, error) {
	if LooksLikeOrgID(ref) {
		return ref, nil
	}
	if f.org.ref == ref && f.org.id != "" {
		return f.org.id, nil
	}
	c, err := wxc.NewClient(token, opts...)
	if err != nil {
		return "", &ExitError{Code: ExitUsage, Err: err}
	}
	f.trackClient(c)
	if ctx == nil {
		ctx = context.Background()
	}
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		return "", fmt.Errorf("--org-id %q is not an org ID, so it was looked up by name: %w", ref, err)
	}
	o, err := FindOrg(orgs, ref)
	if err != nil {
		return "", &ExitError{Code: ExitUsage, Err: err}
	}
	f.org = orgResolution{ref: ref, id: o.ID}
	return o.ID, nil
}

// --all-orgs (export, audit; docs/CLI.md, "Partners"): every org that `wxc orgs list`
// shows, read one after the other with the one client (snapshot.AllOrgs). With a token that
// is not a partner's, that list is the token's own org, so the run reads that org.

// CheckAllOrgs refuses, before anything is sent, what --all-orgs cannot do: an --org-id
// (one org or all) and a --location (location names and IDs belong to one org).
func CheckAllOrgs(f *Factory, allOrgs, location bool) error {
	if !allOrgs {
		return nil
	}
	if f.Options.OrgID != "" {
		return UsageErrorf("--all-orgs and --org-id exclude each other: --all-orgs reads every org of `wxc orgs list`")
	}
	if location {
		return UsageErrorf("--location selects a location of one org and cannot be combined with --all-orgs")
	}
	f.Options.AllOrgs = true
	return nil
}

// ListOrgs lists the orgs of an --all-orgs run of command (one GET organizations) and says
// on stderr how many it will read. No org is an error (exit 3): a run over nothing must not
// pass.
func ListOrgs(ctx context.Context, f *Factory, c *wxc.Client, command string) ([]wxc.Organization, error) {
	orgs, err := c.Organizations.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s --all-orgs: list the organizations: %w", command, err)
	}
	if len(orgs) == 0 {
		return nil, &ExitError{Code: ExitPartial, Err: fmt.Errorf("%s --all-orgs: this token sees no organization (wxc orgs list)", command)}
	}
	f.Infof("%s: %s\n", command, countOrgs(len(orgs)))
	return orgs, nil
}

func countOrgs(n int) string {
	if n == 1 {
		return "1 org"
	}
	return fmt.Sprintf("%d orgs", n)
}

// OrgsLine prints, after an --all-orgs run of command, how many orgs were read and which
// could not be listed at all (their calling-locations list failed: nothing of them was
// read). It is printed also with --quiet when an org failed.
func OrgsLine(f *Factory, command string, orgs []wxc.Organization, failures *FailureLog) {
	var failed []string
	for _, le := range failures.FailedLists() {
		if snapshot.OrgFailed(le) {
			failed = append(failed, fmt.Sprintf("%q %s (%s)", le.OrgName, le.OrgID, failureReason(le)))
		}
	}
	if len(failed) == 0 {
		f.Infof("%s: %s read\n", command, countOrgs(len(orgs)))
		return
	}
	fmt.Fprintf(f.IO.ErrOut, "%s: %s, %d read, %d not read: %s\n", command, countOrgs(len(orgs)), len(orgs)-len(failed),
		len(failed), strings.Join(failed, ", "))
}
