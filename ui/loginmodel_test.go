package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// sessionLoginURL is flows.Generator.SessionLoginURL for the default
// generator.
const sessionLoginURL = config.DefaultGeneratorURL + "/oauth2/login?redirect=/oauth2/session"

// Sessions the tests paste: one the generator accepts, one it never
// issued.
const (
	goodCookie    = "Z29vZC1zZXNzaW9uLXZhbHVlLXF1aXRlLWxvbmc"
	unknownCookie = "dW5rbm93bi1zZXNzaW9uLXZhbHVlLXRvbw"
)

// loginHarness drives the LoginModel as harness drives the root model,
// over the real session.Keeper, a store in memory and a fake generator.
type loginHarness struct {
	*harness
	lm   LoginModel
	sess *sessions
}

func newLoginHarness(t *testing.T, browse bool, opts ...func(*Deps)) *loginHarness {
	h := &harness{t: t, clock: &fakeClock{t: t0}, clip: &fakeClipboard{}, browser: &fakeBrowser{}}
	lh := &loginHarness{harness: h, sess: newSessions()}
	d := Deps{Clipboard: h.clip, Browser: h.browser, Clock: h.clock, Config: testConfig(nil)}
	lh.sess.deps(&d)
	for _, o := range opts {
		o(&d)
	}
	lh.lm = NewLogin(d, sessionLoginURL, browse)
	lh.lm.sh.after = h.schedule
	h.step = func(msg tea.Msg) tea.Cmd {
		next, cmd := lh.lm.Update(msg)
		lh.lm = next.(LoginModel)
		return cmd
	}
	lh.sess.checker.issue(goodCookie, 10*time.Hour)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.run(lh.lm.Init())
	return lh
}

// view is the screen, which must never show a session's value.
func (h *loginHarness) view() string {
	h.t.Helper()
	v := h.lm.View()
	if strings.Contains(v, goodCookie) || strings.Contains(v, unknownCookie) {
		h.t.Fatalf("the screen shows the cookie:\n%s", v)
	}
	return v
}

// says fails unless the screen says want (its lines joined, as wrapped).
func (h *loginHarness) says(want string) {
	h.t.Helper()
	if v := h.view(); !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
		h.t.Fatalf("the screen does not say %q:\n%s", want, v)
	}
}

// waiting fails unless the login goes on, watching the clipboard.
func (h *loginHarness) waiting() {
	h.t.Helper()
	live := h.pending(func(m tea.Msg) bool { p, ok := m.(pollDueMsg); return ok && p.seq == h.lm.pollSeq })
	if h.quit || len(live) != 1 {
		h.t.Fatalf("quit %v, %d live clipboard polls; want it waiting:\n%s", h.quit, len(live), h.view())
	}
}

// A session pasted is checked off the UI thread ("checking…", its value
// masked), kept, and ends the program.
func TestLoginModeKeepsAPastedSession(t *testing.T) {
	h := newLoginHarness(t, true)
	if len(h.browser.opened) != 1 || h.browser.opened[0] != sessionLoginURL {
		t.Fatalf("browser opened %v", h.browser.opened)
	}
	h.says("Log in to azure-token-generator for the workday")
	h.says("3. Copy the io.nais.wonderwall.session cookie: developer tools")
	h.says("Watching the clipboard")
	h.waiting()

	adopt := h.update(paste("Cookie: theme=dark; " + flows.SessionCookie + "=" + goodCookie))
	h.says("Checking the session with azure-token-generator…")
	h.says(flows.SessionCookie + "=••••••••")
	if h.quit || h.sess.checker.askedCount() != 0 {
		t.Fatal("the check ran on the UI thread")
	}
	h.fire(isPoll) // the watch pauses during the check
	if h.clip.reads != 1 {
		t.Fatalf("clipboard read %d times during the check", h.clip.reads)
	}
	h.run(adopt)
	if !h.quit {
		t.Fatalf("the program goes on after the session was kept:\n%s", h.view())
	}
	res := h.lm.Result()
	if res.Outcome != LoginKept || res.Kept.Cookie != goodCookie || !res.Kept.EndsAt.Equal(t0.Add(10*time.Hour)) {
		t.Fatalf("result %v", res)
	}
	if got := h.sess.kept(t); got != goodCookie {
		t.Fatalf("the store keeps %q", got)
	}
}

// A token, the generator's JSON or the session's details are no
// session: the screen says what is wanted, asks nothing, and waits.
func TestLoginModeRefusesWhatIsNotASession(t *testing.T) {
	tok := makeToken(t, oboClaims(), t0, time.Hour)
	details := `{"session":{"created_at":"2025-03-14T11:00:00Z","ends_at":"2025-03-14T21:00:00Z","active":true},"tokens":{"expire_at":"2025-03-14T12:30:00Z"}}`
	for _, c := range []struct{ name, paste, say string }{
		{"a token", "Bearer " + tok.Raw, "✗ that is an access token, not the login session: login needs the io.nais.wonderwall.session cookie"},
		{"the generator's JSON", generatorJSON(t, tok), "✗ that is an access token, not the login session"},
		{"the session's details", details, "✗ that is what the page shows about the session, not its cookie"},
		{"prose", "where is the cookie?", "✗ no io.nais.wonderwall.session cookie in what was given"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newLoginHarness(t, true)
			h.send(paste(c.paste))
			h.says(c.say)
			h.waiting()
			if h.sess.checker.askedCount() != 0 || strings.Contains(h.view(), "Checking") {
				t.Fatal("a check started")
			}
			// The right thing pasted next is taken.
			h.send(paste(goodCookie))
			if !h.quit || h.lm.Result().Outcome != LoginKept {
				t.Fatalf("the session pasted after was not kept:\n%s", h.view())
			}
		})
	}
}

