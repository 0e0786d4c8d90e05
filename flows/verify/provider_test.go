package verify_test

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// testKey is a signing key of a test provider.
type testKey struct {
	kid  string
	alg  string // RS256, ES256 …
	priv crypto.Signer
}

var (
	rsaOnce sync.Once
	rsaPriv *rsa.PrivateKey
)

// rsaKey is one RSA key for the whole test binary: making one takes up to
// a second.
func rsaKey(t testing.TB, kid string) testKey {
	rsaOnce.Do(func() {
		var err error
		if rsaPriv, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return testKey{kid: kid, alg: "RS256", priv: rsaPriv}
}

func ecKey(t testing.TB, kid string) testKey {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid: kid, alg: "ES256", priv: priv}
}

// provider is an OpenID provider that is not the sandbox: an https
// server with its own keys, discovery document and JWKS, which counts
// what it serves and checks how it is asked.
type provider struct {
	srv *httptest.Server
	// iss is https://idp.example.com/<tenant>: the test server's client
	// sends example.com to it, so the issuer is not a loopback URL.
	iss string

	mu        sync.Mutex
	published []testKey
	claimed   string // the issuer the discovery document names
	status    int    // when set, every answer is this status

	discoveryHits, jwksHits atomic.Int32
}

func newProvider(t testing.TB, keys ...testKey) *provider {
	p := &provider{published: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tenant-a/.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /tenant-a/keys", p.jwks)
	p.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" || r.Method != http.MethodGet {
			t.Errorf("%s %s with credentials: %v", r.Method, r.URL, r.Header)
		}
		p.mu.Lock()
		status := p.status
		p.mu.Unlock()
		if status != 0 {
			http.Error(w, "no", status)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	p.iss = "https://idp.example.com/tenant-a"
	p.claimed = p.iss
	return p
}

func (p *provider) discovery(w http.ResponseWriter, r *http.Request) {
	p.discoveryHits.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	writeJSON(w, map[string]any{"issuer": p.claimed, "jwks_uri": p.iss + "/keys", "id_token_signing_alg_values_supported": []string{"RS256", "ES256"}})
}

func (p *provider) jwks(w http.ResponseWriter, r *http.Request) {
	p.jwksHits.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	set := jose.JSONWebKeySet{}
	for _, k := range p.published {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.priv.Public(), KeyID: k.kid, Use: "sig"})
	}
	writeJSON(w, set)
}

func (p *provider) publish(keys ...testKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.published = keys
}

func (p *provider) set(f func(p *provider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

func (p *provider) hits() (discovery, jwks int32) { return p.discoveryHits.Load(), p.jwksHits.Load() }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// claims are a token's claims from this provider, valid around now.
func (p *provider) claims(now time.Time) jwt.MapClaims {
	return jwt.MapClaims{"iss": p.iss, "aud": "0c3a6b3e-9f9d-4a4c-8d57-2f6f1c2b5e11", "sub": "someone",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

// verifier checks tokens against this provider, trusting its issuer,
// with the clock at *now and keys cached in dir.
func (p *provider) verifier(dir string, now *time.Time) *verify.Verifier {
	return &verify.Verifier{HTTP: p.srv.Client(), CacheDir: dir, Now: func() time.Time { return *now }}
}

// sign makes a token with key's alg and kid.
func sign(t testing.TB, k testKey, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.GetSigningMethod(k.alg), claims)
	tok.Header["kid"] = k.kid
	raw, err := tok.SignedString(k.priv)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func decode(t testing.TB, raw string) *flows.Token {
	t.Helper()
	tok, err := flows.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// wantCheck fails unless the report's check has the state and reason,
// and its detail holds every one of details.
func wantCheck(t *testing.T, r verify.Report, name string, state verify.State, reason string, details ...string) {
	t.Helper()
	c, ok := r.Check(name)
	if !ok {
		t.Fatalf("no %s check in %+v", name, r)
	}
	if c.State != state || c.Reason != reason {
		t.Errorf("%s: %v %q (%s), want %v %q", name, c.State, c.Reason, c.Detail, state, reason)
	}
	for _, d := range details {
		if !strings.Contains(c.Detail, d) {
			t.Errorf("%s: detail %q lacks %q", name, c.Detail, d)
		}
	}
}

// routeTo is a client that trusts the test certificate and sends
// other.example.com to other's server, every other example.com host to
// p's.
func routeTo(p, other *provider) *http.Client {
	tr := p.srv.Client().Transport.(*http.Transport).Clone()
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		srv := p.srv
		if strings.HasPrefix(addr, "other.example.com:") {
			srv = other.srv
		}
		return d.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	return &http.Client{Transport: tr}
}

// newTLS is an https server whose client sends example.com to it.
func newTLS(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func mustTarget(t testing.TB, s string) flows.Target {
	t.Helper()
	tg, err := flows.ParseTarget(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}
