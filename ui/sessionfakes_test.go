package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// recordingStore is a session store in memory that counts its reads and
// can hold them up, as a locked keyring does.
type recordingStore struct {
	session.Memory
	mu    sync.Mutex
	loads int
	hold  chan struct{} // non-nil: Load waits until it is closed
	kind  session.Kind  // where Keep says it put a session
}

func (s *recordingStore) Load(generator string) (session.Kept, error) {
	s.mu.Lock()
	s.loads++
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	return s.Memory.Load(generator)
}

// Keep keeps k in memory and says it went where the store's kind says.
func (s *recordingStore) Keep(k session.Kept) (session.Place, error) {
	if _, err := s.Memory.Keep(k); err != nil {
		return session.Place{}, err
	}
	return session.Place{Kind: s.kind}, nil
}

func (s *recordingStore) reads() int { s.mu.Lock(); defer s.mu.Unlock(); return s.loads }

// fakeChecker is the generator's GET /oauth2/session: it accepts the
// sessions it issued until their end, and rejects the rest as Wonderwall
// does (401). down makes it unreachable.
type fakeChecker struct {
	mu    sync.Mutex
	clock Clock
	ends  map[string]time.Time
	down  error
	asked []string
}

func (c *fakeChecker) Session(_ context.Context, cookie string) (flows.SessionInfo, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, cookie)
	if c.down != nil {
		return flows.SessionInfo{}, c.down
	}
	end, ok := c.ends[cookie]
	now := c.clock.Now()
	if !ok || !now.Before(end) {
		return flows.SessionInfo{}, &flows.NotLoggedInError{LoginURL: "https://azure-token-generator.intern.dev.nav.no/oauth2/login", Rejected: true}
	}
	return flows.SessionInfo{Active: true, EndsAt: end, EndsIn: end.Sub(now).Truncate(time.Second)}, nil
}

// issue makes cookie a session the generator accepts until now+d.
func (c *fakeChecker) issue(cookie string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ends[cookie] = c.clock.Now().Add(d)
}

// revoke ends a session on the generator's side (logged out elsewhere).
func (c *fakeChecker) revoke(cookie string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ends, cookie)
}

func (c *fakeChecker) askedCount() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.asked) }

// sessions is a generator, its session store and the real keeper over
// them, on the harness's clock.
type sessions struct {
	store   *recordingStore
	checker *fakeChecker
	keeper  *session.Keeper
	kind    session.Kind
}

func newSessions() *sessions {
	return &sessions{store: &recordingStore{}, checker: &fakeChecker{ends: map[string]time.Time{}}, kind: session.KindKeyring}
}

// deps hands the sessions to the UI.
func (s *sessions) deps(d *Deps) {
	s.checker.clock = d.Clock
	s.store.kind = s.kind
	s.keeper = &session.Keeper{Store: s.store, Generator: d.Config.GeneratorURL, Checker: s.checker, Now: d.Clock.Now}
	d.Keeper, d.Checker, d.KeptIn = s.keeper, s.checker, s.kind
}

// keep makes cookie a session the generator accepts for d from t0 and
// the store holds, as `entratoken login` left it.
func (s *sessions) keep(t testing.TB, cookie string, d time.Duration) func(*Deps) {
	return func(deps *Deps) {
		s.deps(deps)
		s.checker.issue(cookie, d)
		if _, err := s.store.Keep(session.Kept{Generator: deps.Config.GeneratorURL, Cookie: cookie, EndsAt: t0.Add(d)}); err != nil {
			t.Fatal(err)
		}
	}
}

// kept is the cookie the store holds; "" when none.
func (s *sessions) kept(t testing.TB) string {
	t.Helper()
	k, err := s.store.Memory.Load(s.keeper.Generator)
	if err != nil {
		return ""
	}
	return k.Cookie
}

// gate answers OBO requests as the generator would: a token for a
// session it accepts, a login for none or one it rejects.
func (s *sessions) gate(h *harness) {
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		claims := m2mClaims()
		if req.Flow == flows.OBO {
			login := "https://azure-token-generator.intern.dev.nav.no/api/obo?aud=" + req.Target.Audience()
			if req.Session == "" {
				return flows.Result{}, &flows.NotLoggedInError{LoginURL: login}
			}
			if _, err := s.checker.Session(context.Background(), req.Session); err != nil {
				return flows.Result{}, &flows.NotLoggedInError{LoginURL: login, Rejected: true}
			}
			claims = oboClaims()
		}
		return flows.Result{Request: req, Token: makeToken(h.t, claims, h.clock.Now(), 10*time.Minute)}, nil
	}
}

func isSessionTick(m tea.Msg) bool { _, ok := m.(sessionTickMsg); return ok }

// nextSessionTick is the wait of the live session tick; 0 when none.
func (h *harness) nextSessionTick() time.Duration {
	h.t.Helper()
	for _, tm := range h.pending(isSessionTick) {
		if tm.msg.(sessionTickMsg).seq == h.m.sessSeq {
			return tm.d
		}
	}
	return 0
}

// sessionTick moves the clock to the live session tick and fires it.
func (h *harness) sessionTick() time.Duration {
	h.t.Helper()
	d := h.nextSessionTick()
	if d == 0 {
		h.t.Fatalf("no session tick pending\n%s", h.view())
	}
	h.clock.advance(d)
	h.fire(isSessionTick)
	return d
}
