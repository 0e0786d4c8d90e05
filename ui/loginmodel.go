package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// LoginModel is `entratoken login` in a terminal: the TUI's login screen
// on its own, for the generator's session cookie only. A session taken
// from a paste or the clipboard is checked and kept through Deps.Keeper,
// off the UI thread; the program ends once one is kept, or when the user
// gives up.
type LoginModel struct {
	sh            *shared
	width, height int
	now           time.Time
	login         loginScreen
	help          help.Model
	status        statusLine
	forceQuit     key.Binding
	pollSeq       int                // the live clipboard watch
	tickSeq       int                // the live spinner tick chain
	cookie        string             // the session being checked; "" none
	cancel        context.CancelFunc // gives that check up
	result        LoginResult
	ended         bool // keys still queued do nothing more
}

// LoginOutcome is how a login ended.
type LoginOutcome int

// How a login ends.
const (
	LoginGaveUp      LoginOutcome = iota // esc or q: no session kept
	LoginKept                            // a session was checked and kept
	LoginInterrupted                     // ctrl+c: no session kept
)

// LoginResult is how the login ended, for the command to say so.
type LoginResult struct {
	Outcome LoginOutcome
	// Kept is the session kept (LoginKept): where, and when it ends.
	Kept session.Kept
	// Problem is why the last session given was not kept; "" when none
	// was refused.
	Problem string
}

// NewLogin builds the login for url, the generator's session login
// (flows.Generator.SessionLoginURL). It uses d's Clipboard, Browser,
// Clock, Config (its Timeout), Keeper, KeptIn and Banner. browse opens url
// in the browser at the start; without it the link is only shown
// (--no-browser), and o opens it. Like New, it asks the terminal for its
// background colour now.
func NewLogin(d Deps, url string, browse bool) LoginModel {
	sh := newShared(d)
	l := loginScreen{sh: sh, mode: loginForSession, url: url, browse: browse, keys: newLoginKeys()}
	l.keys.Back.SetHelp("esc", "cancel")
	if !browse {
		l.keys.Open.SetHelp("o", "open")
	}
	return LoginModel{sh: sh, now: sh.d.Clock.Now(), login: l, help: newHelp(sh.st), pollSeq: 1,
		forceQuit: newGlobalKeys().ForceQuit}
}

// Result is how the login ended; read it from the program's final model.
func (m LoginModel) Result() LoginResult { return m.result }

// Init opens the page (unless told not to) and starts the clipboard
// watch with its first reading, the baseline.
func (m LoginModel) Init() tea.Cmd {
	watch := readClipCmd(m.sh.d.Clipboard, m.pollSeq)
	if !m.login.browse {
		return watch
	}
	return tea.Batch(watch, openCmd(m.sh.d.Browser, m.login.url))
}

// Update takes keys, the clipboard watch, the browser's and the
// clipboard's answers, and the keeper's word on a session taken.
func (m LoginModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.sh.d.Clock.Now()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = m.contentWidth()
		return m, nil
	case tea.KeyMsg:
		return m.key(msg)
	case statusFadeMsg:
		m.status.fade(msg)
		return m, nil
	case copiedMsg:
		text, failed := copiedWords(msg)
		return m, m.status.set(text, failed, m.sh.after)
	case tickMsg:
		if msg.seq != m.tickSeq || m.cookie == "" {
			return m, nil
		}
		return m, m.sh.after(runningTick, msg)
	case sessionKeptMsg:
		return m.checked(msg)
	}
	return m.act(msg, nil)
}

// key: ctrl+c ends the login as interrupted, esc and q give it up, and
// the screen has the rest (y, o, a paste).
func (m LoginModel) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.ended:
		return m, nil
	case key.Matches(msg, m.forceQuit):
		return m.end(LoginInterrupted)
	case !m.login.collecting() && key.Matches(msg, m.login.keys.Quit):
		return m.end(LoginGaveUp)
	}
	var intent tea.Msg
	m.login, intent = m.login.update(msg)
	return m.act(intent, nil)
}

