package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// TestInput: the generated export is one export record per line, locations first, every
// caller in a generated location with a country; the dialled numbers are distinct and each is
// a number from some country (wxc check refuses the others before reading anything).
func TestInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.jsonl")
	if _, err := generate(path, 50, 7); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	locs := map[string]bool{}
	callers := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var s snapshot.Settings
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if s.LocationCountry == "" || s.Outgoing == nil || s.DigitPatterns == nil {
			t.Fatalf("record %s lacks a country or settings", s.ID)
		}
		if s.Kind == wxc.Location {
			if callers > 0 {
				t.Fatal("a location after a caller")
			}
			locs[s.ID] = true
			continue
		}
		callers++
		if !locs[s.LocationID] {
			t.Errorf("%s is in an unknown location %s", s.ID, s.LocationID)
		}
	}
	if len(locs) != 7 || callers != 50 {
		t.Errorf("%d locations, %d callers; want 7 and 50", len(locs), callers)
	}
	eng, err := callcheck.New(callcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	nums := dialled(100)
	seen := map[string]bool{}
	for _, n := range nums {
		if seen[n] {
			t.Errorf("%s twice", n)
		}
		seen[n] = true
		ok := false
		for _, c := range callcheck.BuiltinCountries() {
			if _, err := eng.Classify(c, n); !errors.Is(err, callcheck.ErrInvalidNumber) {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%s is not a number from any country", n)
		}
	}
	if len(nums) != 100 {
		t.Errorf("%d numbers", len(nums))
	}
}
