package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
)

func TestHelpToggle(t *testing.T) {
	h := newHarness(t, demoTargets())
	if strings.Contains(h.view(), "q quit") {
		t.Fatal("short help shows the full list")
	}
	h.press("?")
	if !strings.Contains(h.view(), "q quit") || !strings.Contains(h.view(), "↓/j down") {
		t.Fatalf("full help missing:\n%s", h.view())
	}
}

func TestHelpHidesKeysThatDoNothing(t *testing.T) {
	h := newHarness(t, nil)
	v := h.view()
	for _, absent := range []string{"enter run", "e edit", "d delete", "/ filter"} {
		if strings.Contains(v, absent) {
			t.Errorf("empty list's help shows %q", absent)
		}
	}
	h.press("e", "d", "enter", "o", "m")
	h.wantScreen("targets")
	if len(h.tokens.calls) != 0 {
		t.Fatal("a key ran a flow on an empty list")
	}
	h.press("a")
	h.wantScreen("form")
}

// At 60 columns the help bar drops its less useful keys rather than cutting
// off the ones that say how to go back, see more and quit.
func TestNarrowHelpKeepsEscAndMore(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		if req.Flow == flows.OBO {
			return flows.Result{}, accessError()
		}
		return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), h.clock.Now(), time.Hour)}, nil
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	bar := func(screen string, wants ...string) {
		t.Helper()
		lines := strings.Split(h.view(), "\n")
		last := lines[len(lines)-1]
		if strings.Contains(last, "…") || lipgloss.Width(last) > 60 {
			t.Errorf("%s: help bar cut off: %q", screen, last)
		}
		for _, want := range wants {
			if !strings.Contains(last, want) {
				t.Errorf("%s: help bar %q lacks %q", screen, last, want)
			}
		}
	}
	bar("targets", "enter run", "/ filter", "? more")
	h.press("/")
	h.typeText("pay")
	h.press("enter")
	bar("filtered targets", "enter run", "esc clear filter", "? more")
	h.press("enter")
	bar("token", "c copy", "r refresh", "esc back", "? more")
	h.press("?")
	if v := h.view(); !strings.Contains(v, "b bearer") || !strings.Contains(v, "y copy claims") {
		t.Errorf("full help lacks the dropped keys:\n%s", v)
	}
	h.press("esc", "esc", "a", "tab", "tab", "tab")
	bar("form on a choice field", "tab/enter next", "←/→ change", "ctrl+s save", "esc cancel")
	h.press("esc", "down", "down", "enter")
	h.wantScreen("chooser")
	bar("chooser", "o OBO", "m M2M", "enter choose", "esc back", "? more", "q quit")
	h.press("esc", "up", "o")
	h.wantScreen("error")
	bar("error", "r retry", "y copy YAML", "esc back", "q quit")
}
