package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
)

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

// droppable key maps name the short-help keys that may go when the help
// bar is too narrow, least useful first; esc, ? and q are never among them,
// so a narrow bar still says how to go back, see more and quit.
type droppable interface{ dropFirst() []string }

// fitted is a key map whose short help lost keys to fit the width; the full
// help (?) still lists them all.
type fitted struct {
	help.KeyMap
	short []key.Binding
}

func (f fitted) ShortHelp() []key.Binding { return f.short }

// fit drops short-help keys, in the key map's order, until the bar fits
// h.Width, instead of letting the help cut off its last (most needed) keys.
func fit(h help.Model, km help.KeyMap) help.KeyMap {
	d, ok := km.(droppable)
	if !ok || h.ShowAll {
		return km
	}
	width := h.Width
	h.Width = 0 // measure the whole bar
	short := km.ShortHelp()
	for _, name := range d.dropFirst() {
		if lipgloss.Width(h.ShortHelpView(short)) <= width {
			break
		}
		short = slices.DeleteFunc(slices.Clone(short), func(b key.Binding) bool { return b.Help().Key == name })
	}
	return fitted{km, short}
}

// helpOpen is a key map whose full help is showing: there, ? reads "less".
type helpOpen struct{ help.KeyMap }

func (h helpOpen) FullHelp() [][]key.Binding {
	rows := h.KeyMap.FullHelp()
	out := make([][]key.Binding, len(rows))
	for i, row := range rows {
		out[i] = slices.Clone(row)
		for j := range out[i] {
			if out[i][j].Help().Key == "?" {
				out[i][j].SetHelp("?", "less")
			}
		}
	}
	return out
}

// globalKeys work on every screen that is not taking text.
type globalKeys struct {
	Quit, ForceQuit, Help key.Binding
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Quit:      bind("q", "quit", "q"),
		ForceQuit: bind("ctrl+c", "quit", "ctrl+c"),
		Help:      bind("?", "more keys", "?"),
	}
}

// targetsKeys are the target list's keys; the ones needing a selected
// target are disabled while the list is empty, so the help bar never lies.
type targetsKeys struct {
	Run, OBO, M2M, Add, Edit, Delete key.Binding
	Up, Down, Filter, ClearFilter    key.Binding
	Help, Quit                       key.Binding
}

func newTargetsKeys() targetsKeys {
	return targetsKeys{
		Run:         bind("enter", "run", "enter"),
		OBO:         bind("o", "OBO", "o"),
		M2M:         bind("m", "M2M", "m"),
		Add:         bind("a", "add", "a"),
		Edit:        bind("e", "edit", "e"),
		Delete:      bind("d", "delete", "d"),
		Up:          bind("↑/k", "up", "up", "k"),
		Down:        bind("↓/j", "down", "down", "j"),
		Filter:      bind("/", "filter", "/"),
		ClearFilter: bind("esc", "clear filter", "esc"),
		Help:        bind("?", "more", "?"),
		Quit:        bind("q", "quit", "q"),
	}
}

func (k targetsKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Run, k.OBO, k.M2M, k.Add, k.Edit, k.Delete, k.Filter, k.ClearFilter, k.Help}
}

func (k targetsKeys) dropFirst() []string { return []string{"d", "e", "a", "m", "o"} }

func (k targetsKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Filter, k.ClearFilter},
		{k.Run, k.OBO, k.M2M},
		{k.Add, k.Edit, k.Delete},
		{k.Help, k.Quit},
	}
}

// confirmKeys answer "delete …? y/n".
type confirmKeys struct{ Yes, No key.Binding }

func (k confirmKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Yes, k.No} }
func (k confirmKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// formKeys move between the form's fields; Choice is enabled only on a
// choice field and Accept only when a completion is showing.
type formKeys struct {
	Next, Prev, Choice, Accept, Save, Cancel key.Binding
}

func newFormKeys() formKeys {
	return formKeys{
		Next:   bind("tab/enter", "next", "tab", "enter", "down"),
		Prev:   bind("shift+tab", "back", "shift+tab", "up"),
		Choice: bind("←/→", "change", "left", "right", " "),
		Accept: bind("tab/→", "complete", "tab", "right"),
		Save:   bind("ctrl+s", "save", "ctrl+s"),
		Cancel: bind("esc", "cancel", "esc"),
	}
}

func (k formKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Choice, k.Accept, k.Save, k.Cancel}
}
func (k formKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
func (k formKeys) dropFirst() []string       { return []string{"shift+tab", "tab/→"} }

// chooserKeys pick OBO or M2M for a target without a default flow.
type chooserKeys struct {
	OBO, M2M, Up, Down, Choose, Back, Help, Quit key.Binding
}

func newChooserKeys() chooserKeys {
	return chooserKeys{
		OBO:    bind("o", "OBO", "o"),
		M2M:    bind("m", "M2M", "m"),
		Up:     bind("↑", "up", "up", "k"),
		Down:   bind("↓", "down", "down", "j"),
		Choose: bind("enter", "choose", "enter"),
		Back:   bind("esc", "back", "esc"),
		Help:   bind("?", "more", "?"),
		Quit:   bind("q", "quit", "q"),
	}
}

func (k chooserKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.OBO, k.M2M, k.Up, k.Down, k.Choose, k.Back, k.Help, k.Quit}
}
func (k chooserKeys) dropFirst() []string { return []string{"↑", "↓"} }

