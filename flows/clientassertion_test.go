package flows

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"strings"
	"testing"
)

func TestParseJWKRefuses(t *testing.T) {
	key := testKey()
	good := privateJWK(t, key, "RS256")
	var fields map[string]any
	if err := json.Unmarshal([]byte(good), &fields); err != nil {
		t.Fatal(err)
	}
	d := fields["d"].(string)
	with := func(change func(map[string]any)) string {
		m := map[string]any{}
		for k, v := range fields {
			m[k] = v
		}
		change(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, jwk, why string
	}{
		{"single-quoted by mistake", "'" + good + "'", "it is not valid JSON (in a dotenv file, put the JSON in single quotes)"},
		{"cut short", good[:len(good)/2], "it is not valid JSON (in a dotenv file, put the JSON in single quotes)"},
		{"public key only", privateJWK(t, &key.PublicKey, "RS256"), `it holds only the public key (no "d")`},
		{"EC key", privateJWK(t, ec, "ES256"), "it is not an RSA key"},
		{"HMAC alg", with(func(m map[string]any) { m["alg"] = "HS256" }), `its alg "HS256" is not an RSA signature algorithm`},
		{"no kty", with(func(m map[string]any) { delete(m, "kty") }), "missing json web key type"},
		{"missing p", with(func(m map[string]any) { delete(m, "p") }), "invalid RSA private key, missing P value(s)"},
		{"d does not fit", with(func(m map[string]any) { m["d"] = m["dp"] }), "crypto/rsa: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseJWK(tc.jwk)
			want := "entra source: AZURE_APP_JWK is not a private RSA JWK: " + tc.why
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("err = %v\nwant %q", err, want)
			}
			if strings.Contains(err.Error(), d[:12]) || strings.Contains(err.Error(), fields["dp"].(string)[:12]) {
				t.Error("the error shows the private key")
			}
		})
	}
}

func TestParseJWKAcceptsRSAAlgs(t *testing.T) {
	for alg, want := range map[string]string{"": "RS256", "RS256": "RS256", "RS512": "RS512", "PS256": "PS256"} {
		k, err := parseJWK(" " + privateJWK(t, testKey(), alg) + "\n")
		if err != nil || k.method.Alg() != want || k.kid != "kid-1" {
			t.Errorf("alg %q: method %v, kid %q, err %v; want %s", alg, k.method, k.kid, err, want)
		}
	}
}
