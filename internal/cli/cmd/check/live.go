package check

import (
	"context"
	"fmt"
	"strings"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// addLive asks Webex's testCallRouting for each record's number (one POST each, one after
// the other) and sets Record.Live. A failed request is recorded in its record and returned
// (after the others were asked), so the output still shows every answer.
func addLive(ctx context.Context, c *wxc.Client, e snapshot.Entity, recs []Record) error {
	var firstErr error
	failed := 0
	for i := range recs {
		r := &recs[i]
		resp, err := c.CallRouting.TestCallRouting(ctx, wxc.TestCallRoutingRequest{
			OriginatorID: e.ID, OriginatorType: wxc.OriginatorPeople, Destination: r.Number,
			IncludeAppliedServices: wxc.Bool(true),
		})
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			r.Live = &LiveRecord{Error: err.Error()}
			failed++
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		r.Live = compareLive(r, resp)
	}
	if firstErr != nil {
		return fmt.Errorf("testCallRouting failed for %d of %d numbers (the table shows the others): %w", failed, len(recs), firstErr)
	}
	return nil
}

// compareLive compares Webex's answer with the offline decision: the action, what decided it
// (a digit pattern by name, or a call type), the level of the deciding setting, and whether
// the call is rejected (expected for BLOCK only).
func compareLive(r *Record, resp *wxc.TestCallRoutingResponse) *LiveRecord {
	lr := &LiveRecord{Rejected: resp.IsRejected, Destination: string(resp.DestinationType)}
	var diffs []string
	diff := func(what, webex, offline string) {
		if webex != offline {
			diffs = append(diffs, fmt.Sprintf("%s: Webex %s, offline %s", what, orNone(webex), orNone(offline)))
		}
	}
	byPattern, byType := resp.CallingPlan()
	var action, level string
	switch {
	case byPattern != nil:
		action, level = string(byPattern.Permission), string(byPattern.ConfigurationLevel)
		lr.Permission = fmt.Sprintf("%s by digit pattern '%s' (%s, %s)", byPattern.Permission, byPattern.Name, byPattern.Pattern, byPattern.ConfigurationLevel)
	case byType != nil:
		action, level = string(byType.Permission), string(byType.ConfigurationLevel)
		lr.Permission = fmt.Sprintf("%s by call type %s (%s)", byType.Permission, byType.CallType, byType.ConfigurationLevel)
	}
	switch {
	case r.Emergency:
		if byPattern != nil || byType != nil {
			diffs = append(diffs, "Webex applied "+lr.Permission+" to an emergency call; offline: emergency calls are never blocked")
		}
	case byPattern == nil && byType == nil:
		diffs = append(diffs, "Webex reported no outgoing calling permission; offline: "+r.Why)
	default:
		diff("action", action, string(r.Action))
		switch {
		case byPattern != nil && r.Pattern != nil:
			diff("digit pattern", "'"+byPattern.Name+"'", "'"+r.Pattern.Name+"'")
		case byPattern != nil:
			diffs = append(diffs, fmt.Sprintf("decided by: Webex digit pattern '%s', offline call type %s", byPattern.Name, r.CallType))
		case r.Pattern != nil:
			diffs = append(diffs, fmt.Sprintf("decided by: Webex call type %s, offline digit pattern '%s'", byType.CallType, r.Pattern.Name))
		default:
			diff("call type", string(byType.CallType), string(r.CallType))
		}
		diff("level", level, string(r.Level))
	}
	wantRejected := r.Action == wxc.ActionBlock && !r.Emergency
	if resp.IsRejected != wantRejected {
		diffs = append(diffs, fmt.Sprintf("isRejected: Webex %t, offline %s", resp.IsRejected, r.Action))
	}
	lr.Differences = diffs
	lr.Agrees = len(diffs) == 0
	return lr
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// liveCell is the LIVE column: "agrees" or "differs: ...".
func liveCell(l *LiveRecord) string {
	switch {
	case l == nil:
		return ""
	case l.Error != "":
		return "error: " + l.Error
	case l.Agrees:
		return "agrees"
	}
	return "differs: " + strings.Join(l.Differences, "; ")
}
