package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wxcgo/go-wxc/callcheck"
	"github.com/wxcgo/go-wxc/internal/cli/cmdutil"
	"github.com/wxcgo/go-wxc/internal/cli/output"
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// runOne decides the numbers for one entity: it reads the entity's settings and its
// location's (4 GETs each, as export does), the locations list for the location's name and
// country, and decides offline.
func runOne(ctx context.Context, opts *checkOptions, eng *callcheck.Engine) error {
	f := opts.f
	c, e, err := f.EntityTarget(ctx, opts.Ref, false)
	if err != nil {
		return err
	}
	if e.LocationID == "" && e.Kind == wxc.Location {
		e.LocationID = e.ID
	}
	if e.LocationID == "" {
		return fmt.Errorf("%s has no location, so its calling settings are not known", cmdutil.Label(e))
	}
	name, country, err := locationDetails(ctx, c, e.LocationID)
	switch {
	case err != nil && opts.Country != "" && ctx.Err() == nil:
		f.Infof("check: could not read the country of %s's location (%v); using --country %s\n", cmdutil.Label(e), err, opts.Country)
	case err != nil:
		return fmt.Errorf("read the country of %s's location (the locations list; --country CC skips it): %w", cmdutil.Label(e), err)
	}
	if e.LocationName == "" {
		e.LocationName = name
	}
	e.LocationCountry = country
	own, err := snapshot.FetchRetrying(ctx, c, e, nil)
	if err != nil {
		return fmt.Errorf("read the settings of %s: %w", cmdutil.Label(e), err)
	}
	var loc *snapshot.Settings
	if e.Kind != wxc.Location {
		le := snapshot.Entity{Kind: wxc.Location, ID: e.LocationID, Name: e.LocationName, LocationID: e.LocationID,
			LocationName: e.LocationName, LocationCountry: country}
		if loc, err = snapshot.FetchRetrying(ctx, c, le, nil); err != nil {
			return fmt.Errorf("read the settings of location %s (%s's location): %w", cmp.Or(e.LocationName, e.LocationID), cmdutil.Label(e), err)
		}
	}
	sub := own.CallSubject(loc, opts.Country)
	if sub.Country == "" {
		return cmdutil.UsageErrorf("the country of location %s is not known (its address has none): pass --country CC", cmp.Or(e.LocationName, e.LocationID))
	}
	prep, err := eng.Prepare(sub)
	if err != nil {
		return fmt.Errorf("%s: %w", cmdutil.Label(e), err)
	}
	recs := make([]Record, 0, len(opts.Numbers))
	for _, n := range opts.Numbers {
		d, err := prep.Decide(n)
		switch {
		case errors.Is(err, callcheck.ErrInvalidNumber):
			// A number from elsewhere (too long for GB, say): it cannot be dialled as written.
			recs = append(recs, invalidRecord(&own.Entity, sub.Country, n, err))
			continue
		case errors.Is(err, callcheck.ErrUnsupportedCountry):
			return cmdutil.UsageErrorf("the country of %s's location, %q, is not one the number library knows: %v", cmdutil.Label(e), sub.Country, err)
		case err != nil:
			return fmt.Errorf("decide %q for %s: %w", n, cmdutil.Label(e), err)
		}
		recs = append(recs, newRecord(&own.Entity, sub.Country, n, d))
	}
	var liveErr error
	if opts.Live {
		liveErr = addLive(ctx, c, e, recs)
		if ctx.Err() != nil {
			return liveErr
		}
	}
	if err := f.Render(recs, oneRows(recs, opts.Live)); err != nil {
		return err
	}
	if liveErr != nil {
		return liveErr // after the output, which shows each number's answer or error
	}
	return verdict(f, recs, cmdutil.Label(e))
}

// locationDetails finds a location's name and country (its address) in the locations list,
// GET /locations (one page for most orgs; the calling-locations list has no address).
func locationDetails(ctx context.Context, c *wxc.Client, id string) (name, country string, err error) {
	for l, err := range c.Locations.All(ctx, nil) {
		if err != nil {
			return "", "", err
		}
		if l.ID == id {
			if l.Address != nil {
				country = strings.ToUpper(l.Address.Country)
			}
			return l.Name, country, nil
		}
	}
	return "", "", fmt.Errorf("location %s is not in the locations list", id)
}

func oneRows(recs []Record, live bool) *output.Rows {
	rows := &output.Rows{Headers: []string{"number", "action", "call_type", "why"}}
	if live {
		rows.Headers = append(rows.Headers, "live")
	}
	for _, r := range recs {
		ct := string(r.CallType)
		if r.Emergency {
			ct = "EMERGENCY"
		}
		why := r.Why
		if r.Error != "" {
			why = r.Error
		}
		cells := []string{r.Number, orNone(string(r.Action)), ct, why}
		if live {
			cells = append(cells, liveCell(r.Live))
		}
		rows.Add(cells...)
	}
	return rows
}

// verdict is exit 0 when every record is allowed, else exit 4 with what was not.
func verdict(f *cmdutil.Factory, recs []Record, who string) error {
	var not []string
	for _, r := range recs {
		if !r.Allowed {
			not = append(not, r.Number+" "+orNone(string(r.Action)))
		}
	}
	if len(not) == 0 {
		return nil
	}
	return &cmdutil.ExitError{Code: cmdutil.ExitFindings,
		Err: fmt.Errorf("%d of %d numbers are not ALLOW for %s (blocked, or needing an access code or a transfer): %s", len(not), len(recs), who, strings.Join(not, ", "))}
}
