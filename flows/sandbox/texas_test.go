package sandbox

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// checkTexasError checks Texas's error shape: error and error_description
// only.
func checkTexasError(t *testing.T, r reply, status int, code, inDescription string) {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("HTTP %d %q, want %d JSON: %s", r.status, r.header.Get("Content-Type"), status, r.body)
	}
	b := r.json(t)
	desc, _ := b["error_description"].(string)
	if b["error"] != code || !strings.Contains(desc, inDescription) || len(b) != 2 {
		t.Errorf("body = %v, want exactly error %q and a description with %q", b, code, inDescription)
	}
}

type texasTok struct {
	raw       string
	expiresIn int64
}

func texasGet(t *testing.T, s *Sandbox, form url.Values) texasTok {
	t.Helper()
	r := postForm(t, env(s, "NAIS_TOKEN_ENDPOINT"), form)
	b := r.json(t)
	if r.status != 200 || b["token_type"] != "Bearer" || len(b) != 3 {
		t.Fatalf("HTTP %d: %s", r.status, r.body)
	}
	raw, _ := b["access_token"].(string)
	return texasTok{raw, num(b["expires_in"])}
}

const helloScope = "api://dev-gcp.nais.hello-world/.default"

// TestTexasCache follows src/cache.rs: one entry per request whatever the
// provider's name, the time left in expires_in, skip_cache renews it, and
// it is dropped 120 s before the token expires.
func TestTexasCache(t *testing.T) {
	s, clk := start(t, Options{})
	form := url.Values{"identity_provider": {"azuread"}, "target": {helloScope}}
	first := texasGet(t, s, form)
	if first.expiresIn != 3899 {
		t.Errorf("fresh expires_in = %d, want 3899", first.expiresIn)
	}
	_, c := verified(t, s, first.raw)
	if c["azp"] != env(s, "AZURE_APP_CLIENT_ID") || c["azpacr"] != "2" || c["idtyp"] != "app" {
		t.Errorf("Texas token is not the sandbox app's M2M token: %v", c)
	}

	clk.advance(100 * time.Second)
	cached := texasGet(t, s, url.Values{"identity_provider": {"entra_id"}, "target": {helloScope}})
	if cached.raw != first.raw || cached.expiresIn != 3799 {
		t.Errorf("cached: same=%v expires_in=%d, want the same token with 3799 s left", cached.raw == first.raw, cached.expiresIn)
	}

	skipped := texasGet(t, s, url.Values{"identity_provider": {"azuread"}, "target": {helloScope}, "skip_cache": {"true"}})
	if skipped.raw == first.raw || skipped.expiresIn != 3899 {
		t.Errorf("skip_cache: same=%v expires_in=%d, want a new token with 3899 s", skipped.raw == first.raw, skipped.expiresIn)
	}
	if again := texasGet(t, s, form); again.raw != skipped.raw {
		t.Error("skip_cache did not refresh the cache")
	}

	clk.advance(3899*time.Second - 121*time.Second)
	if kept := texasGet(t, s, form); kept.raw != skipped.raw || kept.expiresIn != 121 {
		t.Errorf("121 s before expiry: same=%v expires_in=%d, want the cached token", kept.raw == skipped.raw, kept.expiresIn)
	}
	clk.advance(time.Second)
	if renewed := texasGet(t, s, form); renewed.raw == skipped.raw || renewed.expiresIn != 3899 {
		t.Errorf("120 s before expiry: same=%v expires_in=%d, want a new token", renewed.raw == skipped.raw, renewed.expiresIn)
	}
}

func TestTexasCacheTTL(t *testing.T) {
	for in, want := range map[time.Duration]time.Duration{
		3600 * time.Second: 3480 * time.Second, 121 * time.Second: time.Second,
		120 * time.Second: 60 * time.Second, 30 * time.Second: 15 * time.Second, 0: 0,
	} {
		if got := texasTTL(in); got != want {
			t.Errorf("texasTTL(%v) = %v, want %v (src/cache.rs test_cached_token_response_ttl)", in, got, want)
		}
	}
}

