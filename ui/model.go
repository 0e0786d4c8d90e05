// Package ui is entratoken's terminal UI: a root model that routes messages
// to one screen at a time (targets, form, flow chooser, running, login,
// token, error); LoginModel runs the login screen on its own, for
// `entratoken login`. It does no I/O itself: every side effect is a tea.Cmd
// calling the interfaces in Deps, so each screen runs against fakes in tests.
package ui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/config"
)

// Smallest terminal the screens are laid out for.
const minWidth, minHeight = 60, 20

// maxContentWidth is the widest the content gets: on a wide terminal it
// stays on the left at this width, as in glow and gh-dash, so a badge
// stays next to its name rather than 150 columns away.
const maxContentWidth = 100

type screenID int

const (
	scrTargets screenID = iota
	scrForm
	scrChooser
	scrRunning
	scrLogin
	scrToken
	scrError
)

// shared is what every screen reads and nobody changes after New.
type shared struct {
	d     Deps
	st    styles
	after afterFunc
}

// Model is the root of the UI: it handles global keys, resize, timers and
// the results of commands, and hands keys to the active screen.
type Model struct {
	sh            *shared
	width, height int
	now           time.Time
	screen        screenID
	help          help.Model
	global        globalKeys
	status        statusLine

	targets targetsScreen
	form    formScreen
	chooser chooserScreen
	running runningScreen
	login   loginScreen
	token   tokenScreen
	errv    errorScreen

	sess    genSession         // the generator session
	sessSeq int                // the live chain of the header's session ticks
	gen     int                // generation of the current run
	cancel  context.CancelFunc // cancels the current run
	// waiting is the generation of an OBO run that waits for the keeper
	// to be read before it asks for a token; 0: none.
	waiting int
	// pending is a status said during a run, for the screen it leads to.
	pending statusLine
	last    runMsg       // the last run, for retry
	saveSeq int          // the latest save or delete
	tickSeq int          // the live tick chain; older ticks are dropped
	pollSeq int          // the live clipboard watch
	clip    pendingClear // a copied token waiting to be cleared
	clipSeq int
	// quitting is set once a key has quit: keys still queued (several in
	// one read) do nothing more.
	quitting bool
}

// New builds the UI. It asks the terminal for its background colour now,
// before the program reads input, so adaptive colours never race the input
// reader.
func New(d Deps) Model {
	sh := newShared(d)
	return Model{
		sh:      sh,
		now:     sh.d.Clock.Now(),
		help:    newHelp(sh.st),
		global:  newGlobalKeys(),
		sess:    newGenSession(sh.d),
		targets: newTargetsScreen(sh, sh.d.Config.Targets),
	}
}

// newShared fills in the defaults of d and builds the styles, asking the
// terminal for its background colour (see New).
func newShared(d Deps) *shared {
	if d.Clock == nil {
		d.Clock = SystemClock{}
	}
	if d.Config == nil {
		d.Config = &config.Config{ExpiryMargin: config.DefaultExpiryMargin, ClipboardClear: config.DefaultClipboardClear}
	}
	lipgloss.HasDarkBackground()
	return &shared{d: d, st: newStyles(), after: realAfter}
}

// newHelp is the help bar in the UI's styles.
func newHelp(st styles) help.Model {
	h := help.New()
	h.Styles.ShortKey, h.Styles.FullKey = st.bold, st.bold
	h.Styles.ShortDesc, h.Styles.FullDesc = st.help, st.help
	h.Styles.ShortSeparator, h.Styles.FullSeparator = st.help, st.help
	return h
}

// Init looks up cached tokens for the list, and reads the kept session
// or asks the generator about the given one; all of it in the
// background, so the first frame waits for none of it.
func (m Model) Init() tea.Cmd {
	return tea.Batch(cachedCmd(m.sh.d.Tokens, m.targets.saved(), m.sess.cookie), m.startSession())
}

