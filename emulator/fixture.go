package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// fixture is the SeedFile format (documented in doc.go).
type fixture struct {
	Tokens  *Tokens      `json:"tokens" yaml:"tokens"`
	Partner string       `json:"partner" yaml:"partner"`
	Orgs    []fixtureOrg `json:"orgs" yaml:"orgs"`
}

type fixtureOrg struct {
	Name         string               `json:"name" yaml:"name"`
	Domain       string               `json:"domain" yaml:"domain"`
	Locations    []fixtureLocation    `json:"locations" yaml:"locations"`
	People       []fixturePerson      `json:"people" yaml:"people"`
	Workspaces   []fixtureWorkspace   `json:"workspaces" yaml:"workspaces"`
	VirtualLines []fixtureVirtualLine `json:"virtualLines" yaml:"virtualLines"`
}

type fixtureAddress struct {
	Address1   string `json:"address1" yaml:"address1"`
	City       string `json:"city" yaml:"city"`
	State      string `json:"state" yaml:"state"`
	PostalCode string `json:"postalCode" yaml:"postalCode"`
	Country    string `json:"country" yaml:"country"`
}

type fixtureLocation struct {
	Name          string           `json:"name" yaml:"name"`
	TimeZone      string           `json:"timeZone" yaml:"timeZone"`
	RoutingPrefix string           `json:"routingPrefix" yaml:"routingPrefix"`
	MainNumber    string           `json:"mainNumber" yaml:"mainNumber"`
	Address       fixtureAddress   `json:"address" yaml:"address"`
	Settings      *fixtureSettings `json:"settings" yaml:"settings"`
}

type fixturePerson struct {
	FirstName   string           `json:"firstName" yaml:"firstName"`
	LastName    string           `json:"lastName" yaml:"lastName"`
	Email       string           `json:"email" yaml:"email"`
	Location    string           `json:"location" yaml:"location"`
	Extension   string           `json:"extension" yaml:"extension"`
	PhoneNumber string           `json:"phoneNumber" yaml:"phoneNumber"`
	Calling     *bool            `json:"calling" yaml:"calling"`
	Settings    *fixtureSettings `json:"settings" yaml:"settings"`
}

type fixtureWorkspace struct {
	DisplayName string           `json:"displayName" yaml:"displayName"`
	Location    string           `json:"location" yaml:"location"`
	Calling     *bool            `json:"calling" yaml:"calling"`
	Extension   string           `json:"extension" yaml:"extension"`
	PhoneNumber string           `json:"phoneNumber" yaml:"phoneNumber"`
	Settings    *fixtureSettings `json:"settings" yaml:"settings"`
}

type fixtureVirtualLine struct {
	FirstName   string           `json:"firstName" yaml:"firstName"`
	LastName    string           `json:"lastName" yaml:"lastName"`
	Location    string           `json:"location" yaml:"location"`
	Extension   string           `json:"extension" yaml:"extension"`
	PhoneNumber string           `json:"phoneNumber" yaml:"phoneNumber"`
	Settings    *fixtureSettings `json:"settings" yaml:"settings"`
}

type fixturePerm struct {
	CallType        string `json:"callType" yaml:"callType"`
	Action          string `json:"action" yaml:"action"`
	TransferEnabled bool   `json:"transferEnabled" yaml:"transferEnabled"`
}

type fixtureCode struct {
	Code        string `json:"code" yaml:"code"`
	Description string `json:"description" yaml:"description"`
}

type fixturePattern struct {
	Name            string `json:"name" yaml:"name"`
	Pattern         string `json:"pattern" yaml:"pattern"`
	Action          string `json:"action" yaml:"action"`
	TransferEnabled bool   `json:"transferEnabled" yaml:"transferEnabled"`
}

type fixtureSettings struct {
	UseCustomEnabled         bool             `json:"useCustomEnabled" yaml:"useCustomEnabled"`
	UseCustomPermissions     bool             `json:"useCustomPermissions" yaml:"useCustomPermissions"`
	CallingPermissions       []fixturePerm    `json:"callingPermissions" yaml:"callingPermissions"`
	UseCustomTransferNumbers bool             `json:"useCustomTransferNumbers" yaml:"useCustomTransferNumbers"`
	AutoTransferNumbers      []string         `json:"autoTransferNumbers" yaml:"autoTransferNumbers"`
	UseCustomAccessCodes     bool             `json:"useCustomAccessCodes" yaml:"useCustomAccessCodes"`
	AccessCodes              []fixtureCode    `json:"accessCodes" yaml:"accessCodes"`
	UseCustomDigitPatterns   bool             `json:"useCustomDigitPatterns" yaml:"useCustomDigitPatterns"`
	DigitPatterns            []fixturePattern `json:"digitPatterns" yaml:"digitPatterns"`
}