// TestTexasReadsTheClockAgain: on a running clock a fresh token comes back
// a second short of Entra's expires_in, as from Texas (the cache entry is
// made, then read).
func TestTexasReadsTheClockAgain(t *testing.T) {
	c := &clock{now: t0}
	s, _ := start(t, Options{Now: func() time.Time { c.advance(time.Millisecond); return c.Now() }})
	if got := texasGet(t, s, url.Values{"identity_provider": {"entra_id"}, "target": {helloScope}}); got.expiresIn != 3898 {
		t.Errorf("expires_in = %d, want 3898", got.expiresIn)
	}
}

func TestTexasExchange(t *testing.T) {
	s, clk := start(t, Options{})
	userToken, _ := s.UserToken()
	exchange := env(s, "NAIS_TOKEN_EXCHANGE_ENDPOINT")
	body := func(ut string) map[string]any {
		return map[string]any{"identity_provider": "entra_id", "target": "api://dev-gcp.pdl.pdl-api/.default", "user_token": ut}
	}
	r := postJSON(t, exchange, body(userToken))
	if r.status != 200 {
		t.Fatalf("HTTP %d: %s", r.status, r.body)
	}
	_, c := verified(t, s, r.json(t)["access_token"].(string))
	if c["NAVident"] != "Z990123" || c["azp_name"] != "dev-gcp:sandbox:my-app" || c["azpacr"] != "2" || c["aud"] != nameGUID("client:dev-gcp:pdl:pdl-api") {
		t.Errorf("exchanged token claims: %v", c)
	}

	forOtherApp := get(t, s.URL()+"/api/obo?aud=dev-gcp:pdl:pdl-api", s.DemoSession()).json(t)["access_token"].(string)
	other := signed(t, anotherKey(t), signingKid(t, s), jwt.MapClaims{"aud": sandboxApp.clientID, "iss": s.issuer(), "exp": t0.Add(time.Hour).Unix(), "oid": "x"})
	for _, tt := range []struct {
		name, token, aadsts string
	}{
		{"for another app", forOtherApp, "AADSTS500131"},
		{"forged", other, "AADSTS50013"},
		{"garbage", "garbage", "AADSTS50013"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := postJSON(t, exchange, body(tt.token))
			checkTexasError(t, r, 400, "invalid_grant", tt.aadsts)
			if strings.Contains(r.body, tt.token) {
				t.Error("error reveals the user token")
			}
		})
	}
	clk.advance(2 * time.Hour)
	late := postForm(t, exchange, url.Values{"identity_provider": {"entra_id"}, "target": {helloScope}, "user_token": {userToken}})
	checkTexasError(t, late, 400, "invalid_grant", "AADSTS500133")
}

