package sandbox

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// OAuth values of Entra's token endpoint.
const (
	grantClientCredentials = "client_credentials"
	grantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	assertionTypeJWTBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// entraRoutes serves Entra ID's endpoints for the sandbox tenant, under
// /entra/<tenant>.
func (s *Sandbox) entraRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /entra/{tenant}/oauth2/v2.0/token", s.entraToken)
	mux.HandleFunc("GET /entra/{tenant}/oauth2/v2.0/authorize", s.authorizePage)
	mux.HandleFunc("POST /entra/{tenant}/oauth2/v2.0/authorize", s.authorizeSignIn)
	mux.HandleFunc("GET /entra/{tenant}/oauth2/v2.0/logout", s.entraLogout)
	mux.HandleFunc("GET /entra/{tenant}/v2.0/.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET /entra/{tenant}/discovery/v2.0/keys", s.jwks)
	return mux
}

// entraToken serves the v2.0 token endpoint: client credentials and
// on-behalf-of, with a client secret or a private-key JWT.
func (s *Sandbox) entraToken(w http.ResponseWriter, r *http.Request) {
	it, err := s.entraGrant(r)
	if err != nil {
		writeIssueError(w, r.Context(), err, func(e *entraError) { e.writeEntra(w) })
		return
	}
	body := obj{{"token_type", "Bearer"}}
	if it.scope != "" {
		body = append(body, kv{"scope", it.scope})
	}
	body = append(body, kv{"expires_in", it.expiresIn}, kv{"ext_expires_in", it.expiresIn}, kv{"access_token", it.raw})
	entraHeaders(w)
	respond(w, http.StatusOK, ctEntraJSON, compactJSON(body))
}

// entraGrant checks the request in Entra's order: tenant, grant type,
// client, then the grant's own parameters.
func (s *Sandbox) entraGrant(r *http.Request) (issued, error) {
	if t := r.PathValue("tenant"); t != tenantID {
		return issued{}, s.errTenant(t)
	}
	if err := r.ParseForm(); err != nil {
		return issued{}, s.errMalformed("Request is malformed or invalid.")
	}
	f := r.PostForm
	grantType := f.Get("grant_type")
	switch grantType {
	case "":
		return issued{}, s.errMissingParam("grant_type")
	case grantClientCredentials, grantJWTBearer:
	default:
		return issued{}, s.errGrantType(grantType)
	}
	caller, azpacr, err := s.authenticate(r.Context(), f)
	if err != nil {
		return issued{}, err
	}
	obo := grantType == grantJWTBearer
	if obo {
		switch f.Get("requested_token_use") {
		case "on_behalf_of":
		case "":
			return issued{}, s.errMissingParam("requested_token_use")
		default:
			return issued{}, s.errMalformed("The value of 'requested_token_use' must be 'on_behalf_of'.")
		}
	}
	return s.entraFrom(r.Context(), caller, azpacr, f.Get("scope"), obo, f.Get("assertion"))
}

// entraFrom is Entra answering an authenticated client: client
// credentials for scope, or on behalf of the user in assertion. Texas's
// requests come here directly, with the app's key (azpacr 2).
func (s *Sandbox) entraFrom(ctx context.Context, caller app, azpacr, scope string, obo bool, assertion string) (issued, error) {
	if scope == "" {
		return issued{}, s.errMissingParam("scope")
	}
	g := grant{scope: scope, caller: caller, azpacr: azpacr}
	if obo {
		if assertion == "" {
			return issued{}, s.errMissingParam("assertion")
		}
		u, err := s.userAssertion(ctx, assertion, caller)
		if err != nil {
			return issued{}, err
		}
		g.user = &u
	}
	return s.issue(ctx, g)
}

