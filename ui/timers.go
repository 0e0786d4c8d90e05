package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// Timer intervals: the spinner wants about ten frames a second; the
// clipboard is read twice a second on the login screen; the list's
// "n min left" changes once a minute, so every 30 s keeps it within half
// a minute.
const (
	runningTick = 100 * time.Millisecond
	pollEvery   = 500 * time.Millisecond
	badgeTick   = 30 * time.Second
	// clearStep bounds each wait for a clipboard clear: the wait is
	// checked against the wall clock (Go's timers stop while a laptop
	// sleeps), so a clear due during an hour's sleep happens on waking.
	clearStep = 5 * time.Second
)

// handleTick refreshes now and re-arms only while a screen shows time.
func (m Model) handleTick(msg tickMsg) (Model, tea.Cmd) {
	if msg.seq != m.tickSeq {
		return m, nil
	}
	var cmd tea.Cmd
	switch m.screen {
	case scrToken:
		var refresh bool
		m.token, refresh = m.token.tick(m.now, m.sh.d.Config)
		if refresh && m.cancel == nil {
			cmd = m.autoRefresh()
		}
	case scrRunning:
	case scrTargets:
		return m, m.badgeTicks()
	default:
		return m, nil
	}
	return m, tea.Batch(cmd, m.nextTick())
}

// badgeTicks keeps the list's "n min left" current, and stops once no row
// shows one: an idle list without cached tokens schedules nothing.
func (m Model) badgeTicks() tea.Cmd {
	if !m.targets.showsBadge(m.now) {
		return nil
	}
	return m.nextTick()
}

// autoRefresh gets a fresh token in the background while the old one stays
// on screen: M2M as always, OBO through the session while it lasts.
func (m *Model) autoRefresh() tea.Cmd {
	r := runMsg{target: m.token.target, flow: m.token.res.Request.Flow, fresh: true}
	sess := m.sess.live(m.now)
	if r.flow == flows.OBO && sess == "" {
		m.status.hold("the token is about to expire, and there is no session to renew it with: o logs in again", true)
		return nil
	}
	m.gen++
	m.last = r
	return tea.Batch(m.issue(requestFor(r.target, r.flow, true, sess), true),
		m.status.set("the token is about to expire: getting a fresh one…", false, m.sh.after))
}

// issue asks for the token of req in the background, cancellable, as
// the current generation's run.
func (m *Model) issue(req flows.Request, auto bool) tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	return getCmd(ctx, m.sh.d.Tokens, m.gen, req, auto)
}

// enter switches screens and starts (or, by moving the sequence numbers
// on, stops) the tick chain and the clipboard watch the screen needs. The
// status line belongs to the screen it was said on, so it goes too.
func (m *Model) enter(s screenID) tea.Cmd {
	m.screen = s
	m.status.clear()
	if s != scrRunning && m.pending.text != "" {
		m.status.hold(m.pending.text, m.pending.isErr)
		m.pending = statusLine{}
	}
	m.tickSeq++
	m.pollSeq++
	m.help.ShowAll = false
	m.resize()
	switch s {
	case scrRunning, scrToken:
		return m.nextTick()
	case scrTargets:
		return m.badgeTicks()
	case scrLogin:
		return readClipCmd(m.sh.d.Clipboard, m.pollSeq)
	}
	return nil
}

func (m Model) nextTick() tea.Cmd {
	d := runningTick
	switch m.screen {
	case scrToken:
		d = m.token.untilNextSecond(m.now)
	case scrTargets:
		d = badgeTick
	}
	return m.sh.after(d, tickMsg{seq: m.tickSeq})
}
