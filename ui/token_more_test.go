package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// An expired token is not copied on the first press: the status line says
// so and how to get a fresh one; the same key again copies it anyway.
func TestExpiredTokenCopiesOnSecondPress(t *testing.T) {
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Config.AutoRefresh = false })
	h.press("enter")
	h.clock.advance(61 * time.Minute)
	h.tick(0)
	h.press("c")
	if len(h.clip.writes) != 0 {
		t.Fatal("an expired token was copied on the first press")
	}
	if v := h.view(); !strings.Contains(v, "the token has expired: r gets a fresh one; press c again") {
		t.Fatalf("no warning:\n%s", v)
	}
	h.press("b", "c") // another key in between: c asks again
	if len(h.clip.writes) != 0 {
		t.Fatal("copied after another key")
	}
	h.press("c")
	if len(h.clip.writes) != 1 || h.clip.writes[0] != h.m.token.res.Token.Raw {
		t.Fatalf("the second c copied %d", len(h.clip.writes))
	}
}

// r says a new token arrived, and the masked token shows the end of the
// signature, which differs from the last token's; the header (its start)
// is the same for every token.
func TestRefreshSaysANewTokenCame(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	before := lineWith(t, h.view(), "token eyJ")
	h.clock.advance(10 * time.Minute)
	h.press("r")
	v := h.view()
	if !strings.Contains(v, "new token, expires 13:10:00") {
		t.Fatalf("no news of the new token:\n%s", v)
	}
	after := lineWith(t, v, "token eyJ")
	if before == after {
		t.Fatalf("the masked token reads the same for a new token: %q", after)
	}
	if tail := h.m.token.res.Token.Raw[len(h.m.token.res.Token.Raw)-6:]; !strings.Contains(after, tail) {
		t.Fatalf("the masked token %q lacks the signature's end %q", after, tail)
	}
}

func lineWith(t *testing.T, view, s string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, s) {
			return strings.TrimSpace(l)
		}
	}
	t.Fatalf("no line with %q:\n%s", s, view)
	return ""
}

// At 60 columns the token line drops whole parts instead of being cut in
// the middle of a word.
func TestTokenLineFitsWhole(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.press("enter")
	line := lineWith(t, h.view(), "token eyJ")
	if strings.Contains(line, "…") || !strings.HasSuffix(line, "characters") && !strings.HasSuffix(line, "reveals") && !strings.HasSuffix(line, "copies") {
		t.Fatalf("token line at 60 columns: %q", line)
	}
}

// The countdown and the words agree: both count whole units down, as a
// clock does, and the claims table says the same minutes as the clock.
func TestCountdownAndWordsAgree(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), t0, 5*time.Minute+58*time.Second)}, nil
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20}) // the clock in digits, on one line
	h.press("enter")
	v := h.view()
	if !strings.Contains(v, "0:05:58") || strings.Contains(v, "6 min") {
		t.Fatalf("clock and words:\n%s", v)
	}
	if got := tableWhen(h.m.token.res.Token.ExpiresAt, h.m.now); got != "12:05:58 (in 5 min)" {
		t.Fatalf("the claims table says %q", got)
	}
}
