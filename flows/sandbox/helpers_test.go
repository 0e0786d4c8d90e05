package sandbox

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// TestMain reuses one pair of keys for all sandboxes: RSA generation
// would otherwise dominate the package's test time.
func TestMain(m *testing.M) {
	var keys [2]keyPair
	for role := range keys {
		kp, err := newKeyPair()
		if err != nil {
			panic(err)
		}
		keys[role] = kp
	}
	generateKey = func(role keyRole) (keyPair, error) { return keys[role], nil }
	os.Exit(m.Run())
}

// t0 is the fixed time every test starts at.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)

// clock is a settable Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testLifetime is the token lifetime start fixes unless told otherwise.
const testLifetime = 3899 * time.Second

// start runs a sandbox on a fixed clock for one test, its tokens living
// testLifetime unless opts says otherwise.
func start(t *testing.T, opts Options) (*Sandbox, *clock) {
	t.Helper()
	c := &clock{now: t0}
	if opts.Now == nil {
		opts.Now = c.Now
	}
	if opts.Lifetime == 0 {
		opts.Lifetime = testLifetime
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(s.Close)
	return s, c
}

var guidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// reply is what a test request got back.
type reply struct {
	status int
	header http.Header
	body   string
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON (%v): %q", err, r.body)
	}
	return m
}

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{
	Timeout:       5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func jarClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Timeout: 5 * time.Second, Jar: jar}
}

func do(t *testing.T, c *http.Client, req *http.Request) reply {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return reply{resp.StatusCode, resp.Header, string(b)}
}

func get(t *testing.T, rawURL string, cookie string) reply {
	t.Helper()
	return send(t, http.MethodGet, rawURL, cookie)
}

// send makes a request without a body, with the session cookie when
// cookie is not "".
func send(t *testing.T, method, rawURL string, cookie string) reply {
	t.Helper()
	req, _ := http.NewRequest(method, rawURL, nil)
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "io.nais.wonderwall.session", Value: cookie})
	}
	return do(t, noRedirects, req)
}

func postForm(t *testing.T, rawURL string, form url.Values) reply {
	t.Helper()
	return post(t, rawURL, "application/x-www-form-urlencoded", form.Encode())
}

func postJSON(t *testing.T, rawURL string, v any) reply {
	t.Helper()
	b, _ := json.Marshal(v)
	return post(t, rawURL, "application/json", string(b))
}

func post(t *testing.T, rawURL, contentType, body string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return do(t, noRedirects, req)
}

func env(s *Sandbox, name string) string {
	for _, e := range s.Env() {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

// verified checks a token as a resource server would: OpenID discovery
// from AZURE_APP_WELL_KNOWN_URL, whose issuer must be the token's iss and
// whose jwks_uri must be AZURE_OPENID_CONFIG_JWKS_URI, then its RS256
// signature against that JWKS (parsed with go-jose). It returns the
// token's header and claims.
func verified(t *testing.T, s *Sandbox, raw string) (map[string]any, map[string]any) {
	t.Helper()
	d := get(t, env(s, "AZURE_APP_WELL_KNOWN_URL"), "").json(t)
	if d["jwks_uri"] != env(s, "AZURE_OPENID_CONFIG_JWKS_URI") {
		t.Fatalf("discovery's jwks_uri %v is not AZURE_OPENID_CONFIG_JWKS_URI", d["jwks_uri"])
	}
	r := get(t, env(s, "AZURE_OPENID_CONFIG_JWKS_URI"), "")
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(r.body), &set); err != nil || r.status != 200 {
		t.Fatalf("JWKS: HTTP %d, %v", r.status, err)
	}
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("not an RS256 JWS: %v", err)
	}
	kid := jws.Signatures[0].Header.KeyID
	keys := set.Key(kid)
	if len(keys) != 1 {
		t.Fatalf("kid %q: %d keys in JWKS", kid, len(keys))
	}
	payload, err := jws.Verify(keys[0])
	if err != nil {
		t.Fatalf("signature: %v", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims["iss"] != d["issuer"] {
		t.Errorf("iss %v is not the discovery document's issuer %v", claims["iss"], d["issuer"])
	}
	header := map[string]any{}
	seg, _ := jwt.NewParser().DecodeSegment(strings.Split(raw, ".")[0])
	json.Unmarshal(seg, &header)
	return header, claims
}

var (
	otherKeyOnce sync.Once
	otherKey     *rsa.PrivateKey
)

// anotherKey is an RSA key the sandbox does not know.
func anotherKey(t *testing.T) *rsa.PrivateKey {
	otherKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		otherKey = k
	})
	return otherKey
}

// clientKey reads AZURE_APP_JWK as an app would.
func clientKey(t *testing.T, s *Sandbox) (*rsa.PrivateKey, string) {
	t.Helper()
	var jwk jose.JSONWebKey
	if err := json.Unmarshal([]byte(env(s, "AZURE_APP_JWK")), &jwk); err != nil {
		t.Fatalf("AZURE_APP_JWK: %v", err)
	}
	k, ok := jwk.Key.(*rsa.PrivateKey)
	if !ok || jwk.Algorithm != "RS256" || jwk.KeyID == "" {
		t.Fatalf("AZURE_APP_JWK is not a private RS256 key with a kid: %T %q %q", jwk.Key, jwk.Algorithm, jwk.KeyID)
	}
	return k, jwk.KeyID
}

// signed makes an RS256 JWT with the given key, kid and claims.
func signed(t *testing.T, key *rsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = kid
	raw, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// descRe is Entra's error_description: code, text, and the three stamps,
// each on its own \r\n line.
var descRe = regexp.MustCompile(`^AADSTS(\d+): .+\r\nTrace ID: ([0-9a-f-]{36})\r\nCorrelation ID: ([0-9a-f-]{36})\r\nTimestamp: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)$`)

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// signingKid is the kid of the issuer's key, once it is made.
func signingKid(t *testing.T, s *Sandbox) string {
	t.Helper()
	k, err := s.keyring.signing.await(ctxTimeout(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return k.key.kid
}
