package plan

import (
	"github.com/wxcgo/go-wxc/internal/cli/snapshot"
	"github.com/wxcgo/go-wxc/wxc"
)

// Change is one field of one entity that the plan changes. From and To are nil (null), a
// bool, a string or a wxc.Action. Op is "set", "add" or "delete". Reason says why the plan
// makes a change the file does not name (a custom switch turned on so that the values the file
// sets take effect).
type Change struct {
	Field  string `json:"field"`
	Op     string `json:"op"`
	From   any    `json:"from"`
	To     any    `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// Reasons of the custom switches a plan turns on without the file naming them.
const (
	ReasonCallTypes       = "needed for the call types set in the file to take effect"
	ReasonTransferNumbers = "needed for the transfer numbers set in the file to take effect"
	ReasonAccessCodes     = "needed for the access codes set in the file to take effect"
	ReasonDigitPatterns   = "needed for the digit patterns set in the file to take effect"
)

// OpKind is the SDK call an Op makes.
type OpKind string

// Op kinds, one SDK call each. The names are part of a plan's JSON (`wxc plan -o json`) and
// of the journals of unfinished runs, so they do not change. A location's access codes have
// their own two kinds (see diff_codes.go): its deletes are the per-kind AccessCodes.Modify
// (the SDK routes a location to the location access-code API), its creates are one request
// with every code, which only that API offers.
const (
	OpOutgoing              OpKind = "outgoing.configure"              // OutgoingPermissions(k).Configure
	OpTransferNumbers       OpKind = "transferNumbers.configure"       // TransferNumbers.Configure
	OpAccessCodesModify     OpKind = "accessCodes.modify"              // AccessCodes.Modify (useCustom, deleteCodes)
	OpAccessCodeCreate      OpKind = "accessCodes.create"              // AccessCodes.Create (one code)
	OpLocationCodesDelete   OpKind = "locationAccessCodes.deleteCodes" // AccessCodes.Modify (nil, deleteCodes) of a location
	OpLocationCodesCreate   OpKind = "locationAccessCodes.create"      // LocationAccessCodes.Create (all codes)
	OpDigitPatternsCategory OpKind = "digitPatterns.category"          // DigitPatterns.UpdateCategoryControlSettings
	OpDigitPatternDelete    OpKind = "digitPatterns.delete"            // DigitPatterns.Delete
	OpDigitPatternUpdate    OpKind = "digitPatterns.update"            // DigitPatterns.Update
	OpDigitPatternCreate    OpKind = "digitPatterns.create"            // DigitPatterns.Create
)

// IsCreate reports whether ops of kind k are POST requests (creates), which the SDK does not
// resend after a 5xx or a network error.
func (k OpKind) IsCreate() bool {
	switch k {
	case OpAccessCodeCreate, OpLocationCodesCreate, OpDigitPatternCreate:
		return true
	}
	return false
}

// Op is one write: one SDK call for one entity. Only the members its Kind uses are set.
type Op struct {
	ID              string                   `json:"id"`
	Kind            OpKind                   `json:"op"`
	Outgoing        *wxc.OutgoingPermissions `json:"outgoing,omitempty"`
	TransferNumbers *wxc.AutoTransferNumbers `json:"transferNumbers,omitempty"`
	UseCustom       *bool                    `json:"useCustom,omitempty"`
	DeleteCodes     []string                 `json:"deleteCodes,omitempty"`
	Codes           []wxc.AuthCode           `json:"codes,omitempty"`
	Pattern         *wxc.DigitPattern        `json:"pattern,omitempty"`
}

// EntityPlan is the plan for one entity: the field changes (for people) and the writes.
type EntityPlan struct {
	Entity  snapshot.Entity `json:"entity"`
	Changes []Change        `json:"changes"`
	Ops     []Op            `json:"ops"`
}

// Plan is the whole plan, entities in the order of the current state given to Compute.
type Plan struct {
	Entities []EntityPlan `json:"entities"`
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Entities) == 0 }

// Counts returns the number of entities, field changes and writes.
func (p *Plan) Counts() (entities, changes, ops int) {
	for _, e := range p.Entities {
		changes += len(e.Changes)
		ops += len(e.Ops)
	}
	return len(p.Entities), changes, ops
}

// Ops returns every op with its entity, in plan order.
func (p *Plan) Ops() []EntityOp {
	var out []EntityOp
	for _, e := range p.Entities {
		for _, o := range e.Ops {
			out = append(out, EntityOp{Entity: e.Entity, Op: o})
		}
	}
	return out
}

// EntityOp is an op with the entity it writes to.
type EntityOp struct {
	Entity snapshot.Entity
	Op     Op
}
