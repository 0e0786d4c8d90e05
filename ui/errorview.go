package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// errorScreen explains a failed run: what failed, why it probably did, what
// to do next (with the YAML to add when that is the fix); r retries.
type errorScreen struct {
	sh   *shared
	run  runMsg
	x    flows.Explanation
	vp   viewport.Model
	keys errorKeys
}

func newErrorScreen(sh *shared, run runMsg, err error, session string) errorScreen {
	x := flows.Explain(err)
	for _, f := range []*string{&x.What, &x.Why, &x.Next} {
		*f = flows.Redact(*f, session) // a second line of defence
	}
	return errorScreen{sh: sh, run: run, x: x, keys: newErrorKeys()}
}

func (e errorScreen) update(msg tea.KeyMsg) (errorScreen, tea.Msg) {
	switch {
	case key.Matches(msg, e.keys.Retry):
		return e, retryMsg{}
	case key.Matches(msg, e.keys.CopyFix) && e.x.Snippet != "":
		return e, copyMsg{what: "YAML", text: e.x.Snippet}
	case key.Matches(msg, e.keys.Back):
		return e, backMsg{}
	case key.Matches(msg, e.keys.Up):
		e.vp.ScrollUp(1)
	case key.Matches(msg, e.keys.Down):
		e.vp.ScrollDown(1)
	}
	return e, nil
}

func (e *errorScreen) setSize(w, h int) {
	e.vp = viewport.New(w, max(h, 1))
	e.vp.SetContent(e.content(w))
}

func (e errorScreen) content(width int) string {
	st := e.sh.st
	// Words wrap at spaces; a word wider than the line breaks after a
	// colon or hyphen, never "dev-" / "gcp:sandbox:no-access".
	wrap := func(s string, indent int) string {
		return strings.ReplaceAll(wrapText(s, width-indent), "\n", "\n"+strings.Repeat(" ", indent))
	}
	lines := []string{
		st.label.Render(wrap("Could not get "+article(e.run.flow)+" token for "+e.run.target.Target.String(), 0)),
		st.errWhat.Render(wrap(e.x.What, 0)), "",
	}
	field := func(name, value string) {
		if value != "" {
			lines = append(lines, st.bold.Render(name)+wrap(value, 6))
		}
	}
	field("Why   ", e.x.Why)
	field("Next  ", e.x.Next)
	if e.x.URL != "" {
		lines = append(lines, st.bold.Render("More  ")+strings.TrimPrefix(hyperlink(st, e.x.URL, width, 6), "      "))
	}
	if e.x.Snippet != "" {
		lines = append(lines, "", "Add this to the target app's nais.yaml "+st.muted.Render("(y copies it):"),
			st.snippet.Render(e.x.Snippet))
	}
	var ids []string
	if e.x.TraceID != "" {
		ids = append(ids, "trace "+e.x.TraceID)
	}
	if e.x.CorrelationID != "" {
		ids = append(ids, "correlation "+e.x.CorrelationID)
	}
	if len(ids) > 0 {
		// One per line: a GUID must not break at its hyphens.
		lines = append(lines, "", st.muted.Render("IDs   "+strings.Join(ids, "\n      ")))
	}
	return strings.Join(lines, "\n")
}

// article is "an OBO" or "an M2M" (both start with a vowel sound).
func article(f flows.Flow) string { return "an " + strings.ToUpper(string(f)) }

func (e errorScreen) view() string { return e.vp.View() }

func (e errorScreen) keyMap() help.KeyMap {
	k := e.keys
	k.CopyFix.SetEnabled(e.x.Snippet != "")
	scrolls := e.vp.TotalLineCount() > e.vp.Height
	k.Up.SetEnabled(scrolls && !e.vp.AtTop())
	k.Down.SetEnabled(scrolls && !e.vp.AtBottom())
	return k
}
