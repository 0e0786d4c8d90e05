package ui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// handleSession acts on the session's messages.
func (m Model) handleSession(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case sessionLoadedMsg:
		next, cmd := m.onLoaded(msg)
		return next, cmd, true
	case sessionCheckedMsg:
		next, cmd := m.onChecked(msg)
		return next, cmd, true
	case sessionKeptMsg:
		next, cmd := m.onKept(msg)
		return next, cmd, true
	case sessionRefusedMsg:
		switch {
		case msg.err != nil:
			m.note("could not forget the session: "+msg.err.Error(), true)
		case msg.forgotten && !msg.ended:
			text := "azure-token-generator no longer accepts the kept session, so it is forgotten"
			if m.screen != scrLogin {
				text += ": o logs in again"
			}
			m.note(text, true)
		}
		return m, nil, true
	case sessionTickMsg:
		if msg.seq != m.sessSeq {
			return m, nil, true
		}
		if m.sess.cookie != "" && m.sess.over(m.now) {
			return m, m.letGo(m.sess.cookie, true), true
		}
		return m, m.sessionTicks(), true
	}
	return m, nil, false
}

// onLoaded takes the keeper's answer: read at start, or by an OBO run
// that had no session (another entratoken may have logged in since). The
// run waiting for it goes on, with the session or to the login.
func (m Model) onLoaded(msg sessionLoadedMsg) (Model, tea.Cmd) {
	m.sess.loading = false
	first := !m.sess.known
	m.sess.known = true
	var cmds []tea.Cmd
	var ended *session.EndedError
	var ke *session.KeyringError
	m.sess.stuck = errors.As(msg.err, &ke) && ke.Timeout > 0
	switch {
	case msg.err == nil && m.sess.live(m.now) == "" && msg.kept.Cookie != m.sess.spent:
		m.sess.take(msg.kept.Cookie, msg.kept.EndsAt, true)
		cmds = append(cmds, m.check(), m.restartSessionTicks())
		if m.screen == scrTargets {
			cmds = append(cmds, cachedCmd(m.sh.d.Tokens, m.targets.saved(), m.sess.cookie))
		}
	case errors.As(msg.err, &ended):
		m.sess.ended = true // before this run: the header says so
	case first && session.Unreadable(msg.err) != "":
		m.note(session.Unreadable(msg.err), true)
	}
	if m.waiting != 0 && m.waiting == m.gen && m.screen == scrRunning {
		m.waiting = 0
		req := requestFor(m.last.target, m.last.flow, m.last.fresh, m.sess.live(m.now))
		m.running.desc = m.sh.d.Tokens.Describe(req)
		cmds = append(cmds, m.issue(req, false))
	}
	return m, tea.Batch(cmds...)
}

// onChecked takes the generator's word on the session: its end, or a no,
// which drops it (and the keeper forgets it).
func (m Model) onChecked(msg sessionCheckedMsg) (Model, tea.Cmd) {
	if msg.cookie != m.sess.cookie {
		return m, nil // about a session no longer held
	}
	m.sess.checking = false
	switch {
	case msg.err == nil:
		m.sess.accepted = true
		m.sess.endsAt = session.EndsAt(msg.info, m.now)
		var cmd tea.Cmd
		if m.sess.given && m.sh.d.Keeper != nil {
			cmd = rememberSessionCmd(m.sh.d.Keeper, msg.cookie, m.sh.askTimeout())
		}
		return m, tea.Batch(cmd, m.restartSessionTicks())
	case session.Rejected(msg.err):
		if m.sess.given {
			m.note("azure-token-generator does not accept the session given for this run (ENTRATOKEN_SESSION): o logs in again", true)
		}
		return m, m.rejected(msg.cookie)
	}
	return m, nil // the generator could not say: keep it
}

