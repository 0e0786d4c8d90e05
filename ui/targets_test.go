package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
)

func TestTargetKeysRunTheRightFlow(t *testing.T) {
	tests := []struct {
		name    string
		keys    []string
		want    flows.Request
		session string
	}{
		{"enter runs the default M2M via its source", []string{"enter"},
			flows.Request{Target: target("dev-gcp:team-pay:payments-api"), Flow: flows.M2M, Via: flows.ViaTexas}, ""},
		{"enter runs the default OBO with the session", []string{"down", "enter"},
			flows.Request{Target: target("dev-gcp:team-user:profile-api"), Flow: flows.OBO, Via: flows.ViaGenerator, Session: "sess-cookie-value"}, "sess-cookie-value"},
		{"o runs OBO via the generator", []string{"o"},
			flows.Request{Target: target("dev-gcp:team-pay:payments-api"), Flow: flows.OBO, Via: flows.ViaGenerator}, ""},
		{"m runs M2M via the generator when no source is saved", []string{"down", "m"},
			flows.Request{Target: target("dev-gcp:team-user:profile-api"), Flow: flows.M2M, Via: flows.ViaGenerator}, ""},
		{"no default: the chooser's m", []string{"down", "down", "enter", "m"},
			flows.Request{Target: target("dev-fss:team-case:case-api"), Flow: flows.M2M, Via: flows.ViaGenerator}, ""},
		{"no default: the chooser's enter picks OBO", []string{"down", "down", "enter", "enter"},
			flows.Request{Target: target("dev-fss:team-case:case-api"), Flow: flows.OBO, Via: flows.ViaGenerator}, ""},
		{"no default: the chooser's down, enter picks M2M", []string{"down", "down", "enter", "down", "enter"},
			flows.Request{Target: target("dev-fss:team-case:case-api"), Flow: flows.M2M, Via: flows.ViaGenerator}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demoTargets(), func(d *Deps) { d.Session = tt.session })
			h.press(tt.keys...)
			if got := h.tokens.lastCall(t).req; got != tt.want {
				t.Fatalf("request = %+v\nwant      %+v", got, tt.want)
			}
			h.wantScreen("token")
		})
	}
}

func TestChooserShowsBothFlowsAndEscGoesBack(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("down", "down", "enter")
	h.wantScreen("chooser")
	v := h.view()
	for _, want := range []string{"as you: NAVident, groups, scp", "as an app: roles, no user", "Set a default flow with e on the list"} {
		if !strings.Contains(v, want) {
			t.Errorf("chooser lacks %q", want)
		}
	}
	h.press("esc")
	h.wantScreen("targets")
	if len(h.tokens.calls) != 0 {
		t.Fatal("esc in the chooser ran a flow")
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("d")
	if !strings.Contains(h.view(), "Delete dev-gcp:team-pay:payments-api? y/n") {
		t.Fatalf("no question:\n%s", h.view())
	}
	h.press("n")
	if len(h.store.removed) != 0 || len(h.m.targets.saved()) != 3 {
		t.Fatal("n deleted")
	}
	h.press("d", "y")
	if len(h.store.removed) != 1 || h.store.removed[0] != target("dev-gcp:team-pay:payments-api") {
		t.Fatalf("removed %v", h.store.removed)
	}
	if got := h.m.targets.saved(); len(got) != 2 || got[0].Target.App != "profile-api" {
		t.Fatalf("list after delete: %v", got)
	}
	if !strings.Contains(h.view(), "deleted dev-gcp:team-pay:payments-api") {
		t.Error("no confirmation in the status line")
	}
}

// Deleting the last row selects the new last one, so enter, e and d still
// act on a target.
func TestDeleteLastRowSelectsTheNewLast(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("down", "down", "d", "y")
	if len(h.store.removed) != 1 || h.store.removed[0] != target("dev-fss:team-case:case-api") {
		t.Fatalf("removed %v", h.store.removed)
	}
	st, ok := h.m.targets.selected()
	if !ok || st.Target != target("dev-gcp:team-user:profile-api") {
		t.Fatalf("selected %v, %v after deleting the last row", st.Target, ok)
	}
	if v := h.view(); !strings.Contains(v, "enter run") {
		t.Fatalf("help bar lost the keys of a selected target:\n%s", v)
	}
	h.press("enter")
	if c := h.tokens.lastCall(t); c.req.Target != target("dev-gcp:team-user:profile-api") {
		t.Fatalf("enter ran %v", c.req.Target)
	}
}

func TestDeleteErrorIsShownAndListKept(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.store.err = errBoom
	h.press("d", "y")
	if len(h.m.targets.saved()) != 3 || !strings.Contains(h.view(), "could not delete dev-gcp:team-pay:payments-api: boom") {
		t.Fatalf("after a failed delete:\n%s", h.view())
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		h := newHarness(t, demoTargets())
		h.press(k)
		if !h.quit {
			t.Errorf("%s did not quit", k)
		}
	}
}

func TestRowsShowCachedTimeLeft(t *testing.T) {
	h := newHarness(t, demoTargets())
	tok := makeToken(t, m2mClaims(), t0.Add(-8*time.Minute), time.Hour)
	h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {m2m: tok.ExpiresAt}})
	if !strings.Contains(h.view(), "M2M 52 min left") {
		t.Fatalf("no time left:\n%s", h.view())
	}
	h.clock.advance(53 * time.Minute)
	h.press("down") // any key refreshes now
	if strings.Contains(h.view(), "left") {
		t.Fatalf("an expired cached token still shows:\n%s", h.view())
	}
}

