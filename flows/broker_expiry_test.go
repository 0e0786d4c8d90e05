package flows_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// issuing is a source that answers every call with what issue returns.
func issuing(issue func(n int) flows.Issued) *brokerFake {
	return &brokerFake{via: flows.ViaEntra, issue: func(_ context.Context, _ flows.Request, n int) (flows.Issued, error) {
		return issue(n), nil
	}}
}

var entraReq = flows.Request{Target: brokerReq.Target, Flow: flows.M2M, Via: flows.ViaEntra}

func TestBrokerRefusesATokenThatArrivesExpired(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	exp := clock.t.Add(-3 * time.Minute)
	src := issuing(func(int) flows.Issued {
		return flows.Issued{AccessToken: mintIssued(t, "old", exp.Add(-time.Hour), exp), ExpiresIn: time.Hour}
	})
	b := newBroker(t, src, clock)
	_, err := b.Get(context.Background(), entraReq)
	var ee *flows.ExpiredTokenError
	if !errors.As(err, &ee) || !ee.ExpiredAt.Equal(exp) {
		t.Fatalf("err = %v, want *ExpiredTokenError at %v", err, exp)
	}
	want := "Entra ID issued a token that expired at " + exp.UTC().Format("2006-01-02 15:04:05") + " UTC (is your clock right?)"
	if err.Error() != want {
		t.Errorf("err = %q\nwant  %q", err, want)
	}
	if x := flows.Explain(err); x.Why == "" || x.Next == "" {
		t.Errorf("Explain = %+v, want a why and a next step", x)
	}
	if _, err := os.Stat(filepath.Join(b.Cache.Dir, "tokens.json")); !os.IsNotExist(err) {
		t.Errorf("the expired token reached the cache (%v)", err)
	}
}

// No exp and no usable expires_in: the expiry is unknown, said so with a
// zero ExpiresAt, and the token is never cached.
func TestBrokerExpiryUnknownIsNeverCached(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := issuing(func(int) flows.Issued { return flows.Issued{AccessToken: mintJWT(t, map[string]any{"aud": "x"})} })
	b := newBroker(t, src, clock)
	for range 2 {
		res := mustGet(t, b, entraReq)
		if !res.Token.ExpiresAt.IsZero() || res.FromCache {
			t.Fatalf("ExpiresAt = %v, FromCache %v; want unknown and new", res.Token.ExpiresAt, res.FromCache)
		}
	}
	if n := src.calls.Load(); n != 2 {
		t.Errorf("the source was asked %d times, want 2: a token of unknown expiry is never cached", n)
	}
}

// The cache keeps a token no longer than the earliest of exp, what the
// service promised (expires_in) and a day.
func TestBrokerKeepsATokenNoLongerThanPromised(t *testing.T) {
	for _, tc := range []struct {
		name       string
		expiresIn  time.Duration
		stillThere time.Duration // served from the cache this long after
		gone       time.Duration // and asked again this long after
	}{
		{"exp ten years out, expires_in an hour", time.Hour, 50 * time.Minute, 56 * time.Minute},
		{"exp ten years out, no expires_in", 0, 23 * time.Hour, 24*time.Hour - 4*time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now().Truncate(time.Second)
			clock := &fakeClock{start}
			src := issuing(func(n int) flows.Issued {
				return flows.Issued{AccessToken: mintIssued(t, "far", clock.t, clock.t.AddDate(10, 0, 0)), ExpiresIn: tc.expiresIn}
			})
			b := newBroker(t, src, clock)
			mustGet(t, b, entraReq)
			clock.t = start.Add(tc.stillThere)
			if res := mustGet(t, b, entraReq); !res.FromCache {
				t.Errorf("not served from the cache after %v", tc.stillThere)
			}
			clock.t = start.Add(tc.gone)
			if res := mustGet(t, b, entraReq); res.FromCache {
				t.Errorf("still served from the cache after %v, when the service promised %v", tc.gone, tc.expiresIn)
			}
		})
	}
}
