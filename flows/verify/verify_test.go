package verify_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows/verify"
	"github.com/golang-jwt/jwt/v5"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// An OpenID provider that is not the sandbox verifies through discovery,
// and its keys are kept on disk: a second verifier reads them from there.
func TestVerifyThroughDiscovery(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	dir := filepath.Join(t.TempDir(), "cache")
	now := t0
	raw := sign(t, key, p.claims(now))

	r := p.verifier(dir, &now).Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: p.iss})
	if r.State != verify.Valid || r.Summary() != "valid: keys of "+p.iss {
		t.Fatalf("report %+v, summary %q", r, r.Summary())
	}
	wantCheck(t, r, verify.CheckSignature, verify.Valid, "", "valid (kid ec-1, keys of "+p.iss+")")
	wantCheck(t, r, verify.CheckIssuer, verify.Valid, "", p.iss+" (as --issuer asks)")
	wantCheck(t, r, verify.CheckExpiry, verify.Valid, "", "valid for 60 min more")
	wantCheck(t, r, verify.CheckAudience, verify.Skipped, "", "not asked: aud is 0c3a6b3e-")
	if r.KeysURL != p.iss+"/keys" || r.KeysVia != "discovery" || !r.KeysFetchedAt.Equal(now) {
		t.Errorf("keys %q via %q at %v", r.KeysURL, r.KeysVia, r.KeysFetchedAt)
	}
	if d, j := p.hits(); d != 1 || j != 1 {
		t.Errorf("discovery %d, jwks %d requests; want 1 each", d, j)
	}

	for name, perm := range map[string]os.FileMode{"": 0o700, "keys.json": 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil || info.Mode().Perm() != perm {
			t.Errorf("%q: %v, %v; want %v", name, info.Mode().Perm(), err, perm)
		}
	}
	now = t0.Add(23 * time.Hour)
	raw = sign(t, key, p.claims(now))
	r = p.verifier(dir, &now).Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: p.iss})
	if d, j := p.hits(); r.State != verify.Valid || d != 1 || j != 1 || !r.KeysFetchedAt.Equal(t0) {
		t.Errorf("with cached keys: %v, %d+%d requests, keys from %v", r.State, d, j, r.KeysFetchedAt)
	}
	now = t0.Add(24 * time.Hour)
	raw = sign(t, key, p.claims(now))
	r = p.verifier(dir, &now).Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: p.iss})
	if d, j := p.hits(); r.State != verify.Valid || d != 2 || j != 2 {
		t.Errorf("after the keys' lifetime: %v, %d+%d requests; want them fetched again", r.State, d, j)
	}
}

// A changed payload keeps the header and signature but no longer matches.
func TestVerifyChangedPayload(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	parts := strings.Split(sign(t, key, p.claims(now)), ".")
	c := p.claims(now)
	c["sub"] = "someone-else"
	forged := strings.Split(sign(t, ecKey(t, "other"), c), ".")[1]
	raw := parts[0] + "." + forged + "." + parts[2]

	r := p.verifier("", &now).Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: p.iss})
	if r.State != verify.Invalid || r.Summary() != "invalid: bad signature" {
		t.Errorf("state %v, summary %q", r.State, r.Summary())
	}
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "bad signature", "the signature does not match (kid ec-1", "changed after it was signed")
}

// alg none and HS256 keyed with the public key are refused before any key
// is fetched. The HS256 token is a real key-confusion forgery: a verifier
// that took the alg from the token and the issuer's key as the secret
// would accept it.
func TestVerifyRefusesAlgNoneAndHMAC(t *testing.T) {
	key := rsaKey(t, "rsa-1")
	p := newProvider(t, key)
	now := t0
	v := p.verifier("", &now)

	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, p.claims(now)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	r := v.Verify(context.Background(), decode(t, none), verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "alg none", "alg none: the token is not signed at all")

	der, err := x509.MarshalPKIXPublicKey(key.priv.Public())
	if err != nil {
		t.Fatal(err)
	}
	secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, p.claims(now))
	hs.Header["kid"] = key.kid
	forged, err := hs.SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}
	naive, err := jwt.Parse(forged, func(*jwt.Token) (any, error) { return secret, nil }, jwt.WithTimeFunc(func() time.Time { return now }))
	if err != nil || !naive.Valid {
		t.Fatalf("the forgery does not even fool a naive verifier: %v", err)
	}
	r = v.Verify(context.Background(), decode(t, forged), verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "HMAC alg", "alg HS256 is an HMAC (shared-secret) algorithm")
	if r.State != verify.Invalid {
		t.Errorf("state %v", r.State)
	}

	// An ES256 header over an RSA key's kid does not fit the key.
	c := p.claims(now)
	es := sign(t, testKey{kid: key.kid, alg: "ES256", priv: ecKey(t, "x").priv}, c)
	r = v.Verify(context.Background(), decode(t, es), verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "alg does not fit the key", `alg ES256 does not fit key "rsa-1" (RSA, for RS256, RS384, RS512, PS256, PS384, PS512)`)
	if d, j := p.hits(); d != 1 || j != 1 {
		t.Errorf("%d+%d requests; none and HS256 should have made none", d, j)
	}
}

