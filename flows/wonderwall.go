package flows

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// Wonderwall, the login proxy in front of azure-token-generator, tells the
// holder of a session cookie how long it lasts. The endpoints, shapes and
// status codes follow nais/wonderwall: docs/endpoints.md ("/oauth2/session",
// "/oauth2/session/refresh"), docs/sessions.md, and the handlers
// Standalone.Session and Standalone.SessionRefresh in pkg/handler/handler.go
// with the JSON of session.MetadataVerbose in pkg/session/data.go.
const (
	sessionPath        = "/oauth2/session"
	sessionRefreshPath = "/oauth2/session/refresh"
)

// ErrSessionStoreDown is Wonderwall's 500: it could not read its session
// store. The session itself may be fine, so it must not be forgotten.
var ErrSessionStoreDown = errors.New("azure-token-generator's login proxy cannot read its session store (HTTP 500); the session may still be good: try again in a minute")

// SessionInfo is what Wonderwall says about a session. Durations come from
// its *_in_seconds fields, so they are free of any skew between its clock
// and ours; the times are its own.
type SessionInfo struct {
	// Active is false once the session passed its inactivity timeout: it
	// cannot be refreshed, and the user must log in again.
	Active    bool
	CreatedAt time.Time
	// EndsAt is the session's maximum lifetime (about 10 hours after login).
	EndsAt time.Time
	EndsIn time.Duration
	// TimeoutAt is when an idle session turns inactive; zero when the
	// proxy has no inactivity timeout (Wonderwall's -1 seconds).
	TimeoutAt time.Time
	TimeoutIn time.Duration
	Tokens    SessionTokens
}

// SessionTokens describes the tokens Wonderwall holds inside the session
// and refreshes on its own.
type SessionTokens struct {
	ExpireAt    time.Time
	ExpireIn    time.Duration
	RefreshedAt time.Time
	// NextAutoRefreshIn is negative when the proxy does not refresh by itself.
	NextAutoRefreshIn time.Duration
	// RefreshCooldown is true while a refresh would do nothing.
	RefreshCooldown   bool
	RefreshCooldownIn time.Duration
}

// SessionLoginURL is where a user logs in to get a session for the
// generator; after the login the browser shows the session's JSON, a
// sign that it worked, and the cookie can be copied from that tab.
func (g Generator) SessionLoginURL() string {
	return g.base() + "/oauth2/login?redirect=" + sessionPath
}

// Session asks Wonderwall about the session cookie's session (GET
// /oauth2/session). No session, or one past its maximum lifetime, is a
// *NotLoggedInError with Rejected set. An inactive session (past its
// inactivity timeout) still answers 200: it comes back with its info AND a
// *NotLoggedInError, so a caller that only checks err is right, and one
// that wants to say when it timed out can. The store being down is
// ErrSessionStoreDown; an unreachable proxy a *TransportError.
func (g Generator) Session(ctx context.Context, cookie string) (SessionInfo, error) {
	return g.session(ctx, http.MethodGet, sessionPath, cookie)
}

// RefreshSession asks Wonderwall to refresh the tokens inside the session
// now (POST /oauth2/session/refresh), and answers as Session does; an
// inactive session is a plain *NotLoggedInError there (401).
func (g Generator) RefreshSession(ctx context.Context, cookie string) (SessionInfo, error) {
	return g.session(ctx, http.MethodPost, sessionRefreshPath, cookie)
}

