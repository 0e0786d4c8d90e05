package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// On a wide terminal the content keeps a readable width on the left, so a
// row's cache badge sits next to its name, not 150 columns away.
func TestWideWindowKeepsTheContentTogether(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 200, Height: 50})
	h.press("enter", "esc") // a cached M2M token for payments-api
	row := lineWith(t, h.view(), "payments-api")
	if !strings.Contains(row, "M2M 60 min left") || lipgloss.Width(row) > maxContentWidth+2 {
		t.Fatalf("row at 200 columns is %d wide: %q", lipgloss.Width(row), row)
	}
}

// At 40×12 the "too small" message is wrapped, not cut.
func TestTooSmallSaysSoWhole(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 40, Height: 12})
	v := h.view()
	for _, l := range strings.Split(v, "\n") {
		if lipgloss.Width(l) > 40 {
			t.Fatalf("a line of %d at 40 columns: %q", lipgloss.Width(l), l)
		}
	}
	if got := strings.Join(strings.Fields(v), " "); got != "make the window at least 60×20 (it is 40×12)" {
		t.Fatalf("says %q", got)
	}
}

// At 60 columns a row with two badges keeps two spaces between name and
// badge: where it runs goes first, then the second badge.
func TestListBadgeNeverRunsIntoTheName(t *testing.T) {
	long := config.SavedTarget{Target: target("dev-gcp:team-payments-and-refunds:payments-reconciliation-api"), Flow: flows.M2M}
	h := newHarness(t, []config.SavedTarget{long}, func(d *Deps) { d.Session = "demo-session-0123456789" })
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.press("enter", "esc", "o", "esc")
	row := lineWith(t, h.view(), "payments-reconciliation-api")
	if !strings.Contains(row, "payments-reconciliation-api  ") || !strings.Contains(row, "M2M 60 min left") || strings.Contains(row, "…") {
		t.Fatalf("row at 60 columns: %q", row)
	}
}

// The login URL breaks after its separators, never inside a word.
func TestLoginURLBreaksAtSeparators(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	notLoggedIn(h, "good")
	h.press("down", "enter")
	h.wantScreen("login")
	lines := wrapURL(loginURL, 60-2-3)
	if len(lines) < 2 || strings.Join(lines, "") != loginURL {
		t.Fatalf("wrapped %q", lines)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.ContainsAny(l[len(l)-1:], "/?&=:") {
			t.Fatalf("the URL breaks inside a word: %q", lines)
		}
	}
	shown := map[string]bool{}
	for _, l := range strings.Split(ansi.Strip(h.view()), "\n") {
		shown[strings.TrimSpace(l)] = true
	}
	for _, l := range lines {
		if !shown[l] {
			t.Fatalf("the login screen does not show the URL line %q:\n%s", l, ansi.Strip(h.view()))
		}
	}
}

// Error text wraps at spaces; a target name stays whole.
func TestErrorKeepsTargetNamesWhole(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) {
		return flows.Result{}, &flows.OAuthError{Service: "azure-token-generator", Status: 400, Code: "invalid_grant", AADSTS: 501051,
			Description: "AADSTS501051: Application 'c16145f1-3504-5434-b195-1a9f0d804ddb'(dev-gcp:nais:azure-token-generator) is not assigned to a role for the application 'api://dev-gcp.sandbox.no-access/.default'(dev-gcp:sandbox:no-access)."}
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 30})
	h.press("enter")
	h.wantScreen("error")
	v := h.view()
	for _, whole := range []string{"(dev-gcp:sandbox:no-access)", "(dev-gcp:nais:azure-token-generator)", "dev-gcp:team-pay:payments-api"} {
		if !strings.Contains(v, whole) {
			t.Errorf("%q is broken:\n%s", whole, v)
		}
	}
	if strings.Contains(v, "dev-\n") || strings.Contains(v, "token-\n") {
		t.Errorf("broken after a hyphen:\n%s", v)
	}
}

// The filter's prompt and cursor are the theme's, not Bubbles' defaults.
func TestFilterPromptIsInTheTheme(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("/")
	in := h.m.targets.list.FilterInput
	if in.PromptStyle.GetForeground() != colAccent || in.Cursor.Style.GetTransform() == nil {
		t.Fatalf("filter prompt %v, cursor transform %v", in.PromptStyle.GetForeground(), in.Cursor.Style.GetTransform() != nil)
	}
}

// At 60×20 what the login screen and a pasted token say is wrapped whole:
// the browser's failure, the header's audience verdict and the warning
// about another app's token with what to do about it.
func TestSixtyColumnsCutsNoWarning(t *testing.T) {
	fits := func(t *testing.T, v string) string {
		t.Helper()
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > 60 {
				t.Fatalf("a line of %d at 60 columns: %q", lipgloss.Width(l), l)
			}
		}
		return strings.Join(strings.Fields(ansi.Strip(v)), " ")
	}
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.press("down", "enter") // an OBO token for profile-api: its client ID is known
	h.wantScreen("token")
	h.press("esc")
	notLoggedIn(h, "good")
	h.browser.err = errors.New("exit status 3")
	h.press("o")
	h.wantScreen("login")
	if flat := fits(t, h.view()); !strings.Contains(flat, "could not open a browser (exit status 3): press y to copy the URL") {
		t.Fatalf("the browser's failure is cut:\n%s", h.view())
	}
	h.send(paste(generatorJSON(t, makeToken(t, withAud("0c1d2e3f-aaaa-4bbb-8ccc-123456789abc"), t0, time.Hour))))
	h.wantScreen("token")
	flat := fits(t, h.view())
	if head := lineWith(t, h.view(), "profile-api"); strings.Contains(head, "…") || !strings.Contains(head, "browser, aud differs") {
		t.Errorf("the header is cut: %q", head)
	}
	if !strings.Contains(flat, "the pasted token is for another app (aud 0c1d2e3f-aaaa-4bbb-8ccc-123456789abc, not this target's): log in again and copy the JSON the page shows") {
		t.Errorf("the warning is cut:\n%s", h.view())
	}
}
