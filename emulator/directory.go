package emulator

import (
	"fmt"
	"sync"
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
	// Calling details (telephony/config/locations): routing prefix, the calling line
	// ID's name and number (mainNumber, the location's main number; "" when the
	// location has no numbers).
	routingPrefix, clidName, mainNumber string
}

type person struct {
	ent
	first, last, email, ext, phone string
	// noCalling: the person has no Webex Calling licence; not a calling entity (no
	// location, extension or number; its settings endpoints answer 404).
	noCalling bool
}

// license is one subscription of an org (GET licenses); calling tells a Webex
// Calling licence, people whether people hold it (else workspaces do).
type license struct {
	id, name       string
	calling, forWS bool
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
	// nonCalling are people without Webex Calling (listed after people in GET
	// people; personByID has them, entity does not).
	nonCalling []*person
	licenses   []*license // see orgLicenses
	// admins are the people that the admin tokens stand for (people/me); not listed
	// in GET people, by role.
	admins map[role]*person
	// numbers is the number inventory (numberEntries), with its entries by number and by
	// extension or routing prefix + extension (ESN): built on first use (see inventory);
	// orgs never change after seeding.
	numbers         []numberEntry
	byNumber, byExt map[string]int
	numbersOnce     sync.Once

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
		if p := o.personByID[id]; p != nil && !p.noCalling {
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
	me     *person   // who the token is (people/me): the user's person, else an admin person
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

// Default tokens (zero Options and SeedFile without tokens).
var defaultTokens = Tokens{
	FullAdmin: "emu-full-admin", ReadOnlyAdmin: "emu-read-only-admin", LocationAdmin: "emu-location-admin",
	User: "emu-user", PartnerAdmin: "emu-partner-admin",
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
		cust := genCustomer(d.partner, "Emulator Customer", "customer.example.com", 0, opts)
		d.primary = cust
		d.orgs = []*org{d.partner, cust}
		d.orgs = append(d.orgs, moreCustomers(d.partner, opts)...)
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
	for _, o := range d.orgs {
		finishOrg(o)
	}
	user := d.primary.people[0]
	d.byToken[tokens.FullAdmin] = &principal{role: roleFullAdmin, org: d.primary, me: d.primary.admins[roleFullAdmin]}
	d.byToken[tokens.ReadOnlyAdmin] = &principal{role: roleReadOnlyAdmin, org: d.primary, me: d.primary.admins[roleReadOnlyAdmin]}
	d.byToken[tokens.LocationAdmin] = &principal{role: roleLocationAdmin, org: d.primary, loc: d.primary.locations[0],
		me: d.primary.admins[roleLocationAdmin]}
	d.byToken[tokens.User] = &principal{role: roleUser, org: d.primary, person: user, me: user}
	d.byToken[tokens.PartnerAdmin] = &principal{role: rolePartnerAdmin, org: d.partner, me: d.partner.admins[rolePartnerAdmin]}
	return d, tokens, nil
}
