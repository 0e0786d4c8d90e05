package flows

import (
	"context"
	"crypto/rsa"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

const scope = "api://dev-gcp.team.app/.default"

var fixedNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// privateJWK is AZURE_APP_JWK for key, as azurerator writes it.
func privateJWK(t *testing.T, key any, alg string) string {
	t.Helper()
	b, err := jose.JSONWebKey{Key: key, KeyID: "kid-1", Algorithm: alg, Use: "sig"}.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkAssertion verifies a client assertion with the public key and
// returns its claims.
func checkAssertion(t *testing.T, assertion string, pub *rsa.PublicKey) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(assertion, claims, func(tok *jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(func() time.Time { return fixedNow }))
	if err != nil {
		t.Fatalf("client assertion does not verify: %v", err)
	}
	if tok.Header["kid"] != "kid-1" || tok.Header["alg"] != "RS256" {
		t.Errorf("assertion header = %v, want alg RS256 and kid kid-1", tok.Header)
	}
	return claims
}

func TestEntraWithSecret(t *testing.T) {
	tok, user := fakeJWT("entra"), fakeJWT("user")
	success := answer{200, jsonHeader, `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"` + tok + `"}`}
	for _, tc := range []struct {
		name string
		req  Request
		form url.Values
	}{
		{"M2M", Request{Target: target, Flow: M2M, UserToken: "ignored"},
			url.Values{"grant_type": {"client_credentials"}, "client_id": {"client-id"}, "scope": {scope}, "client_secret": {"the-secret"}}},
		{"OBO", Request{Target: target, Flow: OBO, UserToken: user},
			url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "requested_token_use": {"on_behalf_of"},
				"assertion": {user}, "client_id": {"client-id"}, "scope": {scope}, "client_secret": {"the-secret"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, success)
			// The secret is used when there is no JWK (blank counts as none).
			e := Entra{TokenEndpoint: srv.URL + "/tenant/oauth2/v2.0/token", ClientID: "client-id", ClientSecret: "the-secret", JWK: " \n"}
			got, err := e.Fetch(context.Background(), tc.req)
			checkPost(t, only(t, ch), "/tenant/oauth2/v2.0/token", tc.form)
			if want := (Issued{tok, 3599 * time.Second}); err != nil || got != want {
				t.Fatalf("Fetch = %+v, %v; want %+v", got, err, want)
			}
		})
	}
}

func TestEntraWithJWK(t *testing.T) {
	key := testKey()
	for _, tc := range []struct {
		name, issuer, alg, wantAud string
	}{
		{"aud is the issuer", "https://login.example/tenant/v2.0", "RS256", "https://login.example/tenant/v2.0"},
		{"aud is the token endpoint without an issuer", "", "", "{endpoint}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, ch := serve(t, answer{200, jsonHeader, `{"access_token":"` + fakeJWT("x") + `","expires_in":3599}`})
			// The JWK wins over a secret, as on NAIS: the form has no client_secret.
			e := Entra{TokenEndpoint: srv.URL + "/token", ClientID: "client-id", ClientSecret: "the-secret", JWK: privateJWK(t, key, tc.alg),
				Issuer: tc.issuer, Now: func() time.Time { return fixedNow }}
			if _, err := e.Fetch(context.Background(), Request{Target: target, Flow: M2M}); err != nil {
				t.Fatal(err)
			}
			got := only(t, ch)
			assertion := got.Form.Get("client_assertion")
			checkPost(t, got, "/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"client-id"}, "scope": {scope},
				"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}, "client_assertion": {assertion}})
			claims := checkAssertion(t, assertion, &key.PublicKey)
			jti, _ := claims["jti"].(string)
			if len(jti) < 16 {
				t.Errorf("jti = %q, want a random ID", jti)
			}
			delete(claims, "jti")
			now := float64(fixedNow.Unix())
			want := jwt.MapClaims{"iss": "client-id", "sub": "client-id", "aud": strings.ReplaceAll(tc.wantAud, "{endpoint}", e.TokenEndpoint),
				"iat": now, "nbf": now, "exp": now + 120}
			if !reflect.DeepEqual(claims, want) {
				t.Errorf("assertion claims = %v\nwant %v", claims, want)
			}
		})
	}
}

func TestAssertionsDiffer(t *testing.T) {
	k, err := parseJWK(privateJWK(t, testKey(), "RS256"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := k.assertion("c", "aud", fixedNow)
	b, _ := k.assertion("c", "aud", fixedNow)
	if a == b {
		t.Error("two assertions at the same instant are equal: jti is not random")
	}
}

func TestEntraError(t *testing.T) {
	srv, ch := serve(t, answer{401, jsonHeader, entraErrorBody})
	e := Entra{TokenEndpoint: srv.URL + "/token", ClientID: "client-id", ClientSecret: "wrong"}
	_, err := e.Fetch(context.Background(), Request{Target: target, Flow: M2M})
	only(t, ch)
	var oe *OAuthError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want *OAuthError", err)
	}
	if oe.Service != "Entra ID" || oe.Status != 401 || oe.Code != "invalid_client" || oe.AADSTS != 7000215 ||
		oe.TraceID != "8d1f2a3b-0000-4c5d-9e8f-1a2b3c4d5e00" || oe.CorrelationID != "3e4f5a6b-1111-4c5d-9e8f-1a2b3c4d5e11" {
		t.Errorf("err = %+v", *oe)
	}
}

func TestEntraRefusesWithoutCalling(t *testing.T) {
	srv, ch := serve(t, answer{status: 500})
	ok := Entra{TokenEndpoint: srv.URL + "/token", ClientID: "client-id", ClientSecret: "s"}
	for _, tc := range []struct {
		name   string
		change func(*Entra)
		req    Request
		want   string
	}{
		{"no endpoint", func(e *Entra) { e.TokenEndpoint = "" }, Request{Target: target, Flow: M2M},
			"entra source: AZURE_OPENID_CONFIG_TOKEN_ENDPOINT is not set"},
		{"no client ID", func(e *Entra) { e.ClientID = " " }, Request{Target: target, Flow: M2M},
			"entra source: AZURE_APP_CLIENT_ID is not set"},
		{"no secret and no JWK", func(e *Entra) { e.ClientSecret = "" }, Request{Target: target, Flow: M2M},
			"entra source: neither AZURE_APP_CLIENT_SECRET nor AZURE_APP_JWK is set; the app's Entra ID secret has them"},
		{"OBO without user token", func(*Entra) {}, Request{Target: target, Flow: OBO},
			"Entra ID: " + ErrNoUserToken.Error()},
		{"JWK not JSON", func(e *Entra) { e.ClientSecret, e.JWK = "", "{kty: RSA}" }, Request{Target: target, Flow: M2M},
			"entra source: AZURE_APP_JWK is not a private RSA JWK: it is not valid JSON (in a dotenv file, put the JSON in single quotes)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			tc.change(&e)
			_, err := e.Fetch(context.Background(), tc.req)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v\nwant %q", err, tc.want)
			}
			none(t, ch)
		})
	}
}

