package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// wrapWords breaks s into lines of at most width cells at spaces only, so
// that "a-z, 0-9 and '-'" is never split at its hyphens.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			lines, line = append(lines, line), w
		}
	}
	return append(lines, line)
}

// wrapValue breaks a claim value at its spaces, and a word wider than the
// column (a GUID, azp_name, aio) inside itself: see cutAt. Left to
// lipgloss, such a word breaks after any hyphen, however early, and can
// leave a lone "-" on a line.
func wrapValue(v string, width int) string { return wrapAt(v, width, breakMarks) }

// wrapURL breaks a URL after its slashes, ? and &, and inside the host or
// query after a dot, colon or hyphen, never in the middle of a word.
func wrapURL(url string, width int) []string {
	return strings.Split(wrapAt(url, width, urlMarks), "\n")
}

// wrapAt is wrapWords, with a word wider than width broken after one of
// marks (see cutAt).
func wrapAt(v string, width int, marks []string) string {
	width = max(width, 1)
	var out []string
	for _, line := range wrapWords(v, width) {
		for ansi.StringWidth(line) > width {
			cut := cutAt(line, width, marks)
			out, line = append(out, line[:cut]), line[cut:]
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// breakMarks are where an over-wide word may break, the mark ending the
// line: a GUID's or name's hyphens, a URL's slashes, a target's colons.
// urlMarks are a URL's, best first: its path and query separators, then
// = and :, then the dots and hyphens inside a name.
// textMarks are a message's: after a quote or closing parenthesis first,
// so "'api://…'(dev-gcp:team:app)" breaks between the two names.
var (
	breakMarks = []string{"-:/,"}
	urlMarks   = []string{"/?&", "=:", ".-"}
	textMarks  = []string{"')", ",:/", "-"}
)

// wrapText wraps a message (an error from a service) for the screen.
func wrapText(s string, width int) string { return wrapAt(s, width, textMarks) }

// cutAt is where to break s, wider than width: just after its last break
// mark that leaves the line at least half full, else at the column's edge
// (an opaque value such as aio has no better place). It cuts between
// runes, and after at least one.
func cutAt(s string, width int, marks []string) int {
	fits := ansi.Truncate(s, width, "")
	if fits == "" {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	for _, group := range marks {
		if i := strings.LastIndexAny(fits, group); i >= 0 && 2*(i+1) >= len(fits) {
			return i + 1
		}
	}
	return len(fits)
}
