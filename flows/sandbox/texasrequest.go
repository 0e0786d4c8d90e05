package sandbox

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"sync"
	"time"
)

// texasRequest is every field Texas's three endpoints take.
type texasRequest struct {
	IdentityProvider string `json:"identity_provider"`
	Target           string `json:"target"`
	UserToken        string `json:"user_token"`
	Token            string `json:"token"`
	SkipCache        *bool  `json:"skip_cache"`
}

func (t texasRequest) skipCache() bool { return t.SkipCache != nil && *t.SkipCache }

// decodeTexas reads a JSON or form body and checks the required fields; on
// failure it has answered 400 invalid_request and ok is false.
func (s *Sandbox) decodeTexas(w http.ResponseWriter, r *http.Request, required ...string) (req texasRequest, ok bool) {
	ct := r.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	var fault string
	switch mt {
	case "application/json":
		fault = decodeTexasJSON(r, &req)
	case "application/x-www-form-urlencoded":
		fault = decodeTexasForm(r, &req)
	default:
		fault = fmt.Sprintf("unsupported media type: %s: expected one of `application/json`, `application/x-www-form-urlencoded`", ct)
	}
	if fault == "" {
		fault = checkTexasFields(req, required)
	}
	if fault != "" {
		writeTexasError(w, fault)
		return req, false
	}
	return req, true
}

// The decoders return what was wrong, in Texas's words, or "".

func decodeTexasJSON(r *http.Request, req *texasRequest) string {
	if err := json.NewDecoder(r.Body).Decode(req); err != nil {
		return "Failed to deserialize the JSON body into the target type: " + err.Error()
	}
	return ""
}

func decodeTexasForm(r *http.Request, req *texasRequest) string {
	if err := r.ParseForm(); err != nil {
		return "Failed to deserialize form body: " + err.Error()
	}
	f := r.PostForm
	req.IdentityProvider, req.Target = f.Get("identity_provider"), f.Get("target")
	req.UserToken, req.Token = f.Get("user_token"), f.Get("token")
	if v, ok := f["skip_cache"]; ok {
		if v[0] != "true" && v[0] != "false" {
			return "Failed to deserialize form body: skip_cache: provided string was not `true` or `false`"
		}
		skip := v[0] == "true"
		req.SkipCache = &skip
	}
	return ""
}

// checkTexasFields reports the first missing field, then the identity
// provider: Entra ID under either name; Texas's other providers are not
// enabled beside the sandbox app.
func checkTexasFields(req texasRequest, required []string) string {
	values := map[string]string{
		"identity_provider": req.IdentityProvider, "target": req.Target,
		"user_token": req.UserToken, "token": req.Token,
	}
	for _, name := range required {
		if values[name] == "" {
			return fmt.Sprintf("Failed to deserialize the request body: missing field `%s`", name)
		}
	}
	switch req.IdentityProvider {
	case "azuread", "entra_id":
		return ""
	case "maskinporten", "tokenx", "idporten":
		return fmt.Sprintf("identity provider '%s' is not enabled", req.IdentityProvider)
	}
	return fmt.Sprintf("Failed to deserialize the request body: identity_provider: unknown variant `%s`, expected one of `azuread`, `entra_id`, `idporten`, `maskinporten`, `tokenx`", req.IdentityProvider)
}

// texasLeeway is how long before expiry Texas drops a cached token; shorter
// tokens are dropped at half their remaining time.
const texasLeeway = 60 * time.Second

// texasCache is Texas's token cache: per request (skip_cache aside), and
// what it returns carries the time left, not the full lifetime.
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

// get returns a cached token and its whole seconds left.
func (c *texasCache) get(key string, now time.Time) (string, int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.dropAt) {
		return "", 0, false
	}
	return e.raw, int64(e.expiresAt.Sub(now) / time.Second), true
}

func (c *texasCache) put(key string, it issued, now time.Time) {
	ttl := it.lifetime / 2
	if it.lifetime > texasLeeway {
		ttl = it.lifetime - texasLeeway
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if !now.Before(e.dropAt) {
			delete(c.entries, k)
		}
	}
	c.entries[key] = cacheEntry{raw: it.raw, expiresAt: now.Add(it.lifetime), dropAt: now.Add(ttl)}
}
