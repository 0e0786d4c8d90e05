package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

func isClear(m tea.Msg) bool { _, ok := m.(clearClipMsg); return ok }
func isFade(m tea.Msg) bool  { _, ok := m.(statusFadeMsg); return ok }

func TestTokenCopyKeys(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	raw := h.m.token.res.Token.Raw
	tests := []struct {
		key, want, status string
	}{
		{"c", raw, "copied token to the system clipboard; clipboard clears in 60 s"},
		{"b", "Authorization: Bearer " + raw, "copied Authorization header to the system clipboard; clipboard clears in 60 s"},
		{"j", h.m.token.res.Token.ClaimsJSON(), "copied claims as JSON to the system clipboard"},
	}
	for _, tt := range tests {
		h.press(tt.key)
		if got := h.clip.writes[len(h.clip.writes)-1]; got != tt.want {
			t.Errorf("%s copied %.40q", tt.key, got)
		}
		if !strings.Contains(h.view(), tt.status) {
			t.Errorf("%s: status line lacks %q:\n%s", tt.key, tt.status, h.view())
		}
	}
	var claims map[string]any
	if err := json.Unmarshal([]byte(h.clip.writes[2]), &claims); err != nil || claims["idtyp"] != "app" {
		t.Fatalf("claims JSON %v, %v", claims, err)
	}
	// The status fades; the clear of the older copy (b) is superseded by
	// nothing, so it still clears — but only what is still ours.
	h.fire(isFade)
	if strings.Contains(h.view(), "copied") {
		t.Fatal("status did not fade")
	}
	clears := h.pending(isClear)
	if len(clears) != 2 || clears[0].d != 60*time.Second {
		t.Fatalf("clipboard clears scheduled: %v", clears)
	}
	h.fire(isClear)
	if len(h.clip.clears) != 1 || h.clip.clears[0] != "Authorization: Bearer "+raw {
		t.Fatalf("cleared %v; want only the last secret copy", h.clip.clears)
	}
}

func TestQuitClearsAPendingCopy(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "c", "q")
	if !h.quit || len(h.clip.clears) != 1 || h.clip.clears[0] != h.m.token.res.Token.Raw {
		t.Fatalf("quit=%v clears=%d", h.quit, len(h.clip.clears))
	}
}

func TestNoClearWhenDisabled(t *testing.T) {
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Config.ClipboardClear = 0 })
	h.press("enter", "c")
	if len(h.pending(isClear)) != 0 || strings.Contains(h.view(), "clears") {
		t.Fatal("a clear was promised though ClipboardClear is 0")
	}
}

func TestTokenRefreshRevealBack(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	raw := h.m.token.res.Token.Raw
	if strings.Contains(h.view(), raw[20:60]) {
		t.Fatal("the token is shown unmasked")
	}
	h.press("v")
	if !strings.Contains(strings.ReplaceAll(h.view(), "\n", ""), raw[20:60]) {
		t.Fatalf("v did not reveal:\n%s", h.view())
	}
	h.press("v")
	if strings.Contains(h.view(), raw[20:60]) {
		t.Fatal("v did not mask again")
	}
	h.press("r")
	if req := h.tokens.lastCall(t).req; !req.Fresh || req.Flow != flows.M2M || req.Via != flows.ViaTexas {
		t.Fatalf("r asked %+v", req)
	}
	h.wantScreen("token")
	h.press("esc")
	h.wantScreen("targets")
}

func TestClaimsScroll(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	if strings.Contains(h.view(), "AbCdEfGhIjKlMnOpQrStUv") {
		t.Fatal("uti fits already; the test needs a longer table")
	}
	if !strings.Contains(h.view(), "↑/↓ pgup/pgdn scroll · 0%") {
		t.Fatalf("no scroll hint:\n%s", h.view())
	}
	h.press("?")
	if !strings.Contains(h.view(), "scroll down") || strings.Contains(h.view(), "scroll up") {
		t.Fatalf("full help should offer only scrolling down:\n%s", h.view())
	}
	for range 30 {
		h.press("down")
	}
	if !strings.Contains(h.view(), "AbCdEfGhIjKlMnOpQrStUv") {
		t.Fatalf("scrolling did not reach uti:\n%s", h.view())
	}
	// j copies the claims, so k does not scroll either: only ↑/↓/pgup/
	// pgdn/space do, as the help says.
	at := h.m.token.vp.YOffset
	h.press("k")
	if h.m.token.vp.YOffset != at {
		t.Fatal("k scrolled")
	}
	h.press("up")
	if h.m.token.vp.YOffset != at-1 {
		t.Fatal("↑ did not scroll up")
	}
	if v := h.view(); !strings.Contains(v, "↑/pgup ") || !strings.Contains(v, "↓/pgdn/space ") {
		t.Fatalf("full help does not name the scroll keys:\n%s", v)
	}
}

