package sandbox

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// TestSerdeJSON: Texas's JSON errors as serde_json 1.0.149 words and
// places them (src/de.rs, src/read.rs, src/error.rs), through
// serde_path_to_error's path.
func TestSerdeJSON(t *testing.T) {
	for in, want := range map[string]string{
		// nais/texas tests/integration/token.rs, verbatim.
		`{"identity_provider":"invalid","target":"dontcare"}`: "identity_provider: unknown variant `invalid`, expected one of `azuread`, `entra_id`, `tokenx`, `maskinporten`, `idporten` at line 1 column 30",
		``:                                     "EOF while parsing a value at line 1 column 0",
		`"x"`:                                  `invalid type: string "x", expected struct TokenRequest at line 1 column 3`,
		`{"target":5}`:                         "target: invalid type: integer `5`, expected a string at line 1 column 11",
		`{"target":-0}`:                        "target: invalid type: floating point `-0.0`, expected a string at line 1 column 12",
		`{"target":1.5e300}`:                   "target: invalid type: floating point `1.5e300`, expected a string at line 1 column 17",
		`{"target":1e400}`:                     "target: number out of range at line 1 column 15",
		`{"target":01}`:                        "target: invalid number at line 1 column 12",
		`{"target":null}`:                      "target: invalid type: null, expected a string at line 1 column 14",
		`{"target":[]}`:                        "target: invalid type: sequence, expected a string at line 1 column 10",
		`{"target":"a\q"}`:                     "target: invalid escape at line 1 column 14",
		"{\n\"target\": \"a\x01\"}":            "target: control character (\\u0000-\\u001F) found while parsing a string at line 2 column 13",
		`{"target":"\udc00"}`:                  "target: lone leading surrogate in hex escape at line 1 column 17",
		`{"x":[1,{"a":tru}]}`:                  "x: expected ident at line 1 column 17",
		`{"x":[1,]}`:                           "x: expected value at line 1 column 9",
		`{"x" 1}`:                              "expected `:` at line 1 column 6",
		`{"target":"t" "x"}`:                   "expected `,` or `}` at line 1 column 15",
		`{1:2}`:                                "key must be a string at line 1 column 2",
		`{"target":"t",}`:                      "trailing comma at line 1 column 15",
		`{"target":"t"`:                        "EOF while parsing an object at line 1 column 13",
		`["t","entra_id"]`:                     "invalid length 2, expected struct TokenRequest with 5 elements at line 1 column 16",
		`["t",5]`:                              "[1]: expected value at line 1 column 6",
		`{"identity_provider":{"entra_id":5}}`: "identity_provider.entra_id: invalid type: integer `5`, expected unit at line 1 column 34",
	} {
		_, e := tokenRequest.fromJSON([]byte(in))
		if e == nil || e.Error() != want {
			t.Errorf("%q: %v\nwant %s", in, e, want)
		}
	}
	for _, ok := range []string{
		`["t","entra_id",null,null,true]`,
		`{"identity_provider":{"entra_id":null},"target":"a\u00e5\ud83d\ude00","extra":{"deep":[1,2.5e3,"x",true,null]}}`,
		` {"target":"t","identity_provider":"azuread","skip_cache":null} ` + "\n",
	} {
		if _, e := tokenRequest.fromJSON([]byte(ok)); e != nil {
			t.Errorf("%q: %v", ok, e)
		}
	}
}

// TestFormDecoding: bodies split and decoded as form_urlencoded::parse.
func TestFormDecoding(t *testing.T) {
	got := formPairs([]byte("a=1&&b=%41%zz+c&c&=d&e=%ff"))
	want := [][2]string{{"a", "1"}, {"b", "A%zz c"}, {"c", ""}, {"", "d"}, {"e", "\uFFFD"}}
	if len(got) != len(want) {
		t.Fatalf("%q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pair %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// FuzzTexasJSON: the reader never panics, accepts only valid JSON, and
// reads the same target as encoding/json from what it accepts.
func FuzzTexasJSON(f *testing.F) {
	for _, seed := range []string{
		`{"identity_provider":"entra_id","target":"t"}`, `["t","azuread",null,null,false]`,
		`{"target":"a\u00e5\ud83d\ude00","identity_provider":{"entra_id":null},"x":[1,-2.5e3,{"y":null}]}`,
		`{"target":"t`, `{"target":01}`, "{\"target\":\"\x01\"}", `{"x":[1,]}`,
		`{"target":"t","identity_provider":"entra_id","authorization_details":[{"type":"x","n":[1,{"a":null}]}]}`,
		`{"target":"t","identity_provider":"entra_id","authorization_details":"[{\"type\":\"x\"},]"}`,
		`{"target":"t","identity_provider":"entra_id","authorization_details":[[{}]]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, e := tokenRequest.fromJSON(body)
		if e != nil {
			if e.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		var m map[string]any
		if json.Unmarshal(body, &m) == nil && m != nil && m["target"] != v.str("target") && utf8.Valid(body) {
			t.Fatalf("target %q, encoding/json reads %q", v.str("target"), m["target"])
		}
		if !authDetailsShape(m["authorization_details"]) {
			t.Fatalf("accepted authorization_details %#v: not an array of objects, nor a string holding one", m["authorization_details"])
		}
	})
}

// authDetailsShape reports what Texas accepts as authorization_details, as
// encoding/json reads it: nothing, an array of objects, or a string that
// holds one.
func authDetailsShape(v any) bool {
	if s, ok := v.(string); ok {
		if json.Unmarshal([]byte(s), &v) != nil {
			return false
		}
		if v == nil {
			return false // "null" is no array
		}
	}
	if v == nil {
		return true
	}
	items, ok := v.([]any)
	for _, item := range items {
		if _, isMap := item.(map[string]any); !isMap {
			return false
		}
	}
	return ok
}
