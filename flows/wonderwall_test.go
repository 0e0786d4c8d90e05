package flows

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// docsSession is the example answer in nais/wonderwall's docs/endpoints.md.
const docsSession = `{
  "session": {
    "created_at": "2022-08-31T06:58:38.724717899Z",
    "ends_at": "2022-08-31T16:58:38.724717899Z",
    "timeout_at": "0001-01-01T00:00:00Z",
    "ends_in_seconds": 14658,
    "active": true,
    "timeout_in_seconds": -1
  },
  "tokens": {
    "expire_at": "2022-08-31T14:03:47.318251953Z",
    "refreshed_at": "2022-08-31T12:53:58.318251953Z",
    "expire_in_seconds": 4166,
    "next_auto_refresh_in_seconds": -1,
    "refresh_cooldown": false,
    "refresh_cooldown_seconds": 0
  }
}`

// wwSession is one session the Wonderwall replica holds.
type wwSession struct {
	created, ends, timeout, expire, refreshed time.Time
	active                                    bool
}

// wonderwall replicates nais/wonderwall's session endpoints (pkg/handler
// Standalone.Session and SessionRefresh): it looks the cookie up, answers
// 401 for none, 500 while its store is "down", and writes
// session.MetadataVerbose with json.Encoder, as Wonderwall does.
type wonderwall struct {
	mu       sync.Mutex
	sessions map[string]*wwSession
	down     bool
	requests []string // "METHOD path cookie"
}

