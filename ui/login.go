package ui

import (
	"errors"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// watchState is whether the login screen can see the clipboard.
type watchState int

const (
	watchStarting watchState = iota // the first read (the baseline) is on its way
	watchOn                         // reading twice a second
	watchOff                        // the clipboard cannot be read (OSC 52): ask for a paste
)

// loginMode is what the login screen is for.
type loginMode int

const (
	// loginForToken: an OBO token for a target; the generator's JSON, a
	// token or the session cookie brings it.
	loginForToken loginMode = iota
	// loginForSession: entratoken login; only the session cookie, which
	// is checked and kept.
	loginForSession
)

// loginScreen sends the user to the generator's login page and takes the
// token (or the session cookie) back from the clipboard or a paste.
type loginScreen struct {
	sh       *shared
	mode     loginMode
	target   config.SavedTarget // loginForToken's target
	url      string
	rejected bool
	// browse: the browser was opened with the page, not only the link shown.
	browse     bool
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
	// checking is when the generator was asked about a session taken
	// (loginForSession); zero while none is being checked.
	checking time.Time
}

// typedSettle is how long the keys of a paste may pause before it is taken
// as whole: a paste arrives in one burst of reads.
const typedSettle = 100 * time.Millisecond

func newLogin(sh *shared, t config.SavedTarget, url string, rejected bool) loginScreen {
	return loginScreen{sh: sh, mode: loginForToken, target: t, url: url, rejected: rejected, browse: true, keys: newLoginKeys()}
}

// observe takes one clipboard reading. The first is the baseline: only
// text copied after the screen opened counts, and only what Pickup
// accepts: a token or a named cookie, for loginForSession the cookie alone.
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
	switch {
	case perr == nil && p.Session != "":
		return l, &p
	case l.mode == loginForSession:
		// A token or the session's details, copied from the page: say
		// what is wanted instead. A bare value is too ambiguous to take
		// from a clipboard; anything else is no news.
		if _, err := flows.PickupCookie(text); errors.Is(err, flows.ErrTokenNotSession) || errors.Is(err, flows.ErrSessionDetails) {
			l.pasteErr = err.Error()
		}
		return l, nil
	case perr == nil && p.Token != nil:
		return l, &p
	}
	return l, nil // something else was copied; keep watching
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

// take reads a pasted token, generator JSON or session cookie; for
// loginForSession only the cookie.
func (l loginScreen) take(text string) (loginScreen, tea.Msg) {
	var p flows.Picked
	var err error
	if l.mode == loginForSession {
		p.Session, err = flows.PickupCookie(text)
	} else {
		p, err = flows.PickupSession(text)
	}
	if err != nil {
		l.pasteErr = err.Error()
		return l, nil
	}
	l.pasteErr = ""
	return l, pickedMsg{p}
}

// handle acts on the screen's own messages: the clipboard watch (seq is
// the live one), a paste that came as keys settling, the browser's
// answer. intent is a pickedMsg for the root to act on; ok is false for
// any other message.
func (l loginScreen) handle(msg tea.Msg, seq int) (next loginScreen, cmd tea.Cmd, intent tea.Msg, ok bool) {
	switch msg := msg.(type) {
	case typedMsg:
		return l, l.sh.after(typedSettle, typedDoneMsg(msg)), nil, true
	case typedDoneMsg:
		l, intent = l.settle(msg.seq)
		return l, nil, intent, true
	case pollDueMsg:
		if msg.seq == seq {
			cmd = readClipCmd(l.sh.d.Clipboard, seq)
		}
		return l, cmd, nil, true
	case pollMsg:
		if msg.seq != seq {
			return l, nil, nil, true
		}
		var picked *flows.Picked
		if l, picked = l.observe(msg.text, msg.err); picked != nil {
			return l, nil, pickedMsg{*picked}, true
		}
		if l.watch != watchOff {
			cmd = l.sh.after(pollEvery, pollDueMsg{seq: seq})
		}
		return l, cmd, nil, true
	case browserMsg:
		if msg.err != nil {
			l.browserErr = msg.err.Error()
		}
		return l, nil, nil, true
	}
	return l, nil, nil, false
}
