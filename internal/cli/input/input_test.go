package input

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wxcgo/go-wxc/wxc"
)

func problems(t *testing.T, err error) Problems {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not Problems", err, err)
	}
	return ps
}

func check(t *testing.T, name, doc string, s *Schema) error {
	t.Helper()
	d, err := Parse(name, []byte(doc))
	if err != nil {
		return err
	}
	return d.Check(s)
}

func TestCheckReportsEveryProblem(t *testing.T) {
	doc := `useCustomEnabeld: false
useCustomPermissions: "yes"
callingPermissions:
  - callType: INTERNATIONAL
    acton: BLOCK
    transferEnabled: true
    transferEnabled: false
  - {callType: NATIONAL, action: 7}
`
	err := check(t, "f.yaml", doc, OutgoingPermissions(wxc.Person))
	ps := problems(t, err)
	want := []string{
		`f.yaml: line 1, column 1: useCustomEnabeld: unknown key "useCustomEnabeld" (did you mean useCustomEnabled?); allowed here: useCustomEnabled, useCustomPermissions, callingPermissions`,
		`f.yaml: line 2, column 23: useCustomPermissions: want true or false, got the text "yes" (write true or false, without quotes)`,
		`f.yaml: line 5, column 5: callingPermissions[0].acton: unknown key "acton" (did you mean action?); allowed here: callType, action, transferEnabled, isCallTypeRestrictionEnabled`,
		`f.yaml: line 7, column 5: callingPermissions[0].transferEnabled: duplicate key "transferEnabled" (first at line 6); give each key once`,
	}
	if len(ps) < len(want) {
		t.Fatalf("got %d problems, want at least %d:\n%v", len(ps), len(want), err)
	}
	for i, w := range want {
		if ps[i].Error() != w {
			t.Errorf("problem %d:\n got %s\nwant %s", i, ps[i], w)
		}
	}
	// YAML: an unquoted number is text where text is wanted.
	if len(ps) != len(want) {
		t.Errorf("extra problems: %v", ps[len(want):])
	}
}

