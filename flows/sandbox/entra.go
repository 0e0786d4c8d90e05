package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// OAuth values of Entra's token endpoint.
const (
	grantClientCredentials = "client_credentials"
	grantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	assertionTypeJWTBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// entraToken serves Entra's v2.0 token endpoint: client credentials and
// on-behalf-of, with a client secret or a private-key JWT.
func (s *Sandbox) entraToken(w http.ResponseWriter, r *http.Request) {
	it, ferr := s.entraGrant(r)
	if ferr != nil {
		writeIssueError(w, r.Context(), ferr, (*entraError).writeEntra)
		return
	}
	n := it.expiresIn()
	writeJSON(w, http.StatusOK, struct {
		TokenType    string `json:"token_type"`
		ExpiresIn    int64  `json:"expires_in"`
		ExtExpiresIn int64  `json:"ext_expires_in"`
		AccessToken  string `json:"access_token"`
	}{"Bearer", n, n, it.raw})
}

// entraGrant checks the request in Entra's order: tenant, grant type,
// client, scope, then the user assertion, and issues the token.
func (s *Sandbox) entraGrant(r *http.Request) (issued, error) {
	if t := r.PathValue("tenant"); t != tenantID {
		return issued{}, s.errTenant(t)
	}
	if err := r.ParseForm(); err != nil {
		return issued{}, s.fail(http.StatusBadRequest, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.")
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
	g := grant{scope: f.Get("scope"), caller: caller, azpacr: azpacr}
	if g.scope == "" {
		return issued{}, s.errMissingParam("scope")
	}
	if grantType == grantJWTBearer {
		u, err := s.oboUser(r.Context(), f)
		if err != nil {
			return issued{}, err
		}
		g.user = &u
	}
	return s.issue(r.Context(), g)
}

// oboUser checks the on-behalf-of parameters and reads the user out of
// the assertion: an *entraError, or ctx's error while waiting for the keys.
func (s *Sandbox) oboUser(ctx context.Context, f url.Values) (user, error) {
	switch f.Get("requested_token_use") {
	case "on_behalf_of":
	case "":
		return user{}, s.errMissingParam("requested_token_use")
	default:
		return user{}, s.fail(http.StatusBadRequest, "invalid_request", 9002313,
			"Invalid request. The value of 'requested_token_use' must be 'on_behalf_of'.")
	}
	assertion := f.Get("assertion")
	if assertion == "" {
		return user{}, s.errMissingParam("assertion")
	}
	return s.userAssertion(ctx, assertion, sandboxApp)
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
	claims, err := s.verify(k.key, raw, 0)
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

// discovery serves the OpenID configuration, with the sandbox's URLs and
// Entra's issuer.
func (s *Sandbox) discovery(w http.ResponseWriter, r *http.Request) {
	if t := r.PathValue("tenant"); t != tenantID {
		s.errTenant(t).writeEntra(w)
		return
	}
	base := s.entraBase()
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                s.issuer(),
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "microsoftonline.com",
	})
}

// jwks serves the issuer's JWKS, once the keys are made.
func (s *Sandbox) jwks(w http.ResponseWriter, r *http.Request) {
	if t := r.PathValue("tenant"); t != tenantID {
		s.errTenant(t).writeEntra(w)
		return
	}
	k, err := s.keyring.signing.await(r.Context())
	if err != nil {
		writeIssueError(w, r.Context(), err, (*entraError).writeEntra)
		return
	}
	writeJSON(w, http.StatusOK, k.key.jwks())
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
