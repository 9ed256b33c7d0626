package wxc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// Keeping unknown members (STYLE section 7).
//
// Every model keeps the JSON members this SDK version does not declare in its field
//
//	Extra map[string]json.RawMessage `json:"-"`
//
// and sends them back unchanged, so that a read-modify-write does not lose what a newer API
// added. A model takes part with a one-line method pair:
//
//	func (p *PersonInfo) UnmarshalJSON(b []byte) error { return decodeModel(b, p) }
//	func (p PersonInfo) MarshalJSON() ([]byte, error)  { return encodeModel(p) }
//
// decodeModel and encodeModel handle any such struct. They let encoding/json do the
// declared members through the model's "plain twin": a struct type built once per model
// with reflect.StructOf from the model's fields and tags, which has the same memory layout
// but none of the model's methods (so encoding/json does not call them again). A *T
// converts to a pointer to its twin without copying. The declared members are therefore
// decoded and encoded exactly as encoding/json does for a struct without methods: member
// order, omitempty, and nested models (which use their own methods). Then:
//
//   - decoding collects the members whose names the struct does not declare (compared
//     case-insensitively, as encoding/json matches them) into Extra;
//   - encoding appends Extra's members, in sorted key order, after the declared ones,
//     leaving out keys that spell a declared member;
//   - a slice member without omitempty (AuthCodes.AccessCodes, DigitPatterns.DigitPatterns)
//     is sent as [] when nil, never as null.
//
// Limits: a model must not embed structs (their members would need flattening), and all
// its fields must be exported.

// modelInfo is what the two functions need to know about a model type.
type modelInfo struct {
	typ     reflect.Type // the model
	plain   reflect.Type // pointer to its plain twin
	extra   int          // index of the Extra field
	known   map[string]bool
	members []modelMember // declared members, in field order
	lists   []int         // slice fields sent as [] when nil
	err     error         // the type cannot be a model
}

// modelMember is one declared member.
type modelMember struct {
	name  string // JSON name
	index int    // field index
}

