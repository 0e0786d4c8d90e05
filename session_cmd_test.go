package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/zalando/go-keyring"
)

// generatorReplica is azure-token-generator behind Wonderwall, as deployed:
// Wonderwall answers /oauth2/session for the sessions it holds (401 for
// others, the shape of its session.MetadataVerbose); /api/obo with a known
// session answers the generator's indented JSON, and without one the
// generator's 302 to /oauth2/login.
type generatorReplica struct {
	srv  *httptest.Server
	mu   sync.Mutex
	ends map[string]time.Time // session cookie → its end
	idle map[string]bool
	seen []string // "METHOD path cookie"
}

func newGeneratorReplica(t *testing.T) *generatorReplica {
	t.Helper()
	g := &generatorReplica{ends: map[string]time.Time{}, idle: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth2/session", g.session)
	mux.HandleFunc("GET /api/obo", g.obo)
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

// cookie records the request and returns its session cookie; ok says
// whether it is a live session.
func (g *generatorReplica) cookie(r *http.Request) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	v := ""
	if c, err := r.Cookie(flows.SessionCookie); err == nil {
		v = c.Value
	}
	g.seen = append(g.seen, r.Method+" "+r.URL.Path+" "+v)
	end, ok := g.ends[v]
	return v, ok && time.Now().Before(end)
}

func (g *generatorReplica) session(w http.ResponseWriter, r *http.Request) {
	c, ok := g.cookie(r)
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	g.mu.Lock()
	end, idle := g.ends[c], g.idle[c]
	g.mu.Unlock()
	now := time.Now()
	timeoutAt, timeoutIn := time.Time{}, int64(-1)
	if idle {
		timeoutAt = now.Add(-15 * time.Minute)
		timeoutIn = int64(timeoutAt.Sub(now) / time.Second)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"session": map[string]any{"created_at": end.Add(-10 * time.Hour), "ends_at": end, "timeout_at": timeoutAt,
			"ends_in_seconds": int64(end.Sub(now) / time.Second), "active": !idle, "timeout_in_seconds": timeoutIn},
		"tokens": map[string]any{"expire_at": now.Add(time.Hour), "refreshed_at": now, "expire_in_seconds": 3600,
			"next_auto_refresh_in_seconds": -1, "refresh_cooldown": true, "refresh_cooldown_seconds": 60},
	})
}

func (g *generatorReplica) obo(w http.ResponseWriter, r *http.Request) {
	if _, ok := g.cookie(r); !ok {
		http.Redirect(w, r, "http://"+r.Host+"/oauth2/login?redirect="+r.URL.RequestURI(), http.StatusFound)
		return
	}
	raw := mintForAud(r.URL.Query().Get("aud"))
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, "{\n  \"access_token\": %q,\n  \"expires_in\": 3899\n}", raw)
}

func (g *generatorReplica) add(cookie string, end time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ends[cookie] = end
}

// makeIdle marks a session as past Wonderwall's inactivity timeout.
func (g *generatorReplica) makeIdle(cookie string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.idle[cookie] = true
}

func (g *generatorReplica) revoke(cookie string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.ends, cookie)
}

func (g *generatorReplica) requests() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.seen...)
}