// Update routes a message: global concerns first, then the active screen.
// It reads the clock first, whatever the message: a transition that no key
// started (a login picked up from the clipboard after a minute in the
// browser, a late result) must start from the time it happens.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.sh.d.Clock.Now()
	lines := m.status.height(m.contentWidth())
	next, cmd := m.update(msg)
	if n := next.(Model); n.status.height(n.contentWidth()) != lines {
		n.resize() // a status of two lines takes one from the screen
		return n, cmd
	}
	return next, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case tickMsg:
		return m.handleTick(msg)
	case statusFadeMsg:
		m.status.fade(msg)
		return m, nil
	}
	if next, cmd, ok := m.handleNav(msg); ok {
		return next, cmd
	}
	if next, cmd, ok := m.handleResult(msg); ok {
		return next, cmd
	}
	if m.screen == scrTargets {
		var cmd tea.Cmd
		m.targets, cmd = m.targets.updateOther(msg)
		return m, cmd
	}
	return m, nil
}

func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if m.quitting {
		return m, nil
	}
	if keys := splitKeys(msg); len(keys) > 1 && !m.takingText() && m.screen != scrLogin {
		return m.handleKeys(keys)
	}
	if key.Matches(msg, m.global.ForceQuit) {
		return m.quit()
	}
	if !m.takingText() {
		switch {
		case key.Matches(msg, m.global.Quit):
			return m.quit()
		case key.Matches(msg, m.global.Help):
			m.help.ShowAll = !m.help.ShowAll
			m.resize()
			return m, nil
		}
		if run, ok := m.loginAgain(msg); ok {
			next, cmd, _ := m.handleNav(run)
			return next, cmd
		}
	}
	var cmd tea.Cmd
	var intent tea.Msg
	switch m.screen {
	case scrTargets:
		m.targets, cmd, intent = m.targets.update(msg)
	case scrForm:
		m.form, cmd, intent = m.form.update(msg)
	case scrChooser:
		m.chooser, intent = m.chooser.update(msg)
	case scrRunning:
		intent = m.running.update(msg)
	case scrLogin:
		m.login, intent = m.login.update(msg)
	case scrToken:
		m.token, intent = m.token.update(msg)
	case scrError:
		m.errv, intent = m.errv.update(msg)
	}
	if intent == nil {
		return m, cmd
	}
	// Act on the intent now, not through a command, so keys typed right
	// after (a paste, fast typing) already reach the new screen.
	next, navCmd, _ := m.handleNav(intent)
	return next, tea.Batch(cmd, navCmd)
}

// splitKeys turns the runes of one read (fast typing, a slow SSH link,
// keys typed while the app starts: Bubble Tea hands them over as one key
// message) into one key each, so "/short" opens the filter and types
// "short", and "xo" runs OBO. A bracketed paste stays whole.
func splitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

// handleKeys handles keys one after the other, each on the screen the one
// before it led to.
func (m Model) handleKeys(keys []tea.KeyMsg) (tea.Model, tea.Cmd) {
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		next, cmd := m.handleKey(k)
		m = next.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// takingText is true where letters are typed into a field, or a paste
// comes as keys on the login screen, so q and ? are text there.
func (m Model) takingText() bool {
	return m.screen == scrForm || (m.screen == scrTargets && m.targets.takingText()) ||
		(m.screen == scrLogin && m.login.collecting())
}

// quit cancels any run and ends the program. A clear still owed for a
// copied token is not the UI's to hand on: the clipboard keeps that promise
// and hands it on once the program has ended, however it ended.
func (m Model) quit() (tea.Model, tea.Cmd) {
	m.cancelRun()
	m.quitting = true
	return m, tea.Quit
}

// View draws the title, the active screen, the status line and the help.
func (m Model) View() string {
	if small, ok := tooSmall(m.width, m.height); ok {
		return small
	}
	help := m.helpView()
	w, h := m.contentWidth(), m.bodyHeightWith(help)
	var body string
	switch m.screen {
	case scrTargets:
		body = m.targets.view(m.now)
	case scrForm:
		body = m.form.view()
	case scrChooser:
		body = m.chooser.view(m.sh.st)
	case scrRunning:
		body = m.running.view(m.sh.st, m.now, w)
	case scrLogin:
		body = m.login.view(w, m.now)
	case scrToken:
		body = m.token.view(m.now)
	case scrError:
		body = m.errv.view()
	}
	return frame(m.titleView(), body, m.status.view(m.sh.st, w), help, w, h)
}
