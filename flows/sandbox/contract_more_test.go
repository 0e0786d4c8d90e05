package sandbox

import (
	"net/http"
	"net/url"
	"strings"
)

// demoMetadata is the demo session's /oauth2/session at t0 with the test
// token lifetime (3899 s), as Wonderwall's encoder writes it.
const demoMetadata = `{"session":{"created_at":"2025-03-14T09:26:53Z","ends_at":"2025-03-14T19:26:53Z","timeout_at":"0001-01-01T00:00:00Z","ends_in_seconds":36000,"active":true,"timeout_in_seconds":-1},` +
	`"tokens":{"expire_at":"2025-03-14T10:31:52Z","refreshed_at":"2025-03-14T09:26:53Z","expire_in_seconds":3899,"next_auto_refresh_in_seconds":3869,"refresh_cooldown":true,"refresh_cooldown_seconds":60}}` + "\n"

var noCacheHeader = map[string]string{"Cache-Control": "no-cache, no-store, no-transform, must-revalidate, private, max-age=0", "Pragma": "no-cache"}

var wonderwallContracts = []contract{
	{"nais/wonderwall pkg/handler/handler.go Session, handleGetSessionError", "Wonderwall: session without a cookie", raw("GET", "/oauth2/session", "", ""),
		401, "", "", noCacheHeader},
	{"nais/wonderwall pkg/handler/handler.go Session; pkg/session/data.go Metadata.Verbose", "Wonderwall: session", withSession(raw("GET", "/oauth2/session", "", "")),
		200, "application/json", demoMetadata, noCacheHeader},
	{"nais/wonderwall pkg/handler/handler.go SessionRefresh (on cooldown: unchanged)", "Wonderwall: session refresh", withSession(raw("POST", "/oauth2/session/refresh", "", "")),
		200, "application/json", demoMetadata, nil},
	{"nais/wonderwall pkg/router/router.go (r.Get(paths.Refresh))", "Wonderwall: session refresh by GET", withSession(raw("GET", "/oauth2/session/refresh", "", "")),
		200, "application/json", demoMetadata, nil},
	{"nais/wonderwall pkg/handler/handler.go SessionRefresh, handleGetSessionError", "Wonderwall: refresh without a session", raw("POST", "/oauth2/session/refresh", "", ""),
		401, "", "", nil},
	{"nais/wonderwall pkg/router/router.go; go-chi/chi mux.go methodNotAllowedHandler", "Wonderwall: POST login", raw("POST", "/oauth2/login", formCT, "redirect=/"),
		405, "", "", map[string]string{"Allow": "GET, HEAD"}},
	{"nais/wonderwall pkg/handler/handler.go Login; pkg/openid/oauth2.go RequestParams", "Wonderwall: login", raw("GET", "/oauth2/login?redirect=/api/obo?aud=dev-gcp:a:b", "", ""),
		302, "text/html; charset=utf-8", "{ANY}", map[string]string{
			"Location":   "{BASE}/entra/{TENANT}/oauth2/v2.0/authorize?client_id={GUID}&code_challenge={B64}&code_challenge_method=S256&nonce={B64}&redirect_uri={ANY}%2Foauth2%2Fcallback&response_mode=query&response_type=code&scope=openid+api%3A%2F%2F{GUID}%2F.default+offline_access&state={B64}",
			"Set-Cookie": "io.nais.wonderwall.callback={B64}; Path=/; HttpOnly; SameSite=Lax"}},
	{"nais/wonderwall internal/http/middleware.go DisallowNonNavigationalRequests", "Wonderwall: login by fetch", raw("GET", "/oauth2/login", "", "", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"),
		401, "application/json", `{"error":"unauthenticated","error_description":"this is an interactive endpoint; user-agents must be navigated to this endpoint","error_path":"/oauth2/login"}` + "\n", nil},
	{"nais/wonderwall pkg/handler/error.go respondError (auto-retry)", "Wonderwall: callback without its cookie", raw("GET", "/oauth2/callback?code=x&state=y", "", ""),
		307, "text/html; charset=utf-8", "{ANY}", map[string]string{"Location": "/oauth2/login?redirect=%2F", "Set-Cookie": "{ANY}io.nais.wonderwall.retry=1; Path=/; HttpOnly; SameSite=Lax"}},
	{"nais/wonderwall pkg/handler/error.go respondError (retries exhausted)", "Wonderwall: callback, fourth failure", raw("GET", "/oauth2/callback?code=x&state=y", "", "", "Cookie", "io.nais.wonderwall.retry=3"),
		401, "text/html; charset=utf-8", "{ANY}Statuskode 401{ANY}", nil},
	{"nais/wonderwall pkg/handler/handler.go LogoutLocal", "Wonderwall: local logout", func(s *Sandbox) *http.Request {
		req := raw("GET", "/oauth2/logout/local", "", "")(s)
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: s.newSession(demoUser)})
		return req
	}, 204, "", "", map[string]string{"Set-Cookie": "io.nais.wonderwall.session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax"}},
	{"nais/wonderwall pkg/handler/handler.go Logout", "Wonderwall: logout", raw("GET", "/oauth2/logout", "", ""),
		302, "text/html; charset=utf-8", "{ANY}", map[string]string{"Location": "{BASE}/entra/{TENANT}/oauth2/v2.0/logout?post_logout_redirect_uri={ANY}%2Foauth2%2Flogout%2Fcallback&state={B64}"}},
	{"nais/wonderwall pkg/router/router.go (ping)", "Wonderwall: ping", raw("GET", "/oauth2/ping", "", ""),
		200, "text/plain; charset=utf-8", "pong", nil},
	{"nais/wonderwall pkg/handler/handler.go SessionForwardAuth (forward-auth off)", "Wonderwall: forwardauth", raw("GET", "/oauth2/session/forwardauth", "", ""),
		404, "text/plain; charset=utf-8", "404 page not found\n", nil},
	{"go-chi/chi mux.go NotFound", "Wonderwall: unknown /oauth2 path", raw("GET", "/oauth2/nope", "", ""),
		404, "text/plain; charset=utf-8", "404 page not found\n", nil},
	{"nais/wonderwall pkg/handler/reverseproxy.go handleAutologin (JSON)", "Wonderwall auto-login: fetch", raw("GET", "/api/obo?aud=x", "", "", "Accept", "application/json"),
		401, "application/json", `{"error": "unauthenticated, please log in"}`, map[string]string{"Location": "/oauth2/login"}},
	{"nais/wonderwall pkg/handler/reverseproxy.go handleAutologin (no Accept)", "Wonderwall auto-login: curl", raw("GET", "/api/obo?aud=x", "", ""),
		401, "text/plain; charset=utf-8", "unauthenticated, please log in", map[string]string{"Location": "/oauth2/login"}},
	{"nais/wonderwall pkg/handler/reverseproxy.go handleAutologin (navigation)", "Wonderwall auto-login: browser", raw("GET", "/api/obo?aud=x", "", "", "Accept", "text/html"),
		302, "text/html; charset=utf-8", "{ANY}", map[string]string{"Location": "/oauth2/login?redirect=%2Fapi%2Fobo%3Faud%3Dx"}},
	{"nais/wonderwall pkg/handler/autologin/autologin.go DefaultIgnorePatterns", "Wonderwall auto-login: favicon passes", raw("GET", "/favicon.ico", "", ""),
		404, "", "", nil},
	{"nais/wonderwall pkg/handler/reverseproxy.go Handler (authenticated)", "Wonderwall auto-login: with a session", withSession(raw("GET", "/api/obo?aud=dev-gcp:a:b", "", "")),
		200, ctKtorJSON, "{\n  \"access_token\" : \"{TOKEN}\",\n  \"expires_in\" : 3899\n}", nil},
}

