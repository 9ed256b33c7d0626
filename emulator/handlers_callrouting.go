package emulator

import (
	"net/http"
	"strconv"
	"strings"
)

// Call routing: POST telephony/config/actions/testCallRouting/invoke for PEOPLE
// originators (testdata/openapi/call-routing-and-orgs.openapi.yaml, tag Call Routing). The
// decision is callrouting.go's; the dial plans are callrouting_plan.go's.

type callRoutingIn struct {
	OriginatorID           *string `json:"originatorId"`
	OriginatorType         *string `json:"originatorType"`
	OriginatorNumber       *string `json:"originatorNumber"`
	Destination            *string `json:"destination"`
	IncludeAppliedServices *bool   `json:"includeAppliedServices"`
}

type byTypeOut struct {
	ConfigurationLevel string `json:"configurationLevel"`
	CallType           string `json:"callType"`
	Permission         string `json:"permission"`
	TransferNumber     string `json:"transferNumber,omitempty"`
	Reason             string `json:"reason,omitempty"`
	Number             string `json:"number"`
}

type byPatternOut struct {
	ConfigurationLevel string `json:"configurationLevel"`
	Name               string `json:"name"`
	Permission         string `json:"permission"`
	TransferNumber     string `json:"transferNumber"`
	Pattern            string `json:"pattern"`
	Reason             string `json:"reason,omitempty"`
	Number             string `json:"number"`
}

type appliedServiceOut struct {
	ByType    *byTypeOut    `json:"outgoingCallingPlanPermissionsByType,omitempty"`
	ByPattern *byPatternOut `json:"outgoingCallingPlanPermissionsByDigitPattern,omitempty"`
}

type hostedAgentOut struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Extension    string `json:"extension,omitempty"`
	PhoneNumber  string `json:"phoneNumber,omitempty"`
	LocationName string `json:"locationName"`
	LocationID   string `json:"locationId"`
}

type emergencyOut struct {
	IsRedSky bool `json:"isRedSky"`
}

type facOut struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

type callRoutingOut struct {
	DestinationType   string              `json:"destinationType"`
	RoutingAddress    string              `json:"routingAddress"`
	IsRejected        bool                `json:"isRejected"`
	HostedAgent       *hostedAgentOut     `json:"hostedAgent,omitempty"`
	Emergency         *emergencyOut       `json:"emergency,omitempty"`
	FeatureAccessCode *facOut             `json:"featureAccessCode,omitempty"`
	AppliedServices   []appliedServiceOut `json:"appliedServices,omitempty"`
}

// checkCallRouting validates the body: the three required members, the originator type
// and the destination's characters.
func checkCallRouting(in *callRoutingIn) (dest string, err error) {
	switch {
	case in.OriginatorID == nil:
		return "", missingMember("originatorId")
	case in.OriginatorType == nil:
		return "", missingMember("originatorType")
	case in.Destination == nil:
		return "", missingMember("destination")
	case strings.TrimSpace(*in.OriginatorID) == "":
		return "", badRequest("originatorId must not be empty")
	}
	switch *in.OriginatorType {
	case "PEOPLE":
	case "TRUNK":
		return "", badRequest("originatorType TRUNK is not supported by the emulator (only PEOPLE originators are modelled)")
	default:
		return "", badRequest("originatorType " + *in.OriginatorType + " is not valid: use PEOPLE or TRUNK")
	}
	d, ok := cleanDialled(*in.Destination)
	if !ok {
		return "", badRequest("destination " + *in.Destination + " is not a dialable number: use digits, * and #, an optional leading +, at most 30 digits")
	}
	return d, nil
}

func (s *Server) testCallRouting(w http.ResponseWriter, r *http.Request, rc *reqCtx) {
	var in callRoutingIn
	if err := decodeBody(w, r, &in); err != nil {
		fail(w, err)
		return
	}
	dest, err := checkCallRouting(&in)
	if err != nil {
		fail(w, err)
		return
	}
	e := rc.org.entity(kindPerson, *in.OriginatorID)
	if e == nil {
		fail(w, notFound("originator person "+*in.OriginatorID+" not found"))
		return
	}
	if err := checkScope(rc.p, accAdmin, e); err != nil {
		fail(w, err)
		return
	}
	plan := dialPlans[strings.ToUpper(strings.TrimSpace(e.loc.country))]
	if plan == nil {
		fail(w, badRequest("the originator's location country "+strconv.Quote(e.loc.country)+" has no dial plan in the emulator (US, CA, DE, GB, FR, AU)"))
		return
	}
	own, err := s.load(r.Context(), e)
	if err != nil {
		fail(w, err)
		return
	}
	loc, err := s.load(r.Context(), &e.loc.ent)
	if err != nil {
		fail(w, err)
		return
	}
	d := decideCall(rc.org, own, loc, plan, dest)
	out := callRoutingOut{DestinationType: d.dest, RoutingAddress: d.routingAddress, IsRejected: d.rejected}
	switch {
	case d.dest == destEmergency:
		out.Emergency = &emergencyOut{}
	case d.dest == destFAC:
		out.FeatureAccessCode = &facOut{Name: d.fac, Code: dest}
	case d.agent != nil && (d.agent.ownerType == "PEOPLE" || d.agent.ownerType == "PLACE"):
		a := d.agent
		out.HostedAgent = &hostedAgentOut{ID: a.ownerID, Type: a.ownerType, FirstName: a.ownerFirst, LastName: a.ownerLast,
			Extension: a.ext, PhoneNumber: a.phone, LocationName: a.loc.name, LocationID: a.loc.id}
	}
	if d.callType != "" && in.IncludeAppliedServices != nil && *in.IncludeAppliedServices {
		if d.pattern != nil {
			out.AppliedServices = []appliedServiceOut{{ByPattern: &byPatternOut{ConfigurationLevel: d.level, Name: d.pattern.Name,
				Permission: d.action, TransferNumber: d.transferNumber, Pattern: d.pattern.Pattern, Reason: d.reason, Number: d.routingAddress}}}
		} else {
			out.AppliedServices = []appliedServiceOut{{ByType: &byTypeOut{ConfigurationLevel: d.level, CallType: d.callType,
				Permission: d.action, TransferNumber: d.transferNumber, Reason: d.reason, Number: d.routingAddress}}}
		}
	}
	writeJSON(w, http.StatusOK, &out)
}
