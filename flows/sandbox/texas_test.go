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
	if r.status != status || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Errorf("HTTP %d %q, want %d JSON: %s", r.status, r.header.Get("Content-Type"), status, r.body)
	}
	b := r.json(t)
	desc, _ := b["error_description"].(string)
	if b["error"] != code || !strings.Contains(desc, inDescription) || len(b) != 2 {
		t.Errorf("body = %v, want exactly error %q and a description with %q", b, code, inDescription)
	}
}

func TestTexasMediaTypes(t *testing.T) {
	s, _ := start(t, Options{})
	for _, endpoint := range []string{"NAIS_TOKEN_ENDPOINT", "NAIS_TOKEN_EXCHANGE_ENDPOINT", "NAIS_TOKEN_INTROSPECTION_ENDPOINT"} {
		for _, ct := range []string{"text/plain", "", "multipart/form-data; boundary=x"} {
			r := post(t, env(s, endpoint), ct, `identity_provider=azuread&target=dev-gcp:a:b`)
			checkTexasError(t, r, 400, "invalid_request", "unsupported media type")
		}
	}
	ok := post(t, env(s, "NAIS_TOKEN_ENDPOINT"), "application/json; charset=utf-8", `{"identity_provider":"entra_id","target":"dev-gcp:a:b"}`)
	if ok.status != 200 {
		t.Errorf("JSON with charset: HTTP %d: %s", ok.status, ok.body)
	}
}

func TestTexasOwnErrors(t *testing.T) {
	s, _ := start(t, Options{})
	tok := env(s, "NAIS_TOKEN_ENDPOINT")
	for _, tt := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"no target", map[string]any{"identity_provider": "azuread"}, "missing field `target`"},
		{"no identity provider", map[string]any{"target": "dev-gcp:a:b"}, "missing field `identity_provider`"},
		{"unknown identity provider", map[string]any{"identity_provider": "okta", "target": "dev-gcp:a:b"}, "unknown variant `okta`"},
		{"provider not enabled", map[string]any{"identity_provider": "tokenx", "target": "dev-gcp:a:b"}, "'tokenx' is not enabled"},
		{"skip_cache not a bool", map[string]any{"identity_provider": "azuread", "target": "dev-gcp:a:b", "skip_cache": "yes"}, "skip_cache"},
	} {
		t.Run(tt.name, func(t *testing.T) { checkTexasError(t, postJSON(t, tok, tt.body), 400, "invalid_request", tt.want) })
	}
	checkTexasError(t, postForm(t, tok, url.Values{"identity_provider": {"azuread"}, "target": {"dev-gcp:a:b"}, "skip_cache": {"yes"}}), 400, "invalid_request", "skip_cache")
	checkTexasError(t, postJSON(t, env(s, "NAIS_TOKEN_EXCHANGE_ENDPOINT"), map[string]any{"identity_provider": "azuread", "target": "dev-gcp:a:b"}), 400, "invalid_request", "missing field `user_token`")
	checkTexasError(t, postJSON(t, env(s, "NAIS_TOKEN_INTROSPECTION_ENDPOINT"), map[string]any{"identity_provider": "azuread"}), 400, "invalid_request", "missing field `token`")
}

type texasToken struct {
	raw       string
	expiresIn int64
}

func texasGet(t *testing.T, s *Sandbox, form url.Values) texasToken {
	t.Helper()
	r := postForm(t, env(s, "NAIS_TOKEN_ENDPOINT"), form)
	b := r.json(t)
	if r.status != 200 || b["token_type"] != "Bearer" || len(b) != 3 {
		t.Fatalf("HTTP %d: %s", r.status, r.body)
	}
	raw, _ := b["access_token"].(string)
	return texasToken{raw, num(b["expires_in"])}
}

