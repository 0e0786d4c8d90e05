package sandbox

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// generator is azure-token-generator, a Ktor app (nais/wonderwalled
// azure-token-generator/src/main/kotlin/io/nais/Wonderwalled.kt, with
// wonderwalled-common's Http.kt and Auth.kt), as it answers behind
// Wonderwall. Ktor's IgnoreTrailingSlash is installed; a path it does not
// know is an empty 404, a method it does not route an empty 405.
func (s *Sandbox) generator(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if path != "/" {
		path = strings.TrimSuffix(path, "/")
	}
	get := map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, _ *http.Request) { // installDefaults
			w.Header().Set("Location", "/api/me")
			w.WriteHeader(http.StatusFound)
		},
		"/internal/is_alive": func(w http.ResponseWriter, _ *http.Request) { respond(w, 200, ctKtorText, []byte("alive")) },
		"/internal/is_ready": func(w http.ResponseWriter, _ *http.Request) { respond(w, 200, ctKtorText, []byte("ready")) },
		"/api/headers":       s.authenticated(s.apiHeaders),
		"/api/me":            s.authenticated(s.apiMe),
		"/api/obo":           s.authenticated(s.apiToken(true)),
		"/api/m2m":           s.authenticated(s.apiToken(false)),
	}
	switch {
	case path == "/api/public/m2m" && r.Method == http.MethodPost:
		s.apiPublicM2M(w, r)
	case path == "/api/public/m2m":
		w.WriteHeader(http.StatusMethodNotAllowed)
	case get[path] == nil:
		w.WriteHeader(http.StatusNotFound)
	case r.Method != http.MethodGet:
		w.WriteHeader(http.StatusMethodNotAllowed)
	default:
		get[path](w, r)
	}
}

// principal is TexasPrincipal: the caller's token and what Texas said of
// it.
type principal struct {
	token  string
	claims map[string]any
}

// token68 is what Ktor's parseAuthorizationHeader takes as a single
// credential after the scheme.
var token68 = regexp.MustCompile(`^[A-Za-z0-9\-._~+/]+=*$`)

// authenticated is TexasAuthenticationProvider.onAuthenticate: a Bearer
// token in Authorization, active according to the generator's own Texas;
// anything else is the login challenge.
func (s *Sandbox) authenticated(next func(http.ResponseWriter, *http.Request, principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, blob, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if !strings.EqualFold(scheme, "bearer") || !token68.MatchString(blob) {
			s.loginChallenge(w, r)
			return
		}
		claims, reason, err := s.genTexas.validate(r.Context(), blob)
		switch {
		case err != nil:
			writeIssueError(w, r.Context(), err, nil)
		case reason != "":
			s.loginChallenge(w, r)
		default:
			next(w, r, principal{token: blob, claims: claims})
		}
	}
}

// loginChallenge redirects to Wonderwall's login with the request's URI
// (Auth.kt, loginUrl: "${scheme}://${host()}/oauth2/login?redirect=${uri}",
// the URI raw, not encoded), built from the request's Host header. Ktor's
// host() drops the port (CIOApplicationRequest.serverHost); on NAIS the
// Host has none, and the sandbox keeps it, or the login would go to port
// 80 of the loopback address.
func (s *Sandbox) loginChallenge(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Location", "http://"+r.Host+"/oauth2/login?redirect="+r.URL.RequestURI())
	w.WriteHeader(http.StatusFound)
}

// apiHeaders is GET /api/headers: the headers the generator got, as
// Wonderwall sent them on (Go writes Host first, the rest sorted).
func (s *Sandbox) apiHeaders(w http.ResponseWriter, r *http.Request, _ principal) {
	out := append(obj{{"Host", r.Host}}, sortedObj(forwardedHeaders(r.Header))...)
	respond(w, http.StatusOK, ctKtorJSON, jacksonJSON(out))
}