func (k chooserKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.OBO, k.M2M, k.Up, k.Down, k.Choose}, {k.Back, k.Help, k.Quit}}
}

// runningKeys: the only thing to do while waiting is to give up, or to
// quit.
type runningKeys struct{ Cancel, Quit key.Binding }

func (k runningKeys) ShortHelp() []key.Binding  { return []key.Binding{k.Cancel, k.Quit} }
func (k runningKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// loginKeys: copy or reopen the login URL. A paste needs no key: the
// screen itself says that pasting works.
type loginKeys struct {
	Copy, Open, Back, Help, Quit key.Binding
}

func newLoginKeys() loginKeys {
	return loginKeys{
		Copy: bind("y", "copy URL", "y"),
		Open: bind("o", "reopen", "o"),
		Back: bind("esc", "back", "esc"),
		Help: bind("?", "more keys", "?"),
		Quit: bind("q", "quit", "q"),
	}
}

func (k loginKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Copy, k.Open, k.Back, k.Quit}
}
func (k loginKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Copy, k.Open}, {k.Back, k.Help, k.Quit}}
}

// tokenKeys act on the token on screen; Up/Down are enabled only when the
// claims (or the revealed token) do not fit. j and k scroll, as they move
// on every other screen; y copies the claims, as y copies the secondary
// text elsewhere (the login URL, the YAML fix).
type tokenKeys struct {
	Copy, Bearer, JSON, Refresh, Reveal key.Binding
	Up, Down, Back, Help, Quit          key.Binding
}

func newTokenKeys() tokenKeys {
	return tokenKeys{
		Copy:    bind("c", "copy", "c"),
		Bearer:  bind("b", "bearer", "b"),
		JSON:    bind("y", "copy claims", "y"),
		Refresh: bind("r", "refresh", "r"),
		Reveal:  bind("v", "reveal", "v"),
		Up:      bind("↑/k/pgup", "scroll up", "up", "k", "pgup"),
		Down:    bind("↓/j/pgdn/space", "scroll down", "down", "j", "pgdown", " "),
		Back:    bind("esc", "back", "esc"),
		Help:    bind("?", "more", "?"),
		Quit:    bind("q", "quit", "q"),
	}
}

func (k tokenKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Copy, k.Bearer, k.JSON, k.Refresh, k.Reveal, k.Back, k.Help, k.Quit}
}
func (k tokenKeys) dropFirst() []string { return []string{"y", "b", "v"} }

func (k tokenKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Copy, k.Bearer, k.JSON}, {k.Refresh, k.Reveal, k.Up, k.Down}, {k.Back, k.Help, k.Quit}}
}

// errorKeys: retry, copy the YAML fix when there is one, or go back; Up
// and Down scroll a long explanation.
type errorKeys struct {
	Retry, CopyFix, Up, Down, Back, Help, Quit key.Binding
}

func newErrorKeys() errorKeys {
	return errorKeys{
		Retry:   bind("r", "retry", "r"),
		CopyFix: bind("y", "copy YAML", "y"),
		Up:      bind("↑", "scroll up", "up", "k"),
		Down:    bind("↓", "scroll down", "down", "j"),
		Back:    bind("esc", "back", "esc"),
		Help:    bind("?", "more", "?"),
		Quit:    bind("q", "quit", "q"),
	}
}

func (k errorKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Retry, k.CopyFix, k.Up, k.Down, k.Back, k.Help, k.Quit}
}
func (k errorKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Retry, k.CopyFix}, {k.Up, k.Down}, {k.Back, k.Help, k.Quit}}
}
func (k errorKeys) dropFirst() []string { return []string{"↑", "↓"} }
