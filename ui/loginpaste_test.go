package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// recorder keeps the key messages Bubble Tea reads, until ctrl+].
type recorder struct{ keys *[]tea.Msg }

func (r recorder) Init() tea.Cmd { return nil }
func (r recorder) View() string  { return "" }
func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.Type == tea.KeyCtrlCloseBracket {
			return r, tea.Quit
		}
		*r.keys = append(*r.keys, k)
	}
	return r, nil
}

// keysOf is what Bubble Tea's own input reader makes of raw terminal
// input: the messages a paste without bracketed paste mode arrives as.
func keysOf(t *testing.T, raw string) []tea.Msg {
	t.Helper()
	var keys []tea.Msg
	p := tea.NewProgram(recorder{&keys}, tea.WithInput(strings.NewReader(raw+"\x1d")), tea.WithOutput(io.Discard), tea.WithoutRenderer())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		p.Kill()
		t.Fatal("the input reader did not finish")
	}
	return keys
}

func isTypedDone(m tea.Msg) bool { _, ok := m.(typedDoneMsg); return ok }

// Without bracketed paste (some terminals, tmux with it off) a paste comes
// as keys: runes, spaces, enters. The login screen reads them as the paste
// they are, once they stop, whatever letters are in it (a q inside the
// JSON does not quit), and a y or an o typed alone is still a key.
func TestLoginTakesAPasteThatCameAsKeys(t *testing.T) {
	fresh := makeToken(t, oboClaims(), t0, time.Hour)
	for _, newline := range []string{"\r", "\n"} {
		h := newHarness(t, demoTargets())
		notLoggedIn(h, "good")
		h.press("down", "enter")
		h.wantScreen("login")
		keys := keysOf(t, strings.ReplaceAll(generatorJSON(t, fresh), "\n", newline))
		if len(keys) < 5 {
			t.Fatalf("the paste came as %d keys; the test needs it split", len(keys))
		}
		for _, k := range keys {
			h.send(k)
		}
		if h.quit {
			t.Fatal("a letter of the paste quit")
		}
		h.wantScreen("login")
		h.fire(isTypedDone)
		h.wantScreen("token")
		if h.m.token.res.Token.Raw != fresh.Raw {
			t.Fatalf("%q newlines: showing another token", newline)
		}
	}

	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good")
	h.press("down", "enter")
	h.press("y")
	if len(h.clip.writes) != 1 || h.clip.writes[0] != loginURL {
		t.Fatalf("y did not copy the URL: %v", h.clip.writes)
	}
	for _, k := range keysOf(t, flows.SessionCookie+"=good") {
		h.send(k)
	}
	h.fire(isTypedDone)
	h.wantScreen("token")
}
