package main

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// evilName is a claim that tries to recolour and retitle the terminal.
const evilName = "Eve\x1b[31m\x1b]2;HACKED\x07"

// hasControls reports a character a terminal would act on.
func hasControls(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f) {
			return true
		}
	}
	return false
}

func TestDecodePrintsHostileClaimsSafely(t *testing.T) {
	raw := mintFor(t, map[string]any{"name": evilName, "NAVident": "Z1\u009b2J", "exp": time.Now().Add(time.Hour).Unix(), evilName: "x"})
	r := entratoken(t, nil, raw, "decode")
	r.want(t, 0)
	if hasControls(r.stdout) {
		t.Errorf("decode printed control characters:\n%q", r.stdout)
	}
	if !strings.Contains(r.stdout, "user token (OBO): Z1�2J Eve�[31m�]2;HACKED�") {
		t.Errorf("the readable rest of the claims should stay:\n%s", r.stdout)
	}

	// --json escapes instead, and keeps the exact values.
	r = entratoken(t, nil, raw, "decode", "--json")
	r.want(t, 0)
	if hasControls(strings.ReplaceAll(r.stdout, "\n", "")) {
		t.Errorf("decode --json printed raw control characters:\n%q", r.stdout)
	}
	var v struct{ Claims map[string]any }
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	if v.Claims["name"] != evilName || v.Claims["NAVident"] != "Z1\u009b2J" || v.Claims[evilName] != "x" {
		t.Errorf("decode --json is not lossless: %q", v.Claims)
	}
}

func TestDecodeJSONKeepsTheHeaderAsSent(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	raw := enc([]byte(`{"alg":"RS256","kid":"k\u001b[1m","typ":"JWT"}`)) + "." + enc([]byte(`{"aud":"x"}`)) + ".c2ln"
	r := entratoken(t, nil, raw, "decode")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "header: alg RS256, kid k�[1m, typ JWT") {
		t.Errorf("decode should show the header made printable:\n%q", r.stdout)
	}
	r = entratoken(t, nil, raw, "decode", "--json")
	r.want(t, 0)
	var v struct{ Header map[string]string }
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	if v.Header["alg"] != "RS256" || v.Header["kid"] != "k\x1b[1m" || v.Header["typ"] != "JWT" {
		t.Errorf("decode --json header = %q, want it as sent", v.Header)
	}
}

func TestDecodeIntrospectRefusesBeforePrinting(t *testing.T) {
	raw := mintFor(t, map[string]any{"aud": "x"})
	for _, env := range [][]string{nil, {"NAIS_TOKEN_INTROSPECTION_ENDPOINT=not a url"}} {
		r := entratoken(t, env, raw, "decode", "--introspect")
		r.want(t, 2)
		if r.stdout != "" || !strings.Contains(r.stderr, "NAIS_TOKEN_INTROSPECTION_ENDPOINT") {
			t.Errorf("want only an error naming the variable, got stdout %q stderr %q", r.stdout, r.stderr)
		}
	}
}

func TestDecodeIntrospectHintsAtTheAudience(t *testing.T) {
	sb, env := standalone(t)
	other := entratoken(t, env, "", "token", "dev-gcp:team:app")
	other.want(t, 0)
	r := entratoken(t, env, other.stdout, "decode", "--introspect")
	r.want(t, 0)
	if !strings.Contains(r.stdout, `"active": false`) || !strings.Contains(r.stdout, "InvalidAudience") {
		t.Fatalf("want Texas's verdict on another app's token:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "Texas introspects only tokens for its own app (aud = its client ID)") {
		t.Errorf("want the audience hint on stderr, got %q", r.stderr)
	}

	own := sandboxUserToken(t, sb, env)
	r = entratoken(t, env, own, "decode", "--introspect")
	r.want(t, 0)
	if !strings.Contains(r.stdout, `"active": true`) || r.stderr != "" {
		t.Errorf("the app's own token: stdout %s\nstderr %q", r.stdout, r.stderr)
	}
}
