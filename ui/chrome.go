package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
)

// The frame around every screen: the title line above, the help below.

// tooSmall is what a window smaller than the screens are laid out for
// shows instead of them: nothing before its size is known.
func tooSmall(width, height int) (string, bool) {
	switch {
	case width == 0:
		return "", true
	case width >= minWidth && height >= minHeight:
		return "", false
	}
	msg := fmt.Sprintf("make the window at least %d×%d (it is %d×%d)", minWidth, minHeight, width, height)
	return strings.Join(wrapWords(msg, width), "\n"), true
}

// frame lays a screen out: the title, a blank line, the body cut to w×h,
// the status line and the help, inside one-column margins.
func frame(title, body, status, help string, w, h int) string {
	body = lipgloss.NewStyle().Width(w).Height(h).MaxHeight(h).Render(body)
	out := strings.Join([]string{title, "", body, status, help}, "\n")
	return lipgloss.NewStyle().Padding(0, 1).Render(out)
}

// sessionLow is the time left from which the header's session turns amber.
const sessionLow = 30 * time.Minute

// titleView is the name, the banner and, on the right, the session: one
// line at every width.
func (m Model) titleView() string {
	title := brand(m.sh.st, m.sh.d.Banner)
	if right := m.sessionBadge(m.contentWidth() - lipgloss.Width(title) - 1); right != "" {
		gap := max(m.contentWidth()-lipgloss.Width(title)-lipgloss.Width(right), 1)
		title += strings.Repeat(" ", gap) + right
	}
	return title
}

// brand is the name and the banner: the title's left end.
func brand(st styles, banner string) string {
	title := st.title.Render("entratoken")
	if banner != "" {
		title += " " + st.banner.Render(banner)
	}
	return title
}

// sessionBadge is the generator session as the header shows it, in the
// longest wording that fits room: "● signed in · 7 h 12 min" (amber in
// the last 30 minutes), "session ended: o logs in again", "● generator
// session" when the generator could not say how long it lasts. Nothing
// while the session is not known yet, and nothing without one.
func (m Model) sessionBadge(room int) string {
	st, s := m.sh.st, m.sess
	style := st.session
	var words []string
	switch {
	case s.isEnded(m.now):
		style = st.levels[levelExpired]
		if m.loginKeyWorks() {
			words = append(words, "session ended: o logs in again", "session ended: o logs in")
		}
		words = append(words, "session ended", "ended")
	case s.cookie == "" || s.checking && !s.accepted:
		return ""
	case s.accepted && !s.endsAt.IsZero():
		left := s.endsAt.Sub(m.now)
		if left < sessionLow {
			style = st.levels[levelWarn]
		}
		words = []string{"● signed in · " + flows.Span(left), "● " + flows.Span(left)}
	case s.accepted:
		words = []string{"● signed in"}
	default:
		words = []string{"● generator session", "● session"}
	}
	for _, w := range words {
		if lipgloss.Width(w) <= room {
			return style.Render(w)
		}
	}
	return ""
}

// loginKeyWorks is whether o logs in from the screen on show, as the
// header says once the session has ended: it runs OBO on the list, the
// chooser and (then) the token and error screens, and opens the login
// page on the login screen.
func (m Model) loginKeyWorks() bool {
	switch m.screen {
	case scrForm, scrRunning:
		return false
	case scrTargets:
		_, ok := m.targets.selected()
		return ok && !m.targets.takingText() && m.targets.confirm == nil
	}
	return true
}

// loginAgain is o on the token and error screens once the session has
// ended: an OBO run for the target on screen, which leads to the login.
func (m Model) loginAgain(msg tea.KeyMsg) (tea.Msg, bool) {
	if msg.String() != "o" || !m.sess.isEnded(m.now) {
		return nil, false
	}
	switch m.screen {
	case scrToken:
		return runMsg{target: m.token.target, flow: flows.OBO}, true
	case scrError:
		return runMsg{target: m.last.target, flow: flows.OBO}, true
	}
	return nil, false
}

// bodyHeight is what is left for the screen under the title and above the
// status line and help.
func (m Model) bodyHeight() int { return m.bodyHeightWith(m.helpView()) }

func (m Model) bodyHeightWith(help string) int {
	return max(m.height-2-m.status.height(m.contentWidth())-lipgloss.Height(help), 1)
}

// contentWidth is the width of everything inside the one-column margins.
func (m Model) contentWidth() int { return min(m.width-2, maxContentWidth) }

func (m *Model) resize() {
	w, h := m.contentWidth(), m.bodyHeight()
	m.help.Width = w
	m.targets.setSize(w, h)
	m.token.setSize(w, h, m.now)
	m.form.width = w
	if m.screen == scrError {
		m.errv.setSize(w, h)
	}
}

func (m Model) helpView() string {
	if m.help.ShowAll {
		return m.help.View(helpOpen{m.keyMap()})
	}
	return m.help.View(fit(m.help, m.keyMap()))
}

func (m Model) keyMap() help.KeyMap {
	switch m.screen {
	case scrForm:
		return m.form.keyMap()
	case scrChooser:
		return m.chooser.keys
	case scrRunning:
		return runningKeys{Cancel: bind("esc", "cancel", "esc"), Quit: m.global.Quit}
	case scrLogin:
		return m.login.keys
	case scrToken:
		return m.token.keyMap()
	case scrError:
		return m.errv.keyMap()
	}
	return m.targets.keyMap()
}

// Screen names the active screen; tests use it to see where a key led.
func (m Model) Screen() string {
	return [...]string{"targets", "form", "chooser", "running", "login", "token", "error"}[m.screen]
}
