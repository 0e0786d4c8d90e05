package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Texas (Rust) reads its JSON bodies with serde_json 1.0.149 through
// axum's Json extractor. This file reads JSON as serde_json's SliceRead
// and Deserializer do (serde-rs/json src/read.rs, src/de.rs), so the
// sandbox refuses what Texas refuses, with the same message, line and
// column. It is the sandbox's own reader: it shares nothing with the
// client's parsers, so a client bug cannot hide behind it.

// serdeError is an error worded as serde_json (or serde_urlencoded) words
// it, with serde_path_to_error's path in front.
type serdeError struct {
	msg       string
	line, col int // line 0: a custom error not placed yet (serde_json's fix_position)
	path      string
	data      bool // serde_json's Category::Data, as opposed to Syntax and Eof
}

func (e *serdeError) Error() string {
	s := e.msg
	if e.line > 0 {
		s = fmt.Sprintf("%s at line %d column %d", e.msg, e.line, e.col)
	}
	if e.path != "" {
		s = e.path + ": " + s
	}
	return s
}

// under puts the error below segment on its path, unless a deeper
// segment already holds it (serde_path_to_error's Track: the first
// trigger wins); a path starting with '.' continues segment.
func (e *serdeError) under(segment string) *serdeError {
	if e.path == "" || strings.HasPrefix(e.path, ".") {
		e.path = segment + e.path
	}
	return e
}

// custom is de::Error::custom: a data error without a position yet.
func custom(format string, args ...any) *serdeError {
	return &serdeError{msg: fmt.Sprintf(format, args...), data: true}
}

// serde_json's ErrorCode texts (src/error.rs, impl Display for ErrorCode).
const (
	errEOFList       = "EOF while parsing a list"
	errEOFObject     = "EOF while parsing an object"
	errEOFString     = "EOF while parsing a string"
	errEOFValue      = "EOF while parsing a value"
	errColon         = "expected `:`"
	errListCommaEnd  = "expected `,` or `]`"
	errObjCommaEnd   = "expected `,` or `}`"
	errIdent         = "expected ident"
	errValue         = "expected value"
	errEscape        = "invalid escape"
	errNumber        = "invalid number"
	errRange         = "number out of range"
	errCodePoint     = "invalid unicode code point"
	errControl       = "control character (\\u0000-\\u001F) found while parsing a string"
	errKeyString     = "key must be a string"
	errLoneSurrogate = "lone leading surrogate in hex escape"
	errHexEnd        = "unexpected end of hex escape"
	errTrailComma    = "trailing comma"
	errTrailChars    = "trailing characters"
)

// jsonReader is serde_json's SliceRead plus the Deserializer's helpers.
type jsonReader struct {
	b []byte
	i int
}

// errAt is an error at byte index i (SliceRead::position_of_index).
func (r *jsonReader) errAt(msg string, i int) *serdeError {
	start := strings.LastIndexByte(string(r.b[:i]), '\n') + 1
	return &serdeError{msg: msg, line: 1 + strings.Count(string(r.b[:start]), "\n"), col: i - start}
}

func (r *jsonReader) err(msg string) *serdeError     { return r.errAt(msg, r.i) }
func (r *jsonReader) peekErr(msg string) *serdeError { return r.errAt(msg, min(len(r.b), r.i+1)) }

// fix places a custom error at the current position (fix_position).
func (r *jsonReader) fix(e *serdeError) *serdeError {
	if e != nil && e.line == 0 {
		placed := r.err(e.msg)
		placed.data, placed.path = e.data, e.path
		return placed
	}
	return e
}

func (r *jsonReader) peek() (byte, bool) {
	if r.i < len(r.b) {
		return r.b[r.i], true
	}
	return 0, false
}

func (r *jsonReader) peekOrNull() byte { c, _ := r.peek(); return c }

// ws skips whitespace and peeks (parse_whitespace).
func (r *jsonReader) ws() (byte, bool) {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\n', '\t', '\r':
			r.i++
		default:
			return r.b[r.i], true
		}
	}
	return 0, false
}

// identRest is what follows the first letter of null, true and false.
var identRest = map[byte]string{'n': "ull", 't': "rue", 'f': "alse"}

// ident reads the rest of null, true or false (parse_ident).
func (r *jsonReader) ident(rest string) *serdeError {
	for k := range len(rest) {
		c, ok := r.peek()
		if !ok {
			return r.err(errEOFValue)
		}
		r.i++
		if c != rest[k] {
			return r.err(errIdent)
		}
	}
	return nil
}

// str reads a string whose opening quote is eaten (parse_str, validated).
func (r *jsonReader) str() (string, *serdeError) {
	var out []byte
	for {
		for r.i < len(r.b) && r.b[r.i] != '"' && r.b[r.i] != '\\' && r.b[r.i] >= 0x20 {
			out = append(out, r.b[r.i])
			r.i++
		}
		if r.i == len(r.b) {
			return "", r.err(errEOFString)
		}
		switch r.b[r.i] {
		case '"':
			r.i++
			if !utf8.Valid(out) {
				return "", r.err(errCodePoint)
			}
			return string(out), nil
		case '\\':
			r.i++
			var e *serdeError
			if out, e = r.escape(out); e != nil {
				return "", e
			}
		default:
			r.i++
			return "", r.err(errControl)
		}
	}
}

// escape decodes one escape after the backslash (parse_escape).
func (r *jsonReader) escape(out []byte) ([]byte, *serdeError) {
	c, ok := r.peek()
	if !ok {
		return out, r.err(errEOFString)
	}
	r.i++
	if c == 'u' {
		return r.unicodeEscape(out)
	}
	simple := map[byte]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
	if v, ok := simple[c]; ok {
		return append(out, v), nil
	}
	return out, r.err(errEscape)
}

func (r *jsonReader) hex4() (rune, *serdeError) {
	if len(r.b)-r.i < 4 {
		r.i = len(r.b)
		return 0, r.err(errEOFString)
	}
	r.i += 4
	n, err := strconv.ParseUint(string(r.b[r.i-4:r.i]), 16, 16)
	if err != nil {
		return 0, r.err(errEscape)
	}
	return rune(n), nil
}

// unicodeEscape decodes \uXXXX, pairing surrogates (parse_unicode_escape).
func (r *jsonReader) unicodeEscape(out []byte) ([]byte, *serdeError) {
	n, e := r.hex4()
	switch {
	case e != nil:
		return out, e
	case n >= 0xDC00 && n <= 0xDFFF:
		return out, r.err(errLoneSurrogate)
	case n < 0xD800 || n > 0xDBFF:
		return utf8.AppendRune(out, n), nil
	}
	for _, want := range []byte{'\\', 'u'} {
		c, ok := r.peek()
		if !ok {
			return out, r.err(errEOFString)
		}
		r.i++
		if c != want {
			return out, r.err(errHexEnd)
		}
	}
	n2, e := r.hex4()
	if e != nil {
		return out, e
	}
	if n2 < 0xDC00 || n2 > 0xDFFF {
		return out, r.err(errLoneSurrogate)
	}
	return utf8.AppendRune(out, (n-0xD800)<<10|(n2-0xDC00)+0x10000), nil
}
