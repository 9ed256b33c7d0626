package check

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// runFrom decides the numbers for the entities of an export file, offline. The file is read
// twice, streamed: first for the locations (whose settings the others inherit; an export has
// them after people and workspaces) and to check that every entity's country is known, then
// for the people, workspaces and virtual lines. Memory holds the locations and the summaries,
// not the entities.
func runFrom(ctx context.Context, opts *checkOptions, eng *callcheck.Engine) error {
	f := opts.f
	path := opts.From
	if path == "-" {
		return cmdutil.UsageErrorf("--from reads its file twice; stdin cannot be: save the export to a file first")
	}
	locs := map[string]*snapshot.Settings{}
	var sum *snapshot.Summary
	var noCountry []string
	noCountries := 0
	records := 0
	err := eachRecord(path, func(raw []byte) error {
		var p struct {
			Kind            string `json:"kind"`
			ID              string `json:"id"`
			Name            string `json:"name"`
			LocationCountry string `json:"locationCountry"`
		}
		// Most records need no decoding here: wxc writes the kind first, and the country
		// is there or not.
		p.Kind = kindOf(raw)
		hasCountry := bytes.Contains(raw, []byte(`"locationCountry":"`))
		if p.Kind == "" || (!hasCountry && p.Kind != snapshot.SummaryKind) {
			if err := json.Unmarshal(raw, &p); err != nil {
				return err
			}
			hasCountry = p.LocationCountry != ""
		}
		records++
		switch p.Kind {
		case snapshot.SummaryKind:
			s, ok := snapshot.IsSummary(raw)
			if !ok {
				return errors.New("a summary record that cannot be read")
			}
			sum = s
			return nil
		case string(wxc.Location):
			s, err := decodeRecord(raw)
			if err != nil {
				return err
			}
			if s.ID == "" {
				return errors.New("no id: not a wxc export record")
			}
			locs[s.ID] = s
		case "":
			return errors.New("no kind: not a wxc export record")
		}
		if !hasCountry && opts.Country == "" {
			noCountries++
			if len(noCountry) < 3 {
				noCountry = append(noCountry, fmt.Sprintf("%s %s", p.Kind, cmp.Or(p.Name, p.ID)))
			}
		}
		return nil
	})
	if err != nil {
		return cmdutil.UsageErrorf("--from %s: %v", path, err)
	}
	if noCountries > 0 {
		return cmdutil.UsageErrorf("--from %s: %d records have no locationCountry (e.g. %v; exports by wxc before it recorded the location's country): "+
			"pass --country CC for them, or export again; nothing was decided", path, noCountries, noCountry)
	}
	a, err := newAllRun(f, opts, eng)
	if err != nil {
		return err
	}
	if opts.Summary || (a.rows != nil && a.rows.table == nil) {
		// The run allocates a little per record and keeps little (the locations and the
		// summaries; -o json/yaml without --summary keeps the dialers, and a table on a
		// terminal its rows until aligned, so not then):
		// collecting garbage less often saves about a tenth of its CPU time for some more
		// memory (docs/BENCHMARKS.md).
		defer debug.SetGCPercent(debug.SetGCPercent(1000))
	}
	total, failed := 0, 0
	var firstFail error
	err = eachRecord(path, func(raw []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch kindOf(raw) {
		case snapshot.SummaryKind, string(wxc.Location):
			return nil
		}
		s, err := decodeRecord(raw)
		if err != nil {
			return err
		}
		switch {
		case s.Kind == wxc.Location || s.Kind == snapshot.SummaryKind:
			return nil
		case s.Kind == "" || s.ID == "":
			return errors.New("no kind or id: not a wxc export record")
		}
		total++
		if err := a.decide(s, locs[s.LocationID]); err != nil {
			if a.rows.err() != nil {
				return err
			}
			failed++
			if firstFail == nil {
				firstFail = fmt.Errorf("%s: %w", cmdutil.Label(s.Entity), err)
			}
			f.Infof("check: cannot decide for %s: %v\n", cmdutil.Label(s.Entity), err)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return cmdutil.UsageErrorf("--from %s: %v (the decisions before it were printed)", path, err)
	}
	if err := a.finish(); err != nil {
		return err
	}
	if failed > 0 {
		return &cmdutil.ExitError{Code: cmdutil.ExitPartial, Err: fmt.Errorf("check: %d of %d entities could not be decided (first: %v)", failed, total, firstFail)}
	}
	incomplete := ""
	if sum != nil {
		incomplete = fmt.Sprintf("%s is an incomplete export (%s)", path, cmdutil.IncompleteWhat(sum))
	}
	return a.verdict(nil, total, incomplete)
}

// eachRecord calls fn with each record of an export file: JSON lines, or one JSON array.
// fn's raw bytes are only valid during the call.
func eachRecord(path string, fn func(raw []byte) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	br := bufio.NewReaderSize(file, 1<<20)
	first, err := peekNonSpace(br)
	if err == io.EOF {
		return errors.New("empty file: not a wxc export")
	}
	if err != nil {
		return err
	}
	switch first {
	case '[':
		dec := json.NewDecoder(br)
		if _, err := dec.Token(); err != nil {
			return err
		}
		n := 0
		for dec.More() {
			n++
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fmt.Errorf("record %d: %w", n, err)
			}
			if err := fn(raw); err != nil {
				return fmt.Errorf("record %d: %w", n, err)
			}
		}
		return nil
	case '{':
	default:
		return fmt.Errorf("not a wxc export (jsonl or json; a yaml export cannot be read here: export with -o jsonl)")
	}
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A long line: collect it.
			buf := append([]byte(nil), b...)
			for err == bufio.ErrBufferFull {
				b, err = br.ReadSlice('\n')
				buf = append(buf, b...)
			}
			b = buf
		}
		if err != nil && err != io.EOF {
			return err
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			if ferr := fn(t); ferr != nil {
				return fmt.Errorf("line %d: %w", line, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b, br.UnreadByte()
	}
}
