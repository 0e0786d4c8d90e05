package verify

import (
	"context"
	"encoding/json"
	"time"

	"github.com/entratoken/entratoken/flows"
)

const (
	// KeysLifetime is how long fetched keys are used before they are
	// fetched again. Entra ID publishes a new signing key weeks before it
	// signs with it, so a day-old copy nearly always has it; a token with
	// a kid the copy lacks makes us fetch again anyway (RefetchFloor).
	KeysLifetime = 24 * time.Hour
	// RefetchFloor is how old cached keys must be before a token with an
	// unknown kid makes us fetch them again, so a stream of forged kids
	// cannot hammer the issuer. Five minutes is what Microsoft's own
	// token libraries wait (Microsoft.IdentityModel's RefreshInterval).
	// Keys from a loopback URL (the sandbox, which gets new keys on every
	// start) have no floor.
	RefetchFloor = 5 * time.Minute
	// keysFileName is the key cache inside the cache directory, beside
	// the token cache's tokens.json.
	keysFileName = "keys.json"
)

// keysFile is the whole of keys.json: key sets by issuer and source.
type keysFile struct {
	Sets map[string]keySet `json:"sets"`
}

// keyCache keeps issuers' keys on disk between runs; a zero keyCache
// (no directory) keeps nothing. Like the token cache it is best-effort:
// any trouble reads as a miss and a failed write is dropped.
type keyCache struct{ file flows.CacheFile }

func cacheKey(iss, start string) string { return iss + "|" + start }

// get returns the cached keys of iss from s, if any parse.
func (c keyCache) get(iss string, s source) (keySet, bool) {
	if c.file.Dir == "" {
		return keySet{}, false
	}
	var f keysFile
	if json.Unmarshal(c.file.Read(), &f) != nil {
		return keySet{}, false
	}
	ks, ok := f.Sets[cacheKey(iss, s.start())]
	if !ok || ks.parse() != nil {
		return keySet{}, false
	}
	return ks, true
}

// put stores ks, dropping sets past their lifetime at now.
func (c keyCache) put(ks keySet, now time.Time) {
	if c.file.Dir == "" {
		return
	}
	_ = c.file.Update(func(old []byte) ([]byte, error) {
		var f keysFile
		if json.Unmarshal(old, &f) != nil || f.Sets == nil {
			f.Sets = map[string]keySet{}
		}
		for k, set := range f.Sets {
			if now.Sub(set.FetchedAt) >= KeysLifetime {
				delete(f.Sets, k)
			}
		}
		f.Sets[cacheKey(ks.Issuer, ks.Start)] = ks
		return json.Marshal(f)
	})
}

// keys returns iss's keys for a token signed with kid: cached ones while
// they are fresh and know kid (or are too new to fetch again), else
// fetched from the first source that answers for iss. fetched says the
// keys were fetched just now.
func (v *Verifier) keys(ctx context.Context, iss, kid string, now time.Time) (ks keySet, fetched bool, err error) {
	srcs := v.sources(iss)
	cache := v.cache()
	for _, s := range srcs {
		ks, ok := cache.get(iss, s)
		if !ok {
			continue
		}
		age := now.Sub(ks.FetchedAt)
		if age < 0 || age >= KeysLifetime {
			break // stale, or from a clock that was wrong: fetch
		}
		if len(ks.withKid(kid)) > 0 || (age < RefetchFloor && !loopbackURL(ks.URL)) {
			return ks, false, nil
		}
		break // an unknown kid: the issuer may have rotated its keys
	}
	for _, s := range srcs {
		if ks, err = v.fetch(ctx, iss, s, now); err == nil || !s.optional {
			break
		}
	}
	if err != nil {
		return keySet{}, false, err
	}
	cache.put(ks, now)
	return ks, true, nil
}
