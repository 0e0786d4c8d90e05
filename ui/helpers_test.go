package ui

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/golang-jwt/jwt/v5"
	"github.com/muesli/termenv"
)

// t0 is the fixed "now" of every test.
var t0 = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Exit(m.Run())
}

// makeToken is a token of claims issued at issued and living lifetime,
// with a deterministic fake signature (see fakeSigned).
func makeToken(t testing.TB, claims jwt.MapClaims, issued time.Time, lifetime time.Duration) *flows.Token {
	t.Helper()
	c := jwt.MapClaims{"iat": issued.Unix(), "nbf": issued.Unix(), "exp": issued.Add(lifetime).Unix()}
	for k, v := range claims {
		c[k] = v
	}
	decoded, err := flows.Decode(fakeSigned(t, c))
	if err != nil {
		t.Fatal(err)
	}
	return decoded
}

// fakeSigned is an RS256 token of claims. The UI decodes tokens and never
// verifies them: the signature is 128 bytes (RS256 with a 1024-bit key)
// made from the signed part, so the same claims give the same token in
// every run, and the end of the masked token in the golden files stays put.
func fakeSigned(t testing.TB, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = "test-key"
	signed, err := tok.SigningString()
	if err != nil {
		t.Fatal(err)
	}
	return signed + "." + fakeSignature(signed)
}

// fakeSignature is fakeSigned's signature of the signed part.
func fakeSignature(signed string) string {
	var sig []byte
	for h := sha256.Sum256([]byte(signed)); len(sig) < 128; h = sha256.Sum256(h[:]) {
		sig = append(sig, h[:]...)
	}
	return base64.RawURLEncoding.EncodeToString(sig[:128])
}

// resigned is tok with another signature, which the fakeVerifier finds
// bad.
func resigned(t testing.TB, tok *flows.Token) *flows.Token {
	t.Helper()
	i := strings.LastIndexByte(tok.Raw, '.')
	out, err := flows.Decode(tok.Raw[:i+1] + fakeSignature("another key"))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// verifyCall is one check the UI asked for.
type verifyCall struct {
	ctx context.Context
	raw string
}

// fakeVerifier checks makeToken's fake signatures: a token that carries
// fakeSigned's signature verifies with Entra ID's keys, any other has a
// bad signature. respond, when set, answers instead.
type fakeVerifier struct {
	mu      sync.Mutex
	calls   []verifyCall
	respond func(tok *flows.Token) verify.Report
}

func (v *fakeVerifier) Verify(ctx context.Context, tok *flows.Token, want verify.Expect) verify.Report {
	v.mu.Lock()
	v.calls = append(v.calls, verifyCall{ctx, tok.Raw})
	respond := v.respond
	v.mu.Unlock()
	if want != (verify.Expect{}) {
		panic("the token screen asks for no audience or issuer")
	}
	if respond != nil {
		return respond(tok)
	}
	i := strings.LastIndexByte(tok.Raw, '.')
	if tok.Raw[i+1:] == fakeSignature(tok.Raw[:i]) {
		return validReport(tok)
	}
	return failedReport(verify.Invalid, "bad signature")
}

func (v *fakeVerifier) raws() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	var out []string
	for _, c := range v.calls {
		out = append(out, c.raw)
	}
	return out
}

// validReport is what Verify finds of a good Entra ID token.
func validReport(tok *flows.Token) verify.Report {
	return verify.Report{State: verify.Valid, Issuer: tok.Claim("iss"), KeysVia: "discovery", CheckedAt: t0, Checks: []verify.Check{
		{Name: verify.CheckSignature, State: verify.Valid}, {Name: verify.CheckIssuer, State: verify.Valid},
		{Name: verify.CheckExpiry, State: verify.Valid}, {Name: verify.CheckAudience, State: verify.Skipped},
	}}
}

// failedReport is a report whose signature check came out as state, for
// reason.
func failedReport(state verify.State, reason string) verify.Report {
	return verify.Report{State: state, CheckedAt: t0, Checks: []verify.Check{
		{Name: verify.CheckSignature, State: state, Reason: reason}, {Name: verify.CheckIssuer, State: verify.Valid},
		{Name: verify.CheckExpiry, State: verify.Valid}, {Name: verify.CheckAudience, State: verify.Skipped},
	}}
}

func m2mClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"aud": "5d5bc7c1-9c4c-4b7e-9d0e-0a8c1f3e4b2a", "iss": "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0",
		"idtyp": "app", "azp_name": "dev-gcp:nais:azure-token-generator", "azp": "0e7a9b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b",
		"azpacr": "2", "roles": []string{"access_as_application"}, "oid": "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9",
		"sub": "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9", "tid": "966ac572-f5b7-4bbe-aa88-c76419c0f851", "ver": "2.0",
		"uti": "AbCdEfGhIjKlMnOpQrStUv", "rh": "0.AAAAcsVqlre1vkuqiMdkGcD4UQ",
	}
}

