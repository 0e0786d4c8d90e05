package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// The frame around every screen: the title line above, the help below.

func (m Model) titleView() string {
	st := m.sh.st
	title := st.title.Render("entratoken")
	if m.sh.d.Banner != "" {
		title += " " + st.banner.Render(m.sh.d.Banner)
	}
	if m.session != "" {
		right := st.session.Render("● generator session")
		gap := max(m.contentWidth()-lipgloss.Width(title)-lipgloss.Width(right), 1)
		title += strings.Repeat(" ", gap) + right
	}
	return title
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