var (
	extraType       = reflect.TypeFor[map[string]json.RawMessage]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// modelInfos caches modelInfo per model type.
var modelInfos sync.Map // reflect.Type -> *modelInfo

// modelInfoOf returns the (cached) modelInfo of T.
func modelInfoOf[T any]() *modelInfo {
	t := reflect.TypeFor[T]()
	if mi, ok := modelInfos.Load(t); ok {
		return mi.(*modelInfo)
	}
	mi, _ := modelInfos.LoadOrStore(t, newModelInfo(t))
	return mi.(*modelInfo)
}

func newModelInfo(t reflect.Type) *modelInfo {
	mi := &modelInfo{typ: t, extra: -1, known: map[string]bool{}}
	if t.Kind() != reflect.Struct {
		mi.err = fmt.Errorf("wxc: %v is not a struct", t)
		return mi
	}
	var fields []reflect.StructField
	for f := range t.Fields() {
		if !f.IsExported() || f.Anonymous {
			mi.err = fmt.Errorf("wxc: model %v: field %s is unexported or embedded", t, f.Name)
			return mi
		}
		fields = append(fields, f)
		tag := f.Tag.Get("json")
		if tag == "-" {
			if f.Name == "Extra" && f.Type == extraType {
				mi.extra = f.Index[0]
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		mi.known[strings.ToLower(name)] = true
		mi.members = append(mi.members, modelMember{name: name, index: f.Index[0]})
		if f.Type.Kind() == reflect.Slice && !slices.Contains(strings.Split(opts, ","), "omitempty") {
			mi.lists = append(mi.lists, f.Index[0])
		}
	}
	if mi.extra < 0 {
		mi.err = fmt.Errorf("wxc: model %v has no field Extra map[string]json.RawMessage `json:\"-\"`", t)
		return mi
	}
	mi.plain = reflect.PointerTo(reflect.StructOf(fields))
	if !reflect.PointerTo(t).ConvertibleTo(mi.plain) {
		mi.err = fmt.Errorf("wxc: model %v: no plain twin", t)
	}
	return mi
}

// plainOf returns p as a pointer to the plain twin (same memory).
func (mi *modelInfo) plainOf(p reflect.Value) any { return p.Convert(mi.plain).Interface() }

// rename makes a type error name the model instead of its unnamed twin.
func (mi *modelInfo) rename(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Struct == "" && te.Field != "" {
			te.Struct = mi.typ.Name()
		}
		if te.Type == mi.plain.Elem() {
			te.Type = mi.typ
		}
	}
	return err
}

// decodeModel decodes b into *v, keeping unknown members in Extra. The declared members
// are decoded by encoding/json (of several spellings of one member, the last in the
// document wins). null gives the zero value. On an error *v is unchanged.
func decodeModel[T any](b []byte, v *T) error {
	mi := modelInfoOf[T]()
	if mi.err != nil {
		return mi.err
	}
	var out T
	rv := reflect.ValueOf(&out)
	if err := json.Unmarshal(b, mi.plainOf(rv)); err != nil {
		return mi.rename(err)
	}
	if !isNull(bytes.TrimSpace(b)) {
		var all map[string]json.RawMessage
		if err := json.Unmarshal(b, &all); err != nil {
			return err
		}
		rv.Elem().Field(mi.extra).Set(reflect.ValueOf(unknownMembers(all, mi.known)))
	}
	*v = out
	return nil
}

// decodeModelOnce is decodeModel with a single decoding pass over b: the object is split
// into members once, and each declared member is decoded from its own bytes (a member
// whose type has an UnmarshalJSON method gets it called directly). For models with a large
// member (OutgoingPermissions' callingPermissions list), which decodeModel would scan
// twice. Of several spellings of one member the exact one wins, else the one that sorts
// first. null gives the zero value. On an error *v is unchanged.
func decodeModelOnce[T any](b []byte, v *T) error {
	mi := modelInfoOf[T]()
	if mi.err != nil {
		return mi.err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	var out T
	rv := reflect.ValueOf(&out).Elem()
	for _, m := range mi.members {
		raw := member(all, m.name)
		if raw == nil || isNull(raw) {
			continue
		}
		if err := decodeMember(rv.Field(m.index), m.name, raw); err != nil {
			return err
		}
	}
	rv.Field(mi.extra).Set(reflect.ValueOf(unknownMembers(all, mi.known)))
	*v = out
	return nil
}

// decodeMember decodes raw (not null) into the field f. A pointer to a type with an
// UnmarshalJSON method is allocated and decoded by that method, whose errors name
// themselves; other errors get the member name.
func decodeMember(f reflect.Value, name string, raw json.RawMessage) error {
	if f.Kind() == reflect.Pointer && f.Type().Implements(unmarshalerType) {
		nv := reflect.New(f.Type().Elem())
		if err := nv.Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return err
		}
		f.Set(nv)
		return nil
	}
	if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// unknownMembers returns the members of all whose lower-cased names are not in known, or nil.
func unknownMembers(all map[string]json.RawMessage, known map[string]bool) map[string]json.RawMessage {
	var extra map[string]json.RawMessage
	for k, raw := range all {
		if known[strings.ToLower(k)] {
			continue
		}
		if extra == nil {
			extra = make(map[string]json.RawMessage)
		}
		extra[k] = raw
	}
	return extra
}

// encodeModel encodes v: the declared members as encoding/json writes them, then Extra's
// members in sorted key order (keys that spell a declared member are left out).
func encodeModel[T any](v T) ([]byte, error) {
	mi := modelInfoOf[T]()
	if mi.err != nil {
		return nil, mi.err
	}
	rv := reflect.ValueOf(&v)
	for _, i := range mi.lists {
		if f := rv.Elem().Field(i); f.IsNil() {
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		}
	}
	b, err := json.Marshal(mi.plainOf(rv))
	if err != nil {
		return nil, err
	}
	extra := rv.Elem().Field(mi.extra).Interface().(map[string]json.RawMessage)
	keys := unknownKeys(extra, func(k string) bool { return mi.known[strings.ToLower(k)] })
	if len(keys) == 0 {
		return b, nil
	}
	out := bytes.TrimRight(b, " \n\t")
	out = out[:len(out)-1] // drop '}'
	first := len(bytes.TrimSpace(out)) == 1
	buf := make([]byte, 0, len(b)+64*len(keys))
	buf = append(buf, out...)
	if buf, err = appendRawMembers(buf, first, keys, extra); err != nil {
		return nil, err
	}
	return append(buf, '}'), nil
}

// unknownKeys returns the keys of extra for which known is false, sorted.
func unknownKeys(extra map[string]json.RawMessage, known func(string) bool) []string {
	if len(extra) == 0 {
		return nil
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !known(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// appendRawMembers appends "key":raw for each key (a comma before each, except before the
// first when first is set). Empty raw values are written as null; invalid JSON is an error.
func appendRawMembers(buf []byte, first bool, keys []string, members map[string]json.RawMessage) ([]byte, error) {
	for _, k := range keys {
		raw := members[k]
		if len(bytes.TrimSpace(raw)) == 0 {
			raw = json.RawMessage("null")
		}
		if !json.Valid(raw) {
			return nil, &json.UnsupportedValueError{Str: "invalid raw JSON in Extra[" + k + "]"}
		}
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = appendJSONString(buf, k)
		buf = append(buf, ':')
		buf = append(buf, raw...)
	}
	return buf, nil
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // a string always encodes
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// member returns m[name], or, when there is no exact match, the value of the
// case-insensitively matching key that sorts first (so the choice is deterministic).
func member(m map[string]json.RawMessage, name string) json.RawMessage {
	if raw, ok := m[name]; ok {
		return raw
	}
	var best string
	var found json.RawMessage
	for k, raw := range m {
		if strings.EqualFold(k, name) && (found == nil || k < best) {
			best, found = k, raw
		}
	}
	return found
}

func isNull(raw []byte) bool { return string(raw) == "null" }

// cloneExtra copies an Extra map so that a copy of a model does not share it.
func cloneExtra(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = append(json.RawMessage(nil), v...)
	}
	return out
}
