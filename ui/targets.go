package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// targetsScreen is the list of saved targets, with a y/n question while a
// delete waits for confirmation.
type targetsScreen struct {
	sh        *shared
	list      list.Model
	del       targetDelegate
	keys      targetsKeys
	confirm   *config.SavedTarget
	fromCache cachedMsg // what the token cache said last
	noted     cachedMsg // tokens got in this run, pasted ones included
}

func newTargetsScreen(sh *shared, saved []config.SavedTarget) targetsScreen {
	d := targetDelegate{st: &sh.st, cached: cachedMsg{}, margin: sh.d.Config.ExpiryMargin}
	l := list.New(nil, d, 0, 0)
	l.Title = "Saved targets"
	l.Filter = containsFilter
	l.Styles.Title = sh.st.label
	l.SetShowHelp(false)
	l.SetStatusBarItemName("target", "targets")
	l.DisableQuitKeybindings()
	l.KeyMap.ShowFullHelp.SetEnabled(false)
	l.KeyMap.CloseFullHelp.SetEnabled(false)
	l.KeyMap.NextPage = key.NewBinding(key.WithKeys("right", "l", "pgdown"), key.WithHelp("→/pgdn", "next page"))
	l.KeyMap.PrevPage = key.NewBinding(key.WithKeys("left", "h", "pgup"), key.WithHelp("←/pgup", "prev page"))
	l.FilterInput.Cursor.SetMode(cursor.CursorStatic)
	l.FilterInput.Cursor.Style = sh.st.cursor
	l.Styles.FilterCursor = sh.st.cursor
	l.FilterInput.PromptStyle = sh.st.label
	l.Styles.FilterPrompt = sh.st.label
	l.FilterInput.KeyMap.Paste.SetEnabled(false) // pastes arrive as bracketed paste, not via a clipboard read
	t := targetsScreen{sh: sh, list: l, del: d, keys: newTargetsKeys()}
	t.setItems(saved)
	return t
}

// setItems shows saved, the filter reset. The selection stays where it
// was, or on the last row when that row is gone (a delete at the end).
func (t *targetsScreen) setItems(saved []config.SavedTarget) {
	items := make([]list.Item, len(saved))
	for i, st := range saved {
		items[i] = targetItem{st}
	}
	t.list.ResetFilter()
	t.list.SetItems(items)
	if n := len(items); n > 0 && t.list.Index() >= n {
		t.list.Select(n - 1)
	}
}

// saved is the targets in list order.
func (t targetsScreen) saved() []config.SavedTarget {
	items := t.list.Items()
	out := make([]config.SavedTarget, len(items))
	for i, it := range items {
		out[i] = it.(targetItem).st
	}
	return out
}

func (t *targetsScreen) add(st config.SavedTarget) {
	t.setItems(append(t.saved(), st))
	t.list.Select(len(t.list.Items()) - 1)
}

func (t *targetsScreen) replace(old flows.Target, st config.SavedTarget) {
	saved := t.saved()
	for i := range saved {
		if saved[i].Target == old {
			saved[i] = st
		}
	}
	idx := t.list.GlobalIndex()
	t.setItems(saved)
	t.list.Select(idx)
}

func (t *targetsScreen) remove(old flows.Target) {
	var kept []config.SavedTarget
	for _, st := range t.saved() {
		if st.Target != old {
			kept = append(kept, st)
		}
	}
	t.setItems(kept)
}

func (t *targetsScreen) setSize(w, h int) { t.list.SetSize(w, max(h-2, 1)) }

func (t targetsScreen) takingText() bool { return t.list.SettingFilter() }

func (t targetsScreen) selected() (config.SavedTarget, bool) {
	it, ok := t.list.SelectedItem().(targetItem)
	return it.st, ok
}

func (t targetsScreen) update(msg tea.KeyMsg) (targetsScreen, tea.Cmd, tea.Msg) {
	if t.confirm != nil {
		switch msg.String() {
		case "y", "Y":
			target := t.confirm.Target
			t.confirm = nil
			return t, nil, removeMsg{t: target}
		case "n", "N", "esc":
			t.confirm = nil
		}
		return t, nil, nil
	}
	if t.list.SettingFilter() {
		if key.Matches(msg, t.list.KeyMap.AcceptWhileFiltering) {
			return t.acceptFilter(), nil, nil
		}
		t, cmd := t.updateOther(msg)
		return t, cmd, nil
	}
	st, ok := t.selected()
	switch {
	case key.Matches(msg, t.keys.Add):
		return t, nil, formMsg{}
	case !ok:
	case key.Matches(msg, t.keys.Run):
		if st.Flow == "" {
			return t, nil, chooseMsg{target: st}
		}
		return t, nil, runMsg{target: st, flow: st.Flow}
	case key.Matches(msg, t.keys.OBO):
		return t, nil, runMsg{target: st, flow: flows.OBO}
	case key.Matches(msg, t.keys.M2M):
		return t, nil, runMsg{target: st, flow: flows.M2M}
	case key.Matches(msg, t.keys.Edit):
		return t, nil, formMsg{edit: &st}
	case key.Matches(msg, t.keys.Delete):
		t.confirm = &st
		return t, nil, nil
	}
	t, cmd := t.updateOther(msg)
	return t, cmd, nil
}

