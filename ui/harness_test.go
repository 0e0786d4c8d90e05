package ui

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
)

// timer is one scheduled message; tests fire it by sending msg.
type timer struct {
	d   time.Duration
	msg tea.Msg
}

// harness drives the model like tea.Program does, but synchronously: each
// command runs at once and its message is fed back, timers are recorded
// instead of waited for, and results can be held back to test stale ones.
type harness struct {
	t        *testing.T
	m        Model
	clock    *fakeClock
	tokens   *fakeTokens
	clip     *fakeClipboard
	browser  *fakeBrowser
	store    *fakeStore
	verifier *fakeVerifier
	timers   []timer
	hold     bool        // keep resultMsgs in held instead of delivering them
	held     []resultMsg // results kept back
	// holdChecks keeps finished verifications in checks instead of
	// delivering them, as if the checks were still running.
	holdChecks bool
	checks     []verifiedMsg
	quit       bool
	// step updates the model under test with one message; nil is the
	// root Model, m.
	step func(tea.Msg) tea.Cmd
}

func newHarness(t *testing.T, targets []config.SavedTarget, opts ...func(*Deps)) *harness {
	h := &harness{t: t, clock: &fakeClock{t: t0}, clip: &fakeClipboard{}, browser: &fakeBrowser{}, store: &fakeStore{}, verifier: &fakeVerifier{}}
	h.tokens = &fakeTokens{clock: h.clock, t: t}
	d := Deps{Tokens: h.tokens, Store: h.store, Clipboard: h.clip, Browser: h.browser, Clock: h.clock, Config: testConfig(targets), Verifier: h.verifier}
	for _, o := range opts {
		o(&d)
	}
	h.m = New(d)
	h.m.sh.after = h.schedule
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(h.m.Init())
	return h
}

// schedule records a timer instead of starting it.
func (h *harness) schedule(d time.Duration, msg tea.Msg) tea.Cmd {
	h.timers = append(h.timers, timer{d, msg})
	return nil
}

// update delivers msg and returns its command without running it, so a
// test can run it later (a late result).
func (h *harness) update(msg tea.Msg) tea.Cmd {
	h.t.Helper()
	if h.step != nil {
		return h.step(msg)
	}
	next, cmd := h.m.Update(msg)
	h.m = next.(Model)
	return cmd
}

// send delivers msg and everything its commands produce.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	queue := []tea.Msg{msg}
	for i := 0; len(queue) > 0; i++ {
		if i > 200 {
			h.t.Fatal("message loop does not settle")
		}
		queue = append(queue[1:], h.exec(h.update(queue[0]))...)
	}
}

func (h *harness) run(cmd tea.Cmd) {
	for _, msg := range h.exec(cmd) {
		h.send(msg)
	}
}

func (h *harness) exec(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, h.exec(c)...)
		}
		return out
	case tea.QuitMsg:
		h.quit = true
		return nil
	case resultMsg:
		if h.hold {
			h.held = append(h.held, msg)
			return nil
		}
		return []tea.Msg{msg}
	case verifiedMsg:
		if h.holdChecks {
			h.checks = append(h.checks, msg)
			return nil
		}
		return []tea.Msg{msg}
	default:
		return []tea.Msg{msg}
	}
}

// press sends keys by name ("enter", "esc", "c", …).
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types s one key at a time.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// fire delivers every scheduled timer whose message matches keep, oldest
// first, and forgets them.
func (h *harness) fire(keep func(tea.Msg) bool) int {
	var due, rest []timer
	for _, tm := range h.timers {
		if keep(tm.msg) {
			due = append(due, tm)
		} else {
			rest = append(rest, tm)
		}
	}
	h.timers = rest
	for _, tm := range due {
		h.send(tm.msg)
	}
	return len(due)
}

// tick advances the clock by d and fires the pending ticks.
func (h *harness) tick(d time.Duration) {
	h.t.Helper()
	h.clock.advance(d)
	h.fire(func(m tea.Msg) bool { _, ok := m.(tickMsg); return ok })
}

func (h *harness) pending(match func(tea.Msg) bool) []timer {
	var out []timer
	for _, tm := range h.timers {
		if match(tm.msg) {
			out = append(out, tm)
		}
	}
	return out
}

func isTick(m tea.Msg) bool { _, ok := m.(tickMsg); return ok }

func (h *harness) wantScreen(name string) {
	h.t.Helper()
	if got := h.m.Screen(); got != name {
		h.t.Fatalf("screen = %s, want %s\n%s", got, name, h.m.View())
	}
}

func (h *harness) view() string { return h.m.View() }
