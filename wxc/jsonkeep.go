package wxc

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// knownKeys caches, per struct type, the lower-cased JSON names its fields declare.
var knownKeys sync.Map // reflect.Type -> map[string]bool

func jsonKeysOf(t reflect.Type) map[string]bool {
	if m, ok := knownKeys.Load(t); ok {
		return m.(map[string]bool)
	}
	m := make(map[string]bool)
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		m[strings.ToLower(name)] = true
	}
	knownKeys.Store(t, m)
	return m
}

// decodeKeep decodes b into v (a pointer to a struct without custom JSON methods) and returns
// the members of b that v's fields do not declare. encoding/json matches names
// case-insensitively, so the comparison here is case-insensitive too.
func decodeKeep(b []byte, v any) (map[string]json.RawMessage, error) {
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil, nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	known := jsonKeysOf(reflect.TypeOf(v).Elem())
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
	return extra, nil
}

// encodeKeep encodes v (a struct without custom JSON methods) and appends the members of
// extra that v's fields do not declare, in sorted key order so output is stable.
func encodeKeep(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	known := jsonKeysOf(reflect.TypeOf(v))
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if !known[strings.ToLower(k)] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return b, nil
	}
	slices.Sort(keys)
	return appendMembers(b, keys, extra)
}

// appendMembers adds "key":raw members to the JSON object obj.
func appendMembers(obj []byte, keys []string, members map[string]json.RawMessage) ([]byte, error) {
	out := bytes.TrimRight(obj, " \n\t")
	out = out[:len(out)-1] // drop '}'
	empty := len(bytes.TrimSpace(out)) == 1
	buf := bytes.NewBuffer(make([]byte, 0, len(obj)+64*len(keys)))
	buf.Write(out)
	for _, k := range keys {
		raw := members[k]
		if len(bytes.TrimSpace(raw)) == 0 {
			raw = json.RawMessage("null")
		}
		if !json.Valid(raw) {
			return nil, &json.UnsupportedValueError{Str: "invalid raw JSON in Extra[" + k + "]"}
		}
		if !empty {
			buf.WriteByte(',')
		}
		empty = false
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

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
