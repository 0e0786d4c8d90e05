package verify_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows/verify"
)

// benchVerify verifies an Entra-sized RS256 token b.N times, with keys
// kept in a cache directory or (dir "") fetched every time.
func benchVerify(b *testing.B, dir string, newConns bool) {
	key := rsaKey(b, "rsa-1")
	p := newProvider(b, key)
	now := time.Now()
	raw := sign(b, key, p.claims(now))
	tok := decode(b, raw)
	v := p.verifier(dir, &now)
	if newConns { // as a CLI run does: a TCP and TLS handshake per request
		tr := p.srv.Client().Transport.(*http.Transport).Clone()
		tr.DisableKeepAlives = true
		v.HTTP = &http.Client{Transport: tr}
	}
	want := verify.Expect{Issuer: p.iss}
	if r := v.Verify(context.Background(), tok, want); r.State != verify.Valid {
		b.Fatalf("%+v", r)
	}
	b.ResetTimer()
	for b.Loop() {
		if r := v.Verify(context.Background(), tok, want); r.State != verify.Valid {
			b.Fatalf("%+v", r)
		}
	}
	d, j := p.hits()
	b.ReportMetric(float64(d+j)/float64(b.N+1), "requests/op")
}

// With the keys in keys.json: lock, read and parse the file, check the
// signature.
func BenchmarkVerifyCachedKeys(b *testing.B) { benchVerify(b, b.TempDir(), false) }

// With a fetch every time: discovery document and JWKS over https
// (loopback, kept-alive connection), then the signature.
func BenchmarkVerifyFetchingKeys(b *testing.B) { benchVerify(b, "", false) }

// The same on a new connection per request.
func BenchmarkVerifyFetchingKeysNewConnections(b *testing.B) { benchVerify(b, "", true) }
