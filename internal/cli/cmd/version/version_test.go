package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	t.Parallel()
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/wxcgo/go-wxc", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}}}
	in := fromBuildInfo(bi, true)
	if in.Version != "v1.2.3" || in.Commit != "0123456789abcdef0123" || !in.Modified || in.GoVersion != "go1.26.0" || in.CommitAt == "" {
		t.Errorf("Info = %+v", in)
	}
	if s := in.String(); !strings.HasPrefix(s, "wxc v1.2.3 (commit 0123456789ab, modified) go1.26.0 ") {
		t.Errorf("String() = %q", s)
	}
	clean := fromBuildInfo(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true)
	if s := clean.String(); strings.Contains(s, "commit") || !strings.HasPrefix(s, "wxc (devel) go") {
		t.Errorf("no VCS info: %q", s)
	}
	if none := fromBuildInfo(nil, false); none.Version != "(unknown)" || none.GoVersion == "" {
		t.Errorf("no build info: %+v", none)
	}
}
