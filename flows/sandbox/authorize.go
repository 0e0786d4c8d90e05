package sandbox

import (
	"html/template"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// authCode is an authorization code Entra handed out: good once, for ten
// minutes, to the client and redirect URI it was issued for, with the
// PKCE challenge it must be redeemed against.
type authCode struct {
	redirectURI, challenge string
	user                   user
	expires                time.Time
}

// authorizeFault checks an authorize request as Entra does before it
// shows its sign-in page: the tenant, a registered client, its registered
// redirect URI, and response_type=code. Entra shows what is wrong on its
// own page instead of redirecting.
func (s *Sandbox) authorizeFault(r *http.Request) *entraError {
	q := r.URL.Query()
	switch {
	case r.PathValue("tenant") != tenantID:
		return s.errTenant(r.PathValue("tenant"))
	case q.Get("client_id") == "":
		return s.errMissingParam("client_id")
	case q.Get("client_id") != generatorApp.clientID:
		return s.errUnknownClient(q.Get("client_id"))
	case q.Get("redirect_uri") != s.base+"/oauth2/callback":
		return s.fail(http.StatusBadRequest, "invalid_request", 50011,
			"The redirect URI '%s' specified in the request does not match the redirect URIs configured for the application '%s'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.",
			q.Get("redirect_uri"), generatorApp.clientID)
	case q.Get("response_type") == "":
		return s.errMissingParam("response_type")
	case q.Get("response_type") != "code":
		return s.fail(http.StatusBadRequest, "unsupported_response_type", 700054,
			"response_type '%s' is not enabled for the application.", q.Get("response_type"))
	}
	return nil
}

// authorizePage stands in for Entra ID's sign-in page.
func (s *Sandbox) authorizePage(w http.ResponseWriter, r *http.Request) {
	if fault := s.authorizeFault(r); fault != nil {
		s.page(w, fault.status, "problem", fault.description())
		return
	}
	s.page(w, http.StatusOK, "signin", r.URL.RequestURI())
}

// authorizeSignIn signs the demo user in and sends the browser back to the
// client with a code (response_mode=query).
func (s *Sandbox) authorizeSignIn(w http.ResponseWriter, r *http.Request) {
	if fault := s.authorizeFault(r); fault != nil {
		s.page(w, fault.status, "problem", fault.description())
		return
	}
	q := r.URL.Query()
	code := "1.A" + randomString(96)
	s.ww.mu.Lock()
	for k, c := range s.ww.codes {
		if !s.now().Before(c.expires) {
			delete(s.ww.codes, k)
		}
	}
	s.ww.codes[code] = authCode{
		redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"),
		user: demoUser, expires: s.now().Add(10 * time.Minute),
	}
	s.ww.mu.Unlock()
	back := q.Get("redirect_uri") + "?code=" + url.QueryEscape(code)
	if st := q.Get("state"); st != "" {
		back += "&state=" + url.QueryEscape(st)
	}
	http.Redirect(w, r, back+"&session_state="+randomGUID(), http.StatusFound)
}

// redeem is the authorization-code grant Wonderwall makes at the token
// endpoint: a code used once, in time, with the right redirect URI and
// the PKCE verifier that matches its challenge.
func (s *Sandbox) redeem(code string, st loginState) (user, bool) {
	s.ww.mu.Lock()
	defer s.ww.mu.Unlock()
	c, ok := s.ww.codes[code]
	delete(s.ww.codes, code)
	if !ok || !s.now().Before(c.expires) || c.redirectURI != st.redirectURI || c.challenge != pkceChallenge(st.verifier) {
		return user{}, false
	}
	return c.user, true
}

// entraLogout stands in for Entra's end-session endpoint: back to a
// registered post-logout redirect URI with the state, else a page.
func (s *Sandbox) entraLogout(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("post_logout_redirect_uri") != s.base+"/oauth2/logout/callback" {
		s.page(w, http.StatusOK, "signedout", "")
		return
	}
	http.Redirect(w, r, q.Get("post_logout_redirect_uri")+"?"+url.Values{"state": {q.Get("state")}}.Encode(), http.StatusFound)
}

// page writes one of the sandbox's HTML pages.
func (s *Sandbox) page(w http.ResponseWriter, status int, name, data string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pages().ExecuteTemplate(w, name, data)
}

// pages is parsed on first use, not at package init: every entratoken
// command links the sandbox, and only a browser needs its pages.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("pages").Parse(pagesHTML))
})

const pagesHTML = `{{define "top"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.}}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#23262a;display:flex;justify-content:center;padding-top:10vh}
main{background:#fff;border-radius:8px;box-shadow:0 2px 12px #0002;padding:2rem 2.5rem;max-width:30rem}
h1{font-size:1.3rem;margin-top:0}
.note{color:#5d646b;font-size:.9rem}
button{background:#0067c5;color:#fff;border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;cursor:pointer}
</style></head>
<body><main>{{end}}
{{define "signin"}}{{template "top" "Sign in to your account"}}<h1>Sign in – entratoken sandbox</h1>
<p>This is the <strong>entratoken sandbox</strong>'s stand-in for Entra ID's sign-in page.
No real account is involved and nothing leaves this machine.</p>
<form method="post" action="{{.}}"><button type="submit">Sign in as Demo Developer</button></form>
<p class="note">Azure-token-generator asked you to sign in; afterwards you go back to it.</p>
</main></body></html>{{end}}
{{define "problem"}}{{template "top" "Sign in to your account"}}<h1>Sorry, but we’re having trouble signing you in.</h1>
<p><code>{{.}}</code></p></main></body></html>{{end}}
{{define "signedout"}}{{template "top" "Sign out"}}<h1>You signed out of your account</h1>
<p>It’s a good idea to close all browser windows.</p></main></body></html>{{end}}
{{define "error"}}{{template "top" "Teknisk feil"}}<h1>Beklager, noe gikk galt.</h1>
<p>Statuskode {{.Status}}</p>
<p>En teknisk feil gjør at siden er utilgjengelig. Dette skyldes ikke noe du gjorde.<br>Vent litt og prøv igjen.</p>
<p>{{if ne .Status 400}}<a href="{{.Retry}}">Prøv igjen</a> {{end}}<a href="{{.Home}}">Gå til forsiden</a></p>
<p class="note">ID: {{.ID}}</p></main></body></html>{{end}}`
