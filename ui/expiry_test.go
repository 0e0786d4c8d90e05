package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/golang-jwt/jwt/v5"
)

// issuing is a token source that issues one fixed answer, so the real
// broker's checks run between it and the screens.
type issuing struct{ issued flows.Issued }

func (s issuing) Via() flows.Via                                             { return flows.ViaGenerator }
func (s issuing) Describe(flows.Request) string                              { return "Asking azure-token-generator" }
func (s issuing) CacheKey(flows.Request) string                              { return "" }
func (s issuing) Fetch(context.Context, flows.Request) (flows.Issued, error) { return s.issued, nil }

// issuedBy is a broker whose every source issues issued, at t0.
func issuedBy(issued flows.Issued) func(*Deps) {
	src := issuing{issued}
	return func(d *Deps) {
		d.Tokens = &flows.Broker{Sources: map[flows.Via]flows.Source{flows.ViaGenerator: src, flows.ViaTexas: src, flows.ViaEntra: src},
			Now: func() time.Time { return t0 }}
	}
}

func TestTokenExpiredOnArrivalIsAnError(t *testing.T) {
	expired := makeToken(t, m2mClaims(), t0.Add(-2*time.Hour), time.Hour) // expired an hour before t0
	h := newHarness(t, demoTargets(), issuedBy(flows.Issued{AccessToken: expired.Raw}))
	h.press("enter")
	h.wantScreen("error")
	v := h.view()
	if !strings.Contains(strings.Join(strings.Fields(v), " "), "issued a token that expired at 2025-03-14 11:00:00 UTC (is your clock right?)") {
		t.Fatalf("the error screen should say the token arrived expired:\n%s", v)
	}
}

func TestTokenWithoutExpiryShowsExpiryUnknown(t *testing.T) {
	claims := jwt.MapClaims{"aud": "x", "idtyp": "app", "roles": []string{"access_as_application"}}
	h := newHarness(t, demoTargets(), issuedBy(flows.Issued{AccessToken: fakeSigned(t, claims)}))
	h.press("enter")
	h.wantScreen("token")
	if v := h.view(); !strings.Contains(v, "expiry unknown") || strings.Contains(v, "0001") {
		t.Fatalf("the token screen should say the expiry is unknown:\n%s", v)
	}
}
