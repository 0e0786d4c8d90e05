package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/clip"
)

// Copy, quit, paste into curl: quitting leaves the token on the system
// clipboard and hands its clear, for the time still left, to a background
// process.
func TestQuitHandsTheClearOff(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "c")
	raw := h.m.token.res.Token.Raw
	h.clock.advance(23 * time.Second)
	h.press("q")
	if !h.quit {
		t.Fatal("q did not quit")
	}
	if len(h.clip.clears) != 0 || h.clip.text != raw {
		t.Fatalf("quitting cleared the clipboard (%d clears): nothing left to paste", len(h.clip.clears))
	}
	if want := []clearLater{{raw, 37 * time.Second}}; len(h.clip.later) != 1 || h.clip.later[0] != want[0] {
		t.Fatalf("ClearLater calls %v, want %v", h.clip.later, want)
	}
	if err := h.m.Shutdown(); err != nil || len(h.clip.later) != 1 {
		t.Fatalf("Shutdown after q handed the clear off again: %v, %d calls", err, len(h.clip.later))
	}
}

func TestQuitClearsAtOnce(t *testing.T) {
	tests := []struct {
		name     string
		wait     time.Duration
		laterErr error
		later    int // ClearLater calls
	}{
		// The timer's message has not arrived yet, but the time is up.
		{"the clear is due", 61 * time.Second, nil, 0},
		{"the hand-off fails", 5 * time.Second, errors.New("fork/exec: no such file"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			h.clip.laterErr = tt.laterErr
			h.press("enter", "c")
			raw := h.m.token.res.Token.Raw
			h.clock.advance(tt.wait)
			h.press("q")
			if !h.quit || len(h.clip.later) != tt.later || len(h.clip.clears) != 1 || h.clip.clears[0] != raw {
				t.Fatalf("quit=%v, %d hand-offs, clears %d; want the token cleared now", h.quit, len(h.clip.later), len(h.clip.clears))
			}
		})
	}
}

// A terminal's clipboard (OSC 52, tmux) cannot be cleared after entratoken
// quits: quitting leaves it for the paste, and the status line says the
// clear holds only while entratoken runs.
func TestTerminalCopyIsNotClearedOnQuit(t *testing.T) {
	for _, method := range []string{clip.MethodOSC52, clip.MethodTmux} {
		t.Run(method, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			h.clip.method = method
			h.press("enter", "c")
			raw := h.m.token.res.Token.Raw
			want := "copied token via " + method + "; clears in 60 s while entratoken runs"
			if !strings.Contains(h.view(), want) {
				t.Fatalf("status line lacks %q:\n%s", want, h.view())
			}
			h.press("q")
			if !h.quit || len(h.clip.clears) != 0 || len(h.clip.later) != 0 || h.clip.text != raw {
				t.Fatalf("quit=%v clears=%v hand-offs=%v: the copy must stay", h.quit, h.clip.clears, h.clip.later)
			}
			if err := h.m.Shutdown(); err != nil || len(h.clip.later)+len(h.clip.clears) != 0 {
				t.Fatalf("Shutdown touched a terminal copy: %v", err)
			}
		})
	}
	t.Run("cleared on time while running", func(t *testing.T) {
		h := newHarness(t, demoTargets())
		h.clip.method = clip.MethodOSC52
		h.press("enter", "c")
		h.fire(isClear)
		if len(h.clip.clears) != 1 || h.clip.clears[0] != h.m.token.res.Token.Raw {
			t.Fatalf("clears %d", len(h.clip.clears))
		}
	})
}

// SIGTERM, SIGHUP: tea.Program.Run returns the model without a q, and
// Shutdown hands the clear on all the same.
func TestShutdownHandsOffAPendingClear(t *testing.T) {
	h := newHarness(t, demoTargets())
	if err := h.m.Shutdown(); err != nil || len(h.clip.later)+len(h.clip.clears) != 0 {
		t.Fatalf("Shutdown with nothing copied: %v, %v, %v", err, h.clip.later, h.clip.clears)
	}
	h.press("enter", "c")
	raw := h.m.token.res.Token.Raw
	h.clock.advance(10 * time.Second)
	if err := h.m.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if len(h.clip.later) != 1 || h.clip.later[0] != (clearLater{raw, 50 * time.Second}) || len(h.clip.clears) != 0 {
		t.Fatalf("ClearLater calls %v, clears %d", h.clip.later, len(h.clip.clears))
	}
}

// Once the timer has cleared the copy, there is nothing left to hand off.
func TestNoHandOffAfterTheClear(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "c")
	h.fire(isClear)
	h.press("q")
	if !h.quit || len(h.clip.later) != 0 || len(h.clip.clears) != 1 {
		t.Fatalf("quit=%v hand-offs=%v clears=%d", h.quit, h.clip.later, len(h.clip.clears))
	}
}