func TestTimesAreLocalAndRelative(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	h.clock.advance(2 * time.Minute)
	h.tick(0)
	h.press("pgdown", "pgdown")
	v := h.view()
	for _, want := range []string{"12:00:00 (2 min ago)", "13:00:00 (in 58 min)"} {
		if !strings.Contains(v, want) {
			t.Errorf("claims lack %q:\n%s", want, v)
		}
	}
}

// The claims table is drawn again only when its text changes: its times
// are to the minute, so a one-second tick redraws only the countdown.
func TestClaimsTableRedrawsOncePerMinute(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "pgdown", "pgdown")
	if !strings.Contains(h.view(), "12:00:00 (under a minute ago)") {
		t.Fatalf("iat right after the fetch:\n%s", h.view())
	}
	h.tick(time.Second) // exp turns from "in 60 min" to "in 59 min"
	drawn, frame := h.m.token.tableKey, h.view()
	for range 58 {
		h.tick(time.Second)
		if h.m.token.tableKey != drawn {
			t.Fatalf("table redrawn at %v", h.clock.Now().Sub(t0))
		}
	}
	if h.view() == frame {
		t.Fatal("the countdown did not move")
	}
	h.tick(time.Second)
	if h.m.token.tableKey == drawn || !strings.Contains(h.view(), "12:00:00 (1 min ago)") {
		t.Fatalf("a minute on, the table still reads:\n%s", h.view())
	}
}

func TestCountdownThresholds(t *testing.T) {
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Config.AutoRefresh = false })
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), t0, 10*time.Minute)}, nil
	}
	h.press("enter")
	// The level is also said in words, for NO_COLOR and everyone else:
	// words is what the countdown says beside the clock.
	steps := []struct {
		at    time.Duration // since t0
		level level
		text  string
		words string
	}{
		{0, levelFresh, "expires 12:10:00 (in 10 min)", ""},
		{5*time.Minute - time.Second, levelFresh, "in 5 min", ""},
		{5*time.Minute + time.Second, levelWarn, "in 4 min", "(under 5 min)"},
		{9*time.Minute + time.Second, levelDanger, "in 59 s", "(under 1 min)"},
		{10 * time.Minute, levelExpired, "expired 12:10:00 (now)", "expired"},
		{12 * time.Minute, levelExpired, "expired 12:10:00 (2 min ago)", "expired"},
	}
	for _, size := range []tea.WindowSizeMsg{{Width: 80, Height: 24}, {Width: 60, Height: 20}} {
		h.send(size)
		for _, s := range steps {
			h.clock.advance(t0.Add(s.at).Sub(h.clock.Now()))
			h.tick(0)
			left := h.m.token.res.Token.TimeLeft(h.m.now)
			if got := levelOf(left); got != s.level {
				t.Errorf("at +%v: level %v, want %v", s.at, got, s.level)
			}
			v := h.view()
			if !strings.Contains(v, s.text) || (s.words != "" && !strings.Contains(v, s.words)) {
				t.Errorf("%dx%d at +%v: view lacks %q or %q:\n%s", size.Width, size.Height, s.at, s.text, s.words, v)
			}
			if !strings.Contains(v, "token eyJ") {
				t.Errorf("%dx%d at +%v: the countdown pushed the token line off:\n%s", size.Width, size.Height, s.at, v)
			}
			if s.words == "" && strings.Contains(v, "(under ") {
				t.Errorf("at +%v: a fresh token is called urgent:\n%s", s.at, v)
			}
		}
	}
}

func TestCountdownTicksOnlyOnTokenScreen(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	h.clock.advance(300 * time.Millisecond)
	h.tick(0)
	ticks := h.pending(isTick)
	if len(ticks) != 1 || ticks[0].d != 700*time.Millisecond+5*time.Millisecond {
		t.Fatalf("next tick %v; want it on the next whole second", ticks)
	}
	h.press("esc")
	h.tick(time.Second)
	for _, tm := range h.pending(isTick) {
		if tm.d != badgeTick { // the list's slow tick for "n min left" only
			t.Fatalf("ticking every %v after leaving the token screen", tm.d)
		}
	}
}

