package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
	"github.com/muesli/termenv"
)

// The badge: whole minutes rounded down, amber in the last 30 minutes,
// and what to do once it is over.
func TestSessionBadge(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	amber := termenv.TrueColor.Color(colAmber.Dark).Sequence(false)
	tests := []struct {
		name  string
		left  time.Duration
		want  string
		amber bool
	}{
		{"hours", 7*time.Hour + 12*time.Minute + 59*time.Second, "● signed in · 7 h 12 min", false},
		{"30 min is not yet the end", 30 * time.Minute, "● signed in · 30 min", false},
		{"under 30 min", 29*time.Minute + 59*time.Second, "● signed in · 29 min", true},
		{"the last minute", 42 * time.Second, "● signed in · 42 s", true},
		{"over", 0, "session ended: o logs in again", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSessions()
			h := newHarness(t, demoTargets(), s.keep(t, keptCookie, time.Hour))
			h.m.sess.endsAt = t0.Add(tt.left)
			badge := h.m.sessionBadge(60)
			if got := ansi.Strip(badge); got != tt.want {
				t.Fatalf("badge %q, want %q", got, tt.want)
			}
			if got := strings.Contains(badge, amber); got != tt.amber {
				t.Fatalf("amber = %v, want %v: %q", got, tt.amber, badge)
			}
		})
	}
}

// At 60 columns the header stays on one line, with the sandbox banner;
// with less room the badge says less, and nothing rather than wrapping.
func TestSessionBadgeFitsSixtyColumns(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), s.keep(t, keptCookie, 7*time.Hour+12*time.Minute), func(d *Deps) { d.Banner = "sandbox" })
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if got, head := title(h), strings.Split(h.view(), "\n")[0]; got != "entratoken sandbox ● signed in · 7 h 12 min" || lipgloss.Width(head) > 60 {
		t.Fatalf("header at 60 columns: %q (%d wide)", head, lipgloss.Width(head))
	}
	h.clock.advance(8 * time.Hour)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	if got, head := title(h), strings.Split(h.view(), "\n")[0]; got != "entratoken sandbox session ended: o logs in again" || lipgloss.Width(head) > 60 {
		t.Fatalf("header at 60 columns: %q (%d wide)", head, lipgloss.Width(head))
	}
	for room, want := range map[int]string{
		29: "session ended: o logs in", 20: "session ended", 12: "ended", 4: "",
	} {
		if got := h.m.sessionBadge(room); got != want {
			t.Errorf("ended badge in %d columns: %q, want %q", room, got, want)
		}
	}
	h.m.sess.take(keptCookie, h.clock.Now().Add(7*time.Hour+12*time.Minute), true)
	if got := h.m.sessionBadge(20); got != "● 7 h 12 min" {
		t.Errorf("badge in 20 columns: %q", got)
	}
}

// Before the session is known the header says nothing; a given session
// the generator cannot be asked about shows that there is one, no more.
func TestSessionBadgeSaysNothingUntrue(t *testing.T) {
	s := newSessions()
	s.checker.down = &flows.TransportError{Service: "azure-token-generator", Hint: "are you on naisdevice?"}
	h := newHarness(t, demoTargets(), func(d *Deps) { s.deps(d); d.Session = "given-session-0123456789" })
	if got := title(h); got != "entratoken ● generator session" {
		t.Fatalf("header with an unreachable generator %q", got)
	}
	h = newHarness(t, demoTargets(), s.deps) // nothing kept
	if got := title(h); got != "entratoken" {
		t.Fatalf("header without a session %q", got)
	}
}

// A session that ends while the TUI runs: the header counts down, waking
// only when its text changes (once a minute, every second in the last),
// turns to "session ended" at the end, and the next OBO goes to the login.
func TestSessionEndsWhileTheTUIRuns(t *testing.T) {
	s := newSessions()
	h := newHarness(t, demoTargets(), func(d *Deps) {
		s.keep(t, keptCookie, 2*time.Minute+30*time.Second)(d)
		// The store's copy says it ends 2 s later than the generator does.
		if _, err := s.store.Keep(session.Kept{Generator: d.Config.GeneratorURL, Cookie: keptCookie, EndsAt: t0.Add(2*time.Minute + 32*time.Second)}); err != nil {
			t.Fatal(err)
		}
	})
	s.gate(h)
	if got := title(h); got != "entratoken ● signed in · 2 min" {
		t.Fatalf("header %q", got)
	}
	if d := h.sessionTick(); d != 30*time.Second+5*time.Millisecond {
		t.Fatalf("first wake after %v, want when 2 min turns to 1 min", d)
	}
	if got := title(h); got != "entratoken ● signed in · 1 min" {
		t.Fatalf("header %q", got)
	}
	if d := h.sessionTick(); d != time.Minute {
		t.Fatalf("wake after %v, want a minute", d)
	}
	if got := title(h); got != "entratoken ● signed in · 59 s" {
		t.Fatalf("header %q", got)
	}
	for range 60 {
		if d := h.sessionTick(); d != time.Second {
			t.Fatalf("wake after %v in the last minute, want a second", d)
		}
	}
	if got := title(h); got != "entratoken session ended: o logs in again" {
		t.Fatalf("header at the end %q", got)
	}
	if h.nextSessionTick() != 0 {
		t.Fatal("the header keeps waking after the end")
	}
	h.press("down", "enter")
	h.wantScreen("login")
	if got := h.tokens.lastCall(t).req.Session; got != "" {
		t.Fatalf("OBO after the end asked with %q", got)
	}
	if s.kept(t) != "" {
		t.Fatal("the ended session is still kept")
	}
}
