package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

func TestRunningScreenShowsStepAndElapsed(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.hold = true
	h.press("enter")
	h.wantScreen("running")
	h.clock.advance(1500 * time.Millisecond)
	h.tick(0)
	v := h.view()
	if !strings.Contains(v, "Asking azure-token-generator for an M2M token…") || !strings.Contains(v, "1.5 s") {
		t.Fatalf("running view:\n%s", v)
	}
	if got := h.pending(isTick); len(got) != 1 || got[0].d != runningTick {
		t.Fatalf("running ticks %v", got)
	}
}

func TestEscCancelsAndDropsTheLateResult(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.hold = true
	h.press("enter")
	first := h.tokens.lastCall(t)
	h.press("esc")
	h.wantScreen("targets")
	if first.ctx.Err() == nil {
		t.Fatal("esc did not cancel the request's context")
	}
	h.hold = false
	h.send(h.held[0]) // the cancelled run answers after all
	h.wantScreen("targets")
}

func TestStaleResultOfAnEarlierRunIsDropped(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.hold = true
	h.press("m") // payments-api
	h.press("esc", "down", "o")
	if len(h.held) != 2 {
		t.Fatalf("held %d results", len(h.held))
	}
	h.hold = false
	h.send(h.held[0])
	h.wantScreen("running")
	h.send(h.held[1])
	h.wantScreen("token")
	if got := h.m.token.target.Target.App; got != "profile-api" {
		t.Fatalf("showing %s, the stale run's target", got)
	}
}

func TestErrorScreen(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) { return flows.Result{}, accessError() }
	h.press("enter")
	h.wantScreen("error")
	v := h.view()
	for _, want := range []string{"Could not get an M2M token for dev-gcp:team-pay:payments-api", "AADSTS501051",
		"no app role assigned", "accessPolicy.inbound.rules", "- application: azure-token-generator", "error?code=501051"} {
		if !strings.Contains(v, want) {
			t.Errorf("error view lacks %q", want)
		}
	}
	h.press("y")
	if got := h.clip.writes; len(got) != 1 || got[0] != flows.AccessPolicyYAML(flows.GeneratorApp) {
		t.Fatalf("y copied %q", got)
	}
	h.press("down", "down", "down")
	if !strings.Contains(h.view(), "trace 0f3c2b1a") {
		t.Fatalf("scrolling did not reveal the IDs:\n%s", h.view())
	}
	h.tokens.respond = nil
	h.press("r")
	if len(h.tokens.calls) != 2 || h.tokens.lastCall(t).req.Flow != flows.M2M {
		t.Fatalf("r did not retry: %d calls", len(h.tokens.calls))
	}
	h.wantScreen("token")
}

// Texas and the generator pass Entra's IDs on inside the description;
// the error screen shows them once, on its IDs line.
func TestErrorShowsTheIDsOnce(t *testing.T) {
	const trace, corr = "aaaaaaaa-2222-4c5d-9e8f-000000000001", "bbbbbbbb-3333-4c5d-9e8f-000000000002"
	h := newHarness(t, demoTargets())
	h.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) {
		return flows.Result{}, &flows.OAuthError{Service: "Texas", Status: 400, Code: "invalid_scope", AADSTS: 500011,
			Description: "AADSTS500011: The resource principal named api://dev-gcp.team.app was not found in the tenant named NAV. " +
				"Trace ID: " + trace + " Correlation ID: " + corr + " Timestamp: 2025-01-02 03:04:05Z",
			TraceID: trace, CorrelationID: corr}
	}
	h.press("enter")
	h.wantScreen("error")
	v := h.view()
	if strings.Count(v, trace) != 1 || strings.Count(v, corr) != 1 || strings.Contains(v, "Timestamp") {
		t.Fatalf("IDs not shown exactly once:\n%s", v)
	}
	if !strings.Contains(v, "not found in the tenant named NAV.\n") && !strings.Contains(v, "tenant named NAV. ") {
		t.Fatalf("the description lost more than its IDs:\n%s", v)
	}
	if !strings.Contains(v, "IDs   trace "+trace+" ") || !strings.Contains(v, "      correlation "+corr+" ") {
		t.Fatalf("no IDs line:\n%s", v)
	}
}

func TestErrorEscGoesBack(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) { return flows.Result{}, errBoom }
	h.press("enter")
	h.wantScreen("error")
	if strings.Contains(h.view(), "y copy YAML") {
		t.Error("y is offered without a YAML fix")
	}
	h.press("y", "esc")
	h.wantScreen("targets")
	if len(h.clip.writes) != 0 {
		t.Fatal("y copied without a snippet")
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	const session = "c2Vzc2lvbi1jb29raWUtdmFsdWUtdGhhdC1pcy1zZWNyZXQ"
	tok := makeToken(t, m2mClaims(), t0, time.Hour)
	h := newHarness(t, demoTargets(), func(d *Deps) { d.Session = session })
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) {
		return flows.Result{}, errors.New("upstream echoed " + tok.Raw + " and cookie " + session)
	}
	h.press("o")
	h.wantScreen("error")
	v := h.view()
	if strings.Contains(v, session) || strings.Contains(v, tok.Raw[:40]) {
		t.Fatalf("secret on the error screen:\n%s", v)
	}
	if !strings.Contains(v, "[token redacted]") || !strings.Contains(v, "[redacted]") {
		t.Fatalf("no redaction marks:\n%s", v)
	}
}

func TestRetryKeepsFresh(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	h.tokens.respond = func(context.Context, flows.Request) (flows.Result, error) { return flows.Result{}, errBoom }
	h.press("r") // fresh token fails
	h.wantScreen("error")
	h.tokens.respond = nil
	h.press("r")
	if !h.tokens.lastCall(t).req.Fresh {
		t.Fatal("retry of a fresh request was not fresh")
	}
}

func TestEscFromRefreshGoesBackToTheToken(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("enter")
	h.hold = true
	h.press("r")
	h.wantScreen("running")
	h.press("esc")
	h.wantScreen("token")
	if len(h.pending(isTick)) == 0 {
		t.Fatal("the countdown does not tick after coming back")
	}
}
