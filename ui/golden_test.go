package ui

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// goldenRun starts the real program at 80×24 with fakes and a fixed clock,
// sends keys, waits until want is on screen, then compares the final view
// with testdata/<test name>.golden (go test -update rewrites it).
func goldenRun(t *testing.T, targets []config.SavedTarget, setup func(*fakeTokens, *fakeClipboard), want string, keys ...tea.Msg) {
	t.Helper()
	goldenRunWith(t, targets, nil, setup, []string{want}, keys...)
}

// goldenRunWith is goldenRun with more Deps (a kept session), waiting
// until every one of wants is on screen.
func goldenRunWith(t *testing.T, targets []config.SavedTarget, deps func(*Deps), setup func(*fakeTokens, *fakeClipboard), wants []string, keys ...tea.Msg) {
	t.Helper()
	clock := &fakeClock{t: t0}
	tokens := &fakeTokens{clock: clock, t: t, cached: map[flows.Target]*flows.Token{}}
	clip := &fakeClipboard{text: "something copied earlier"}
	if setup != nil {
		setup(tokens, clip)
	}
	d := Deps{Tokens: tokens, Store: &fakeStore{}, Clipboard: clip, Browser: &fakeBrowser{}, Clock: clock,
		Config: testConfig(targets), Banner: "sandbox", Verifier: &fakeVerifier{}}
	if deps != nil {
		deps(&d)
	}
	tm := teatest.NewTestModel(t, New(d), teatest.WithInitialTermSize(80, 24))
	for _, k := range keys {
		tm.Send(k)
	}
	waitAll(t, tm, wants)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	requireGoldenView(t, tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View())
}

// waitAll waits until every one of wants is on the program's screen.
func waitAll(t *testing.T, tm *teatest.TestModel, wants []string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range wants {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// requireGoldenView checks that view fills 80×24 and equals
// testdata/<test name>.golden.
func requireGoldenView(t *testing.T, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != 24 {
		t.Errorf("view has %d lines, want 24", len(lines))
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > 80 {
			t.Errorf("line %d is %d wide", i, w)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

func runes(s string) []tea.Msg {
	out := make([]tea.Msg, 0, len(s))
	for _, r := range s {
		out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return out
}

// The list of a user signed in this morning: the header shows the
// session's time left.
func TestGoldenTargets(t *testing.T) {
	goldenRunWith(t, demoTargets(), newSessions().keep(t, keptCookie, 7*time.Hour+12*time.Minute), func(tk *fakeTokens, _ *fakeClipboard) {
		tk.cached[target("dev-gcp:team-pay:payments-api")] = makeToken(t, m2mClaims(), t0.Add(-8*time.Minute), time.Hour)
	}, []string{"52 min left", "signed in · 7 h 12 min"})
}

// A kept session that ended overnight: the header says how to log in.
func TestGoldenSessionEnded(t *testing.T) {
	s := newSessions()
	goldenRunWith(t, demoTargets(), func(d *Deps) {
		s.keep(t, keptCookie, time.Hour)(d)
		if _, err := s.store.Keep(session.Kept{Generator: d.Config.GeneratorURL, Cookie: keptCookie, EndsAt: t0.Add(-3 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}, nil, []string{"session ended: o logs in again"})
}

func TestGoldenEmpty(t *testing.T) {
	goldenRun(t, nil, nil, "No saved targets")
}

func TestGoldenFormError(t *testing.T) {
	keys := append(runes("a"), runes("dev-gcp")...)
	keys = append(keys, tea.KeyMsg{Type: tea.KeyTab})
	keys = append(keys, runes("Team_A")...)
	goldenRun(t, demoTargets(), nil, "must be lowercase", keys...)
}

func TestGoldenRunning(t *testing.T) {
	goldenRun(t, demoTargets(), func(tk *fakeTokens, _ *fakeClipboard) {
		tk.respond = func(ctx context.Context, _ flows.Request) (flows.Result, error) {
			<-ctx.Done()
			return flows.Result{}, ctx.Err()
		}
	}, "Asking", tea.KeyMsg{Type: tea.KeyEnter})
}

// The login screen of a user with nothing kept, whose session goes to
// the keyring.
func TestGoldenLogin(t *testing.T) {
	goldenRunWith(t, demoTargets(), newSessions().deps, func(tk *fakeTokens, _ *fakeClipboard) {
		tk.respond = func(context.Context, flows.Request) (flows.Result, error) {
			return flows.Result{}, &flows.NotLoggedInError{LoginURL: config.DefaultGeneratorURL + "/api/obo?aud=dev-gcp:team-user:profile-api"}
		}
	}, []string{"Watching the clipboard"}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEnter})
}

// The token screens wait for their verification line, which follows the
// token.
func TestGoldenM2MToken(t *testing.T) {
	goldenRun(t, demoTargets(), nil, "Entra ID keys", tea.KeyMsg{Type: tea.KeyEnter})
}

// An OBO token through the kept session.
func TestGoldenOBOToken(t *testing.T) {
	goldenRunWith(t, demoTargets(), newSessions().keep(t, keptCookie, 7*time.Hour+12*time.Minute), nil,
		[]string{"Z990123", "signed in · 7 h 12 min", "Entra ID keys"}, tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyEnter})
}

func TestGoldenTokenBadSignature(t *testing.T) {
	goldenRun(t, demoTargets(), func(tk *fakeTokens, _ *fakeClipboard) {
		tk.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
			return flows.Result{Request: req, Token: resigned(t, makeToken(t, m2mClaims(), t0, time.Hour))}, nil
		}
	}, "bad signature", tea.KeyMsg{Type: tea.KeyEnter})
}

func TestGoldenError(t *testing.T) {
	goldenRun(t, demoTargets(), func(tk *fakeTokens, _ *fakeClipboard) {
		tk.respond = func(context.Context, flows.Request) (flows.Result, error) {
			return flows.Result{}, accessError()
		}
	}, "accessPolicy", tea.KeyMsg{Type: tea.KeyEnter})
}

// accessError is Entra's answer when the target has not granted access.
func accessError() error {
	return &flows.OAuthError{
		Service: "azure-token-generator", Status: 400, Code: "invalid_grant", AADSTS: 501051,
		Description: "AADSTS501051: Application '0e7a9b1c'(azure-token-generator) is not assigned to a role for the application 'api://dev-gcp.team-pay.payments-api'.",
		TraceID:     "0f3c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098", CorrelationID: "7d2e4f6a-8b0c-4d1e-9f2a-3b4c5d6e7f80",
	}
}
