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

func isFade(m tea.Msg) bool { _, ok := m.(statusFadeMsg); return ok }

func TestTokenCopyKeys(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	raw := h.m.token.res.Token.Raw
	tests := []struct {
		key, want, status string
	}{
		{"c", raw, "copied token to the system clipboard; clipboard clears in 60 s"},
		{"b", "Authorization: Bearer " + raw, "copied Authorization header to the system clipboard; clipboard clears in 60 s"},
		{"y", h.m.token.res.Token.ClaimsJSON(), "copied claims as JSON to the system clipboard"},
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
	if len(clears) != 2 || clears[0].d != clearStep {
		t.Fatalf("clipboard clears scheduled: %v", clears)
	}
	h.clock.advance(time.Minute)
	h.fire(isClear)
	if len(h.clip.clears) != 1 || h.clip.clears[0] != "Authorization: Bearer "+raw {
		t.Fatalf("cleared %v; want only the last secret copy", h.clip.clears)
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
	// j and k move here as they do on the list and the error screen; they
	// copy nothing.
	at := h.m.token.vp.YOffset
	writes := len(h.clip.writes)
	h.press("k")
	if h.m.token.vp.YOffset != at-1 {
		t.Fatal("k did not scroll up")
	}
	h.press("up")
	if h.m.token.vp.YOffset != at-2 {
		t.Fatal("↑ did not scroll up")
	}
	h.press("j")
	if h.m.token.vp.YOffset != at-1 || len(h.clip.writes) != writes {
		t.Fatalf("j: offset %d, %d copies; want one line down and no copy", h.m.token.vp.YOffset, len(h.clip.writes)-writes)
	}
	if v := h.view(); !strings.Contains(v, "↑/k/pgup ") || !strings.Contains(v, "↓/j/pgdn/space ") {
		t.Fatalf("full help does not name the scroll keys:\n%s", v)
	}
}

func TestTimesAreLocalAndRelative(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	h.clock.advance(2 * time.Minute)
	h.tick(0)
	h.press("pgdown", "pgdown", "down")
	v := h.view()
	for _, want := range []string{"12:00:00 (2 min ago)", "13:00:00 (in 58 min)"} {
		if !strings.Contains(v, want) {
			t.Errorf("claims lack %q:\n%s", want, v)
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
		{"OBO through the session", true, []string{"down", "enter"}, true},
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

// Claim values break at their spaces, or inside a word wider than the
// column: after a hyphen, slash or colon that leaves the line at least half
// full, else at the column's edge. Never a lone "-".
func TestWrapValue(t *testing.T) {
	tests := []struct {
		v     string
		width int
		want  []string
	}{
		{"5d5bc7c1-9c4c-4b7e-9d0e-0a8c1f3e4b2a", 33, []string{"5d5bc7c1-9c4c-4b7e-9d0e-", "0a8c1f3e4b2a"}},
		{"dev-gcp:nais:azure-token-generator", 33, []string{"dev-gcp:nais:azure-token-", "generator"}},
		{"AWQAm8ZAAAAabcdefghijklmnopqrstuvwx", 16, []string{"AWQAm8ZAAAAabcde", "fghijklmnopqrstu", "vwx"}},
		{"dvxvOmuzb_eyuaCg63C-ujmf4LhVCyUOcSBF4E2jY9TQxvzAHrG4kUlkh-uaUmmD1lBehrUpRu6959Jx", 37,
			[]string{"dvxvOmuzb_eyuaCg63C-", "ujmf4LhVCyUOcSBF4E2jY9TQxvzAHrG4kUlkh", "-uaUmmD1lBehrUpRu6959Jx"}},
		{"Ab-cdefghijklmnopqrstuvw", 10, []string{"Ab-cdefghi", "jklmnopqrs", "tuvw"}}, // a hyphen too early to break at
		{"c8e2a6b4-1f3d-4e5a-9b7c-0d1e2f3a4b5c, 7d9f1b3e-5a7c-4e9b-8d0f-2a4c6e8b0d1f", 30,
			[]string{"c8e2a6b4-1f3d-4e5a-9b7c-", "0d1e2f3a4b5c,", "7d9f1b3e-5a7c-4e9b-8d0f-", "2a4c6e8b0d1f"}},
		{"defaultaccess access_as_user", 20, []string{"defaultaccess", "access_as_user"}},
		{"app", 20, []string{"app"}},
		{"東京都-渋谷区", 3, []string{"東", "京", "都-", "渋", "谷", "区"}}, // two cells a rune
		{"ab", 0, []string{"a", "b"}},
	}
	for _, tt := range tests {
		got := strings.Split(wrapValue(tt.v, tt.width), "\n")
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapValue(%q, %d) = %q, want %q", tt.v, tt.width, got, tt.want)
		}
	}
	// Whatever the width, no line is wider than it or a lone "-", and the
	// value's characters all survive.
	v := "Gr_qhX9UvqtkEfyRMKO-qvZrcyhygzmA6TYOJ52zNU-6EUFsPvS-BM8eJFIJxAALz8XLgw3vJ0yOn-AP"
	for w := 10; w <= 50; w++ {
		lines := strings.Split(wrapValue(v, w), "\n")
		for _, l := range lines {
			if len(l) > w || l == "-" || l == "" {
				t.Fatalf("width %d: line %q in %q", w, l, lines)
			}
		}
		if strings.Join(lines, "") != v {
			t.Fatalf("width %d lost characters: %q", w, lines)
		}
	}
}
