package jobs

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/plan"
)

// This file names the files of apply and restore after their target, so that the same desired
// file can be applied to several targets (the emulator, then production) and every journal and
// backup stays with its target:
//
//	DESIRED.journal-<target>.jsonl                    apply's journal
//	<DESIRED stem>.backup-<target>-<UTC time>.jsonl   apply's backup (restore --latest -f DESIRED finds the newest)
//	BACKUP.restore-journal-<target>.jsonl             restore's journal
//	<BACKUP stem>.before-restore-<UTC time>.jsonl     restore's own backup of what it replaces
//
// <target> is the first 8 hex digits of the sha256 of the target's cmdutil.Label (Target).

// Target is where a job writes: the API base URL and --org-id, or for --emulator the
// emulator's state file and --org-id. The token is not part of it (a new token for the same
// org is the same target).
type Target struct {
	Label string // for people and journal headers; never holds a secret
	Hash  string // 8 hex digits, used in file names
}

// TargetHashLen is how many hex digits of the target hash go into file names.
const TargetHashLen = 8

// resolveJobTarget works out the target of the factory's client.
func resolveJobTarget(ctx context.Context, f *cmdutil.Factory) (Target, error) {
	c, err := f.Client(ctx)
	if err != nil {
		return Target{}, err
	}
	var desc string
	if f.Options.Emulator {
		path, err := f.EmulatorStatePath()
		if err != nil {
			return Target{}, err
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		desc = "emulator state " + path
	} else {
		desc = strings.TrimRight(c.BaseURL(), "/")
	}
	if f.Options.OrgID != "" {
		desc += " org " + f.Options.OrgID
	} else {
		desc += " (the token's org)"
	}
	return Target{Label: desc, Hash: plan.Hash([]byte(desc))[:TargetHashLen]}, nil
}

// utcStamp is the time format of file names.
const utcStamp = "20060102T150405Z"

// fileStem is path without its extension (examples/desired.yaml -> examples/desired).
func fileStem(path string) string { return strings.TrimSuffix(path, filepath.Ext(path)) }

// ApplyJournalPath is apply's default journal for desired and target.
func ApplyJournalPath(desired string, t Target) string {
	return desired + ".journal-" + t.Hash + ".jsonl"
}

// restoreJournalPath is restore's default journal for backup and target.
func restoreJournalPath(backup string, t Target) string {
	return backup + ".restore-journal-" + t.Hash + ".jsonl"
}

// freePath returns base+ext, or base-2+ext, base-3+ext ... whichever does not exist yet, so
// that two runs in the same second do not collide.
func freePath(base, ext string) string {
	p := base + ext
	for n := 2; ; n++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = base + "-" + strconv.Itoa(n) + ext
	}
}

// applyBackupPath is apply's default backup for desired and target, named by the time.
func applyBackupPath(f *cmdutil.Factory, desired string, t Target) string {
	return freePath(fileStem(desired)+".backup-"+t.Hash+"-"+f.Now().UTC().Format(utcStamp), ".jsonl")
}

// restoreBackupPath is restore's default backup of the settings it replaces.
func restoreBackupPath(f *cmdutil.Factory, backup string) string {
	return freePath(fileStem(backup)+".before-restore-"+f.Now().UTC().Format(utcStamp), ".jsonl")
}

// LatestBackup returns the newest backup that apply wrote under its default name for desired
// and target t (restore --latest -f DESIRED).
func LatestBackup(desired string, t Target) (string, error) {
	dir, stem := filepath.Dir(desired), filepath.Base(fileStem(desired))
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(stem) + `\.backup-` + t.Hash + `-(\d{8}T\d{6}Z)(?:-(\d+))?\.jsonl$`)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", cmdutil.UsageErrorf("--latest: %v", err)
	}
	type found struct {
		name, stamp string
		seq         int
	}
	var all []found
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		seq := 1
		if m[2] != "" {
			seq, _ = strconv.Atoi(m[2])
		}
		all = append(all, found{e.Name(), m[1], seq})
	}
	if len(all) == 0 {
		return "", cmdutil.UsageErrorf("--latest: no backup of %s for this target (%s) in %s: apply writes %s; name a backup file instead",
			desired, t.Label, dir, filepath.Base(fileStem(desired))+".backup-"+t.Hash+"-<UTC time>.jsonl")
	}
	best := slices.MaxFunc(all, func(a, b found) int {
		if c := strings.Compare(a.stamp, b.stamp); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	return filepath.Join(dir, best.name), nil
}

// targetFlags are the global flags that select f's target, for commands printed to be run
// again (never the token).
func targetFlags(f *cmdutil.Factory) string {
	o := f.Options
	var parts []string
	if o.Emulator {
		parts = append(parts, "--emulator")
		if o.EmulatorState != "" {
			parts = append(parts, "--emulator-state", shellQuote(o.EmulatorState))
		}
	}
	if o.BaseURL != "" {
		parts = append(parts, "--base-url", shellQuote(o.BaseURL))
	}
	if o.OrgID != "" {
		parts = append(parts, "--org-id", shellQuote(o.OrgID))
	}
	return strings.Join(parts, " ")
}

// wxcCommand is a wxc command line with f's target flags, for people to copy.
func wxcCommand(f *cmdutil.Factory, args ...string) string {
	parts := []string{"wxc"}
	if t := targetFlags(f); t != "" {
		parts = append(parts, t)
	}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// undoHint is the line that tells how to put back what a job replaced.
func undoHint(f *cmdutil.Factory, command, backup, desired string) string {
	line := fmt.Sprintf("to undo this %s: %s", command, wxcCommand(f, "restore", backup))
	if desired != "" {
		line += fmt.Sprintf("\n  (or, while it is the newest backup of %s for this target: %s)", desired,
			wxcCommand(f, "restore", "--latest", "-f", desired))
	}
	return line
}
