package sandbox

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Texas's request bodies (nais/texas src/oauth/identity_provider.rs).
var (
	tokenRequest = schema{name: "TokenRequest", fields: []field{
		{"target", kString}, {"identity_provider", kProvider}, {"resource", kOptString},
		{"authorization_details", kOptAuthDetails}, {"skip_cache", kOptBool},
	}}
	exchangeRequest = schema{name: "TokenExchangeRequest", fields: []field{
		{"target", kString}, {"identity_provider", kProvider}, {"user_token", kString}, {"skip_cache", kOptBool},
	}}
	introspectRequest = schema{name: "IntrospectRequest", fields: []field{
		{"token", kString}, {"identity_provider", kProvider},
	}}
)

// axumBodyLimit is axum's default body limit (DefaultBodyLimit, 2 MB),
// which Texas keeps.
const axumBodyLimit = 2_097_152

// decodeTexas reads a request as Texas's JsonOrForm extractor does
// (src/handler.rs): the Content-Type decides, by prefix, between axum's
// Json and Form; anything else is "unsupported media type". The error is
// the error_description of Texas's 400 invalid_request.
func decodeTexas(r *http.Request, sc schema) (values, string) {
	ct, ok := visibleASCII(r.Header.Get("Content-Type"))
	switch {
	case ok && strings.HasPrefix(ct, "application/json"):
		if !axumJSONType(ct) {
			return nil, "Expected request with `Content-Type: application/json`"
		}
		body, fault := readLimited(r)
		if fault != "" {
			return nil, fault
		}
		v, e := sc.fromJSON(body)
		switch {
		case e == nil:
			return v, ""
		case e.data:
			return nil, "Failed to deserialize the JSON body into the target type: " + e.Error()
		}
		return nil, "Failed to parse the request body as JSON: " + e.Error()
	case ok && strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		body, fault := readLimited(r)
		if fault != "" {
			return nil, fault
		}
		v, e := sc.fromForm(body)
		if e != nil {
			return nil, "Failed to deserialize form body: " + e.Error()
		}
		return v, ""
	}
	return nil, fmt.Sprintf("unsupported media type: %s: expected one of `application/json`, `application/x-www-form-urlencoded`", ct)
}

// visibleASCII is http's HeaderValue::to_str: the value, if it has only
// visible ASCII and tabs.
func visibleASCII(v string) (string, bool) {
	for i := range len(v) {
		if c := v[i]; (c < 0x20 && c != '\t') || c >= 0x7f {
			return "", false
		}
	}
	return v, true
}

// axumJSONType is axum's json_content_type: application/json, or any
// application/…+json, parameters allowed.
func axumJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	typ, sub, _ := strings.Cut(mt, "/")
	return typ == "application" && (sub == "json" || strings.HasSuffix(sub, "+json"))
}

// readLimited buffers the body as axum does, up to its limit.
func readLimited(r *http.Request) ([]byte, string) {
	b, err := io.ReadAll(io.LimitReader(r.Body, axumBodyLimit+1))
	var tooBig *http.MaxBytesError
	if len(b) > axumBodyLimit || errors.As(err, &tooBig) {
		return nil, "Failed to buffer the request body: length limit exceeded"
	}
	if err != nil {
		return nil, "Failed to buffer the request body: " + err.Error()
	}
	return b, ""
}

// texasCacheLeeway is how long before expiry Texas drops a cached token;
// tokens with less left are dropped at half of it (src/cache.rs,
// CachedTokenResponse::ttl, EXPIRY_LEEWAY: 120 s in the newest source).
const texasCacheLeeway = 120 * time.Second

// texasCache is Texas's token cache (src/cache.rs, TokenCache): one entry
// per request (skip_cache aside), dropped ttl after it was made, and what
// it answers carries the time left, not the whole lifetime.
type texasCache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	raw       string
	expiresAt time.Time
	dropAt    time.Time
}

func newTexasCache() *texasCache { return &texasCache{entries: map[string]cacheEntry{}} }

// getOrInsert answers from the cache or fetches and caches (errors are not
// cached). now is asked again for the answer, as Texas reads the clock
// again: a fresh token from Entra comes back a second short of its
// expires_in on a running clock.
func (c *texasCache) getOrInsert(key string, skip bool, now func() time.Time, fetch func() (issued, error)) (issued, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if skip || !ok || !now().Before(e.dropAt) {
		delete(c.entries, key)
		ok = false
	}
	c.mu.Unlock()
	if !ok {
		it, err := fetch()
		if err != nil {
			return issued{}, err
		}
		at := now()
		e = cacheEntry{raw: it.raw, expiresAt: at.Add(time.Duration(it.expiresIn) * time.Second)}
		e.dropAt = at.Add(texasTTL(time.Duration(it.expiresIn) * time.Second))
		c.mu.Lock()
		for k, old := range c.entries {
			if !at.Before(old.dropAt) {
				delete(c.entries, k) // moka evicts expired entries too
			}
		}
		c.entries[key] = e
		c.mu.Unlock()
	}
	left := max(e.expiresAt.Sub(now()), 0)
	return issued{raw: e.raw, expiresIn: int64(left / time.Second)}, nil
}

// texasTTL is CachedTokenResponse::ttl.
func texasTTL(expiresIn time.Duration) time.Duration {
	if expiresIn > texasCacheLeeway {
		return expiresIn - texasCacheLeeway
	}
	return expiresIn / 2
}