func newWonderwall(t *testing.T) (*wonderwall, *httptest.Server) {
	ww := &wonderwall{sessions: map[string]*wwSession{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth2/session", func(w http.ResponseWriter, r *http.Request) { ww.serve(w, r, false) })
	mux.HandleFunc("POST /oauth2/session/refresh", func(w http.ResponseWriter, r *http.Request) { ww.serve(w, r, true) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return ww, srv
}

func (ww *wonderwall) serve(w http.ResponseWriter, r *http.Request, refresh bool) {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	c, err := r.Cookie(SessionCookie)
	cookie := ""
	if err == nil {
		cookie = c.Value
	}
	ww.requests = append(ww.requests, r.Method+" "+r.URL.Path+" "+cookie)
	if ww.down {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	s, ok := ww.sessions[cookie]
	now := time.Now()
	if !ok || !now.Before(s.ends) || (refresh && !s.active) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if refresh {
		s.refreshed, s.expire = now, now.Add(time.Hour)
	}
	secs := func(t time.Time) int64 { return int64(t.Sub(now) / time.Second) }
	timeoutIn := int64(-1)
	if !s.timeout.IsZero() {
		timeoutIn = secs(s.timeout)
	}
	var body struct {
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
	body.Session.CreatedAt, body.Session.EndsAt, body.Session.TimeoutAt = s.created, s.ends, s.timeout
	body.Session.EndsInSeconds, body.Session.Active, body.Session.TimeoutInSeconds = secs(s.ends), s.active, timeoutIn
	body.Tokens.ExpireAt, body.Tokens.RefreshedAt, body.Tokens.ExpireInSeconds = s.expire, s.refreshed, secs(s.expire)
	body.Tokens.NextAutoRefreshInSeconds = secs(s.expire.Add(-30 * time.Second))
	body.Tokens.RefreshCooldown = now.Sub(s.refreshed) < time.Minute
	if body.Tokens.RefreshCooldown {
		body.Tokens.RefreshCooldownSeconds = secs(s.refreshed.Add(time.Minute))
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

func (ww *wonderwall) add(cookie string, s *wwSession) {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	ww.sessions[cookie] = s
}

func (ww *wonderwall) setDown() {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	ww.down = true
}

func (ww *wonderwall) seen() []string {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	return append([]string(nil), ww.requests...)
}

const (
	goodCookie = "good-session-cookie-0123456789"
	idleCookie = "idle-session-cookie-0123456789"
)

func replica(t *testing.T) (*wonderwall, Generator) {
	ww, srv := newWonderwall(t)
	now := time.Now()
	ww.add(goodCookie, &wwSession{created: now.Add(-2 * time.Hour), ends: now.Add(8 * time.Hour),
		expire: now.Add(40 * time.Minute), refreshed: now.Add(-20 * time.Minute), active: true})
	ww.add(idleCookie, &wwSession{created: now.Add(-5 * time.Hour), ends: now.Add(5 * time.Hour),
		timeout: now.Add(-10 * time.Minute), expire: now.Add(-10 * time.Minute), refreshed: now.Add(-2 * time.Hour), active: false})
	return ww, Generator{BaseURL: srv.URL + "/", HTTP: NewHTTPClient(5 * time.Second)}
}

func near(got, want, slack time.Duration) bool { return got >= want-slack && got <= want+slack }

func TestSessionActive(t *testing.T) {
	ww, g := replica(t)
	info, err := g.Session(context.Background(), goodCookie)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Active || !near(info.EndsIn, 8*time.Hour, 2*time.Second) || !info.TimeoutAt.IsZero() || info.TimeoutIn != -time.Second {
		t.Errorf("session = %+v", info)
	}
	if !near(time.Until(info.EndsAt), 8*time.Hour, 2*time.Second) || !near(info.Tokens.ExpireIn, 40*time.Minute, 2*time.Second) {
		t.Errorf("ends_at %v, tokens %+v", info.EndsAt, info.Tokens)
	}
	if got := ww.seen(); len(got) != 1 || got[0] != "GET /oauth2/session "+goodCookie {
		t.Errorf("Wonderwall saw %q, want one GET with the cookie", got)
	}
}

func TestSessionInactiveAnswers200ButIsNotLoggedIn(t *testing.T) {
	_, g := replica(t)
	info, err := g.Session(context.Background(), idleCookie)
	var nl *NotLoggedInError
	if !errors.As(err, &nl) || !nl.Rejected {
		t.Fatalf("an inactive session must be a rejected login, got %v", err)
	}
	if info.Active || info.TimeoutAt.IsZero() || info.TimeoutIn >= 0 {
		t.Errorf("the info should still say when it timed out: %+v", info)
	}
}

func TestSessionStatuses(t *testing.T) {
	ww, g := replica(t)
	var nl *NotLoggedInError
	_, err := g.Session(context.Background(), "unknown-session-cookie-012345")
	if !errors.As(err, &nl) || !nl.Rejected || nl.LoginURL != strings.TrimSuffix(g.BaseURL, "/")+"/oauth2/login?redirect=/oauth2/session" {
		t.Errorf("401: got %#v", err)
	}
	ww.setDown()
	if _, err := g.Session(context.Background(), goodCookie); !errors.Is(err, ErrSessionStoreDown) {
		t.Errorf("500: got %v, want ErrSessionStoreDown", err)
	}
	for name, a := range map[string]answer{
		"no proxy":       {status: 404, body: "404 page not found"},
		"html":           {status: 200, header: map[string]string{"Content-Type": "text/html"}, body: "<html>login</html>"},
		"no active":      {status: 200, body: `{"session": {"ends_at": "2022-08-31T16:58:38Z"}}`},
		"no session":     {status: 200, body: `{"tokens": {}}`},
		"redirect":       {status: 302, header: map[string]string{"Location": "{base}/oauth2/login"}},
		"not json":       {status: 200, body: `{"session": `},
		"bad ends_at":    {status: 200, body: `{"session": {"active": true, "ends_at": "tomorrow"}}`},
		"huge ends_in":   {status: 200, body: `{"session": {"active": true, "ends_at": "2022-08-31T16:58:38Z", "ends_in_seconds": 1e30}}`},
		"store down 503": {status: 503, body: "upstream connect error"},
	} {
		srv, _ := serve(t, a)
		_, err := Generator{BaseURL: srv.URL}.Session(context.Background(), goodCookie)
		var re *ResponseError
		if !errors.As(err, &re) {
			t.Errorf("%s: got %v, want a *ResponseError", name, err)
		}
	}
}

func TestSessionFromDocsExample(t *testing.T) {
	srv, ch := serve(t, answer{status: 200, header: map[string]string{"Content-Type": "application/json"}, body: docsSession})
	info, err := Generator{BaseURL: srv.URL}.Session(context.Background(), goodCookie)
	if err != nil {
		t.Fatal(err)
	}
	want := SessionInfo{
		Active:    true,
		CreatedAt: time.Date(2022, 8, 31, 6, 58, 38, 724717899, time.UTC),
		EndsAt:    time.Date(2022, 8, 31, 16, 58, 38, 724717899, time.UTC),
		EndsIn:    14658 * time.Second,
		TimeoutIn: -time.Second,
		Tokens: SessionTokens{
			ExpireAt:          time.Date(2022, 8, 31, 14, 3, 47, 318251953, time.UTC),
			ExpireIn:          4166 * time.Second,
			RefreshedAt:       time.Date(2022, 8, 31, 12, 53, 58, 318251953, time.UTC),
			NextAutoRefreshIn: -time.Second,
		},
	}
	if !info.CreatedAt.Equal(want.CreatedAt) || !info.EndsAt.Equal(want.EndsAt) || !info.Tokens.ExpireAt.Equal(want.Tokens.ExpireAt) ||
		!info.Tokens.RefreshedAt.Equal(want.Tokens.RefreshedAt) || !info.TimeoutAt.IsZero() {
		t.Errorf("times: got %+v\nwant %+v", info, want)
	}
	info.CreatedAt, info.EndsAt, info.Tokens.ExpireAt, info.Tokens.RefreshedAt = want.CreatedAt, want.EndsAt, want.Tokens.ExpireAt, want.Tokens.RefreshedAt
	info.TimeoutAt = time.Time{}
	if info != want {
		t.Errorf("got %+v\nwant %+v", info, want)
	}
	if s := only(t, ch); s.Method != "GET" || s.Path != "/oauth2/session" || s.Cookie != SessionCookie+"="+goodCookie {
		t.Errorf("request %+v", s)
	}
}

func TestRefreshSessionPosts(t *testing.T) {
	ww, g := replica(t)
	info, err := g.RefreshSession(context.Background(), goodCookie)
	if err != nil {
		t.Fatal(err)
	}
	if !near(info.Tokens.ExpireIn, time.Hour, 2*time.Second) || !info.Tokens.RefreshCooldown || info.Tokens.RefreshCooldownIn <= 0 {
		t.Errorf("after a refresh the tokens are new and on cooldown: %+v", info.Tokens)
	}
	var nl *NotLoggedInError
	if _, err := g.RefreshSession(context.Background(), idleCookie); !errors.As(err, &nl) || !nl.Rejected {
		t.Errorf("refreshing an inactive session is 401: got %v", err)
	}
	if got := ww.seen(); len(got) != 2 || got[0] != "POST /oauth2/session/refresh "+goodCookie {
		t.Errorf("Wonderwall saw %q", got)
	}
}

func TestSessionRefusesBeforeAnyRequest(t *testing.T) {
	ww, g := replica(t)
	var nl *NotLoggedInError
	if _, err := g.Session(context.Background(), ""); !errors.As(err, &nl) || nl.Rejected {
		t.Errorf("no cookie: got %v, want not logged in (not rejected)", err)
	}
	if _, err := g.Session(context.Background(), "bad cookie;value"); !errors.Is(err, errBadSession) {
		t.Errorf("bad cookie: got %v", err)
	}
	var ce *ConfigError
	if _, err := (Generator{BaseURL: "ftp://x"}).Session(context.Background(), goodCookie); !errors.As(err, &ce) {
		t.Errorf("bad URL: got %v", err)
	}
	if n := len(ww.seen()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestSessionTimeoutAndCancel(t *testing.T) {
	stall := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(stall)
	g := Generator{BaseURL: srv.URL, HTTP: NewHTTPClient(100 * time.Millisecond)}
	var te *TransportError
	if _, err := g.Session(context.Background(), goodCookie); !errors.As(err, &te) || te.Timeout == 0 {
		t.Errorf("a stalled proxy: got %v, want a timeout", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	g.HTTP = NewHTTPClient(10 * time.Second)
	if _, err := g.Session(ctx, goodCookie); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestSessionErrorsNeverHoldTheCookie(t *testing.T) {
	ww, g := replica(t)
	secret := "secret-session-value-that-must-not-leak"
	errs := []error{}
	_, err := g.Session(context.Background(), secret)
	errs = append(errs, err)
	ww.setDown()
	_, err = g.Session(context.Background(), secret)
	errs = append(errs, err)
	srv, _ := serve(t, answer{status: 400, body: "bad cookie " + secret})
	_, err = Generator{BaseURL: srv.URL}.Session(context.Background(), secret)
	errs = append(errs, err)
	for _, err := range errs {
		if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(Explain(err).What, secret) {
			t.Errorf("error %v holds the cookie (or is nil)", err)
		}
	}
}

// FuzzParseSessionInfo feeds Wonderwall's answer anything a proxy might
// send: it must never panic, and whatever it accepts has an end.
func FuzzParseSessionInfo(f *testing.F) {
	f.Add([]byte(docsSession))
	f.Add([]byte(`{"session": {"active": false, "ends_at": "2022-08-31T16:58:38Z", "ends_in_seconds": -9223372036854775808}}`))
	f.Add([]byte(`{"session": null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		info, err := parseSessionInfo(body)
		if err == nil && info.EndsAt.IsZero() {
			t.Errorf("accepted a session without an end: %+v", info)
		}
	})
}