// A session the generator rejects, or cannot be asked about, is not kept:
// the screen says why and waits for another.
func TestLoginModeRejectedSessionWaitsForAnother(t *testing.T) {
	h := newLoginHarness(t, true)
	h.send(paste(flows.SessionCookie + "=" + unknownCookie))
	h.says("✗ azure-token-generator does not accept this session (there is no such session, or it ended): log in again, then copy the cookie anew")
	h.waiting()
	if h.sess.kept(t) != "" || h.lm.Result().Problem == "" {
		t.Fatalf("kept %q, problem %q", h.sess.kept(t), h.lm.Result().Problem)
	}

	h.sess.checker.down = fmt.Errorf("azure-token-generator: %w", errBoom)
	h.send(paste(goodCookie))
	h.says("✗ could not keep the session: azure-token-generator: boom: paste it again to retry")
	h.waiting()

	h.sess.checker.down = nil
	h.send(paste(goodCookie))
	if !h.quit || h.sess.kept(t) != goodCookie {
		t.Fatalf("the good session was not kept:\n%s", h.view())
	}
}

// From the clipboard only what Pickup calls a cookie is taken: a bare
// value there is too ambiguous, and a token copied from the page gets a
// word.
func TestLoginModePicksACookieFromTheClipboard(t *testing.T) {
	h := newLoginHarness(t, true)
	h.clip.set(goodCookie) // a bare value: not taken
	h.fire(isPoll)
	h.waiting()
	h.clip.set(makeToken(t, oboClaims(), t0, time.Hour).Raw)
	h.fire(isPoll)
	h.says("✗ that is an access token, not the login session")
	h.waiting()
	h.clip.set(flows.SessionCookie + "=" + goodCookie)
	h.fire(isPoll)
	if !h.quit || h.lm.Result().Outcome != LoginKept || h.sess.kept(t) != goodCookie {
		t.Fatalf("the copied cookie was not kept:\n%s", h.view())
	}
}

// esc and q give up, ctrl+c interrupts; none keeps a session, and a check
// given up is ignored when it answers.
func TestLoginModeGivingUp(t *testing.T) {
	for key, want := range map[string]LoginOutcome{"esc": LoginGaveUp, "q": LoginGaveUp, "ctrl+c": LoginInterrupted} {
		h := newLoginHarness(t, true)
		adopt := h.update(paste(flows.SessionCookie + "=" + unknownCookie))
		h.press(key)
		if !h.quit || h.lm.Result().Outcome != want {
			t.Fatalf("%s: quit %v, result %v", key, h.quit, h.lm.Result())
		}
		h.run(adopt)
		if h.lm.Result().Outcome != want {
			t.Fatalf("%s: a late answer changed the result to %v", key, h.lm.Result())
		}
	}
}

// A paste that came as keys (no bracketed paste) is text, q and all; y
// and o alone are keys.
func TestLoginModeTypedPasteIsNotAQuit(t *testing.T) {
	h := newLoginHarness(t, false)
	if len(h.browser.opened) != 0 {
		t.Fatalf("--no-browser opened %v", h.browser.opened)
	}
	h.says("1. Open azure-token-generator's login page in a browser:")
	h.press("o")
	h.press("y")
	if len(h.browser.opened) != 1 || len(h.clip.writes) != 1 || h.clip.writes[0] != sessionLoginURL {
		t.Fatalf("o opened %v, y copied %v", h.browser.opened, h.clip.writes)
	}
	h.says("copied login URL to the system clipboard")
	const cookie = "cXVpdC1xLWluLXRoZS1taWRkbGUtb2YtaXQ"
	h.sess.checker.issue(cookie, time.Hour)
	for _, k := range keysOf(t, flows.SessionCookie+"="+cookie) {
		h.send(k)
	}
	if h.quit {
		t.Fatal("a q in the paste quit")
	}
	h.fire(isTypedDone)
	if !h.quit || h.sess.kept(t) != cookie {
		t.Fatalf("the typed paste was not kept:\n%s", h.lm.View())
	}
}

// Under OSC 52 the clipboard cannot be read: the screen asks for a paste
// and reads nothing more.
func TestLoginModeUnreadableClipboard(t *testing.T) {
	h := newLoginHarness(t, true, func(d *Deps) {
		d.Clipboard.(*fakeClipboard).readErr = fmt.Errorf("over SSH: %w", clip.ErrUnreadable)
		d.Browser.(*fakeBrowser).err = errors.New("no browser found")
	})
	h.says("Paste it here: this terminal's clipboard cannot be read.")
	h.says("could not open a browser (no browser found): press y to copy the URL")
	h.send(paste(flows.SessionCookie + "=" + unknownCookie))
	h.says("does not accept this session")
	if len(h.pending(isPoll)) != 0 || h.clip.reads != 1 {
		t.Fatalf("the clipboard was read %d times; the watch must stay off", h.clip.reads)
	}
	h.says("Paste it here")
}

// The login screen of `entratoken login`, with the session going to the
// keyring.
func TestGoldenLoginMode(t *testing.T) {
	clock := &fakeClock{t: t0}
	d := Deps{Clipboard: &fakeClipboard{text: "something copied earlier"}, Browser: &fakeBrowser{}, Clock: clock, Config: testConfig(nil)}
	newSessions().deps(&d)
	tm := teatest.NewTestModel(t, NewLogin(d, sessionLoginURL, true), teatest.WithInitialTermSize(80, 24))
	waitAll(t, tm, []string{"Watching the clipboard"})
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	requireGoldenView(t, tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View())
}
