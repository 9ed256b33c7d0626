package plan

import (
	"context"
	"fmt"

	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Writer makes one op's SDK call. result is informational (a created digit pattern's ID).
type Writer interface {
	Write(ctx context.Context, e snapshot.Entity, op Op) (result string, err error)
}

// SDKWriter writes through the SDK.
type SDKWriter struct {
	Client *wxc.Client
	// CallOpts are added to every call. The organization needs none: the client's
	// wxc.WithOrgID default applies (the CLI sets it when it builds the client).
	CallOpts []wxc.CallOption
}

// Write makes the one SDK call of op, through the entity kind's service
// (Client.OutgoingPermissions), which reaches a location's codes through the location
// access-code API by itself.
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
	case OpAccessCodesModify, OpLocationCodesDelete:
		return "", svc.AccessCodes.Modify(ctx, e.ID, op.UseCustom, op.DeleteCodes, o...)
	case OpAccessCodeCreate:
		if len(op.Codes) != 1 {
			return "", fmt.Errorf("%s: want one code, have %d", op.ID, len(op.Codes))
		}
		return "", svc.AccessCodes.Create(ctx, e.ID, op.Codes[0].Code, op.Codes[0].Description, o...)
	case OpLocationCodesCreate:
		// Several codes in one request: only the location API has that (the per-kind
		// service creates one code per call).
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
