package snapshot

import (
	"context"
	"fmt"

	"github.com/wxcgo/go-wxc/wxc"
)

// Fetch reads every outgoing-permission setting of e: the outgoing permissions, the auto
// transfer numbers, the access codes and the digit patterns, each through the kind's service
// (wxc.Client.OutgoingPermissions; for a location the SDK reads the location access-code
// API). That is four GET requests, made one after the other so that a worker pool of n
// goroutines has at most n requests in flight. The SDK's errors already say what was read of
// which entity ("GET /telephony/config/people/ID/outgoingPermission/accessCodes: 503 ..."),
// so they are returned as they are.
func Fetch(ctx context.Context, client *wxc.Client, e Entity, opts ...wxc.CallOption) (*Settings, error) {
	if e.ID == "" {
		return nil, fmt.Errorf("fetch %s: empty entity ID", e.Kind)
	}
	svc := client.OutgoingPermissions(e.Kind)
	if svc == nil {
		return nil, fmt.Errorf("fetch: unknown entity kind %q", e.Kind)
	}
	s := &Settings{Entity: e}
	var err error
	if s.Outgoing, err = svc.Read(ctx, e.ID, opts...); err != nil {
		return nil, err
	}
	if s.TransferNumbers, err = svc.TransferNumbers.Read(ctx, e.ID, opts...); err != nil {
		return nil, err
	}
	if s.AccessCodes, err = svc.AccessCodes.Read(ctx, e.ID, opts...); err != nil {
		return nil, err
	}
	if s.DigitPatterns, err = svc.DigitPatterns.List(ctx, e.ID, opts...); err != nil {
		return nil, err
	}
	return s, nil
}
