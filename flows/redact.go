package flows

import (
	"regexp"
	"sort"
	"strings"
)

// jwtShape finds anything that looks like a JWT (a base64url JSON header,
// then two more parts, or four for an encrypted one), so a service that
// echoes a token in its error text cannot make us show it.
var jwtShape = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?`)

// ContainsJWT reports whether text holds anything JWT-shaped, by the same
// rule Redact uses; the config uses it to refuse tokens pasted into it.
func ContainsJWT(text string) bool { return jwtShape.MatchString(text) }

// The marks Redact puts where it took something out.
const (
	redactedSecret = "[redacted]"
	redactedToken  = "[token redacted]"
)

// Redact removes every given secret and anything JWT-shaped from text that
// is about to be shown, logged or kept. The flows clean every string a
// service sends with it (see clean), and the UI runs it again over what it
// shows, so both apply the same rule.
//
// A secret is found as it is, percent-encoded up to three times over
// (with escapes in either case, "+" for a space as in a form) and broken
// over lines; a JWT too.
// Text that sits between two halves of a secret split by a line break is
// taken out with it.
func Redact(text string, secrets ...string) string {
	var cuts []cut
	eachSearchView(text, func(v searchView) {
		for _, sec := range secrets {
			if sec == "" {
				continue
			}
			variants := []string{sec}
			if strings.Contains(sec, " ") {
				variants = append(variants, strings.ReplaceAll(sec, " ", "+"))
			}
			for _, variant := range variants {
				cuts = append(cuts, findAll(v.text, variant, v.span, redactedSecret)...)
			}
		}
		for _, m := range jwtShape.FindAllStringIndex(v.text, -1) {
			start, end := v.span(m[0], m[1])
			cuts = append(cuts, cut{start, end, redactedToken})
		}
	})
	if len(cuts) == 0 {
		return text
	}
	return applyCuts(text, cuts)
}

// cut is a byte range of the original text to replace with mark.
type cut struct {
	start, end int
	mark       string
}

// findAll finds every occurrence of needle in hay and maps each to the
// original text.
func findAll(hay, needle string, toOriginal func(int, int) (int, int), mark string) []cut {
	var cuts []cut
	for from := 0; from <= len(hay)-len(needle); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		start, end := toOriginal(from+i, from+i+len(needle))
		cuts = append(cuts, cut{start, end, mark})
		from += i + len(needle)
	}
	return cuts
}

// applyCuts replaces the ranges, merging those that overlap; a merged
// range that holds a secret is marked as one.
func applyCuts(text string, cuts []cut) string {
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].start < cuts[j].start })
	var b strings.Builder
	at := 0
	for i := 0; i < len(cuts); {
		c := cuts[i]
		for i++; i < len(cuts) && cuts[i].start < c.end; i++ {
			c.end = max(c.end, cuts[i].end)
			if cuts[i].mark == redactedSecret {
				c.mark = redactedSecret
			}
		}
		b.WriteString(text[at:c.start])
		b.WriteString(c.mark)
		at = c.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// searchView is text as a secret may hide in it, with origin[i] and
// originEnd[i] where byte i of text came from in the original (int32: a
// text is at most a 1 MiB body).
type searchView struct {
	text              string
	origin, originEnd []int32
}

// maxDecodings is how often a text is percent-decoded in turn: a service
// may encode a form body (already encoded) once more into a URL.
const maxDecodings = 3

// eachSearchView calls fn with each way a secret may hide in s: as it
// is, and percent-decoded once, twice and three times (escapes in either
// case), each also with every run of blanks that holds a line break left
// out. One view after the other, so a large text costs few copies at once.
func eachSearchView(s string, fn func(searchView)) {
	v := searchView{text: s, origin: make([]int32, len(s)), originEnd: make([]int32, len(s))}
	for i := 0; i < len(s); i++ { // every byte, not every rune
		v.origin[i], v.originEnd[i] = int32(i), int32(i+1)
	}
	fn(v)
	for range maxDecodings {
		d := v.decoded()
		fn(d.joinLines())
		if len(d.text) == len(v.text) {
			break // nothing (more) to decode
		}
		v = d
	}
}

// decoded is v with every %XX escape decoded.
func (v searchView) decoded() searchView {
	s := v.text
	out := searchView{origin: make([]int32, 0, len(s)), originEnd: make([]int32, 0, len(s))}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			out.origin, out.originEnd = append(out.origin, v.origin[i]), append(out.originEnd, v.originEnd[i+2])
			i += 3
			continue
		}
		b.WriteByte(s[i])
		out.origin, out.originEnd = append(out.origin, v.origin[i]), append(out.originEnd, v.originEnd[i])
		i++
	}
	out.text = b.String()
	return out
}

// joinLines leaves out every run of blanks that holds a line break.
func (v searchView) joinLines() searchView {
	s := v.text
	out := searchView{origin: make([]int32, 0, len(s)), originEnd: make([]int32, 0, len(s))}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j, broken := blankRun(s, i)
		if broken {
			i = j
			continue
		}
		for j = max(j, i+1); i < j; i++ {
			b.WriteByte(s[i])
			out.origin, out.originEnd = append(out.origin, v.origin[i]), append(out.originEnd, v.originEnd[i])
		}
	}
	out.text = b.String()
	return out
}

// span maps bytes [start, end) of the view back to the original text.
func (v searchView) span(start, end int) (int, int) {
	return int(v.origin[start]), int(v.originEnd[end-1])
}

// blankRun finds the end of the run of spaces, tabs and line breaks at i,
// and whether it holds a line break.
func blankRun(s string, i int) (int, bool) {
	broken := false
	j := i
	for ; j < len(s); j++ {
		switch s[j] {
		case '\r', '\n':
			broken = true
		case ' ', '\t':
		default:
			return j, broken
		}
	}
	return j, broken
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
