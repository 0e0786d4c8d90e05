package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gofrs/flock"
)

// maxLinks bounds how many symbolic links resolveLinks follows, as the
// kernel does, so a loop ends.
const maxLinks = 40

// resolveLinks follows a symlinked config file (dotfile managers do that)
// so saving replaces the file it points to, not the link; also when that
// file does not exist yet (a dangling link), which filepath.EvalSymlinks
// refuses.
func resolveLinks(path string) (string, error) {
	for range maxLinks {
		dest, err := os.Readlink(path)
		if err != nil {
			return path, nil // not a link (or not there): this is the file
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", fmt.Errorf("not saved: the config file is a chain of more than %d symbolic links (a loop?)", maxLinks)
}

// removeStaleTemps deletes the temporary files of saves that were killed
// half-way. It runs under the lock, so no save is under way.
func removeStaleTemps(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, p := range stale {
		_ = os.Remove(p)
	}
}

// tempPattern names a save's temporary file next to path.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".*.tmp" }

// lock takes the exclusive lock <path>.lock, creating the directory (0700)
// if needed, and waits at most timeout for another process to let go.
func lock(path string, timeout time.Duration) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the config directory: %w", err)
	}
	l := flock.New(path+".lock", flock.SetPermissions(0o600))
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 10*time.Millisecond)
	switch {
	case ok:
		return func() { _ = l.Unlock() }, nil
	case err == nil || errors.Is(err, context.DeadlineExceeded):
		return nil, fmt.Errorf("not saved: another entratoken kept %s.lock locked for %s while saving; try again", path, timeout)
	}
	return nil, fmt.Errorf("not saved: cannot lock %s.lock: %w", path, err)
}

// writeAtomic replaces path with data so that a reader, or a crash, sees
// the old file or the new one, never half of one. The file is 0600.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return fmt.Errorf("not saved: %w", err)
	}
	if err := writeSynced(tmp, data); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("not saved: writing %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("not saved: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("saved, but the directory could not be synced to disk: %w", err)
	}
	return nil
}

// writeSynced writes, flushes to disk and closes f.
func writeSynced(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// syncDir makes the rename itself durable. Windows cannot sync a directory
// (and its renames need no such help).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