func TestAutoRefresh(t *testing.T) {
	tests := []struct {
		name  string
		auto  bool
		keys  []string
		fires bool
	}{
		{"M2M with auto-refresh", true, []string{"enter"}, true},
		{"M2M with auto-refresh off", false, []string{"enter"}, false},
		{"OBO is never refreshed", true, []string{"down", "enter"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demoTargets(), func(d *Deps) { d.Config.AutoRefresh = tt.auto; d.Session = "session-0123456789" })
			h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
				return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), h.clock.Now(), 10*time.Minute)}, nil
			}
			h.press(tt.keys...)
			first := h.m.token.res.Token.Raw
			h.clock.advance(5*time.Minute - time.Second) // margin is 5 min: not yet
			h.tick(0)
			if len(h.tokens.calls) != 1 {
				t.Fatal("refreshed before crossing the margin")
			}
			h.clock.advance(2 * time.Second)
			h.tick(0)
			if !tt.fires {
				if len(h.tokens.calls) != 1 {
					t.Fatalf("refreshed: %+v", h.tokens.lastCall(t).req)
				}
				return
			}
			if len(h.tokens.calls) != 2 || !h.tokens.lastCall(t).req.Fresh {
				t.Fatalf("no fresh Get on crossing the margin (%d calls)", len(h.tokens.calls))
			}
			h.wantScreen("token")
			if h.m.token.res.Token.Raw == first || !strings.Contains(h.view(), "refreshed automatically") {
				t.Fatalf("token not replaced:\n%s", h.view())
			}
			h.clock.advance(time.Second)
			h.tick(0)
			if len(h.tokens.calls) != 2 {
				t.Fatal("refreshed again")
			}
		})
	}
}

func TestRelativeWords(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{58*time.Minute + 12*time.Second, "in 58 min"},
		{-3 * time.Minute, "3 min ago"},
		{45 * time.Second, "in 45 s"},
		{2 * time.Second, "now"},
		{3*time.Hour + 10*time.Minute, "in 3 h 10 min"},
		{-72 * time.Hour, "3 days ago"},
	}
	for _, tt := range tests {
		if got := relative(t0.Add(tt.d), t0); got != tt.want {
			t.Errorf("relative(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	if got := clockString(time.Hour + 2*time.Minute + 3*time.Second + 900*time.Millisecond); got != "1:02:03" {
		t.Errorf("clockString = %q", got)
	}
	if got := localTime(t0.Add(-48*time.Hour), t0); got != "2025-03-12 12:00" {
		t.Errorf("localTime of another day = %q", got)
	}
}

// A failed auto-refresh keeps the still-valid token on screen and says why
// in the status line, redacted, until the user acts; a failed manual
// refresh (r) shows the error screen.
func TestAutoRefreshFailureKeepsTheToken(t *testing.T) {
	const session = "c2Vzc2lvbi1jb29raWUtdmFsdWUtdGhhdC1pcy1zZWNyZXQ"
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Session = session })
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), h.clock.Now(), 10*time.Minute)}, nil
	}
	h.press("enter")
	first := h.m.token.res.Token.Raw
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) {
		return flows.Result{}, errors.New("Texas echoed " + first + " and " + session)
	}
	h.clock.advance(5*time.Minute + time.Second)
	h.tick(0)
	if len(h.tokens.calls) != 2 {
		t.Fatalf("%d calls; want the auto-refresh", len(h.tokens.calls))
	}
	h.wantScreen("token")
	h.fire(isFade)
	v := h.view()
	if h.m.token.res.Token.Raw != first || !strings.Contains(v, "auto-refresh failed (r tries again): Texas echoed [token redacted]") {
		t.Fatalf("after a failed auto-refresh:\n%s", v)
	}
	if strings.Contains(v, session) || strings.Contains(v, first[:40]) {
		t.Fatalf("a secret in the status line:\n%s", v)
	}
	h.press("esc")
	if strings.Contains(h.view(), "auto-refresh failed") {
		t.Fatal("the held status outlived its screen")
	}
	h.tokens.respond = nil
	h.press("enter")
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) { return flows.Result{}, errBoom }
	h.press("r")
	h.wantScreen("error")
}