// A kid the cached keys lack makes the verifier fetch them again once
// (the issuer may have rotated its keys), but not more often than
// RefetchFloor; a key published meanwhile is found once the floor passed.
func TestVerifyUnknownKidRefetchesOnce(t *testing.T) {
	oldKey, newKey := ecKey(t, "old"), ecKey(t, "new")
	p := newProvider(t, oldKey)
	dir := t.TempDir()
	now := t0
	v := p.verifier(dir, &now)
	verifyAt := func(at time.Duration, k testKey) verify.Report {
		now = t0.Add(at)
		return v.Verify(context.Background(), decode(t, sign(t, k, p.claims(now))), verify.Expect{Issuer: p.iss})
	}
	if r := verifyAt(0, oldKey); r.State != verify.Valid {
		t.Fatalf("old key: %+v", r)
	}

	r := verifyAt(10*time.Minute, newKey)
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "unknown key", `no key "new" among the 1 keys of `+p.iss+" (fetched again just now)")
	if c, _ := r.Check(verify.CheckSignature); strings.Contains(c.Detail, "sandbox") {
		t.Errorf("an issuer off this machine is no sandbox: %q", c.Detail)
	}
	if _, j := p.hits(); j != 2 {
		t.Errorf("%d JWKS requests, want 2: the first and one refetch", j)
	}

	p.publish(oldKey, newKey) // the issuer rotates
	r = verifyAt(12*time.Minute, newKey)
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "unknown key", "fetched 2 min ago; fetched again once they are 5 min old")
	if _, j := p.hits(); j != 2 {
		t.Errorf("%d JWKS requests, want still 2: keys 2 min old are not fetched again", j)
	}
	if r := verifyAt(15*time.Minute, newKey); r.State != verify.Valid {
		t.Errorf("after the floor: %+v", r)
	}
	if r := verifyAt(16*time.Minute, oldKey); r.State != verify.Valid {
		t.Errorf("old key after rotation: %+v", r)
	}
	if _, j := p.hits(); j != 3 {
		t.Errorf("%d JWKS requests, want 3", j)
	}
}

func TestVerifyExpiry(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	v := p.verifier("", &now)
	for _, c := range []struct {
		name           string
		iat, nbf, exp  time.Duration // from now
		state          verify.State
		reason, detail string
	}{
		{"expired", -2 * time.Hour, -2 * time.Hour, -55 * time.Minute, verify.Invalid, "expired", "expired 55 min ago ("},
		{"inside the leeway", -time.Hour, -time.Hour, -30 * time.Second, verify.Valid, "", "valid, but only inside the 1 min leeway for clock skew: expired 30 s ago"},
		{"not yet valid", 0, 10 * time.Minute, time.Hour, verify.Invalid, "not yet valid", "not valid before in 10 min ("},
		{"issued in the future", 5 * time.Minute, 0, time.Hour, verify.Invalid, "issued in the future", "issued in 5 min ("},
		{"nbf inside the leeway", 0, 50 * time.Second, time.Hour, verify.Valid, "", "valid for 60 min more"},
	} {
		t.Run(c.name, func(t *testing.T) {
			claims := p.claims(now)
			claims["iat"], claims["nbf"], claims["exp"] = now.Add(c.iat).Unix(), now.Add(c.nbf).Unix(), now.Add(c.exp).Unix()
			r := v.Verify(context.Background(), decode(t, sign(t, key, claims)), verify.Expect{Issuer: p.iss})
			wantCheck(t, r, verify.CheckExpiry, c.state, c.reason, c.detail)
			wantCheck(t, r, verify.CheckSignature, verify.Valid, "")
		})
	}
	claims := p.claims(now)
	delete(claims, "exp")
	r := v.Verify(context.Background(), decode(t, sign(t, key, claims)), verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckExpiry, verify.Invalid, "no expiry", "the token has no exp claim")
}

