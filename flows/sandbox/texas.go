package sandbox

import (
	"context"
	"fmt"
	"net/http"
)

// texasPrefix is where the sandbox app's Texas is mounted; in a pod it
// would be its own host, here it shares the sandbox's.
const texasPrefix = "/texas"

// texas is a Texas beside one app, with that app's Entra ID credentials
// (private key JWT, so Entra writes azpacr 2 into its tokens).
type texas struct {
	s      *Sandbox
	app    app
	tokens *texasCache // TokenCache<TokenRequest>
	obo    *texasCache // TokenCache<TokenExchangeRequest>
}

func newTexas(s *Sandbox, a app) *texas {
	return &texas{s: s, app: a, tokens: newTexasCache(), obo: newTexasCache()}
}

// serveHTTP routes as Texas's axum router does (src/http/router.rs): the
// three endpoints take POST only (405 with Allow: POST otherwise), and any
// other path is an empty 404.
func (t *texas) serveHTTP(w http.ResponseWriter, r *http.Request) {
	handlers := map[string]func(http.ResponseWriter, *http.Request){
		texasPrefix + "/api/v1/token":          t.token,
		texasPrefix + "/api/v1/token/exchange": t.exchange,
		texasPrefix + "/api/v1/introspect":     t.introspect,
	}
	h, ok := handlers[r.URL.Path]
	switch {
	case !ok:
		w.WriteHeader(http.StatusNotFound)
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		w.WriteHeader(http.StatusMethodNotAllowed)
	default:
		h(w, r)
	}
}

// token serves /api/v1/token (src/handler/token.rs).
func (t *texas) token(w http.ResponseWriter, r *http.Request) {
	req, ok := t.decode(w, r, tokenRequest)
	if !ok {
		return
	}
	resource, _ := req["resource"].(*string)
	details, _ := req["authorization_details"].(*string)
	key := fmt.Sprintf("%q|%v|%v", req.str("target"), deref(resource), deref(details))
	it, err := t.fetch(r.Context(), req.str("target"), false, "", skipCache(req), key)
	t.answer(w, r.Context(), it, err)
}

// exchange serves /api/v1/token/exchange (src/handler/token_exchange.rs).
func (t *texas) exchange(w http.ResponseWriter, r *http.Request) {
	req, ok := t.decode(w, r, exchangeRequest)
	if !ok {
		return
	}
	key := fmt.Sprintf("%q|%q", req.str("target"), req.str("user_token"))
	it, err := t.fetch(r.Context(), req.str("target"), true, req.str("user_token"), skipCache(req), key)
	t.answer(w, r.Context(), it, err)
}

// fetch is the cache in front of Entra: client credentials, or on behalf
// of userToken. Texas passes target and user_token on as they are, empty
// ones too, so Entra judges them.
func (t *texas) fetch(ctx context.Context, target string, obo bool, userToken string, skip bool, key string) (issued, error) {
	cache := t.tokens
	if obo {
		cache = t.obo
	}
	return cache.getOrInsert(key, skip, t.s.now, func() (issued, error) {
		return t.s.entraFrom(ctx, t.app, "2", target, obo, userToken)
	})
}

// answer writes the token (TokenResponse) or the error: Entra's with its
// status, reduced to error and error_description (ApiError::Upstream).
func (t *texas) answer(w http.ResponseWriter, ctx context.Context, it issued, err error) {
	if err != nil {
		writeIssueError(w, ctx, err, func(e *entraError) {
			respond(w, e.status, ctAxumJSON, compactJSON(e.reduced()))
		})
		return
	}
	respond(w, http.StatusOK, ctAxumJSON, compactJSON(obj{
		{"access_token", it.raw}, {"token_type", "Bearer"}, {"expires_in", it.expiresIn},
	}))
}

// introspect serves /api/v1/introspect (src/handler/token_introspect.rs):
// 200 for every well-formed request, inactive with the reason for a token
// it cannot accept and for a provider that is not enabled.
func (t *texas) introspect(w http.ResponseWriter, r *http.Request) {
	req, ok := t.decode(w, r, introspectRequest)
	if !ok {
		return
	}
	if p := req.str("identity_provider"); p != "entra_id" {
		writeInactive(w, fmt.Sprintf("identity provider '%s' is not enabled", p))
		return
	}
	claims, reason, err := t.validate(r.Context(), req.str("token"))
	switch {
	case err != nil:
		writeIssueError(w, r.Context(), err, nil) // the keys could not be made
	case reason != "":
		writeInactive(w, reason)
	default:
		respond(w, http.StatusOK, ctAxumJSON, compactJSON(append(obj{{"active", true}}, sortedObj(claims)...)))
	}
}

// validate introspects a token for this Texas's app, once the keys are
// made.
func (t *texas) validate(ctx context.Context, token string) (map[string]any, string, error) {
	k, err := t.s.keyring.signing.await(ctx)
	if err != nil {
		return nil, "", err
	}
	claims, reason := texasValidate(k.key, t.s.issuer(), t.app.clientID, token, t.s.now().Unix())
	return claims, reason, nil
}

func writeInactive(w http.ResponseWriter, reason string) {
	respond(w, http.StatusOK, ctAxumJSON, compactJSON(obj{{"active", false}, {"error", reason}}))
}

// decode reads the body and checks the provider; on failure it has
// answered 400 invalid_request (ApiError::UnsupportedMediaType,
// UnprocessableContent, IdentityProviderNotEnabled) and ok is false. The
// introspection endpoint answers a provider that is not enabled itself.
func (t *texas) decode(w http.ResponseWriter, r *http.Request, sc schema) (values, bool) {
	req, fault := decodeTexas(r, sc)
	if fault == "" && sc.name != introspectRequest.name && req.str("identity_provider") != "entra_id" {
		fault = fmt.Sprintf("identity provider '%s' is not enabled", req.str("identity_provider"))
	}
	if fault != "" {
		respond(w, http.StatusBadRequest, ctAxumJSON, compactJSON(obj{{"error", "invalid_request"}, {"error_description", fault}}))
		return nil, false
	}
	return req, true
}

func skipCache(req values) bool { b, _ := req["skip_cache"].(*bool); return b != nil && *b }

func deref(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}
