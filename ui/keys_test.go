package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// Bubble Tea hands the runes of one read over as one key message: typing
// fast, over a slow link, or while the app starts. They are the keys they
// are: "/case" opens the filter and types "case", "xo" runs OBO.
func TestKeysInOneReadAreKeys(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(keyMsg("/case"))
	if !h.m.targets.list.SettingFilter() || h.m.targets.list.FilterValue() != "case" {
		t.Fatalf("filter open %v with %q", h.m.targets.list.SettingFilter(), h.m.targets.list.FilterValue())
	}
	h.press("esc")
	h.send(keyMsg("xo"))
	if call := h.tokens.lastCall(t); call.req.Flow != flows.OBO || call.req.Target != target("dev-gcp:team-pay:payments-api") {
		t.Fatalf("ran %s for %s", call.req.Flow, call.req.Target)
	}
	h.wantScreen("token")
	// On the token screen "jjk" is three moves, not nothing.
	h.send(keyMsg("jjk"))
	if h.m.token.vp.YOffset != 1 {
		t.Fatalf("offset %d after jjk, want 1", h.m.token.vp.YOffset)
	}
	// q and what follows it in the same read: the program ends, nothing
	// after q runs.
	calls := len(h.tokens.calls)
	h.send(keyMsg("qr"))
	if !h.quit || len(h.tokens.calls) != calls {
		t.Fatalf("quit %v, %d runs after q", h.quit, len(h.tokens.calls)-calls)
	}
}

// q quits on every screen that is not taking text, the running screen
// included, and every such screen's help bar says so.
func TestQuitIsTheSameEverywhere(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	if v := h.view(); !strings.Contains(lastLine(v), "q quit") {
		t.Fatalf("the token screen's help bar lacks q:\n%s", v)
	}
	h.press("q")
	if !h.quit {
		t.Fatal("q on the token screen did not quit")
	}

	h = newHarness(t, demoTargets())
	h.hold = true // the result does not come
	h.press("enter")
	h.wantScreen("running")
	if v := h.view(); !strings.Contains(lastLine(v), "q quit") {
		t.Fatalf("the running screen's help bar lacks q:\n%s", v)
	}
	h.press("q")
	if !h.quit || h.m.cancel != nil {
		t.Fatalf("q on the running screen: quit %v, run still going %v", h.quit, h.m.cancel != nil)
	}
}

func lastLine(s string) string { return s[strings.LastIndex(s, "\n")+1:] }

// ? opens the full help and closes it; while it is open it says "less".
func TestHelpKeySaysLessWhenOpen(t *testing.T) {
	for _, keys := range [][]string{nil, {"enter"}, {"down", "down", "enter"}} {
		h := newHarness(t, demoTargets())
		h.press(keys...)
		h.press("?")
		v := h.view()
		if !regexp.MustCompile(`\?\s+less`).MatchString(v) || strings.Contains(v, "more") {
			t.Fatalf("%s: full help open:\n%s", h.m.Screen(), v)
		}
		h.press("?")
		if v := h.view(); strings.Contains(v, "? less") {
			t.Fatalf("%s: short help says less:\n%s", h.m.Screen(), v)
		}
	}
}

// The status line belongs to the screen it was said on: "added …" on the
// list is gone on the edit screen.
func TestStatusGoesWithItsScreen(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a")
	h.typeText("dev-gcp:team-new:new-api")
	h.press("ctrl+s")
	h.wantScreen("targets")
	if !strings.Contains(h.view(), "added dev-gcp:team-new:new-api") {
		t.Fatalf("no status after the save:\n%s", h.view())
	}
	h.press("e")
	h.wantScreen("form")
	if strings.Contains(h.view(), "added dev-gcp") {
		t.Fatalf("the list's status is on the edit screen:\n%s", h.view())
	}
}

