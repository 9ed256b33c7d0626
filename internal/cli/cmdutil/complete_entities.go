package cmdutil

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/wxcgo/go-wxc/wxc"
)

// Completion of the ENTITY of KIND ENTITY arguments (docs/CLI.md, "Completion"): after the
// kind, the shell offers the names of that kind's calling entities (people: their emails,
// with the display name as description), fetched with one list call that may take at most
// CompletionTimeout, and kept for CompletionCacheTTL in the user cache directory so that
// the next TAB answers at once. It never blocks the shell longer than the timeout and never
// writes an error into the completion output: without a token, after a failure or a
// timeout it offers nothing.

const (
	// CompletionTimeout bounds the list call of one completion.
	CompletionTimeout = 2 * time.Second
	// CompletionCacheTTL is how long listed names are reused.
	CompletionCacheTTL = 60 * time.Second
	// completionMax is the most entities listed for completion (the first ones the list API
	// returns); a prefix narrows them.
	completionMax = 2000
)

// RegisterEntityCompletions sets the completion of every command under root whose usage
// line has KIND ENTITY: the kind, then the entity names of that kind (CompleteEntity); and
// of --org-id: the display names of the orgs the token sees (CompleteOrg).
func RegisterEntityCompletions(root *cobra.Command, f *Factory) {
	if root.PersistentFlags().Lookup("org-id") != nil {
		if _, ok := root.GetFlagCompletionFunc("org-id"); !ok {
			_ = root.RegisterFlagCompletionFunc("org-id", f.CompleteOrg)
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if strings.Contains(c.Use, "KIND ENTITY") {
			c.ValidArgsFunction = f.CompleteEntity
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// CompleteEntity completes KIND (CompleteKind) and then ENTITY.
func (f *Factory) CompleteEntity(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) != 1 {
		return CompleteKind(cmd, args, toComplete)
	}
	kind, err := wxc.ParseEntityKind(args[0])
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return matching(f.candidates(completionContext(cmd), string(kind), func(ctx context.Context) ([]Candidate, bool) {
		return listCandidates(ctx, f, kind)
	}), toComplete), cobra.ShellCompDirectiveNoFileComp
}

// CompleteOrg completes the value of --org-id: the display names of the orgs the token sees
// (one GET organizations, cached like the entity names), with the ID as description.
func (f *Factory) CompleteOrg(cmd *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	return matching(f.candidates(completionContext(cmd), "orgs", func(ctx context.Context) ([]Candidate, bool) {
		c, err := f.Client(ctx)
		if err != nil {
			return nil, false
		}
		orgs, err := c.Organizations.List(ctx)
		if err != nil {
			return nil, false
		}
		out := make([]Candidate, 0, len(orgs))
		for _, o := range orgs {
			out = append(out, Candidate{Value: o.DisplayName, Description: o.ID})
		}
		return out, true
	}), toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completionContext is cmd's context, else (no command, or none set) the background.
func completionContext(cmd *cobra.Command) context.Context {
	if cmd != nil && cmd.Context() != nil {
		return cmd.Context()
	}
	return context.Background()
}

// matching is the candidates whose value starts with toComplete (ignoring case), as cobra
// wants them ("value\tdescription").
func matching(cands []Candidate, toComplete string) []string {
	var out []string
	want := strings.ToLower(toComplete)
	for _, c := range cands {
		if strings.HasPrefix(strings.ToLower(c.Value), want) {
			if c.Description != "" {
				out = append(out, c.Value+"\t"+c.Description)
			} else {
				out = append(out, c.Value)
			}
		}
	}
	return out
}

// Candidate is one completion value with its description.
type Candidate struct {
	Value       string `json:"v"`
	Description string `json:"d,omitempty"`
}

type completionCache struct {
	Time       time.Time   `json:"time"`
	Candidates []Candidate `json:"candidates"`
}

// candidates returns the completion values cached under what (an entity kind, "orgs") when
// they are fresh, else from list (bounded by CompletionTimeout). Errors give none.
func (f *Factory) candidates(ctx context.Context, what string, list func(context.Context) ([]Candidate, bool)) []Candidate {
	path := f.completionCachePath(what)
	now := f.Now()
	if path != "" {
		if b, err := os.ReadFile(path); err == nil {
			var c completionCache
			if json.Unmarshal(b, &c) == nil && now.Sub(c.Time) >= 0 && now.Sub(c.Time) < CompletionCacheTTL {
				return c.Candidates
			}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, CompletionTimeout)
	defer cancel()
	cands, ok := list(ctx)
	if !ok || path == "" {
		return cands
	}
	if b, err := json.Marshal(completionCache{Time: now, Candidates: cands}); err == nil {
		if os.MkdirAll(filepath.Dir(path), 0o700) == nil {
			tmp := path + ".tmp"
			if os.WriteFile(tmp, b, 0o600) == nil {
				_ = os.Rename(tmp, path)
			}
		}
	}
	return cands
}

// listCandidates lists kind's calling entities; ok is false when the list failed (nothing
// is cached then).
func listCandidates(ctx context.Context, f *Factory, kind wxc.EntityKind) (out []Candidate, ok bool) {
	c, err := f.Client(ctx)
	if err != nil {
		return nil, false
	}
	add := func(v, d string) bool {
		if v != "" {
			out = append(out, Candidate{Value: v, Description: d})
		}
		return len(out) < completionMax
	}
	var lerr error
	switch kind {
	case wxc.Person:
		for p, err := range c.People.All(ctx, &wxc.PeopleListOptions{CallingData: true}) {
			if lerr = err; err != nil {
				break
			}
			if p.LocationID == "" {
				continue // no Webex Calling
			}
			v := p.ID
			if len(p.Emails) > 0 {
				v = p.Emails[0]
			}
			if !add(v, p.DisplayName) {
				break
			}
		}
	case wxc.Workspace:
		for w, err := range c.Workspaces.All(ctx, &wxc.WorkspaceListOptions{Calling: "webexCalling"}) {
			if lerr = err; err != nil || !add(w.DisplayName, "") {
				break
			}
		}
	case wxc.Location:
		for l, err := range c.Locations.AllCalling(ctx, nil) {
			if lerr = err; err != nil || !add(l.Name, "") {
				break
			}
		}
	case wxc.VirtualLine:
		for v, err := range c.VirtualLines.All(ctx, nil) {
			if lerr = err; err != nil {
				break
			}
			name := v.DisplayName
			if name == "" {
				name = strings.TrimSpace(v.FirstName + " " + v.LastName)
			}
			if !add(name, "") {
				break
			}
		}
	}
	if lerr != nil {
		return nil, false
	}
	return out, true
}

// completionCachePath is the cache file of what (a kind, "orgs") for the current target: a hash of the base
// URL (or emulator state), the token and the org, never the token itself; "" when there is
// no user cache directory or no target. The directory is $WXC_CACHE_DIR/completion, else
// <user cache dir>/wxc/completion.
func (f *Factory) completionCachePath(what string) string {
	f.mu.Lock()
	t, err := f.resolveTargetLocked()
	f.mu.Unlock()
	if err != nil || t == nil {
		return ""
	}
	dir := ""
	if f.Getenv != nil {
		dir = f.Getenv("WXC_CACHE_DIR") // tests, and users who want the cache elsewhere
	}
	if dir == "" {
		if dir, err = os.UserCacheDir(); err != nil {
			return ""
		}
		dir = filepath.Join(dir, "wxc")
	}
	where := t.baseURL
	if f.Options.Emulator {
		where = "emulator:" + f.Options.EmulatorState
	}
	h := sha256.Sum256([]byte(where + "\x00" + t.token + "\x00" + f.Options.OrgID + "\x00" + what))
	return filepath.Join(dir, "completion", hex.EncodeToString(h[:16])+".json")
}
