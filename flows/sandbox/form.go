package sandbox

import (
	"strings"
	"unicode/utf8"
)

// fromForm reads body as axum's Form does: form_urlencoded::parse, then
// serde_urlencoded through serde_path_to_error. Every value is a string
// (serde_urlencoded's Part): a bool must be exactly "true" or "false".
func (sc schema) fromForm(body []byte) (values, *serdeError) {
	got := values{}
	for _, pair := range formPairs(body) {
		key, val := pair[0], pair[1]
		f, known := sc.field(key)
		if !known {
			continue
		}
		if _, dup := got[key]; dup {
			return nil, custom("duplicate field `%s`", key)
		}
		var v any = val
		var e *serdeError
		switch f.kind {
		case kProvider:
			v, e = variant(kProvider, val)
		case kOptBool:
			b := val == "true"
			v = &b
			if val != "true" && val != "false" {
				e = custom("provided string was not `true` or `false`")
			}
		case kOptString, kOptAny:
			v = &val
		case kOptAuthDetails:
			v, e = authDetailsFromString(val)
		}
		if e != nil {
			e.path = key
			return nil, e
		}
		got[key] = v
	}
	return sc.finish(got)
}

// formPairs splits an application/x-www-form-urlencoded body as the url
// crate's form_urlencoded::parse does: on '&', empty pieces skipped, at
// the first '='; '+' is a space, bad percent escapes stay as they are,
// and invalid UTF-8 becomes U+FFFD.
func formPairs(body []byte) [][2]string {
	var out [][2]string
	for piece := range strings.SplitSeq(string(body), "&") {
		if piece == "" {
			continue
		}
		k, v, _ := strings.Cut(piece, "=")
		out = append(out, [2]string{formDecode(k), formDecode(v)})
	}
	return out
}

func formDecode(s string) string {
	b := []byte(strings.ReplaceAll(s, "+", " "))
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	var text strings.Builder
	for len(out) > 0 {
		r, n := utf8.DecodeRune(out)
		text.WriteRune(r) // an invalid byte decodes as U+FFFD
		out = out[n:]
	}
	return text.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
