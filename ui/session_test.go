package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

const keptCookie = "kept-session-0123456789abcdef"

// title is the header line of the view, its spaces squeezed.
func title(h *harness) string {
	return strings.Join(strings.Fields(strings.Split(h.view(), "\n")[0]), " ")
}

// A new TUI with a kept session gets an OBO token without the login
// screen, and the header says how long the session has left.
func TestKeptSessionServesOBOWithoutLogin(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 7*time.Hour+12*time.Minute+30*time.Second))
	s.gate(h)
	if got := title(h); got != "entratoken ● signed in · 7 h 12 min" {
		t.Fatalf("header %q", got)
	}
	if s.checker.askedCount() != 1 {
		t.Fatalf("the generator was asked %d times about the session at start, want once", s.checker.askedCount())
	}
	h.press("down", "enter") // profile-api: OBO
	h.wantScreen("token")
	if got := h.tokens.lastCall(t).req.Session; got != keptCookie {
		t.Fatalf("OBO asked with session %q, want the kept one", got)
	}
	if len(h.browser.opened) != 0 {
		t.Fatalf("the browser opened %v", h.browser.opened)
	}
	if got := title(h); got != "entratoken ● signed in · 7 h 12 min" {
		t.Fatalf("header on the token screen %q", got)
	}
}

// The keeper is read in a command, never in New or View: a locked
// keyring takes 3 s to give up, and the first frame must not wait for it.
// An OBO asked for meanwhile waits for the read, then uses the session.
func TestKeptSessionIsReadOffTheUIThread(t *testing.T) {
	s := newSessions()
	s.store.hold = make(chan struct{})
	clock := &fakeClock{t: t0}
	tokens := &fakeTokens{clock: clock, t: t}
	d := Deps{Tokens: tokens, Store: &fakeStore{}, Clipboard: &fakeClipboard{}, Browser: &fakeBrowser{}, Clock: clock, Config: testConfig(demoTargets()), Verifier: &fakeVerifier{}}
	s.deps(&d)
	if _, err := s.store.Memory.Keep(session.Kept{Generator: d.Config.GeneratorURL, Cookie: keptCookie, EndsAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	s.checker.issue(keptCookie, time.Hour)

	framed := make(chan string, 1)
	var m Model
	var init tea.Cmd
	go func() {
		m = New(d)
		next, _ := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		m = next.(Model)
		init = m.Init()
		framed <- m.View()
	}()
	var first string
	select {
	case first = <-framed:
	case <-time.After(5 * time.Second):
		t.Fatal("the first frame waits for the keyring")
	}
	if s.store.reads() != 0 {
		t.Fatal("the keeper was read before the first frame")
	}
	if head := strings.Split(first, "\n")[0]; strings.Contains(head, "session") || strings.Contains(head, "signed") {
		t.Fatalf("the header says something of a session not read yet: %q", head)
	}

	h := &harness{t: t, m: m, clock: clock, tokens: tokens}
	h.m.sh.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		h.timers = append(h.timers, timer{d, msg})
		return nil
	}
	msgs := make(chan []tea.Msg, 1)
	go func() { msgs <- h.exec(init) }() // the read hangs, as a locked keyring does
	h.press("down", "enter")
	h.wantScreen("running")
	if v := h.view(); !strings.Contains(v, "Reading the kept session") {
		t.Fatalf("the running screen does not say what it waits for:\n%s", v)
	}
	if len(tokens.calls) != 0 {
		t.Fatal("the OBO run did not wait for the kept session")
	}
	close(s.store.hold)
	for _, msg := range <-msgs {
		h.send(msg)
	}
	h.wantScreen("token")
	if got := tokens.lastCall(t).req.Session; got != keptCookie {
		t.Fatalf("OBO asked with %q, want the kept session", got)
	}
	if got := title(h); got != "entratoken ● signed in · 60 min" {
		t.Fatalf("header %q", got)
	}
}

// A kept session the generator rejects (logged out elsewhere) is
// forgotten, with a word on the status line, and the login screen opens.
func TestRejectedKeptSessionIsForgottenAndLoginOpens(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 7*time.Hour))
	s.gate(h)
	s.checker.revoke(keptCookie)
	h.press("down", "enter")
	h.wantScreen("login")
	if s.kept(t) != "" {
		t.Fatal("the rejected session is still kept")
	}
	v := strings.Join(strings.Fields(h.view()), " ")
	if !strings.Contains(v, "azure-token-generator no longer accepts the kept session, so it is forgotten") {
		t.Fatalf("no word of the forgotten session:\n%s", h.view())
	}
	if len(h.browser.opened) != 1 || !strings.Contains(title(h), "session ended: o logs in again") {
		t.Fatalf("browser %v, header %q", h.browser.opened, title(h))
	}
	if h.m.sess.cookie != "" {
		t.Fatal("the rejected session is still held")
	}
}

