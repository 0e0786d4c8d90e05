package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/clip"
)

// A copied token carries its clear to the clipboard, which keeps the
// promise, and hands it on when the program ends however it ends (see
// clip's HandOff): quitting, even with a second q at once, does no
// clipboard work of its own and leaves the token to be pasted.
func TestCopyPromisesTheClearAndQuitLeavesIt(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "c")
	raw := h.m.token.res.Token.Raw
	if len(h.clip.clearAts) != 1 || !h.clip.clearAts[0].Equal(t0.Add(60*time.Second)) {
		t.Fatalf("the copy promised clears at %v, want %v", h.clip.clearAts, t0.Add(60*time.Second))
	}
	h.press("y")
	if !h.clip.clearAts[1].IsZero() {
		t.Fatalf("the claims (no secret) were promised a clear at %v", h.clip.clearAts[1])
	}
	h.press("c")
	h.clock.advance(23 * time.Second)
	h.press("q", "q")
	if !h.quit {
		t.Fatal("q did not quit")
	}
	if len(h.clip.clears) != 0 || h.clip.text != raw {
		t.Fatalf("quitting cleared the clipboard (%d clears): nothing left to paste", len(h.clip.clears))
	}
}

// While entratoken runs, the clear is timed on the wall clock: the timer
// looks every few seconds, so a laptop that slept through the minute
// clears on waking, and a timer that fires early clears nothing.
func TestClearFollowsTheWallClock(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter", "c")
	raw := h.m.token.res.Token.Raw
	for _, tm := range h.pending(isClear) {
		if tm.d > clearStep {
			t.Fatalf("the clear waits %v at once; a sleeping laptop would clear that much later", tm.d)
		}
	}
	h.clock.advance(2 * time.Second)
	h.fire(isClear)
	if len(h.clip.clears) != 0 || len(h.pending(isClear)) != 1 {
		t.Fatalf("a timer before the time cleared %d, and %d timers wait", len(h.clip.clears), len(h.pending(isClear)))
	}
	h.clock.advance(time.Hour) // the lid closed
	h.fire(isClear)
	if len(h.clip.clears) != 1 || h.clip.clears[0] != raw {
		t.Fatalf("clears after waking: %q", h.clip.clears)
	}
}

// A terminal's clipboard (OSC 52, tmux) cannot be cleared after entratoken
// quits: the status line says the clear holds only while entratoken runs.
func TestTerminalCopyIsClearedWhileRunning(t *testing.T) {
	for _, method := range []string{clip.MethodOSC52, clip.MethodTmux} {
		t.Run(method, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			h.clip.method = method
			h.press("enter", "c")
			want := "copied token via " + method + "; clears in 60 s while entratoken runs"
			if !strings.Contains(h.view(), want) {
				t.Fatalf("status line lacks %q:\n%s", want, h.view())
			}
			h.clock.advance(time.Minute)
			h.fire(isClear)
			if len(h.clip.clears) != 1 || h.clip.clears[0] != h.m.token.res.Token.Raw {
				t.Fatalf("clears %d", len(h.clip.clears))
			}
		})
	}
}