func loadFixture(path string) (*fixture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("emulator: seed file: %w", err)
	}
	fx := new(fixture)
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".json" || (ext != ".yaml" && ext != ".yml" && bytes.HasPrefix(bytes.TrimSpace(b), []byte("{"))) {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err = dec.Decode(fx)
	} else {
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		err = dec.Decode(fx)
	}
	if err != nil {
		return nil, fmt.Errorf("emulator: seed file %s: %w", path, err)
	}
	return fx, nil
}

// toRecord validates fixture settings and turns them into a seed record.
func (fs *fixtureSettings) toRecord(entityID string, maxCodes int) ([]byte, error) {
	if fs == nil {
		return nil, nil
	}
	r := &record{UseCustomEnabled: fs.UseCustomEnabled, UseCustomPermissions: fs.UseCustomPermissions,
		UseCustomTransferNumbers: fs.UseCustomTransferNumbers, UseCustomAccessCodes: fs.UseCustomAccessCodes,
		UseCustomDigitPatterns: fs.UseCustomDigitPatterns}
	known := setOf(declaredCallTypes)
	for _, p := range fs.CallingPermissions {
		if !known[p.CallType] {
			return nil, fmt.Errorf("call type %q cannot be set", p.CallType)
		}
		if !validActions[p.Action] {
			return nil, fmt.Errorf("action %q is not valid", p.Action)
		}
		if r.Perms == nil {
			r.Perms = map[string]permValue{}
		}
		r.Perms[p.CallType] = permValue{Action: p.Action, Transfer: p.TransferEnabled}
	}
	if len(fs.AutoTransferNumbers) > 3 {
		return nil, errors.New("at most 3 autoTransferNumbers")
	}
	for i, n := range fs.AutoTransferNumbers {
		if !validTransferNumber(n) {
			return nil, fmt.Errorf("transfer number %q is not valid", n)
		}
		r.Numbers[i] = n
	}
	if len(fs.AccessCodes) > maxCodes {
		return nil, fmt.Errorf("more than %d access codes", maxCodes)
	}
	seen := map[string]bool{}
	for _, c := range fs.AccessCodes {
		if !validAccessCode(c.Code) || !validDescription(c.Description) || seen[c.Code] {
			return nil, fmt.Errorf("access code %q is not valid or repeated", c.Code)
		}
		seen[c.Code] = true
		r.AccessCodes = append(r.AccessCodes, accessCode(c))
	}
	if len(fs.DigitPatterns) > maxDigitPatterns {
		return nil, fmt.Errorf("more than %d digit patterns", maxDigitPatterns)
	}
	names := map[string]bool{}
	for _, p := range fs.DigitPatterns {
		if !validName(p.Name) || names[p.Name] || !validPattern(p.Pattern) || !validActions[p.Action] {
			return nil, fmt.Errorf("digit pattern %q is not valid or repeated", p.Name)
		}
		names[p.Name] = true
		addPatterns(r, entityID, digitPattern{Name: p.Name, Pattern: p.Pattern, Action: p.Action, TransferEnabled: p.TransferEnabled})
	}
	return seedRecord(r), nil
}