// mintForAud is an OBO-shaped user token for aud.
func mintForAud(aud string) string {
	p, _ := json.Marshal(map[string]any{"aud": aud, "NAVident": "Z990123", "name": "Demo Developer", "scp": "defaultaccess",
		"exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()})
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k","typ":"JWT"}`)) + "." + enc(p) + "." + enc([]byte("signature"))
}

// home is one user's machine for in-process runs: its own config, cache
// and state folders, the generator replica, and go-keyring's mock keyring.
type home struct {
	dir string
	gen *generatorReplica
}

func newHome(t *testing.T) *home {
	t.Helper()
	keyring.MockInit()
	h := &home{dir: t.TempDir(), gen: newGeneratorReplica(t)}
	for k, v := range map[string]string{
		"HOME": h.dir, "XDG_CONFIG_HOME": filepath.Join(h.dir, "config"), "XDG_CACHE_HOME": filepath.Join(h.dir, "cache"),
		"XDG_STATE_HOME": filepath.Join(h.dir, "state"), "ENTRATOKEN_GENERATOR_URL": h.gen.srv.URL,
		"ENTRATOKEN_SESSION": "", "ENTRATOKEN_CONFIG": "", "ENTRATOKEN_SESSION_STORE": "", "BROWSER": "false",
		// The store tries go-keyring (its mock here) only where a D-Bus
		// session could hold a Secret Service.
		"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/test-bus",
	} {
		t.Setenv(k, v)
	}
	return h
}

// run runs one command line in this process.
func (h *home) run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

// kept is what the mock keyring holds for the replica, "" for nothing.
func (h *home) kept(t *testing.T) string {
	t.Helper()
	v, err := keyring.Get("entratoken", h.gen.srv.URL)
	if err == keyring.ErrNotFound {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	var k struct{ Cookie string }
	if err := json.Unmarshal([]byte(v), &k); err != nil {
		t.Fatal(err)
	}
	return k.Cookie
}

const (
	cookieA = "session-a-0123456789abcdef"
	cookieB = "session-b-0123456789abcdef"
)

func TestLoginStatusTokenLogout(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))

	r := h.run(t, "", "status")
	r.want(t, 1)
	if !strings.Contains(r.stdout, "X Not signed in: no session kept (session_store: keyring)") || !strings.Contains(r.stdout, "entratoken login") {
		t.Errorf("status before login:\n%s", r.stdout)
	}

	r = h.run(t, "Cookie: theme=dark; "+flows.SessionCookie+"="+cookieA+"\n", "login")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "Logged in to "+h.gen.srv.URL) || !strings.Contains(r.stderr, "the system keyring") || !strings.Contains(r.stderr, "in 9 h 59 min") {
		t.Errorf("login said:\n%s", r.stderr)
	}
	if h.kept(t) != cookieA {
		t.Fatalf("the keyring holds %q, want the session", h.kept(t))
	}
	if got := h.gen.requests(); len(got) != 1 || got[0] != "GET /oauth2/session "+cookieA {
		t.Errorf("login asked %q, want one GET /oauth2/session with the cookie", got)
	}

	r = h.run(t, "", "status")
	r.want(t, 0)
	for _, want := range []string{"azure-token-generator  " + h.gen.srv.URL, "✓ Signed in: the generator accepts the session from the system keyring", "- Session ends ", "(in 9 h 59 min)", "Texas", "not set (NAIS_TOKEN_ENDPOINT"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, r.stdout)
		}
	}
	r = h.run(t, "", "status", "--json")
	r.want(t, 0)
	var st statusReport
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if s := st.Generator.Session; !st.SignedIn || s.State != "signed_in" || s.From != "keyring" || s.EndsAt == nil || time.Until(*s.EndsAt) < 9*time.Hour ||
		s.EndsInSeconds == nil || *s.EndsInSeconds < 9*3600 {
		t.Errorf("status --json: %s", r.stdout)
	}

	// A later process gets an OBO token from the kept session alone.
	r = h.run(t, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 0)
	decoded(t, r.stdout)
	if got := h.gen.requests(); got[len(got)-1] != "GET /api/obo "+cookieA {
		t.Errorf("the OBO request carried %q", got[len(got)-1])
	}

	r = h.run(t, "", "logout")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "forgot the session kept in the system keyring") || h.kept(t) != "" {
		t.Errorf("logout: %q; keyring %q", r.stderr, h.kept(t))
	}
	h.run(t, "", "status").want(t, 1)
	r = h.run(t, "", "token", "--obo", "--fresh", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, h.gen.srv.URL+"/api/obo?aud=dev-gcp:team:app") || !strings.Contains(r.stderr, "entratoken login") {
		t.Errorf("after logout, token --obo should give the login URL and say how to log in:\n%s", r.stderr)
	}
	if r = h.run(t, "", "logout"); r.code != 0 || !strings.Contains(r.stderr, "nothing to forget") {
		t.Errorf("a second logout: %d %q", r.code, r.stderr)
	}
}

func TestLoginKeepsNothingTheGeneratorRejects(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieB, time.Now().Add(time.Hour))
	h.gen.makeIdle(cookieB)
	for name, tc := range map[string]struct {
		stdin string
		code  int
		want  string
	}{
		"unknown session": {cookieA, 1, "does not accept this session (there is no such session, or it ended), so it was not kept: log in at "},
		"idle session":    {cookieB, 1, "does not accept this session (it has been idle since"},
		"a token":         {"Bearer " + mintForAud("x"), 2, "that is an access token, not the login session"},
		"nothing":         {"\n", 2, "no session on stdin: log in at " + h.gen.srv.URL + "/oauth2/login?redirect=/oauth2/session"},
		"garbage":         {"not a cookie at all", 2, "no io.nais.wonderwall.session cookie in what was given: give its value"},
		"empty cookie":    {flows.SessionCookie + "=", 2, "cookie is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run(t, tc.stdin, "login")
			r.want(t, tc.code)
			if !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr+r.stdout, cookieA) || strings.Contains(r.stderr+r.stdout, cookieB) {
				t.Errorf("stderr lacks %q or holds the cookie:\n%s", tc.want, r.stderr)
			}
			if h.kept(t) != "" {
				t.Errorf("kept %q", h.kept(t))
			}
		})
	}
}

