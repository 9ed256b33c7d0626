package check

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/wxcgo/go-wxc/wxc"
)

// fastDecode decodes raw into r as encoding/json would, for records in the shape wxc writes:
// names in their exact case and without escapes, each name once per object, valid UTF-8,
// members of the expected JSON kinds (or null). On anything else it fails (errSlow, or the
// tokenizer's error) and decodeRecord decodes the record with encoding/json instead, so the
// result and the errors are encoding/json's either way; TestFastDecode checks both paths.
func fastDecode(raw []byte, r *exportRecord) error {
	fd := fastDecoders.Get().(*fastDecoder)
	defer fastDecoders.Put(fd)
	fd.br.Reset(raw)
	fd.d.Reset(&fd.br)
	err := fd.record(r)
	fd.br.Reset(nil)
	fd.d.Reset(&fd.br)
	return err
}

// errSlow says that a record is not in the shape fastDecode reads.
var errSlow = errors.New("record not in wxc's shape")

type fastDecoder struct {
	br bytes.Reader
	d  *jsontext.Decoder
}

var fastDecoders = sync.Pool{New: func() any {
	fd := &fastDecoder{}
	fd.d = jsontext.NewDecoder(&fd.br)
	return fd
}}

func (f *fastDecoder) record(r *exportRecord) error {
	null, err := f.object(func(name []byte) error {
		e := &r.Entity
		switch string(name) {
		case "kind":
			return f.enum((*string)(&e.Kind))
		case "id":
			return f.str(&e.ID)
		case "name":
			return f.str(&e.Name)
		case "email":
			return f.str(&e.Email)
		case "locationId":
			return f.str(&e.LocationID)
		case "locationName":
			return f.str(&e.LocationName)
		case "orgId":
			return f.str(&e.OrgID)
		case "orgName":
			return f.str(&e.OrgName)
		case "locationCountry":
			return f.str(&e.LocationCountry)
		case "outgoingPermissions":
			return f.outgoing(&r.Outgoing)
		case "autoTransferNumbers":
			return f.transferNumbers(&r.TransferNumbers)
		case "accessCodes":
			return f.accessCodes(&r.AccessCodes)
		case "digitPatterns":
			return f.digitPatterns(&r.DigitPatterns)
		}
		return f.skip(name, "kind", "id", "name", "email", "locationId", "locationName", "orgId", "orgName", "locationCountry",
			"outgoingPermissions", "autoTransferNumbers", "accessCodes", "digitPatterns")
	})
	if err != nil {
		return err
	}
	if null {
		return errSlow
	}
	if _, err := f.d.ReadToken(); err != io.EOF {
		return errSlow // more after the record
	}
	return nil
}

func (f *fastDecoder) outgoing(dst **outgoingRecord) error {
	o := &outgoingRecord{}
	null, err := f.object(func(name []byte) error {
		switch string(name) {
		case "useCustomEnabled":
			return f.optBool(&o.UseCustomEnabled)
		case "useCustomPermissions":
			return f.optBool(&o.UseCustomPermissions)
		case "callingPermissions":
			o.CallingPermissions = nil
			var c callingPermissionRecord
			return f.flatArray(func() { c = callingPermissionRecord{} }, func(name []byte, v flatValue) error {
				switch string(name) {
				case "callType":
					return v.enum((*string)(&c.CallType))
				case "action":
					return v.enum((*string)(&c.Action))
				case "transferEnabled":
					return v.boolean(&c.TransferEnabled)
				case "isCallTypeRestrictionEnabled":
					return v.optBool(&c.IsCallTypeRestrictionEnabled)
				}
				return unknownName(name, "callType", "action", "transferEnabled", "isCallTypeRestrictionEnabled")
			}, func() { o.CallingPermissions = append(o.CallingPermissions, c) }, func() { o.CallingPermissions = []callingPermissionRecord{} })
		}
		return f.skip(name, "useCustomEnabled", "useCustomPermissions", "callingPermissions")
	})
	if !null {
		*dst = o
	}
	return err
}

func (f *fastDecoder) transferNumbers(dst **transferNumbersRecord) error {
	t := &transferNumbersRecord{}
	null, err := f.object(func(name []byte) error {
		switch string(name) {
		case "useCustomTransferNumbers":
			return f.optBool(&t.UseCustomTransferNumbers)
		case "autoTransferNumber1":
			return f.optStr(&t.AutoTransferNumber1)
		case "autoTransferNumber2":
			return f.optStr(&t.AutoTransferNumber2)
		case "autoTransferNumber3":
			return f.optStr(&t.AutoTransferNumber3)
		}
		return f.skip(name, "useCustomTransferNumbers", "autoTransferNumber1", "autoTransferNumber2", "autoTransferNumber3")
	})
	if !null {
		*dst = t
	}
	return err
}

