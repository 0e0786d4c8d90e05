package verify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/golang-jwt/jwt/v5"
)

// Whatever a token holds, Verify reports (never panics or hangs), every
// check has a state, and a token it calls valid really is signed by the
// provider's key: golang-jwt, asked on its own with that key, agrees.
func FuzzVerify(f *testing.F) {
	key := rsaKey(f, "rsa-1")
	p := newProvider(f, key)
	now := t0
	v := p.verifier(f.TempDir(), &now)
	good := sign(f, key, p.claims(now))
	parts := strings.Split(good, ".")
	for _, seed := range []string{
		good,
		parts[0] + "." + parts[1] + ".",
		parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-2] + "AA",
		"eyJhbGciOiJub25lIn0." + parts[1] + ".",
		"eyJhbGciOiJIUzI1NiIsImtpZCI6InJzYS0xIn0." + parts[1] + "." + parts[2],
		"eyJhbGciOiJSUzI1NiIsImtpZCI6Im90aGVyIn0." + parts[1] + "." + parts[2],
	} {
		f.Add(seed)
	}
	public := key.priv.Public()
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := flows.Decode(raw)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r := v.Verify(ctx, tok, verify.Expect{Issuer: p.iss})
		if len(r.Checks) == 0 || r.Summary() == "" {
			t.Fatalf("an empty report: %+v", r)
		}
		if sig, ok := r.Check(verify.CheckSignature); !ok || sig.State != verify.Valid {
			return
		}
		_, err = jwt.NewParser(jwt.WithValidMethods([]string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}), jwt.WithoutClaimsValidation()).
			Parse(tok.Raw, func(*jwt.Token) (any, error) { return public, nil })
		if err != nil {
			t.Fatalf("Verify calls the signature valid, golang-jwt with the key says %v", err)
		}
	})
}
