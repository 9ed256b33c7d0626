package emulator

import (
	"fmt"
	"strconv"
	"strings"
)

// Generated orgs: locations in real cities, people, workspaces and virtual lines with
// deterministic names, numbers and IDs (the zero Options, Demo, and the scale options).

type city struct {
	name, country, state, tz, postal, street, cc, areaNational string
}

var cities = []city{
	{"Dallas", "US", "TX", "America/Chicago", "75201", "1 Main St", "+1", "214555"},
	{"Frankfurt", "DE", "", "Europe/Berlin", "60311", "Zeil 1", "+49", "69555"},
	{"London", "GB", "", "Europe/London", "EC1A 1AA", "1 Old St", "+44", "20555"},
	{"New York", "US", "NY", "America/New_York", "10001", "5 Broadway", "+1", "212555"},
	{"Paris", "FR", "", "Europe/Paris", "75001", "1 Rue de Rivoli", "+33", "15550"},
	{"Munich", "DE", "BY", "Europe/Berlin", "80331", "Marienplatz 1", "+49", "89555"},
	{"Manchester", "GB", "", "Europe/London", "M1 1AA", "1 Market St", "+44", "161555"},
	{"Sydney", "AU", "NSW", "Australia/Sydney", "2000", "1 George St", "+61", "25550"},
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
		l := g.addLocation(i, name, c)
		// The main number (the calling line ID): suffix 99NN, NN the city's repeat,
		// outside the entities' blocks (see numberSuffix).
		l.mainNumber = fmt.Sprintf("%s%s%04d", c.cc, c.areaNational, 9900+(i/len(cities))%100)
	}
}

// Number plan of generated orgs. Each location has the 10,000 numbers
// <cc><area>0000-9999: people take suffix i (i < 5000), workspaces 5000+i
// (i < 3000), virtual lines 8000+i (i < 1900), the location's main number
// 99NN. Entities past their block have an extension only. Extensions are
// <digit><index> with at least three index digits (person 1, workspace 7,
// virtual line 8: 1000, 1001, ..., 1999, 11000, ...), unique in the org.
const (
	peopleNumbers      = 5000
	workspaceNumbers   = 3000
	virtualLineNumbers = 1900
)

// numberedExtension is digit followed by i, zero-padded to at least three digits.
func numberedExtension(digit, i int) string {
	return strconv.Itoa(digit) + fmt.Sprintf("%03d", i)
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

func (g *gen) people(n int) {
	locs := g.o.locations
	for i := range n {
		l := locs[i%len(locs)]
		first := firstNames[i%len(firstNames)]
		last := lastNames[(i/len(firstNames)+i)%len(lastNames)]
		p := &person{first: first, last: last, ext: numberedExtension(1, i)}
		if i < peopleNumbers {
			p.phone = g.phone(l, i)
		}
		p.email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), asciiLower(last), i+1, g.domain)
		p.ent = ent{kind: kindPerson, id: detID(idPeople, g.o.name+"/"+strconv.Itoa(i)), org: g.o, loc: l}
		g.o.people = append(g.o.people, p)
		g.o.personByID[p.id] = p
	}
}

// nonCalling adds a person without a Webex Calling licence (no location,
// extension or number).
func (g *gen) nonCalling(first, last string) *person {
	i := len(g.o.people) + len(g.o.nonCalling)
	p := &person{first: first, last: last, noCalling: true}
	p.email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(first), asciiLower(last), i+1, g.domain)
	p.ent = ent{kind: kindPerson, id: detID(idPeople, g.o.name+"/"+strconv.Itoa(i)), org: g.o, loc: g.o.locations[0]}
	g.o.nonCalling = append(g.o.nonCalling, p)
	g.o.personByID[p.id] = p
	return p
}

func (g *gen) workspaces(n int) {
	locs := g.o.locations
	for i := range n {
		l := locs[i%len(locs)]
		w := &workspace{name: fmt.Sprintf("%s %s", l.name, roomNames[i%len(roomNames)]), calling: true,
			ext: numberedExtension(7, i)}
		if i < workspaceNumbers {
			w.phone = g.phone(l, 5000+i)
		}
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
		v := &vline{first: "Line", last: strconv.Itoa(i + 1), ext: numberedExtension(8, i)}
		if i < virtualLineNumbers {
			v.phone = g.phone(l, 8000+i)
		}
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

// genCustomer generates a customer org of the options' scale, managed by partner; cityBase
// picks where its locations start in the list of cities.
func genCustomer(partner *org, name, domain string, cityBase int, opts Options) *org {
	o := newOrg(name)
	o.managedBy = partner
	g := &gen{o: o, domain: domain, cityBase: cityBase}
	g.locations(orDefault(opts.Locations, 3))
	g.people(orDefault(opts.People, 10))
	g.workspaces(orDefault(opts.Workspaces, 4))
	g.vlines(orDefault(opts.VirtualLines, 3))
	return o
}

// moreCustomers generates customer orgs 2..Options.CustomerOrgs of the generated directory,
// "Emulator Customer N" (domain customerN.example.com), each of the primary org's scale and
// managed by partner.
func moreCustomers(partner *org, opts Options) []*org {
	var out []*org
	for n := 2; n <= opts.CustomerOrgs; n++ {
		out = append(out, genCustomer(partner, "Emulator Customer "+strconv.Itoa(n), "customer"+strconv.Itoa(n)+".example.com", n, opts))
	}
	return out
}