func (f *fastDecoder) accessCodes(dst **accessCodesRecord) error {
	a := &accessCodesRecord{}
	null, err := f.object(func(name []byte) error {
		switch string(name) {
		case "useCustomAccessCodes":
			return f.optBool(&a.UseCustomAccessCodes)
		case "accessCodes":
			a.AccessCodes = nil
			var c accessCodeRecord
			return f.flatArray(func() { c = accessCodeRecord{} }, func(name []byte, v flatValue) error {
				switch string(name) {
				case "code":
					return v.str(&c.Code)
				case "description":
					return v.str(&c.Description)
				case "level":
					return v.enum((*string)(&c.Level))
				}
				return unknownName(name, "code", "description", "level")
			}, func() { a.AccessCodes = append(a.AccessCodes, c) }, func() { a.AccessCodes = []accessCodeRecord{} })
		}
		return f.skip(name, "useCustomAccessCodes", "accessCodes")
	})
	if !null {
		*dst = a
	}
	return err
}

func (f *fastDecoder) digitPatterns(dst **digitPatternsRecord) error {
	d := &digitPatternsRecord{}
	null, err := f.object(func(name []byte) error {
		switch string(name) {
		case "useCustomDigitPatterns":
			return f.optBool(&d.UseCustomDigitPatterns)
		case "digitPatterns":
			d.DigitPatterns = nil
			var p digitPatternRecord
			return f.flatArray(func() { p = digitPatternRecord{} }, func(name []byte, v flatValue) error {
				switch string(name) {
				case "id":
					return v.str(&p.ID)
				case "name":
					return v.str(&p.Name)
				case "pattern":
					return v.str(&p.Pattern)
				case "action":
					return v.enum((*string)(&p.Action))
				case "transferEnabled":
					return v.optBool(&p.TransferEnabled)
				}
				return unknownName(name, "id", "name", "pattern", "action", "transferEnabled")
			}, func() { d.DigitPatterns = append(d.DigitPatterns, p) }, func() { d.DigitPatterns = []digitPatternRecord{} })
		}
		return f.skip(name, "useCustomDigitPatterns", "digitPatterns")
	})
	if !null {
		*dst = d
	}
	return err
}

// object reads an object (or null), calling member for each member's name, which must read
// the value.
func (f *fastDecoder) object(member func(name []byte) error) (null bool, err error) {
	switch f.d.PeekKind() {
	case 'n':
		_, err := f.d.ReadToken()
		return true, err
	case '{':
	default:
		return false, errSlow
	}
	if _, err := f.d.ReadToken(); err != nil {
		return false, err
	}
	for f.d.PeekKind() == '"' {
		v, err := f.d.ReadValue()
		if err != nil {
			return false, err
		}
		name := v[1 : len(v)-1]
		if bytes.IndexByte(name, '\\') >= 0 {
			return false, errSlow
		}
		if err := member(name); err != nil {
			return false, err
		}
	}
	if tok, err := f.d.ReadToken(); err != nil || tok.Kind() != '}' {
		return false, errSlow
	}
	return false, nil
}

// flatArray reads an array of flat objects (members that are strings without escapes, true,
// false or null; no spaces) or null: the tokenizer reads and checks the whole array at once
// (valid JSON, names once per object, valid UTF-8), then the array is split here, which is
// quicker than token by token. start is called before each element, member for each member,
// end after it, empty for []. Any other shape is errSlow.
func (f *fastDecoder) flatArray(start func(), member func(name []byte, v flatValue) error, end, empty func()) error {
	switch f.d.PeekKind() {
	case 'n':
		_, err := f.d.ReadToken()
		return err
	case '[':
	default:
		return errSlow
	}
	b, err := f.d.ReadValue()
	if err != nil {
		return err
	}
	if string(b) == "[]" {
		empty()
		return nil
	}
	i := 1 // after '['
	for {
		if i >= len(b) || b[i] != '{' {
			return errSlow
		}
		i++
		start()
		if i < len(b) && b[i] == '}' {
			i++
		} else {
			for {
				name, n := flatString(b, i)
				if n < 0 || n >= len(b) || b[n] != ':' {
					return errSlow
				}
				i = n + 1
				var v flatValue
				switch {
				case i < len(b) && b[i] == '"':
					v.val, n = flatString(b, i)
					if n < 0 {
						return errSlow
					}
					v.kind, i = '"', n
				case bytes.HasPrefix(b[i:], []byte("true")):
					v.kind, i = 't', i+4
				case bytes.HasPrefix(b[i:], []byte("false")):
					v.kind, i = 'f', i+5
				case bytes.HasPrefix(b[i:], []byte("null")):
					v.kind, i = 'n', i+4
				default:
					return errSlow
				}
				if err := member(name, v); err != nil {
					return err
				}
				if i >= len(b) {
					return errSlow
				}
				if b[i] == '}' {
					i++
					break
				}
				if b[i] != ',' {
					return errSlow
				}
				i++
			}
		}
		end()
		if i >= len(b) {
			return errSlow
		}
		switch b[i] {
		case ']':
			if i != len(b)-1 {
				return errSlow
			}
			return nil
		case ',':
			i++
		default:
			return errSlow
		}
	}
}