func (g Generator) session(ctx context.Context, method, path, cookie string) (SessionInfo, error) {
	if msg := checkURL("the azure-token-generator URL", g.BaseURL); msg != "" {
		return SessionInfo{}, &ConfigError{Source: ViaGenerator, Reason: msg}
	}
	login := g.SessionLoginURL()
	if cookie == "" {
		return SessionInfo{}, &NotLoggedInError{LoginURL: login}
	}
	hreq, err := generatorService.newRequest(ctx, method, g.base()+path, nil)
	if err != nil {
		return SessionInfo{}, err
	}
	if err := withSession(hreq, cookie); err != nil {
		return SessionInfo{}, err
	}
	r, err := generatorService.do(g.HTTP, hreq, []string{cookie})
	switch {
	case err != nil:
		return SessionInfo{}, err
	case r.status == http.StatusUnauthorized:
		return SessionInfo{}, &NotLoggedInError{LoginURL: login, Rejected: true}
	case r.status == http.StatusInternalServerError:
		return SessionInfo{}, ErrSessionStoreDown
	case r.status != http.StatusOK:
		return SessionInfo{}, generatorService.unusable(r, "no session information at "+path+" (is a login proxy in front of this generator?)")
	}
	info, err := parseSessionInfo(r.body)
	if err != nil {
		return SessionInfo{}, generatorService.unusable(r, err.Error())
	}
	if !info.Active {
		return info, &NotLoggedInError{LoginURL: login, Rejected: true}
	}
	return info, nil
}

// withSession puts the session cookie on req, refusing a value a cookie
// cannot hold (it would corrupt the header).
func withSession(req *http.Request, cookie string) error {
	if !cookieValue.MatchString(cookie) {
		return errBadSession
	}
	req.Header.Set("Cookie", SessionCookie+"="+cookie)
	return nil
}

// sessionJSON is session.MetadataVerbose on the wire.
type sessionJSON struct {
	Session *struct {
		CreatedAt        time.Time `json:"created_at"`
		EndsAt           time.Time `json:"ends_at"`
		TimeoutAt        time.Time `json:"timeout_at"`
		EndsInSeconds    int64     `json:"ends_in_seconds"`
		Active           *bool     `json:"active"`
		TimeoutInSeconds int64     `json:"timeout_in_seconds"`
	} `json:"session"`
	Tokens struct {
		ExpireAt                 time.Time `json:"expire_at"`
		RefreshedAt              time.Time `json:"refreshed_at"`
		ExpireInSeconds          int64     `json:"expire_in_seconds"`
		NextAutoRefreshInSeconds int64     `json:"next_auto_refresh_in_seconds"`
		RefreshCooldown          bool      `json:"refresh_cooldown"`
		RefreshCooldownSeconds   int64     `json:"refresh_cooldown_seconds"`
	} `json:"tokens"`
}

// parseSessionInfo reads Wonderwall's answer; session.active and
// session.ends_at must be there, as they decide everything else.
func parseSessionInfo(body []byte) (SessionInfo, error) {
	var j sessionJSON
	if err := json.Unmarshal(body, &j); err != nil {
		return SessionInfo{}, errors.New("not the session JSON Wonderwall sends")
	}
	s := j.Session
	if s == nil || s.Active == nil || s.EndsAt.IsZero() {
		return SessionInfo{}, errors.New("session JSON without session.active or session.ends_at")
	}
	info := SessionInfo{
		Active:    *s.Active,
		CreatedAt: s.CreatedAt,
		EndsAt:    s.EndsAt,
		EndsIn:    seconds(s.EndsInSeconds),
		TimeoutAt: s.TimeoutAt, // 0001-01-01T00:00:00Z, the zero time, when there is none
		TimeoutIn: seconds(s.TimeoutInSeconds),
		Tokens: SessionTokens{
			ExpireAt:          j.Tokens.ExpireAt,
			ExpireIn:          seconds(j.Tokens.ExpireInSeconds),
			RefreshedAt:       j.Tokens.RefreshedAt,
			NextAutoRefreshIn: seconds(j.Tokens.NextAutoRefreshInSeconds),
			RefreshCooldown:   j.Tokens.RefreshCooldown,
			RefreshCooldownIn: seconds(j.Tokens.RefreshCooldownSeconds),
		},
	}
	return info, nil
}

// seconds turns Wonderwall's whole seconds into a Duration, keeping its
// -1 ("not applicable") negative and refusing to overflow.
func seconds(n int64) time.Duration {
	const limit = int64(1<<63-1) / int64(time.Second)
	n = max(min(n, limit), -limit)
	return time.Duration(n) * time.Second
}