func TestKeptSessionTheGeneratorRejectsIsForgotten(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	h.run(t, cookieA, "login").want(t, 0)
	h.gen.revoke(cookieA) // logged out in the browser, or the store lost it
	r := h.run(t, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "no longer accepts the kept session, so it is forgotten") || strings.Contains(r.stderr, cookieA) {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if h.kept(t) != "" {
		t.Errorf("the rejected session is still kept")
	}

	// status forgets a rejected session too, and says so.
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	h.run(t, cookieA, "login").want(t, 0)
	h.gen.revoke(cookieA)
	r = h.run(t, "", "status")
	r.want(t, 1)
	if !strings.Contains(r.stdout, "no longer accepts the session from the system keyring; it is forgotten") || h.kept(t) != "" {
		t.Errorf("status:\n%s", r.stdout)
	}
}

func TestKeptSessionPastItsEndIsForgotten(t *testing.T) {
	h := newHome(t)
	b, _ := json.Marshal(map[string]any{"generator": h.gen.srv.URL, "cookie": cookieA, "ends_at": time.Now().Add(-time.Minute)})
	if err := keyring.Set("entratoken", h.gen.srv.URL, string(b)); err != nil {
		t.Fatal(err)
	}
	r := h.run(t, "", "token", "--obo", "dev-gcp:team:app")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "the kept session ended at") || h.kept(t) != "" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if got := h.gen.requests(); len(got) != 0 {
		t.Errorf("an ended session was sent, or the generator asked: %q", got)
	}
}

func TestSessionForOneRunWinsAndIsKept(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	h.gen.add(cookieB, time.Now().Add(5*time.Hour))
	h.run(t, cookieA, "login").want(t, 0)

	t.Setenv("ENTRATOKEN_SESSION", cookieB)
	h.run(t, "", "token", "--obo", "--fresh", "dev-gcp:team:app").want(t, 0)
	seen := h.gen.requests()
	if !strings.HasSuffix(strings.Join(seen, "\n"), "GET /api/obo "+cookieB+"\nGET /oauth2/session "+cookieB) {
		t.Errorf("ENTRATOKEN_SESSION should win, then be checked: %q", seen)
	}
	if h.kept(t) != cookieB {
		t.Errorf("ENTRATOKEN_SESSION was not kept")
	}
	// The same session again costs no check.
	h.run(t, "", "token", "--obo", "--fresh", "dev-gcp:team:app").want(t, 0)
	if got := h.gen.requests()[len(seen):]; len(got) != 1 || got[0] != "GET /api/obo "+cookieB {
		t.Errorf("an already kept session was checked again: %q", got)
	}

	// --session-file wins over both, and is kept.
	file := filepath.Join(t.TempDir(), "cookie")
	os.WriteFile(file, []byte(flows.SessionCookie+"="+cookieA+"\n"), 0o600)
	h.run(t, "", "token", "--obo", "--fresh", "--session-file", file, "dev-gcp:team:app").want(t, 0)
	if h.kept(t) != cookieA {
		t.Errorf("--session-file was not kept")
	}

	// A rejected one-run session is not kept, and leaves the kept one alone.
	t.Setenv("ENTRATOKEN_SESSION", "session-unknown-0123456789")
	h.run(t, "", "token", "--obo", "--fresh", "dev-gcp:team:app").want(t, 1)
	if h.kept(t) != cookieA {
		t.Errorf("kept %q after a rejected ENTRATOKEN_SESSION", h.kept(t))
	}
}

func TestNoKeyringKeepsTheSessionInAPrivateFile(t *testing.T) {
	h := newHome(t)
	keyring.MockInitWithError(fmt.Errorf("The name org.freedesktop.secrets was not provided by any .service files"))
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	r := h.run(t, cookieA, "login")
	r.want(t, 0)
	dir := filepath.Join(h.dir, "state", "entratoken")
	files, _ := filepath.Glob(filepath.Join(dir, "session-*.json"))
	if len(files) != 1 {
		t.Fatalf("session files %v", files)
	}
	if !strings.Contains(r.stderr, "no usable system keyring: The name org.freedesktop.secrets") || !strings.Contains(r.stderr, "kept in "+files[0]+" instead") {
		t.Errorf("login should say once where the session went:\n%s", r.stderr)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, files[0]: 0o600} {
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", path, info.Mode(), err, want)
		}
	}
	r = h.run(t, "", "status")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "accepts the session from "+files[0]) {
		t.Errorf("status:\n%s", r.stdout)
	}
	h.run(t, "", "token", "--obo", "dev-gcp:team:app").want(t, 0)
	h.run(t, "", "logout").want(t, 0)
	if _, err := os.Stat(files[0]); !os.IsNotExist(err) {
		t.Errorf("logout left the file: %v", err)
	}
}

