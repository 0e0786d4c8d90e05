package ui

import (
	"cmp"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// handleNav acts on what the screens ask for.
func (m Model) handleNav(msg tea.Msg) (Model, tea.Cmd, bool) {
	if next, cmd, ok := m.handleLogin(msg); ok {
		return next, cmd, true
	}
	switch msg := msg.(type) {
	case runMsg:
		next, cmd := m.startRun(msg)
		return next, cmd, true
	case retryMsg:
		next, cmd := m.startRun(m.last)
		return next, cmd, true
	case chooseMsg:
		m.chooser = newChooser(msg.target)
		return m, m.enter(scrChooser), true
	case formMsg:
		m.form = newForm(m.sh, msg.edit, m.targets.saved(), m.contentWidth())
		return m, m.enter(scrForm), true
	case backMsg:
		m.cancelRun()
		return m, tea.Batch(m.enter(scrTargets), cachedCmd(m.sh.d.Tokens, m.targets.saved(), m.sess.live(m.now))), true
	case pickedMsg:
		next, cmd := m.showPicked(msg.p)
		return next, cmd, true
	case noticeMsg:
		m.status.hold(msg.text, true)
		return m, nil, true
	case cancelRunMsg:
		m.cancelRun()
		return m, tea.Batch(m.enter(m.running.back), m.status.set("cancelled", false, m.sh.after)), true
	case saveMsg:
		m.saveSeq++
		m.form.saving = m.saveSeq
		return m, saveCmd(m.sh.d.Store, m.saveSeq, msg.old, msg.t), true
	case removeMsg:
		m.saveSeq++
		return m, removeCmd(m.sh.d.Store, m.saveSeq, msg.t), true
	case copyMsg:
		return m, copyCmd(m.sh.d.Clipboard, msg.what, msg.text, m.clearAt(msg.what)), true
	case openURLMsg:
		return m, openCmd(m.sh.d.Browser, msg.url), true
	case cachedMsg:
		m.targets.setCached(msg)
		if m.screen != scrTargets {
			return m, nil, true
		}
		m.tickSeq++ // one badge tick chain, restarted with the news
		return m, m.badgeTicks(), true
	}
	return m, nil, false
}

// handleResult acts on the results of commands.
func (m Model) handleResult(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case resultMsg:
		next, cmd := m.onResult(msg)
		return next, cmd, true
	case copiedMsg:
		next, cmd := m.onCopied(msg)
		return next, cmd, true
	case clearClipMsg:
		next, cmd := m.onClearDue(msg)
		return next, cmd, true
	case clipClearedMsg:
		if msg.err != nil {
			return m, m.status.set("could not clear the clipboard: "+msg.err.Error(), true, m.sh.after), true
		}
		return m, nil, true
	case savedMsg:
		next, cmd := m.onSaved(msg)
		return next, cmd, true
	case verifiedMsg:
		m.token.check.take(msg)
		return m, nil, true
	}
	return m.handleSession(msg)
}

// startRun starts getting a token in the background; a new generation
// makes any older run's late result stale. An OBO run without a session
// first reads the keeper: at start it may not have answered yet, and
// later another entratoken may have logged in.
func (m Model) startRun(r runMsg) (Model, tea.Cmd) {
	m.cancelRun()
	m.status.clear()
	m.last = r
	m.gen++
	req := requestFor(r.target, r.flow, r.fresh, m.sess.live(m.now))
	back := m.screen
	if back == scrRunning || back == scrLogin || back == scrError || back == scrChooser {
		back = scrTargets
	}
	m.running = runningScreen{desc: m.sh.d.Tokens.Describe(req), target: r.target.Target, start: m.now, back: back}
	if r.flow == flows.OBO && req.Session == "" && m.sh.d.Keeper != nil && !m.sess.stuck {
		m.waiting = m.gen
		m.cancel = func() {} // esc moves the generation on, which ends the wait
		m.running.desc = "Reading the kept session"
		return m, tea.Batch(m.loadSession(), m.enter(scrRunning))
	}
	return m, tea.Batch(m.issue(req, false), m.enter(scrRunning))
}

// cancelRun stops the current run; its result, if it still comes, is
// dropped because the generation moves on.
func (m *Model) cancelRun() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
		m.gen++
	}
}

