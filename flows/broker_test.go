package flows_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// brokerFake is a Source that mints a token per call; issue decides what
// each call answers.
type brokerFake struct {
	via   flows.Via
	calls atomic.Int32
	issue func(ctx context.Context, req flows.Request, n int) (flows.Issued, error)
}

func (f *brokerFake) Via() flows.Via { return f.via }

func (f *brokerFake) Describe(req flows.Request) string {
	return "Asking the fake for " + req.Target.String()
}

func (f *brokerFake) CacheKey(req flows.Request) string {
	return string(f.via) + "|" + string(req.Flow) + "|" + req.Target.String() + "|" + req.Session
}

func (f *brokerFake) Fetch(ctx context.Context, req flows.Request) (flows.Issued, error) {
	return f.issue(ctx, req, int(f.calls.Add(1)))
}

// fakeClock is a settable Broker.Now.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// lifetimeSource issues a token living d from clock's now, marked with the
// call number.
func lifetimeSource(t testing.TB, clock *fakeClock, d time.Duration) *brokerFake {
	return &brokerFake{via: flows.ViaTexas, issue: func(_ context.Context, req flows.Request, n int) (flows.Issued, error) {
		return flows.Issued{AccessToken: mintIssued(t, req.Target.App+"#"+string(rune('0'+n)), clock.t, clock.t.Add(d)), ExpiresIn: d}, nil
	}}
}

var brokerReq = flows.Request{Target: flows.Target{Cluster: "dev-gcp", Namespace: "team", App: "api"}, Flow: flows.M2M, Via: flows.ViaTexas}

func newBroker(t *testing.T, src *brokerFake, clock *fakeClock) *flows.Broker {
	return &flows.Broker{Sources: map[flows.Via]flows.Source{src.via: src}, Cache: &flows.Cache{Dir: t.TempDir()}, Now: clock.now, Margin: flows.DefaultMargin}
}

func mustGet(t *testing.T, b *flows.Broker, req flows.Request) flows.Result {
	t.Helper()
	res, err := b.Get(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Request != req || res.Token == nil {
		t.Fatalf("Result = %+v", res)
	}
	return res
}

func TestBrokerCacheHitMissFresh(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, time.Hour)
	b := newBroker(t, src, clock)

	first := mustGet(t, b, brokerReq)
	if first.FromCache || first.Token.Claim("marker") != "api#1" {
		t.Errorf("miss: FromCache %v, marker %q", first.FromCache, first.Token.Claim("marker"))
	}
	second := mustGet(t, b, brokerReq)
	if !second.FromCache || second.Token.Raw != first.Token.Raw || src.calls.Load() != 1 {
		t.Errorf("hit: FromCache %v, calls %d", second.FromCache, src.calls.Load())
	}
	fresh := brokerReq
	fresh.Fresh = true
	third := mustGet(t, b, fresh)
	if third.FromCache || third.Token.Claim("marker") != "api#2" {
		t.Errorf("fresh: FromCache %v, marker %q", third.FromCache, third.Token.Claim("marker"))
	}
	if got := mustGet(t, b, brokerReq); got.Token.Claim("marker") != "api#2" {
		t.Errorf("after fresh the cache holds %q, want the fresh token", got.Token.Claim("marker"))
	}
}

func TestBrokerMargin(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, time.Hour)
	b := newBroker(t, src, clock)
	mustGet(t, b, brokerReq)

	clock.t = clock.t.Add(time.Hour - flows.DefaultMargin - time.Second)
	if !mustGet(t, b, brokerReq).FromCache {
		t.Error("token with just over the margin left was not served from cache")
	}
	clock.t = clock.t.Add(2 * time.Second)
	if res := mustGet(t, b, brokerReq); res.FromCache || src.calls.Load() != 2 {
		t.Error("token with just under the margin left was served from cache")
	}

	b.Margin = 50 * time.Minute
	clock.t = clock.t.Add(11 * time.Minute) // the cached token (fetched just now) has 49 min left
	if mustGet(t, b, brokerReq).FromCache {
		t.Error("Margin is ignored")
	}
}