// onKept takes a session remembered or adopted by the keeper, and says
// where it went.
func (m Model) onKept(msg sessionKeptMsg) (Model, tea.Cmd) {
	if msg.cookie != m.sess.cookie {
		return m, nil
	}
	m.sess.checking = false
	switch {
	case msg.err == nil:
		m.sess.accepted = true
		m.sess.endsAt = msg.kept.EndsAt
		if msg.adopted && (msg.pasted || msg.kept.Place.Kind != session.KindNone) {
			m.note(keptWords(msg.kept, msg.pasted, m.now), false)
		}
		return m, m.restartSessionTicks()
	case msg.pasted && session.Rejected(msg.err):
		// The OBO run with it is rejected too, and says so.
		m.sess.drop()
		m.sess.ended = false
		return m, nil
	}
	m.note("the session was not kept for later runs: "+flows.Redact(msg.err.Error(), msg.cookie), true)
	return m, nil
}

// keptWords says where a session went and what that gives.
func keptWords(k session.Kept, pasted bool, now time.Time) string {
	if k.Place.Kind == session.KindNone {
		return inMemory
	}
	if k.Place.Fallback != "" {
		return k.Place.Fallback + ": the session is kept in " + k.Place.Path + ", readable only by you"
	}
	if !pasted {
		return "kept the session given for this run in " + k.Place.String() + " for later runs"
	}
	s := "kept the session in " + k.Place.String()
	if !k.EndsAt.IsZero() {
		s = "no browser for OBO until " + localTime(k.EndsAt, now) + ": " + s
	}
	return s
}

// inMemory is what becomes of a pasted session without a store.
const inMemory = "got the session; it stays in memory for this run"

// rejected drops a session the generator refused; the keeper forgets it
// if it is the kept one.
func (m *Model) rejected(cookie string) tea.Cmd {
	if cookie != m.sess.cookie {
		return nil
	}
	return m.letGo(cookie, false)
}

// letGo drops the session, which ended or was rejected, and has the
// keeper forget it if it is the kept one: its copy may say it lasts a
// second longer, and another entratoken would try it.
func (m *Model) letGo(cookie string, ended bool) tea.Cmd {
	m.sess.drop()
	if m.sh.d.Keeper == nil {
		return nil
	}
	return refusedCmd(m.sh.d.Keeper, cookie, ended)
}

// takePasted holds a session pasted on the login screen, and has the
// keeper check and keep it.
func (m *Model) takePasted(cookie string) tea.Cmd {
	m.sess.take(cookie, time.Time{}, false)
	if m.sh.d.Keeper == nil {
		return m.check()
	}
	m.sess.checking = true
	return adoptSessionCmd(context.Background(), m.sh.d.Keeper, cookie, m.sh.askTimeout())
}

// restartSessionTicks starts the header's tick chain afresh.
func (m *Model) restartSessionTicks() tea.Cmd {
	m.sessSeq++
	return m.sessionTicks()
}

// sessionTicks wakes the UI when the header's time left next reads
// differently, and not before: once a minute, every second in the last
// one, and at the end. Nothing is scheduled without a known end.
func (m Model) sessionTicks() tea.Cmd {
	if m.sess.live(m.now) == "" || m.sess.endsAt.IsZero() {
		return nil
	}
	return m.sh.after(untilBadgeChanges(m.sess.endsAt.Sub(m.now)), sessionTickMsg{seq: m.sessSeq})
}

// untilBadgeChanges is how long a time left reads the same in words
// (flows.Span rounds down: whole minutes, whole seconds in the last
// minute), plus a little, so that the tick lands after the change.
func untilBadgeChanges(left time.Duration) time.Duration {
	unit := time.Minute
	if left <= time.Minute {
		unit = time.Second
	}
	return left%unit + 5*time.Millisecond
}

// note says text on the status line, held until the screen changes. Said
// while a run is under way, it waits for the screen the run leads to.
func (m *Model) note(text string, isErr bool) {
	if m.screen == scrRunning {
		m.pending = statusLine{text: text, isErr: isErr}
		return
	}
	m.status.hold(text, isErr)
}
