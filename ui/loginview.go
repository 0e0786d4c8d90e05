package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// view draws the steps of the login: the page, the user, what to copy,
// and how it comes back (the clipboard, a paste, or the check of a
// session taken).
func (l loginScreen) view(width int, now time.Time) string {
	st := l.sh.st
	lines := []string{
		st.label.Render(strings.Join(wrapWords(l.heading(), width), "\n")), "",
		hanging(l.first(), width, 3),
		hyperlink(st, l.url, width, 3),
	}
	if l.browserErr != "" {
		for _, line := range wrapWords("could not open a browser ("+l.browserErr+"): press y to copy the URL", max(width-3, 10)) {
			lines = append(lines, "   "+st.fieldErr.Render(line))
		}
	}
	lines = append(lines, "2. Log in with your trygdeetaten.no user.")
	copyWhat := "3. Copy the JSON the page shows, or the " + flows.SessionCookie + " cookie."
	if l.mode == loginForSession {
		copyWhat = "3. Copy the " + flows.SessionCookie + " cookie: developer tools → Application (Storage in Firefox) → Cookies."
	}
	lines = append(lines, hanging(copyWhat, width, 3))
	switch {
	case !l.checking.IsZero():
		elapsed := max(now.Sub(l.checking), 0)
		frame := spin.Frames[int(elapsed/spin.FPS)%len(spin.Frames)]
		lines = append(lines, led(st, st.accent, frame+" Checking the session with azure-token-generator…", "", width),
			st.muted.Render(fmt.Sprintf("     %s=•••••••• · %.1f s", flows.SessionCookie, elapsed.Seconds())))
	case l.watch == watchOff:
		lines = append(lines, led(st, st.bold, "Paste it here", ": this terminal's clipboard cannot be read.", width))
	default:
		lines = append(lines, led(st, st.status, "Watching the clipboard", ": it is picked up as soon as you copy it.", width),
			st.muted.Render("   Pasting it here works too."))
	}
	if l.pasteErr != "" {
		lines = append(lines, "", st.fieldErr.Render(wrapText("✗ "+l.pasteErr, width)))
	}
	lines = append(lines, "", st.muted.Render(wrapText(keepWords(l.sh.d.KeptIn), width)))
	return strings.Join(lines, "\n")
}

// heading says what the login is for.
func (l loginScreen) heading() string {
	switch {
	case l.mode == loginForSession:
		return "Log in to azure-token-generator for the workday"
	case l.rejected:
		return "Your generator session was rejected (expired?): log in again to get an OBO token for " + l.target.Target.String()
	}
	return "Log in to get an OBO token for " + l.target.Target.String()
}

// first is the first step: the page the browser opens, or, with the
// browser left alone, the page to open.
func (l loginScreen) first() string {
	if l.browse {
		return "1. Your browser opens azure-token-generator's login page:"
	}
	return "1. Open azure-token-generator's login page in a browser:"
}

// hanging wraps text to width with every line after the first indented
// by indent, under the text of a numbered step.
func hanging(text string, width, indent int) string {
	lines := wrapWords(text, max(width, 10))
	if len(lines) == 1 {
		return lines[0]
	}
	out := lines[:1]
	for _, l := range wrapWords(strings.Join(lines[1:], " "), max(width-indent, 10)) {
		out = append(out, strings.Repeat(" ", indent)+l)
	}
	return strings.Join(out, "\n")
}

// led is a line of a step led by a phrase in style, the rest muted,
// wrapped to width and indented under the step's text.
func led(st styles, style lipgloss.Style, lead, rest string, width int) string {
	lines := wrapWords(lead+rest, max(width-3, 10))
	for i, text := range lines {
		if i == 0 && strings.HasPrefix(text, lead) {
			lines[i] = "   " + style.Render(lead) + st.muted.Render(text[len(lead):])
			continue
		}
		lines[i] = "   " + st.muted.Render(text)
	}
	return strings.Join(lines, "\n")
}

// keepWords says what becomes of a pasted session cookie.
func keepWords(in session.Kind) string {
	switch in {
	case session.KindKeyring:
		return "A session cookie is kept in the system keyring: OBO tokens then need no browser until it ends, about 10 hours after the login."
	case session.KindFile:
		return "A session cookie is kept in a file only you can read: OBO tokens then need no browser until it ends, about 10 hours after the login."
	}
	return "A session cookie stays in memory for this run only, so the next OBO token needs no browser."
}