func (m Model) onResult(msg resultMsg) (Model, tea.Cmd) {
	if msg.gen != m.gen {
		return m, nil // a cancelled or superseded run
	}
	m.cancel() // release the context
	m.cancel = nil
	var forget tea.Cmd
	if session.Rejected(msg.err) {
		forget = m.rejected(msg.req.Session)
	}
	if msg.err != nil && msg.auto {
		// The token on screen is still good for a while: keep it, and say
		// what went wrong until the user acts. A rejected session opens
		// no login (nor a browser) by itself: o does, when the user wants.
		why := flows.Redact(msg.err.Error(), msg.req.Session, m.sess.cookie)
		if session.Rejected(msg.err) {
			why = "azure-token-generator no longer accepts the session: o logs in again"
		}
		m.status.hold("auto-refresh failed (r tries again): "+why, true)
		return m, forget
	}
	if msg.err != nil {
		var nl *flows.NotLoggedInError
		if errors.As(msg.err, &nl) {
			m.login = newLogin(m.sh, m.last.target, nl.LoginURL, nl.Rejected)
			return m, tea.Batch(m.enter(scrLogin), openCmd(m.sh.d.Browser, nl.LoginURL), forget)
		}
		m.errv = newErrorScreen(m.sh, m.last, msg.err, cmp.Or(msg.req.Session, m.sess.cookie))
		return m, m.enter(scrError)
	}
	m.targets.noteToken(msg.res.Request, msg.res.Token, true)
	news := "new token, expires " + localTime(msg.res.Token.ExpiresAt, m.now)
	if msg.auto && m.screen == scrToken {
		check := m.setToken(m.token.replace(msg.res, m.now))
		return m, tea.Batch(check, m.status.set(news+" (refreshed automatically)", false, m.sh.after))
	}
	check := m.setToken(newTokenScreen(m.sh, m.last.target, msg.res, "", m.contentWidth(), m.bodyHeight(), m.now))
	cmd := tea.Batch(check, m.enter(scrToken))
	if m.last.fresh && !msg.res.FromCache {
		// r: the header and the claims may read as before, so say it.
		cmd = tea.Batch(cmd, m.status.set(news, false, m.sh.after))
	}
	return m, cmd
}

// showPicked shows a token the user brought back from the browser.
func (m Model) showPicked(p flows.Picked) (Model, tea.Cmd) {
	if p.Session != "" {
		keep := m.takePasted(p.Session)
		next, cmd := m.startRun(runMsg{target: m.login.target, flow: flows.OBO})
		if m.sh.d.Keeper == nil {
			next.pending = statusLine{text: inMemory}
		}
		return next, tea.Batch(cmd, keep)
	}
	target := m.login.target.Target
	res := flows.Result{Request: flows.Request{Target: target, Flow: flows.OBO, Via: flows.ViaGenerator}, Token: p.Token}
	aud := checkAudience(p.Token, target, m.targets.audience(target))
	check := m.setToken(newTokenScreen(m.sh, m.login.target, res, "browser, "+aud.label, m.contentWidth(), m.bodyHeight(), m.now))
	m.token.pasted = true
	if !p.Token.IsApp() && aud.problem == "" {
		m.targets.noteToken(res.Request, p.Token, false) // the list shows "OBO n min left"
	}
	cmd := tea.Batch(check, m.enter(scrToken))
	if warn := pastedWarning(p.Token, aud.problem, m.now); warn != "" {
		m.status.hold(warn, true)
	}
	return m, cmd
}

// pastedWarning says what is wrong with a token the user brought back
// from the browser: the wrong kind, another app's, or too old to use.
func pastedWarning(tok *flows.Token, audProblem string, now time.Time) string {
	var probs []string
	if audProblem != "" {
		probs = append(probs, audProblem)
	}
	if tok.IsApp() {
		probs = append(probs, "is an app token, not OBO (no user)")
	}
	if !tok.ExpiresAt.IsZero() && tok.TimeLeft(now) <= 0 {
		probs = append(probs, "expired "+flows.Relative(tok.ExpiresAt, now))
	}
	if len(probs) == 0 {
		return ""
	}
	return "the pasted token " + strings.Join(probs, " and ") + ": log in again and copy the JSON the page shows"
}

// handleLogin hands the login screen its own messages (see
// loginScreen.handle); off that screen they are stale, and dropped.
func (m Model) handleLogin(msg tea.Msg) (Model, tea.Cmd, bool) {
	next, cmd, intent, ok := m.login.handle(msg, m.pollSeq)
	if !ok || m.screen != scrLogin {
		return m, nil, ok
	}
	m.login = next
	if intent == nil {
		return m, cmd, true
	}
	n, navCmd, _ := m.handleNav(intent)
	return n, tea.Batch(cmd, navCmd), true
}

// onSaved takes a finished save or delete. A save can wait seconds for the
// config file's lock; only while its form is still on screen does the
// result lead back to the list (or, failing, stay on the form). A result
// that comes later, or a delete's, changes only the list and the status
// line: the file holds what it says, whatever screen the user is on.
func (m Model) onSaved(msg savedMsg) (Model, tea.Cmd) {
	current := !msg.del && m.screen == scrForm && msg.seq == m.form.saving
	if current {
		m.form.saving = 0
	}
	if msg.err != nil {
		if current {
			m.form.formErr = msg.err.Error()
			return m, nil
		}
		what := "save " + msg.t.Target.String()
		if msg.del {
			what = "delete " + msg.old.String()
		}
		return m, m.status.set("could not "+what+": "+msg.err.Error(), true, m.sh.after)
	}
	var what string
	switch {
	case msg.del:
		m.targets.remove(*msg.old)
		what = "deleted " + msg.old.String()
	case msg.old == nil:
		m.targets.add(msg.t)
		what = "added " + msg.t.Target.String()
	default:
		m.targets.replace(*msg.old, msg.t)
		what = "saved " + msg.t.Target.String()
	}
	var cmd tea.Cmd
	if current {
		cmd = m.enter(scrTargets)
	}
	return m, tea.Batch(cmd, m.status.set(what, false, m.sh.after))
}