func (t targetsScreen) updateOther(msg tea.Msg) (targetsScreen, tea.Cmd) {
	var cmd tea.Cmd
	t.list, cmd = t.list.Update(msg)
	if _, matches := msg.(list.FilterMatchesMsg); matches && t.list.FilterState() == list.FilterApplied && !t.showsFilter() {
		t.list.SetFilterText(t.list.FilterInput.Value())
	}
	return t, cmd
}

// acceptFilter is the list's enter while filtering, with the matches
// worked out now: the list works them out in a command after each key,
// and a fast typist's or a paste's enter may come first, when enter would
// take the first target of the whole list.
func (t targetsScreen) acceptFilter() targetsScreen {
	t.list.SetFilterText(t.list.FilterInput.Value())
	t.list.FilterInput.Blur()
	if len(t.list.VisibleItems()) == 0 {
		t.list.ResetFilter() // as the list does: nothing matched, so nothing is hidden
	}
	return t
}

// showsFilter reports whether the targets shown are those the filter text
// matches: the list's matches arrive from commands in any order, and one
// worked out for an earlier text may come last.
func (t targetsScreen) showsFilter() bool {
	items := t.list.Items()
	values := make([]string, len(items))
	for i, it := range items {
		values[i] = it.FilterValue()
	}
	want := t.list.Filter(t.list.FilterInput.Value(), values)
	shown := t.list.VisibleItems()
	if len(shown) != len(want) {
		return false
	}
	for i, r := range want {
		if shown[i].FilterValue() != values[r.Index] {
			return false
		}
	}
	return true
}

func (t targetsScreen) view(now time.Time) string {
	if len(t.list.Items()) == 0 {
		return t.emptyView()
	}
	t.del.now = now
	t.list.SetDelegate(t.del)
	out := t.list.View()
	if t.confirm != nil {
		out += "\n\n" + t.sh.st.errWhat.Render("Delete "+t.confirm.Target.String()+"?") + " " + t.sh.st.bold.Render("y/n")
	}
	return out
}

func (t targetsScreen) emptyView() string {
	st := t.sh.st
	lines := []string{
		st.label.Render("No saved targets yet."),
		"",
		"Press " + st.bold.Render("a") + " to add the first one: the cluster, namespace and app",
		"of the API you want a token for, e.g. dev-gcp:my-team:my-app.",
		"Pasting dev-gcp.my-team.my-app or api://dev-gcp.my-team.my-app/.default",
		"into the form fills in all three.",
	}
	if p := t.sh.d.Config.Path; p != "" {
		lines = append(lines, "", st.muted.Render("Targets are saved in "+p))
	}
	return strings.Join(lines, "\n")
}

func (t targetsScreen) keyMap() help.KeyMap {
	if t.confirm != nil {
		return confirmKeys{Yes: bind("y", "delete", "y"), No: bind("n/esc", "keep", "n", "esc")}
	}
	k := t.keys
	_, ok := t.selected()
	filtering := t.list.SettingFilter()
	for _, b := range []*key.Binding{&k.Run, &k.OBO, &k.M2M, &k.Edit, &k.Delete, &k.Up, &k.Down} {
		b.SetEnabled(ok && !filtering)
	}
	if filtering {
		k.Run = bind("enter", "apply filter", "enter")
		k.ClearFilter = bind("esc", "cancel", "esc")
	}
	k.Add.SetEnabled(!filtering)
	k.Filter.SetEnabled(len(t.list.Items()) > 0 && !filtering)
	k.ClearFilter.SetEnabled(t.list.IsFiltered() || filtering)
	k.Quit.SetEnabled(!filtering)
	k.Help.SetEnabled(!filtering)
	return k
}

// truncate cuts s to width cells with an ellipsis.
func truncate(s string, width int) string { return ansi.Truncate(s, width, "…") }
