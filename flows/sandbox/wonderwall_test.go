package sandbox

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// TestBrowserLogin walks the login as a browser does: the generator sends
// it to Wonderwall's login, Wonderwall to Entra's sign-in page, the user
// signs in, Entra sends it to Wonderwall's callback, which sets the
// session and sends it back to the token.
func TestBrowserLogin(t *testing.T) {
	s, _ := start(t, Options{})
	c := jarClient(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/api/obo?aud=dev-gcp:pdl:pdl-api", nil)
	page := do(t, c, req)
	action := regexp.MustCompile(`<form method="post" action="([^"]+)">`).FindStringSubmatch(page.body)
	if page.status != 200 || !strings.HasPrefix(page.header.Get("Content-Type"), "text/html") || action == nil ||
		!strings.Contains(page.body, "Sign in as Demo Developer") {
		t.Fatalf("sign-in page: HTTP %d: %s", page.status, page.body)
	}
	signIn, _ := url.Parse(html.UnescapeString(action[1]))
	q := signIn.Query()
	if q.Get("client_id") != generatorApp.clientID || q.Get("scope") != "openid api://"+generatorApp.clientID+"/.default offline_access" ||
		q.Get("code_challenge_method") != "S256" || q.Get("redirect_uri") != s.URL()+"/oauth2/callback" {
		t.Errorf("authorize request: %v", q)
	}

	// Signing in: Entra redirects to the callback, which sets the cookie.
	req, _ = http.NewRequest(http.MethodPost, s.URL()+signIn.RequestURI(), nil)
	back := do(t, noRedirects, req)
	callback, _ := url.Parse(back.header.Get("Location"))
	if back.status != 302 || callback.Path != "/oauth2/callback" || callback.Query().Get("state") != q.Get("state") || callback.Query().Get("code") == "" {
		t.Fatalf("sign-in: HTTP %d Location %q", back.status, back.header.Get("Location"))
	}
	req, _ = http.NewRequest(http.MethodGet, callback.String(), nil)
	for _, ck := range c.Jar.Cookies(callback) {
		req.AddCookie(ck)
	}
	done := do(t, noRedirects, req)
	set := strings.Join(done.header.Values("Set-Cookie"), "\n")
	if done.status != 302 || done.header.Get("Location") != "/api/obo?aud=dev-gcp:pdl:pdl-api" ||
		!regexp.MustCompile(`(?m)^io\.nais\.wonderwall\.session=[A-Za-z0-9_-]+; Path=/; HttpOnly; SameSite=Lax$`).MatchString(set) {
		t.Fatalf("callback: HTTP %d Location %q Set-Cookie:\n%s", done.status, done.header.Get("Location"), set)
	}
	if again := do(t, noRedirects, req); again.status != 307 {
		t.Errorf("a second callback with the same code and state: HTTP %d, want 307 (retry the login)", again.status)
	}

	// With the cookie the callback set, the browser gets its token.
	c.Jar.SetCookies(callback, (&http.Response{Header: done.header}).Cookies())
	req, _ = http.NewRequest(http.MethodGet, s.URL()+done.header.Get("Location"), nil)
	if tok := do(t, c, req); tok.status != 200 || tok.json(t)["access_token"] == nil {
		t.Fatalf("after sign-in: HTTP %d: %s", tok.status, tok.body)
	}
	req, _ = http.NewRequest(http.MethodGet, s.URL()+"/api/m2m?aud=dev-gcp:nais:hello-world", nil)
	if again := do(t, c, req); again.status != 200 {
		t.Errorf("the session did not stick: HTTP %d", again.status)
	}
}

// TestLoginRedirects: where Wonderwall sends the browser after login
// (pkg/url/redirect.go Canonical, validator.go RelativeValidator).
func TestLoginRedirects(t *testing.T) {
	for in, want := range map[string]string{
		"/api/obo?aud=dev-gcp:a:b": "/api/obo?aud=dev-gcp:a:b",
		"":                         "/",
		"https://evil.example/x":   "/x",
		"//evil.example/x":         "/x",
		`/\evil.example`:           "/%5Cevil.example",
		"/a/../b":                  "/",
		"javascript:alert(1)":      "/",
		"evil.example":             "/",
		"/ok\r\nSet-Cookie: x=y":   "/",
	} {
		r := httptest.NewRequest(http.MethodGet, "/oauth2/login?"+url.Values{"redirect": {in}}.Encode(), nil)
		if got := canonicalRedirect(r); got != want {
			t.Errorf("redirect %q: %q, want %q", in, got, want)
		}
	}
}

// TestSessionEnds: a session ends at its maximum lifetime; after that
// /oauth2/session is 401 and the generator asks for a login again.
func TestSessionEnds(t *testing.T) {
	s, clk := start(t, Options{SessionLifetime: 2 * time.Minute})
	meta := func() (int, map[string]any) {
		r := get(t, s.URL()+"/oauth2/session", s.DemoSession())
		if r.status != 200 {
			return r.status, nil
		}
		return r.status, r.json(t)["session"].(map[string]any)
	}
	if status, m := meta(); status != 200 || num(m["ends_in_seconds"]) != 120 || m["active"] != true {
		t.Fatalf("new session: HTTP %d %v", status, m)
	}
	clk.advance(119 * time.Second)
	if status, m := meta(); status != 200 || num(m["ends_in_seconds"]) != 1 {
		t.Errorf("a second before the end: HTTP %d %v", status, m)
	}
	if r := get(t, s.URL()+"/api/obo?aud=dev-gcp:a:b", s.DemoSession()); r.status != 200 {
		t.Errorf("token a second before the end: HTTP %d", r.status)
	}
	clk.advance(time.Second)
	if status, _ := meta(); status != 401 {
		t.Errorf("at the end: HTTP %d, want 401", status)
	}
	if r := send(t, http.MethodPost, s.URL()+"/oauth2/session/refresh", s.DemoSession()); r.status != 401 {
		t.Errorf("refresh at the end: HTTP %d, want 401", r.status)
	}
	if r := get(t, s.URL()+"/api/obo?aud=dev-gcp:a:b", s.DemoSession()); r.status != 302 {
		t.Errorf("token at the end: HTTP %d, want 302 to the login", r.status)
	}
}

// TestSessionTokensRefresh: the tokens in a session are refreshed on a
// proxied request from 30 s before they expire, and by
// /oauth2/session/refresh once the cooldown is over.
func TestSessionTokensRefresh(t *testing.T) {
	s, clk := start(t, Options{})
	tokens := func() map[string]any {
		return get(t, s.URL()+"/oauth2/session", s.DemoSession()).json(t)["tokens"].(map[string]any)
	}
	r := send(t, http.MethodPost, s.URL()+"/oauth2/session/refresh", s.DemoSession()).json(t)["tokens"].(map[string]any)
	if r["refreshed_at"] != "2025-03-14T09:26:53Z" || r["refresh_cooldown"] != true {
		t.Errorf("refresh on cooldown changed the tokens: %v", r)
	}
	clk.advance(61 * time.Second)
	r = send(t, http.MethodPost, s.URL()+"/oauth2/session/refresh", s.DemoSession()).json(t)["tokens"].(map[string]any)
	if r["refreshed_at"] != "2025-03-14T09:27:54Z" || num(r["expire_in_seconds"]) != 3899 || num(r["refresh_cooldown_seconds"]) != 60 {
		t.Errorf("after the cooldown: %v", r)
	}
	clk.advance(3899*time.Second - 30*time.Second)
	if tk := tokens(); num(tk["expire_in_seconds"]) != 30 || num(tk["next_auto_refresh_in_seconds"]) != 0 {
		t.Errorf("30 s before expiry: %v", tk)
	}
	clk.advance(time.Second)
	if r := get(t, s.URL()+"/api/obo?aud=dev-gcp:a:b", s.DemoSession()); r.status != 200 {
		t.Fatalf("proxied request: HTTP %d", r.status)
	}
	if tk := tokens(); num(tk["expire_in_seconds"]) != 3899 {
		t.Errorf("the proxied request did not refresh the tokens: %v", tk)
	}
}

func TestLogout(t *testing.T) {
	s, _ := start(t, Options{})
	c := jarClient(t)
	session := s.newSession(demoUser)
	u, _ := url.Parse(s.URL())
	c.Jar.SetCookies(u, []*http.Cookie{{Name: SessionCookie, Value: session}})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/oauth2/logout?redirect=/api/me", nil)
	r := do(t, c, req)
	// Back at /api/me, which without a session sends the browser on to the
	// login and the sign-in page.
	if r.status != 200 || !strings.Contains(r.body, "Sign in as Demo Developer") {
		t.Errorf("after logout: HTTP %d: %s", r.status, r.body)
	}
	if got := get(t, s.URL()+"/oauth2/session", session); got.status != 401 {
		t.Errorf("session after logout: HTTP %d", got.status)
	}
}

// TestClientReadsAutoLoginAsLogin: entratoken's generator client, asking
// with Accept: application/json, takes Wonderwall's auto-login 401 as
// "not logged in" for OBO, and as "wants a login" for M2M.
func TestClientReadsAutoLoginAsLogin(t *testing.T) {
	s, _ := start(t, Options{AutoLogin: true})
	client := &http.Client{Transport: acceptJSON{}}
	g := flows.Generator{BaseURL: s.GeneratorURL(), HTTP: client}
	target := flows.Target{Cluster: "dev-gcp", Namespace: "pdl", App: "pdl-api"}
	_, err := g.Fetch(context.Background(), flows.Request{Target: target, Flow: flows.OBO, Session: "not-a-session"})
	var nl *flows.NotLoggedInError
	if !errors.As(err, &nl) || !nl.Rejected {
		t.Errorf("Fetch: %v, want a rejected session", err)
	}
	if _, err := g.Fetch(context.Background(), flows.Request{Target: target, Flow: flows.OBO, Session: s.DemoSession()}); err != nil {
		t.Errorf("Fetch with the demo session: %v", err)
	}
	// Auto-login walls the public M2M endpoint too (it is not among
	// Wonderwall's default ignored paths): that is said as such, not as a
	// refusal.
	_, err = g.Fetch(context.Background(), flows.Request{Target: target, Flow: flows.M2M})
	var ml *flows.M2MLoginError
	if !errors.As(err, &ml) || ml.Status != http.StatusUnauthorized {
		t.Errorf("M2M Fetch: %#v, want an M2MLoginError for HTTP 401", err)
	}
}

type acceptJSON struct{}

func (acceptJSON) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept", "application/json")
	return http.DefaultTransport.RoundTrip(r)
}
