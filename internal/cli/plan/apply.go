package plan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Writer makes one op's SDK call. result is informational (a created digit pattern's ID).
type Writer interface {
	Write(ctx context.Context, e snapshot.Entity, op Op) (result string, err error)
}

// FetchFunc reads one entity's current settings (snapshot.Fetch with a client).
type FetchFunc func(ctx context.Context, e snapshot.Entity) (*snapshot.Settings, error)

// SDKWriter writes through the SDK.
type SDKWriter struct {
	Client   *wxc.Client
	CallOpts []wxc.CallOption
}

// Write makes the one SDK call of op.
func (w *SDKWriter) Write(ctx context.Context, e snapshot.Entity, op Op) (string, error) {
	svc := w.Client.OutgoingPermissions(e.Kind)
	if svc == nil {
		return "", fmt.Errorf("unknown entity kind %q", e.Kind)
	}
	o := w.CallOpts
	switch op.Kind {
	case OpOutgoing:
		return "", svc.Configure(ctx, e.ID, op.Outgoing, o...)
	case OpTransferNumbers:
		return "", svc.TransferNumbers.Configure(ctx, e.ID, op.TransferNumbers, o...)
	case OpAccessCodesModify:
		return "", svc.AccessCodes.Modify(ctx, e.ID, op.UseCustom, op.DeleteCodes, o...)
	case OpAccessCodeCreate:
		if len(op.Codes) != 1 {
			return "", fmt.Errorf("%s: want one code, have %d", op.ID, len(op.Codes))
		}
		return "", svc.AccessCodes.Create(ctx, e.ID, op.Codes[0].Code, op.Codes[0].Description, o...)
	case OpLocationCodesDelete:
		return "", w.Client.LocationAccessCodes.DeleteCodes(ctx, e.ID, op.DeleteCodes, o...)
	case OpLocationCodesCreate:
		return "", w.Client.LocationAccessCodes.Create(ctx, e.ID, op.Codes, o...)
	case OpDigitPatternsCategory:
		return "", svc.DigitPatterns.UpdateCategoryControlSettings(ctx, e.ID, op.UseCustom, o...)
	case OpDigitPatternDelete:
		return "", svc.DigitPatterns.Delete(ctx, e.ID, op.Pattern.ID, o...)
	case OpDigitPatternUpdate:
		return "", svc.DigitPatterns.Update(ctx, e.ID, op.Pattern, o...)
	case OpDigitPatternCreate:
		return svc.DigitPatterns.Create(ctx, e.ID, op.Pattern, o...)
	}
	return "", fmt.Errorf("unknown op %q", op.Kind)
}