func TestSessionStoreSetting(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	cfg := filepath.Join(h.dir, "config", "entratoken", "config.yaml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)

	os.WriteFile(cfg, []byte("session_store: file\n"), 0o600)
	r := h.run(t, cookieA, "login")
	r.want(t, 0)
	if h.kept(t) != "" || !strings.Contains(r.stderr, filepath.Join(h.dir, "state", "entratoken", "session-")) || strings.Contains(r.stderr, "keyring") {
		t.Errorf("session_store: file: %s", r.stderr)
	}

	os.WriteFile(cfg, []byte("session_store: none\n"), 0o600)
	r = h.run(t, cookieA, "login")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "memory (this run only)") {
		t.Errorf("session_store: none: %s", r.stderr)
	}
	h.run(t, "", "status").want(t, 1)

	t.Setenv("ENTRATOKEN_SESSION_STORE", "file")
	r = h.run(t, cookieA, "login")
	r.want(t, 0)
	if !strings.Contains(r.stderr, filepath.Join(h.dir, "state", "entratoken", "session-")) {
		t.Errorf("ENTRATOKEN_SESSION_STORE=file should win over the config: %s", r.stderr)
	}
	t.Setenv("ENTRATOKEN_SESSION_STORE", "")

	os.WriteFile(cfg, []byte("session_store: vault\n"), 0o600)
	if r = h.run(t, "", "status"); r.code != 2 || !strings.Contains(r.stderr, `session_store: "vault" is not one of keyring, file, none`) {
		t.Errorf("a bad session_store: %d %s", r.code, r.stderr)
	}
	os.WriteFile(cfg, nil, 0o600)
	t.Setenv("ENTRATOKEN_SESSION_STORE", "disk")
	if r = h.run(t, "", "status"); r.code != 2 || !strings.Contains(r.stderr, `ENTRATOKEN_SESSION_STORE: "disk" is not keyring, file or none`) {
		t.Errorf("a bad ENTRATOKEN_SESSION_STORE: %d %s", r.code, r.stderr)
	}
}

func TestSandboxLeavesTheKeptSessionAlone(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	h.run(t, cookieA, "login").want(t, 0)
	h.run(t, "", "--sandbox", "token", "--obo", "dev-gcp:pdl:pdl-api").want(t, 0)
	h.run(t, "", "--sandbox", "logout").want(t, 0)
	r := h.run(t, "", "--sandbox", "status", "--json")
	var st statusReport
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatal(err)
	}
	if s := st.Generator.Session; s.Store != "none" || s.From != "sandbox" {
		t.Errorf("--sandbox must keep in memory only and use its demo session: %+v", s)
	}
	if h.kept(t) != cookieA {
		t.Errorf("--sandbox touched the kept session: %q", h.kept(t))
	}
	for _, r := range h.gen.requests()[1:] {
		t.Errorf("--sandbox sent a request to the user's generator: %s", r)
	}
}

func TestTheSessionNeverShows(t *testing.T) {
	h := newHome(t)
	h.gen.add(cookieA, time.Now().Add(10*time.Hour))
	var all strings.Builder
	for _, args := range [][]string{{"login"}, {"status"}, {"status", "--json"}, {"token", "--obo", "--format", "json", "dev-gcp:team:app"}, {"logout"}, {"status"}} {
		r := h.run(t, cookieA, args...)
		all.WriteString(r.stdout + r.stderr)
	}
	h.gen.add(cookieB, time.Now().Add(time.Hour))
	h.gen.makeIdle(cookieB)
	r := h.run(t, cookieB, "login")
	all.WriteString(r.stdout + r.stderr)
	if s := all.String(); strings.Contains(s, cookieA) || strings.Contains(s, cookieB) {
		t.Errorf("a session cookie was printed:\n%s", s)
	}
	filepath.Walk(h.dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(cookieA)) {
				t.Errorf("%s holds the session (the keyring is the only place for it)", path)
			}
		}
		return nil
	})
}
