package sandbox

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// contract is one behaviour of a real service, sent as raw HTTP to the
// sandbox: the answer's status, Content-Type (exact; "" for none) and body
// (a pattern, see bodyPattern), plus headers that must be there.
type contract struct {
	upstream string // repository, file and function the behaviour follows
	name     string
	req      func(s *Sandbox) *http.Request
	status   int
	ctype    string
	body     string
	header   map[string]string
}

// bodyPattern turns a body with placeholders into an anchored regexp:
// {TOKEN} a JWT, {GUID}, {N} a number, {TS} Entra's timestamp, {TIME} an
// RFC 3339 time, {B64} base64url text, {BASE} the sandbox's URL, {TENANT}
// its tenant ID, {ANY} anything; the rest is literal.
func bodyPattern(s *Sandbox, body string) *regexp.Regexp {
	holes := map[string]string{
		"{TOKEN}": `[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`, "{GUID}": `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
		"{N}": `-?\d+`, "{TS}": `\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`, "{TIME}": `[0-9T:.Z-]+`, "{B64}": `[A-Za-z0-9_-]+`,
		"{BASE}": regexp.QuoteMeta(s.URL()), "{TENANT}": tenantID, "{ANY}": `(?s:.*)`,
	}
	var re strings.Builder
	for rest := body; rest != ""; {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest[max(i, 0):], '}') + max(i, 0)
		if i < 0 || j < i || holes[rest[i:j+1]] == "" {
			if i < 0 {
				i = len(rest) - 1
			}
			re.WriteString(regexp.QuoteMeta(rest[:i+1]))
			rest = rest[i+1:]
			continue
		}
		re.WriteString(regexp.QuoteMeta(rest[:i]) + holes[rest[i:j+1]])
		rest = rest[j+1:]
	}
	return regexp.MustCompile("^" + re.String() + "$")
}

// Ways to build the requests. A target starting with $ is the sandbox
// variable of that name, else a path on the sandbox.
func at(s *Sandbox, target string) string {
	if name, ok := strings.CutPrefix(target, "$"); ok {
		v, _ := s.LookupEnv(name)
		return v
	}
	return s.URL() + target
}

func raw(method, target, ctype, body string, header ...string) func(*Sandbox) *http.Request {
	return func(s *Sandbox) *http.Request {
		req, _ := http.NewRequest(method, at(s, target), strings.NewReader(body))
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return req
	}
}

func form(target string, kv ...string) func(*Sandbox) *http.Request {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return raw(http.MethodPost, target, "application/x-www-form-urlencoded", v.Encode())
}

// withSession sends the request with the demo session's cookie.
func withSession(build func(*Sandbox) *http.Request) func(*Sandbox) *http.Request {
	return func(s *Sandbox) *http.Request {
		req := build(s)
		req.AddCookie(&http.Cookie{Name: SessionCookie, Value: s.DemoSession()})
		return req
	}
}

// withToken sends a form whose field is filled in by fill (a token).
func withToken(target, field string, fill func(s *Sandbox) string, kv ...string) func(*Sandbox) *http.Request {
	return func(s *Sandbox) *http.Request {
		return form(target, append(kv, field, fill(s))...)(s)
	}
}

func multipartForm(target string, kv ...string) func(*Sandbox) *http.Request {
	return func(s *Sandbox) *http.Request {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for i := 0; i+1 < len(kv); i += 2 {
			mw.WriteField(kv[i], kv[i+1])
		}
		mw.Close()
		return raw(http.MethodPost, target, mw.FormDataContentType(), b.String())(s)
	}
}

const (
	texasToken      = "$NAIS_TOKEN_ENDPOINT"
	texasExchange   = "$NAIS_TOKEN_EXCHANGE_ENDPOINT"
	texasIntrospect = "$NAIS_TOKEN_INTROSPECTION_ENDPOINT"
	entraToken      = "$AZURE_OPENID_CONFIG_TOKEN_ENDPOINT"
	formCT          = "application/x-www-form-urlencoded"
	// entraDesc is the tail Entra puts on every error_description.
	entraDesc = `\r\nTrace ID: {GUID}\r\nCorrelation ID: {GUID}\r\nTimestamp: {TS}`
	variants  = "expected one of `azuread`, `entra_id`, `tokenx`, `maskinporten`, `idporten`"
	texasOK   = `{"access_token":"{TOKEN}","token_type":"Bearer","expires_in":3899}`
	noMedia   = "expected one of `application/json`, `application/x-www-form-urlencoded`"
)

func userToken(s *Sandbox) string { tok, _ := s.UserToken(); return tok }

// UserToken is a fresh token of the demo user for the sandbox app, as its
// login proxy would hold it: the user_token Texas's exchange and Entra's
// on-behalf-of accept. It waits for the keys (see Start).
func (s *Sandbox) UserToken() (string, error) {
	u, now := demoUser, s.now()
	return s.sign(context.Background(), mint{target: sandboxApp, caller: sandboxApp, azpacr: "2", user: &u,
		issuedAt: now.Add(-entraBackdate), expiresAt: now.Add(s.lifetime())})
}

// publicM2M is a machine token of the generator's for dev-gcp:a:b.
func publicM2M(s *Sandbox) string {
	resp, err := http.PostForm(s.URL()+"/api/public/m2m", url.Values{"aud": {"dev-gcp:a:b"}})
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestContract sends one raw request per upstream behaviour and checks
// the answer exactly.
func TestContract(t *testing.T) {
	s, _ := start(t, Options{})
	auto, _ := start(t, Options{AutoLogin: true})
	for _, c := range append(append(append(texasContracts, authDetailsContracts...), generatorContracts...), append(wonderwallContracts, entraContracts...)...) {
		t.Run(c.name, func(t *testing.T) {
			sb := s
			if strings.Contains(c.name, "auto-login") {
				sb = auto
			}
			r := do(t, noRedirects, c.req(sb))
			if r.status != c.status || r.header.Get("Content-Type") != c.ctype {
				t.Errorf("%s: HTTP %d %q, want %d %q", c.upstream, r.status, r.header.Get("Content-Type"), c.status, c.ctype)
			}
			if !bodyPattern(sb, c.body).MatchString(r.body) {
				t.Errorf("%s: body\n%q\nwant\n%q", c.upstream, r.body, c.body)
			}
			for k, v := range c.header {
				if got := strings.Join(r.header.Values(k), ", "); !bodyPattern(sb, v).MatchString(got) {
					t.Errorf("%s: %s = %q, want %q", c.upstream, k, got, v)
				}
			}
		})
	}
}

var texasContracts = []contract{
	{"nais/texas src/handler/token.rs token", "Texas: form", form(texasToken, "identity_provider", "entra_id", "target", "api://dev-gcp.a.b/.default"),
		200, "application/json", texasOK, nil},
	{"nais/texas src/oauth/identity_provider.rs IdentityProvider (alias azuread)", "Texas: JSON, provider alias", raw("POST", texasToken, "application/json", `{"identity_provider":"azuread","target":"api://dev-gcp.a.c/.default"}`),
		200, "application/json", texasOK, nil},
	{"nais/texas tests/integration/token.rs test_token_invalid_content_type", "Texas: text/plain", raw("POST", texasToken, "text/plain", "some plain text"),
		400, "application/json", `{"error":"invalid_request","error_description":"unsupported media type: text/plain: ` + noMedia + `"}`, nil},
	{"nais/texas src/handler.rs JsonOrForm::from_request", "Texas: no content type", raw("POST", texasToken, "", "target=x"),
		400, "application/json", `{"error":"invalid_request","error_description":"unsupported media type: : ` + noMedia + `"}`, nil},
	{"tokio-rs/axum axum/src/json.rs json_content_type", "Texas: application/jsonp", raw("POST", texasToken, "application/jsonp", "{}"),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Expected request with `Content-Type: application/json`\"}", nil},
	{"nais/texas tests/integration/token.rs test_token_invalid_identity_provider (JSON)", "Texas: unknown provider, JSON", raw("POST", texasToken, "application/json", `{"identity_provider":"invalid","target":"dontcare"}`),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to deserialize the JSON body into the target type: identity_provider: unknown variant ` + "`invalid`, " + variants + ` at line 1 column 30"}`, nil},
	{"nais/texas tests/integration/token.rs test_token_invalid_identity_provider (form)", "Texas: unknown provider, form", form(texasToken, "target", "dontcare", "identity_provider", "invalid"),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to deserialize form body: identity_provider: unknown variant ` + "`invalid`, " + variants + `"}`, nil},
	{"nais/texas src/oauth/identity_provider.rs IdentityProvider (serde)", "Texas: empty provider is an unknown variant", form(texasToken, "target", "x", "identity_provider", ""),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to deserialize form body: identity_provider: unknown variant ` + "``, " + variants + `"}`, nil},
	{"tokio-rs/axum axum/src/json.rs Json::from_bytes (Deserializer::end)", "Texas: trailing characters", raw("POST", texasToken, "application/json", `{"identity_provider":"entra_id","target":"t"} x`),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to parse the request body as JSON: trailing characters at line 1 column 47"}`, nil},
	{"serde-rs/json src/de.rs deserialize_struct (missing field)", "Texas: missing target, JSON", raw("POST", texasToken, "application/json", `{"identity_provider":"entra_id"}`),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize the JSON body into the target type: missing field `target` at line 1 column 32\"}", nil},
	{"serde-rs/json src/de.rs MapAccess (key case matters)", "Texas: Target is not target", raw("POST", texasToken, "application/json", `{"identity_provider":"entra_id","Target":"t"}`),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize the JSON body into the target type: missing field `target` at line 1 column 45\"}", nil},
	{"serde derive visit_map (duplicate_field), JSON", "Texas: field twice, JSON", raw("POST", texasToken, "application/json", `{"target":"a","target":"b","identity_provider":"entra_id"}`),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize the JSON body into the target type: duplicate field `target` at line 1 column 22\"}", nil},
	{"nox/serde_urlencoded + serde derive (duplicate_field), form", "Texas: field twice, form", raw("POST", texasToken, formCT, "target=a&target=b&identity_provider=entra_id"),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize form body: duplicate field `target`\"}", nil},
	{"nox/serde_urlencoded src/de.rs Part::deserialize_bool", "Texas: skip_cache not a bool, form", form(texasToken, "target", "t", "identity_provider", "entra_id", "skip_cache", "yes"),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize form body: skip_cache: provided string was not `true` or `false`\"}", nil},
	{"serde-rs/json src/de.rs peek_invalid_type", "Texas: skip_cache not a bool, JSON", raw("POST", texasToken, "application/json", `{"target":"t","identity_provider":"entra_id","skip_cache":"yes"}`),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to deserialize the JSON body into the target type: skip_cache: invalid type: string \"yes\", expected a boolean at line 1 column 63"}`, nil},
	{"serde-rs/json src/read.rs parse_str (EOF)", "Texas: JSON cut short", raw("POST", texasToken, "application/json", `{"target":"t`),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to parse the request body as JSON: target: EOF while parsing a string at line 1 column 12"}`, nil},
	{"nais/texas tests/integration/providers_not_enabled.rs", "Texas: tokenx not enabled", form(texasToken, "target", "t", "identity_provider", "tokenx"),
		400, "application/json", `{"error":"invalid_request","error_description":"identity provider 'tokenx' is not enabled"}`, nil},
	{"nais/texas src/oauth/identity_provider.rs get_token_from_idprovider (ApiError::Upstream)", "Texas: empty target goes to Entra", form(texasToken, "target", "", "identity_provider", "entra_id"),
		400, "application/json", `{"error":"invalid_request","error_description":"AADSTS900144: The request body must contain the following parameter: 'scope'.` + entraDesc + `"}`, nil},
	{"nais/texas src/oauth/grant.rs ClientCredentials (target is the scope as it is)", "Texas: cluster:namespace:app is no scope", form(texasToken, "target", "dev-gcp:a:b", "identity_provider", "entra_id"),
		400, "application/json", `{"error":"invalid_scope","error_description":"AADSTS1002012: The provided value for scope dev-gcp:a:b is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).` + entraDesc + `"}`, nil},
	{"nais/texas src/oauth/grant.rs OnBehalfOf (empty user_token goes to Entra)", "Texas: empty user_token", form(texasExchange, "target", "api://dev-gcp.a.b/.default", "identity_provider", "entra_id", "user_token", ""),
		400, "application/json", `{"error":"invalid_request","error_description":"AADSTS900144: The request body must contain the following parameter: 'assertion'.` + entraDesc + `"}`, nil},
	{"nais/texas src/handler/token_exchange.rs token_exchange", "Texas: exchange", withToken(texasExchange, "user_token", userToken, "target", "api://dev-gcp.a.b/.default", "identity_provider", "entra_id"),
		200, "application/json", texasOK, nil},
	{"nais/texas src/oauth/identity_provider.rs TokenExchangeRequest", "Texas: exchange without user_token", form(texasExchange, "target", "t", "identity_provider", "entra_id"),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize form body: missing field `user_token`\"}", nil},
	{"nais/texas src/http/router.rs api (axum MethodRouter)", "Texas: GET is 405", raw("GET", texasToken, "", ""),
		405, "", "", map[string]string{"Allow": "POST"}},
	{"nais/texas src/http/router.rs api (no route)", "Texas: unknown path", raw("POST", "/texas/api/v1/nope", formCT, ""),
		404, "", "", nil},
	{"nais/texas src/handler/token_introspect.rs token_introspect", "Texas: introspect a good token", withToken(texasIntrospect, "token", userToken, "identity_provider", "entra_id"),
		200, "application/json", `{"active":true,"NAVident":"Z990123",{ANY}"ver":"2.0"}`, nil},
	{"nais/texas src/oauth/token.rs Jwks::validate (decode_header)", "Texas: introspect garbage", form(texasIntrospect, "token", "garbage", "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"invalid token header: InvalidToken"}`, nil},
	{"Keats/jsonwebtoken src/serialization.rs b64_decode (base64 0.22)", "Texas: introspect a header that is no base64", form(texasIntrospect, "token", "!!.e30.c2ln", "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"invalid token header: Base64 error: Invalid symbol 33, offset 0."}`, nil},
	{"nais/texas src/oauth/token.rs Jwks::validate (KeyNotInJWKS)", "Texas: introspect a token of unknown kid", form(texasIntrospect, "token", "eyJhbGciOiJSUzI1NiIsImtpZCI6Im5vcGUifQ.e30.c2ln", "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"token can not be validated with this identity provider"}`, nil},
	{"nais/texas src/oauth/token.rs Jwks::validate (MissingKeyIDInTokenHeader)", "Texas: introspect a token without kid", form(texasIntrospect, "token", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"missing key id from token header"}`, nil},
	{"nais/texas src/oauth/token.rs Jwks::validator (aud required)", "Texas: introspect another app's token", withToken(texasIntrospect, "token", publicM2M, "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"invalid token: InvalidAudience"}`, nil},
	{"Keats/jsonwebtoken src/decoding.rs verify_signature_body", "Texas: introspect a bad signature", withToken(texasIntrospect, "token", func(s *Sandbox) string {
		return spoilSignature(userToken(s))
	}, "identity_provider", "entra_id"),
		200, "application/json", `{"active":false,"error":"invalid token: InvalidSignature"}`, nil},
	{"nais/texas tests/integration/providers_not_enabled.rs (introspect)", "Texas: introspect with tokenx", form(texasIntrospect, "token", "x", "identity_provider", "tokenx"),
		200, "application/json", `{"active":false,"error":"identity provider 'tokenx' is not enabled"}`, nil},
	{"nais/texas src/oauth/identity_provider.rs IntrospectRequest", "Texas: introspect without token", form(texasIntrospect, "identity_provider", "entra_id"),
		400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"Failed to deserialize form body: missing field `token`\"}", nil},
	{"tokio-rs/axum axum-core DefaultBodyLimit (2 MB)", "Texas: body too large", raw("POST", texasToken, formCT, "target="+strings.Repeat("a", axumBodyLimit)),
		400, "application/json", `{"error":"invalid_request","error_description":"Failed to buffer the request body: length limit exceeded"}`, nil},
}

var generatorContracts = []contract{
	{"nais/wonderwalled wonderwalled-common Auth.kt loginChallenge, loginUrl", "generator: no session", raw("GET", "/api/obo?aud=dev-gcp:a:b", "", ""),
		302, "", "", map[string]string{"Location": "{BASE}/oauth2/login?redirect=/api/obo?aud=dev-gcp:a:b"}},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt get(\"obo\"); Http.kt INDENT_OUTPUT", "generator: obo", withSession(raw("GET", "/api/obo?aud=dev-gcp:a:b", "", "")),
		200, ctKtorJSON, "{\n  \"access_token\" : \"{TOKEN}\",\n  \"expires_in\" : 3899\n}", nil},
	{"nais/wonderwalled wonderwalled-common Http.kt install(IgnoreTrailingSlash)", "generator: obo/ with a slash", withSession(raw("GET", "/api/obo/?aud=dev-gcp:a:b", "", "")),
		200, ctKtorJSON, "{\n  \"access_token\" : \"{TOKEN}\",\n  \"expires_in\" : 3899\n}", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt get(\"obo\") (audience == null)", "generator: obo without aud", withSession(raw("GET", "/api/obo", "", "")),
		400, ctKtorText, "missing 'aud' query parameter", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt toScope (empty aud goes on)", "generator: m2m with empty aud", withSession(raw("GET", "/api/m2m?aud=", "", "")),
		400, ctKtorJSON, "{\n  \"error\" : \"invalid_resource\",\n  \"error_description\" : \"AADSTS500011: The resource principal named api:// was not found in the tenant named {TENANT}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant." + entraDesc + "\"\n}", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt TokenResponse.Error (status passed on)", "generator: m2m refused", withSession(raw("GET", "/api/m2m?aud=dev-gcp:sandbox:no-access", "", "")),
		400, ctKtorJSON, "{\n  \"error\" : \"invalid_grant\",\n  \"error_description\" : \"AADSTS501051: Application '{GUID}'(dev-gcp:nais:azure-token-generator) is not assigned to a role for the application 'api://dev-gcp.sandbox.no-access'(dev-gcp:sandbox:no-access)." + entraDesc + "\"\n}", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt post(\"m2m\")", "generator: public m2m", form("/api/public/m2m", "aud", "dev-gcp:a:b"),
		200, ctKtorText, "{TOKEN}", nil},
	{"ktorio/ktor ktor-server-core DefaultTransform.kt (Parameters from multipart)", "generator: public m2m, multipart", multipartForm("/api/public/m2m", "aud", "dev-gcp:a:b"),
		200, ctKtorText, "{TOKEN}", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt post(\"m2m\") (the query is not the form)", "generator: public m2m, aud in the query", form("/api/public/m2m?aud=dev-gcp:a:b"),
		400, ctKtorText, "missing 'aud' form parameter", nil},
	{"ktorio/ktor ktor-server-content-negotiation RequestConverter.kt convertBody", "generator: public m2m, JSON", raw("POST", "/api/public/m2m", "application/json", `{"aud":"dev-gcp:a:b"}`),
		400, ctKtorText, "Failed to convert request body to class io.ktor.http.Parameters", nil},
	{"ktorio/ktor ktor-server-core DefaultEnginePipeline.kt defaultExceptionStatusCode", "generator: public m2m, text", raw("POST", "/api/public/m2m", "text/plain", "aud=dev-gcp:a:b"),
		415, ctKtorText, "Cannot transform this request's content to io.ktor.http.Parameters", nil},
	{"ktorio/ktor ktor-server-core RouteSelector.kt (MethodNotAllowed)", "generator: GET public m2m", raw("GET", "/api/public/m2m", "", ""),
		405, "", "", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt get(\"me\")", "generator: me", withSession(raw("GET", "/api/me", "", "")),
		200, ctKtorJSON, "{\n  \"NAVident\" : \"Z990123\",{ANY}\n  \"groups\" : [ \"{GUID}\", \"{GUID}\" ],{ANY}\n  \"ver\" : \"2.0\"\n}", nil},
	{"nais/wonderwalled azure-token-generator Wonderwalled.kt get(\"headers\"); nais/wonderwall pkg/handler/reverseproxy.go Rewrite", "generator: headers", withSession(raw("GET", "/api/headers", "", "", "X-Demo", "1")),
		200, ctKtorJSON, "{\n  \"Host\" : \"{ANY}\",\n  \"Accept-Encoding\" : \"gzip\",\n  \"Authorization\" : \"Bearer {TOKEN}\",\n  \"Cookie\" : \"io.nais.wonderwall.session={B64}\",{ANY}\n  \"X-Demo\" : \"1\"\n}", nil},
	{"nais/wonderwall pkg/handler/reverseproxy.go Rewrite (the client's Authorization goes on)", "generator: a bearer token of its own", func(s *Sandbox) *http.Request {
		tok, _ := s.accessToken(context.Background(), s.DemoSession(), s.session(s.DemoSession()))
		return raw("GET", "/api/m2m?aud=dev-gcp:a:b", "", "", "Authorization", "Bearer "+tok)(s)
	}, 200, ctKtorJSON, "{\n  \"access_token\" : \"{TOKEN}\",\n  \"expires_in\" : 3899\n}", nil},
	{"nais/wonderwalled wonderwalled-common Http.kt get(\"is_alive\")", "generator: is_alive", raw("GET", "/internal/is_alive", "", ""),
		200, ctKtorText, "alive", nil},
	{"nais/wonderwalled wonderwalled-common Http.kt get(\"is_ready\")", "generator: is_ready", raw("GET", "/internal/is_ready", "", ""),
		200, ctKtorText, "ready", nil},
	{"nais/wonderwalled wonderwalled-common Http.kt get(\"/\")", "generator: root", raw("GET", "/", "", ""),
		302, "", "", map[string]string{"Location": "/api/me"}},
	{"ktorio/ktor ktor-server-core (no route: 404)", "generator: unknown path", raw("GET", "/nope", "", ""),
		404, "", "", nil},
}
