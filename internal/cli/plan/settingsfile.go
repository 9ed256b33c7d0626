package plan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
)

// WriteSettingsFile writes one snapshot.Settings JSON line per entity to path, which must not
// exist, through a temporary file that is fsync'd and renamed, so the file is either complete
// or absent.
func WriteSettingsFile(path string, settings []snapshot.Settings) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s exists already; name a new backup file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create the backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	for _, s := range settings {
		b, err := json.Marshal(s)
		if err != nil {
			tmp.Close()
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write the backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync the backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil { // fails if path appeared meanwhile
		return fmt.Errorf("create the backup %s: %w", path, err)
	}
	return syncDir(path)
}

// ReadSettings reads snapshot.Settings records: JSON lines (backups, `wxc export -o jsonl`)
// or one JSON array (`wxc export -o json`).
func ReadSettings(r io.Reader) ([]snapshot.Settings, error) {
	ss, _, err := ReadSettingsSummary(r)
	return ss, err
}

// ReadSettingsSummary is ReadSettings that also returns the summary record that ends an
// incomplete export (nil for a complete export or a backup). The summary record is not
// one of the settings.
func ReadSettingsSummary(r io.Reader) ([]snapshot.Settings, *snapshot.Summary, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	var raws []json.RawMessage
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, nil, fmt.Errorf("not a settings JSON array: %w", err)
		}
	} else {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, nil, fmt.Errorf("record %d: %w", len(raws)+1, err)
			}
			raws = append(raws, raw)
		}
	}
	var (
		out []snapshot.Settings
		sum *snapshot.Summary
	)
	for i, raw := range raws {
		if s, ok := snapshot.IsSummary(raw); ok {
			sum = s
			continue
		}
		var s snapshot.Settings
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, nil, fmt.Errorf("record %d: %w", i+1, err)
		}
		if s.ID == "" || s.Kind == "" {
			return nil, nil, fmt.Errorf("record %d has no kind or id: not a wxc export or backup", i+1)
		}
		out = append(out, s)
	}
	return out, sum, nil
}