func oboClaims() jwt.MapClaims {
	return jwt.MapClaims{
		"aud": "5d5bc7c1-9c4c-4b7e-9d0e-0a8c1f3e4b2a", "iss": "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0",
		"azp_name": "dev-gcp:nais:azure-token-generator", "azp": "0e7a9b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b", "azpacr": "1",
		"scp": "defaultaccess", "NAVident": "Z990123", "name": "Ola Nordmann", "preferred_username": "ola.nordmann@trygdeetaten.no",
		"groups": []string{"c8e2a6b4-1f3d-4e5a-9b7c-0d1e2f3a4b5c", "7d9f1b3e-5a7c-4e9b-8d0f-2a4c6e8b0d1f"},
		"oid":    "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "sub": "kF3mZ0qP8xR2vT6yW1aB4cD7eG9hJ5nL", "tid": "966ac572-f5b7-4bbe-aa88-c76419c0f851",
		"ver": "2.0",
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// call is one Get the UI made.
type call struct {
	ctx context.Context
	req flows.Request
}

// fakeTokens answers Get with respond (default: an M2M or OBO token valid
// for an hour from the clock's time).
type fakeTokens struct {
	mu      sync.Mutex
	clock   *fakeClock
	t       testing.TB
	calls   []call
	respond func(ctx context.Context, req flows.Request) (flows.Result, error)
	cached  map[flows.Target]*flows.Token
}

func (f *fakeTokens) Get(ctx context.Context, req flows.Request) (flows.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, call{ctx, req})
	respond := f.respond
	f.mu.Unlock()
	if respond != nil {
		return respond(ctx, req)
	}
	claims := m2mClaims()
	if req.Flow == flows.OBO {
		claims = oboClaims()
	}
	return flows.Result{Request: req, Token: makeToken(f.t, claims, f.clock.Now(), time.Hour)}, nil
}

func (f *fakeTokens) Describe(req flows.Request) string {
	return "Asking azure-token-generator for an " + strings.ToUpper(string(req.Flow)) + " token"
}

func (f *fakeTokens) CachedAll(reqs []flows.Request) []*flows.Token {
	out := make([]*flows.Token, len(reqs))
	for i, req := range reqs {
		if req.Flow == flows.M2M {
			out[i] = f.cached[req.Target]
		}
	}
	return out
}

func (f *fakeTokens) lastCall(t testing.TB) call {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		t.Fatal("no Get call")
	}
	return f.calls[len(f.calls)-1]
}

// fakeClipboard is a clipboard in memory; readErr makes it unreadable, like
// OSC 52, and method says how copies are made (the system clipboard unless
// set).
type fakeClipboard struct {
	mu       sync.Mutex
	text     string
	readErr  error
	method   string
	writes   []string
	clearAts []time.Time // the clear promised with each write
	clears   []string
	reads    int
}

func (c *fakeClipboard) Write(text string, clearAt time.Time) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.text = text
	c.writes = append(c.writes, text)
	c.clearAts = append(c.clearAts, clearAt)
	if c.method == "" {
		return clip.MethodSystem, nil
	}
	return c.method, nil
}

func (c *fakeClipboard) Read() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	return c.text, c.readErr
}

func (c *fakeClipboard) ClearIfUnchanged(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clears = append(c.clears, text)
	if c.text == text {
		c.text = ""
	}
	return nil
}

func (c *fakeClipboard) set(text string) { c.mu.Lock(); c.text = text; c.mu.Unlock() }

type fakeBrowser struct {
	mu     sync.Mutex
	opened []string
	err    error
}

func (b *fakeBrowser) Open(url string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.opened = append(b.opened, url)
	return b.err
}

// fakeStore records the edits; err makes them fail.
type fakeStore struct {
	added   []config.SavedTarget
	updated [][2]any
	removed []flows.Target
	err     error
}

func (s *fakeStore) AddTarget(t config.SavedTarget) error { s.added = append(s.added, t); return s.err }
func (s *fakeStore) UpdateTarget(old flows.Target, t config.SavedTarget) error {
	s.updated = append(s.updated, [2]any{old, t})
	return s.err
}
func (s *fakeStore) RemoveTarget(t flows.Target) error {
	s.removed = append(s.removed, t)
	return s.err
}

func target(s string) flows.Target {
	t, err := flows.ParseTarget(s)
	if err != nil {
		panic(err)
	}
	return t
}

// demoTargets are the saved targets most tests start with.
func demoTargets() []config.SavedTarget {
	return []config.SavedTarget{
		{Target: target("dev-gcp:team-pay:payments-api"), Flow: flows.M2M, Source: flows.ViaTexas, Note: "the payments API"},
		{Target: target("dev-gcp:team-user:profile-api"), Flow: flows.OBO, Note: "user profiles"},
		{Target: target("dev-fss:team-case:case-api")},
	}
}

func testConfig(targets []config.SavedTarget) *config.Config {
	return &config.Config{
		Path: "/home/dev/.config/entratoken/config.yaml", Targets: targets,
		GeneratorURL: config.DefaultGeneratorURL, ExpiryMargin: config.DefaultExpiryMargin,
		ClipboardClear: config.DefaultClipboardClear, AutoRefresh: true,
	}
}

var errBoom = errors.New("boom")

// keyMsg turns a key name into the KeyMsg a terminal would send.
func keyMsg(s string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"ctrl+c": tea.KeyCtrlC, "ctrl+s": tea.KeyCtrlS, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"backspace": tea.KeyBackspace,
	}
	if t, ok := named[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func paste(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true} }

// String names the level in test failures.
func (l level) String() string {
	return [...]string{"fresh", "warn", "danger", "expired"}[l]
}
