package sandbox

import (
	"context"
	"sync"
	"time"
)

// Wonderwall's session rules (nais/wonderwall pkg/session/data.go).
const (
	// DefaultSessionLifetime is Wonderwall's session.max-lifetime default
	// (pkg/config/session.go).
	DefaultSessionLifetime = 10 * time.Hour
	refreshMinInterval     = time.Minute      // RefreshMinInterval: the cooldown
	refreshLeeway          = 30 * time.Second // RefreshLeeway: refresh this long before expiry
)

// wwSession is one Wonderwall session: the user's tokens for the
// generator app, and the metadata Wonderwall keeps beside them.
type wwSession struct {
	sid                    string // the identity provider's session ID
	user                   user
	createdAt, endsAt      time.Time
	refreshedAt, expiresAt time.Time // the tokens'
	token                  string    // the access token, made when first needed
}

// wwStore is what Wonderwall keeps server-side (its Redis), by cookie
// value, plus Entra's authorization codes waiting to be redeemed.
type wwStore struct {
	mu       sync.Mutex
	sessions map[string]*wwSession
	logins   map[string]loginState // io.nais.wonderwall.callback
	codes    map[string]authCode
}

func newWWStore() *wwStore {
	return &wwStore{sessions: map[string]*wwSession{}, logins: map[string]loginState{}, codes: map[string]authCode{}}
}

// newSession starts a session for u and returns its cookie value
// (Manager.Create: the session ends max-lifetime after it began; the
// tokens expire when Entra says).
func (s *Sandbox) newSession(u user) string {
	now := s.now()
	v := randomString(48)
	sess := &wwSession{
		sid: randomGUID(), user: u, createdAt: now, endsAt: now.Add(s.opts.SessionLifetime),
		refreshedAt: now, expiresAt: now.Add(s.lifetime()),
	}
	s.ww.mu.Lock()
	defer s.ww.mu.Unlock()
	for k, old := range s.ww.sessions {
		if old.ended(now) {
			delete(s.ww.sessions, k)
		}
	}
	s.ww.sessions[v] = sess
	return v
}

// ended is Metadata.IsEnded; the store also drops the session then.
func (ss *wwSession) ended(now time.Time) bool { return !now.Before(ss.endsAt) }

// session is Reader.Get: the session for a cookie value, or nil when there
// is none or it has ended (ErrNotFound, ErrInvalid). It is a copy.
func (s *Sandbox) session(v string) *wwSession {
	s.ww.mu.Lock()
	defer s.ww.mu.Unlock()
	sess, ok := s.ww.sessions[v]
	if !ok || sess.ended(s.now()) {
		return nil
	}
	c := *sess
	return &c
}

// refreshSession is Manager.Refresh: new tokens from Entra, unless the
// refresh is on cooldown; it returns the session as it is then.
func (s *Sandbox) refreshSession(v string) *wwSession {
	now := s.now()
	s.ww.mu.Lock()
	defer s.ww.mu.Unlock()
	sess, ok := s.ww.sessions[v]
	if !ok || sess.ended(now) {
		return nil
	}
	if !now.Before(sess.cooldown()) {
		sess.refreshedAt, sess.expiresAt, sess.token = now, now.Add(s.lifetime()), ""
	}
	c := *sess
	return &c
}

// accessToken is the session's access token for the generator app (scope
// api://<client ID>/.default), made when first needed with the times the
// session holds for it.
func (s *Sandbox) accessToken(ctx context.Context, v string, sess *wwSession) (string, error) {
	if sess.token != "" {
		return sess.token, nil
	}
	u := sess.user
	raw, err := s.sign(ctx, mint{target: generatorApp, caller: generatorApp, azpacr: "2", user: &u,
		issuedAt: sess.refreshedAt.Add(-entraBackdate), expiresAt: sess.expiresAt})
	if err != nil {
		return "", err
	}
	s.ww.mu.Lock()
	defer s.ww.mu.Unlock()
	if live, ok := s.ww.sessions[v]; ok && live.refreshedAt.Equal(sess.refreshedAt) {
		live.token = raw
	}
	return raw, nil
}

// cooldown is Metadata.RefreshCooldown: a minute after the last refresh,
// or half the tokens' lifetime when that is two minutes or less.
func (ss *wwSession) cooldown() time.Time {
	if life := ss.expiresAt.Sub(ss.refreshedAt); life <= 2*refreshMinInterval {
		return ss.refreshedAt.Add(life / 2)
	}
	return ss.refreshedAt.Add(refreshMinInterval)
}

// nextRefresh is Metadata.NextRefresh (no inactivity timeout): shortly
// before the tokens expire, but not before the cooldown.
func (ss *wwSession) nextRefresh() time.Time {
	next := ss.expiresAt.Add(-refreshLeeway)
	if c := ss.cooldown(); next.Before(c) {
		return c
	}
	return next
}

// shouldRefresh is Metadata.ShouldRefresh: the tokens have expired, or
// it is time for the next automatic refresh.
func (ss *wwSession) shouldRefresh(now time.Time) bool {
	return now.After(ss.expiresAt) || now.After(ss.nextRefresh())
}

// wwMetadata is MetadataVerbose, the JSON of /oauth2/session, field for
// field (session.active is always true and timeout_at zero: the
// generator's Wonderwall has no inactivity timeout).
type wwMetadata struct {
	Session struct {
		CreatedAt        time.Time `json:"created_at"`
		EndsAt           time.Time `json:"ends_at"`
		TimeoutAt        time.Time `json:"timeout_at"`
		EndsInSeconds    int64     `json:"ends_in_seconds"`
		Active           bool      `json:"active"`
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

// metadata is Metadata.Verbose at now.
func (ss *wwSession) metadata(now time.Time) wwMetadata {
	var m wwMetadata
	m.Session.CreatedAt, m.Session.EndsAt = ss.createdAt.UTC(), ss.endsAt.UTC()
	m.Session.EndsInSeconds = toSeconds(ss.endsAt.Sub(now))
	m.Session.Active, m.Session.TimeoutInSeconds = true, -1
	m.Tokens.ExpireAt, m.Tokens.RefreshedAt = ss.expiresAt.UTC(), ss.refreshedAt.UTC()
	m.Tokens.ExpireInSeconds = toSeconds(ss.expiresAt.Sub(now))
	m.Tokens.NextAutoRefreshInSeconds = toSeconds(ss.nextRefresh().Sub(now))
	m.Tokens.RefreshCooldown = now.Before(ss.cooldown())
	m.Tokens.RefreshCooldownSeconds = toSeconds(ss.cooldown().Sub(now))
	return m
}

// toSeconds is Wonderwall's: whole seconds, never below zero.
func toSeconds(d time.Duration) int64 {
	return max(int64(d.Seconds()), 0)
}
