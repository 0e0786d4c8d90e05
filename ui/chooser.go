package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// chooserScreen asks OBO or M2M for a target without a default flow.
type chooserScreen struct {
	target config.SavedTarget
	cursor int
	keys   chooserKeys
}

var choices = []struct {
	flow       flows.Flow
	name, what string
}{
	{flows.OBO, "OBO", "as you: NAVident, groups, scp"},
	{flows.M2M, "M2M", "as an app: roles, no user"},
}

func newChooser(t config.SavedTarget) chooserScreen {
	return chooserScreen{target: t, keys: newChooserKeys()}
}

func (c chooserScreen) update(msg tea.KeyMsg) (chooserScreen, tea.Msg) {
	run := func(f flows.Flow) tea.Msg { return runMsg{target: c.target, flow: f} }
	switch {
	case key.Matches(msg, c.keys.OBO):
		return c, run(flows.OBO)
	case key.Matches(msg, c.keys.M2M):
		return c, run(flows.M2M)
	case key.Matches(msg, c.keys.Choose):
		return c, run(choices[c.cursor].flow)
	case key.Matches(msg, c.keys.Up):
		c.cursor = 0
	case key.Matches(msg, c.keys.Down):
		c.cursor = 1
	case key.Matches(msg, c.keys.Back):
		return c, backMsg{}
	}
	return c, nil
}

func (c chooserScreen) view(st styles) string {
	lines := []string{st.label.Render("Which token for " + c.target.Target.String() + "?"), ""}
	for i, ch := range choices {
		line := "  " + st.bold.Render(ch.name) + "   " + st.muted.Render(ch.what)
		if i == c.cursor {
			line = st.choice.Render("> "+ch.name) + "   " + ch.what
		}
		lines = append(lines, line)
	}
	lines = append(lines, "", st.muted.Render("Set a default flow with e on the list to skip this question."))
	return strings.Join(lines, "\n")
}
