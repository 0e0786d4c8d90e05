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
	lines = append(lines, "", st.muted.Render(strings.Join(wrapWords(fieldHints[f.focus], max(f.width, 10)), "\n")),
		st.muted.Render(strings.Join(wrapWords("Pasting dev-gcp:team:app, dev-gcp.team.app or api://… fills all three.", max(f.width, 10)), "\n")))
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

// valueView is a field's value. The focused text field is the input with
// its cursor, and the suggestion on show named after it in words ("tab:
// dev-gcp") rather than drawn in place in a colour that NO_COLOR takes
// away, which made it look typed. Another field shows its value from the
// start, cut to the field's width, whatever part was last edited.
func (f formScreen) valueView(i int) string {
	if isText(i) && i == f.focus {
		in := f.inputs[i]
		in.SetSuggestions(nil) // this copy only: drawn in words below
		in.Width = 0           // no padding before the words
		v := in.View()
		if s := f.suggestion(); s != "" {
			v += f.sh.st.muted.Render("  tab: " + s)
		}
		return v
	}
	if isText(i) {
		in := f.inputs[i]
		return in.Prompt + truncate(in.Value(), in.Width)
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
	k.Accept.SetEnabled(f.suggestion() != "")
	return k
}
