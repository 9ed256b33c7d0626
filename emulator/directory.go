package emulator

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// kind is an entity kind.
type kind uint8

const (
	kindPerson kind = iota + 1
	kindWorkspace
	kindLocation
	kindVirtualLine
)

func (k kind) String() string {
	switch k {
	case kindPerson:
		return "person"
	case kindWorkspace:
		return "workspace"
	case kindLocation:
		return "location"
	case kindVirtualLine:
		return "virtual-line"
	}
	return "unknown"
}

// ent is what every directory entity shares.
type ent struct {
	kind kind
	id   string
	org  *org
	loc  *location // a location's loc is itself
	seed []byte    // seeded settings record (JSON); nil = factory defaults
}

type location struct {
	ent
	name, timeZone                         string
	address1, city, state, postal, country string
}

type person struct {
	ent
	first, last, email, ext, phone string
}

type workspace struct {
	ent
	name       string
	calling    bool
	ext, phone string
}

type vline struct {
	ent
	first, last, ext, phone string
}

type org struct {
	id, name   string
	isPartner  bool
	managedBy  *org
	locations  []*location
	people     []*person
	workspaces []*workspace
	vlines     []*vline

	locByID    map[string]*location
	personByID map[string]*person
	wsByID     map[string]*workspace
	vlByID     map[string]*vline
}

func newOrg(name string) *org {
	return &org{
		id: detID(idOrganization, name), name: name,
		locByID: map[string]*location{}, personByID: map[string]*person{},
		wsByID: map[string]*workspace{}, vlByID: map[string]*vline{},
	}
}

// entity returns the entity of kind k with the given ID, or nil.
func (o *org) entity(k kind, id string) *ent {
	switch k {
	case kindPerson:
		if p := o.personByID[id]; p != nil {
			return &p.ent
		}
	case kindWorkspace:
		if w := o.wsByID[id]; w != nil {
			return &w.ent
		}
	case kindLocation:
		if l := o.locByID[id]; l != nil {
			return &l.ent
		}
	case kindVirtualLine:
		if v := o.vlByID[id]; v != nil {
			return &v.ent
		}
	}
	return nil
}

// role of a token.
type role uint8

const (
	roleFullAdmin role = iota + 1
	roleReadOnlyAdmin
	roleLocationAdmin
	roleUser
	rolePartnerAdmin
)

// principal is who a token stands for.
type principal struct {
	role   role
	org    *org
	loc    *location // location admin's location
	person *person   // user's own person
}

// directory is the seeded, read-only set of orgs and entities.
type directory struct {
	orgs    []*org
	orgByID map[string]*org
	primary *org
	partner *org
	byToken map[string]*principal
}

// canManage reports whether p may act on org o at all.
func (p *principal) canManage(o *org) bool {
	if o == p.org {
		return true
	}
	return p.role == rolePartnerAdmin && o.managedBy == p.org
}

type city struct {
	name, country, state, tz, postal, street, cc, areaNational string
}

var cities = []city{
	{"Dallas", "US", "TX", "America/Chicago", "75201", "1 Main St", "+1", "214555"},
	{"Frankfurt", "DE", "", "Europe/Berlin", "60311", "Zeil 1", "+49", "69555"},
	{"London", "GB", "", "Europe/London", "EC1A 1AA", "1 Old St", "+44", "20555"},
	{"New York", "US", "NY", "America/New_York", "10001", "5 Broadway", "+1", "212555"},
	{"Paris", "FR", "", "Europe/Paris", "75001", "1 Rue de Rivoli", "+33", "1555"},
	{"Munich", "DE", "BY", "Europe/Berlin", "80331", "Marienplatz 1", "+49", "89555"},
	{"Manchester", "GB", "", "Europe/London", "M1 1AA", "1 Market St", "+44", "161555"},
	{"Sydney", "AU", "NSW", "Australia/Sydney", "2000", "1 George St", "+61", "2555"},
}

