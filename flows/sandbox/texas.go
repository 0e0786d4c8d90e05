package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// texasPrefix is where Texas is mounted; in a pod it would be its own
// host, here it shares the sandbox's.
const texasPrefix = "/texas"

// introspectLeeway is the clock leeway Texas's JWT library allows when it
// introspects.
const introspectLeeway = 60 * time.Second

// texasToken serves /api/v1/token: a machine token, as the sandbox app,
// through the sandbox's Entra (private key JWT, so azpacr 2), cached.
func (s *Sandbox) texasToken(w http.ResponseWriter, r *http.Request) {
	req, ok := s.decodeTexas(w, r, "identity_provider", "target")
	if !ok {
		return
	}
	scope := texasScope(req.Target)
	s.texasServe(w, r, req, "token|"+scope, func() (issued, error) {
		return s.issue(r.Context(), grant{scope: scope, caller: sandboxApp, azpacr: "2"})
	})
}

// texasExchange serves /api/v1/token/exchange: on-behalf-of the user in
// user_token, which must be a user's token for the sandbox app.
func (s *Sandbox) texasExchange(w http.ResponseWriter, r *http.Request) {
	req, ok := s.decodeTexas(w, r, "identity_provider", "target", "user_token")
	if !ok {
		return
	}
	scope := texasScope(req.Target)
	sum := sha256.Sum256([]byte(req.UserToken))
	s.texasServe(w, r, req, "exchange|"+scope+"|"+hex.EncodeToString(sum[:]), func() (issued, error) {
		u, err := s.userAssertion(r.Context(), req.UserToken, sandboxApp)
		if err != nil {
			return issued{}, err
		}
		return s.issue(r.Context(), grant{scope: scope, caller: sandboxApp, azpacr: "2", user: &u})
	})
}

// texasServe answers from the cache unless skip_cache, else fetches and
// caches. Entra's errors pass through reduced, with Entra's status.
func (s *Sandbox) texasServe(w http.ResponseWriter, r *http.Request, req texasRequest, key string, fetch func() (issued, error)) {
	now := s.now()
	if !req.skipCache() {
		if raw, left, ok := s.texasCache.get(key, now); ok {
			writeTexasToken(w, raw, left)
			return
		}
	}
	it, err := fetch()
	if err != nil {
		writeIssueError(w, r.Context(), err, (*entraError).writeReduced)
		return
	}
	s.texasCache.put(key, it, now)
	writeTexasToken(w, it.raw, it.expiresIn())
}

func writeTexasToken(w http.ResponseWriter, raw string, expiresIn int64) {
	writeJSON(w, http.StatusOK, struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
		TokenType   string `json:"token_type"`
	}{raw, expiresIn, "Bearer"})
}

// texasIntrospect serves /api/v1/introspect: always 200, active with all
// claims for a valid token issued to the sandbox app, else inactive with
// the reason in Texas's words.
func (s *Sandbox) texasIntrospect(w http.ResponseWriter, r *http.Request) {
	req, ok := s.decodeTexas(w, r, "identity_provider", "token")
	if !ok {
		return
	}
	k, err := s.keyring.signing.await(r.Context())
	if err != nil {
		writeIssueError(w, r.Context(), err, (*entraError).writeReduced)
		return
	}
	claims, reason := s.introspect(k.key, req.Token)
	if reason != "" {
		writeJSON(w, http.StatusOK, map[string]any{"active": false, "error": reason})
		return
	}
	out := map[string]any{"active": true}
	for k, v := range claims {
		out[k] = v
	}
	writeJSON(w, http.StatusOK, out)
}

// introspect validates as Texas does for Entra ID: the tenant's keys,
// issuer, exp/nbf/iat with leeway, and aud = the app's own client ID.
func (s *Sandbox) introspect(signing keyPair, raw string) (jwt.MapClaims, string) {
	claims, err := s.verify(signing, raw, introspectLeeway)
	switch {
	case errors.Is(err, errTokenMalformed):
		return nil, "invalid token header: InvalidToken"
	case errors.Is(err, errTokenNoKid):
		return nil, "missing key id from token header"
	case errors.Is(err, errTokenUnknownKid):
		return nil, "signing key not in json web key set"
	case errors.Is(err, errTokenExpired):
		return nil, "invalid token: ExpiredSignature"
	case errors.Is(err, errTokenNotYetValid):
		return nil, "invalid token: ImmatureSignature"
	case errors.Is(err, errTokenIssuer):
		return nil, "invalid token: InvalidIssuer"
	case err != nil:
		return nil, "invalid token: InvalidSignature"
	}
	if aud, _ := claims["aud"].(string); aud != sandboxApp.clientID {
		return nil, "invalid token: InvalidAudience"
	}
	return claims, ""
}

// texasScope normalises a target as Texas does for Entra ID:
// cluster:namespace:app becomes api://cluster.namespace.app/.default;
// anything else goes to Entra as given.
func texasScope(target string) string {
	if !strings.Contains(target, "://") && strings.Count(target, ":") == 2 {
		return "api://" + strings.ReplaceAll(target, ":", ".") + "/.default"
	}
	return target
}

// writeTexasError is Texas's own error: 400 invalid_request.
func writeTexasError(w http.ResponseWriter, description string) {
	writeJSON(w, http.StatusBadRequest, oauthBody{Error: "invalid_request", Description: description})
}