func TestBrokerShortLivedTokenNotCached(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, 4*time.Minute) // shorter than the 5 min margin
	b := newBroker(t, src, clock)
	for i := range 2 {
		if res := mustGet(t, b, brokerReq); res.FromCache {
			t.Errorf("call %d: a short-lived token came from cache", i)
		}
	}
	if src.calls.Load() != 2 {
		t.Errorf("calls = %d, want 2", src.calls.Load())
	}
}

func TestBrokerTokenWithoutExp(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	raw := mintJWT(t, map[string]any{"aud": "x"})
	src := &brokerFake{via: flows.ViaTexas, issue: func(context.Context, flows.Request, int) (flows.Issued, error) {
		return flows.Issued{AccessToken: raw, ExpiresIn: time.Hour}, nil
	}}
	b := newBroker(t, src, clock)
	res := mustGet(t, b, brokerReq)
	if !res.Token.ExpiresAt.Equal(clock.t.Add(time.Hour)) {
		t.Errorf("ExpiresAt = %v, want now + expires_in", res.Token.ExpiresAt)
	}
	if !mustGet(t, b, brokerReq).FromCache {
		t.Error("a token with expires_in only was not cached")
	}

	src.issue = func(context.Context, flows.Request, int) (flows.Issued, error) {
		return flows.Issued{AccessToken: raw}, nil
	}
	req := brokerReq
	req.Target.App = "noexp"
	for range 2 {
		if res := mustGet(t, b, req); res.FromCache || !res.Token.ExpiresAt.IsZero() {
			t.Error("a token with no expiry at all was cached or given one")
		}
	}
}

func TestBrokerDecodeFailure(t *testing.T) {
	services := map[flows.Via]string{flows.ViaGenerator: "azure-token-generator", flows.ViaTexas: "Texas", flows.ViaEntra: "Entra ID"}
	for via, service := range services {
		src := &brokerFake{via: via, issue: func(context.Context, flows.Request, int) (flows.Issued, error) {
			return flows.Issued{AccessToken: "s3cr3t-opaque-token", ExpiresIn: time.Hour}, nil
		}}
		b := newBroker(t, src, &fakeClock{time.Now()})
		req := brokerReq
		req.Via = via
		res, err := b.Get(context.Background(), req)
		var re *flows.ResponseError
		if !errors.As(err, &re) || res.Token != nil {
			t.Fatalf("%s: Get = %+v, %v; want a *ResponseError", via, res, err)
		}
		if re.Service != service || !strings.Contains(err.Error(), "not a JWT") || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error = %q", via, err)
		}
		if _, ok := b.Cached(req); ok {
			t.Errorf("%s: an undecodable token was cached", via)
		}
	}
}

func TestBrokerKeysAreIsolated(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, time.Hour)
	b := newBroker(t, src, clock)
	other := brokerReq
	other.Target.App = "other"
	withSession := brokerReq
	withSession.Session = "session-2"
	for _, req := range []flows.Request{brokerReq, other, withSession} {
		if mustGet(t, b, req).FromCache {
			t.Errorf("%+v hit another request's token", req)
		}
	}
	if got := mustGet(t, b, other).Token.Claim("marker"); got != "other#2" {
		t.Errorf("other target got %q", got)
	}
	if got := mustGet(t, b, brokerReq).Token.Claim("marker"); got != "api#1" {
		t.Errorf("first target got %q", got)
	}
}

func TestBrokerContextCancel(t *testing.T) {
	started := make(chan struct{})
	src := &brokerFake{via: flows.ViaTexas, issue: func(ctx context.Context, _ flows.Request, _ int) (flows.Issued, error) {
		close(started)
		<-ctx.Done()
		return flows.Issued{}, ctx.Err()
	}}
	b := &flows.Broker{Sources: map[flows.Via]flows.Source{flows.ViaTexas: src}}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	if _, err := b.Get(ctx, brokerReq); !errors.Is(err, context.Canceled) {
		t.Errorf("Get = %v, want context.Canceled", err)
	}

	calls := src.calls.Load()
	if _, err := b.Get(ctx, brokerReq); !errors.Is(err, context.Canceled) || src.calls.Load() != calls {
		t.Errorf("an already cancelled Get = %v, calls %d → %d", err, calls, src.calls.Load())
	}
}

