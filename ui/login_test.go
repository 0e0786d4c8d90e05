package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/flows"
)

const loginURL = "https://azure-token-generator.intern.dev.nav.no/api/obo?aud=dev-gcp:team-user:profile-api"

// notLoggedIn answers OBO without a session (or with a rejected one) the
// way the broker does, and with a token once the session is good.
func notLoggedIn(h *harness, good string) {
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		switch req.Session {
		case "":
			return flows.Result{}, &flows.NotLoggedInError{LoginURL: loginURL}
		case good:
			return flows.Result{Request: req, Token: makeToken(h.t, oboClaims(), h.clock.Now(), time.Hour)}, nil
		}
		return flows.Result{}, &flows.NotLoggedInError{LoginURL: loginURL, Rejected: true}
	}
}

func isPoll(m tea.Msg) bool { _, ok := m.(pollDueMsg); return ok }

func generatorJSON(t *testing.T, tok *flows.Token) string {
	b, err := json.MarshalIndent(map[string]any{"access_token": tok.Raw, "expires_in": 3899}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoginOpensBrowserAndPicksUpCopiedJSON(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good-session")
	earlier := makeToken(t, oboClaims(), t0.Add(-time.Hour), time.Hour)
	h.clip.set(generatorJSON(t, earlier)) // on the clipboard before: not taken
	h.press("down", "enter")
	h.wantScreen("login")
	if len(h.browser.opened) != 1 || h.browser.opened[0] != loginURL {
		t.Fatalf("browser opened %v", h.browser.opened)
	}
	if !strings.Contains(h.view(), "Watching the clipboard") {
		t.Fatalf("login view:\n%s", h.view())
	}
	polls := h.pending(isPoll)
	if len(polls) != 1 || polls[0].d != pollEvery || pollEvery > 500*time.Millisecond {
		t.Fatalf("clipboard polls %v", polls)
	}
	h.fire(isPoll) // unchanged clipboard: still on the login screen
	h.wantScreen("login")
	h.clip.set("https://example.com/not-a-token")
	h.fire(isPoll)
	h.wantScreen("login")
	fresh := makeToken(t, oboClaims(), t0, time.Hour)
	h.clip.set(generatorJSON(t, fresh))
	h.fire(isPoll)
	h.wantScreen("token")
	if h.m.token.res.Token.Raw != fresh.Raw || !h.m.token.pasted {
		t.Fatalf("showing %q from %s", h.m.token.res.Token.Raw[:20], h.m.token.source)
	}
	if n := h.fire(isPoll); n != 0 || h.clip.reads != 4 {
		t.Fatalf("clipboard read %d times; watching must stop with the screen", h.clip.reads)
	}
}

func TestLoginPastedSessionIsKeptAndUsed(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good-session-value-0123456789")
	h.press("down", "enter")
	h.send(paste(flows.SessionCookie + "=good-session-value-0123456789"))
	h.wantScreen("token")
	if got := h.tokens.lastCall(t).req.Session; got != "good-session-value-0123456789" {
		t.Fatalf("rerun with session %q", got)
	}
	// The next OBO token needs no browser.
	h.press("esc", "o")
	h.wantScreen("token")
	if len(h.browser.opened) != 1 {
		t.Fatalf("browser opened %d times", len(h.browser.opened))
	}
	if !strings.Contains(h.view(), "generator session") {
		t.Error("the title does not show that a session is held")
	}
}

func TestLoginBareCookiePasteAndBadPaste(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "bare-cookie-value-0123456789")
	h.press("down", "enter")
	h.send(paste("{\"oops\": true"))
	if !strings.Contains(h.view(), "✗ the JSON is incomplete or malformed") {
		t.Fatalf("no paste error:\n%s", h.view())
	}
	h.send(paste("bare-cookie-value-0123456789"))
	h.wantScreen("token")
}

func TestRejectedSessionIsForgotten(t *testing.T) {
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Session = "expired-session-0123456789" })
	notLoggedIn(h, "good")
	h.press("down", "enter")
	h.wantScreen("login")
	if !strings.Contains(strings.Join(strings.Fields(h.view()), " "), "session was rejected (expired?): log in again to get an OBO token for dev-gcp:team-user:profile-api") {
		t.Fatalf("login view:\n%s", h.view())
	}
	if h.m.sess.cookie != "" {
		t.Fatal("the rejected session is still held")
	}
}

