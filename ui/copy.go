package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/flows"
)

// pendingClear is a copied token waiting to be cleared from the clipboard
// while entratoken runs. The clipboard keeps the same promise (see
// Clipboard.Write) and hands it on when the program ends.
type pendingClear struct {
	text string
	due  time.Time // when the clear was promised
}

// clearAt is when a copy of what must be gone from the clipboard; zero
// for what is no secret, or when clearing is off.
func (m Model) clearAt(what string) time.Time {
	if clear := m.sh.d.Config.ClipboardClear; clear > 0 && isSecret(what) {
		return m.now.Add(clear)
	}
	return time.Time{}
}

// onClearDue clears the copy once its time has come on the wall clock
// (see clearStep); until then it looks again.
func (m Model) onClearDue(msg clearClipMsg) (Model, tea.Cmd) {
	if msg.seq != m.clipSeq || m.clip.text == "" {
		return m, nil
	}
	if left := m.clip.due.Sub(m.now); left > 0 {
		return m, m.sh.after(min(left, clearStep), msg)
	}
	text := m.clip.text
	m.clip = pendingClear{}
	return m, clearCmd(m.sh.d.Clipboard, text)
}

func (m Model) onCopied(msg copiedMsg) (Model, tea.Cmd) {
	text, failed := copiedWords(msg)
	if failed {
		return m, m.status.set(text, true, m.sh.after)
	}
	system := msg.method == clip.MethodSystem
	var cmds []tea.Cmd
	if !msg.clearAt.IsZero() {
		clear := m.sh.d.Config.ClipboardClear
		m.clip = pendingClear{text: msg.text, due: msg.clearAt}
		m.clipSeq++
		if system {
			text += "; clipboard clears in " + relativeSpan(clear)
		} else {
			// Nothing outside can clear the terminal's clipboard once
			// entratoken has quit: say so.
			text += "; clears in " + relativeSpan(clear) + " while entratoken runs"
		}
		cmds = append(cmds, m.sh.after(min(clear, clearStep), clearClipMsg{seq: m.clipSeq}))
	}
	cmds = append(cmds, m.status.set(text, false, m.sh.after))
	return m, tea.Batch(cmds...)
}

// copiedWords says where a copy went, or why it failed.
func copiedWords(msg copiedMsg) (text string, failed bool) {
	switch {
	case msg.err != nil:
		return "could not copy the " + msg.what + ": " + msg.err.Error(), true
	case msg.method == clip.MethodSystem:
		return "copied " + msg.what + " to the " + msg.method, false
	}
	return "copied " + msg.what + " via " + msg.method, false
}

// isSecret tells which copies are credentials that must not linger.
func isSecret(what string) bool { return what == whatToken || what == whatBearer }

// relativeSpan is a duration in words: "60 s", "5 min".
func relativeSpan(d time.Duration) string {
	if d < 2*time.Minute {
		return fmt.Sprintf("%d s", int(d/time.Second))
	}
	return flows.Span(d)
}