// userAssertion validates a user's token for on-behalf-of by the calling
// app, as Entra does: signed by this tenant, unexpired, issued to the
// caller, and a user's (not an app's) token. The error is an *entraError,
// or ctx's error while waiting for the keys.
func (s *Sandbox) userAssertion(ctx context.Context, raw string, caller app) (user, error) {
	k, err := s.keyring.signing.await(ctx)
	if err != nil {
		return user{}, err
	}
	claims, err := s.verify(k.key, raw)
	switch {
	case errors.Is(err, errTokenExpired), errors.Is(err, errTokenNotYetValid):
		return user{}, s.fail(http.StatusBadRequest, "invalid_grant", 500133,
			"Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: %s, expiry time of assertion %s.",
			entraTime(s.now()), entraTime(claimTime(raw, "exp")))
	case err != nil:
		return user{}, s.fail(http.StatusBadRequest, "invalid_grant", 50013,
			"Assertion failed signature validation. [Reason - %s.]", err)
	}
	if aud, _ := claims["aud"].(string); aud != caller.clientID {
		return user{}, s.fail(http.StatusBadRequest, "invalid_grant", 500131,
			"Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '%s' and the expected audience is '%s' or one of the Application Id URIs of this application.",
			aud, caller.clientID)
	}
	u, ok := userFrom(claims)
	if !ok {
		return user{}, s.fail(http.StatusBadRequest, "invalid_grant", 50013,
			"Assertion failed signature validation. [Reason - the assertion is an app-only token; on-behalf-of needs a user's token.]")
	}
	return u, nil
}

// discovery serves the OpenID configuration as Entra's v2.0 one reads,
// with the sandbox's URLs and Entra's issuer: the issuer of every token
// the sandbox signs.
func (s *Sandbox) discovery(w http.ResponseWriter, r *http.Request) {
	if t := r.PathValue("tenant"); t != tenantID {
		s.errTenant(t).writeEntra(w)
		return
	}
	base := s.entraBase()
	respond(w, http.StatusOK, ctEntraJSON, compactJSON(obj{
		{"token_endpoint", base + "/oauth2/v2.0/token"},
		{"token_endpoint_auth_methods_supported", []string{"client_secret_post", "private_key_jwt", "client_secret_basic"}},
		{"jwks_uri", base + "/discovery/v2.0/keys"},
		{"response_modes_supported", []string{"query", "fragment", "form_post"}},
		{"subject_types_supported", []string{"pairwise"}},
		{"id_token_signing_alg_values_supported", []string{"RS256"}},
		{"response_types_supported", []string{"code", "id_token", "code id_token", "id_token token"}},
		{"scopes_supported", []string{"openid", "profile", "email", "offline_access"}},
		{"issuer", s.issuer()},
		{"request_uri_parameter_supported", false},
		{"authorization_endpoint", base + "/oauth2/v2.0/authorize"},
		{"http_logout_supported", true},
		{"frontchannel_logout_supported", true},
		{"end_session_endpoint", base + "/oauth2/v2.0/logout"},
		{"claims_supported", []string{"sub", "iss", "cloud_instance_name", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "email"}},
		{"tenant_region_scope", "EU"},
		{"cloud_instance_name", "microsoftonline.com"},
	}))
}

// jwks serves the tenant's keys, once they are made.
func (s *Sandbox) jwks(w http.ResponseWriter, r *http.Request) {
	if t := r.PathValue("tenant"); t != tenantID {
		s.errTenant(t).writeEntra(w)
		return
	}
	k, err := s.keyring.signing.await(r.Context())
	if err != nil {
		writeIssueError(w, r.Context(), err, nil)
		return
	}
	respond(w, http.StatusOK, ctEntraJSON, compactJSON(k.key.jwks(s.issuer())))
}

// entraTime is how Entra writes times inside error descriptions.
func entraTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

// claimTime reads a time claim without verifying, for error texts only.
func claimTime(raw, name string) time.Time {
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(raw, claims); err != nil {
		return time.Unix(0, 0)
	}
	if f, ok := claims[name].(float64); ok {
		return time.Unix(int64(f), 0)
	}
	return time.Unix(0, 0)
}

// writeIssueError answers a failed issue: an Entra error in the service's
// shape, 503 when the request was cancelled (a slow target whose client
// gave up, or the sandbox closing), 500 otherwise (the keys could not be
// made).
func writeIssueError(w http.ResponseWriter, ctx context.Context, err error, write func(*entraError)) {
	var fe *entraError
	switch {
	case errors.As(err, &fe) && write != nil:
		write(fe)
	case ctx.Err() != nil:
		respond(w, http.StatusServiceUnavailable, "text/plain; charset=utf-8", []byte("sandbox: the request was cancelled before the token was issued"))
	default:
		respond(w, http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("sandbox: could not issue the token"))
	}
}
