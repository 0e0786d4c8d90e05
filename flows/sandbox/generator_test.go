package sandbox

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestGeneratorWithoutSessionRedirectsToLogin(t *testing.T) {
	s, _ := start(t, Options{})
	for _, tt := range []struct{ path, cookie string }{
		{"/api/obo?aud=dev-gcp:pdl:pdl-api", ""},
		{"/api/m2m?aud=dev-gcp:pdl:pdl-api", "expired-or-made-up-session-value"},
		{"/api/obo", ""},
	} {
		r := get(t, s.URL()+tt.path, tt.cookie)
		if want := s.URL() + "/oauth2/login?redirect=" + tt.path; r.status != 302 || r.header.Get("Location") != want {
			t.Errorf("%s: HTTP %d Location %q, want 302 %q", tt.path, r.status, r.header.Get("Location"), want)
		}
	}
}

func TestGeneratorAnswers(t *testing.T) {
	s, _ := start(t, Options{})
	r := get(t, s.URL()+"/api/m2m?aud=dev-gcp:nais:hello-world", s.DemoSession())
	if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("HTTP %d %q: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	b := r.json(t)
	if !strings.HasPrefix(r.body, "{\n  \"access_token\": \"") || num(b["expires_in"]) != 3899 || len(b) != 2 {
		t.Errorf("want indented {access_token, expires_in} without token_type, got %s", r.body)
	}
	for _, tt := range []struct {
		name string
		r    reply
		want string
	}{
		{"obo without aud", get(t, s.URL()+"/api/obo", s.DemoSession()), "missing 'aud' query parameter"},
		{"m2m with empty aud", get(t, s.URL()+"/api/m2m?aud=", s.DemoSession()), "missing 'aud' query parameter"},
		{"public without form aud", postForm(t, s.URL()+"/api/public/m2m?aud=dev-gcp:a:b", nil), "missing 'aud' form parameter"},
	} {
		if tt.r.status != 400 || tt.r.body != tt.want || !strings.HasPrefix(tt.r.header.Get("Content-Type"), "text/plain") {
			t.Errorf("%s: HTTP %d %q, want 400 text %q", tt.name, tt.r.status, tt.r.body, tt.want)
		}
	}
	if r := get(t, s.URL()+"/internal/is_alive", ""); r.status != 200 || r.body != "alive" {
		t.Errorf("is_alive: HTTP %d %q", r.status, r.body)
	}
	if r := get(t, s.URL()+"/api/public/m2m", ""); r.status != 405 {
		t.Errorf("GET /api/public/m2m: HTTP %d, want 405", r.status)
	}
}

// failing asks each service for a token for target and returns the replies.
func failing(t *testing.T, s *Sandbox, target string) (gen, texas, entra reply) {
	t.Helper()
	scope := "api://" + strings.ReplaceAll(target, ":", ".") + "/.default"
	gen = get(t, s.URL()+"/api/m2m?aud="+url.QueryEscape(target), s.DemoSession())
	texas = postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "azuread", "target": target})
	entra = postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), ccForm(s, url.Values{
		"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}, "scope": {scope},
	}))
	return gen, texas, entra
}

func TestFailureTargetsOnAllServices(t *testing.T) {
	s, _ := start(t, Options{})
	for _, tt := range []struct {
		target string
		code   string
		aadsts int
	}{
		{"dev-gcp:sandbox:no-access", "invalid_grant", 501051},
		{"dev-gcp:sandbox:unknown-app", "invalid_resource", 500011},
		{"dev-gcp:Not-Lowercase:app", "invalid_scope", 70011},
		{"dev-gcp:two-parts", "invalid_scope", 70011},
	} {
		t.Run(tt.target, func(t *testing.T) {
			gen, texas, entra := failing(t, s, tt.target)
			want := "AADSTS" + strconv.Itoa(tt.aadsts) + ": "
			checkTexasError(t, gen, 400, tt.code, want)
			checkTexasError(t, texas, 400, tt.code, want)
			checkEntraError(t, entra, 400, tt.code, tt.aadsts)
		})
	}
}

func TestShortLivedTarget(t *testing.T) {
	s, _ := start(t, Options{})
	gen := get(t, s.URL()+"/api/obo?aud=dev-gcp:sandbox:short-lived", s.DemoSession()).json(t)
	_, c := verified(t, s, gen["access_token"].(string))
	if num(gen["expires_in"]) != 360 || num(c["exp"])-num(c["iat"]) != 360 {
		t.Errorf("generator: expires_in %v, exp-iat %d, want 360", gen["expires_in"], num(c["exp"])-num(c["iat"]))
	}
	texas := postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "azuread", "target": "dev-gcp:sandbox:short-lived"}).json(t)
	if num(texas["expires_in"]) != 360 {
		t.Errorf("Texas: expires_in %v, want 360", texas["expires_in"])
	}
}
