package ui

import (
	"slices"
	"strings"
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// The form's fields, in tab order.
const (
	fCluster = iota
	fNamespace
	fApp
	fFlow
	fSource
	fNote
	fieldCount
)

var (
	fieldNames    = [fieldCount]string{"Cluster", "Namespace", "App", "Default flow", "M2M source", "Note"}
	flowChoices   = []flows.Flow{"", flows.OBO, flows.M2M}
	flowNames     = []string{"ask each time", "OBO", "M2M"}
	sourceChoices = []flows.Via{flows.ViaGenerator, flows.ViaTexas, flows.ViaEntra}
	fieldHints    = [fieldCount]string{
		fCluster:   "the NAIS cluster, e.g. dev-gcp (tab takes a suggestion)",
		fNamespace: "the team's namespace",
		fApp:       "the API's app name",
		fFlow:      "OBO: as you (NAVident, groups, scp) · M2M: as an app (roles, no user)",
		fSource:    "where M2M tokens come from: azure-token-generator, Texas or Entra ID",
		fNote:      "anything that helps you pick it later",
	}
	// knownClusters are suggested before the clusters already in use.
	knownClusters = []string{"dev-gcp", "dev-fss"}
)

// formScreen adds or edits a saved target, validating each part inline.
type formScreen struct {
	sh      *shared
	old     *flows.Target // nil when adding
	inputs  [fieldCount]textinput.Model
	flow    int
	source  int
	focus   int
	edited  [fieldCount]bool // typed in: an empty field is an error from then on
	tried   bool             // a save was attempted: show every error
	formErr string           // about the whole form: a refused paste, a failed save
	saving  int              // the save on its way (see Model.onSaved); 0: none
	taken   []flows.Target
	keys    formKeys
	width   int
}

func newForm(sh *shared, edit *config.SavedTarget, saved []config.SavedTarget, width int) formScreen {
	f := formScreen{sh: sh, keys: newFormKeys(), width: width}
	clusters := slices.Clone(knownClusters)
	for _, st := range saved {
		f.taken = append(f.taken, st.Target)
		if !slices.Contains(clusters, st.Target.Cluster) {
			clusters = append(clusters, st.Target.Cluster)
		}
	}
	for _, i := range []int{fCluster, fNamespace, fApp, fNote} {
		in := textinput.New()
		in.Prompt = "  " // lines text up with the choices' "‹ " marker
		in.CharLimit = 63
		in.Width = 40
		in.Cursor.SetMode(cursor.CursorStatic)
		in.KeyMap.Paste.SetEnabled(false) // pastes arrive as bracketed paste
		in.KeyMap.AcceptSuggestion = key.NewBinding(key.WithKeys("right"))
		in.Cursor.Style = sh.st.cursor
		in.KeyMap.NextSuggestion = key.NewBinding(key.WithKeys("ctrl+n"))
		in.KeyMap.PrevSuggestion = key.NewBinding(key.WithKeys("ctrl+p"))
		in.CompletionStyle = sh.st.muted
		f.inputs[i] = in
	}
	f.inputs[fNote].CharLimit = 200
	f.inputs[fCluster].ShowSuggestions = true
	f.inputs[fCluster].SetSuggestions(clusters)
	if edit != nil {
		old := edit.Target
		f.old = &old
		f.fill(edit.Target)
		f.inputs[fNote].SetValue(edit.Note)
		f.flow = max(slices.Index(flowChoices, edit.Flow), 0)
		f.source = max(slices.Index(sourceChoices, edit.Source), 0)
	}
	f.inputs[fCluster].Focus()
	return f
}

// suggestion is the completion on show for the focused field, "" when
// there is none.
func (f formScreen) suggestion() string {
	if !isText(f.focus) {
		return ""
	}
	in := f.inputs[f.focus]
	if s := in.CurrentSuggestion(); in.ShowSuggestions && in.Value() != "" && s != in.Value() {
		return s
	}
	return ""
}

// fill puts a parsed target into the three target fields.
func (f *formScreen) fill(t flows.Target) {
	f.inputs[fCluster].SetValue(t.Cluster)
	f.inputs[fNamespace].SetValue(t.Namespace)
	f.inputs[fApp].SetValue(t.App)
}

func isText(field int) bool   { return field != fFlow && field != fSource }
func isTarget(field int) bool { return field <= fApp }

// isPaste tells a paste from typing: bracketed paste, or several runes in
// one read where the terminal does not bracket pastes.
func isPaste(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && (msg.Paste || len(msg.Runes) > 1)
}

func (f formScreen) update(msg tea.KeyMsg) (formScreen, tea.Cmd, tea.Msg) {
	switch {
	case key.Matches(msg, f.keys.Cancel):
		return f, nil, backMsg{}
	case key.Matches(msg, f.keys.Save), msg.String() == "enter" && f.focus == fNote:
		if f.saving != 0 {
			return f, nil, nil // one save at a time
		}
		f, in := f.save()
		return f, nil, in
	case msg.String() == "tab" && f.suggestion() != "":
		// tab takes the suggestion on show, as in fish and zsh, and moves on.
		f.inputs[f.focus].SetValue(f.suggestion())
		f.edited[f.focus] = true
		f.move(1)
		return f, nil, nil
	case key.Matches(msg, f.keys.Next):
		f.move(1)
		return f, nil, nil
	case key.Matches(msg, f.keys.Prev):
		f.move(-1)
		return f, nil, nil
	}
	if isPaste(msg) {
		if f, ok := f.paste(string(msg.Runes)); ok {
			return f, nil, nil
		}
	}
	if !isText(f.focus) {
		f.choose(msg.String())
		return f, nil, nil
	}
	f.formErr = ""
	var cmd tea.Cmd
	before := f.inputs[f.focus].Value()
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	if f.inputs[f.focus].Value() != before {
		f.edited[f.focus] = true
	}
	return f, cmd, nil
}

// paste fills the three target fields from a pasted target, and says
// whether it took the paste. One that looks like a target but does not
// parse is refused with the parser's message, which names the wrong part
// ("namespace \"Team\" must be lowercase"): typed into the focused field,
// it would be flagged as that field instead. In the note it is only text.
func (f formScreen) paste(s string) (formScreen, bool) {
	t, err := flows.ParseTarget(s)
	switch {
	case err == nil:
		f.formErr = ""
		f.fill(t)
		f.edited[fCluster], f.edited[fNamespace], f.edited[fApp] = true, true, true
		return f, true
	case f.focus != fNote && looksLikeTarget(s):
		f.formErr = err.Error()
		return f, true
	}
	return f, false
}

// looksLikeTarget is whether s is meant as a whole target rather than one
// part of it: cluster:namespace:app, api://…, or cluster.namespace.app.
func looksLikeTarget(s string) bool {
	s = strings.TrimSpace(s)
	return strings.Contains(s, ":") || strings.HasPrefix(s, "api://") ||
		(strings.Count(s, ".") == 2 && !strings.ContainsFunc(s, unicode.IsSpace))
}

// choose cycles a choice field with ←/→ or space.
func (f *formScreen) choose(k string) {
	n, v := len(flowChoices), &f.flow
	if f.focus == fSource {
		n, v = len(sourceChoices), &f.source
	}
	switch k {
	case "right", " ":
		*v = (*v + 1) % n
	case "left":
		*v = (*v + n - 1) % n
	}
}

// typedTarget is a whole target typed into one target field; it is split
// into the three when the user leaves the field (or saves).
func (f formScreen) typedTarget() (flows.Target, bool) {
	if !isTarget(f.focus) {
		return flows.Target{}, false
	}
	v := f.inputs[f.focus].Value()
	if !strings.ContainsAny(v, ":/") && strings.Count(v, ".") != 2 {
		return flows.Target{}, false
	}
	t, err := flows.ParseTarget(v)
	return t, err == nil
}

func (f *formScreen) move(by int) {
	if t, ok := f.typedTarget(); ok {
		f.fill(t)
	}
	f.inputs[f.focus].Blur()
	f.focus = (f.focus + by + fieldCount) % fieldCount
	if isText(f.focus) {
		f.inputs[f.focus].Focus()
	}
}

// fieldErr is the inline message for a target field, once it matters: an
// empty field merely tabbed past is no error until the user saves.
func (f formScreen) fieldErr(i int) string {
	if !isTarget(i) || !(f.edited[i] || f.tried || f.inputs[i].Value() != "") {
		return ""
	}
	if v := f.inputs[i].Value(); i == f.focus && looksLikeTarget(v) {
		// A whole target typed into one field, split on leaving it. One
		// that does not parse gets the message a paste of it gets, which
		// names the wrong part.
		if _, err := flows.ParseTarget(v); err != nil {
			return err.Error()
		}
		return ""
	}
	if msg := flows.CheckLabel(f.inputs[i].Value()); msg != "" {
		return strings.ToLower(fieldNames[i]) + " " + msg
	}
	return ""
}

func (f formScreen) target() flows.Target {
	return flows.Target{Cluster: f.inputs[fCluster].Value(), Namespace: f.inputs[fNamespace].Value(), App: f.inputs[fApp].Value()}
}

func (f formScreen) save() (formScreen, tea.Msg) {
	if t, ok := f.typedTarget(); ok {
		f.fill(t)
	}
	f.tried = true
	for i := fCluster; i <= fApp; i++ {
		if f.fieldErr(i) != "" {
			return f, nil
		}
	}
	t := f.target()
	if (f.old == nil || *f.old != t) && slices.Contains(f.taken, t) {
		f.formErr = t.String() + " is already saved"
		return f, nil
	}
	st := config.SavedTarget{Target: t, Flow: flowChoices[f.flow], Note: strings.TrimSpace(f.inputs[fNote].Value())}
	if f.source > 0 {
		st.Source = sourceChoices[f.source]
	}
	return f, saveMsg{old: f.old, t: st}
}
