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
	Cache   *Cache           // nil: no caching
	Margin  time.Duration    // expiry margin; DefaultMargin when 0
	Now     func() time.Time // the clock; time.Now when nil
}

// Get returns a token for req: a cached one with more than Margin left,
// unless req.Fresh, else a new one from the source, which is then cached.
// A new token is returned even when it lives shorter than Margin (the user
// asked for it), but such a token is not cached. Cache trouble never fails
// Get: the cache is only a shortcut.
func (b *Broker) Get(ctx context.Context, req Request) (Result, error) {
	res := Result{Request: req}
	src, err := b.source(req)
	if err != nil {
		return res, err
	}
	key := src.CacheKey(req)
	now := b.now()
	if !req.Fresh && b.Cache != nil {
		if tok, ok := b.Cache.Get(key, now, b.margin()); ok {
			res.Token, res.FromCache = tok, true
			return res, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	issued, err := src.Fetch(ctx, req)
	if err != nil {
		return res, err
	}
	tok, err := Decode(issued.AccessToken)
	if err != nil {
		// DecodeError names the broken part, never the token text.
		return res, &ResponseError{Service: serviceName(src.Via()), Status: http.StatusOK, Reason: "the access token " + err.Error()}
	}
	if tok.ExpiresAt.IsZero() && issued.ExpiresIn > 0 {
		tok.ExpiresAt = now.Add(issued.ExpiresIn)
	}
	if b.Cache != nil && !tok.ExpiresAt.IsZero() && tok.TimeLeft(now) > b.margin() {
		_ = b.Cache.Put(key, tok) // best effort, see above
	}
	res.Token = tok
	return res, nil
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
	src, err := b.source(req)
	if err != nil || b.Cache == nil {
		return nil, false
	}
	now := b.now()
	tok, ok := b.Cache.Get(src.CacheKey(req), now, 0)
	if !ok || tok.TimeLeft(now) <= 0 {
		return nil, false
	}
	return tok, true
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

func (b *Broker) margin() time.Duration {
	if b.Margin == 0 {
		return DefaultMargin
	}
	return b.Margin
}

// serviceName is how errors name the service behind a source.
func serviceName(v Via) string {
	switch v {
	case ViaGenerator:
		return "azure-token-generator"
	case ViaTexas:
		return "Texas"
	case ViaEntra:
		return "Entra ID"
	}
	return string(v)
}
