package sandbox

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// What serde_json says when a value is not of the type it wants.

// number reads a number for an "invalid type" message (parse_any_number)
// and returns serde's Unexpected for it.
func (r *jsonReader) number(positive bool) (string, *serdeError) {
	start := r.i
	c, ok := r.peek()
	if !ok {
		return "", r.err(errEOFValue)
	}
	r.i++
	switch {
	case c == '0':
		if d := r.peekOrNull(); d >= '0' && d <= '9' {
			return "", r.peekErr(errNumber)
		}
	case c >= '1' && c <= '9':
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
	default:
		return "", r.err(errNumber)
	}
	digits := string(r.b[start:r.i])
	integer := true
	if d := r.peekOrNull(); d == '.' {
		integer = false
		r.i++
		n := r.i
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
		if r.i == n {
			if _, ok := r.peek(); ok {
				return "", r.peekErr(errNumber)
			}
			return "", r.peekErr(errEOFValue)
		}
	}
	if d := r.peekOrNull(); d == 'e' || d == 'E' {
		integer = false
		r.i++
		if d := r.peekOrNull(); d == '+' || d == '-' {
			r.i++
		}
		c, ok := r.peek()
		if !ok {
			return "", r.err(errEOFValue)
		}
		r.i++
		if c < '0' || c > '9' {
			return "", r.err(errNumber)
		}
		for d := r.peekOrNull(); d >= '0' && d <= '9'; d = r.peekOrNull() {
			r.i++
		}
	}
	text := string(r.b[start:r.i])
	if !positive {
		text = "-" + text
	}
	if integer {
		if u, err := strconv.ParseUint(digits, 10, 64); err == nil {
			if positive {
				return fmt.Sprintf("integer `%d`", u), nil
			}
			if u != 0 && u <= 1<<63 {
				return fmt.Sprintf("integer `-%d`", u), nil
			}
		}
	}
	f, _ := strconv.ParseFloat(text, 64)
	if math.IsInf(f, 0) {
		return "", r.err(errRange)
	}
	return "floating point `" + shortestFloat(f) + "`", nil
}

// shortestFloat writes f as Rust's float formatters (ryu, zmij) do:
// shortest digits, with ".0" on whole numbers and an exponent only far
// from the decimal point.
func shortestFloat(f float64) string {
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64) // d.ddde±x
	mant, exp, _ := strings.Cut(s, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	point := e + 1 // digits before the decimal point
	sign := ""
	if math.Signbit(f) {
		sign = "-"
	}
	switch {
	case point > 16 || point < -4:
		if len(digits) == 1 {
			return fmt.Sprintf("%s%se%d", sign, digits, e)
		}
		return fmt.Sprintf("%s%s.%se%d", sign, digits[:1], digits[1:], e)
	case point <= 0:
		return sign + "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		return sign + digits + strings.Repeat("0", point-len(digits)) + ".0"
	}
	return sign + digits[:point] + "." + digits[point:]
}

// invalidType reads the value at hand and words "invalid type: …,
// expected exp" (peek_invalid_type, JsonUnexpected).
func (r *jsonReader) invalidType(exp string) *serdeError {
	var got string
	switch c := r.peekOrNull(); c {
	case 'n', 't', 'f':
		r.i++
		if e := r.ident(identRest[c]); e != nil {
			return e
		}
		got = map[byte]string{'n': "null", 't': "boolean `true`", 'f': "boolean `false`"}[c]
	case '-':
		r.i++
		n, e := r.number(false)
		if e != nil {
			return e
		}
		got = n
	case '"':
		r.i++
		s, e := r.str()
		if e != nil {
			return e
		}
		got = "string " + rustDebug(s)
	case '[':
		got = "sequence"
	case '{':
		got = "map"
	default:
		if c >= '0' && c <= '9' {
			n, e := r.number(true)
			if e != nil {
				return e
			}
			got = n
			break
		}
		return r.peekErr(errValue)
	}
	return r.fix(custom("invalid type: %s, expected %s", got, exp))
}

// rustDebug quotes s as Rust's {:?} does for a str.
func rustDebug(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b.WriteString(`\` + string(c))
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == 0:
			b.WriteString(`\0`)
		case c < 0x20 || c == 0x7f:
			fmt.Fprintf(&b, `\u{%x}`, c)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// fromJSON reads one field's value (serde_json's deserialize_str,
// deserialize_enum, deserialize_option, deserialize_bool).
func (k fieldKind) fromJSON(r *jsonReader) (any, *serdeError) {
	c, ok := r.ws()
	if (k == kOptBool || k == kOptString || k == kOptAny || k == kOptAuthDetails) && ok && c == 'n' {
		r.i++
		return nil, r.ident("ull")
	}
	if !ok {
		return nil, r.peekErr(errEOFValue)
	}
	switch k {
	case kString, kOptString:
		if c != '"' {
			return nil, r.invalidType("a string")
		}
		r.i++
		s, e := r.str()
		if k == kOptString {
			return &s, e
		}
		return s, e
	case kProvider, kAlg:
		return r.enumVariant(k)
	case kOptAuthDetails:
		return r.authDetailsFromJSON()
	case kOptBool:
		if c != 't' && c != 'f' {
			return nil, r.invalidType("a boolean")
		}
		r.i++
		b := c == 't'
		return &b, r.ident(identRest[c])
	}
	return nil, r.ignoreValue()
}

// enumVariant reads a unit-variant enum: "name", or {"name": null}
// (Deserializer::deserialize_enum, UnitVariantAccess, VariantAccess).
func (r *jsonReader) enumVariant(k fieldKind) (any, *serdeError) {
	c, _ := r.ws()
	if c != '"' && c != '{' {
		return nil, r.peekErr(errValue)
	}
	r.i++
	if c == '"' {
		s, e := r.str()
		if e != nil {
			return nil, e
		}
		v, e := variant(k, s)
		return v, r.fix(e)
	}
	if c, ok := r.ws(); !ok {
		return nil, r.peekErr(errEOFValue)
	} else if c != '"' {
		return nil, r.invalidType("variant identifier")
	}
	r.i++
	s, e := r.str()
	if e != nil {
		return nil, e
	}
	v, e := variant(k, s)
	if e != nil {
		return nil, r.fix(e)
	}
	if e := r.colon(); e != nil {
		return nil, e
	}
	// serde_path_to_error puts the variant on the path of what is wrong
	// with its value: identity_provider.entra_id (WrapVariant).
	unit := func(e *serdeError) (any, *serdeError) { e.path = "." + s; return nil, e }
	if c, ok := r.ws(); !ok {
		return unit(r.peekErr(errEOFValue))
	} else if c != 'n' {
		return unit(r.invalidType("unit"))
	}
	r.i++
	if e := r.ident("ull"); e != nil {
		return unit(e)
	}
	switch c, ok := r.ws(); {
	case !ok:
		return nil, r.err(errEOFObject)
	case c != '}':
		return nil, r.err(errValue)
	}
	r.i++
	return v, nil
}