// A save can wait seconds for the config file's lock. When it ends after
// the user has moved on (cancelled the form, opened a token), it changes
// the list and the status line only: it does not pull the user back to the
// list, and a late error shows where it is seen.
func TestLateSaveChangesOnlyTheListAndStatus(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a")
	h.typeText("dev-gcp:team-new:new-api")
	late := h.update(keyMsg("ctrl+s")) // the save, not run yet
	h.press("esc", "enter")
	h.wantScreen("token")
	h.run(late)
	h.wantScreen("token")
	if !strings.Contains(h.view(), "added dev-gcp:team-new:new-api") {
		t.Fatalf("the late save is not on the status line:\n%s", h.view())
	}
	if saved := h.m.targets.saved(); len(saved) != 4 || saved[3].Target != target("dev-gcp:team-new:new-api") {
		t.Fatalf("the list does not hold the saved target: %v", saved)
	}

	h.store.err = errBoom
	h.press("esc", "e") // the new target, selected
	late = h.update(keyMsg("ctrl+s"))
	h.press("esc", "o")
	h.run(late)
	h.wantScreen("token")
	if v := h.view(); !strings.Contains(v, "could not save dev-gcp:team-new:new-api: boom") {
		t.Fatalf("the late error is not on the status line:\n%s", v)
	}
	h.press("esc", "e")
	if strings.Contains(h.view(), "boom") {
		t.Fatalf("the late error landed on a later form:\n%s", h.view())
	}

	// A save that ends while another form is open belongs to the form it
	// came from: the open one stays, as the user left it.
	h.press("esc")
	h.store.err = nil
	h.press("a")
	h.typeText("dev-gcp:team-new:other-api")
	late = h.update(keyMsg("ctrl+s"))
	h.press("esc", "a")
	h.typeText("dev-gcp:team-new:third")
	h.run(late)
	h.wantScreen("form")
	if v := h.view(); !strings.Contains(v, "dev-gcp:team-new:third") || !strings.Contains(v, "added dev-gcp:team-new:other-api") {
		t.Fatalf("the late save took over the open form:\n%s", v)
	}
}

// The running screen says which target it is working on.
func TestRunningScreenNamesTheTarget(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.hold = true
	h.press("down", "enter")
	h.wantScreen("running")
	if !strings.Contains(h.view(), "dev-gcp:team-user:profile-api") {
		t.Fatalf("the running screen does not name the target:\n%s", h.view())
	}
}

// The clock is read for every message, not only for keys and ticks: after
// 47 s in the browser, a session picked up from the clipboard starts its
// run at 0.0 s, and a pasted token that expired meanwhile is warned about.
func TestClockIsReadForEveryMessage(t *testing.T) {
	h := newHarness(t, demoTargets())
	notLoggedIn(h, "good-session-value-0123456789")
	h.press("down", "enter")
	h.wantScreen("login")
	h.hold = true
	h.clock.advance(47 * time.Second)
	h.clip.set(flows.SessionCookie + "=good-session-value-0123456789")
	h.fire(isPoll)
	h.wantScreen("running")
	if v := h.view(); !strings.Contains(v, "0.0 s") {
		t.Fatalf("the run does not start at 0.0 s:\n%s", v)
	}

	h = newHarness(t, demoTargets())
	notLoggedIn(h, "good")
	h.press("down", "enter")
	h.clock.advance(2 * time.Minute)
	h.clip.set(generatorJSON(t, makeToken(t, oboClaims(), t0.Add(-59*time.Minute), time.Hour)))
	h.fire(isPoll)
	h.wantScreen("token")
	if v := h.view(); !strings.Contains(v, "the pasted token expired 1 min ago") {
		t.Fatalf("no warning for a token that expired in the browser:\n%s", v)
	}
}

// The list works out a filter's matches in a command after each key. A
// fast "/profile<enter><enter>" (typed, or sent by a script) must run the
// target the filter shows, whenever those commands end, and in whatever
// order: never the first target of the whole list.
func TestFastFilterEnterRunsTheFilteredTarget(t *testing.T) {
	h := newHarness(t, demoTargets())
	var late []tea.Cmd
	late = append(late, h.update(keyMsg("/")))
	for _, r := range "profile" {
		late = append(late, h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}))
	}
	late = append(late, h.update(keyMsg("enter")))
	for i := len(late) - 1; i >= 0; i-- { // the matches for "p" come last
		h.run(late[i])
	}
	if v := h.view(); strings.Contains(v, "payments-api") || !strings.Contains(v, "profile-api") {
		t.Fatalf("the list shows what the filter does not match:\n%s", v)
	}
	h.press("enter")
	if len(h.tokens.calls) != 1 || h.tokens.calls[0].req.Target != target("dev-gcp:team-user:profile-api") {
		t.Fatalf("enter ran %v, want dev-gcp:team-user:profile-api", h.tokens.calls)
	}
}