func TestTexasCacheAndSkipCache(t *testing.T) {
	s, clk := start(t, Options{})
	form := url.Values{"identity_provider": {"azuread"}, "target": {"api://dev-gcp.nais.hello-world/.default"}}
	first := texasGet(t, s, form)
	if first.expiresIn != 3899 {
		t.Errorf("fresh expires_in = %d, want 3899", first.expiresIn)
	}
	_, c := verified(t, s, first.raw)
	if c["azp"] != env(s, "AZURE_APP_CLIENT_ID") || c["azpacr"] != "2" || c["idtyp"] != "app" {
		t.Errorf("Texas token is not the sandbox app's M2M token: %v", c)
	}

	clk.advance(100 * time.Second)
	cached := texasGet(t, s, url.Values{"identity_provider": {"entra_id"}, "target": {"dev-gcp:nais:hello-world"}})
	if cached.raw != first.raw || cached.expiresIn != 3799 {
		t.Errorf("cached: same=%v expires_in=%d, want the same token with 3799 s left", cached.raw == first.raw, cached.expiresIn)
	}

	skipped := texasGet(t, s, url.Values{"identity_provider": {"azuread"}, "target": form["target"], "skip_cache": {"true"}})
	if skipped.raw == first.raw || skipped.expiresIn != 3899 {
		t.Errorf("skip_cache: same=%v expires_in=%d, want a new token with 3899 s", skipped.raw == first.raw, skipped.expiresIn)
	}
	afterSkip := texasGet(t, s, form)
	if afterSkip.raw != skipped.raw {
		t.Error("skip_cache did not refresh the cache")
	}

	clk.advance(3899*time.Second - texasLeeway)
	renewed := texasGet(t, s, form)
	if renewed.raw == skipped.raw || renewed.expiresIn != 3899 {
		t.Errorf("within the leeway: same=%v expires_in=%d, want a new token", renewed.raw == skipped.raw, renewed.expiresIn)
	}

	r := postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "azuread", "target": "dev-gcp:nais:hello-world", "skip_cache": true})
	if tok, _ := r.json(t)["access_token"].(string); tok == renewed.raw {
		t.Error("JSON skip_cache: true returned the cached token")
	}
}

func TestTexasCacheShortTokens(t *testing.T) {
	c := newTexasCache()
	c.put("k", issued{raw: "tok", lifetime: 50 * time.Second}, t0)
	if _, left, ok := c.get("k", t0.Add(24*time.Second)); !ok || left != 26 {
		t.Errorf("at 24 s: ok=%v left=%d, want cached with 26 s left", ok, left)
	}
	if _, _, ok := c.get("k", t0.Add(25*time.Second)); ok {
		t.Error("a 50 s token must drop out at half its life")
	}
}

func TestTexasExchange(t *testing.T) {
	s, clk := start(t, Options{})
	userToken, _ := s.UserToken()
	exchange := env(s, "NAIS_TOKEN_EXCHANGE_ENDPOINT")
	body := func(ut string) map[string]any {
		return map[string]any{"identity_provider": "azuread", "target": "dev-gcp:pdl:pdl-api", "user_token": ut}
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
	late := postForm(t, exchange, url.Values{"identity_provider": {"azuread"}, "target": {"dev-gcp:nais:hello-world"}, "user_token": {userToken}})
	checkTexasError(t, late, 400, "invalid_grant", "AADSTS500133")
}

func TestTexasIntrospect(t *testing.T) {
	s, clk := start(t, Options{})
	mine, _ := s.UserToken()
	forOther := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:pdl:pdl-api"}}).body
	forged := signed(t, anotherKey(t), signingKid(t, s), jwt.MapClaims{"aud": sandboxApp.clientID, "iss": s.issuer(), "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix()})
	introspect := func(tok string) map[string]any {
		r := postForm(t, env(s, "NAIS_TOKEN_INTROSPECTION_ENDPOINT"), url.Values{"identity_provider": {"azuread"}, "token": {tok}})
		if r.status != 200 {
			t.Errorf("introspect: HTTP %d, want always 200", r.status)
		}
		if tok != "" && strings.Contains(r.body, tok) && r.json(t)["active"] == false {
			t.Error("inactive answer reveals the token")
		}
		return r.json(t)
	}
	if b := introspect(mine); b["active"] != true || b["NAVident"] != "Z990123" || b["aud"] != sandboxApp.clientID || num(b["exp"]) != t0.Add(3899*time.Second).Unix() {
		t.Errorf("valid token: %v", b)
	}
	for _, tt := range []struct{ name, token, reason string }{
		{"another app's token", forOther, "InvalidAudience"},
		{"forged", forged, "InvalidSignature"},
		{"garbage", "garbage", "InvalidToken"},
	} {
		if b := introspect(tt.token); b["active"] != false || !strings.Contains(b["error"].(string), tt.reason) || len(b) != 2 {
			t.Errorf("%s: %v, want inactive with %s", tt.name, b, tt.reason)
		}
	}
	clk.advance(3899*time.Second + 30*time.Second)
	if b := introspect(mine); b["active"] != true {
		t.Errorf("within Texas's 60 s leeway: %v", b)
	}
	clk.advance(time.Minute)
	if b := introspect(mine); b["active"] != false || b["error"] != "invalid token: ExpiredSignature" {
		t.Errorf("expired: %v", b)
	}
}
