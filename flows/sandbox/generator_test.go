package sandbox

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// failing asks each service for an M2M token for target (cluster:…:app)
// and returns the replies.
func failing(t *testing.T, s *Sandbox, target string) (gen, texas, entra reply) {
	t.Helper()
	scope := "api://" + strings.ReplaceAll(target, ":", ".") + "/.default"
	gen = get(t, s.URL()+"/api/m2m?aud="+url.QueryEscape(target), s.DemoSession())
	texas = postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "entra_id", "target": scope})
	entra = postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), ccForm(s, url.Values{
		"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}, "scope": {scope},
	}))
	return gen, texas, entra
}

// checkGeneratorError checks the generator's TokenErrorResponse: Jackson's
// indented JSON with Ktor's charset, error and error_description only.
func checkGeneratorError(t *testing.T, r reply, status int, code, inDescription string) {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != "application/json; charset=UTF-8" || !strings.HasPrefix(r.body, "{\n  \"error\" : ") {
		t.Errorf("HTTP %d %q, want %d Jackson JSON: %s", r.status, r.header.Get("Content-Type"), status, r.body)
	}
	b := r.json(t)
	desc, _ := b["error_description"].(string)
	if b["error"] != code || !strings.Contains(desc, inDescription) || len(b) != 2 {
		t.Errorf("body = %v, want exactly error %q and a description with %q", b, code, inDescription)
	}
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
		{"dev-gcp:Not-Lowercase:app", "invalid_resource", 500011},
		{"dev-gcp:two-parts", "invalid_resource", 500011},
	} {
		t.Run(tt.target, func(t *testing.T) {
			gen, texas, entra := failing(t, s, tt.target)
			want := "AADSTS" + strconv.Itoa(tt.aadsts) + ": "
			checkGeneratorError(t, gen, 400, tt.code, want)
			checkTexasError(t, texas, 400, tt.code, want)
			checkEntraError(t, entra, 400, tt.code, tt.aadsts)
		})
	}
	obo := get(t, s.URL()+"/api/obo?aud=dev-gcp:sandbox:no-access", s.DemoSession())
	checkGeneratorError(t, obo, 400, "invalid_grant", "AADSTS65001: ")
}

func TestShortLivedTarget(t *testing.T) {
	s, _ := start(t, Options{})
	gen := get(t, s.URL()+"/api/obo?aud=dev-gcp:sandbox:short-lived", s.DemoSession()).json(t)
	_, c := verified(t, s, gen["access_token"].(string))
	if num(gen["expires_in"]) != 360 || num(c["exp"])-t0.Unix() != 360 {
		t.Errorf("generator: expires_in %v, exp-now %d, want 360", gen["expires_in"], num(c["exp"])-t0.Unix())
	}
	texas := postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "entra_id", "target": "api://dev-gcp.sandbox.short-lived/.default"}).json(t)
	if num(texas["expires_in"]) != 360 {
		t.Errorf("Texas: expires_in %v, want 360", texas["expires_in"])
	}
}

// TestBadSignatureTarget: every service issues it, well formed, with the
// tenant's kid, and no verifier accepts its signature.
func TestBadSignatureTarget(t *testing.T) {
	s, _ := start(t, Options{})
	scope := "api://dev-gcp.sandbox.bad-signature/.default"
	gen := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:sandbox:bad-signature"}}).body
	texas, _ := postForm(t, env(s, "NAIS_TOKEN_ENDPOINT"), url.Values{"identity_provider": {"entra_id"}, "target": {scope}}).json(t)["access_token"].(string)
	entra, _ := postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), ccForm(s, url.Values{"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}, "scope": {scope}})).json(t)["access_token"].(string)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(get(t, env(s, "AZURE_OPENID_CONFIG_JWKS_URI"), "").body), &set); err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string]string{"generator": gen, "Texas": texas, "Entra": entra} {
		jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
		if err != nil {
			t.Fatalf("%s: not a JWS: %v", name, err)
		}
		keys := set.Key(jws.Signatures[0].Header.KeyID)
		if len(keys) != 1 {
			t.Fatalf("%s: kid not in the JWKS", name)
		}
		if _, err := jws.Verify(keys[0]); err == nil {
			t.Errorf("%s: the bad-signature token verifies", name)
		}
	}
	in := postForm(t, env(s, "NAIS_TOKEN_INTROSPECTION_ENDPOINT"), url.Values{"identity_provider": {"entra_id"}, "token": {texas}}).json(t)
	if in["error"] != "invalid token: InvalidSignature" {
		t.Errorf("Texas introspection: %v", in)
	}
}

// TestLoginChallengeKeepsTheRawURI: the redirect carries the request URI
// as it came, not URL-encoded (Auth.kt loginUrl: request.uri).
func TestLoginChallengeKeepsTheRawURI(t *testing.T) {
	s, _ := start(t, Options{})
	for _, path := range []string{"/api/obo?aud=dev-gcp:pdl:pdl-api", "/api/m2m?aud=api%3A%2F%2Fx&y=1", "/api/me", "/api/headers/"} {
		r := get(t, s.URL()+path, "expired-or-made-up-session-value")
		if want := s.URL() + "/oauth2/login?redirect=" + path; r.status != 302 || r.header.Get("Location") != want || r.body != "" {
			t.Errorf("%s: HTTP %d Location %q body %q, want 302 %q", path, r.status, r.header.Get("Location"), r.body, want)
		}
	}
}

// TestLoginChallengeUsesTheHost: the redirect is built from the Host the
// request came to, not from a configured base.
func TestLoginChallengeUsesTheHost(t *testing.T) {
	s, _ := start(t, Options{})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/obo?aud=dev-gcp:a:b", nil)
	req.Host = "azure-token-generator.intern.dev.nav.no"
	r := do(t, noRedirects, req)
	if want := "http://azure-token-generator.intern.dev.nav.no/oauth2/login?redirect=/api/obo?aud=dev-gcp:a:b"; r.header.Get("Location") != want {
		t.Errorf("Location %q, want %q", r.header.Get("Location"), want)
	}
}
