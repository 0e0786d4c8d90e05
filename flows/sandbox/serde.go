package sandbox

import (
	"strconv"
	"strings"
)

// Texas's request types derive serde::Deserialize (nais/texas
// src/oauth/identity_provider.rs: TokenRequest, TokenExchangeRequest,
// IntrospectRequest, IdentityProvider). A schema lists their fields in
// declaration order, which is the order serde reports missing fields in.

// fieldKind is the Rust type of a field.
type fieldKind int

const (
	kString         fieldKind = iota // String
	kProvider                        // IdentityProvider
	kOptBool                         // Option<bool>
	kOptString                       // Option<String>
	kOptAny                          // an Option of a type not modelled: read, not checked
	kOptAuthDetails                  // Option<AuthorizationDetails> (serdeauth.go)
	kAlg                             // jsonwebtoken's Algorithm
)

// required reports a field serde needs: every one that is not an Option.
func (k fieldKind) required() bool { return k == kString || k == kProvider || k == kAlg }

type field struct {
	name string
	kind fieldKind
}

// schema is a Rust struct that derives Deserialize.
type schema struct {
	name   string
	fields []field
}

// values is what a request held: a string for String and for the
// provider (by its canonical name), *bool or *string for the options.
type values map[string]any

func (v values) str(name string) string { s, _ := v[name].(string); return s }

// enums are the names serde accepts for an enum field, each with the
// variant it names, in the order serde lists them on an unknown one (its
// VARIANTS: each variant's names sorted, variants in declaration order).
var enums = map[fieldKind][][2]string{
	// texas src/oauth/identity_provider.rs: entra_id, alias azuread.
	kProvider: {{"azuread", "entra_id"}, {"entra_id", "entra_id"}, {"tokenx", "tokenx"},
		{"maskinporten", "maskinporten"}, {"idporten", "idporten"}},
	// jsonwebtoken src/algorithms.rs.
	kAlg: {{"HS256", "HS256"}, {"HS384", "HS384"}, {"HS512", "HS512"}, {"ES256", "ES256"}, {"ES384", "ES384"},
		{"RS256", "RS256"}, {"RS384", "RS384"}, {"RS512", "RS512"}, {"PS256", "PS256"}, {"PS384", "PS384"},
		{"PS512", "PS512"}, {"EdDSA", "EdDSA"}},
}

// variant reads an enum variant's name (serde's generated visit_str).
func variant(k fieldKind, name string) (string, *serdeError) {
	var expected []string
	for _, v := range enums[k] {
		if v[0] == name {
			return v[1], nil
		}
		expected = append(expected, "`"+v[0]+"`")
	}
	return "", custom("unknown variant `%s`, expected one of %s", name, strings.Join(expected, ", "))
}

func (sc schema) field(name string) (field, bool) {
	for _, f := range sc.fields {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// finish is the end of serde's generated visit_map: the first missing
// required field, in declaration order, is the error.
func (sc schema) finish(got values) (values, *serdeError) {
	for _, f := range sc.fields {
		if _, ok := got[f.name]; !ok && f.kind.required() {
			return nil, custom("missing field `%s`", f.name)
		}
	}
	return got, nil
}

// fromJSON reads body as serde_path_to_error::deserialize over
// serde_json's Deserializer, then Deserializer::end (axum's
// Json::from_bytes).
func (sc schema) fromJSON(body []byte) (values, *serdeError) {
	r := &jsonReader{b: body}
	got, e := sc.jsonStruct(r)
	if e != nil {
		return nil, e
	}
	if _, ok := r.ws(); ok {
		return nil, r.peekErr(errTrailChars)
	}
	return got, nil
}

// jsonStruct is serde_json's deserialize_struct: a map, or a sequence of
// the fields in order.
func (sc schema) jsonStruct(r *jsonReader) (values, *serdeError) {
	c, ok := r.ws()
	if !ok {
		return nil, r.peekErr(errEOFValue)
	}
	var got values
	var e *serdeError
	switch c {
	case '{':
		r.i++
		got, e = sc.jsonMap(r)
		e = firstErr(e, r.endMap())
	case '[':
		r.i++
		got, e = sc.jsonSeq(r)
		e = firstErr(e, r.endSeq())
	default:
		return nil, r.invalidType("struct " + sc.name)
	}
	return got, r.fix(e)
}

func firstErr(a, b *serdeError) *serdeError {
	if a != nil {
		return a
	}
	return b
}

// jsonMap is serde's generated visit_map over serde_json's MapAccess
// (next_key_seed, parse_object_colon), with the key as the error path.
func (sc schema) jsonMap(r *jsonReader) (values, *serdeError) {
	got := values{}
	for first := true; ; first = false {
		c, ok := r.ws()
		switch {
		case !ok:
			return nil, r.peekErr(errEOFObject)
		case c == '}':
			return sc.finish(got)
		case c == ',' && !first:
			r.i++
			c, ok = r.ws()
		case !first:
			return nil, r.peekErr(errObjCommaEnd)
		}
		switch {
		case !ok:
			return nil, r.peekErr(errEOFValue)
		case c == '}':
			return nil, r.peekErr(errTrailComma)
		case c != '"':
			return nil, r.peekErr(errKeyString)
		}
		r.i++
		key, e := r.str()
		if e != nil {
			return nil, e
		}
		f, known := sc.field(key)
		if _, dup := got[key]; known && dup {
			return nil, custom("duplicate field `%s`", key)
		}
		if e := r.colon(); e != nil {
			return nil, e
		}
		var v any
		if known {
			v, e = f.kind.fromJSON(r)
		} else {
			e = r.ignoreValue()
		}
		if e != nil {
			return nil, e.under(key)
		}
		if known {
			got[key] = v
		}
	}
}

// jsonSeq is serde's generated visit_seq: every field, in order, each one
// required (serde_json's SeqAccess).
func (sc schema) jsonSeq(r *jsonReader) (values, *serdeError) {
	got := values{}
	for i, f := range sc.fields {
		c, ok := r.ws()
		switch {
		case ok && c == ']':
			return nil, custom("invalid length %d, expected struct %s with %d elements", i, sc.name, len(sc.fields))
		case ok && c == ',' && i > 0:
			r.i++
			c, ok = r.ws()
		case ok && i > 0:
			return nil, r.peekErr(errListCommaEnd)
		case !ok:
			return nil, r.peekErr(errEOFList)
		}
		switch {
		case !ok:
			return nil, r.peekErr(errEOFValue)
		case c == ']':
			return nil, r.peekErr(errTrailComma)
		}
		v, e := f.kind.fromJSON(r)
		if e != nil {
			return nil, e.under("[" + strconv.Itoa(i) + "]")
		}
		got[f.name] = v
	}
	return got, nil
}

// endMap and endSeq close what jsonStruct opened (Deserializer::end_map,
// end_seq); serde_json runs them even after an error, for their effect on
// the position.
func (r *jsonReader) endMap() *serdeError {
	c, ok := r.ws()
	switch {
	case !ok:
		return r.peekErr(errEOFObject)
	case c == '}':
		r.i++
		return nil
	case c == ',':
		return r.peekErr(errTrailComma)
	}
	return r.peekErr(errTrailChars)
}

func (r *jsonReader) endSeq() *serdeError {
	c, ok := r.ws()
	switch {
	case !ok:
		return r.peekErr(errEOFList)
	case c == ']':
		r.i++
		return nil
	case c == ',':
		r.i++
		if c, ok := r.ws(); ok && c == ']' {
			return r.peekErr(errTrailComma)
		}
	}
	return r.peekErr(errTrailChars)
}
