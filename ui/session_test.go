package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
	"github.com/muesli/termenv"
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
	d := Deps{Tokens: tokens, Store: &fakeStore{}, Clipboard: &fakeClipboard{}, Browser: &fakeBrowser{}, Clock: clock, Config: testConfig(demoTargets())}
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

// The badge: whole minutes rounded down, amber in the last 30 minutes,
// and what to do once it is over.
func TestSessionBadge(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	amber := termenv.TrueColor.Color(colAmber.Dark).Sequence(false)
	tests := []struct {
		name  string
		left  time.Duration
		want  string
		amber bool
	}{
		{"hours", 7*time.Hour + 12*time.Minute + 59*time.Second, "● signed in · 7 h 12 min", false},
		{"30 min is not yet the end", 30 * time.Minute, "● signed in · 30 min", false},
		{"under 30 min", 29*time.Minute + 59*time.Second, "● signed in · 29 min", true},
		{"the last minute", 42 * time.Second, "● signed in · 42 s", true},
		{"over", 0, "session ended: o logs in again", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSessions()
			h := newHarness(t, demoTargets(), s.keep(t, keptCookie, time.Hour))
			h.m.sess.endsAt = t0.Add(tt.left)
			badge := h.m.sessionBadge(60)
			if got := ansi.Strip(badge); got != tt.want {
				t.Fatalf("badge %q, want %q", got, tt.want)
			}
			if got := strings.Contains(badge, amber); got != tt.amber {
				t.Fatalf("amber = %v, want %v: %q", got, tt.amber, badge)
			}
		})
	}
}

// At 60 columns the header stays on one line, with the sandbox banner;
// with less room the badge says less, and nothing rather than wrapping.
func TestSessionBadgeFitsSixtyColumns(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 7*time.Hour+12*time.Minute), func(d *Deps) { d.Banner = "sandbox" })
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if got, head := title(h), strings.Split(h.view(), "\n")[0]; got != "entratoken sandbox ● signed in · 7 h 12 min" || lipgloss.Width(head) > 60 {
		t.Fatalf("header at 60 columns: %q (%d wide)", head, lipgloss.Width(head))
	}
	h.clock.advance(8 * time.Hour)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if got, head := title(h), strings.Split(h.view(), "\n")[0]; got != "entratoken sandbox session ended: o logs in again" || lipgloss.Width(head) > 60 {
		t.Fatalf("header at 60 columns: %q (%d wide)", head, lipgloss.Width(head))
	}
	for room, want := range map[int]string{
		29: "session ended: o logs in", 20: "session ended", 12: "ended", 4: "",
	} {
		if got := h.m.sessionBadge(room); got != want {
			t.Errorf("ended badge in %d columns: %q, want %q", room, got, want)
		}
	}
	h.m.sess.take(keptCookie, h.clock.Now().Add(7*time.Hour+12*time.Minute), true)
	if got := h.m.sessionBadge(20); got != "● 7 h 12 min" {
		t.Errorf("badge in 20 columns: %q", got)
	}
}

// Before the session is known the header says nothing; a given session
// the generator cannot be asked about shows that there is one, no more.
func TestSessionBadgeSaysNothingUntrue(t *testing.T) {
	s := newSessions()
	s.checker.down = &flows.TransportError{Service: "azure-token-generator", Hint: "are you on naisdevice?"}
	h := newHarness(t, demoTargets(), func(d *Deps) { s.deps(d); d.Session = "given-session-0123456789" })
	if got := title(h); got != "entratoken ● generator session" {
		t.Fatalf("header with an unreachable generator %q", got)
	}
	h = newHarness(t, demoTargets(), s.deps) // nothing kept
	if got := title(h); got != "entratoken" {
		t.Fatalf("header without a session %q", got)
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

// A session that ends while the TUI runs: the header counts down, waking
// only when its text changes (once a minute, every second in the last),
// turns to "session ended" at the end, and the next OBO goes to the login.
func TestSessionEndsWhileTheTUIRuns(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 2*time.Minute+30*time.Second))
	s.gate(h)
	if got := title(h); got != "entratoken ● signed in · 2 min" {
		t.Fatalf("header %q", got)
	}
	if d := h.sessionTick(); d != 30*time.Second+5*time.Millisecond {
		t.Fatalf("first wake after %v, want when 2 min turns to 1 min", d)
	}
	if got := title(h); got != "entratoken ● signed in · 1 min" {
		t.Fatalf("header %q", got)
	}
	if d := h.sessionTick(); d != time.Minute {
		t.Fatalf("wake after %v, want a minute", d)
	}
	if got := title(h); got != "entratoken ● signed in · 59 s" {
		t.Fatalf("header %q", got)
	}
	for range 60 {
		if d := h.sessionTick(); d != time.Second {
			t.Fatalf("wake after %v in the last minute, want a second", d)
		}
	}
	if got := title(h); got != "entratoken session ended: o logs in again" {
		t.Fatalf("header at the end %q", got)
	}
	if h.nextSessionTick() != 0 {
		t.Fatal("the header keeps waking after the end")
	}
	h.press("down", "enter")
	h.wantScreen("login")
	if got := h.tokens.lastCall(t).req.Session; got != "" {
		t.Fatalf("OBO after the end asked with %q", got)
	}
	if s.kept(t) != "" {
		t.Fatal("the ended session is still kept")
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

// A keyring that does not answer is said; OBO then asks for a login.
func TestKeyringTimeoutIsSaid(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), func(d *Deps) {
		s.deps(d)
		d.Keeper = failingKeeper{s.keeper, &session.KeyringError{Timeout: 3 * time.Second, Err: errors.New("timeout")}}
	})
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, "could not read the kept session: the system keyring did not answer within 3s") {
		t.Fatalf("no word of the keyring:\n%s", h.view())
	}
	if got := title(h); got != "entratoken" {
		t.Fatalf("header %q", got)
	}
}

// failingKeeper's Kept fails with err, wrapped as the keyring store does.
type failingKeeper struct {
	*session.Keeper
	err error
}

func (f failingKeeper) Kept() (session.Kept, error) {
	return session.Kept{}, fmt.Errorf("%w (%w)", session.ErrNotKept, f.err)
}
