package flows

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unprintable is what Printable puts in place of a control character.
const Unprintable = '\uFFFD'

// Printable makes text from a token or a service safe to show on a
// terminal: every C0 and C1 control character and DEL, except line feed
// and tab, becomes U+FFFD (as does invalid UTF-8), so an escape sequence
// in a claim or an error description cannot recolour, retitle or rewrite
// the user's terminal. A CR before a LF is dropped: CRLF is a line break.
//
// U+FFFD rather than a caret escape such as "^[": it takes one column,
// so tables stay aligned, it cannot be mistaken for text the service
// really sent, and it is the mark terminals already use for "cannot show
// this". The exact value stays available losslessly in JSON output.
func Printable(s string) string {
	if printable(s) {
		return s
	}
	s = strings.ReplaceAll(strings.ToValidUTF8(s, string(Unprintable)), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return Unprintable
		}
		return r
	}, s)
}

// printable is Printable's fast path: most text needs no change.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if isControl(r) {
			return false
		}
	}
	return true
}

// isControl is C0 (but line feed and tab), DEL and C1.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f)
}

// EscapeJSON escapes DEL and the C1 control characters in JSON text
// as \u007f … \u009f. encoding/json escapes C0 but leaves these raw,
// and a terminal may act on them; the escaped JSON means the same, so
// output stays lossless. They can only occur inside JSON strings, where
// an escape is always allowed.
func EscapeJSON(b []byte) []byte {
	if printable(string(b)) {
		return b
	}
	var out strings.Builder
	out.Grow(len(b) + 16)
	for _, r := range string(b) {
		if r >= 0x7f && r <= 0x9f {
			fmt.Fprintf(&out, `\u%04x`, r)
			continue
		}
		out.WriteRune(r)
	}
	return []byte(out.String())
}

// MaxServerText is the one length cap, in characters, for every string a
// service sends that we show or keep: an OAuth error and its
// description, an ID, a plain-text body, a redirect's location, a broken
// answer's cause. A chatty or hostile service cannot flood the screen.
const MaxServerText = 500

// Shorten cuts s to at most max characters, marking a cut with "…".
func Shorten(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// maxQuoted is how much of a value a message quotes.
const maxQuoted = 60

// Quote quotes a value the user gave for a message, once and cut short,
// so a pasted blob cannot flood the terminal; a cut says how long the
// value was.
func Quote(s string) string {
	if n := utf8.RuneCountInString(s); n > maxQuoted {
		return fmt.Sprintf("%q… (%d characters)", string([]rune(s)[:maxQuoted]), n)
	}
	return fmt.Sprintf("%q", s)
}