func TestEntraFromEnvAndNames(t *testing.T) {
	env := map[string]string{EnvEntraTokenEndpoint: "https://login/t/token", EnvEntraClientID: "cid", EnvEntraClientSecret: "sec",
		EnvEntraJWK: "{}", EnvEntraIssuer: "https://login/t/v2.0"}
	e := EntraFromEnv(func(k string) string { return env[k] }, nil)
	if e.TokenEndpoint != "https://login/t/token" || e.ClientID != "cid" || e.ClientSecret != "sec" || e.JWK != "{}" ||
		e.Issuer != "https://login/t/v2.0" || e.HTTP != nil || e.Now != nil {
		t.Errorf("EntraFromEnv = %+v", e)
	}
	for _, tc := range []struct{ got, want string }{
		{string(e.Via()), "entra"},
		{e.Describe(Request{Flow: M2M}), "Asking Entra ID for an M2M token (client credentials)"},
		{e.Describe(Request{Flow: OBO}), "Asking Entra ID to exchange your user token for an OBO token"},
		{e.CacheKey(Request{Target: target, Flow: M2M}), "entra|entra_id|https://login/t/token|m2m|dev-gcp:team:app|c:cid"},
		{e.CacheKey(Request{Target: target, Flow: OBO, UserToken: "u1"}), "entra|entra_id|https://login/t/token|obo|dev-gcp:team:app|c:cid|u:" + shortHash("u1")},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