// The generator's no at start (the check of the kept session) forgets
// it too; the header says the session ended, and o leads to the login.
func TestKeptSessionRejectedAtStart(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), func(d *Deps) {
		s.keep(t, keptCookie, 7*time.Hour)(d)
		s.checker.revoke(keptCookie)
	})
	s.gate(h)
	if s.kept(t) != "" {
		t.Fatal("the rejected session is still kept")
	}
	if got := title(h); got != "entratoken session ended: o logs in again" {
		t.Fatalf("header %q", got)
	}
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "no longer accepts the kept session, so it is forgotten: o logs in again") {
		t.Fatalf("no word of it:\n%s", h.view())
	}
	h.press("o")
	h.wantScreen("login")
	if got := h.tokens.lastCall(t).req.Session; got != "" {
		t.Fatalf("OBO asked with the rejected session %q", got)
	}
}

// On the token screen, o logs in again once the session has ended, as the
// header says.
func TestLoginAgainFromTheTokenScreen(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 10*time.Minute))
	s.gate(h)
	h.press("enter") // an M2M token
	h.clock.advance(10 * time.Minute)
	h.tick(0)
	if got := title(h); got != "entratoken session ended: o logs in again" {
		t.Fatalf("header %q", got)
	}
	h.press("o")
	h.wantScreen("login")
	if h.m.login.target.Target != target("dev-gcp:team-pay:payments-api") {
		t.Fatalf("login for %s", h.m.login.target.Target)
	}
}

// An OBO token on screen is renewed at the margin through the session; once
// the session has ended it is not, and the status line says why.
func TestOBOAutoRefreshThroughTheSession(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 8*time.Minute))
	s.gate(h)
	h.press("down", "enter")
	first := h.m.token.res.Token.Raw
	h.clock.advance(5*time.Minute + time.Second) // 10 min token, 5 min margin
	h.tick(0)
	if len(h.tokens.calls) != 2 || h.tokens.lastCall(t).req.Session != keptCookie || !h.tokens.lastCall(t).req.Fresh {
		t.Fatalf("no fresh OBO through the session at the margin: %d calls", len(h.tokens.calls))
	}
	h.wantScreen("token")
	if h.m.token.res.Token.Raw == first || !strings.Contains(h.view(), "refreshed automatically") {
		t.Fatalf("the OBO token was not renewed in place:\n%s", h.view())
	}
	// The session ends at 8 min, before the new token's margin (at 10 min 1 s).
	h.clock.advance(5*time.Minute + time.Second)
	h.tick(0)
	if len(h.tokens.calls) != 2 {
		t.Fatalf("refreshed without a session: %+v", h.tokens.lastCall(t).req)
	}
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "no session to renew it with: o logs in again") {
		t.Fatalf("the status line does not say why:\n%s", h.view())
	}
}

// A session rejected during an auto-refresh is forgotten, and the token
// screen stays: no browser opens by itself.
func TestOBOAutoRefreshRejected(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 7*time.Hour))
	s.gate(h)
	h.press("down", "enter")
	s.checker.revoke(keptCookie)
	h.clock.advance(5*time.Minute + time.Second)
	h.tick(0)
	h.wantScreen("token")
	if s.kept(t) != "" || len(h.browser.opened) != 0 {
		t.Fatalf("kept %q, browser %v", s.kept(t), h.browser.opened)
	}
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "no longer accepts the kept session, so it is forgotten: o logs in again") ||
		!strings.Contains(title(h), "session ended") {
		t.Fatalf("after the rejected auto-refresh:\n%s", h.view())
	}
}

