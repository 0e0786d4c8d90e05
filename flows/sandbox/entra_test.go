package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// checkEntraError checks Entra's whole error shape: status, error, the
// AADSTS code in error_codes and the description, and the stamps.
func checkEntraError(t *testing.T, r reply, status int, code string, aadsts int) {
	t.Helper()
	if r.status != status {
		t.Errorf("HTTP %d, want %d: %s", r.status, status, r.body)
	}
	b := r.json(t)
	if b["error"] != code {
		t.Errorf("error = %v, want %s", b["error"], code)
	}
	desc, _ := b["error_description"].(string)
	m := descRe.FindStringSubmatch(desc)
	if m == nil || m[1] != strconv.Itoa(aadsts) {
		t.Fatalf("error_description = %q, want AADSTS%d: … Trace ID … Correlation ID … Timestamp …", desc, aadsts)
	}
	codes, _ := b["error_codes"].([]any)
	if len(codes) != 1 || num(codes[0]) != int64(aadsts) {
		t.Errorf("error_codes = %v, want [%d]", b["error_codes"], aadsts)
	}
	if b["trace_id"] != m[2] || b["correlation_id"] != m[3] || b["timestamp"] != m[4] || m[2] == m[3] {
		t.Errorf("trace_id/correlation_id/timestamp = %v/%v/%v, description has %v", b["trace_id"], b["correlation_id"], b["timestamp"], m[2:])
	}
	if b["timestamp"] != t0.Format("2006-01-02 15:04:05Z") {
		t.Errorf("timestamp = %v, want the sandbox clock", b["timestamp"])
	}
	if b["error_uri"] != "https://login.microsoftonline.com/error?code="+strconv.Itoa(aadsts) {
		t.Errorf("error_uri = %v", b["error_uri"])
	}
}

// assertion is a client assertion for the sandbox app with overrides.
func assertion(t *testing.T, s *Sandbox, override jwt.MapClaims) string {
	t.Helper()
	key, kid := clientKey(t, s)
	id := env(s, "AZURE_APP_CLIENT_ID")
	c := jwt.MapClaims{
		"iss": id, "sub": id, "aud": env(s, "AZURE_OPENID_CONFIG_ISSUER"), "jti": randomGUID(),
		"iat": t0.Unix(), "nbf": t0.Unix(), "exp": t0.Add(time.Minute).Unix(),
	}
	for k, v := range override {
		c[k] = v
	}
	return signed(t, key, kid, c)
}

func ccForm(s *Sandbox, auth url.Values) url.Values {
	f := url.Values{
		"grant_type": {"client_credentials"}, "client_id": {env(s, "AZURE_APP_CLIENT_ID")},
		"scope": {"api://dev-gcp.nais.hello-world/.default"},
	}
	for k, v := range auth {
		f[k] = v
	}
	return f
}

func TestEntraClientAuthentication(t *testing.T) {
	s, _ := start(t, Options{})
	secret := env(s, "AZURE_APP_CLIENT_SECRET")
	withAssertion := func(a string) url.Values {
		return url.Values{"client_assertion_type": {assertionTypeJWTBearer}, "client_assertion": {a}}
	}
	key, kid := clientKey(t, s)
	id := env(s, "AZURE_APP_CLIENT_ID")
	good := jwt.MapClaims{"iss": id, "sub": id, "aud": env(s, "AZURE_OPENID_CONFIG_ISSUER"), "iat": t0.Unix(), "exp": t0.Add(time.Minute).Unix()}
	tests := []struct {
		name   string
		form   url.Values
		azpacr string // "" when it must fail
		status int
		code   string
		aadsts int
	}{
		{"secret", ccForm(s, url.Values{"client_secret": {secret}}), "1", 0, "", 0},
		{"wrong secret", ccForm(s, url.Values{"client_secret": {"not-the-secret"}}), "", 401, "invalid_client", 7000215},
		{"unknown client", ccForm(s, url.Values{"client_id": {randomGUID()}, "client_secret": {secret}}), "", 400, "unauthorized_client", 700016},
		{"no credential", ccForm(s, nil), "", 401, "invalid_client", 7000218},
		{"assertion, aud issuer", ccForm(s, withAssertion(assertion(t, s, nil))), "2", 0, "", 0},
		{"assertion, aud token endpoint", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"aud": env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT")}))), "2", 0, "", 0},
		{"assertion signed with another key", ccForm(s, withAssertion(signed(t, anotherKey(t), kid, good))), "", 401, "invalid_client", 700027},
		{"assertion with unknown kid", ccForm(s, withAssertion(signed(t, key, "other-kid", good))), "", 401, "invalid_client", 700027},
		{"assertion expired", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"iat": t0.Add(-3 * time.Minute).Unix(), "nbf": t0.Add(-3 * time.Minute).Unix(), "exp": t0.Add(-time.Minute).Unix()}))), "", 401, "invalid_client", 700024},
		{"assertion exp too far", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"exp": t0.Add(time.Hour).Unix()}))), "", 401, "invalid_client", 700024},
		{"assertion nbf in the future", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"nbf": t0.Add(6 * time.Minute).Unix(), "exp": t0.Add(8 * time.Minute).Unix()}))), "", 401, "invalid_client", 700024},
		{"assertion iss not client", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"iss": randomGUID()}))), "", 401, "invalid_client", 700021},
		{"assertion wrong aud", ccForm(s, withAssertion(assertion(t, s, jwt.MapClaims{"aud": "https://example.com"}))), "", 401, "invalid_client", 50012},
		{"assertion garbage", ccForm(s, withAssertion("not.a.jwt")), "", 400, "invalid_request", 50027},
		{"missing scope", ccForm(s, url.Values{"client_secret": {secret}, "scope": {""}}), "", 400, "invalid_request", 900144},
		{"bad grant type", ccForm(s, url.Values{"client_secret": {secret}, "grant_type": {"password"}}), "", 400, "unsupported_grant_type", 70003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), tt.form)
			for _, secretValue := range []string{secret, tt.form.Get("client_secret"), tt.form.Get("client_assertion")} {
				if secretValue != "" && tt.azpacr == "" && strings.Contains(r.body, secretValue) {
					t.Errorf("error body reveals a credential: %s", r.body)
				}
			}
			if tt.azpacr == "" {
				checkEntraError(t, r, tt.status, tt.code, tt.aadsts)
				return
			}
			b := r.json(t)
			if r.status != 200 || b["token_type"] != "Bearer" || num(b["expires_in"]) != 3899 || num(b["ext_expires_in"]) != 3899 {
				t.Fatalf("HTTP %d: %s", r.status, r.body)
			}
			_, c := verified(t, s, b["access_token"].(string))
			if c["azpacr"] != tt.azpacr || c["azp"] != id || c["azp_name"] != "dev-gcp:sandbox:my-app" || c["idtyp"] != "app" {
				t.Errorf("azpacr/azp/azp_name/idtyp = %v/%v/%v/%v", c["azpacr"], c["azp"], c["azp_name"], c["idtyp"])
			}
		})
	}
}

