package config

import (
	"strings"
	"testing"
)

const (
	jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcHAiLCJhdWQiOiJ4In0.c2lnbmF0dXJlLXNlY3JldC1ieXRlcw"
	pem = "-----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEAsecretsecret\n    -----END RSA PRIVATE KEY-----"
)

// A secret in the file is refused with advice, at its line, and the error
// never shows the secret.
func TestSecretsRefused(t *testing.T) {
	tests := []struct {
		name, yaml, secret, where string
	}{
		{"client_secret at top", "timeout: 5s\nclient_secret: hunter2-very-secret\n", "hunter2-very-secret", "@:2:1: client_secret: "},
		{"client_secret under entra", "entra:\n  client_id: abc\n  client_secret: hunter2-very-secret\n", "hunter2-very-secret", "@:3:3: entra.client_secret: "},
		{"jwk under entra", "entra:\n  jwk: '{\"kty\":\"RSA\",\"d\":\"privpriv\"}'\n", "privpriv", "@:2:3: entra.jwk: "},
		{"private_key", "entra:\n  private_key: |\n    " + pem + "\n", "MIIEowIBAAKCAQEAsecretsecret", "@:2:3: entra.private_key: "},
		{"session in a target", "targets:\n  - target: a:b:c\n    session: abcdefsessionvalue\n", "abcdefsessionvalue", "@:3:5: targets[0].session: "},
		{"token", "token: " + jwt + "\n", jwt, "@:1:1: token: "},
		{"password", "texas:\n  password: pw-123456\n", "pw-123456", "@:2:3: texas.password: "},
		{"access_token", "targets:\n  - target: a:b:c\n    access_token: opaque-token-value\n", "opaque-token-value", "@:3:5: targets[0].access_token: "},
		{"AZURE_APP_CLIENT_SECRET", "AZURE_APP_CLIENT_SECRET: s3cr3t-value\n", "s3cr3t-value", "@:1:1: AZURE_APP_CLIENT_SECRET: "},
		{"secret nested under unknown key", "extra:\n  deeper:\n    secret: nested-secret-value\n", "nested-secret-value", "@:3:5: extra.deeper.secret: "},
		{"jwt as a note", "targets:\n  - target: a:b:c\n    note: Bearer " + jwt + "\n", jwt, "@:3:11: targets[0].note: this value looks like a token (JWT); "},
		{"jwt as a target", "targets:\n  - target: " + jwt + "\n", jwt, "@:2:13: targets[0].target: this value looks like a token (JWT); "},
		{"jwt as a flow", "targets:\n  - target: a:b:c\n    flow: " + jwt + "\n", jwt, "@:3:11: targets[0].flow: this value looks like a token (JWT); "},
		{"jwt as client_id", "entra:\n  client_id: " + jwt + "\n", jwt, "@:2:14: entra.client_id: this value looks like a token (JWT); "},
		{"jwt as a key", jwt + ": x\n", jwt, "@:1:1: this value looks like a token (JWT); "},
		{"jwt in a list", "extra: [a, " + jwt + "]\n", jwt, "@:1:12: extra[1]: this value looks like a token (JWT); "},
		{"pem as a note", "targets:\n  - target: a:b:c\n    note: |\n      " + strings.ReplaceAll(pem, "\n    ", "\n      ") + "\n", "MIIEowIBAAKCAQEAsecretsecret", "@:3:11: targets[0].note: this value looks like a private key (PEM); "},
		{"jwk as a note", "targets:\n  - target: a:b:c\n    note: '{\"kty\": \"RSA\", \"n\": \"x\", \"d\": \"privpriv\"}'\n", "privpriv", "@:3:11: targets[0].note: this value looks like a private key (JWK); "},
		{"password in a URL", "generator_url: https://me:pa55word@generator.example\n", "pa55word", "@:1:16: generator_url: this value holds a password (in a URL); "},
		{"jwt in a comment", "timeout: 5s # " + jwt + "\n", jwt, "@:1:10: timeout: a comment here looks like a token (JWT); "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeConfig(t, tt.yaml)
			_, err := Load(p)
			if err == nil {
				t.Fatal("Load accepted a secret")
			}
			msg := err.Error()
			if want := strings.ReplaceAll(tt.where, "@", p); !strings.HasPrefix(msg, want) && !strings.Contains(msg, "\n"+want) {
				t.Errorf("no line of the error starts with %q:\n%s", want, msg)
			}
			if !strings.Contains(msg, secretAdvice) {
				t.Errorf("error lacks the advice:\n%s", msg)
			}
			if strings.Contains(msg, tt.secret[:min(len(tt.secret), 12)]) {
				t.Errorf("error echoes the secret:\n%s", msg)
			}
		})
	}
}

// Keys that merely contain a secret word, and ordinary values, pass.
func TestSecretLookalikesAccepted(t *testing.T) {
	for _, k := range []string{"token_endpoint", "exchange_endpoint", "client_id", "env_file", "target", "source", "note"} {
		if isSecretKey(k) {
			t.Errorf("isSecretKey(%q) = true", k)
		}
	}
	for _, v := range []string{"eyJ", "http://user@host", "the eyJ-something API", "-----BEGIN PUBLIC KEY-----", `{"kty":"RSA","n":"x","e":"AQAB"}`} {
		if what := looksSecret(v); what != "" {
			t.Errorf("looksSecret(%q) = %q", v, what)
		}
	}
}
