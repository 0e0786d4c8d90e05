package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// loginState is Wonderwall's login cookie (pkg/openid/cookies.go,
// LoginCookie): the sandbox keeps it server-side, under the cookie's value.
type loginState struct {
	state, nonce, verifier, redirectURI, referer string
}

// loginScope is what Wonderwall asks Entra for on login for the app it
// guards (pkg/openid/config/client.go, azure.Scopes).
var loginScope = "openid api://" + generatorApp.clientID + "/.default offline_access"

// wwLogin serves GET /oauth2/login (pkg/handler/handler.go, Login): it
// remembers where to go afterwards and sends the browser to Entra's
// authorize endpoint with PKCE, state and nonce.
func (s *Sandbox) wwLogin(w http.ResponseWriter, r *http.Request) {
	st := loginState{
		state: randomString(32), nonce: randomString(32), verifier: randomString(32),
		redirectURI: s.base + "/oauth2/callback", referer: canonicalRedirect(r),
	}
	key := randomString(32)
	s.ww.mu.Lock()
	s.ww.logins[key] = st
	s.ww.mu.Unlock()
	setCookie(w, callbackCookie, key)
	q := url.Values{
		"client_id": {generatorApp.clientID}, "code_challenge": {pkceChallenge(st.verifier)},
		"code_challenge_method": {"S256"}, "nonce": {st.nonce}, "redirect_uri": {st.redirectURI},
		"response_mode": {"query"}, "response_type": {"code"}, "scope": {loginScope}, "state": {st.state},
	}
	http.Redirect(w, r, s.entraBase()+"/oauth2/v2.0/authorize?"+q.Encode(), http.StatusFound)
}

// pkceChallenge is oauth2.S256ChallengeFromVerifier.
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// wwCallback serves GET /oauth2/callback (LoginCallback): it checks the
// state, redeems the code, starts the session, sets
// io.nais.wonderwall.session and sends the browser where it was going.
func (s *Sandbox) wwCallback(w http.ResponseWriter, r *http.Request) {
	clearCookie(w, callbackCookie)
	var st loginState
	c, err := r.Cookie(callbackCookie)
	if err == nil {
		s.ww.mu.Lock()
		st, err = s.ww.logins[c.Value], nil
		delete(s.ww.logins, c.Value)
		s.ww.mu.Unlock()
	}
	q := r.URL.Query()
	switch {
	case err != nil || st.state == "" || q.Get("state") != st.state:
		s.wwError(w, r, http.StatusUnauthorized, st.referer)
		return
	case q.Get("error") != "":
		s.wwError(w, r, http.StatusInternalServerError, st.referer)
		return
	}
	u, ok := s.redeem(q.Get("code"), st)
	if !ok {
		s.wwError(w, r, http.StatusInternalServerError, st.referer)
		return
	}
	setCookie(w, SessionCookie, s.newSession(u))
	clearCookie(w, retryCookie)
	http.Redirect(w, r, cleanRedirect(st.referer), http.StatusFound)
}

// wwLogout serves GET /oauth2/logout (Logout): the session ends here and
// the browser goes on to Entra's single logout.
func (s *Sandbox) wwLogout(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	state := randomString(32)
	redirect := ""
	if r.URL.Query().Get("redirect") != "" {
		redirect = canonicalRedirect(r)
	}
	setCookie(w, logoutCookie, state+"."+base64.RawURLEncoding.EncodeToString([]byte(redirect)))
	q := url.Values{"post_logout_redirect_uri": {s.base + "/oauth2/logout/callback"}, "state": {state}}
	http.Redirect(w, r, s.entraBase()+"/oauth2/v2.0/logout?"+q.Encode(), http.StatusFound)
}

// wwLogoutCallback serves GET /oauth2/logout/callback (LogoutCallback):
// back from Entra, on to the redirect given to /oauth2/logout, or the
// root.
func (s *Sandbox) wwLogoutCallback(w http.ResponseWriter, r *http.Request) {
	clearCookie(w, logoutCookie)
	redirect := s.base // the ingress
	if c, err := r.Cookie(logoutCookie); err == nil {
		state, enc, _ := strings.Cut(c.Value, ".")
		to, _ := base64.RawURLEncoding.DecodeString(enc)
		if state == r.URL.Query().Get("state") && validRelative(string(to)) {
			redirect = string(to)
		}
	}
	clearCookie(w, retryCookie)
	http.Redirect(w, r, redirect, http.StatusFound)
}

