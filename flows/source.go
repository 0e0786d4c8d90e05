package flows

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Flow is how a token is obtained: on behalf of the logged-in employee, or
// as the app itself.
type Flow string

// The two flows NAIS offers for Entra ID tokens.
const (
	OBO Flow = "obo" // on behalf of a user: the token carries NAVident, groups, scp
	M2M Flow = "m2m" // machine to machine (client credentials): roles, no user
)

// ParseFlow accepts "obo" or "m2m" (any case).
func ParseFlow(s string) (Flow, error) {
	switch Flow(lower(s)) {
	case OBO:
		return OBO, nil
	case M2M:
		return M2M, nil
	}
	return "", fmt.Errorf("flow %q: must be obo or m2m", s)
}

// Via names the service a token comes from.
type Via string

// The token services NAIS developers use.
const (
	ViaGenerator Via = "generator" // azure-token-generator, dev only
	ViaTexas     Via = "texas"     // the token sidecar in a pod
	ViaEntra     Via = "entra"     // Entra ID's token endpoint, by hand
)

// ParseVia accepts "generator", "texas" or "entra" (any case).
func ParseVia(s string) (Via, error) {
	switch Via(lower(s)) {
	case ViaGenerator:
		return ViaGenerator, nil
	case ViaTexas:
		return ViaTexas, nil
	case ViaEntra:
		return ViaEntra, nil
	}
	return "", fmt.Errorf("source %q: must be generator, texas or entra", s)
}

// Request is one ask for a token.
type Request struct {
	Target Target
	Flow   Flow
	// Via picks the source. OBO via the generator uses Session; OBO via
	// Texas or Entra exchanges UserToken.
	Via Via
	// Fresh skips every cache: ours, and Texas's (skip_cache=true).
	Fresh bool
	// UserToken is the user's own token for an on-behalf-of exchange via
	// Texas or Entra. The generator takes a browser session instead.
	UserToken string
	// Session is the generator's io.nais.wonderwall.session cookie value,
	// for OBO via the generator. Kept in memory only.
	Session string
}

// Result is a token and where it came from.
type Result struct {
	Request   Request
	Token     *Token
	FromCache bool
}

// Issued is what a token service answered.
type Issued struct {
	AccessToken string
	// ExpiresIn is the service's expires_in; zero when it did not say.
	ExpiresIn time.Duration
}

// Source gets tokens from one service. Implementations must honour ctx and
// never put a token, secret or cookie into an error.
type Source interface {
	// Via names the service.
	Via() Via
	// Describe says in words what Fetch is about to do, e.g. "Asking
	// azure-token-generator for an M2M token".
	Describe(req Request) string
	// CacheKey identifies who answers and for whom: source, identity
	// provider, endpoint, flow, target and, for OBO, a hash of the session
	// or user token. Requests with the same key may share a cached token;
	// "" means never cache this source's tokens.
	CacheKey(req Request) string
	// Fetch asks the service for a token.
	Fetch(ctx context.Context, req Request) (Issued, error)
}

// IdentityProvider names the identity provider every source gets tokens
// from, as Texas spells it. Every cache key holds it, so the tokens of a
// second provider (TokenX) will never share Entra ID's entries.
const IdentityProvider = "entra_id"

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