// A wrong issuer fails, and a token's iss is never fetched from unless
// it is trusted: a pasted token cannot make us call any URL it names.
func TestVerifyWrongIssuer(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	v := p.verifier("", &now)
	tok := decode(t, sign(t, key, p.claims(now)))

	r := v.Verify(context.Background(), tok, verify.Expect{Issuer: "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0"})
	wantCheck(t, r, verify.CheckIssuer, verify.Invalid, "wrong issuer", p.iss+", not https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0 (--issuer)")
	wantCheck(t, r, verify.CheckSignature, verify.Unchecked, "issuer not trusted")
	if r.State != verify.Invalid || r.Summary() != "invalid: wrong issuer" {
		t.Errorf("state %v, summary %q", r.State, r.Summary())
	}

	r = v.Verify(context.Background(), tok, verify.Expect{})
	wantCheck(t, r, verify.CheckIssuer, verify.Invalid, "not Entra ID", p.iss+" is not Entra ID", "pass --issuer "+p.iss)
	if d, j := p.hits(); d != 0 || j != 0 {
		t.Errorf("%d+%d requests to an issuer nobody trusted", d, j)
	}

	c := p.claims(now)
	c["iss"] = "https://sts.windows.net/966ac572-f5b7-4bbe-aa88-c76419c0f851/"
	r = v.Verify(context.Background(), decode(t, sign(t, key, c)), verify.Expect{})
	wantCheck(t, r, verify.CheckIssuer, verify.Invalid, "Entra ID v1.0 token", "is Entra ID's v1.0 issuer, and NAIS apps accept v2.0 tokens")

	c["iss"], c["tid"] = "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0", "11111111-2222-3333-4444-555555555555"
	r = v.Verify(context.Background(), decode(t, sign(t, key, c)), verify.Expect{})
	wantCheck(t, r, verify.CheckIssuer, verify.Invalid, "tenant mismatch", "names tenant 966ac572-f5b7-4bbe-aa88-c76419c0f851, but tid is 11111111-")
}

// A discovery document must name the issuer it was fetched for.
func TestVerifyRefusesLyingDiscovery(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	p.set(func(p *provider) {
		p.claimed = "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0"
	})
	now := t0
	r := p.verifier(t.TempDir(), &now).Verify(context.Background(), decode(t, sign(t, key, p.claims(now))), verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "discovery names another issuer",
		"the discovery document at "+p.iss+"/.well-known/openid-configuration (discovery) names issuer \"https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0\", not the token's \""+p.iss+"\"")
	if _, j := p.hits(); j != 0 {
		t.Errorf("%d JWKS requests after a lying discovery document", j)
	}
}

