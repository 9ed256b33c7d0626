package emulator

import "encoding/json"

// Demo tokens (Options.Demo).
var demoTokens = Tokens{
	FullAdmin: "demo-full-admin", ReadOnlyAdmin: "demo-read-only-admin", LocationAdmin: "demo-location-admin",
	User: "demo-user", PartnerAdmin: "demo-partner-admin",
}

// seedRecord marshals a seeded settings record.
func seedRecord(r *record) []byte {
	b, err := json.Marshal(r)
	if err != nil { // record has only plain fields
		panic(err)
	}
	return b
}

func custom(perms map[string]permValue) *record {
	return &record{UseCustomEnabled: true, UseCustomPermissions: true, Perms: perms}
}

func addPatterns(r *record, entityID string, ps ...digitPattern) {
	for _, p := range ps {
		r.PatternSeq++
		p.ID = patternID(entityID, r.PatternSeq)
		r.DigitPatterns = append(r.DigitPatterns, p)
	}
}

// buildDemo builds the deterministic demo: a partner org and two customer orgs.
func buildDemo(d *directory, opts Options) {
	d.partner = newOrg("Globex Partners")
	d.partner.isPartner = true

	acme := newOrg("Acme Corp")
	acme.managedBy = d.partner
	g := &gen{o: acme, domain: "acme.example.com"}
	g.locations(orDefault(opts.Locations, 4)) // Dallas US, Frankfurt DE, London GB, New York US
	g.people(orDefault(opts.People, 16))
	g.workspaces(orDefault(opts.Workspaces, 5))
	g.vlines(orDefault(opts.VirtualLines, 3))

	ini := newOrg("Initech GmbH")
	ini.managedBy = d.partner
	g2 := &gen{o: ini, domain: "initech.example.de", cityBase: 5}
	g2.locations(2) // Munich DE, Manchester GB
	g2.people(6)
	g2.workspaces(2)
	g2.vlines(1)

	allow := permValue{Action: "ALLOW", Transfer: true}
	// Locations.
	l0 := acme.locations[0]
	r := &record{Perms: map[string]permValue{ctInternational: {Action: "AUTH_CODE"}}, Numbers: [3]string{"+12145550100", "", ""}}
	r.AccessCodes = []accessCode{{"1234", "Sales international"}, {"5678", "Support international"}}
	addPatterns(r, l0.id, digitPattern{Name: "Premium hotline", Pattern: "+1900!", Action: "ALLOW", TransferEnabled: true},
		digitPattern{Name: "Block 976", Pattern: "1976XXXXXXX", Action: "BLOCK"})
	l0.seed = seedRecord(r)
	if len(acme.locations) > 1 {
		l1 := acme.locations[1]
		r := &record{Perms: map[string]permValue{ctNational: {Action: "TRANSFER_NUMBER_1"}}, Numbers: [3]string{"+496955500", "+496955501", ""}}
		addPatterns(r, l1.id, digitPattern{Name: "Service numbers", Pattern: "+49900!", Action: "BLOCK"})
		l1.seed = seedRecord(r)
	}
	// People with a realistic mix of custom settings.
	set := func(i int, r *record) {
		if i < len(acme.people) {
			acme.people[i].seed = seedRecord(r)
		}
	}
	set(1, custom(map[string]permValue{ctInternational: allow}))
	set(3, custom(map[string]permValue{ctPremium1: allow}))
	r = custom(map[string]permValue{ctInternational: {Action: "AUTH_CODE"}, ctNational: {Action: "AUTH_CODE"}})
	r.UseCustomAccessCodes = true
	r.AccessCodes = []accessCode{{"4321", "Personal code"}}
	set(5, r)
	if len(acme.people) > 7 {
		p := acme.people[7]
		r = custom(map[string]permValue{ctInternational: allow, ctPremium2: {Action: "ALLOW"}})
		r.UseCustomTransferNumbers, r.Numbers = true, [3]string{"+12125550199", "", ""}
		r.UseCustomDigitPatterns = true
		addPatterns(r, p.id, digitPattern{Name: "Premium 900", Pattern: "+900!", Action: "ALLOW", TransferEnabled: true})
		p.seed = seedRecord(r)
	}
	set(9, &record{UseCustomEnabled: true, UseCustomPermissions: false}) // custom switch on, inherits
	set(11, custom(map[string]permValue{ctInternational: {Action: "TRANSFER_NUMBER_2", Transfer: true}}))
	// A workspace and a virtual line.
	if len(acme.workspaces) > 0 {
		acme.workspaces[0].seed = seedRecord(custom(map[string]permValue{ctInternational: allow, ctTollFree: {Action: "BLOCK"}}))
	}
	if len(acme.vlines) > 0 {
		v := acme.vlines[0]
		r = custom(map[string]permValue{ctInternational: {Action: "AUTH_CODE"}})
		r.UseCustomAccessCodes = true
		r.AccessCodes = []accessCode{{"2468", "Night line"}}
		v.seed = seedRecord(r)
	}
	// People without Webex Calling (Messaging and Meetings licences only), after
	// the calling people: listed in GET people, never calling entities.
	g.nonCalling("Nina", "Nocall")
	g.nonCalling("Mona", "Meetings")
	g2.nonCalling("Otto", "Offline")
	// Second customer.
	ini.people[0].seed = seedRecord(custom(map[string]permValue{ctInternational: allow, ctPremium1: allow}))
	r = &record{}
	addPatterns(r, ini.locations[0].id, digitPattern{Name: "Premium DE", Pattern: "+49900!", Action: "ALLOW"})
	ini.locations[0].seed = seedRecord(r)

	d.primary = acme
	d.orgs = []*org{d.partner, acme, ini}
}
