package emulator

import (
	"strconv"
	"strings"
	"unicode"
)

// Discovery data: what clients read to choose their test subjects (calling
// location details, numbers, licences, people/me). It is derived from the
// directory once it is built (finishOrg), deterministically.

const idLicense = "LICENSE"

// Licence names of every org (GET licenses).
const (
	licCallingProfessional = "Webex Calling - Professional"
	licCallingWorkspaces   = "Webex Calling - Workspaces"
	licMessaging           = "Messaging"
	licMeetings            = "Meeting - Webex Meeting Center"
)

// finishOrg completes an org after seeding: licences, routing prefixes and
// calling line IDs of its locations, and the people its admin tokens stand for.
func finishOrg(o *org) {
	for _, l := range []struct {
		name           string
		calling, forWS bool
	}{{licCallingProfessional, true, false}, {licCallingWorkspaces, true, true}, {licMessaging, false, false}, {licMeetings, false, false}} {
		o.licenses = append(o.licenses, &license{id: detID(idLicense, o.name+"/"+l.name), name: l.name, calling: l.calling, forWS: l.forWS})
	}
	for i, l := range o.locations {
		if l.routingPrefix == "" {
			l.routingPrefix = strconv.Itoa(801 + i)
		}
		if l.clidName == "" {
			l.clidName = l.name
		}
	}
	domain := slug(o.name) + ".example.com"
	admin := func(r role, key, first, last string) {
		p := &person{first: first, last: last, email: key + "@" + domain, noCalling: true}
		p.ent = ent{kind: kindPerson, id: detID(idPeople, o.name+"/admin/"+key), org: o}
		if o.admins == nil {
			o.admins = map[role]*person{}
		}
		o.admins[r] = p
	}
	if o.isPartner {
		admin(rolePartnerAdmin, "partner.admin", "Pat", "Partner")
		return
	}
	admin(roleFullAdmin, "full.admin", "Ada", "Admin")
	admin(roleReadOnlyAdmin, "readonly.admin", "Rhea", "Reader")
	admin(roleLocationAdmin, "location.admin", "Lars", "Local")
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "org"
	}
	return b.String()
}

// personLicenses returns the IDs of the licences p holds: calling people a
// Webex Calling Professional licence and Messaging, the others Messaging and
// Meetings.
func personLicenses(p *person) []string {
	ls := p.org.licenses
	if p.noCalling {
		return []string{ls[2].id, ls[3].id}
	}
	return []string{ls[0].id, ls[2].id}
}

// licenseUse counts who consumes license l in o.
func licenseUse(o *org, l *license) (users, workspaces int) {
	switch {
	case l.forWS:
		for _, w := range o.workspaces {
			if w.calling {
				workspaces++
			}
		}
	case l.calling:
		users = len(o.people)
	case l.name == licMeetings:
		users = len(o.nonCalling) + len(o.admins)
	default: // Messaging: everybody
		users = len(o.people) + len(o.nonCalling) + len(o.admins)
	}
	return users, workspaces
}
