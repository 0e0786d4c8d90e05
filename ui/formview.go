package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/x/ansi"
)

// view lays the form out: a label column (the focused one marked) and a
// value column, each error under its value.
func (f formScreen) view() string {
	st := f.sh.st
	title := "Add a target"
	if f.old != nil {
		title = "Edit " + f.old.String()
	}
	lines := []string{st.label.Render(title), ""}
	for i := range fieldCount {
		// The › marks the focused field where colour and bold do not show
		// (NO_COLOR).
		label := st.formLabel.Render("  " + fieldNames[i])
		if i == f.focus {
			label = st.formFocus.Render("› " + fieldNames[i])
		}
		lines = append(lines, label+f.valueView(i))
		if e := f.fieldErr(i); e != "" {
			lines = append(lines, f.errView(e))
		}
	}
	lines = append(lines, "", st.muted.Render(truncate(fieldHints[f.focus], f.width)),
		st.muted.Render(truncate("Pasting dev-gcp:team:app, dev-gcp.team.app or api://… fills all three.", f.width)))
	if f.saving != 0 {
		lines = append(lines, "", st.muted.Render("saving…"))
	}
	if f.formErr != "" {
		wrapped := wrapWords(f.formErr, max(f.width-2, 10))
		lines = append(lines, "", st.fieldErr.Render("✗ "+strings.Join(wrapped, "\n  ")))
	}
	return strings.Join(lines, "\n")
}

// errView is an inline error under the value column, its wrapped lines
// indented to the same column.
func (f formScreen) errView(e string) string {
	const mark = "  ✗ "
	st := f.sh.st
	indent := st.formLabel.GetWidth() + ansi.StringWidth(mark)
	lines := wrapWords(e, max(f.width-indent, 10))
	text := strings.Join(lines, "\n"+strings.Repeat(" ", indent))
	return st.formLabel.Render("") + st.fieldErr.Render(mark+text)
}

func (f formScreen) valueView(i int) string {
	if isText(i) {
		return f.inputs[i].View()
	}
	name := flowNames[f.flow]
	if i == fSource {
		name = string(sourceChoices[f.source])
	}
	if i == f.focus {
		return f.sh.st.choice.Render("‹ " + name + " ›")
	}
	return "  " + name
}

func (f formScreen) keyMap() help.KeyMap {
	k := f.keys
	if f.focus == fNote { // enter saves here
		k.Next.SetHelp("tab", "next")
		k.Save.SetHelp("enter", "save")
	}
	k.Choice.SetEnabled(!isText(f.focus))
	in := f.inputs[f.focus]
	k.Accept.SetEnabled(isText(f.focus) && in.ShowSuggestions && in.CurrentSuggestion() != "" && in.CurrentSuggestion() != in.Value())
	return k
}