func TestLoginKeys(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good")
	h.browser.err = errors.New("no browser found")
	h.press("down", "enter")
	if !strings.Contains(h.view(), "could not open a browser (no browser found)") {
		t.Fatalf("browser error not shown:\n%s", h.view())
	}
	// Pasting needs no key: the screen says so, the help offers none.
	if v := h.view(); strings.Contains(v, "ctrl+v") || strings.Contains(v, "paste JSON") || !strings.Contains(v, "Pasting it here works too") {
		t.Fatalf("login help:\n%s", v)
	}
	h.press("y")
	if len(h.clip.writes) != 1 || h.clip.writes[0] != loginURL {
		t.Fatalf("y copied %v", h.clip.writes)
	}
	h.press("o")
	if len(h.browser.opened) != 2 {
		t.Fatalf("o opened %d times in all", len(h.browser.opened))
	}
	h.press("esc")
	h.wantScreen("targets")
	if h.fire(isPoll); h.clip.reads != 1 {
		t.Fatalf("clipboard read %d times after leaving", h.clip.reads)
	}
}

func TestUnreadableClipboardAsksForPaste(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good")
	h.clip.readErr = fmt.Errorf("over SSH: %w", clip.ErrUnreadable)
	h.press("down", "enter")
	if !strings.Contains(h.view(), "Paste it here") || strings.Contains(h.view(), "Watching") {
		t.Fatalf("login view:\n%s", h.view())
	}
	if len(h.pending(isPoll)) != 0 {
		t.Fatal("still polling an unreadable clipboard")
	}
	h.send(paste(generatorJSON(t, makeToken(t, oboClaims(), t0, time.Hour))))
	h.wantScreen("token")
}

// A failing read that is not OSC 52 (xclip exits 1 on an empty clipboard
// or an image) is no news: the watch goes on and takes what comes next.
func TestClipboardReadErrorKeepsWatching(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good")
	h.clip.readErr = errors.New("xclip: exit status 1")
	h.press("down", "enter")
	for range 2 {
		if !strings.Contains(h.view(), "Watching the clipboard") || len(h.pending(isPoll)) != 1 {
			t.Fatalf("the watch stopped after a read error:\n%s", h.view())
		}
		h.fire(isPoll)
	}
	h.clip.mu.Lock()
	h.clip.readErr = nil
	h.clip.mu.Unlock()
	h.clip.set(generatorJSON(t, makeToken(t, oboClaims(), t0, time.Hour)))
	h.fire(isPoll)
	h.wantScreen("token")
}

// A pasted token is noted like a fetched one, so the list shows its time
// left; one of the wrong kind or past its expiry gets a warning.
func TestPastedTokenIsNotedAndChecked(t *testing.T) {
	tests := []struct {
		name   string
		tok    func(t *testing.T) *flows.Token
		warn   string
		listed string
	}{
		{"a good OBO token", func(t *testing.T) *flows.Token { return makeToken(t, oboClaims(), t0.Add(-10*time.Minute), time.Hour) },
			"", "OBO 50 min left"},
		{"an app token", func(t *testing.T) *flows.Token { return makeToken(t, m2mClaims(), t0, time.Hour) },
			"the pasted token is an app token, not OBO (no user): log in again", ""},
		{"an expired token", func(t *testing.T) *flows.Token { return makeToken(t, oboClaims(), t0.Add(-63*time.Minute), time.Hour) },
			"the pasted token expired 3 min ago: log in again", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			notLoggedIn(h, "good")
			h.press("down", "enter")
			h.send(paste(generatorJSON(t, tt.tok(t))))
			h.wantScreen("token")
			h.fire(isFade)
			v := h.view()
			if tt.warn != "" && !strings.Contains(v, tt.warn) {
				t.Fatalf("no warning %q:\n%s", tt.warn, v)
			}
			if tt.warn == "" && strings.Contains(v, "the pasted token") {
				t.Fatalf("a warning for a good token:\n%s", v)
			}
			h.press("esc")
			v = h.view()
			if tt.listed != "" && !strings.Contains(v, tt.listed) {
				t.Fatalf("the list lacks %q:\n%s", tt.listed, v)
			}
			if tt.listed == "" && strings.Contains(v, "left") {
				t.Fatalf("the list shows a time left:\n%s", v)
			}
		})
	}
}