// A session pasted on the login screen is checked and kept; the login
// screen says where it will go, and the next TUI finds it there.
func TestPastedSessionIsKept(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.deps)
	s.gate(h)
	s.checker.issue("pasted-session-0123456789", 9*time.Hour+59*time.Minute+30*time.Second)
	h.press("down", "enter")
	h.wantScreen("login")
	v := strings.Join(strings.Fields(h.view()), " ")
	if !strings.Contains(v, "A session cookie is kept in the system keyring: OBO tokens then need no browser until it ends") || strings.Contains(v, "in memory") {
		t.Fatalf("the login screen's words:\n%s", h.view())
	}
	h.send(paste(flows.SessionCookie + "=pasted-session-0123456789"))
	h.wantScreen("token")
	if got := s.kept(t); got != "pasted-session-0123456789" {
		t.Fatalf("kept %q", got)
	}
	if got := title(h); got != "entratoken ● signed in · 9 h 59 min" {
		t.Fatalf("header %q", got)
	}
	if v := h.view(); !strings.Contains(v, "no browser for OBO until 21:59:30: kept the session in the system keyring") {
		t.Fatalf("no word of where it went:\n%s", v)
	}
	h2 := newHarness(t, demoTargets(), s.deps)
	s.gate(h2)
	h2.press("down", "enter")
	if h2.wantScreen("token"); h2.tokens.lastCall(t).req.Session != "pasted-session-0123456789" {
		t.Fatal("the next TUI does not use the kept session")
	}
}

// With session_store: none (and in the sandbox) the login screen says the
// session stays in memory, which is true there.
func TestLoginWordsWithoutAStore(t *testing.T) {
	s := newSessions()
	s.kind = session.KindNone
	h := newHarness(t, demoTargets(), s.deps)
	s.gate(h)
	h.press("down", "enter")
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "A session cookie stays in memory for this run only") {
		t.Fatalf("the login screen's words:\n%s", h.view())
	}
	s.checker.issue("pasted-session-0123456789", time.Hour)
	h.send(paste("pasted-session-0123456789"))
	h.wantScreen("token")
	if v := h.view(); !strings.Contains(v, "got the session; it stays in memory for this run") {
		t.Fatalf("after the paste:\n%s", v)
	}
}

// A pasted session the generator rejects is not kept.
func TestPastedRejectedSessionIsNotKept(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.deps)
	s.gate(h)
	h.press("down", "enter")
	h.send(paste("never-issued-session-0123456789"))
	h.wantScreen("login")
	if s.kept(t) != "" || h.m.sess.cookie != "" {
		t.Fatalf("kept %q, held %q", s.kept(t), h.m.sess.cookie)
	}
	if !h.m.login.rejected {
		t.Fatal("the login screen does not say the session was rejected")
	}
}

// A session given for the run (ENTRATOKEN_SESSION) that the generator
// accepts is kept for later runs, as in script mode.
func TestGivenSessionIsRemembered(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), func(d *Deps) {
		s.deps(d)
		s.checker.issue("given-session-0123456789", 3*time.Hour)
		d.Session = "given-session-0123456789"
	})
	if got := s.kept(t); got != "given-session-0123456789" {
		t.Fatalf("kept %q", got)
	}
	if got := title(h); got != "entratoken ● signed in · 3 h 0 min" {
		t.Fatalf("header %q", got)
	}
	if v := h.view(); !strings.Contains(v, "kept the session given for this run in the system keyring for later runs") {
		t.Fatalf("no word of it:\n%s", v)
	}
}

// A keyring that does not answer is said, once; an OBO token then does not
// wait for it again.
func TestKeyringTimeoutIsSaid(t *testing.T) {
	s := newSessions()
	reads := new(int)
	h := newHarness(t, demoTargets(), func(d *Deps) {
		s.deps(d)
		d.Keeper = failingKeeper{s.keeper, &session.KeyringError{Timeout: 3 * time.Second, Err: errors.New("timeout")}, reads}
	})
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "could not read the kept session: the system keyring did not answer within 3s") {
		t.Fatalf("no word of the keyring:\n%s", h.view())
	}
	if got := title(h); got != "entratoken" {
		t.Fatalf("header %q", got)
	}
	h.press("down", "enter") // no second wait of 3 s for the keyring
	h.wantScreen("token")
	if *reads != 1 {
		t.Fatalf("the keeper was read %d times; a keyring that timed out is not waited for again", *reads)
	}
}

// failingKeeper's Kept fails with err, wrapped as the keyring store does,
// and counts its calls.
type failingKeeper struct {
	*session.Keeper
	err   error
	calls *int
}

func (f failingKeeper) Kept() (session.Kept, error) {
	*f.calls++
	return session.Kept{}, fmt.Errorf("%w (%w)", session.ErrNotKept, f.err)
}
