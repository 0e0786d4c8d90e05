package ui

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// A *verify.Verifier is what the UI runs with.
var _ Verifier = (*verify.Verifier)(nil)

// verificationLine is the line under the badge on the token screen.
func verificationLine(t *testing.T, h *harness) string {
	t.Helper()
	h.wantScreen("token")
	lines := strings.Split(h.view(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "azure-token-generator") || strings.Contains(l, "Z990123") { // the badge
			return strings.TrimSpace(lines[i+1])
		}
	}
	t.Fatalf("no badge on the token screen:\n%s", h.view())
	return ""
}

// The line says what the check found, in words that read without colour
// (the tests run without colour, as NO_COLOR has it).
func TestVerificationLineSaysWhatTheCheckFound(t *testing.T) {
	for _, c := range []struct {
		name    string
		respond func(tok *flows.Token) verify.Report
		want    string
	}{
		{"valid, Entra ID's keys", nil, "signature ✓ Entra ID keys"},
		{"valid, the environment's keys", func(tok *flows.Token) verify.Report {
			r := validReport(tok)
			r.KeysVia = "AZURE_OPENID_CONFIG_JWKS_URI"
			return r
		}, "signature ✓ keys from AZURE_OPENID_CONFIG_JWKS_URI"},
		{"a bad signature", func(*flows.Token) verify.Report { return failedReport(verify.Invalid, "bad signature") },
			"✗ bad signature · APIs will refuse this token"},
		{"an untrusted issuer", func(*flows.Token) verify.Report {
			r := failedReport(verify.Unchecked, "issuer not trusted")
			r.State, r.Checks[1] = verify.Invalid, verify.Check{Name: verify.CheckIssuer, State: verify.Invalid, Reason: "not Entra ID"}
			return r
		}, "✗ not Entra ID · APIs will refuse this token"},
		{"keys unreachable", func(*flows.Token) verify.Report { return failedReport(verify.Unchecked, "keys unreachable") },
			"signature not checked: keys unreachable"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			h.verifier.respond = c.respond
			h.press("enter")
			if got := verificationLine(t, h); got != c.want {
				t.Errorf("line %q, want %q", got, c.want)
			}
		})
	}
}

// The token is on screen before its check ends: the line says it is
// checking, and nothing ticks for it.
func TestVerificationRunsBehindTheToken(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.holdChecks = true
	h.press("enter")
	if got := verificationLine(t, h); got != "checking the signature…" || !strings.Contains(h.view(), "token eyJ") {
		t.Fatalf("line %q while checking:\n%s", got, h.view())
	}
	live := func() []timer {
		return h.pending(func(m tea.Msg) bool { tm, ok := m.(tickMsg); return !ok || tm.seq == h.m.tickSeq })
	}
	if timers := live(); len(timers) != 1 {
		t.Fatalf("timers while checking: %v; want the countdown's tick alone", timers)
	}
	call := h.verifier.calls[0]
	if deadline, ok := call.ctx.Deadline(); !ok || time.Until(deadline) > verifyTimeout {
		t.Fatalf("the check has no deadline within %v (%v, %v)", verifyTimeout, deadline, ok)
	}
	if len(h.checks) != 1 {
		t.Fatalf("%d checks held", len(h.checks))
	}
	if cmd := h.update(h.checks[0]); cmd != nil {
		t.Fatal("a finished check scheduled something")
	}
	if got := verificationLine(t, h); got != "signature ✓ Entra ID keys" {
		t.Fatalf("line %q after the check", got)
	}
	if call.ctx.Err() == nil {
		t.Fatal("the finished check's context was not released")
	}
	if timers := live(); len(timers) != 1 {
		t.Fatalf("timers after the check: %v", timers)
	}
}

// r shows a new token and checks it; the old token's check is cancelled,
// and its result, coming late, is dropped.
func TestRefreshChecksTheNewTokenAndDropsTheOldCheck(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.holdChecks = true
	var first string
	h.verifier.respond = func(tok *flows.Token) verify.Report {
		if tok.Raw == first {
			return failedReport(verify.Invalid, "bad signature")
		}
		return validReport(tok)
	}
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		tok := makeToken(t, m2mClaims(), h.clock.Now(), time.Hour)
		if first == "" {
			first = tok.Raw
		}
		return flows.Result{Request: req, Token: tok}, nil
	}
	h.press("enter")
	h.clock.advance(time.Second)
	h.press("r") // while the first check runs
	second := h.m.token.res.Token.Raw
	if raws := h.verifier.raws(); second == first || len(raws) != 2 || raws[0] != first || raws[1] != second {
		t.Fatalf("checked %d tokens; want the first, then the new one", len(raws))
	}
	h.send(h.checks[0]) // the first token's check ends late
	if got := verificationLine(t, h); got != "checking the signature…" {
		t.Fatalf("the old token's result shows on the new one: %q", got)
	}
	h.send(h.checks[1])
	if got := verificationLine(t, h); got != "signature ✓ Entra ID keys" {
		t.Fatalf("line %q", got)
	}
}

