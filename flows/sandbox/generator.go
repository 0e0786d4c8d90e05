package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/entratoken/entratoken/flows"
)

// generatorToken serves GET /api/obo and /api/m2m: behind the login proxy,
// so no valid session means a redirect to the login page.
func (s *Sandbox) generatorToken(obo bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.sessions.valid(sessionValue(r), s.now()) {
			s.redirectToLogin(w, r)
			return
		}
		aud := r.URL.Query().Get("aud")
		if aud == "" {
			writeText(w, http.StatusBadRequest, "missing 'aud' query parameter")
			return
		}
		g := grant{scope: generatorScope(aud), caller: generatorApp, azpacr: "1"}
		if obo {
			u := demoUser
			g.user = &u
		}
		it, err := s.issue(r.Context(), g)
		if err != nil {
			writeIssueError(w, r.Context(), err, (*entraError).writeReduced)
			return
		}
		body, _ := json.MarshalIndent(struct {
			AccessToken string `json:"access_token"`
			ExpiresIn   int64  `json:"expires_in"`
		}{it.raw, it.expiresIn()}, "", "  ")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
	}
}

// generatorPublicM2M serves POST /api/public/m2m: no login, the form field
// aud only (newer versions ignore the query), the raw token as text.
func (s *Sandbox) generatorPublicM2M(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeText(w, http.StatusBadRequest, "invalid form body: "+err.Error())
		return
	}
	aud := r.PostForm.Get("aud")
	if aud == "" {
		writeText(w, http.StatusBadRequest, "missing 'aud' form parameter")
		return
	}
	it, err := s.issue(r.Context(), grant{scope: generatorScope(aud), caller: generatorApp, azpacr: "1"})
	if err != nil {
		writeIssueError(w, r.Context(), err, (*entraError).writeReduced)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeText(w, http.StatusOK, it.raw)
}

func (s *Sandbox) isAlive(w http.ResponseWriter, _ *http.Request) {
	writeText(w, http.StatusOK, "alive")
}

// redirectToLogin answers as the login proxy does: 302 to /oauth2/login
// with the original path and query as redirect, not URL-encoded.
func (s *Sandbox) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Path
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", s.base+"/oauth2/login?redirect="+target)
	w.WriteHeader(http.StatusFound)
}

// generatorScope turns aud into a scope the way the generator does: values
// starting with api:// or https:// as they are, anything else with ':'
// replaced by '.' inside api://…/.default. It does no validation.
func generatorScope(aud string) string {
	if strings.HasPrefix(aud, "api://") || strings.HasPrefix(aud, "https://") {
		return aud
	}
	return "api://" + strings.ReplaceAll(aud, ":", ".") + "/.default"
}

// writeIssueError answers a failed issue: Entra errors in the service's
// shape, 503 when the request was cancelled (a slow target whose client
// gave up, or the sandbox closing), 500 otherwise.
func writeIssueError(w http.ResponseWriter, ctx context.Context, err error, write func(*entraError, http.ResponseWriter)) {
	var fe *entraError
	switch {
	case errors.As(err, &fe):
		write(fe, w)
	case ctx.Err() != nil:
		writeText(w, http.StatusServiceUnavailable, "sandbox: the request was cancelled before the token was issued")
	default:
		writeText(w, http.StatusInternalServerError, "sandbox: could not issue the token")
	}
}

func writeText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(text))
}

// sessionValue is the login proxy's session cookie, or "".
func sessionValue(r *http.Request) string {
	c, err := r.Cookie(flows.SessionCookie)
	if err != nil {
		return ""
	}
	return c.Value
}
