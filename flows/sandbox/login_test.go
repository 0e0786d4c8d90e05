package sandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestLoginRoundTrip(t *testing.T) {
	s, _ := start(t, Options{})
	c := jarClient(t)

	// GET /api/obo → 302 → the login page, followed by the client.
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/obo?aud=dev-gcp:pdl:pdl-api", nil)
	page := do(t, c, req)
	if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") ||
		!strings.Contains(page.body, "Log in as Demo Developer") || !strings.Contains(page.body, "entratoken sandbox") ||
		!strings.Contains(page.body, `name="redirect" value="/api/obo?aud=dev-gcp:pdl:pdl-api"`) {
		t.Fatalf("login page: HTTP %d: %s", page.status, page.body)
	}

	// The button posts the form; the cookie must be as the login proxy sets it.
	form := url.Values{"redirect": {"/api/obo?aud=dev-gcp:pdl:pdl-api"}}
	raw := postForm(t, s.URL()+"/oauth2/login", form)
	cookie := raw.header.Get("Set-Cookie")
	for _, want := range []string{"io.nais.wonderwall.session=", "Path=/", "Max-Age=36000", "HttpOnly"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("Set-Cookie %q lacks %q", cookie, want)
		}
	}
	if raw.status != 302 || raw.header.Get("Location") != "/api/obo?aud=dev-gcp:pdl:pdl-api" {
		t.Errorf("login POST: HTTP %d Location %q", raw.status, raw.header.Get("Location"))
	}

	// With a jar: the cookie is kept and the redirect leads to the token.
	req, _ = http.NewRequest(http.MethodPost, s.URL()+"/oauth2/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	tok := do(t, c, req)
	if tok.status != 200 || tok.json(t)["access_token"] == nil {
		t.Fatalf("after login: HTTP %d: %s", tok.status, tok.body)
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL()+"/api/m2m?aud=dev-gcp:nais:hello-world", nil)
	if again := do(t, c, req); again.status != 200 {
		t.Errorf("the session did not stick: HTTP %d", again.status)
	}
}

func TestLoginOpenRedirectGuard(t *testing.T) {
	s, _ := start(t, Options{})
	for in, want := range map[string]string{
		"/api/obo?aud=dev-gcp:a:b": "/api/obo?aud=dev-gcp:a:b",
		"":                         "/",
		"https://evil.example/x":   "/",
		"//evil.example/x":         "/",
		`/\evil.example`:           "/",
		"javascript:alert(1)":      "/",
		"evil.example":             "/",
		"/ok\r\nSet-Cookie: x=y":   "/",
		"http:/evil.example":       "/",
		"/%2F%2Fevil.example":      "/%2F%2Fevil.example",
	} {
		r := postForm(t, s.URL()+"/oauth2/login", url.Values{"redirect": {in}})
		if r.status != 302 || r.header.Get("Location") != want {
			t.Errorf("redirect %q: HTTP %d Location %q, want %q", in, r.status, r.header.Get("Location"), want)
		}
	}
	page := get(t, s.URL()+`/oauth2/login?redirect=/"><script>alert(1)</script>`, "")
	if strings.Contains(page.body, "<script>alert") {
		t.Error("the login page does not escape the redirect")
	}
	if page := get(t, s.URL()+"/oauth2/login?redirect=https://evil.example", ""); strings.Contains(page.body, "evil.example") {
		t.Error("the login page carries a foreign redirect")
	}
}