// flatString returns the content of the string at b[i] (a '"') and the index after it, or
// -1 when there is none or it has an escape.
func flatString(b []byte, i int) ([]byte, int) {
	if i >= len(b) || b[i] != '"' {
		return nil, -1
	}
	j := bytes.IndexByte(b[i+1:], '"')
	if j < 0 {
		return nil, -1
	}
	s := b[i+1 : i+1+j]
	if bytes.IndexByte(s, '\\') >= 0 {
		return nil, -1
	}
	return s, i + j + 2
}

// flatValue is a member value of a flat object: kind '"' (val is the content), 't', 'f' or 'n'.
type flatValue struct {
	kind byte
	val  []byte
}

func (v flatValue) str(dst *string) error {
	switch v.kind {
	case '"':
		*dst = string(v.val)
	case 'n':
	default:
		return errSlow
	}
	return nil
}

func (v flatValue) enum(dst *string) error {
	if v.kind == '"' {
		if s, ok := enums[string(v.val)]; ok {
			*dst = s
			return nil
		}
	}
	return v.str(dst)
}

func (v flatValue) boolean(dst *bool) error {
	switch v.kind {
	case 't', 'f':
		*dst = v.kind == 't'
	case 'n':
	default:
		return errSlow
	}
	return nil
}

func (v flatValue) optBool(dst **bool) error {
	switch v.kind {
	case 't', 'f':
		b := v.kind == 't'
		*dst = &b
	case 'n':
		*dst = nil
	default:
		return errSlow
	}
	return nil
}

// unknownName accepts a member that is not read (its value was checked with the array),
// unless its name matches a read one but for case (encoding/json would decode it).
func unknownName(name []byte, known ...string) error {
	for _, k := range known {
		if bytes.EqualFold(name, []byte(k)) {
			return errSlow
		}
	}
	return nil
}

// skip skips the value of a member that is not read, unless its name matches a read one but
// for case (encoding/json would decode it).
func (f *fastDecoder) skip(name []byte, known ...string) error {
	for _, k := range known {
		if bytes.EqualFold(name, []byte(k)) {
			return errSlow
		}
	}
	return f.d.SkipValue()
}

// enums are the values of the enum members (kinds, call types, actions, levels): enum
// returns these strings instead of new copies, which saves allocating them for every record.
var enums = func() map[string]string {
	m := map[string]string{}
	add := func(s string) { m[s] = s }
	for _, k := range []wxc.EntityKind{wxc.Location, wxc.Person, wxc.Workspace, wxc.VirtualLine} {
		add(string(k))
	}
	for _, c := range wxc.AllCallTypes() {
		add(string(c))
	}
	for _, a := range wxc.Actions() {
		add(string(a))
	}
	add(string(wxc.AuthCodeLevelLocation))
	add(string(wxc.AuthCodeLevelCustom))
	return m
}()

// enum reads a string like str, as one of enums when it is one.
func (f *fastDecoder) enum(dst *string) error {
	if f.d.PeekKind() != '"' {
		return f.str(dst)
	}
	v, err := f.d.ReadValue()
	if err != nil {
		return err
	}
	if s, ok := enums[string(v[1:len(v)-1])]; ok {
		*dst = s
		return nil
	}
	s, err := jsontext.AppendUnquote(nil, v)
	if err != nil {
		return errSlow
	}
	*dst = string(s)
	return nil
}

func (f *fastDecoder) str(dst *string) error {
	tok, err := f.d.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case '"':
		*dst = tok.String()
	case 'n':
	default:
		return errSlow
	}
	return nil
}

func (f *fastDecoder) optStr(dst **string) error {
	tok, err := f.d.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case '"':
		s := tok.String()
		*dst = &s
	case 'n':
		*dst = nil
	default:
		return errSlow
	}
	return nil
}

func (f *fastDecoder) optBool(dst **bool) error {
	tok, err := f.d.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 't', 'f':
		b := tok.Bool()
		*dst = &b
	case 'n':
		*dst = nil
	default:
		return errSlow
	}
	return nil
}