// Check reports whether op's effect is already in place in s (so the write must not be made
// again) and returns the op to make otherwise, narrowed to what is still missing.
func Check(s *snapshot.Settings, op Op) (inPlace bool, next Op) {
	switches := wxc.UsesCustomSwitch(s.Kind)
	switch op.Kind {
	case OpOutgoing:
		b, cur := op.Outgoing, s.Outgoing
		if cur == nil {
			return false, op
		}
		if switches && ((b.UseCustomEnabled != nil && !eqBool(cur.UseCustomEnabled, *b.UseCustomEnabled)) ||
			(b.UseCustomPermissions != nil && !eqBool(cur.UseCustomPermissions, *b.UseCustomPermissions))) {
			return false, op
		}
		if b.CallingPermissions != nil {
			for _, ct := range b.CallingPermissions.CallTypes() {
				want, _ := b.CallingPermissions.ForCallType(ct)
				have, ok := wxc.CallTypePermission{}, false
				if cur.CallingPermissions != nil {
					have, ok = cur.CallingPermissions.ForCallType(ct)
				}
				if !ok || have.Action != want.Action || have.TransferEnabled != want.TransferEnabled {
					return false, op
				}
			}
		}
		return true, op
	case OpTransferNumbers:
		b, cur := op.TransferNumbers, s.TransferNumbers
		if cur == nil {
			return false, op
		}
		if switches && b.UseCustomTransferNumbers != nil && !eqBool(cur.UseCustomTransferNumbers, *b.UseCustomTransferNumbers) {
			return false, op
		}
		have := []*string{cur.AutoTransferNumber1, cur.AutoTransferNumber2, cur.AutoTransferNumber3}
		for i, w := range []*string{b.AutoTransferNumber1, b.AutoTransferNumber2, b.AutoTransferNumber3} {
			if w != nil && !sameNumber(have[i], *w) {
				return false, op
			}
		}
		return true, op
	case OpAccessCodesModify, OpLocationCodesDelete:
		codes := ownCodes(s)
		var still []string
		for _, c := range op.DeleteCodes {
			if _, ok := codes[c]; ok {
				still = append(still, c)
			}
		}
		flagOK := op.UseCustom == nil || (s.AccessCodes != nil && eqBool(s.AccessCodes.UseCustomAccessCodes, *op.UseCustom))
		if flagOK && len(still) == 0 {
			return true, op
		}
		op.DeleteCodes = still
		return false, op
	case OpAccessCodeCreate, OpLocationCodesCreate:
		codes := ownCodes(s)
		var missing []wxc.AuthCode
		for _, c := range op.Codes {
			if d, ok := codes[c.Code]; !ok || d != c.Description {
				missing = append(missing, c)
			}
		}
		if len(missing) == 0 {
			return true, op
		}
		op.Codes = missing
		return false, op
	case OpDigitPatternsCategory:
		return s.DigitPatterns != nil && op.UseCustom != nil && eqBool(s.DigitPatterns.UseCustomDigitPatterns, *op.UseCustom), op
	case OpDigitPatternDelete:
		return findPattern(s, func(p wxc.DigitPattern) bool { return p.ID == op.Pattern.ID }) == nil, op
	case OpDigitPatternUpdate, OpDigitPatternCreate:
		var p *wxc.DigitPattern
		if op.Kind == OpDigitPatternUpdate {
			p = findPattern(s, func(x wxc.DigitPattern) bool { return x.ID == op.Pattern.ID })
		} else {
			p = findPattern(s, func(x wxc.DigitPattern) bool { return x.Name == op.Pattern.Name })
		}
		if p == nil {
			return false, op
		}
		w := op.Pattern
		ok := (w.Name == "" || p.Name == w.Name) && (w.Pattern == "" || p.Pattern == w.Pattern) &&
			(w.Action == "" || p.Action == w.Action) && (w.TransferEnabled == nil || eqBool(p.TransferEnabled, *w.TransferEnabled))
		if ok {
			return true, op
		}
		if op.Kind == OpDigitPatternCreate { // created, but the name exists with other values: update it
			upd := *w
			upd.ID = p.ID
			op.Kind, op.Pattern = OpDigitPatternUpdate, &upd
		}
		return false, op
	}
	return false, op
}

func ownCodes(s *snapshot.Settings) map[string]string {
	m := map[string]string{}
	if s.AccessCodes == nil {
		return m
	}
	for _, c := range s.AccessCodes.AccessCodes {
		if c.Level != wxc.AuthCodeLevelLocation {
			m[c.Code] = c.Description
		}
	}
	return m
}

func findPattern(s *snapshot.Settings, f func(wxc.DigitPattern) bool) *wxc.DigitPattern {
	if s.DigitPatterns == nil {
		return nil
	}
	if i := slices.IndexFunc(s.DigitPatterns.DigitPatterns, f); i >= 0 {
		return &s.DigitPatterns.DigitPatterns[i]
	}
	return nil
}

// Outcome of one op in a run.
const (
	OutcomeDone     = "done"     // written in this run
	OutcomeVerified = "verified" // interrupted earlier; a re-read showed the write in place
	OutcomeSkipped  = "skipped"  // done in an earlier run (journal)
	OutcomeFailed   = "failed"   // the write failed
	OutcomeNotRun   = "not-run"  // an earlier write of the same entity failed
)

// OpResult is what happened to one op.
type OpResult struct {
	Entity  snapshot.Entity
	Op      Op
	Outcome string
	Err     error
}

// Summary counts a run's outcomes.
type Summary struct {
	Done, Verified, Skipped, Failed, NotRun int
	Failures                                []OpResult
}