func TestVerifyAudience(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	const guid = "0c3a6b3e-9f9d-4a4c-8d57-2f6f1c2b5e11"
	target := mustTarget(t, "dev-gcp:team:app")
	pod := map[string]string{"NAIS_CLUSTER_NAME": "dev-gcp", "NAIS_NAMESPACE": "team", "NAIS_APP_NAME": "app", "AZURE_APP_CLIENT_ID": guid}
	for _, c := range []struct {
		name   string
		aud    any
		want   verify.Expect
		env    map[string]string
		state  verify.State
		reason string
		detail string
	}{
		{"--aud matches", guid, verify.Expect{Audience: guid}, nil, verify.Valid, "", "valid: " + guid},
		{"--aud in a list", []string{"x", guid}, verify.Expect{Audience: guid}, nil, verify.Valid, "", "valid: " + guid},
		{"wrong --aud", guid, verify.Expect{Audience: "5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d"}, nil, verify.Invalid, "wrong audience", "aud is " + guid + ", not 5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d (--aud)"},
		{"target by its URI", "api://dev-gcp.team.app", verify.Expect{Target: target}, nil, verify.Valid, "", "valid: api://dev-gcp.team.app is dev-gcp:team:app"},
		{"another target's URI", "api://dev-gcp.team.other", verify.Expect{Target: target}, nil, verify.Invalid, "wrong audience", "aud is api://dev-gcp.team.other, which is dev-gcp:team:other, not dev-gcp:team:app"},
		{"target with its client ID", guid, verify.Expect{Target: target, Audience: guid}, nil, verify.Valid, "", guid + " is dev-gcp:team:app's client ID (--aud)"},
		{"target with another client ID", guid, verify.Expect{Target: target, Audience: "5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d"}, nil, verify.Invalid, "wrong audience", "not dev-gcp:team:app's client ID 5ab8b2f0-1b6c-4c5f-9c8e-7d1f0a3b2c4d (--aud)"},
		{"target is this pod", guid, verify.Expect{Target: target}, pod, verify.Valid, "", "is dev-gcp:team:app's client ID (AZURE_APP_CLIENT_ID of this pod)"},
		{"target by GUID alone", guid, verify.Expect{Target: target}, nil, verify.Unchecked, "target's client ID unknown", "not checked: aud is " + guid + ", and Entra ID names dev-gcp:team:app only by its client ID, which entratoken cannot look up; pass it with --aud (kubectl get azureapp -n team app -o jsonpath='{.status.clientId}')"},
	} {
		t.Run(c.name, func(t *testing.T) {
			claims := p.claims(now)
			claims["aud"] = c.aud
			v := p.verifier("", &now)
			v.Getenv = func(k string) string { return c.env[k] }
			c.want.Issuer = p.iss
			r := v.Verify(context.Background(), decode(t, sign(t, key, claims)), c.want)
			wantCheck(t, r, verify.CheckAudience, c.state, c.reason, c.detail)
			if r.State != c.state {
				t.Errorf("report state %v, want %v", r.State, c.state)
			}
		})
	}
}

// The NAIS variables win when they are the token's issuer's: a pod and the
// sandbox verify without discovery from the issuer.
func TestVerifyKeysFromEnvironment(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	raw := sign(t, key, p.claims(now))
	other := newProvider(t, ecKey(t, "other"))
	other.set(func(o *provider) { o.claimed = "https://idp.example.com/tenant-b" })
	for _, c := range []struct {
		name    string
		env     map[string]string
		via     string
		reason  string
		pHits   [2]int32
		otherWK int32
	}{
		{"JWKS URI", map[string]string{"AZURE_OPENID_CONFIG_ISSUER": p.iss, "AZURE_OPENID_CONFIG_JWKS_URI": p.iss + "/keys"}, "AZURE_OPENID_CONFIG_JWKS_URI", "", [2]int32{0, 1}, 0},
		{"well-known URL", map[string]string{"AZURE_OPENID_CONFIG_ISSUER": p.iss, "AZURE_APP_WELL_KNOWN_URL": p.iss + "/.well-known/openid-configuration"}, "AZURE_APP_WELL_KNOWN_URL", "", [2]int32{1, 1}, 0},
		{"another issuer's variables", map[string]string{"AZURE_OPENID_CONFIG_ISSUER": "https://idp.example.com/tenant-b", "AZURE_OPENID_CONFIG_JWKS_URI": "https://idp.example.com/tenant-b/keys"}, "discovery", "", [2]int32{1, 1}, 0},
		{"a well-known URL of another issuer", map[string]string{"AZURE_APP_WELL_KNOWN_URL": "https://other.example.com/tenant-a/.well-known/openid-configuration"}, "discovery", "", [2]int32{1, 1}, 1},
		{"a well-known URL that lies", map[string]string{"AZURE_OPENID_CONFIG_ISSUER": p.iss, "AZURE_APP_WELL_KNOWN_URL": "https://other.example.com/tenant-a/.well-known/openid-configuration"}, "", "discovery names another issuer", [2]int32{0, 0}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			p.discoveryHits.Store(0)
			p.jwksHits.Store(0)
			other.discoveryHits.Store(0)
			v := p.verifier(t.TempDir(), &now)
			v.HTTP = routeTo(p, other)
			v.Getenv = func(k string) string { return c.env[k] }
			r := v.Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: p.iss})
			if c.reason != "" {
				wantCheck(t, r, verify.CheckSignature, verify.Invalid, c.reason, "(AZURE_APP_WELL_KNOWN_URL) names issuer")
			} else if r.State != verify.Valid || r.KeysVia != c.via {
				t.Errorf("state %v via %q, want valid via %q: %+v", r.State, r.KeysVia, c.via, r.Checks)
			}
			if d, j := p.hits(); d != c.pHits[0] || j != c.pHits[1] || other.discoveryHits.Load() != c.otherWK {
				t.Errorf("requests: discovery %d, jwks %d, other's discovery %d; want %v, %d", d, j, other.discoveryHits.Load(), c.pHits, c.otherWK)
			}
		})
	}
}