var firstNames = []string{"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy",
	"Karl", "Lena", "Mallory", "Niaj", "Olivia", "Peggy", "Quentin", "Rupert", "Sybil", "Trent"}
var lastNames = []string{"Smith", "Müller", "Jones", "Schmidt", "Brown", "Taylor", "Fischer", "Wilson", "Weber", "Evans"}
var roomNames = []string{"Lobby", "Board Room", "Kitchen", "Reception", "Warehouse", "Lab"}

// gen fills org o with generated entities.
type gen struct {
	o        *org
	domain   string
	cityBase int
}

func (g *gen) addLocation(i int, name string, c city) *location {
	l := &location{name: name, timeZone: c.tz, address1: c.street, city: c.name, state: c.state, postal: c.postal, country: c.country}
	l.ent = ent{kind: kindLocation, id: detID(idLocation, g.o.name+"/"+strconv.Itoa(i)), org: g.o}
	l.loc = l
	g.o.locations = append(g.o.locations, l)
	g.o.locByID[l.id] = l
	return l
}

func (g *gen) locations(n int) {
	for i := range n {
		c := cities[(g.cityBase+i)%len(cities)]
		name := c.name
		if i >= len(cities) {
			name = fmt.Sprintf("%s %d", c.name, i/len(cities)+1)
		}
		g.addLocation(i, name, c)
	}
}

func cityOf(l *location) city {
	for _, c := range cities {
		if c.name == l.city {
			return c
		}
	}
	return cities[0]
}

func (g *gen) phone(l *location, n int) string {
	c := cityOf(l)
	return fmt.Sprintf("%s%s%04d", c.cc, c.areaNational, n%10000)
}

func extension(n int) string {
	if n < 9000 {
		return strconv.Itoa(1000 + n)
	}
	return strconv.Itoa(100000 + n)
}

func (g *gen) people(n int) {
	locs := g.o.locations
	for i := range n {
		l := locs[i%len(locs)]
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i/len(firstNames)+i)%len(lastNames)]
		p := &person{first: first, last: last, ext: extension(i), phone: g.phone(l, i)}
		p.email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), asciiLower(last), i+1, g.domain)
		p.ent = ent{kind: kindPerson, id: detID(idPeople, g.o.name+"/"+strconv.Itoa(i)), org: g.o, loc: l}
		g.o.people = append(g.o.people, p)
		g.o.personByID[p.id] = p
	}
}

func (g *gen) workspaces(n int) {
	locs := g.o.locations
	for i := range n {
		l := locs[i%len(locs)]
		w := &workspace{name: fmt.Sprintf("%s %s", l.name, roomNames[i%len(roomNames)]), calling: true,
			ext: strconv.Itoa(7000 + i%2000), phone: g.phone(l, 5000+i)}
		if i >= len(roomNames) {
			w.name = fmt.Sprintf("%s %d", w.name, i+1)
		}
		w.ent = ent{kind: kindWorkspace, id: detID(idPlaces, g.o.name+"/"+strconv.Itoa(i)), org: g.o, loc: l}
		g.o.workspaces = append(g.o.workspaces, w)
		g.o.wsByID[w.id] = w
	}
}

func (g *gen) vlines(n int) {
	locs := g.o.locations
	for i := range n {
		l := locs[i%len(locs)]
		v := &vline{first: "Line", last: strconv.Itoa(i + 1), ext: strconv.Itoa(8000 + i%1000), phone: g.phone(l, 8000+i)}
		v.ent = ent{kind: kindVirtualLine, id: detID(idVirtualLine, g.o.name+"/"+strconv.Itoa(i)), org: g.o, loc: l}
		g.o.vlines = append(g.o.vlines, v)
		g.o.vlByID[v.id] = v
	}
}

func asciiLower(s string) string {
	r := strings.NewReplacer("ü", "ue", "ö", "oe", "ä", "ae", "ß", "ss")
	return strings.ToLower(r.Replace(s))
}

