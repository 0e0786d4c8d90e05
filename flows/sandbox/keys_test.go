package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// gateKeys makes Start's key generation wait, at the given roles' keys
// (all if none), until the returned func is called, so a test can act
// while the keys are still being made.
func gateKeys(t *testing.T, roles ...keyRole) (release func()) {
	t.Helper()
	saved := generateKey
	gate := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	generateKey = func(role keyRole) (keyPair, error) {
		if len(roles) == 0 || slices.Contains(roles, role) {
			<-gate
		}
		return saved(role)
	}
	t.Cleanup(func() { release(); generateKey = saved })
	return release
}

func TestStartDoesNotWaitForTheKeys(t *testing.T) {
	release := gateKeys(t)
	s, _ := start(t, Options{})

	// What needs no key answers at once.
	if r := get(t, s.URL()+"/internal/is_alive", ""); r.body != "alive" {
		t.Errorf("is_alive while the keys are being made: %q", r.body)
	}
	if v, ok := s.LookupEnv("ENTRATOKEN_GENERATOR_URL"); !ok || v != s.GeneratorURL() {
		t.Errorf("LookupEnv(ENTRATOKEN_GENERATOR_URL) = %q, %v", v, ok)
	}
	if v, ok := s.LookupEnv("HOME"); ok || v != "" {
		t.Errorf("LookupEnv(HOME) = %q, %v, want nothing: not the sandbox's", v, ok)
	}

	// A request that needs the key waits, and gives up with its context.
	req, _ := http.NewRequestWithContext(ctxTimeout(t, 100*time.Millisecond), http.MethodPost, s.URL()+"/api/public/m2m",
		strings.NewReader(url.Values{"aud": {"dev-gcp:team:app"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("token request before the keys: %v, want its deadline", err)
	}
	if _, err := s.sign(ctxTimeout(t, 50*time.Millisecond), mint{target: sandboxApp, caller: sandboxApp}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("sign before the keys: %v, want the context's error", err)
	}

	// One that waits patiently gets its token when the keys are ready.
	status := make(chan string, 1)
	go func() {
		resp, err := http.PostForm(s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}})
		if err != nil {
			status <- err.Error()
			return
		}
		resp.Body.Close()
		status <- resp.Status
	}()
	time.Sleep(50 * time.Millisecond)
	select {
	case got := <-status:
		t.Fatalf("the token request did not wait for the keys: %s", got)
	default:
	}
	release()
	if got := <-status; got != "200 OK" {
		t.Fatalf("token request that waited for the keys: %s", got)
	}
	r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}})
	if r.status != 200 {
		t.Fatalf("token request after the keys: HTTP %d %s", r.status, r.body)
	}
	if _, c := verified(t, s, r.body); c["idtyp"] != "app" {
		t.Errorf("claims: %v", c)
	}
	clientKey(t, s) // AZURE_APP_JWK is there now
}

// TestTokensNeedOnlyTheSigningKey: while the client key is being made,
// every token but Entra's for a client assertion can be had.
func TestTokensNeedOnlyTheSigningKey(t *testing.T) {
	release := gateKeys(t, roleClient)
	s, _ := start(t, Options{})
	lookup := func(name string) string { v, _ := s.LookupEnv(name); return v } // Env would wait for the key
	hello := url.Values{"identity_provider": {"azuread"}, "target": {"api://dev-gcp.nais.hello-world/.default"}}
	if r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}}); r.status != 200 {
		t.Errorf("generator: HTTP %d %s", r.status, r.body)
	}
	if r := postForm(t, lookup("NAIS_TOKEN_ENDPOINT"), hello); r.status != 200 {
		t.Errorf("Texas: HTTP %d %s", r.status, r.body)
	}
	form := url.Values{"grant_type": {grantClientCredentials}, "client_id": {sandboxApp.clientID},
		"scope": {"api://dev-gcp.team.app/.default"}, "client_secret": {s.clientSecret}}
	if r := postForm(t, lookup("AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), form); r.status != 200 {
		t.Errorf("Entra with the client secret: HTTP %d %s", r.status, r.body)
	}

	form.Del("client_secret")
	form.Set("client_assertion_type", assertionTypeJWTBearer)
	form.Set("client_assertion", signed(t, anotherKey(t), "k", jwt.MapClaims{"iss": sandboxApp.clientID}))
	req, _ := http.NewRequestWithContext(ctxTimeout(t, 100*time.Millisecond), http.MethodPost,
		lookup("AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := http.DefaultClient.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Entra with a client assertion before the client key: %v, want its deadline", err)
	}
	release()
	clientKey(t, s)
}

func TestKeysThatCannotBeMade(t *testing.T) {
	saved := generateKey
	generateKey = func(keyRole) (keyPair, error) { return keyPair{}, errors.New("entropy ran out") }
	t.Cleanup(func() { generateKey = saved })
	s, _ := start(t, Options{})

	if r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}}); r.status != 500 || strings.Contains(r.body, "entropy") {
		t.Errorf("token request: HTTP %d %q, want 500 without internals", r.status, r.body)
	}
	if r := get(t, env(s, "AZURE_OPENID_CONFIG_JWKS_URI"), ""); r.status != 500 {
		t.Errorf("JWKS: HTTP %d, want 500", r.status)
	}
	if v := env(s, "AZURE_APP_JWK"); v != "" {
		t.Errorf("AZURE_APP_JWK = %q, want empty without keys", v)
	}
	if _, err := s.UserToken(); err == nil || !strings.Contains(err.Error(), "making its signing key") {
		t.Errorf("UserToken: %v", err)
	}
}

// TestStartTimeWithRealKeys generates real RSA keys: Start must return
// well before they are made, and the first token request must still work.
func TestStartTimeWithRealKeys(t *testing.T) {
	saved := generateKey
	generateKey = func(keyRole) (keyPair, error) { return newKeyPair() }
	t.Cleanup(func() { generateKey = saved })

	began := time.Now()
	s, err := Start(Options{})
	startTook := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:team:app"}})
	firstToken := time.Since(began)
	if r.status != 200 {
		t.Fatalf("first token: HTTP %d %s", r.status, r.body)
	}
	jwk := env(s, "AZURE_APP_JWK") // waits for the client key
	allKeys := time.Since(began)
	if _, kid := clientKey(t, s); kid == signingKid(t, s) {
		t.Errorf("the client key is the signing key (kid %s)", kid)
	}
	if strings.Contains(jwk, signingKid(t, s)) {
		t.Error("AZURE_APP_JWK holds the signing key's kid")
	}
	t.Logf("Start returned after %v; the first token (signing key made meanwhile) after %v; both RSA-2048 keys after %v", startTook, firstToken, allKeys)
	if startTook > 100*time.Millisecond {
		t.Errorf("Start took %v: it should not wait for the keys", startTook)
	}
}