// TestTexasIntrospect checks the reasons of src/oauth/token.rs
// (Jwks::validate) over jsonwebtoken's validation, for tokens made to
// fail one check each.
func TestTexasIntrospect(t *testing.T) {
	s, clk := start(t, Options{})
	k, err := s.keyring.signing.await(ctxTimeout(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	good := func(override jwt.MapClaims) jwt.MapClaims {
		c := jwt.MapClaims{"aud": sandboxApp.clientID, "iss": s.issuer(), "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix(), "oid": "x"}
		for name, v := range override {
			if v == nil {
				delete(c, name)
			} else {
				c[name] = v
			}
		}
		return c
	}
	sign := func(c jwt.MapClaims) string { return signed(t, k.key.priv, k.key.kid, c) }
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, good(nil))
	hs.Header["kid"] = k.key.kid
	hmac, _ := hs.SignedString([]byte("secret"))
	introspect := func(tok string) map[string]any {
		r := postForm(t, env(s, "NAIS_TOKEN_INTROSPECTION_ENDPOINT"), url.Values{"identity_provider": {"entra_id"}, "token": {tok}})
		if r.status != 200 {
			t.Errorf("introspect: HTTP %d, want always 200", r.status)
		}
		return r.json(t)
	}
	mine, _ := s.UserToken()
	if b := introspect(mine); b["active"] != true || b["NAVident"] != "Z990123" || num(b["exp"]) != t0.Add(3899*time.Second).Unix() {
		t.Errorf("valid token: %v", b)
	}
	for _, tt := range []struct{ name, token, reason string }{
		{"good", sign(good(nil)), ""},
		{"no iss", sign(good(jwt.MapClaims{"iss": nil})), "invalid token: Missing required claim: iss"},
		{"no exp", sign(good(jwt.MapClaims{"exp": nil})), "invalid token: Missing required claim: exp"},
		{"no aud", sign(good(jwt.MapClaims{"aud": nil})), "invalid token: Missing required claim: aud"},
		// A malformed exp is not Parsed, and the required-claims check comes
		// first (jsonwebtoken src/validation.rs, validate).
		{"exp a string", sign(good(jwt.MapClaims{"exp": "soon"})), "invalid token: Missing required claim: exp"},
		{"exp a float", sign(good(jwt.MapClaims{"exp": float64(t0.Add(time.Hour).Unix()) + 0.4})), ""},
		{"other issuer", sign(good(jwt.MapClaims{"iss": "https://sts.windows.net/x/"})), "invalid token: InvalidIssuer"},
		{"aud among others", sign(good(jwt.MapClaims{"aud": []string{"x", sandboxApp.clientID}})), ""},
		{"other aud", sign(good(jwt.MapClaims{"aud": "x"})), "invalid token: InvalidAudience"},
		{"nbf ahead", sign(good(jwt.MapClaims{"nbf": t0.Add(2 * time.Minute).Unix()})), "invalid token: ImmatureSignature"},
		{"nbf within the leeway", sign(good(jwt.MapClaims{"nbf": t0.Add(time.Minute).Unix()})), ""},
		{"no iat", sign(good(jwt.MapClaims{"iat": nil})), "invalid token: Missing required claim: iat"},
		{"iat ahead", sign(good(jwt.MapClaims{"iat": t0.Add(2 * time.Minute).Unix()})), "invalid token: ImmatureSignature"},
		{"HS256 with the kid", hmac, "invalid token: InvalidAlgorithm"},
		{"two parts", "a.b", "invalid token header: InvalidToken"},
		{"header not JSON", "bm9wZQ.e30.c2ln", "invalid token header: JSON error: expected ident at line 1 column 2"},
		{"header without alg", "eyJraWQiOiJ4In0.e30.c2ln", "invalid token header: JSON error: missing field `alg` at line 1 column 11"},
		{"header alg none", "eyJhbGciOiJub25lIn0.e30.c2ln", "invalid token header: JSON error: unknown variant `none`, expected one of `HS256`, `HS384`, `HS512`, `ES256`, `ES384`, `RS256`, `RS384`, `RS512`, `PS256`, `PS384`, `PS512`, `EdDSA` at line 1 column 13"},
		{"padded header", "eyJhbGciOiJSUzI1NiJ9IA==.e30.c2ln", "invalid token header: Base64 error: Invalid padding"},
		{"padding too early", "eyJhbGciOiJSUzI1NiJ9==.e30.c2ln", "invalid token header: Base64 error: Invalid symbol 61, offset 20."},
	} {
		b := introspect(tt.token)
		switch {
		case tt.reason == "" && b["active"] != true:
			t.Errorf("%s: %v, want active", tt.name, b)
		case tt.reason != "" && (b["active"] != false || b["error"] != tt.reason || len(b) != 2):
			t.Errorf("%s: %v, want inactive: %s", tt.name, b, tt.reason)
		}
	}
	clk.advance(3899*time.Second + 60*time.Second)
	if b := introspect(mine); b["active"] != true {
		t.Errorf("within Texas's 60 s leeway: %v", b)
	}
	clk.advance(time.Second)
	if b := introspect(mine); b["active"] != false || b["error"] != "invalid token: ExpiredSignature" {
		t.Errorf("expired: %v", b)
	}
}
