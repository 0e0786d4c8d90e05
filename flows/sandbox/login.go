package sandbox

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// sessionLifetime is how long the login proxy's session lasts.
const sessionLifetime = 10 * time.Hour

// sessions are the login proxy's sessions: cookie value → expiry.
type sessions struct {
	mu      sync.Mutex
	expires map[string]time.Time
}

func newSessions() *sessions { return &sessions{expires: map[string]time.Time{}} }

// create starts a session for the demo user (the only one) and returns its
// cookie value.
func (ss *sessions) create(now time.Time) string {
	v := randomString(32)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for k, exp := range ss.expires {
		if !now.Before(exp) {
			delete(ss.expires, k)
		}
	}
	ss.expires[v] = now.Add(sessionLifetime)
	return v
}

func (ss *sessions) valid(v string, now time.Time) bool {
	if v == "" {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	exp, ok := ss.expires[v]
	return ok && now.Before(exp)
}

// pages is parsed on first use, not at package init: every entratoken
// command links the sandbox, and only the sandbox's own pages need it.
var pages = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("login").Parse(pagesHTML))
})

const pagesHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>entratoken sandbox – log in</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#23262a;display:flex;justify-content:center;padding-top:10vh}
main{background:#fff;border-radius:8px;box-shadow:0 2px 12px #0002;padding:2rem 2.5rem;max-width:28rem}
h1{font-size:1.3rem;margin-top:0}
.note{color:#5d646b;font-size:.9rem}
button{background:#0067c5;color:#fff;border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;cursor:pointer}
code{background:#eef1f4;padding:0 .25rem;border-radius:3px}
</style></head>
<body><main>
{{if .Login}}<h1>Sign in – entratoken sandbox</h1>
<p>This is the <strong>entratoken sandbox</strong>, a local stand-in for Entra ID's login page.
No real account is involved and no network leaves this machine.</p>
<form method="post" action="/oauth2/login">
<input type="hidden" name="redirect" value="{{.Redirect}}">
<button type="submit">Log in as Demo Developer</button>
</form>
<p class="note">Afterwards you go back to <code>{{.Redirect}}</code>.</p>
{{else}}<h1>entratoken sandbox</h1>
<p>A local stand-in for azure-token-generator, Texas and Entra ID.</p>
<p class="note">Try <code>/api/obo?aud=dev-gcp:pdl:pdl-api</code> or <code>/api/m2m?aud=dev-gcp:nais:hello-world</code>.</p>
{{end}}</main></body></html>
`

// loginPage stands in for Entra ID's login page.
func (s *Sandbox) loginPage(w http.ResponseWriter, r *http.Request) {
	s.page(w, true, safeRedirect(r.URL.Query().Get("redirect")))
}

// login signs the demo user in and sends the browser back where it came
// from.
func (s *Sandbox) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeText(w, http.StatusBadRequest, "invalid login form: "+err.Error())
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: flows.SessionCookie, Value: s.sessions.create(s.now()), Path: "/",
		MaxAge: int(sessionLifetime / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Location", safeRedirect(r.PostForm.Get("redirect")))
	w.WriteHeader(http.StatusFound)
}

func (s *Sandbox) index(w http.ResponseWriter, _ *http.Request) {
	s.page(w, false, "")
}

func (s *Sandbox) page(w http.ResponseWriter, login bool, redirect string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	pages().Execute(w, struct {
		Login    bool
		Redirect string
	}{login, redirect})
}

// safeRedirect keeps redirects on this host: only a local path starting
// with a single "/" passes, anything else (absolute or scheme-relative
// URLs, backslash tricks, control characters) becomes "/". This is the
// open-redirect guard.
func safeRedirect(v string) string {
	if !strings.HasPrefix(v, "/") || strings.HasPrefix(v, "//") || strings.ContainsAny(v, `\`) {
		return "/"
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return v
}
