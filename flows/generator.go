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

// Generator gets tokens from azure-token-generator, the dev-only service
// that needs no app secrets: M2M from its public endpoint, OBO with the
// user's browser login session.
type Generator struct {
	// BaseURL is e.g. https://azure-token-generator.intern.dev.nav.no.
	BaseURL string
	// HTTP is the client to use; nil means a default from NewHTTPClient.
	HTTP *http.Client
}

var errBadSession = errors.New("the session cookie holds characters a cookie cannot have (control characters, blanks, quotes, commas, semicolons or backslashes); copy the " + SessionCookie + " value again")

// Via names azure-token-generator.
func (g Generator) Via() Via { return ViaGenerator }

// Describe says what Fetch is about to do, for the waiting screen.
func (g Generator) Describe(req Request) string {
	if req.Flow == OBO {
		return "Asking azure-token-generator for an OBO token (as you)"
	}
	return "Asking azure-token-generator for an M2M token"
}

// CacheKey keys OBO tokens by a hash of the session, so one user's token is
// never handed out for another login.
func (g Generator) CacheKey(req Request) string {
	k := cacheKey(ViaGenerator, g.base(), string(req.Flow), req.Target.String())
	if req.Flow == OBO {
		k += "|s:" + shortHash(req.Session)
	}
	return k
}

// LoginURL is the page a user opens to log in and see an OBO token for t.
// aud stays unescaped and the only query parameter, as the NAIS docs show
// it, because the login proxy passes the redirect on unencoded.
func (g Generator) LoginURL(t Target) string {
	return g.base() + "/api/obo?aud=" + t.Audience()
}

// Fetch asks the generator for a token. OBO without a session, or with one
// the login proxy refuses, is a *NotLoggedInError.
func (g Generator) Fetch(ctx context.Context, req Request) (Issued, error) {
	if err := checkRequest(generatorService, req); err != nil {
		return Issued{}, err
	}
	if msg := checkURL("the azure-token-generator URL", g.BaseURL); msg != "" {
		return Issued{}, &ConfigError{Source: ViaGenerator, Reason: msg}
	}
	if req.Flow == OBO {
		return g.obo(ctx, req)
	}
	return g.m2m(ctx, req.Target)
}

// m2m posts aud as a form field (newer generators ignore the query) and
// takes the raw token it answers, or JSON should it ever send that.
func (g Generator) m2m(ctx context.Context, t Target) (Issued, error) {
	r, err := generatorService.postForm(ctx, g.HTTP, g.base()+"/api/public/m2m", url.Values{"aud": {t.Audience()}}, nil)
	if err != nil {
		return Issued{}, err
	}
	switch {
	case loginWall(r) && !(r.ok() && r.isHTML()):
		return Issued{}, &M2MLoginError{Status: r.status}
	case !r.ok():
		return Issued{}, generatorService.failure(r, nil)
	case r.isJSON():
		return generatorService.tokenJSON(r)
	case r.isHTML():
		return Issued{}, generatorService.unusable(r, "an HTML page instead of a token")
	}
	tok := strings.TrimSpace(string(r.body))
	if strings.Count(tok, ".") != 2 || strings.ContainsAny(tok, " \t\r\n") {
		return Issued{}, generatorService.unusable(r, "neither a token nor JSON")
	}
	return Issued{AccessToken: tok}, nil
}

// obo sends the session cookie and reads the JSON the browser would show.
func (g Generator) obo(ctx context.Context, req Request) (Issued, error) {
	login := g.LoginURL(req.Target)
	if req.Session == "" {
		return Issued{}, &NotLoggedInError{LoginURL: login}
	}
	hreq, err := generatorService.newRequest(ctx, http.MethodGet, login, nil)
	if err != nil {
		return Issued{}, err
	}
	if err := withSession(hreq, req.Session); err != nil {
		return Issued{}, fmt.Errorf("azure-token-generator: %w", err)
	}
	secrets := []string{req.Session}
	r, err := generatorService.do(g.HTTP, hreq, secrets)
	if err != nil {
		return Issued{}, err
	}
	if loginWall(r) {
		return Issued{}, &NotLoggedInError{LoginURL: login, Rejected: true}
	}
	return generatorService.issued(r, secrets)
}

// loginWall reports the login proxy's ways of saying "log in first": a
// redirect to /oauth2/login, a 401 that is not an OAuth error passed on from
// Entra, or a web page where JSON should be. With auto-login on, Wonderwall
// answers a non-browser request 401 {"error": "unauthenticated, please log
// in"} and a Location to its login (pkg/handler/reverseproxy.go,
// handleAutologin): that "error" is a login wall too.
func loginWall(r reply) bool {
	switch {
	case r.status == http.StatusUnauthorized:
		return !oauthError(r) || toLogin(r)
	case r.status >= 300 && r.status < 400:
		return toLogin(r)
	}
	return r.ok() && r.isHTML()
}

// toLogin reports a Location that points at the login proxy's login.
func toLogin(r reply) bool {
	u, err := url.Parse(r.header.Get("Location"))
	return err == nil && strings.HasSuffix(u.Path, "/oauth2/login")
}

// oauthError reports a JSON body with an OAuth "error" field.
func oauthError(r reply) bool {
	var body struct {
		Error string `json:"error"`
	}
	return r.isJSON() && json.Unmarshal(r.body, &body) == nil && body.Error != ""
}

func (g Generator) base() string { return strings.TrimRight(strings.TrimSpace(g.BaseURL), "/") }