// act acts on msg, a message or what the screen asks for, after cmd.
func (m LoginModel) act(msg tea.Msg, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if next, more, intent, ok := m.login.handle(msg, m.pollSeq); ok {
		m.login = next
		return m.act(intent, tea.Batch(cmd, more))
	}
	switch msg := msg.(type) {
	case copyMsg:
		return m, tea.Batch(cmd, copyCmd(m.sh.d.Clipboard, msg.what, msg.text, time.Time{}))
	case openURLMsg:
		return m, tea.Batch(cmd, openCmd(m.sh.d.Browser, msg.url))
	case backMsg:
		return m.end(LoginGaveUp)
	case pickedMsg:
		return m.check(msg.p.Session, cmd)
	}
	return m, cmd
}

// check has the keeper ask the generator about cookie and keep it. The
// clipboard watch pauses meanwhile; another session given before the
// answer is left alone.
func (m LoginModel) check(cookie string, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if m.cookie != "" || cookie == "" {
		return m, cmd
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.cookie, m.cancel = cookie, cancel
	m.login.checking, m.login.pasteErr = m.now, ""
	m.pollSeq++
	m.tickSeq++
	return m, tea.Batch(cmd, adoptSessionCmd(ctx, m.sh.d.Keeper, cookie, m.sh.askTimeout()),
		m.sh.after(runningTick, tickMsg{seq: m.tickSeq}))
}

// checked takes the keeper's answer: a session kept ends the login; one
// refused is said, and the login waits for another.
func (m LoginModel) checked(msg sessionKeptMsg) (tea.Model, tea.Cmd) {
	if msg.cookie != m.cookie || m.cookie == "" {
		return m, nil // a check given up
	}
	m.cancel()
	m.cookie, m.cancel, m.login.checking = "", nil, time.Time{}
	if msg.err == nil {
		m.result = LoginResult{Outcome: LoginKept, Kept: msg.kept}
		m.ended = true
		return m, tea.Quit
	}
	why, next := "could not keep the session: "+flows.Redact(msg.err.Error(), msg.cookie), "paste it again to retry"
	if session.Rejected(msg.err) {
		why, next = refusedWhy(msg.info, m.now), "log in again, then copy the cookie anew"
	}
	m.result.Problem = why
	m.login.pasteErr = why + ": " + next
	m.pollSeq++
	if m.login.watch == watchOff {
		return m, nil
	}
	return m, readClipCmd(m.sh.d.Clipboard, m.pollSeq)
}

// refusedWhy says why the generator refused a session, from what it said
// about it.
func refusedWhy(info flows.SessionInfo, now time.Time) string {
	why := "there is no such session, or it ended"
	if !info.TimeoutAt.IsZero() {
		why = "it has been idle since " + localTime(info.TimeoutAt, now)
	}
	return "azure-token-generator does not accept this session (" + why + ")"
}

// end ends the program with outcome; a check under way is given up.
func (m LoginModel) end(outcome LoginOutcome) (tea.Model, tea.Cmd) {
	if m.cancel != nil {
		m.cancel()
	}
	m.cookie, m.cancel = "", nil
	m.result.Outcome, m.ended = outcome, true
	return m, tea.Quit
}

// View draws the login screen in the TUI's frame.
func (m LoginModel) View() string {
	if small, ok := tooSmall(m.width, m.height); ok {
		return small
	}
	st, w := m.sh.st, m.contentWidth()
	help := m.help.View(fit(m.help, m.login.keys))
	h := max(m.height-2-m.status.height(w)-lipgloss.Height(help), 1)
	return frame(brand(st, m.sh.d.Banner), m.login.view(w, m.now), m.status.view(st, w), help, w, h)
}

func (m LoginModel) contentWidth() int { return min(m.width-2, maxContentWidth) }