func TestJSON(t *testing.T) {
	doc := "{\n\t\"useCustomEnabled\": true,\n\t\"callingPermissions\": [\n\t\t{\"callType\": \"INTERNATIONAL\", \"action\": \"BLOCK\", \"x\\/y\": 1},\n\t\t{\"callType\": 5}\n\t]\n}\n"
	ps := problems(t, check(t, "p.json", doc, OutgoingPermissions(wxc.Workspace)))
	if len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", ps)
	}
	if got := ps[0]; got.Line != 4 || got.Column != 52 || got.Path != "callingPermissions[0].x/y" || !strings.Contains(got.Msg, `unknown key "x/y"`) {
		t.Errorf("problem 0 = %+v", got)
	}
	if got := ps[1]; got.Line != 5 || got.Path != "callingPermissions[1].callType" || got.Msg != "want text, got the number 5" {
		t.Errorf("problem 1 = %+v", got)
	}
	d, err := Parse("p.json", []byte(`{"useCustomEnabled": true, "callingPermissions": [{"callType": "INTERNATIONAL", "action": "BLOCK"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got wxc.OutgoingPermissions
	if err := d.Decode(OutgoingPermissions(wxc.Person), &got); err != nil {
		t.Fatal(err)
	}
	if p, ok := got.CallingPermissions.ForCallType(wxc.CallTypeInternational); !ok || p.Action != wxc.ActionBlock || *got.UseCustomEnabled != true {
		t.Errorf("decoded %+v", got)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tt := range []struct{ name, doc, want string }{
		{"empty", "  \n", "x: the file is empty"},
		{"only a comment", "# nothing\n", "x: the file is empty"},
		{"yaml", "a: b\n c: d\n  - e\n", "x: line 2: not valid YAML"},
		{"two yaml documents", "a: 1\n---\nb: 2\n", "x: line 2: more than one YAML document"},
		{"json", "{\"a\": 1,\n \"b\" 2}", "x: line 2, column 6: not valid JSON"},
		{"json cut short", "{\"a\": [1, 2", "not valid JSON: unexpected end"},
		{"two json values", "{}\n{}", "x: line 2, column 1: more than one JSON value"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			problems(t, err)
		})
	}
}

func TestTypes(t *testing.T) {
	s := ObjectOf(
		Field{"s", StringSchema()}, Field{"b", BoolSchema()}, Field{"i", IntSchema()},
		Field{"m", MapOf(OneOfSchema(StringSchema(), ObjectOf(Field{"a", StringSchema()})))},
	)
	ok := "s: 4711\nb: true\ni: 3\nm: {X: BLOCK, Y: {a: b}}\nnull1: \n"
	if err := check(t, "y", strings.Replace(ok, "null1: \n", "", 1), s); err != nil {
		t.Errorf("valid document: %v", err)
	}
	for _, tt := range []struct{ doc, want string }{
		{"s: true\n", `s: want text, got true (quote it: "true")`},
		{"b: 1\n", "b: want true or false, got the number 1"},
		{"i: x\n", `i: want a whole number, got the text "x"`},
		{"m: {X: [1]}\n", "m.X: want text or an object, got a list"},
		{"m: {X: {b: c}}\n", `m.X.b: unknown key "b" (did you mean a?); allowed here: a`},
		{"m: {X: A, X: B}\n", `m.X: duplicate key "X"`},
		{"- a\n", "want an object with the keys s, b, i, m, got a list"},
		{"s: &x 1\n<<: {b: true}\n", "<<: YAML merge keys"},
	} {
		err := check(t, "y", tt.doc, s)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want %q", tt.doc, err, tt.want)
		}
	}
	// null is "not given" anywhere.
	if err := check(t, "y", "s: null\nb:\nm: {X: ~}\n", s); err != nil {
		t.Errorf("nulls: %v", err)
	}
	// Text is text in the JSON form, even when YAML wrote it unquoted.
	d, err := Parse("y", []byte("s: +14085550100\nb: True\ni: 0x10\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.JSONFor(s)
	if err != nil || string(b) != `{"s":"+14085550100","b":true,"i":16}` {
		t.Errorf("JSONFor = %s, %v", b, err)
	}
}

func TestLocationSchemasHaveNoSwitch(t *testing.T) {
	err := check(t, "l.yaml", "useCustomEnabled: true\n", OutgoingPermissions(wxc.Location))
	if err == nil || !strings.Contains(err.Error(), "locations have no use-custom switch") || !strings.Contains(err.Error(), "allowed here: callingPermissions") {
		t.Errorf("err = %v", err)
	}
	err = check(t, "l.yaml", "useCustomTransferNumbers: true\nautoTransferNumber1: '+1 408 555 0100'\n", TransferNumbers(wxc.Location))
	if err == nil || !strings.Contains(err.Error(), "line 1, column 1: useCustomTransferNumbers") {
		t.Errorf("err = %v", err)
	}
	if err := check(t, "p.yaml", "useCustomTransferNumbers: true\nautoTransferNumber3: ''\n", TransferNumbers(wxc.VirtualLine)); err != nil {
		t.Errorf("virtual line: %v", err)
	}
}

// The schemas take their keys from the SDK: every member the SDK lists is allowed, with the
// type of the SDK model's field.
func TestWireSchemasFollowTheSDK(t *testing.T) {
	for _, k := range wxc.EntityKinds() {
		if got, want := OutgoingPermissions(k).Names(), wxc.OutgoingPermissionsMembers(k); !reflect.DeepEqual(got, want) {
			t.Errorf("%s outgoing: %v, want %v", k, got, want)
		}
		if got, want := TransferNumbers(k).Names(), wxc.TransferNumbersMembers(k); !reflect.DeepEqual(got, want) {
			t.Errorf("%s transfer numbers: %v, want %v", k, got, want)
		}
	}
	e := CallTypePermission()
	if e.Field("transferEnabled").Type != Bool || e.Field("action").Type != String || e.Field("callType").Type != String ||
		e.Field("isCallTypeRestrictionEnabled").Type != Bool {
		t.Errorf("entry schema %+v", e.Names())
	}
	if OutgoingPermissions(wxc.Person).Field("useCustomEnabled").Type != Bool || OutgoingPermissions(wxc.Person).Field("callingPermissions").Type != Array {
		t.Error("outgoing member types")
	}
}

// What `wxc outgoing get -o yaml|json` prints is accepted as it is.
func TestGetOutputIsAccepted(t *testing.T) {
	for _, name := range []string{"outgoing_get_yaml.golden", "outgoing_get_json.golden"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		d, err := Parse(name, b)
		if err != nil {
			t.Fatal(err)
		}
		var p wxc.OutgoingPermissions
		if err := d.Decode(OutgoingPermissions(wxc.Person), &p); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if p.CallingPermissions.Len() < 10 || len(p.Extra) != 0 {
			t.Errorf("%s: decoded %d call types, extra %v", name, p.CallingPermissions.Len(), p.Extra)
		}
	}
}

func TestFromType(t *testing.T) {
	type inner struct {
		A *bool `yaml:"a,omitempty"`
	}
	type doc struct {
		Version int               `yaml:"version"`
		Items   []inner           `yaml:"items"`
		ByName  map[string]string `yaml:"byName"`
		Skip    string            `yaml:"-"`
	}
	s := FromType(reflect.TypeFor[doc](), "yaml", nil)
	if got := s.Names(); !reflect.DeepEqual(got, []string{"version", "items", "byName"}) {
		t.Fatalf("names %v", got)
	}
	err := check(t, "d", "version: 1\nitems:\n  - {a: true, b: 1}\nbyName: {x: y}\nSkip: 1\n", s)
	ps := problems(t, err)
	if len(ps) != 2 || ps[0].Path != "items[0].b" || ps[1].Path != "Skip" {
		t.Errorf("problems %v", err)
	}
}

func TestAliases(t *testing.T) {
	s := MapOf(AnySchema())
	if err := check(t, "a", "x: &x {b: 1}\ny: *x\n", s); err != nil {
		t.Errorf("plain alias: %v", err)
	}
	if err := check(t, "a", "a: &a [*a]\n", s); err == nil || !strings.Contains(err.Error(), "contains itself") {
		t.Errorf("cyclic alias: %v", err)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 0, "a"; i < 8; i++ {
		name := fmt.Sprintf("b%d", i)
		bomb += fmt.Sprintf("%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n", name, name, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
		prev = name
	}
	if err := check(t, "a", bomb, s); err == nil || !strings.Contains(err.Error(), "expands to more than") {
		t.Errorf("alias bomb: %v", err)
	}
}