// A check still running when its token is replaced is cancelled: keys out
// of reach do not keep a request open for a token nobody looks at.
func TestReplacedTokensCheckIsCancelled(t *testing.T) {
	h := newHarness(t, demoTargets())
	started := make(chan struct{}, 1)
	h.verifier.respond = func(*flows.Token) verify.Report {
		h.verifier.mu.Lock()
		ctx := h.verifier.calls[0].ctx
		h.verifier.mu.Unlock()
		started <- struct{}{}
		<-ctx.Done() // keys that take their time
		return failedReport(verify.Unchecked, "cancelled")
	}
	h.hold = true
	h.press("enter")
	cmd := h.update(h.held[0]) // the token on screen; its check not yet run
	h.hold = false
	finished := make(chan tea.Msg, 1)
	go func() { finished <- runAll(cmd) }()
	<-started
	h.verifier.respond = nil
	h.press("r")
	select {
	case msg := <-finished:
		h.send(msg)
	case <-time.After(5 * time.Second):
		t.Fatal("the replaced token's check still runs")
	}
	if got := verificationLine(t, h); got != "signature ✓ Entra ID keys" {
		t.Fatalf("line %q: the cancelled check's result shows", got)
	}
}

// runAll runs cmd and the commands of a batch, and returns the one
// message that is a check's.
func runAll(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if m := runAll(c); m != nil {
				return m
			}
		}
	case verifiedMsg:
		return msg
	}
	return nil
}

// A cached token is checked like a fetched one, and so is a token pasted
// on the login screen.
func TestCachedAndPastedTokensAreChecked(t *testing.T) {
	h := newHarness(t, demoTargets())
	cached := makeToken(t, m2mClaims(), t0.Add(-10*time.Minute), time.Hour)
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		return flows.Result{Request: req, Token: cached, FromCache: true}, nil
	}
	h.press("enter")
	if got := verificationLine(t, h); got != "signature ✓ Entra ID keys" || !strings.Contains(h.view(), "cached") {
		t.Fatalf("cached token: line %q:\n%s", got, h.view())
	}
	if raws := h.verifier.raws(); len(raws) != 1 || raws[0] != cached.Raw {
		t.Fatalf("checked %d tokens, the cached one: %v", len(raws), len(raws) == 1 && raws[0] == cached.Raw)
	}

	for _, c := range []struct {
		name string
		tok  *flows.Token
		want string
	}{
		{"a good token", makeToken(t, oboClaims(), t0, time.Hour), "signature ✓ Entra ID keys"},
		{"a token with another signature", resigned(t, makeToken(t, oboClaims(), t0, time.Hour)), "✗ bad signature · APIs will refuse this token"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			notLoggedIn(h, "good")
			h.press("down", "enter")
			h.send(paste(generatorJSON(t, c.tok)))
			if got := verificationLine(t, h); got != c.want || !h.m.token.pasted {
				t.Fatalf("pasted token: line %q, want %q", got, c.want)
			}
			if raws := h.verifier.raws(); len(raws) != 1 || raws[0] != c.tok.Raw {
				t.Fatalf("checked %d tokens, the pasted one: %v", len(raws), len(raws) == 1 && raws[0] == c.tok.Raw)
			}
		})
	}
}

// An automatic refresh checks the token it brings.
func TestAutoRefreshChecksTheNewToken(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
		return flows.Result{Request: req, Token: makeToken(t, m2mClaims(), h.clock.Now(), 10*time.Minute)}, nil
	}
	h.press("enter")
	first := h.m.token.res.Token.Raw
	h.holdChecks = true
	h.clock.advance(5*time.Minute + time.Second)
	h.tick(0)
	raws := h.verifier.raws()
	if len(raws) != 2 || raws[0] != first || raws[1] != h.m.token.res.Token.Raw || raws[1] == first {
		t.Fatalf("checked %d tokens; want the first and the refreshed one", len(raws))
	}
	if got := verificationLine(t, h); got != "checking the signature…" {
		t.Fatalf("the refreshed token's line %q, before its check ends", got)
	}
	h.send(h.checks[0])
	if got := verificationLine(t, h); got != "signature ✓ Entra ID keys" {
		t.Fatalf("line %q", got)
	}
}

