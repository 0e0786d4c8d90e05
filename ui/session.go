package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// genSession is the generator session as the TUI holds it: given for the
// run (Deps.Session), read from the keeper, or pasted on the login screen.
// The header counts down to its end; once the end has passed it is not
// sent any more, and the next OBO token asks for a login.
type genSession struct {
	cookie string    // the session OBO tokens are asked with; "" none
	endsAt time.Time // its end on our clock; zero while not known
	// accepted: the generator accepted it, now or when it was kept.
	accepted bool
	// checking: the generator is being asked about it.
	checking bool
	given    bool // it is Deps.Session
	// known: a session was given, or the keeper has been read; until
	// then the header says nothing rather than something untrue.
	known   bool
	loading bool // the keeper is being read
	// stuck: the keeper's read timed out (a locked keyring); an OBO run
	// does not wait for it again, 3 s each time.
	stuck bool
	// ended: a session of this run ended or was rejected and none took
	// its place; the header says so.
	ended bool
	// spent is that session: a keeper still holding it is not believed.
	spent string
}

// over is whether the session's known end has passed at now.
func (s genSession) over(now time.Time) bool {
	return !s.endsAt.IsZero() && !now.Before(s.endsAt)
}

// live is the session to send at now; "" when there is none, or its end
// has passed (the tick that says so may come late after a laptop slept).
func (s genSession) live(now time.Time) string {
	if s.over(now) {
		return ""
	}
	return s.cookie
}

// isEnded is whether the header reads "session ended" at now.
func (s genSession) isEnded(now time.Time) bool {
	return s.known && (s.ended || s.cookie != "" && s.over(now))
}

// take holds a session from the keeper or a paste in place of any other.
func (s *genSession) take(cookie string, endsAt time.Time, accepted bool) {
	*s = genSession{cookie: cookie, endsAt: endsAt, accepted: accepted, known: true, loading: s.loading, stuck: s.stuck, spent: s.spent}
}

// drop lets the session go: it ended, or the generator rejected it.
func (s *genSession) drop() {
	if s.cookie != "" {
		s.spent = s.cookie
	}
	*s = genSession{known: true, loading: s.loading, stuck: s.stuck, ended: true, spent: s.spent}
}

// Messages of the session's commands.
type (
	// sessionLoadedMsg is the keeper's answer.
	sessionLoadedMsg struct {
		kept session.Kept
		err  error
	}
	// sessionCheckedMsg is the generator's word on cookie.
	sessionCheckedMsg struct {
		cookie string
		info   flows.SessionInfo
		err    error
	}
	// sessionKeptMsg is a given session remembered, or a pasted one
	// adopted (checked and kept).
	sessionKeptMsg struct {
		cookie  string
		kept    session.Kept
		adopted bool // kept now, not already
		pasted  bool
		info    flows.SessionInfo // the generator's word on a pasted one
		err     error
	}
	// sessionRefusedMsg is a session that was rejected, or ended,
	// forgotten by the keeper.
	sessionRefusedMsg struct {
		forgotten bool
		ended     bool // it reached its end: the header says so already
		err       error
	}
	// sessionTickMsg is due when the header's time left changes.
	sessionTickMsg struct{ seq int }
)

func loadSessionCmd(k Keeper) tea.Cmd {
	return func() tea.Msg {
		kept, err := k.Kept()
		return sessionLoadedMsg{kept: kept, err: err}
	}
}

func checkSessionCmd(c session.Checker, cookie string, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		info, err := c.Session(ctx, cookie)
		return sessionCheckedMsg{cookie: cookie, info: info, err: err}
	}
}

// adoptSessionCmd has the keeper check and keep a pasted session, within
// timeout; cancelling ctx gives the check up.
func adoptSessionCmd(ctx context.Context, k Keeper, cookie string, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		kept, info, err := k.Adopt(ctx, cookie)
		return sessionKeptMsg{cookie: cookie, kept: kept, info: info, adopted: err == nil, pasted: true, err: err}
	}
}

func rememberSessionCmd(k Keeper, cookie string, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		kept, adopted, err := k.Remember(ctx, cookie)
		return sessionKeptMsg{cookie: cookie, kept: kept, adopted: adopted, err: err}
	}
}

func refusedCmd(k Keeper, cookie string, ended bool) tea.Cmd {
	return func() tea.Msg {
		forgotten, err := k.Refused(cookie)
		return sessionRefusedMsg{forgotten: forgotten, ended: ended, err: err}
	}
}

// askTimeout bounds a question to the generator about a session.
func (sh *shared) askTimeout() time.Duration {
	if t := sh.d.Config.Timeout; t > 0 {
		return t
	}
	return config.DefaultTimeout
}

// newGenSession is the session at start: the given one, about to be
// checked; else the kept one, about to be read.
func newGenSession(d Deps) genSession {
	switch {
	case d.Session != "":
		return genSession{cookie: d.Session, given: true, known: true, checking: d.Checker != nil}
	case d.Keeper != nil:
		return genSession{loading: true}
	}
	return genSession{known: true}
}

// startSession is Init's part for the session, as newGenSession set it
// up: read the keeper, or ask the generator about the given session.
// Neither holds up the first frame.
func (m Model) startSession() tea.Cmd {
	switch {
	case m.sess.loading:
		return loadSessionCmd(m.sh.d.Keeper)
	case m.sess.checking:
		return checkSessionCmd(m.sh.d.Checker, m.sess.cookie, m.sh.askTimeout())
	}
	return nil
}

// loadSession reads the keeper unless a read is on its way.
func (m *Model) loadSession() tea.Cmd {
	if m.sess.loading {
		return nil
	}
	m.sess.loading = true
	return loadSessionCmd(m.sh.d.Keeper)
}

// check asks the generator about the held session, when it can.
func (m *Model) check() tea.Cmd {
	if m.sh.d.Checker == nil {
		return nil
	}
	m.sess.checking = true
	return checkSessionCmd(m.sh.d.Checker, m.sess.cookie, m.sh.askTimeout())
}
