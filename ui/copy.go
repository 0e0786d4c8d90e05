package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/flows"
)

// pendingClear is a copied token waiting to be cleared from the clipboard.
type pendingClear struct {
	text   string
	system bool      // on the system clipboard, which another process can read back
	due    time.Time // when the clear was promised
}

func (m Model) onCopied(msg copiedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.status.set("could not copy the "+msg.what+": "+msg.err.Error(), true, m.sh.after)
	}
	system := msg.method == clip.MethodSystem
	where := "to the " + msg.method
	if !system {
		where = "via " + msg.method
	}
	text := "copied " + msg.what + " " + where
	var cmds []tea.Cmd
	if clear := m.sh.d.Config.ClipboardClear; clear > 0 && isSecret(msg.what) {
		m.clip = pendingClear{text: msg.text, system: system, due: m.sh.d.Clock.Now().Add(clear)}
		m.clipSeq++
		if system {
			text += "; clipboard clears in " + relativeSpan(clear)
		} else {
			// Nothing outside can clear the terminal's clipboard once
			// entratoken has quit: say so.
			text += "; clears in " + relativeSpan(clear) + " while entratoken runs"
		}
		cmds = append(cmds, m.sh.after(clear, clearClipMsg{seq: m.clipSeq}))
	}
	cmds = append(cmds, m.status.set(text, false, m.sh.after))
	return m, tea.Batch(cmds...)
}

// isSecret tells which copies are credentials that must not linger.
func isSecret(what string) bool { return what == whatToken || what == whatBearer }

// takeClear takes the clear still owed when entratoken ends, if it can be
// handed on. A copy made through the terminal (OSC 52, tmux) is left as it
// is: the user may be about to paste it, and no process can read that
// clipboard back to check it still holds the token.
func (m *Model) takeClear() (pendingClear, bool) {
	p := m.clip
	m.clip = pendingClear{}
	return p, p.text != "" && p.system
}

// handOff gives the clear to a background process for the time still
// left, so the token can be pasted after entratoken quits (copy, q, paste
// into curl). A clear already due, or one that cannot be handed off, is
// done now: better gone early than left behind.
func handOff(c Clipboard, p pendingClear, now time.Time) error {
	if left := p.due.Sub(now); left > 0 && c.ClearLater(p.text, left) == nil {
		return nil
	}
	return c.ClearIfUnchanged(p.text)
}

func handOffCmd(c Clipboard, p pendingClear, now time.Time) tea.Cmd {
	return func() tea.Msg { return clipClearedMsg{err: handOff(c, p, now), quit: true} }
}

// Shutdown hands on a clipboard clear still owed, as quitting with q does.
// Call it on the model tea.Program.Run returns, however the program ended
// (a signal cancelling its context, a panic), so that the "clears in 60 s"
// on the status line holds on every exit path.
func (m Model) Shutdown() error {
	if p, ok := m.takeClear(); ok {
		return handOff(m.sh.d.Clipboard, p, m.sh.d.Clock.Now())
	}
	return nil
}

// relativeSpan is a duration in words: "60 s", "5 min".
func relativeSpan(d time.Duration) string {
	if d < 2*time.Minute {
		return fmt.Sprintf("%d s", int(d/time.Second))
	}
	return flows.Span(d)
}
