package sandbox

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestEnvOrderAndValues(t *testing.T) {
	s, _ := start(t, Options{})
	want := []string{
		"NAIS_TOKEN_ENDPOINT", "NAIS_TOKEN_EXCHANGE_ENDPOINT", "NAIS_TOKEN_INTROSPECTION_ENDPOINT",
		"AZURE_APP_CLIENT_ID", "AZURE_APP_CLIENT_SECRET", "AZURE_APP_JWK", "AZURE_APP_TENANT_ID",
		"AZURE_APP_WELL_KNOWN_URL", "AZURE_OPENID_CONFIG_ISSUER", "AZURE_OPENID_CONFIG_JWKS_URI",
		"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT", "ENTRATOKEN_GENERATOR_URL", "ENTRATOKEN_SESSION",
	}
	got := s.Env()
	if len(got) != len(want) {
		t.Fatalf("%d variables, want %d", len(got), len(want))
	}
	for i, e := range got {
		if e.Name != want[i] || e.Value == "" {
			t.Errorf("variable %d = %s=%q, want %s set", i, e.Name, e.Value, want[i])
		}
	}
	if !guidRe.MatchString(env(s, "AZURE_APP_CLIENT_ID")) || !guidRe.MatchString(env(s, "AZURE_APP_TENANT_ID")) {
		t.Error("client and tenant IDs must be GUIDs")
	}
	if env(s, "ENTRATOKEN_GENERATOR_URL") != s.GeneratorURL() || env(s, "ENTRATOKEN_SESSION") != s.DemoSession() {
		t.Error("generator URL or session differ from the accessors")
	}
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || strings.HasSuffix(s.URL(), ":0") {
		t.Errorf("URL() = %q, want http://127.0.0.1:<port>", s.URL())
	}
	clientKey(t, s) // AZURE_APP_JWK is a private RS256 key with a kid
	if r := get(t, s.URL()+"/api/m2m?aud=dev-gcp:nais:hello-world", s.DemoSession()); r.status != 200 {
		t.Errorf("DemoSession: HTTP %d", r.status)
	}
	if r := postForm(t, env(s, "NAIS_TOKEN_ENDPOINT"), url.Values{"identity_provider": {"azuread"}, "target": {"api://dev-gcp.nais.hello-world/.default"}}); r.status != 200 {
		t.Errorf("NAIS_TOKEN_ENDPOINT: HTTP %d", r.status)
	}
}

func TestExportBlock(t *testing.T) {
	s, _ := start(t, Options{})
	lines := strings.Split(strings.TrimSuffix(s.ExportBlock(), "\n"), "\n")
	env := s.Env()
	if len(lines) != len(env) {
		t.Fatalf("%d lines for %d variables", len(lines), len(env))
	}
	for i, e := range env {
		if want := "export " + e.Name + "='" + e.Value + "'"; lines[i] != want {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	for in, want := range map[string]string{
		"plain":        `'plain'`,
		"it's":         `'it'\''s'`,
		`$HOME "x" \n`: `'$HOME "x" \n'`,
		"":             `''`,
		"''":           `''\'''\'''`,
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestDemoAndFailureTargets(t *testing.T) {
	s, _ := start(t, Options{SlowDelay: 1})
	for _, d := range DemoTargets() {
		if d.Flow != "obo" && d.Flow != "m2m" && d.Flow != "" {
			t.Errorf("%s: flow %q", d.Target, d.Flow)
		}
		if d.Source != "generator" && d.Source != "texas" && d.Source != "entra" || d.Note == "" {
			t.Errorf("%s: source %q, note %q", d.Target, d.Source, d.Note)
		}
		r := postForm(t, s.URL()+"/api/public/m2m", url.Values{"aud": {d.Target}})
		fails := strings.HasPrefix(d.Note, "Fails")
		if (r.status == 200) == fails {
			t.Errorf("%s: HTTP %d, note %q", d.Target, r.status, d.Note)
		}
	}
	if len(FailureTargets()) != 6 {
		t.Errorf("%d failure targets documented, want 6", len(FailureTargets()))
	}
}

func TestOptionsFromEnv(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want Options
		err  string
	}{
		{nil, Options{}, ""},
		{map[string]string{EnvSessionLifetime: "2m", EnvAutoLogin: "true"}, Options{SessionLifetime: 2 * time.Minute, AutoLogin: true}, ""},
		{map[string]string{EnvSessionLifetime: "soon"}, Options{}, `ENTRATOKEN_SANDBOX_SESSION_LIFETIME="soon" is not a positive duration; write it as Go does, e.g. 2m, 90s or 10h`},
		{map[string]string{EnvSessionLifetime: "-1m"}, Options{}, "not a positive duration"},
		{map[string]string{EnvAutoLogin: "yes please"}, Options{}, `ENTRATOKEN_SANDBOX_AUTO_LOGIN="yes please" is not a boolean; use true or false`},
	} {
		got, err := OptionsFromEnv(func(k string) string { return tt.env[k] })
		switch {
		case tt.err == "" && (err != nil || got.SessionLifetime != tt.want.SessionLifetime || got.AutoLogin != tt.want.AutoLogin):
			t.Errorf("%v: %+v, %v; want %+v", tt.env, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%v: error %v, want %q", tt.env, err, tt.err)
		}
	}
}
