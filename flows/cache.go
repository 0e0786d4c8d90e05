package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// The cache's files inside Cache.Dir.
const (
	cacheFileName = "tokens.json"
	cacheLockName = "tokens.lock"
)

const (
	// cacheLockWait bounds how long a cache call waits for another
	// entratoken holding the lock; after that we carry on without the cache.
	cacheLockWait  = 2 * time.Second
	cacheLockRetry = 10 * time.Millisecond
)

// Cache keeps tokens on disk so a second run (or a second terminal) does not
// ask a service again while the token is still good. It is safe for
// concurrent use by goroutines and by several processes: every access holds
// a file lock. The cache is best-effort: a busy lock or a damaged file makes
// it behave as empty, never fail the caller's real work.
//
// It trusts only what no one else could have written: a folder and a file
// owned by this user that no one else may write, and never a symbolic
// link; anything else reads as empty.
type Cache struct {
	// Dir holds tokens.json and tokens.lock; created 0700 on first Put.
	Dir string
	// lockWait overrides cacheLockWait; zero means the default.
	lockWait time.Duration
}

// cacheEntry is one token on disk. Exp is how long it is kept: the earliest
// of its exp claim, the expiry its service promised and a day (MaxKeep),
// so a token without an exp claim can be cached and one with an absurd exp
// poisons nothing.
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
	var entries map[string]cacheEntry
	if c.checkDir() != nil {
		return out
	}
	if err := c.locked(false, func() error { entries = c.read(); return nil }); err != nil {
		return out
	}
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
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := c.claimDir(); err != nil {
		return err
	}
	keep := tok.ExpiresAt
	if !until.IsZero() && until.Before(keep) {
		keep = until
	}
	return c.locked(true, func() error {
		c.removeStaleTemps()
		entries := c.read()
		now := time.Now().Unix()
		for k, e := range entries {
			if e.Exp < now {
				delete(entries, k)
			}
		}
		entries[key] = cacheEntry{Token: tok.Raw, Exp: keep.Unix()}
		return c.write(entries)
	})
}

// locked runs fn holding the cache lock: shared to read, exclusive to
// read-modify-write. It gives up after the lock wait so a stuck process
// cannot hang us.
func (c *Cache) locked(exclusive bool, fn func() error) error {
	if c.Dir == "" {
		return errors.New("token cache: no directory set")
	}
	path := filepath.Join(c.Dir, cacheLockName)
	lk := flock.New(path)
	defer lk.Close()
	wait := c.lockWait
	if wait == 0 {
		wait = cacheLockWait
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	try := lk.TryRLockContext
	if exclusive {
		try = lk.TryLockContext
	}
	ok, err := try(ctx, cacheLockRetry)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (err == nil && !ok):
		return fmt.Errorf("token cache: %s is still locked after %s (another entratoken busy?); going on without the cache", path, wait)
	case err != nil:
		return fmt.Errorf("token cache: cannot lock: %w", err)
	}
	return fn()
}

// read loads the entries; a missing, unreadable, damaged or untrusted file
// (a link, another user's, one others may write) reads as empty and is
// replaced whole by the next Put. A file of ours that others may read is
// tightened to 0600 on the way.
func (c *Cache) read() map[string]cacheEntry {
	empty := map[string]cacheEntry{}
	f, err := OpenRegular(filepath.Join(c.Dir, cacheFileName), true)
	if err != nil {
		return empty
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !ownedByMe(info) || othersMay(info, 0o022) {
		return empty
	}
	if othersMay(info, 0o044) {
		_ = f.Chmod(0o600) // ours; best effort, the next Put writes a 0600 file anyway
	}
	b, err := ReadLimited(f, cacheFileName)
	if err != nil {
		return empty
	}
	var contents cacheContents
	if json.Unmarshal(b, &contents) != nil || contents.Entries == nil {
		return empty
	}
	return contents.Entries
}

// write replaces tokens.json atomically: readers see the old file or the
// new one, never half of one. os.CreateTemp makes the file 0600.
func (c *Cache) write(entries map[string]cacheEntry) error {
	b, err := json.Marshal(cacheContents{Entries: entries})
	if err != nil {
		return fmt.Errorf("token cache: encode: %w", err)
	}
	tmp, err := os.CreateTemp(c.Dir, cacheFileName+".*.tmp")
	if err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("token cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(c.Dir, cacheFileName)); err != nil {
		return fmt.Errorf("token cache: %w", err)
	}
	return nil
}
