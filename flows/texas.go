package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The variables NAIS gives a pod that runs Texas beside the app.
const (
	EnvTexasToken         = "NAIS_TOKEN_ENDPOINT"
	EnvTexasExchange      = "NAIS_TOKEN_EXCHANGE_ENDPOINT"
	EnvTexasIntrospection = "NAIS_TOKEN_INTROSPECTION_ENDPOINT"
)

// texasIdP is the identity provider we ask Texas for: Entra ID under the
// name the NAIS documentation uses (Texas also takes its alias "azuread"),
// the one the cache keys name too.
const texasIdP = IdentityProvider

// Texas gets tokens from the Texas sidecar, which holds the app's own
// Entra ID credentials, so M2M tokens carry the app's identity. Requests
// are sent as application/x-www-form-urlencoded, one of the two bodies
// Texas accepts, so all sources share one POST helper.
type Texas struct {
	TokenEndpoint         string // NAIS_TOKEN_ENDPOINT
	ExchangeEndpoint      string // NAIS_TOKEN_EXCHANGE_ENDPOINT
	IntrospectionEndpoint string // NAIS_TOKEN_INTROSPECTION_ENDPOINT
	// HTTP is the client to use; nil means a default from NewHTTPClient.
	HTTP *http.Client
}

// TexasFromEnv reads the endpoints a NAIS pod gets, so entratoken run
// inside one needs no config.
func TexasFromEnv(getenv func(string) string, client *http.Client) Texas {
	return Texas{
		TokenEndpoint:         getenv(EnvTexasToken),
		ExchangeEndpoint:      getenv(EnvTexasExchange),
		IntrospectionEndpoint: getenv(EnvTexasIntrospection),
		HTTP:                  client,
	}
}

// Via names Texas.
func (t Texas) Via() Via { return ViaTexas }

// Describe says what Fetch is about to do, for the waiting screen.
func (t Texas) Describe(req Request) string {
	if req.Flow == OBO {
		return "Asking Texas to exchange your user token for an OBO token"
	}
	return "Asking Texas for an M2M token"
}

// CacheKey is "": Texas's tokens are never kept on disk. Who answers at
// a Texas address is not known before asking (a kubectl port-forward to
// one app's Texas today may point at another's tomorrow), so a cached
// token could be served for the wrong app; and Texas caches its tokens
// itself, so asking it again costs a round trip to this machine or pod.
func (t Texas) CacheKey(Request) string { return "" }

// Fetch asks Texas for an M2M token, or to exchange req.UserToken (OBO).
// req.Fresh also skips Texas's own cache.
func (t Texas) Fetch(ctx context.Context, req Request) (Issued, error) {
	if err := checkRequest(texasService, req); err != nil {
		return Issued{}, err
	}
	endpoint, env := t.endpoint(req.Flow)
	if err := texasConfig(env, endpoint); err != nil {
		return Issued{}, err
	}
	form := url.Values{"identity_provider": {texasIdP}, "target": {req.Target.Scope()}}
	if req.Fresh {
		form.Set("skip_cache", "true")
	}
	if req.Flow == OBO {
		if strings.TrimSpace(req.UserToken) == "" {
			return Issued{}, fmt.Errorf("Texas: %w", ErrNoUserToken)
		}
		form.Set("user_token", strings.TrimSpace(req.UserToken))
	}
	secrets := []string{req.UserToken, strings.TrimSpace(req.UserToken)}
	r, err := texasService.postForm(ctx, t.HTTP, endpoint, form, secrets)
	if err != nil {
		return Issued{}, err
	}
	return texasService.issued(r, secrets)
}

// Introspect asks Texas whether token is valid and what it says. Texas
// always answers 200: {"active": false, "error": ...} for a bad token,
// {"active": true, <claims>} for a good one. Numbers come back as
// json.Number, as in Token.Claims.
func (t Texas) Introspect(ctx context.Context, token string) (map[string]any, error) {
	if err := t.CheckIntrospection(); err != nil {
		return nil, err
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, errors.New("Texas: no token to introspect")
	}
	form := url.Values{"identity_provider": {texasIdP}, "token": {token}}
	secrets := []string{token}
	r, err := texasService.postForm(ctx, t.HTTP, t.IntrospectionEndpoint, form, secrets)
	if err != nil {
		return nil, err
	}
	if !r.ok() {
		return nil, texasService.failure(r, secrets)
	}
	dec := json.NewDecoder(strings.NewReader(string(r.body)))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil || m == nil {
		return nil, texasService.unusable(r, "not a JSON introspection answer")
	}
	if _, ok := m["active"].(bool); !ok {
		return nil, texasService.unusable(r, `no "active" field in the introspection answer`)
	}
	return m, nil
}

// CheckIntrospection returns a *ConfigError naming
// NAIS_TOKEN_INTROSPECTION_ENDPOINT when it is missing or not a URL, so a
// caller can refuse before it reads or prints anything.
func (t Texas) CheckIntrospection() error {
	return texasConfig(EnvTexasIntrospection, t.IntrospectionEndpoint)
}

// endpoint is where a flow's request goes, and the variable that sets it.
func (t Texas) endpoint(f Flow) (string, string) {
	if f == OBO {
		return t.ExchangeEndpoint, EnvTexasExchange
	}
	return t.TokenEndpoint, EnvTexasToken
}

func texasConfig(env, endpoint string) error {
	msg := checkURL(env, endpoint)
	if msg == "" {
		return nil
	}
	return &ConfigError{Source: ViaTexas, Reason: msg + "; NAIS sets it in pods with Texas enabled, elsewhere set it to Texas's address"}
}
