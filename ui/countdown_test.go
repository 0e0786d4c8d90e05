package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

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
	// words is what the countdown says beside the clock. Beside the clock
	// the expiry is a time of day, not a second, differently rounded span;
	// "expired" is said once.
	steps := []struct {
		at    time.Duration // since t0
		level level
		text  string
		words string
	}{
		{0, levelFresh, "expires 12:10:00", ""},
		{4*time.Minute + 2*time.Second, levelFresh, "expires 12:10:00", ""},
		{5*time.Minute + time.Second, levelWarn, "expires 12:10:00", "(under 5 min)"},
		{9*time.Minute + time.Second, levelDanger, "expires 12:10:00", "(under 1 min)"},
		{10 * time.Minute, levelExpired, "expired 12:10:00 (now)", ""},
		{12 * time.Minute, levelExpired, "expired 12:10:00 (2 min ago)", ""},
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
			if strings.Contains(v, "expires 12:10:00 (") || strings.Count(v, "expired") > 1 {
				t.Errorf("%dx%d at +%v: a second span beside the clock, or expired twice:\n%s", size.Width, size.Height, s.at, v)
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

func TestClockAndLocalTime(t *testing.T) {
	if got := clockString(time.Hour + 2*time.Minute + 3*time.Second + 900*time.Millisecond); got != "1:02:03" {
		t.Errorf("clockString = %q", got)
	}
	if got := localTime(t0.Add(-48*time.Hour), t0); got != "2025-03-12 12:00" {
		t.Errorf("localTime of another day = %q", got)
	}
}
