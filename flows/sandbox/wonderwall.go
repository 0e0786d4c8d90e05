package sandbox

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// SessionCookie is the name of Wonderwall's session cookie
// (pkg/cookie/cookie.go: DefaultPrefix + ".session").
const SessionCookie = "io.nais.wonderwall.session"

// Wonderwall's other cookies.
const (
	callbackCookie = "io.nais.wonderwall.callback"
	logoutCookie   = "io.nais.wonderwall.logout"
	retryCookie    = "io.nais.wonderwall.retry"
)

// wwRoute is one of Wonderwall's own endpoints: its handler by method.
type wwRoute map[string]http.HandlerFunc

// wonderwall serves what Wonderwall owns, /oauth2/… (pkg/router/router.go,
// New), and hands everything else to the generator behind it.
func (s *Sandbox) wonderwall(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/oauth2" && !strings.HasPrefix(r.URL.Path, "/oauth2/") {
		s.proxy(w, r)
		return
	}
	nav := disallowNonNavigational
	login := wwRoute{"GET": nav(s.wwLogin), "HEAD": nav(s.wwLogin)}
	logout := wwRoute{"GET": nav(s.wwLogout), "HEAD": nav(s.wwLogout)}
	local := wwRoute{"GET": s.wwLogoutLocal, "HEAD": s.wwLogoutLocal}
	session := wwRoute{"GET": s.wwSession}
	refresh := wwRoute{"GET": s.wwRefresh, "POST": s.wwRefresh}
	routes := map[string]wwRoute{
		"/oauth2/login": login, "/oauth2/logout": logout, "/oauth2/logout/local": local,
		"/oauth2/callback":            {"GET": nav(s.wwCallback)},
		"/oauth2/logout/callback":     {"GET": nav(s.wwLogoutCallback)},
		"/oauth2/logout/frontchannel": {"GET": s.wwFrontChannel},
		"/oauth2/ping":                {"GET": func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("pong")) }},
		"/oauth2/session":             session, "/oauth2/session/": session,
		"/oauth2/session/refresh":     refresh,
		"/oauth2/session/forwardauth": {"GET": http.NotFound}, // session.forward-auth is off
	}
	noCache(w)
	route, ok := routes[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h, ok := route[r.Method]
	if !ok {
		for _, m := range slices.Sorted(maps.Keys(route)) {
			w.Header().Add("Allow", m)
		}
		w.WriteHeader(http.StatusMethodNotAllowed) // chi's methodNotAllowedHandler
		return
	}
	h(w, r)
}

// noCache is chi's middleware.NoCache, on all of /oauth2.
func noCache(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Expires", time.Unix(0, 0).UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-cache, no-store, no-transform, must-revalidate, private, max-age=0")
	h.Set("Pragma", "no-cache")
	h.Set("X-Accel-Expires", "0")
}

// disallowNonNavigational answers a fetch or XHR to an interactive
// endpoint 401 (internal/http/middleware.go,
// DisallowNonNavigationalRequests).
func disallowNonNavigational(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Mode") != "" && r.Header.Get("Sec-Fetch-Dest") != "" && !isNavigation(r) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(struct {
				Error            string `json:"error"`
				ErrorDescription string `json:"error_description"`
				ErrorPath        string `json:"error_path"`
			}{"unauthenticated", "this is an interactive endpoint; user-agents must be navigated to this endpoint", r.URL.Path})
			return
		}
		next(w, r)
	}
}

// isNavigation is IsNavigationRequest (internal/http/request.go): a GET
// that fetch metadata calls a document navigation, or, without fetch
// metadata, one that accepts text/html.
func isNavigation(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	mode, dest := r.Header.Get("Sec-Fetch-Mode"), r.Header.Get("Sec-Fetch-Dest")
	if mode == "" && dest == "" {
		return accepts(r, "text/html")
	}
	return mode == "navigate" && dest == "document"
}

// accepts is Accepts: any of the types in any Accept header.
func accepts(r *http.Request, types ...string) bool {
	for _, h := range r.Header.Values("Accept") {
		for v := range strings.SplitSeq(h, ",") {
			v, _, _ = strings.Cut(strings.TrimSpace(strings.ToLower(v)), ";")
			if slices.Contains(types, v) {
				return true
			}
		}
	}
	return false
}

// wwSession serves GET /oauth2/session (pkg/handler/handler.go, Session):
// 401 without a session or when it has ended, else its metadata.
func (s *Sandbox) wwSession(w http.ResponseWriter, r *http.Request) {
	sess := s.session(sessionValue(r))
	if sess == nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	writeMetadata(w, sess.metadata(s.now()))
}

// wwRefresh serves GET and POST /oauth2/session/refresh (SessionRefresh):
// new tokens for the session unless on cooldown, and its metadata.
func (s *Sandbox) wwRefresh(w http.ResponseWriter, r *http.Request) {
	sess := s.refreshSession(sessionValue(r))
	if sess == nil {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	writeMetadata(w, sess.metadata(s.now()))
}

// writeMetadata is sessionWriteMetadataResponse: Go's JSON encoder, with
// its trailing newline.
func writeMetadata(w http.ResponseWriter, m wwMetadata) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(m)
}

// proxy is Wonderwall's reverse proxy (pkg/handler/reverseproxy.go,
// Handler): with a live session the request goes on with the user's
// access token as Bearer (tokens refreshed from 30 s before they expire);
// without one it goes on as it came, or, with auto-login, a browser is
// sent to log in and anything else gets 401.
func (s *Sandbox) proxy(w http.ResponseWriter, r *http.Request) {
	out := r.Clone(r.Context())
	out.Header.Del("X-Wonderwall-Id-Token")
	v := sessionValue(r)
	sess := s.session(v)
	if sess != nil && sess.shouldRefresh(s.now()) {
		sess = s.refreshSession(v)
	}
	authenticated := false
	if sess != nil && !s.now().After(sess.expiresAt) {
		tok, err := s.accessToken(r.Context(), v, sess)
		if err != nil {
			writeIssueError(w, r.Context(), err, nil)
			return
		}
		out.Header.Set("Authorization", "Bearer "+tok)
		authenticated = true
	}
	if !authenticated && s.opts.AutoLogin && !autoLoginIgnored(r.URL.Path) {
		autoLogin(w, r)
		return
	}
	s.generator(w, out)
}

// autoLoginIgnored is AutoLogin.NeedsLogin's ignore list, the default one
// (pkg/handler/autologin/autologin.go, DefaultIgnorePatterns).
func autoLoginIgnored(path string) bool {
	return path == "/favicon.ico" || path == "/robots.txt"
}

// autoLogin is handleAutologin: a browser navigation is redirected to the
// login, anything else gets 401 with the login in Location.
func autoLogin(w http.ResponseWriter, r *http.Request) {
	if isNavigation(r) {
		http.Redirect(w, r, loginRelative(r.URL.String()), http.StatusFound)
		return
	}
	w.Header().Set("Location", loginRelative(r.Referer()))
	if accepts(r, "*/*", "application/json") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error": "unauthenticated, please log in"}`))
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
	w.Write([]byte("unauthenticated, please log in"))
}

// loginRelative is url.LoginRelative with the root ingress: /oauth2/login,
// with redirect as its query when there is one.
func loginRelative(redirect string) string {
	if redirect == "" {
		return "/oauth2/login"
	}
	return "/oauth2/login?" + url.Values{"redirect": {redirect}}.Encode()
}

// sessionValue is the session cookie's value, or "".
func sessionValue(r *http.Request) string {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}
