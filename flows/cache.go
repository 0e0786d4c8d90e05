package flows

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The cache's files inside Cache.Dir (CacheFile names the lock after the
// file).
const (
	cacheFileName = "tokens.json"
	cacheLockName = "tokens.lock"
)

// Cache keeps tokens on disk so a second run (or a second terminal) does not
// ask a service again while the token is still good. It is safe for
// concurrent use by goroutines and by several processes: every access holds
// a file lock. The cache is best-effort: a busy lock or a damaged file makes
// it behave as empty, never fail the caller's real work. It trusts only
// what no one else could have written (see CacheFile).
type Cache struct {
	// Dir holds tokens.json and tokens.lock; created 0700 on first Put.
	Dir string
	// lockWait overrides cacheLockWait; zero means the default.
	lockWait time.Duration
}

// cacheEntry is one token on disk. Exp is how long it is kept: the earliest
// of its exp claim and the until its Put was given (the broker's: what the
// service promised, a day at most), so a token without an exp claim can be
// cached and one with an absurd exp poisons nothing.
type cacheEntry struct {
	Token string `json:"token"`
	Exp   int64  `json:"exp"` // Unix seconds
}

// cacheContents is the whole of tokens.json.
type cacheContents struct {
	Entries map[string]cacheEntry `json:"entries"`
}

// Get returns the token cached under key if it has at least margin left at
// now. Any trouble (no file, a busy lock, a damaged file) is a miss.
func (c *Cache) Get(key string, now time.Time, margin time.Duration) (*Token, bool) {
	tok := c.GetAll([]string{key}, now, margin)[0]
	return tok, tok != nil
}

// GetAll is Get for many keys with one read of the file, for the target
// list: the result is aligned with keys, nil where there is no token.
func (c *Cache) GetAll(keys []string, now time.Time, margin time.Duration) []*Token {
	out := make([]*Token, len(keys))
	entries := parseEntries(c.file().Read())
	for i, key := range keys {
		e, ok := entries[key]
		if !ok {
			continue
		}
		tok, err := Decode(e.Token)
		if err != nil {
			continue
		}
		keep := time.Unix(e.Exp, 0)
		if tok.ExpiresAt.IsZero() {
			tok.ExpiresAt = keep
		}
		if !tok.Expired(now, margin) && keep.Sub(now) >= margin {
			out[i] = tok
		}
	}
	return out
}

// Put stores tok under key, replacing what was there, and drops entries that
// have expired. tok must have an expiry (the exp claim, or one the caller
// set from expires_in). It is kept until that expiry or until, whichever
// comes first (a zero until: the expiry).
func (c *Cache) Put(key string, tok *Token, until time.Time) error {
	if tok == nil || tok.ExpiresAt.IsZero() {
		return errors.New("token cache: the token has no expiry time, so it is not cached")
	}
	if c.Dir == "" {
		return errors.New("token cache: no directory set")
	}
	keep := tok.ExpiresAt
	if !until.IsZero() && until.Before(keep) {
		keep = until
	}
	err := c.file().Update(func(old []byte) ([]byte, error) {
		entries := parseEntries(old)
		now := time.Now().Unix()
		for k, e := range entries {
			if e.Exp < now {
				delete(entries, k)
			}
		}
		entries[key] = cacheEntry{Token: tok.Raw, Exp: keep.Unix()}
		return json.Marshal(cacheContents{Entries: entries})
	})
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}

// file is tokens.json with its lock.
func (c *Cache) file() CacheFile {
	return CacheFile{Dir: c.Dir, Name: cacheFileName, LockWait: c.lockWait}
}

// parseEntries reads tokens.json; a missing or damaged file reads as empty
// and is rewritten whole by the next Put.
func parseEntries(b []byte) map[string]cacheEntry {
	var contents cacheContents
	if json.Unmarshal(b, &contents) != nil || contents.Entries == nil {
		return map[string]cacheEntry{}
	}
	return contents.Entries
}