func orDefault(v, d int) int {
	if v > 0 {
		return v
	}
	return d
}

// Default tokens (zero Options and SeedFile without tokens).
var defaultTokens = Tokens{
	FullAdmin: "emu-full-admin", ReadOnlyAdmin: "emu-read-only-admin", LocationAdmin: "emu-location-admin",
	User: "emu-user", PartnerAdmin: "emu-partner-admin",
}

// Demo tokens (Options.Demo).
var demoTokens = Tokens{
	FullAdmin: "demo-full-admin", ReadOnlyAdmin: "demo-read-only-admin", LocationAdmin: "demo-location-admin",
	User: "demo-user", PartnerAdmin: "demo-partner-admin",
}

// buildDirectory seeds the directory from the options.
func buildDirectory(opts Options) (*directory, Tokens, error) {
	d := &directory{orgByID: map[string]*org{}, byToken: map[string]*principal{}}
	var tokens Tokens
	switch {
	case opts.SeedFile != "":
		fx, err := loadFixture(opts.SeedFile)
		if err != nil {
			return nil, Tokens{}, err
		}
		if tokens, err = fx.build(d, opts); err != nil {
			return nil, Tokens{}, fmt.Errorf("emulator: seed file %s: %w", opts.SeedFile, err)
		}
	case opts.Demo:
		tokens = demoTokens
		buildDemo(d, opts)
	default:
		tokens = defaultTokens
		d.partner = newOrg("Emulator Partner")
		d.partner.isPartner = true
		cust := newOrg("Emulator Customer")
		cust.managedBy = d.partner
		g := &gen{o: cust, domain: "customer.example.com"}
		g.locations(orDefault(opts.Locations, 3))
		g.people(orDefault(opts.People, 10))
		g.workspaces(orDefault(opts.Workspaces, 4))
		g.vlines(orDefault(opts.VirtualLines, 3))
		d.primary = cust
		d.orgs = []*org{d.partner, cust}
	}
	for _, o := range d.orgs {
		d.orgByID[o.id] = o
	}
	if len(d.primary.locations) == 0 || len(d.primary.people) == 0 {
		return nil, Tokens{}, fmt.Errorf("emulator: the primary org needs at least one location and one person")
	}
	for _, t := range []string{tokens.FullAdmin, tokens.ReadOnlyAdmin, tokens.LocationAdmin, tokens.User, tokens.PartnerAdmin} {
		if t == "" {
			return nil, Tokens{}, fmt.Errorf("emulator: empty token")
		}
		if _, dup := d.byToken[t]; dup {
			return nil, Tokens{}, fmt.Errorf("emulator: token %q used for two roles", t)
		}
		d.byToken[t] = nil
	}
	d.byToken[tokens.FullAdmin] = &principal{role: roleFullAdmin, org: d.primary}
	d.byToken[tokens.ReadOnlyAdmin] = &principal{role: roleReadOnlyAdmin, org: d.primary}
	d.byToken[tokens.LocationAdmin] = &principal{role: roleLocationAdmin, org: d.primary, loc: d.primary.locations[0]}
	d.byToken[tokens.User] = &principal{role: roleUser, org: d.primary, person: d.primary.people[0]}
	d.byToken[tokens.PartnerAdmin] = &principal{role: rolePartnerAdmin, org: d.partner}
	return d, tokens, nil
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
	// Second customer.
	ini.people[0].seed = seedRecord(custom(map[string]permValue{ctInternational: allow, ctPremium1: allow}))
	r = &record{}
	addPatterns(r, ini.locations[0].id, digitPattern{Name: "Premium DE", Pattern: "+49900!", Action: "ALLOW"})
	ini.locations[0].seed = seedRecord(r)

	d.primary = acme
	d.orgs = []*org{d.partner, acme, ini}
}
