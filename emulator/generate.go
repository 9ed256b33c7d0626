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
