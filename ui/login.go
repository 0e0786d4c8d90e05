package ui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// watchState is whether the login screen can see the clipboard.
type watchState int

const (
	watchStarting watchState = iota // the first read (the baseline) is on its way
	watchOn                         // reading twice a second
	watchOff                        // the clipboard cannot be read (OSC 52): ask for a paste
)

// loginScreen sends the user to the generator's login page and takes the
// token (or the session cookie) back from the clipboard or a paste.
type loginScreen struct {
	sh         *shared
	target     config.SavedTarget
	url        string
	rejected   bool
	watch      watchState
	lastSeen   string // the clipboard as last read; only a change is taken
	pasteErr   string
	browserErr string
	keys       loginKeys
	// typed collects a paste that came as keys (no bracketed paste: some
	// terminals, tmux with it off): runes, spaces and newlines, read until
	// the keys stop for typedSettle.
	typed    string
	typedSeq int
}

// typedSettle is how long the keys of a paste may pause before it is taken
// as whole: a paste arrives in one burst of reads.
const typedSettle = 100 * time.Millisecond

func newLogin(sh *shared, t config.SavedTarget, url string, rejected bool) loginScreen {
	return loginScreen{sh: sh, target: t, url: url, rejected: rejected, keys: newLoginKeys()}
}

// observe takes one clipboard reading. The first is the baseline: only
// text copied after the screen opened counts, and only if Pickup accepts it.
// Only an unreadable clipboard (OSC 52) ends the watch; any other failure
// (xclip exits non-zero on an empty clipboard or an image) is no news.
func (l loginScreen) observe(text string, err error) (loginScreen, *flows.Picked) {
	switch {
	case errors.Is(err, clip.ErrUnreadable):
		l.watch = watchOff
		return l, nil
	case err != nil:
		if l.watch == watchStarting {
			l.watch = watchOn // the baseline is "nothing readable"
		}
		return l, nil
	case l.watch == watchStarting:
		l.watch, l.lastSeen = watchOn, text
		return l, nil
	case text == l.lastSeen:
		return l, nil
	}
	l.lastSeen = text
	p, perr := flows.Pickup(text)
	if perr != nil || (p.Token == nil && p.Session == "") {
		return l, nil // something else was copied; keep watching
	}
	return l, &p
}

func (l loginScreen) update(msg tea.KeyMsg) (loginScreen, tea.Msg) {
	if msg.Paste {
		return l.take(string(msg.Runes))
	}
	if text, ok := pastedText(msg); ok && (l.typed != "" || !l.isCommand(msg)) {
		l.typed += text
		l.typedSeq++
		return l, typedMsg{seq: l.typedSeq}
	}
	switch {
	case key.Matches(msg, l.keys.Copy):
		return l, copyMsg{what: "login URL", text: l.url}
	case key.Matches(msg, l.keys.Open):
		l.browserErr = ""
		return l, openURLMsg{url: l.url}
	case key.Matches(msg, l.keys.Back):
		return l, backMsg{}
	}
	return l, nil
}

// pastedText is what a key adds to a paste that came as keys.
func pastedText(msg tea.KeyMsg) (string, bool) {
	switch msg.Type {
	case tea.KeyRunes:
		return string(msg.Runes), true
	case tea.KeySpace:
		return " ", true
	case tea.KeyEnter, tea.KeyCtrlJ:
		return "\n", true
	case tea.KeyTab:
		return "\t", true
	}
	return "", false
}

// isCommand is whether msg, on its own, is one of the screen's keys.
func (l loginScreen) isCommand(msg tea.KeyMsg) bool {
	return key.Matches(msg, l.keys.Copy, l.keys.Open, l.keys.Back, l.keys.Help, l.keys.Quit)
}

// collecting is whether a paste that came as keys is being read, so that
// q or ? inside it are text.
func (l loginScreen) collecting() bool { return l.typed != "" }

// settle takes the paste read as keys once they have stopped.
func (l loginScreen) settle(seq int) (loginScreen, tea.Msg) {
	if seq != l.typedSeq || l.typed == "" {
		return l, nil
	}
	text := l.typed
	l.typed = ""
	return l.take(text)
}

// take reads a pasted token, generator JSON or session cookie.
func (l loginScreen) take(text string) (loginScreen, tea.Msg) {
	p, err := flows.PickupSession(text)
	if err != nil {
		l.pasteErr = err.Error()
		return l, nil
	}
	l.pasteErr = ""
	return l, pickedMsg{p}
}

func (l loginScreen) view(width int) string {
	st := l.sh.st
	head := "Log in to get an OBO token for " + l.target.Target.String()
	if l.rejected {
		head = "Your generator session was rejected (expired?): log in again to get an OBO token for " + l.target.Target.String()
	}
	lines := []string{
		st.label.Render(strings.Join(wrapWords(head, width), "\n")), "",
		"1. Your browser opens azure-token-generator's login page:",
		hyperlink(st, l.url, width, 3),
	}
	if l.browserErr != "" {
		lines = append(lines, "   "+st.fieldErr.Render(truncate("could not open a browser ("+l.browserErr+"): press y to copy the URL", width-3)))
	}
	lines = append(lines,
		"2. Log in with your trygdeetaten.no user.",
		"3. Copy the JSON the page shows, or the "+flows.SessionCookie+" cookie.",
	)
	switch l.watch {
	case watchOff:
		lines = append(lines, "   "+st.bold.Render("Paste it here")+st.muted.Render(": this terminal's clipboard cannot be read."))
	default:
		lines = append(lines, "   "+st.status.Render("Watching the clipboard")+st.muted.Render(": it is picked up as soon as you copy it."),
			st.muted.Render("   Pasting it here works too."))
	}
	if l.pasteErr != "" {
		lines = append(lines, "", st.fieldErr.Render(wrapText("✗ "+l.pasteErr, width)))
	}
	lines = append(lines, "", st.muted.Render(wrapText(keepWords(l.sh.d.KeptIn), width)))
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