// Keys that cannot be had right now leave the signature not checked (exit
// 3 in the CLI); keys the issuer does not publish make it invalid.
func TestVerifyKeysUnreachable(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	tok := decode(t, sign(t, key, p.claims(now)))
	for _, c := range []struct {
		status int
		state  verify.State
		reason string
		detail string
	}{
		{http.StatusServiceUnavailable, verify.Unchecked, "keys unavailable", "not checked: the discovery document of " + p.iss + " answered HTTP 503"},
		{http.StatusNotFound, verify.Invalid, "no keys", "invalid: the discovery document of " + p.iss + " answered HTTP 404"},
	} {
		p.set(func(p *provider) { p.status = c.status })
		r := p.verifier("", &now).Verify(context.Background(), tok, verify.Expect{Issuer: p.iss})
		wantCheck(t, r, verify.CheckSignature, c.state, c.reason, c.detail)
		if r.State != c.state {
			t.Errorf("HTTP %d: state %v", c.status, r.State)
		}
	}

	p.srv.Close()
	r := p.verifier("", &now).Verify(context.Background(), tok, verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Unchecked, "keys unreachable", "not checked: cannot reach the discovery document of "+p.iss+": check your network or HTTPS_PROXY")
	if r.State != verify.Unchecked || r.Summary() != "not checked: keys unreachable" {
		t.Errorf("state %v, summary %q", r.State, r.Summary())
	}
	wantCheck(t, r, verify.CheckExpiry, verify.Valid, "")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r = p.verifier("", &now).Verify(ctx, tok, verify.Expect{Issuer: p.iss})
	wantCheck(t, r, verify.CheckSignature, verify.Unchecked, "cancelled")
}

// Keys are fetched over https, or plain http only from loopback.
func TestVerifyRefusesKeysOverPlainHTTP(t *testing.T) {
	key := ecKey(t, "ec-1")
	p := newProvider(t, key)
	now := t0
	c := p.claims(now)
	c["iss"] = "http://idp.example.com/tenant-a"
	r := p.verifier("", &now).Verify(context.Background(), decode(t, sign(t, key, c)), verify.Expect{Issuer: "http://idp.example.com/tenant-a"})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "discovery not over https",
		`discovery document "http://idp.example.com/tenant-a/.well-known/openid-configuration" is plain http to a host that is not loopback`)
	if d, j := p.hits(); d != 0 || j != 0 {
		t.Errorf("%d+%d requests", d, j)
	}
}

// A JWKS with only keys no issuer should publish (symmetric, private) has
// nothing to verify with.
func TestVerifyIgnoresUnfitKeys(t *testing.T) {
	mux := http.NewServeMux()
	srv := newTLS(t, mux)
	iss := "https://idp.example.com/t"
	mux.HandleFunc("GET /t/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"issuer": iss, "jwks_uri": iss + "/keys"})
	})
	secret := base64.RawURLEncoding.EncodeToString([]byte("a shared secret of thirty-two by"))
	mux.HandleFunc("GET /t/keys", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"keys":[{"kty":"oct","kid":"k","k":"` + secret + `"},{"kty":"XYZ","kid":"k"}]}`))
	})
	now := t0
	hs := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": iss, "exp": now.Add(time.Hour).Unix()})
	hs.Header["kid"] = "k"
	raw, err := hs.SignedString(rsaKey(t, "k").priv)
	if err != nil {
		t.Fatal(err)
	}
	v := &verify.Verifier{HTTP: srv.Client(), Now: func() time.Time { return now }}
	r := v.Verify(context.Background(), decode(t, raw), verify.Expect{Issuer: iss})
	wantCheck(t, r, verify.CheckSignature, verify.Invalid, "no signing keys", "the JWKS at "+iss+"/keys holds no public signing key")
}
