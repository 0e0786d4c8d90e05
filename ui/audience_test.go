package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func withAud(aud string) jwt.MapClaims {
	c := oboClaims()
	c["aud"] = aud
	return c
}

// A token pasted on the login screen is checked against the target where
// its audience can be known: the api:// scope names the target, and a
// client ID is known from a token fetched for the target before. Another
// app's token is called that; where nothing tells, the header says the
// audience was not checked.
func TestPastedTokenAudience(t *testing.T) {
	const known = "5d5bc7c1-9c4c-4b7e-9d0e-0a8c1f3e4b2a" // oboClaims' aud
	tests := []struct {
		name        string
		fetchFirst  bool
		aud, header string
		warn        string
	}{
		{"nothing known", false, known, "browser, aud not checked", ""},
		{"the client ID of an earlier token", true, known, "browser, aud checked", ""},
		{"another client ID", true, "0c1d2e3f-aaaa-4bbb-8ccc-123456789abc", "browser, aud differs",
			"the pasted token is for another app (aud 0c1d2e3f-aaaa-4bbb-8ccc-123456789abc, not this target's): log in again and copy the JSON the page shows"},
		{"the target's scope", false, "api://dev-gcp.team-user.profile-api", "browser, aud checked", ""},
		{"another target's scope", false, "api://dev-gcp.team-pay.payments-api", "browser, aud differs",
			"the pasted token is for dev-gcp:team-pay:payments-api, not dev-gcp:team-user:profile-api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			if tt.fetchFirst {
				h.press("down", "enter") // a fetched OBO token for profile-api
				h.wantScreen("token")
				h.press("esc")
			}
			if !tt.fetchFirst {
				h.press("down") // profile-api
			}
			notLoggedIn(h, "good")
			h.press("o")
			h.wantScreen("login")
			h.send(paste(generatorJSON(t, makeToken(t, withAud(tt.aud), t0, time.Hour))))
			h.wantScreen("token")
			v := h.view()
			if !strings.Contains(v, "from "+tt.header) {
				t.Errorf("header lacks %q:\n%s", tt.header, v)
			}
			if flat := strings.Join(strings.Fields(v), " "); tt.warn != "" && !strings.Contains(flat, tt.warn) {
				t.Errorf("no warning %q:\n%s", tt.warn, v)
			}
			if tt.warn == "" && strings.Contains(v, "the pasted token") {
				t.Errorf("a warning for the target's own token:\n%s", v)
			}
		})
	}
}