// A cached OBO token under the expiry margin is one the broker will not
// hand out: the row says it is expiring rather than how long it has.
func TestRowsSayOBOExpiringUnderTheMargin(t *testing.T) {
	tests := []struct {
		margin time.Duration
		left   time.Duration
		want   string
	}{
		{5 * time.Minute, 12 * time.Minute, "OBO 12 min left"},
		{5 * time.Minute, 4 * time.Minute, "OBO expiring"},
		{5 * time.Minute, 30 * time.Second, "OBO expiring"},
		{15 * time.Minute, 12 * time.Minute, "OBO expiring"},
		{time.Minute, 4 * time.Minute, "OBO 4 min left"},
	}
	for _, tt := range tests {
		h := newHarness(t, demoTargets(), func(d *Deps) { d.Config.ExpiryMargin = tt.margin })
		h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {obo: t0.Add(tt.left), m2m: t0.Add(4 * time.Minute)}})
		v := h.view()
		if !strings.Contains(v, tt.want) || !strings.Contains(v, "M2M 4 min left") {
			t.Errorf("margin %v, %v left: want %q (and M2M as it was):\n%s", tt.margin, tt.left, tt.want, v)
		}
	}
}

func TestInitAsksTheCacheForEveryTarget(t *testing.T) {
	clock := &fakeClock{t: t0}
	tk := &fakeTokens{clock: clock, t: t, cached: map[flows.Target]*flows.Token{
		target("dev-gcp:team-pay:payments-api"): makeToken(t, m2mClaims(), t0, 30*time.Minute),
	}}
	m := New(Deps{Tokens: tk, Clock: clock, Config: testConfig(demoTargets())})
	msg, ok := m.Init()().(cachedMsg)
	if !ok || len(msg) != 1 || msg[target("dev-gcp:team-pay:payments-api")].m2m.IsZero() {
		t.Fatalf("Init gave %v", msg)
	}
}

func TestIdleTargetsScreenSchedulesNothing(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("down", "up")
	h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {m2m: t0.Add(-time.Minute)}}) // expired: no badge
	if len(h.timers) != 0 {
		t.Fatalf("idle targets screen scheduled %v", h.timers)
	}
}

// While a row shows "n min left", a slow tick keeps it current; it stops
// with the last badge and with the screen.
func TestListBadgesTickSlowly(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {m2m: t0.Add(90 * time.Second)}})
	ticks := h.pending(isTick)
	if len(ticks) != 1 || ticks[0].d != badgeTick || badgeTick > 30*time.Second {
		t.Fatalf("badge ticks %v", ticks)
	}
	for _, want := range []string{"M2M 1 min left", "M2M 1 min left", "M2M 30 s left"} {
		if !strings.Contains(h.view(), want) {
			t.Fatalf("list lacks %q:\n%s", want, h.view())
		}
		h.tick(badgeTick)
	}
	if strings.Contains(h.view(), "left") || len(h.pending(isTick)) != 0 {
		t.Fatalf("ticking on without a badge (%d ticks):\n%s", len(h.pending(isTick)), h.view())
	}
	// A new badge starts one chain again; leaving the list stops it.
	h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {m2m: h.clock.Now().Add(time.Hour)}})
	h.send(cachedMsg{target("dev-gcp:team-pay:payments-api"): {m2m: h.clock.Now().Add(time.Hour)}})
	h.press("a")
	if n := h.fire(isTick); n != 2 || len(h.pending(isTick)) != 0 {
		t.Fatalf("fired %d ticks, %d still pending after leaving the list", n, len(h.pending(isTick)))
	}
}

func TestSmallWindow(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 50, Height: 15})
	if got := h.view(); got != "make the window at least 60×20 (it is 50×15)" {
		t.Fatalf("view = %q", got)
	}
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	fits := func(screen string, wants ...string) {
		t.Helper()
		v := h.view()
		lines := strings.Split(v, "\n")
		if len(lines) != 20 {
			t.Errorf("%s: %d lines at 60×20", screen, len(lines))
		}
		for i, line := range lines {
			if w := lipgloss.Width(line); w > 60 {
				t.Errorf("%s: line %d is %d wide at 60×20", screen, i, w)
			}
		}
		for _, want := range wants {
			if !strings.Contains(v, want) {
				t.Errorf("%s at 60×20 lacks %q:\n%s", screen, want, v)
			}
		}
	}
	fits("targets", "payments-api", "enter run")
	h.press("enter")
	fits("token", "1:00:00", "signature ✓ Entra ID keys", "token eyJ", "iss", "c copy")
	h.press("v")
	fits("revealed token", "characters", "v mask")
}
