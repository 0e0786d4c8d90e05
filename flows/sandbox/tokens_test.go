package sandbox

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// checkCommon checks the claims every sandbox token has.
func checkCommon(t *testing.T, header, c map[string]any, aud, azp, azpName, azpacr string, lifetime int64) {
	t.Helper()
	if header["alg"] != "RS256" || header["typ"] != "JWT" || header["kid"] == "" {
		t.Errorf("header = %v, want RS256, JWT and a kid", header)
	}
	want := map[string]any{
		"aud": aud, "iss": "https://login.microsoftonline.com/" + tenantID + "/v2.0", "tid": tenantID,
		"ver": "2.0", "azp": azp, "azp_name": azpName, "azpacr": azpacr,
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %v, want %v", k, c[k], v)
		}
	}
	// As Entra: iat and nbf five minutes back, exp the lifetime ahead.
	if back := t0.Add(-5 * time.Minute).Unix(); num(c["iat"]) != back || num(c["nbf"]) != back || num(c["exp"]) != t0.Unix()+lifetime {
		t.Errorf("iat/nbf/exp = %v/%v/%v, want %d/%d/%d", c["iat"], c["nbf"], c["exp"], back, back, t0.Unix()+lifetime)
	}
	for _, k := range []string{"aio", "rh", "uti", "oid", "sub"} {
		if s, _ := c[k].(string); len(s) < 10 {
			t.Errorf("%s = %v, want an opaque value", k, c[k])
		}
	}
}

func TestM2MTokenClaims(t *testing.T) {
	s, _ := start(t, Options{})
	r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:teamdagpenger:dp-soknad"}})
	if r.status != 200 || r.header.Get("Content-Type") != "text/plain; charset=UTF-8" {
		t.Fatalf("HTTP %d %q: %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	h, c := verified(t, s, r.body)
	target := nameGUID("client:dev-gcp:teamdagpenger:dp-soknad")
	checkCommon(t, h, c, target, generatorApp.clientID, "dev-gcp:nais:azure-token-generator", "2", 3899)
	if c["idtyp"] != "app" || c["oid"] != generatorApp.spID || c["sub"] != generatorApp.spID {
		t.Errorf("idtyp/oid/sub = %v/%v/%v, want app and the generator's service principal", c["idtyp"], c["oid"], c["sub"])
	}
	if roles, _ := c["roles"].([]any); len(roles) != 1 || roles[0] != "access_as_application" {
		t.Errorf("roles = %v", c["roles"])
	}
	for _, k := range []string{"scp", "NAVident", "name", "preferred_username", "groups"} {
		if _, ok := c[k]; ok {
			t.Errorf("M2M token has user claim %s", k)
		}
	}
}

func TestOBOTokenClaims(t *testing.T) {
	s, _ := start(t, Options{})
	r := get(t, s.URL()+"/api/obo?aud=dev-gcp:pdl:pdl-api", s.DemoSession())
	if r.status != 200 {
		t.Fatalf("HTTP %d: %s", r.status, r.body)
	}
	tok, _ := r.json(t)["access_token"].(string)
	h, c := verified(t, s, tok)
	aud := nameGUID("client:dev-gcp:pdl:pdl-api")
	checkCommon(t, h, c, aud, generatorApp.clientID, "dev-gcp:nais:azure-token-generator", "2", 3899)
	want := map[string]any{
		"scp": "defaultaccess", "NAVident": "Z990123", "name": "Demo Developer",
		"preferred_username": "demo.developer@trygdeetaten.no", "oid": demoUser.oid, "sub": pairwise(demoUser.oid, aud),
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %v, want %v", k, c[k], v)
		}
	}
	if c["sub"] == c["oid"] {
		t.Error("sub must be pairwise, not the oid")
	}
	groups, _ := c["groups"].([]any)
	if len(groups) != 2 || !guidRe.MatchString(groups[0].(string)) || groups[0] == groups[1] {
		t.Errorf("groups = %v, want two GUIDs", c["groups"])
	}
	if _, ok := c["idtyp"]; ok {
		t.Error("OBO token has idtyp")
	}
	if _, ok := c["roles"]; ok {
		t.Error("OBO token has roles")
	}
}

// audOf gets an M2M token for cluster:namespace:app through each service
// and returns the aud of each.
func audOf(t *testing.T, s *Sandbox, target string) []string {
	t.Helper()
	scope := "api://" + strings.ReplaceAll(target, ":", ".") + "/.default"
	gen := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {target}})
	texas := postJSON(t, env(s, "NAIS_TOKEN_ENDPOINT"), map[string]any{"identity_provider": "entra_id", "target": scope})
	entra := postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), url.Values{
		"grant_type": {"client_credentials"}, "client_id": {env(s, "AZURE_APP_CLIENT_ID")},
		"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}, "scope": {scope},
	})
	var auds []string
	texasTok, _ := texas.json(t)["access_token"].(string)
	entraTok, _ := entra.json(t)["access_token"].(string)
	for _, raw := range []string{gen.body, texasTok, entraTok} {
		_, c := verified(t, s, raw)
		auds = append(auds, c["aud"].(string))
	}
	return auds
}

func TestAudGUIDIsStablePerTarget(t *testing.T) {
	s1, _ := start(t, Options{})
	s2, _ := start(t, Options{})
	a := audOf(t, s1, "dev-gcp:team-a:app-a")
	again := audOf(t, s2, "dev-gcp:team-a:app-a")
	b := audOf(t, s1, "dev-gcp:team-a:app-b")
	for i := range a {
		if !guidRe.MatchString(a[i]) || a[i][14] != '5' {
			t.Errorf("aud %q is not a name-based (v5) GUID", a[i])
		}
		if a[i] != a[0] || again[i] != a[0] {
			t.Errorf("same target, different aud: %v and %v", a, again)
		}
		if b[i] == a[0] {
			t.Errorf("different targets share aud %s", b[i])
		}
	}
}

// TestLifetimeDrawnAsEntra: without Options.Lifetime each token lives
// between 60 and 90 minutes from now, iat and nbf five minutes back, and
// expires_in and ext_expires_in say the same.
func TestLifetimeDrawnAsEntra(t *testing.T) {
	s, err := Start(Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	seen := map[int64]bool{}
	for range 20 {
		b := postForm(t, env(s, "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"), ccForm(s, url.Values{"client_secret": {env(s, "AZURE_APP_CLIENT_SECRET")}})).json(t)
		n := num(b["expires_in"])
		_, c := verified(t, s, b["access_token"].(string))
		if n < 3600 || n > 5400 || num(b["ext_expires_in"]) != n || num(c["exp"]) != t0.Unix()+n || num(c["iat"]) != t0.Unix()-300 || num(c["nbf"]) != t0.Unix()-300 {
			t.Fatalf("expires_in %d, ext_expires_in %v, iat/nbf/exp %v/%v/%v", n, b["ext_expires_in"], c["iat"], c["nbf"], c["exp"])
		}
		seen[n] = true
	}
	if len(seen) < 2 {
		t.Errorf("20 tokens, all with expires_in %v: the lifetime is not drawn", seen)
	}
}
