package sandbox

import (
	"bytes"
	"encoding/json"
)

// Texas's authorization_details (nais/texas src/oauth/identity_provider.rs,
// AuthorizationDetails): serde's untagged RequestValue, either a JSON array
// of objects or a string holding one (for form bodies), read as serde
// buffers it (serde's Content through serde_json's deserialize_any) and as
// serde_json::from_str reads the string.

const (
	errRecursion      = "recursion limit exceeded"
	errNoVariant      = "data did not match any variant of untagged enum RequestValue"
	authDetailsPrefix = "failed to parse authorization_details JSON string: "
	// jsonDepth is serde_json's recursion limit; the request's own object
	// takes one level of it.
	jsonDepth = 128
)

// contentKind is what serde buffered a value as, as far as RequestValue's
// variants look: a string, a map, a sequence of maps only, or else.
type contentKind int

const (
	contentOther contentKind = iota
	contentString
	contentMap
	contentMapSeq
)

// authDetailsFromJSON reads the field's value in a JSON body (the null of
// its Option is read before) and returns it in canonical form, the key
// Texas's cache compares by.
func (r *jsonReader) authDetailsFromJSON() (any, *serdeError) {
	from := r.i
	kind, s, e := r.anyValue(jsonDepth - 1)
	switch {
	case e != nil:
		return nil, e
	case kind == contentMapSeq:
		return canonicalDetails(r.b[from:r.i]), nil
	case kind == contentString:
		return authDetailsFromString(s)
	}
	return nil, custom(errNoVariant)
}

// authDetailsFromString is RequestValue's Str arm:
// serde_json::from_str::<Vec<Map<String, Value>>>, its error wrapped.
func authDetailsFromString(s string) (any, *serdeError) {
	r := &jsonReader{b: []byte(s)}
	e := r.mapSeq()
	if e == nil {
		if _, more := r.ws(); more {
			e = r.peekErr(errTrailChars)
		}
	}
	if e != nil {
		return nil, custom("%s%s", authDetailsPrefix, e.Error())
	}
	return canonicalDetails([]byte(s)), nil
}

// mapSeq reads Vec<Map<String, Value>> (serde_json's deserialize_seq, then
// deserialize_map for each element).
func (r *jsonReader) mapSeq() *serdeError {
	c, ok := r.ws()
	switch {
	case !ok:
		return r.peekErr(errEOFValue)
	case c != '[':
		return r.invalidType("a sequence")
	}
	r.i++
	return r.fix(r.seqItems(func() *serdeError {
		if c, _ := r.ws(); c != '{' {
			return r.invalidType("a map")
		}
		r.i++
		return r.fix(r.mapEntries(func() *serdeError {
			_, _, e := r.anyValue(jsonDepth - 2)
			return e
		}))
	}))
}

// anyValue reads one value as serde_json's deserialize_any does, with
// remaining levels of nesting left: strings decoded, numbers in range.
// It returns what the value is, and a string's text.
func (r *jsonReader) anyValue(remaining int) (contentKind, string, *serdeError) {
	c, ok := r.ws()
	switch {
	case !ok:
		return contentOther, "", r.peekErr(errEOFValue)
	case c == 'n' || c == 't' || c == 'f':
		r.i++
		return contentOther, "", r.ident(identRest[c])
	case c == '-' || c >= '0' && c <= '9':
		if c == '-' {
			r.i++
		}
		_, e := r.number(c != '-')
		return contentOther, "", e
	case c == '"':
		r.i++
		s, e := r.str()
		return contentString, s, e
	case c != '[' && c != '{':
		return contentOther, "", r.peekErr(errValue)
	}
	if remaining--; remaining == 0 {
		return contentOther, "", r.peekErr(errRecursion)
	}
	r.i++
	if c == '{' {
		return contentMap, "", r.fix(r.mapEntries(func() *serdeError {
			_, _, e := r.anyValue(remaining)
			return e
		}))
	}
	maps := true
	e := r.fix(r.seqItems(func() *serdeError {
		kind, _, e := r.anyValue(remaining)
		maps = maps && kind == contentMap
		return e
	}))
	if maps {
		return contentMapSeq, "", e
	}
	return contentOther, "", e
}

// seqItems reads a sequence's elements after its '[' (SeqAccess's
// next_element_seed), each with item, then closes it (end_seq, which
// serde_json runs even after an error).
func (r *jsonReader) seqItems(item func() *serdeError) *serdeError {
	e := func() *serdeError {
		for first := true; ; first = false {
			c, ok := r.ws()
			switch {
			case ok && c == ']':
				return nil
			case ok && c == ',' && !first:
				r.i++
				c, ok = r.ws()
			case ok && !first:
				return r.peekErr(errListCommaEnd)
			case !ok:
				return r.peekErr(errEOFList)
			}
			switch {
			case !ok:
				return r.peekErr(errEOFValue)
			case c == ']':
				return r.peekErr(errTrailComma)
			}
			if e := item(); e != nil {
				return e
			}
		}
	}()
	return firstErr(e, r.endSeq())
}

// mapEntries reads a map's entries after its '{' (MapAccess's
// next_key_seed and next_value_seed), each value with value, then closes
// it (end_map).
func (r *jsonReader) mapEntries(value func() *serdeError) *serdeError {
	e := func() *serdeError {
		for first := true; ; first = false {
			c, ok := r.ws()
			switch {
			case ok && c == '}':
				return nil
			case ok && c == ',' && !first:
				r.i++
				c, ok = r.ws()
			case ok && !first:
				return r.peekErr(errObjCommaEnd)
			case !ok:
				return r.peekErr(errEOFObject)
			}
			switch {
			case !ok:
				return r.peekErr(errEOFValue)
			case c == '}':
				return r.peekErr(errTrailComma)
			case c != '"':
				return r.peekErr(errKeyString)
			}
			r.i++
			if _, e := r.str(); e != nil {
				return e
			}
			if e := r.colon(); e != nil {
				return e
			}
			if e := value(); e != nil {
				return e
			}
		}
	}()
	return firstErr(e, r.endMap())
}

// canonicalDetails is valid authorization_details JSON in one spelling, so
// that equal values (Texas compares the parsed Vec<Map>, whose maps are
// ordered by key) share a cache entry however they were written.
func canonicalDetails(b []byte) *string {
	s := string(b)
	var v []map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&v) == nil {
		out, _ := json.Marshal(v)
		s = string(out)
	}
	return &s
}