// wwLogoutLocal serves /oauth2/logout/local (LogoutLocal): 204.
func (s *Sandbox) wwLogoutLocal(w http.ResponseWriter, r *http.Request) {
	s.endSession(w, r)
	w.WriteHeader(http.StatusNoContent)
}

// wwFrontChannel serves /oauth2/logout/frontchannel
// (LogoutFrontChannel): 202 without a sid, 200 once the session with
// that sid is gone.
func (s *Sandbox) wwFrontChannel(w http.ResponseWriter, r *http.Request) {
	clearCookie(w, SessionCookie)
	sid := r.URL.Query().Get("sid")
	if sid == "" {
		w.WriteHeader(http.StatusAccepted)
		return
	}
	s.ww.mu.Lock()
	for k, sess := range s.ww.sessions {
		if sess.sid == sid {
			delete(s.ww.sessions, k)
		}
	}
	s.ww.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (s *Sandbox) endSession(w http.ResponseWriter, r *http.Request) {
	s.ww.mu.Lock()
	delete(s.ww.sessions, sessionValue(r))
	s.ww.mu.Unlock()
	clearCookie(w, SessionCookie)
}

// wwError is respondError (pkg/handler/error.go): up to three automatic
// retries (307 to the login again, counted in io.nais.wonderwall.retry),
// then Wonderwall's error page.
func (s *Sandbox) wwError(w http.ResponseWriter, r *http.Request, status int, referer string) {
	attempts, err := 0, error(nil)
	c, cerr := r.Cookie(retryCookie)
	if cerr == nil {
		attempts, err = strconv.Atoi(c.Value)
	}
	seen := cerr == nil && err == nil
	next := 1
	if seen {
		next = attempts + 1
	}
	setCookie(w, retryCookie, strconv.Itoa(next))
	redirect := canonicalRedirect(r)
	if referer != "" {
		redirect = cleanRedirect(referer)
	}
	retry := loginRelative(redirect)
	if !seen || attempts < 3 {
		http.Redirect(w, r, retry, http.StatusTemporaryRedirect)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	pages().ExecuteTemplate(w, "error", struct {
		Status          int
		Retry, Home, ID string
	}{status, retry, s.base, randomGUID()})
}

// canonicalRedirect is StandaloneRedirect.Canonical (pkg/url/redirect.go):
// the redirect parameter without scheme and host, if it is then a valid
// relative URL, else the root.
func canonicalRedirect(r *http.Request) string {
	u, err := url.Parse(r.URL.Query().Get("redirect"))
	if err != nil {
		return "/"
	}
	u.Scheme, u.Host = "", ""
	return cleanRedirect(u.String())
}

func cleanRedirect(target string) string {
	if validRelative(target) {
		return target
	}
	return "/"
}

// invalidRedirect is the validator's open-redirect guard: //, /\ and the
// like (pkg/url/validator.go).
var invalidRedirect = regexp.MustCompile(`[/\\](?:[\s\v]*|\.{1,2})[/\\]`)

// validRelative is RelativeValidator.IsValidRedirect.
func validRelative(target string) bool {
	if target == "" {
		return false
	}
	u, err := url.ParseRequestURI(target)
	return err == nil && u.Scheme == "" && u.Host == "" && strings.HasPrefix(target, "/") &&
		!strings.HasPrefix(target, "//") && !invalidRedirect.MatchString(target)
}

// setCookie and clearCookie are pkg/cookie's Make and Clear with the
// options Wonderwall runs with on plain-HTTP loopback (cookie.secure off,
// as for a local run): HttpOnly, SameSite=Lax, path /, and no expiry, so
// the session cookie is a browser-session cookie.
func setCookie(w http.ResponseWriter, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Path: "/", Expires: time.Unix(0, 0), MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
