package flows_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestBrokerZeroMarginMeansNone(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, time.Hour)
	b := newBroker(t, src, clock)
	b.Margin = 0 // expiry_margin: 0 in the config
	mustGet(t, b, brokerReq)
	clock.t = clock.t.Add(time.Hour - time.Minute)
	if res := mustGet(t, b, brokerReq); !res.FromCache || src.calls.Load() != 1 {
		t.Errorf("with no margin a token with a minute left was not served from cache (calls %d)", src.calls.Load())
	}
}

// upstreamCache is a source that, like Texas, answers a normal request from
// its own cache (a token issued long ago with little left) and a Fresh one
// with a new token; fresh decides what a Fresh request gets.
type upstreamCache struct {
	clock *fakeClock
	left  time.Duration // what the cached token has left
	fresh func(n int) (flows.Issued, error)
	mu    sync.Mutex
	seen  []flows.Request
}

func (u *upstreamCache) source(t *testing.T) *brokerFake {
	return &brokerFake{via: flows.ViaTexas, issue: func(_ context.Context, req flows.Request, n int) (flows.Issued, error) {
		u.mu.Lock()
		u.seen = append(u.seen, req)
		u.mu.Unlock()
		if req.Fresh {
			return u.fresh(n)
		}
		exp := u.clock.t.Add(u.left)
		return flows.Issued{AccessToken: mintIssued(t, "upstream-cached", exp.Add(-time.Hour), exp), ExpiresIn: u.left}, nil
	}}
}

func TestBrokerRetriesFreshWhenUpstreamCacheIsUnderMargin(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	u := &upstreamCache{clock: clock, left: 283 * time.Second, fresh: func(int) (flows.Issued, error) {
		return flows.Issued{AccessToken: mintIssued(t, "new", clock.t, clock.t.Add(time.Hour)), ExpiresIn: time.Hour}, nil
	}}
	src := u.source(t)
	b := newBroker(t, src, clock)

	res := mustGet(t, b, brokerReq)
	if got := res.Token.Claim("marker"); got != "new" || res.FromCache {
		t.Fatalf("Get returned %q (FromCache %v), want the fresh token", got, res.FromCache)
	}
	if len(u.seen) != 2 || u.seen[0].Fresh || !u.seen[1].Fresh {
		t.Fatalf("source saw %+v, want a normal request then a Fresh one", u.seen)
	}
	if again := mustGet(t, b, brokerReq); !again.FromCache || again.Token.Claim("marker") != "new" || src.calls.Load() != 2 {
		t.Errorf("the fresh token was not cached: %q, calls %d", again.Token.Claim("marker"), src.calls.Load())
	}
}

func TestBrokerKeepsTheBetterTokenWhenTheRetryDoesNotHelp(t *testing.T) {
	for name, fresh := range map[string]func(clock *fakeClock, t *testing.T) func(int) (flows.Issued, error){
		"retry fails": func(*fakeClock, *testing.T) func(int) (flows.Issued, error) {
			return func(int) (flows.Issued, error) { return flows.Issued{}, errors.New("Texas is down") }
		},
		"retry is worse": func(clock *fakeClock, t *testing.T) func(int) (flows.Issued, error) {
			return func(int) (flows.Issued, error) {
				return flows.Issued{AccessToken: mintIssued(t, "worse", clock.t.Add(-time.Hour), clock.t.Add(time.Minute))}, nil
			}
		},
	} {
		t.Run(name, func(t *testing.T) {
			clock := &fakeClock{time.Now().Truncate(time.Second)}
			u := &upstreamCache{clock: clock, left: 4 * time.Minute, fresh: fresh(clock, t)}
			src := u.source(t)
			b := newBroker(t, src, clock)
			res := mustGet(t, b, brokerReq)
			if got := res.Token.Claim("marker"); got != "upstream-cached" || src.calls.Load() != 2 {
				t.Errorf("Get returned %q after %d calls, want the first token after 2", got, src.calls.Load())
			}
		})
	}
}

func TestBrokerDoesNotRetry(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	fresh := brokerReq
	fresh.Fresh = true
	for name, tc := range map[string]struct {
		src *brokerFake
		req flows.Request
	}{
		// A token that only ever lives 4 min: a fresh one would not do better.
		"short-lived token": {lifetimeSource(t, clock, 4*time.Minute), brokerReq},
		// The user already asked for a fresh token and got this one.
		"fresh request": {&brokerFake{via: flows.ViaTexas, issue: func(context.Context, flows.Request, int) (flows.Issued, error) {
			return flows.Issued{AccessToken: mintIssued(t, "old", clock.t.Add(-56*time.Minute), clock.t.Add(4*time.Minute))}, nil
		}}, fresh},
		// Without an expiry there is nothing to improve on.
		"no expiry": {&brokerFake{via: flows.ViaTexas, issue: func(context.Context, flows.Request, int) (flows.Issued, error) {
			return flows.Issued{AccessToken: mintJWT(t, map[string]any{"aud": "x"})}, nil
		}}, brokerReq},
	} {
		t.Run(name, func(t *testing.T) {
			b := newBroker(t, tc.src, clock)
			mustGet(t, b, tc.req)
			if n := tc.src.calls.Load(); n != 1 {
				t.Errorf("calls = %d, want 1", n)
			}
		})
	}
}
