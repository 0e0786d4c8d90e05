package ui

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// targetItem is one saved target in the list; the filter matches its name
// and note, the app first so that a match there ranks highest.
type targetItem struct{ st config.SavedTarget }

func (i targetItem) FilterValue() string {
	t := i.st.Target
	return t.App + " " + t.Namespace + " " + t.Cluster + " " + i.st.Note
}

// targetDelegate draws two lines per target. It carries now and the cached
// expiries so rows can say how long a cached token has left.
type targetDelegate struct {
	st     *styles
	now    time.Time
	cached cachedMsg
}

func (d targetDelegate) Height() int                         { return 2 }
func (d targetDelegate) Spacing() int                        { return 1 }
func (d targetDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d targetDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	st := item.(targetItem).st
	title, desc := d.st.rowTitle, d.st.rowDesc
	if index == m.Index() {
		title, desc = d.st.selTitle, d.st.selDesc
	}
	width := m.Width() - 3
	left := d.st.bold.Render(st.Target.App) + "  " + st.Target.Cluster + "/" + st.Target.Namespace
	right := d.cacheInfo(st.Target)
	gap := max(width-lipgloss.Width(left)-lipgloss.Width(right), 1)
	line1 := truncate(left+strings.Repeat(" ", gap)+right, width)
	line2 := flowLabel(st)
	if st.Note != "" {
		line2 += " · " + st.Note
	}
	fmt.Fprint(w, title.Render(line1)+"\n"+desc.Render(truncate(line2, width)))
}

// cacheInfo is "M2M 52 min left · OBO 12 min left" for cached tokens.
func (d targetDelegate) cacheInfo(t flows.Target) string {
	e, ok := d.cached[t]
	if !ok {
		return ""
	}
	var parts []string
	for _, c := range []struct {
		name string
		exp  time.Time
	}{{"M2M", e.m2m}, {"OBO", e.obo}} {
		if !c.exp.IsZero() && c.exp.After(d.now) {
			left := c.name + " " + strings.TrimPrefix(relative(c.exp, d.now), "in ") + " left"
			parts = append(parts, d.st.levels[levelOf(c.exp.Sub(d.now))].Render(left))
		}
	}
	return strings.Join(parts, " · ")
}

// containsFilter keeps the targets whose name or note contains every word
// typed, so "dp-soknad" shows dp-soknad rather than every fuzzy match. The
// earlier the first word matches, the higher the rank: a match in the app
// name beats one in the namespace, cluster or note.
func containsFilter(term string, values []string) []list.Rank {
	words := strings.Fields(strings.ToLower(term))
	type match struct{ index, at int } // at: where the first word matched
	var found []match
	for i, v := range values {
		v = strings.ToLower(v)
		if slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(v, w) }) {
			continue
		}
		m := match{index: i}
		if len(words) > 0 {
			m.at = strings.Index(v, words[0])
		}
		found = append(found, m)
	}
	slices.SortStableFunc(found, func(a, b match) int { return a.at - b.at })
	ranks := make([]list.Rank, len(found))
	for i, m := range found {
		ranks[i] = list.Rank{Index: m.index}
	}
	return ranks
}

// flowLabel says what enter does for a target.
func flowLabel(st config.SavedTarget) string {
	switch st.Flow {
	case flows.OBO:
		return "OBO"
	case flows.M2M:
		return "M2M via " + viaName(st.Source)
	}
	return "asks OBO or M2M"
}

func viaName(v flows.Via) string {
	if v == "" {
		return string(flows.ViaGenerator)
	}
	return string(v)
}

// targetsScreen is the list of saved targets, with a y/n question while a
// delete waits for confirmation.
type targetsScreen struct {
	sh      *shared
	list    list.Model
	del     targetDelegate
	keys    targetsKeys
	confirm *config.SavedTarget
}

func newTargetsScreen(sh *shared, saved []config.SavedTarget) targetsScreen {
	d := targetDelegate{st: &sh.st, cached: cachedMsg{}}
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
	l.FilterInput.KeyMap.Paste.SetEnabled(false) // pastes arrive as bracketed paste, not via a clipboard read
	t := targetsScreen{sh: sh, list: l, del: d, keys: newTargetsKeys()}
	t.setItems(saved)
	return t
}

func (t *targetsScreen) setItems(saved []config.SavedTarget) {
	items := make([]list.Item, len(saved))
	for i, st := range saved {
		items[i] = targetItem{st}
	}
	t.list.ResetFilter()
	t.list.SetItems(items)
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

func (t *targetsScreen) setCached(c cachedMsg) { t.del.cached = c; t.list.SetDelegate(t.del) }

// noteToken records a token just fetched, so the list shows its time left
// without asking the cache again.
func (t *targetsScreen) noteToken(req flows.Request, tok *flows.Token) {
	c := cachedMsg{}
	for k, v := range t.del.cached {
		c[k] = v
	}
	e := c[req.Target]
	if req.Flow == flows.OBO {
		e.obo = tok.ExpiresAt
	} else {
		e.m2m = tok.ExpiresAt
	}
	c[req.Target] = e
	t.setCached(c)
}

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
	return t, cmd
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