func TestEntraOnBehalfOf(t *testing.T) {
	s, clk := start(t, Options{})
	userToken, err := s.UserToken()
	if err != nil {
		t.Fatal(err)
	}
	forOtherApp := get(t, s.URL()+"/api/obo?aud=dev-gcp:pdl:pdl-api", s.DemoSession()).json(t)["access_token"].(string)
	appToken := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:sandbox:my-app"}}).body
	obo := func(a string) url.Values {
		return ccForm(s, url.Values{
			"grant_type": {grantJWTBearer}, "requested_token_use": {"on_behalf_of"}, "assertion": {a},
			"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}, "scope": {"api://dev-gcp.pdl.pdl-api/.default"},
		})
	}
	endpoint := env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT")

	r := postForm(t, endpoint, obo(userToken))
	if r.status != 200 {
		t.Fatalf("OBO with a good user token: HTTP %d: %s", r.status, r.body)
	}
	_, c := verified(t, s, r.json(t)["access_token"].(string))
	if c["NAVident"] != "Z990123" || c["scp"] != "defaultaccess" || c["azp_name"] != "dev-gcp:sandbox:my-app" || c["aud"] != nameGUID("client:dev-gcp:pdl:pdl-api") {
		t.Errorf("OBO claims: %v", c)
	}

	for _, tt := range []struct {
		name      string
		assertion string
		aadsts    int
	}{
		{"for another app", forOtherApp, 500131},
		{"app token", appToken, 50013},
		{"garbage", "garbage", 50013},
		{"missing", "", 900144},
	} {
		r := postForm(t, endpoint, obo(tt.assertion))
		code := "invalid_grant"
		if tt.aadsts == 900144 {
			code = "invalid_request"
		}
		checkEntraError(t, r, http.StatusBadRequest, code, tt.aadsts)
		if tt.assertion != "" && strings.Contains(r.body, tt.assertion) {
			t.Errorf("%s: error reveals the assertion", tt.name)
		}
	}
	clk.advance(2 * time.Hour)
	expired := postForm(t, endpoint, obo(userToken))
	if expired.status != 400 || !strings.Contains(expired.body, "AADSTS500133") {
		t.Errorf("expired user token: HTTP %d: %s", expired.status, expired.body)
	}
}

func TestEntraDiscoveryAndTenant(t *testing.T) {
	s, _ := start(t, Options{})
	r := get(t, env(s, "AZURE_APP_WELL_KNOWN_URL"), "")
	d := r.json(t)
	if r.status != 200 || d["issuer"] != env(s, "AZURE_OPENID_CONFIG_ISSUER") ||
		d["token_endpoint"] != env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT") || d["jwks_uri"] != env(s, "AZURE_OPENID_CONFIG_JWKS_URI") {
		t.Errorf("discovery: HTTP %d %v", r.status, d)
	}
	wrong := strings.Replace(env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), tenantID, "common", 1)
	checkEntraError(t, postForm(t, wrong, ccForm(s, url.Values{"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}})), 400, "invalid_request", 90002)
	// A JSON body is not a form: Entra sees no grant_type.
	checkEntraError(t, post(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), "application/json", `{"grant_type":"client_credentials"}`), 400, "invalid_request", 900144)
}