func TestBrokerFetchErrorPassesThrough(t *testing.T) {
	oauth := &flows.OAuthError{Service: "Texas", Status: 400, AADSTS: 501051}
	src := &brokerFake{via: flows.ViaTexas, issue: func(context.Context, flows.Request, int) (flows.Issued, error) { return flows.Issued{}, oauth }}
	b := newBroker(t, src, &fakeClock{time.Now()})
	if _, err := b.Get(context.Background(), brokerReq); err != oauth {
		t.Errorf("Get = %v, want the source's error as-is", err)
	}
}

func TestBrokerMissingSource(t *testing.T) {
	b := &flows.Broker{Sources: map[flows.Via]flows.Source{flows.ViaTexas: lifetimeSource(t, &fakeClock{time.Now()}, time.Hour)}}
	req := brokerReq
	req.Via = flows.ViaEntra
	_, err := b.Get(context.Background(), req)
	var ce *flows.ConfigError
	if !errors.As(err, &ce) || ce.Source != flows.ViaEntra {
		t.Errorf("Get = %v, want a ConfigError for entra", err)
	}
	if got := b.Describe(req); got != "Getting a token" {
		t.Errorf("Describe = %q", got)
	}
	if got := b.Describe(brokerReq); got != "Asking the fake for dev-gcp:team:api" {
		t.Errorf("Describe = %q", got)
	}
	if _, ok := b.Cached(req); ok {
		t.Error("Cached hit for a missing source")
	}
}

func TestBrokerWithoutCache(t *testing.T) {
	clock := &fakeClock{time.Now()}
	src := lifetimeSource(t, clock, time.Hour)
	b := &flows.Broker{Sources: map[flows.Via]flows.Source{flows.ViaTexas: src}, Now: clock.now}
	mustGet(t, b, brokerReq)
	if mustGet(t, b, brokerReq).FromCache || src.calls.Load() != 2 {
		t.Error("a broker without a cache served from cache")
	}
	if _, ok := b.Cached(brokerReq); ok {
		t.Error("Cached hit without a cache")
	}
}

func TestBrokerCached(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	src := lifetimeSource(t, clock, time.Hour)
	b := newBroker(t, src, clock)
	if _, ok := b.Cached(brokerReq); ok {
		t.Error("Cached hit before any Get")
	}
	first := mustGet(t, b, brokerReq)
	clock.t = first.Token.ExpiresAt.Add(-time.Minute) // inside the margin, still valid
	if tok, ok := b.Cached(brokerReq); !ok || tok.Raw != first.Token.Raw {
		t.Error("Cached missed a token with a minute left")
	}
	clock.t = first.Token.ExpiresAt
	if _, ok := b.Cached(brokerReq); ok {
		t.Error("Cached returned a token with no time left")
	}
	if src.calls.Load() != 1 {
		t.Errorf("Cached fetched: calls = %d", src.calls.Load())
	}
}

func TestBrokerCachedAllIsAlignedWithTheRequests(t *testing.T) {
	clock := &fakeClock{time.Now().Truncate(time.Second)}
	b := newBroker(t, lifetimeSource(t, clock, time.Hour), clock)
	first := mustGet(t, b, brokerReq)
	other := brokerReq
	other.Target.App = "other"
	noSource := brokerReq
	noSource.Via = "carrier-pigeon"
	got := b.CachedAll([]flows.Request{other, brokerReq, noSource})
	if len(got) != 3 || got[0] != nil || got[2] != nil || got[1] == nil || got[1].Raw != first.Token.Raw {
		t.Errorf("CachedAll = %v, want [nil, the cached token, nil]", got)
	}
}
