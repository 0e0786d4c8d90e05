package sandbox

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// EnvVar is one environment variable, in the order a pod would list it.
type EnvVar struct{ Name, Value string }

// envClientJWK is the one variable whose value waits for the keys.
const envClientJWK = "AZURE_APP_JWK"

// Env is what a NAIS pod running the sandbox app would have (Texas
// endpoints and the Entra ID secret), plus entratoken's own settings for
// the generator and a signed-in session. It holds secrets: show it only
// where the user asked for it. It waits for the keys (see Start), for
// AZURE_APP_JWK; that value is empty if they could not be made.
func (s *Sandbox) Env() []EnvVar { return s.env(s.clientJWK()) }

// LookupEnv is os.LookupEnv over Env, for layering the sandbox's
// environment over the process's. Only AZURE_APP_JWK waits for the keys,
// so an app can be wired up while they are being made.
func (s *Sandbox) LookupEnv(name string) (string, bool) {
	if name == envClientJWK {
		return s.clientJWK(), true
	}
	for _, e := range s.env("") {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

// env lists the variables with jwk as AZURE_APP_JWK.
func (s *Sandbox) env(jwk string) []EnvVar {
	texas := s.base + texasPrefix + "/api/v1"
	entra := s.entraBase()
	return []EnvVar{
		{"NAIS_TOKEN_ENDPOINT", texas + "/token"},
		{"NAIS_TOKEN_EXCHANGE_ENDPOINT", texas + "/token/exchange"},
		{"NAIS_TOKEN_INTROSPECTION_ENDPOINT", texas + "/introspect"},
		{"AZURE_APP_CLIENT_ID", sandboxApp.clientID},
		{"AZURE_APP_CLIENT_SECRET", s.clientSecret},
		{envClientJWK, jwk},
		{"AZURE_APP_TENANT_ID", tenantID},
		{"AZURE_APP_WELL_KNOWN_URL", entra + "/v2.0/.well-known/openid-configuration"},
		{"AZURE_OPENID_CONFIG_ISSUER", s.issuer()},
		{"AZURE_OPENID_CONFIG_JWKS_URI", entra + "/discovery/v2.0/keys"},
		{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT", entra + "/oauth2/v2.0/token"},
		{"ENTRATOKEN_GENERATOR_URL", s.GeneratorURL()},
		{"ENTRATOKEN_SESSION", s.demoSession},
	}
}

// clientJWK waits for the keys and returns the app's private key as JWK
// JSON, or "" if they could not be made.
func (s *Sandbox) clientJWK() string {
	k, err := s.keyring.client.await(context.Background())
	if err != nil {
		return ""
	}
	return k.jwk
}

// ExportBlock is Env as POSIX shell "export NAME='value'" lines, for
// pasting into another terminal.
func (s *Sandbox) ExportBlock() string {
	var b strings.Builder
	for _, e := range s.Env() {
		b.WriteString("export " + e.Name + "=" + shellQuote(e.Value) + "\n")
	}
	return b.String()
}

// shellQuote single-quotes v; a ' inside becomes '\”.
func shellQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// DemoSession is the value of a signed-in "Demo Developer" session cookie
// (io.nais.wonderwall.session) on the generator, begun at Start and good
// for Options.SessionLifetime, so a demo can skip the browser login.
func (s *Sandbox) DemoSession() string { return s.demoSession }

// The variables that tune `entratoken sandbox` and `entratoken --sandbox`.
const (
	// EnvSessionLifetime is Options.SessionLifetime as a Go duration
	// ("2m", "10h").
	EnvSessionLifetime = "ENTRATOKEN_SANDBOX_SESSION_LIFETIME"
	// EnvAutoLogin is Options.AutoLogin ("true" or "false").
	EnvAutoLogin = "ENTRATOKEN_SANDBOX_AUTO_LOGIN"
)

// OptionsFromEnv reads EnvSessionLifetime and EnvAutoLogin through getenv;
// unset ones keep the defaults. The error names the variable, what was
// wrong and what to write instead.
func OptionsFromEnv(getenv func(string) string) (Options, error) {
	var o Options
	if v := getenv(EnvSessionLifetime); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return o, fmt.Errorf("%s=%q is not a positive duration; write it as Go does, e.g. 2m, 90s or 10h", EnvSessionLifetime, v)
		}
		o.SessionLifetime = d
	}
	if v := getenv(EnvAutoLogin); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return o, fmt.Errorf("%s=%q is not a boolean; use true or false", EnvAutoLogin, v)
		}
		o.AutoLogin = b
	}
	return o, nil
}
