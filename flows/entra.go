package flows

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The variables NAIS puts in an app's Entra ID secret.
const (
	EnvEntraTokenEndpoint = "AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"
	EnvEntraClientID      = "AZURE_APP_CLIENT_ID"
	EnvEntraClientSecret  = "AZURE_APP_CLIENT_SECRET"
	EnvEntraJWK           = "AZURE_APP_JWK"
	EnvEntraIssuer        = "AZURE_OPENID_CONFIG_ISSUER"
)

// Entra asks Entra ID's token endpoint directly with an app's own
// credentials, as an app without Texas would. The grants are written on
// the shared form POST rather than golang.org/x/oauth2/clientcredentials:
// that package has no on-behalf-of grant, caps bodies silently (we must
// report an overflow), and turns expires_in into an expiry on its own
// clock; one hand-written path serves both grants with the same error
// parsing as Texas.
type Entra struct {
	TokenEndpoint string // AZURE_OPENID_CONFIG_TOKEN_ENDPOINT
	ClientID      string // AZURE_APP_CLIENT_ID
	// ClientSecret (AZURE_APP_CLIENT_SECRET) is used only when there is no
	// JWK.
	ClientSecret string
	// JWK is the app's private key as JWK JSON (AZURE_APP_JWK), used for a
	// private_key_jwt client assertion. It wins over ClientSecret when both
	// are set: NAIS apps (and Texas) authenticate with the private key
	// only, so that is the login a token from here should show (azpacr 2).
	JWK string
	// Issuer (AZURE_OPENID_CONFIG_ISSUER) is the assertion's aud; the token
	// endpoint is used when it is empty.
	Issuer string
	// HTTP is the client to use; nil means a default from NewHTTPClient.
	HTTP *http.Client
	// Now is the clock for the client assertion; nil means time.Now.
	Now func() time.Time
}

// EntraFromEnv reads the variables of an app's Entra ID secret, so the
// same values work from a pod, a shell or a dotenv file (pass a lookup in
// the map ReadEnvFile returns).
func EntraFromEnv(getenv func(string) string, client *http.Client) Entra {
	return Entra{
		TokenEndpoint: getenv(EnvEntraTokenEndpoint),
		ClientID:      getenv(EnvEntraClientID),
		ClientSecret:  getenv(EnvEntraClientSecret),
		JWK:           getenv(EnvEntraJWK),
		Issuer:        getenv(EnvEntraIssuer),
		HTTP:          client,
	}
}

// Via names Entra ID.
func (e Entra) Via() Via { return ViaEntra }

// Describe says what Fetch is about to do, for the waiting screen.
func (e Entra) Describe(req Request) string {
	if req.Flow == OBO {
		return "Asking Entra ID to exchange your user token for an OBO token"
	}
	return "Asking Entra ID for an M2M token (client credentials)"
}

// CacheKey adds the client ID to endpoint, flow and target: two apps in
// the same tenant get different tokens for the same target. OBO tokens are
// keyed by a hash of the user token.
func (e Entra) CacheKey(req Request) string {
	k := cacheKey(ViaEntra, e.TokenEndpoint, string(req.Flow), req.Target.String(), "c:"+e.ClientID)
	if req.Flow == OBO {
		k += "|u:" + shortHash(strings.TrimSpace(req.UserToken))
	}
	return k
}

// Fetch runs the client credentials grant (M2M) or the on-behalf-of grant
// for req.UserToken (OBO), authenticating with a client assertion signed
// with the JWK or, when there is none, the client secret.
func (e Entra) Fetch(ctx context.Context, req Request) (Issued, error) {
	if err := checkRequest(entraService, req); err != nil {
		return Issued{}, err
	}
	if err := e.check(); err != nil {
		return Issued{}, err
	}
	form := url.Values{"client_id": {e.ClientID}, "scope": {req.Target.Scope()}}
	if req.Flow == OBO {
		user := strings.TrimSpace(req.UserToken)
		if user == "" {
			return Issued{}, fmt.Errorf("Entra ID: %w", ErrNoUserToken)
		}
		form.Set("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
		form.Set("requested_token_use", "on_behalf_of")
		form.Set("assertion", user)
	} else {
		form.Set("grant_type", "client_credentials")
	}
	if err := e.authenticate(form); err != nil {
		return Issued{}, err
	}
	secrets := append([]string{e.ClientSecret, req.UserToken, form.Get("assertion"), form.Get("client_assertion")}, jwkSecrets(e.JWK)...)
	r, err := entraService.postForm(ctx, e.HTTP, e.TokenEndpoint, form, secrets)
	if err != nil {
		return Issued{}, err
	}
	return entraService.issued(r, secrets)
}

// check names the first missing or bad setting.
func (e Entra) check() error {
	msg := checkURL(EnvEntraTokenEndpoint, e.TokenEndpoint)
	switch {
	case msg != "":
	case strings.TrimSpace(e.ClientID) == "":
		msg = EnvEntraClientID + " is not set"
	case e.ClientSecret == "" && strings.TrimSpace(e.JWK) == "":
		msg = "neither " + EnvEntraClientSecret + " nor " + EnvEntraJWK + " is set; the app's Entra ID secret has them"
	default:
		return nil
	}
	return &ConfigError{Source: ViaEntra, Reason: msg}
}

// authenticate adds the client authentication to form: the private key
// when there is one, as NAIS does, else the secret.
func (e Entra) authenticate(form url.Values) error {
	if strings.TrimSpace(e.JWK) == "" {
		form.Set("client_secret", e.ClientSecret)
		return nil
	}
	key, err := parseJWK(e.JWK)
	if err != nil {
		return err
	}
	aud := e.Issuer
	if aud == "" {
		aud = e.TokenEndpoint
	}
	assertion, err := key.assertion(e.ClientID, aud, e.now())
	if err != nil {
		return err
	}
	form.Set("client_assertion_type", clientAssertionType)
	form.Set("client_assertion", assertion)
	return nil
}

func (e Entra) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}