// At the smallest size the line is shortened at its words, never wrapped
// or cut inside one; an invalid verdict drops its tail first.
func TestVerificationLineAt60Columns(t *testing.T) {
	const iss = "https://identity.example.com/realms/a-rather-long-realm-name/protocol/openid-connect"
	for _, c := range []struct {
		name    string
		respond func(tok *flows.Token) verify.Report
		want    string
	}{
		{"a long signer", func(tok *flows.Token) verify.Report {
			r := validReport(tok)
			r.Issuer = iss
			return r
		}, "signature ✓ keys of…"},
		{"a long reason", func(*flows.Token) verify.Report {
			return failedReport(verify.Invalid, "alg does not fit the key and that is a longer reason than any")
		}, "✗ alg does not fit the key and that is a longer reason…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, demoTargets())
			h.verifier.respond = c.respond
			h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
			h.press("enter")
			if got := verificationLine(t, h); got != c.want {
				t.Errorf("line %q, want %q", got, c.want)
			}
			for i, l := range strings.Split(h.view(), "\n") {
				if w := lipgloss.Width(l); w > 60 {
					t.Errorf("line %d is %d wide", i, w)
				}
			}
		})
	}
	for _, c := range []struct {
		s     string
		width int
		want  string
	}{
		{"keys of https://idp.example.com", 40, "keys of https://idp.example.com"},
		{"keys of https://idp.example.com", 30, "keys of…"},
		{"a bb ccc", 5, "a bb…"},
		{"abcdef", 3, "…"},
	} {
		if got := fitWords(c.s, c.width); got != c.want || lipgloss.Width(got) > c.width {
			t.Errorf("fitWords(%q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}

// testIssuer is an OpenID provider on loopback whose keys the environment
// names, as the sandbox's are.
type testIssuer struct {
	url string
	key *ecdsa.PrivateKey
}

func newTestIssuer(t *testing.T) *testIssuer {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	jwks := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/keys" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(jwks)
	}))
	t.Cleanup(srv.Close)
	return &testIssuer{url: srv.URL, key: key}
}

// verifier checks tokens with the issuer's keys at jwks, on clock.
func (i *testIssuer) verifier(clock Clock, jwks string) *verify.Verifier {
	env := map[string]string{"AZURE_OPENID_CONFIG_ISSUER": i.url, "AZURE_OPENID_CONFIG_JWKS_URI": jwks}
	return &verify.Verifier{Getenv: func(k string) string { return env[k] }, Now: clock.Now}
}

// sign is an M2M token of the issuer's, valid from nbf until exp.
func (i *testIssuer) sign(t *testing.T, nbf, exp time.Time) *flows.Token {
	t.Helper()
	claims := m2mClaims()
	claims["iss"], claims["iat"], claims["nbf"], claims["exp"] = i.url, nbf.Unix(), nbf.Unix(), exp.Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["kid"] = "k1"
	raw, err := tok.SignedString(i.key)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := flows.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return decoded
}

// With the real verifier and a real issuer's keys: the line is about
// trust, so an expired token whose signature holds reads "signature ✓"
// (the countdown says it expired), while a token not valid yet, a changed
// payload and keys out of reach each say so.
func TestVerificationLineWithTheRealVerifier(t *testing.T) {
	iss := newTestIssuer(t)
	changed := func(tok *flows.Token) *flows.Token {
		other := iss.sign(t, t0, t0.Add(2*time.Hour))
		parts, with := strings.Split(tok.Raw, "."), strings.Split(other.Raw, ".")
		out, err := flows.Decode(parts[0] + "." + with[1] + "." + parts[2])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		tok    *flows.Token
		jwks   string
		want   string
		screen string
	}{
		{"valid", iss.sign(t, t0.Add(-time.Minute), t0.Add(time.Hour)), "/keys", "signature ✓ keys from AZURE_OPENID_CONFIG_JWKS_URI", "expires 13:00:00"},
		{"expired an hour ago", iss.sign(t, t0.Add(-2*time.Hour), t0.Add(-time.Hour)), "/keys", "signature ✓ keys from AZURE_OPENID_CONFIG_JWKS_URI", "expired"},
		{"not valid yet", iss.sign(t, t0.Add(10*time.Minute), t0.Add(time.Hour)), "/keys", "✗ not yet valid · APIs will refuse this token", ""},
		{"a changed payload", changed(iss.sign(t, t0, t0.Add(time.Hour))), "/keys", "✗ bad signature · APIs will refuse this token", ""},
		{"keys unreachable", iss.sign(t, t0, t0.Add(time.Hour)), "http://127.0.0.1:1/keys", "signature not checked: keys unreachable", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			jwks := c.jwks
			if strings.HasPrefix(jwks, "/") {
				jwks = iss.url + jwks
			}
			h := newHarness(t, demoTargets(), func(d *Deps) { d.Verifier = iss.verifier(d.Clock, jwks) })
			h.tokens.respond = func(_ context.Context, req flows.Request) (flows.Result, error) {
				return flows.Result{Request: req, Token: c.tok, FromCache: true}, nil
			}
			h.press("enter")
			if got := verificationLine(t, h); got != c.want || !strings.Contains(h.view(), c.screen) {
				t.Fatalf("line %q, want %q (and %q on screen):\n%s", got, c.want, c.screen, h.view())
			}
		})
	}
}
