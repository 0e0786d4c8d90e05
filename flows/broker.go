package flows

import (
	"context"
	"net/http"
	"time"
)

// DefaultMargin is how much life a cached token must have left to be
// handed out: enough for a request (or a pasted curl) to reach the API
// before the token runs out.
const DefaultMargin = 5 * time.Minute

// Broker is the one place the UI and the CLI get tokens from: it picks the
// source a request names and puts the cache in front of it, so callers
// never deal with cache keys or expiry.
type Broker struct {
	Sources map[Via]Source
	Cache   *Cache // nil: no caching
	// Margin is how much life a token must have left to be served from a
	// cache; zero means none (a token is good until it expires). Set it to
	// DefaultMargin unless the user configured another.
	Margin time.Duration
	Now    func() time.Time // the clock; time.Now when nil
}

// Get returns a token for req: a cached one with more than Margin left,
// unless req.Fresh, else a new one from the source, which is then cached.
//
// A service may answer from its own cache (Texas does, until shortly
// before expiry) with a token that has less than Margin left; then Get asks
// once more with Fresh and returns whichever token lives longer. A token
// whose whole lifetime is shorter than Margin is returned as it is (the
// user asked for it, and asking again would not help), but not cached. A
// token that has already expired is an *ExpiredTokenError; one whose
// expiry is unknown (no exp, no usable expires_in) is returned with a zero
// ExpiresAt and never cached. Cache trouble never fails Get: the cache is
// only a shortcut.
func (b *Broker) Get(ctx context.Context, req Request) (Result, error) {
	res := Result{Request: req}
	src, err := b.source(req)
	if err != nil {
		return res, err
	}
	key := src.CacheKey(req)
	now := b.now()
	if !req.Fresh && b.Cache != nil && key != "" {
		if tok, ok := b.Cache.Get(key, now, b.Margin); ok {
			res.Token, res.FromCache = tok, true
			return res, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	got, err := b.fetch(ctx, src, req, now)
	if err != nil {
		return res, err
	}
	if !req.Fresh && b.freshMayHelp(got.tok, now) {
		again := req
		again.Fresh = true
		if fresh, err := b.fetch(ctx, src, again, now); err == nil && fresh.tok.TimeLeft(now) > got.tok.TimeLeft(now) {
			got = fresh
		}
	}
	tok := got.tok
	if now = b.now(); !tok.ExpiresAt.IsZero() && !tok.ExpiresAt.After(now) {
		return res, &ExpiredTokenError{Service: serviceOf(src.Via()).name, ExpiredAt: tok.ExpiresAt}
	}
	if b.Cache != nil && key != "" && !tok.ExpiresAt.IsZero() && tok.TimeLeft(now) > b.Margin {
		// Kept no longer than the service promised, and a day at most: an
		// exp far beyond that poisons nothing.
		until := now.Add(MaxKeep)
		if !got.promised.IsZero() && got.promised.Before(until) {
			until = got.promised
		}
		_ = b.Cache.Put(key, tok, until) // best effort, see above
	}
	res.Token = tok
	return res, nil
}

// fetched is a decoded token and the expiry its service promised (zero
// when it did not say).
type fetched struct {
	tok      *Token
	promised time.Time
}

// fetch asks the source and decodes its answer; a token without exp gets
// its expiry from expires_in.
func (b *Broker) fetch(ctx context.Context, src Source, req Request, now time.Time) (fetched, error) {
	issued, err := src.Fetch(ctx, req)
	if err != nil {
		return fetched{}, err
	}
	tok, err := Decode(issued.AccessToken)
	if err != nil {
		// DecodeError names the broken part, never the token text.
		return fetched{}, &ResponseError{Service: serviceOf(src.Via()).name, Status: http.StatusOK, Reason: "the access token is " + err.Error()}
	}
	var promised time.Time
	if issued.ExpiresIn > 0 {
		promised = now.Add(issued.ExpiresIn)
	}
	if tok.ExpiresAt.IsZero() {
		tok.ExpiresAt = promised
	}
	return fetched{tok: tok, promised: promised}, nil
}

// freshMayHelp reports a token that has less than Margin left although a
// newly issued one would have more: it came from the service's own cache.
// Without iat/nbf the lifetime is unknown, and asking again is worth it.
func (b *Broker) freshMayHelp(tok *Token, now time.Time) bool {
	if tok.ExpiresAt.IsZero() || tok.TimeLeft(now) >= b.Margin {
		return false
	}
	life := tok.Lifetime()
	return life == 0 || life > b.Margin
}

// Describe says what Get is about to do, for a spinner line.
func (b *Broker) Describe(req Request) string {
	src, err := b.source(req)
	if err != nil {
		return "Getting a token"
	}
	return src.Describe(req)
}

// Cached peeks at the cache for a list row: a cached token that is still
// valid at all (not by Margin), without touching the network.
func (b *Broker) Cached(req Request) (*Token, bool) {
	tok := b.CachedAll([]Request{req})[0]
	return tok, tok != nil
}

// CachedAll is Cached for many requests with one read of the cache file;
// the result is aligned with reqs, nil where nothing is cached.
func (b *Broker) CachedAll(reqs []Request) []*Token {
	out := make([]*Token, len(reqs))
	if b.Cache == nil {
		return out
	}
	keys := make([]string, len(reqs))
	for i, req := range reqs {
		if src, err := b.source(req); err == nil {
			keys[i] = src.CacheKey(req)
		}
	}
	// A margin of one nanosecond: anything with time left at all.
	for i, tok := range b.Cache.GetAll(keys, b.now(), time.Nanosecond) {
		if keys[i] != "" {
			out[i] = tok
		}
	}
	return out
}

func (b *Broker) source(req Request) (Source, error) {
	src := b.Sources[req.Via]
	if src == nil {
		return nil, &ConfigError{Source: req.Via, Reason: "not set up: choose generator, texas or entra, and configure it"}
	}
	return src, nil
}

func (b *Broker) now() time.Time {
	if b.Now == nil {
		return time.Now()
	}
	return b.Now()
}
