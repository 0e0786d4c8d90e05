package flows

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkDir says why the cache's folder is not to be trusted: it must be a
// folder of this user's that no one else may write.
func (c *Cache) checkDir() error {
	info, err := os.Stat(c.Dir)
	switch {
	case err != nil:
		return fmt.Errorf("token cache: %w", err)
	case !info.IsDir():
		return fmt.Errorf("token cache: %s is not a folder", c.Dir)
	case !ownedByMe(info):
		return fmt.Errorf("token cache: %s belongs to another user; no token is kept or served there", c.Dir)
	case othersMay(info, 0o022):
		return fmt.Errorf("token cache: others may write to %s (mode %v); no token is kept or served there", c.Dir, info.Mode().Perm())
	}
	return nil
}

// claimDir makes the cache's folder one checkDir trusts, if it is this
// user's: a folder of ours that others may write is tightened to 0700.
// Someone else's folder stays as it is, and unused.
func (c *Cache) claimDir() error {
	info, err := os.Stat(c.Dir)
	if err == nil && info.IsDir() && ownedByMe(info) && othersMay(info, 0o077) {
		if err := os.Chmod(c.Dir, 0o700); err != nil {
			return fmt.Errorf("token cache: %w", err)
		}
	}
	return c.checkDir()
}

// removeStaleTemps deletes what a write killed half-way left behind; it
// runs under the exclusive lock, so no write of ours is under way.
func (c *Cache) removeStaleTemps() {
	stale, _ := filepath.Glob(filepath.Join(c.Dir, cacheFileName+".*.tmp"))
	for _, p := range stale {
		_ = os.Remove(p)
	}
}
