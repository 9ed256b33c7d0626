package wxc

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestModelHelperRefusesNonModels: a type that cannot be a model gives an error, not a panic.
func TestModelHelperRefusesNonModels(t *testing.T) {
	t.Parallel()
	type noExtra struct {
		A string `json:"a"`
	}
	type unexported struct {
		a     string
		Extra map[string]json.RawMessage `json:"-"`
	}
	var n noExtra
	if err := decodeModel([]byte(`{"a":"x"}`), &n); err == nil || !strings.Contains(err.Error(), "no field Extra") {
		t.Errorf("decodeModel(noExtra) = %v", err)
	}
	if _, err := encodeModel(unexported{a: "x"}); err == nil || !strings.Contains(err.Error(), "unexported") {
		t.Errorf("encodeModel(unexported) = %v", err)
	}
	var s string
	if err := decodeModelOnce([]byte(`{}`), &s); err == nil {
		t.Error("decodeModelOnce(string): no error")
	}
}

// TestModelDecodeErrorsNameTheModel: type errors name the model, not its plain twin.
func TestModelDecodeErrorsNameTheModel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"id": 3}`:                         "Go struct field PersonInfo.id of type string",
		`{"phoneNumbers": [{"value": 3}]}`:  "Go struct field PersonInfo.phoneNumbers.value of type string",
		`[]`:                                "Go value of type wxc.PersonInfo",
		`{"id": "P1", "licenses": [1, 2]} `: "",
	} {
		p := PersonInfo{ID: "old"}
		err := json.Unmarshal([]byte(in), &p)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", in, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: err = %v, want it to contain %q", in, err, want)
		case want != "" && p.ID != "old":
			t.Errorf("%s: failed decode changed the value: %+v", in, p)
		}
	}
}

// TestModelListsSentAsArrays: a nil slice member without omitempty is sent as [], one with
// omitempty is left out, and the caller's value is not changed.
func TestModelListsSentAsArrays(t *testing.T) {
	t.Parallel()
	codes := AuthCodes{Extra: map[string]jsonRaw{"z": jsonRaw("1")}}
	b, err := json.Marshal(codes)
	if err != nil || string(b) != `{"accessCodes":[],"z":1}` {
		t.Errorf("AuthCodes = %s, %v", b, err)
	}
	if codes.AccessCodes != nil {
		t.Error("MarshalJSON changed its receiver")
	}
	b, err = json.Marshal(PersonInfo{ID: "P"})
	if err != nil || string(b) != `{"id":"P"}` {
		t.Errorf("PersonInfo = %s, %v", b, err)
	}
}