// Applier runs a plan's ops, journaling each one. Ops of one entity run in plan order, one
// after the other; entities run Concurrency at a time.
type Applier struct {
	Writer      Writer
	Fetch       FetchFunc // re-reads an entity whose op was interrupted
	Journal     *Journal
	Concurrency int
	// Prior is the state of an earlier, interrupted run (nil for a fresh run).
	Prior *JournalState
	// OnResult, when set, is called after each op (from several goroutines; it must be safe).
	OnResult func(OpResult)
}

// Run applies the plan. It returns the summary and an error only when it could not go on
// (journal write failed, ctx done); per-op failures are in the summary.
func (a *Applier) Run(ctx context.Context, p *Plan) (Summary, error) {
	var (
		mu    sync.Mutex
		sum   Summary
		fatal error
	)
	record := func(r OpResult) {
		mu.Lock()
		switch r.Outcome {
		case OutcomeDone:
			sum.Done++
		case OutcomeVerified:
			sum.Verified++
		case OutcomeSkipped:
			sum.Skipped++
		case OutcomeFailed:
			sum.Failed++
			sum.Failures = append(sum.Failures, r)
		case OutcomeNotRun:
			sum.NotRun++
			sum.Failures = append(sum.Failures, r)
		}
		mu.Unlock()
		if a.OnResult != nil {
			a.OnResult(r)
		}
	}
	setFatal := func(err error) {
		mu.Lock()
		if fatal == nil {
			fatal = err
		}
		mu.Unlock()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	n := max(a.Concurrency, 1)
	jobs := make(chan *EntityPlan)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ep := range jobs {
				if err := a.runEntity(ctx, ep, record); err != nil {
					setFatal(err)
					cancel()
				}
			}
		})
	}
feed:
	for i := range p.Entities {
		select {
		case jobs <- &p.Entities[i]:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if fatal != nil {
		return sum, fatal
	}
	return sum, context.Cause(ctx)
}

func (a *Applier) prior(id string) string {
	if a.Prior == nil {
		return ""
	}
	return a.Prior.Last[id]
}

// runEntity runs one entity's ops; it returns an error only for journal failures or ctx.
func (a *Applier) runEntity(ctx context.Context, ep *EntityPlan, record func(OpResult)) error {
	var current *snapshot.Settings // re-read state, valid until the next write
	failed := false
	for _, op := range ep.Ops {
		if err := ctx.Err(); err != nil {
			return err
		}
		res := OpResult{Entity: ep.Entity, Op: op}
		if failed {
			res.Outcome, res.Err = OutcomeNotRun, errors.New("not run: an earlier write for this entity failed")
			record(res)
			continue
		}
		switch a.prior(op.ID) {
		case StateDone:
			res.Outcome = OutcomeSkipped
			record(res)
			continue
		case StateStarted, StateFailed:
			// The write may or may not have reached the server: look before writing again.
			if current == nil {
				s, err := a.Fetch(ctx, ep.Entity)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					res.Outcome, res.Err = OutcomeFailed, fmt.Errorf("re-read before retrying %s: %w", op.ID, err)
					record(res)
					failed = true
					continue
				}
				current = s
			}
			inPlace, next := Check(current, op)
			if inPlace {
				if err := a.Journal.Record(op.ID, StateDone, "verified", nil); err != nil {
					return err
				}
				res.Outcome = OutcomeVerified
				record(res)
				continue
			}
			op = next
		}
		if err := a.Journal.Record(op.ID, StateStarted, "", nil); err != nil {
			return err
		}
		result, err := a.Writer.Write(ctx, ep.Entity, op)
		current = nil
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err() // interrupted: the journal says started; a resume checks
			}
			if jerr := a.Journal.Record(op.ID, StateFailed, "", err); jerr != nil {
				return jerr
			}
			res.Outcome, res.Err = OutcomeFailed, err
			record(res)
			failed = true
			continue
		}
		if err := a.Journal.Record(op.ID, StateDone, result, nil); err != nil {
			return err
		}
		res.Outcome = OutcomeDone
		record(res)
	}
	return nil
}
