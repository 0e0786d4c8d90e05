package flows

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkDir says why the cache's folder is not to be trusted: it must be a
// folder of this user's that no one else may write.
func (f CacheFile) checkDir() error {
	info, err := os.Stat(f.Dir)
	switch {
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s is not a folder", f.Dir)
	case !ownedByMe(info):
		return fmt.Errorf("%s belongs to another user; nothing is kept or read there", f.Dir)
	case othersMay(info, 0o022):
		return fmt.Errorf("others may write to %s (mode %v); nothing is kept or read there", f.Dir, info.Mode().Perm())
	}
	return nil
}

// claimDir makes the cache's folder one checkDir trusts, if it is this
// user's: a folder of ours that others may write is tightened to 0700.
// Someone else's folder stays as it is, and unused.
func (f CacheFile) claimDir() error {
	info, err := os.Stat(f.Dir)
	if err == nil && info.IsDir() && ownedByMe(info) && othersMay(info, 0o077) {
		if err := os.Chmod(f.Dir, 0o700); err != nil {
			return err
		}
	}
	return f.checkDir()
}

// removeStaleTemps deletes what a write killed half-way left behind; it
// runs under the exclusive lock, so no write of ours is under way.
func (f CacheFile) removeStaleTemps() {
	stale, _ := filepath.Glob(filepath.Join(f.Dir, f.Name+".*.tmp"))
	for _, p := range stale {
		_ = os.Remove(p)
	}
}