func (fx *fixture) build(d *directory, opts Options) (Tokens, error) {
	tokens := defaultTokens
	if fx.Tokens != nil {
		tokens = *fx.Tokens
	}
	if len(fx.Orgs) == 0 {
		return Tokens{}, errors.New("no orgs")
	}
	pname := fx.Partner
	if pname == "" {
		pname = "Emulator Partner"
	}
	d.partner = newOrg(pname)
	d.partner.isPartner = true
	d.orgs = []*org{d.partner}
	for oi, fo := range fx.Orgs {
		if fo.Name == "" {
			return Tokens{}, fmt.Errorf("orgs[%d]: name is required", oi)
		}
		o := newOrg(fo.Name)
		if _, dup := d.orgByID[o.id]; dup || o.id == d.partner.id {
			return Tokens{}, fmt.Errorf("orgs[%d]: duplicate org name %q", oi, fo.Name)
		}
		d.orgByID[o.id] = o
		o.managedBy = d.partner
		domain := fo.Domain
		if domain == "" {
			domain = "org" + strconv.Itoa(oi+1) + ".example.com"
		}
		g := &gen{o: o, domain: domain}
		byName := map[string]*location{}
		for i, fl := range fx.Orgs[oi].Locations {
			if fl.Name == "" || byName[fl.Name] != nil {
				return Tokens{}, fmt.Errorf("%s: locations[%d]: missing or repeated name", fo.Name, i)
			}
			l := g.addLocation(i, fl.Name, cities[0])
			l.timeZone, l.address1, l.city, l.state, l.postal, l.country = fl.TimeZone, fl.Address.Address1, fl.Address.City,
				fl.Address.State, fl.Address.PostalCode, fl.Address.Country
			l.routingPrefix, l.mainNumber = fl.RoutingPrefix, fl.MainNumber
			byName[fl.Name] = l
			var err error
			if l.seed, err = fl.Settings.toRecord(l.id, opts.maxCodes()); err != nil {
				return Tokens{}, fmt.Errorf("%s: location %s: %w", fo.Name, fl.Name, err)
			}
		}
		loc := func(name, what string) (*location, error) {
			if l := byName[name]; l != nil {
				return l, nil
			}
			return nil, fmt.Errorf("%s: %s: unknown location %q", fo.Name, what, name)
		}
		for i, fp := range fo.People {
			l, err := loc(fp.Location, "people["+strconv.Itoa(i)+"]")
			if err != nil {
				return Tokens{}, err
			}
			p := &person{first: fp.FirstName, last: fp.LastName, email: fp.Email, ext: fp.Extension, phone: fp.PhoneNumber}
			if p.email == "" {
				p.email = fmt.Sprintf("%s.%s%d@%s", asciiLower(fp.FirstName), asciiLower(fp.LastName), i+1, domain)
			}
			p.ent = ent{kind: kindPerson, id: detID(idPeople, o.name+"/"+strconv.Itoa(i)), org: o, loc: l}
			if p.seed, err = fp.Settings.toRecord(p.id, opts.maxCodes()); err != nil {
				return Tokens{}, fmt.Errorf("%s: people[%d]: %w", fo.Name, i, err)
			}
			o.personByID[p.id] = p
			if fp.Calling != nil && !*fp.Calling {
				p.noCalling, p.ext, p.phone = true, "", ""
				o.nonCalling = append(o.nonCalling, p)
				continue
			}
			o.people = append(o.people, p)
		}
		for i, fw := range fo.Workspaces {
			l, err := loc(fw.Location, "workspaces["+strconv.Itoa(i)+"]")
			if err != nil {
				return Tokens{}, err
			}
			w := &workspace{name: fw.DisplayName, calling: fw.Calling == nil || *fw.Calling, ext: fw.Extension, phone: fw.PhoneNumber}
			w.ent = ent{kind: kindWorkspace, id: detID(idPlaces, o.name+"/"+strconv.Itoa(i)), org: o, loc: l}
			if w.seed, err = fw.Settings.toRecord(w.id, opts.maxCodes()); err != nil {
				return Tokens{}, fmt.Errorf("%s: workspaces[%d]: %w", fo.Name, i, err)
			}
			o.workspaces = append(o.workspaces, w)
			o.wsByID[w.id] = w
		}
		for i, fv := range fo.VirtualLines {
			l, err := loc(fv.Location, "virtualLines["+strconv.Itoa(i)+"]")
			if err != nil {
				return Tokens{}, err
			}
			v := &vline{first: fv.FirstName, last: fv.LastName, ext: fv.Extension, phone: fv.PhoneNumber}
			v.ent = ent{kind: kindVirtualLine, id: detID(idVirtualLine, o.name+"/"+strconv.Itoa(i)), org: o, loc: l}
			if v.seed, err = fv.Settings.toRecord(v.id, opts.maxCodes()); err != nil {
				return Tokens{}, fmt.Errorf("%s: virtualLines[%d]: %w", fo.Name, i, err)
			}
			o.vlines = append(o.vlines, v)
			o.vlByID[v.id] = v
		}
		d.orgs = append(d.orgs, o)
	}
	d.primary = d.orgs[1]
	return tokens, nil
}