// entraForm is a client-credentials request of the sandbox app with its
// secret, kv overriding.
func entraForm(kv ...string) func(*Sandbox) *http.Request {
	return func(s *Sandbox) *http.Request {
		v := url.Values{"grant_type": {"client_credentials"}, "client_id": {sandboxApp.clientID},
			"client_secret": {s.clientSecret}, "scope": {"api://dev-gcp.a.b/.default"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return raw("POST", entraToken, formCT, v.Encode())(s)
	}
}

func entraErr(code string, aadsts, text string) string {
	return `{"error":"` + code + `","error_description":"AADSTS` + aadsts + `: ` + text + entraDesc +
		`","error_codes":[` + aadsts + `],"timestamp":"{TS}","trace_id":"{GUID}","correlation_id":"{GUID}","error_uri":"https://login.microsoftonline.com/error?code=` + aadsts + `"}`
}

var entraContracts = []contract{
	{"Entra ID v2.0 token endpoint: client credentials", "Entra: client credentials", entraForm(),
		200, ctEntraJSON, `{"token_type":"Bearer","expires_in":3899,"ext_expires_in":3899,"access_token":"{TOKEN}"}`, map[string]string{"Cache-Control": "no-store, no-cache"}},
	{"Entra ID v2.0 token endpoint: on-behalf-of (answers scope)", "Entra: on behalf of", func(s *Sandbox) *http.Request {
		return entraForm("grant_type", grantJWTBearer, "requested_token_use", "on_behalf_of", "assertion", userToken(s))(s)
	}, 200, ctEntraJSON, `{"token_type":"Bearer","scope":"api://dev-gcp.a.b/defaultaccess","expires_in":3899,"ext_expires_in":3899,"access_token":"{TOKEN}"}`, nil},
	{"Entra ID: AADSTS7000215", "Entra: wrong secret", entraForm("client_secret", "nope"),
		401, ctEntraJSON, entraErr("invalid_client", "7000215", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{GUID}'."), nil},
	{"Entra ID: AADSTS1002012", "Entra: scope without /.default", entraForm("scope", "api://dev-gcp.a.b"),
		400, ctEntraJSON, entraErr("invalid_scope", "1002012", "The provided value for scope api://dev-gcp.a.b is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."), nil},
	{"Entra ID: AADSTS70011", "Entra: two scopes", entraForm("scope", "api://dev-gcp.a.b/.default api://dev-gcp.a.c/.default"),
		400, ctEntraJSON, entraErr("invalid_scope", "70011", "The provided value for the input parameter 'scope' is not valid. The scope api://dev-gcp.a.b/.default api://dev-gcp.a.c/.default is not valid."), nil},
	{"Entra ID: AADSTS500011", "Entra: unknown resource", entraForm("scope", "api://dev-gcp.Team.app/.default"),
		400, ctEntraJSON, entraErr("invalid_resource", "500011", "The resource principal named api://dev-gcp.Team.app was not found in the tenant named {TENANT}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."), nil},
	{"Entra ID: AADSTS900144 (a JSON body is no form)", "Entra: JSON body", raw("POST", entraToken, "application/json", `{"grant_type":"client_credentials"}`),
		400, ctEntraJSON, entraErr("invalid_request", "900144", "The request body must contain the following parameter: 'grant_type'."), nil},
	{"Entra ID: AADSTS90002", "Entra: unknown tenant", func(s *Sandbox) *http.Request {
		req := entraForm()(s)
		req.URL.Path = strings.Replace(req.URL.Path, tenantID, "common", 1)
		return req
	}, 400, ctEntraJSON, entraErr("invalid_request", "90002", "Tenant 'common' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."), nil},
	{"Entra ID v2.0 OpenID configuration", "Entra: discovery", raw("GET", "$AZURE_APP_WELL_KNOWN_URL", "", ""),
		200, ctEntraJSON, `{"token_endpoint":"{BASE}/entra/{TENANT}/oauth2/v2.0/token",{ANY}"jwks_uri":"{BASE}/entra/{TENANT}/discovery/v2.0/keys",{ANY}"issuer":"https://login.microsoftonline.com/{TENANT}/v2.0",{ANY}}`, nil},
	{"Entra ID v2.0 keys (no alg, x5t = kid)", "Entra: JWKS", raw("GET", "$AZURE_OPENID_CONFIG_JWKS_URI", "", ""),
		200, ctEntraJSON, `{"keys":[{"kty":"RSA","use":"sig","kid":"{B64}","x5t":"{B64}","n":"{B64}","e":"AQAB","x5c":["{ANY}"],"cloud_instance_name":"microsoftonline.com","issuer":"https://login.microsoftonline.com/{TENANT}/v2.0"}]}`, nil},
	{"Entra ID: AADSTS50011 on the sign-in page", "Entra: authorize for a foreign redirect", func(s *Sandbox) *http.Request {
		q := url.Values{"client_id": {generatorApp.clientID}, "redirect_uri": {"https://evil.example/cb"}, "response_type": {"code"}}
		return raw("GET", "/entra/"+tenantID+"/oauth2/v2.0/authorize?"+q.Encode(), "", "")(s)
	}, 400, "text/html; charset=utf-8", "{ANY}AADSTS50011: The redirect URI &#39;https://evil.example/cb&#39; specified in the request does not match{ANY}", nil},
}
