package sandbox

import (
	"strings"
)

// EnvVar is one environment variable, in the order a pod would list it.
type EnvVar struct{ Name, Value string }

// Env is what a NAIS pod running the sandbox app would have (Texas
// endpoints and the Entra ID secret), plus entratoken's own settings for
// the generator and a signed-in session. It holds secrets: show it only
// where the user asked for it.
func (s *Sandbox) Env() []EnvVar {
	texas := s.base + texasPrefix + "/api/v1"
	entra := s.entraBase()
	return []EnvVar{
		{"NAIS_TOKEN_ENDPOINT", texas + "/token"},
		{"NAIS_TOKEN_EXCHANGE_ENDPOINT", texas + "/token/exchange"},
		{"NAIS_TOKEN_INTROSPECTION_ENDPOINT", texas + "/introspect"},
		{"AZURE_APP_CLIENT_ID", sandboxApp.clientID},
		{"AZURE_APP_CLIENT_SECRET", s.clientSecret},
		{"AZURE_APP_JWK", s.clientJWK},
		{"AZURE_APP_TENANT_ID", tenantID},
		{"AZURE_APP_WELL_KNOWN_URL", entra + "/v2.0/.well-known/openid-configuration"},
		{"AZURE_OPENID_CONFIG_ISSUER", s.issuer()},
		{"AZURE_OPENID_CONFIG_JWKS_URI", entra + "/discovery/v2.0/keys"},
		{"AZURE_OPENID_CONFIG_TOKEN_ENDPOINT", entra + "/oauth2/v2.0/token"},
		{"ENTRATOKEN_GENERATOR_URL", s.GeneratorURL()},
		{"ENTRATOKEN_SESSION", s.demoSession},
	}
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
// (io.nais.wonderwall.session) on the generator, valid for 10 hours from
// Start, so a demo can skip the browser login.
func (s *Sandbox) DemoSession() string { return s.demoSession }

// UserToken is a fresh token of the demo user for the sandbox app, as its
// login proxy would hold it: the user_token Texas's exchange and Entra's
// on-behalf-of accept.
func (s *Sandbox) UserToken() (string, error) {
	u := demoUser
	return s.sign(mint{target: sandboxApp, caller: sandboxApp, azpacr: "2", user: &u, lifetime: s.opts.Lifetime})
}