// forwardedHeaders are the headers Go's reverse proxy sends upstream:
// hop-by-hop ones dropped, Accept-Encoding added when there is none,
// several values joined with ", " (Kotlin's joinToString).
func forwardedHeaders(h http.Header) map[string]any {
	hop := map[string]bool{"Connection": true, "Proxy-Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true,
		"Proxy-Authorization": true, "Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true}
	out := map[string]any{"Accept-Encoding": "gzip"}
	for k, v := range h {
		if !hop[k] {
			out[k] = strings.Join(v, ", ")
		}
	}
	return out
}

// apiMe is GET /api/me: the caller's claims as Texas gave them.
func (s *Sandbox) apiMe(w http.ResponseWriter, _ *http.Request, p principal) {
	respond(w, http.StatusOK, ctKtorJSON, jacksonJSON(p.claims))
}

// apiToken is GET /api/obo and /api/m2m: only a missing aud is the 400
// text; any value, empty too, becomes a scope and goes to Texas.
func (s *Sandbox) apiToken(obo bool) func(http.ResponseWriter, *http.Request, principal) {
	return func(w http.ResponseWriter, r *http.Request, p principal) {
		aud, ok := r.URL.Query()["aud"]
		if !ok {
			respond(w, http.StatusBadRequest, ctKtorText, []byte("missing 'aud' query parameter"))
			return
		}
		userToken := ""
		if obo {
			userToken = p.token
		}
		scope := toScope(aud[0])
		it, err := s.genTexas.fetch(r.Context(), scope, obo, userToken, true, scope+"|"+userToken)
		if err != nil {
			writeGeneratorError(w, r, err)
			return
		}
		respond(w, http.StatusOK, ctKtorJSON, jacksonJSON(obj{{"access_token", it.raw}, {"expires_in", it.expiresIn}}))
	}
}

// apiPublicM2M is POST /api/public/m2m: aud from the form body
// (call.receiveParameters: urlencoded or multipart), the raw token as
// text.
func (s *Sandbox) apiPublicM2M(w http.ResponseWriter, r *http.Request) {
	form, status, fault := receiveParameters(r)
	if fault != "" {
		respond(w, status, ctKtorText, []byte(fault))
		return
	}
	aud, ok := form["aud"]
	if !ok {
		respond(w, http.StatusBadRequest, ctKtorText, []byte("missing 'aud' form parameter"))
		return
	}
	scope := toScope(aud[0])
	it, err := s.genTexas.fetch(r.Context(), scope, false, "", true, scope)
	if err != nil {
		writeGeneratorError(w, r, err)
		return
	}
	respond(w, http.StatusOK, ctKtorText, []byte(it.raw))
}

// receiveParameters is Ktor's receive<Parameters>() with the Jackson
// content negotiation the generator installs: form bodies are read, JSON
// fails Jackson's conversion (400), anything else cannot be transformed
// (415), each with Ktor's message.
func receiveParameters(r *http.Request) (url.Values, int, string) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, http.StatusInternalServerError, err.Error()
		}
		return r.PostForm, 0, ""
	case "multipart/form-data":
		form := url.Values{}
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				return form, 0, ""
			}
			if part.FormName() != "" && part.FileName() == "" { // a PartData.FormItem
				b, _ := io.ReadAll(io.LimitReader(part, maxBody))
				form.Add(part.FormName(), string(b))
			}
			part.Close()
		}
	case "application/json":
		return nil, http.StatusBadRequest, "Failed to convert request body to class io.ktor.http.Parameters"
	}
	return nil, http.StatusUnsupportedMediaType, "Cannot transform this request's content to io.ktor.http.Parameters"
}

// writeGeneratorError passes Texas's error on with its status, as the
// generator's TokenErrorResponse (Jackson, indented).
func writeGeneratorError(w http.ResponseWriter, r *http.Request, err error) {
	writeIssueError(w, r.Context(), err, func(e *entraError) {
		respond(w, e.status, ctKtorJSON, jacksonJSON(e.reduced()))
	})
}

// toScope is the generator's String.toScope: api:// and https:// values as
// they are, anything else with ':' made '.' inside api://…/.default. It
// does no validation.
func toScope(aud string) string {
	if strings.HasPrefix(aud, "https://") || strings.HasPrefix(aud, "api://") {
		return aud
	}
	return "api://" + strings.ReplaceAll(aud, ":", ".") + "/.default"
}
