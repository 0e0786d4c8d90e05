package flows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

const (
	// cacheLockWait bounds how long a cache call waits for another
	// entratoken holding the lock; after that we carry on without the cache.
	cacheLockWait  = 2 * time.Second
	cacheLockRetry = 10 * time.Millisecond
)

// CacheFile is one file of entratoken's cache directory with a lock file
// beside it: the token cache's tokens.json, the verifier's keys.json.
// Reads hold a shared lock, updates an exclusive one and replace the file
// whole, so goroutines and processes can share it. The file is written
// 0600 in a directory made 0700, and neither it nor its lock is used when
// it is a symbolic link or anything but a regular file: a link planted in
// the cache cannot make us read, chmod or lock a file elsewhere. Only
// what no one else could have written is read: a directory and a file of
// this user's that no one else may write; at most 1 MiB of it.
type CacheFile struct {
	// Dir is created 0700 by the first Update.
	Dir string
	// Name is the file's name, e.g. "keys.json"; its lock is the same
	// name with ".lock" for its extension.
	Name string
	// LockWait bounds the wait for another process holding the lock;
	// zero means 2 s.
	LockWait time.Duration
}

// Read returns the file's contents, or nil when there is no usable file:
// none yet, a busy lock, a link, a damaged or oversized file. A cache is
// a shortcut, so every such case reads as empty.
func (f CacheFile) Read() []byte {
	var b []byte
	if f.checkDir() != nil {
		return nil
	}
	if err := f.locked(false, func() error { b = f.read(); return nil }); err != nil {
		return nil
	}
	return b
}

// Update replaces the file with what fn makes of its current contents
// (nil when there is none), holding the lock from read to write. The
// file is replaced atomically: readers see the old one or the new one.
func (f CacheFile) Update(fn func(old []byte) ([]byte, error)) error {
	if f.Dir == "" {
		return errors.New("no directory set")
	}
	if err := os.MkdirAll(f.Dir, 0o700); err != nil {
		return err
	}
	if err := f.claimDir(); err != nil {
		return err
	}
	return f.locked(true, func() error {
		f.removeStaleTemps()
		b, err := fn(f.read())
		if err != nil {
			return err
		}
		return f.write(b)
	})
}

func (f CacheFile) path() string { return filepath.Join(f.Dir, f.Name) }

func (f CacheFile) lockPath() string {
	return filepath.Join(f.Dir, strings.TrimSuffix(f.Name, filepath.Ext(f.Name))+".lock")
}

// locked runs fn holding the lock: shared to read, exclusive to
// read-modify-write. It gives up after the lock wait so a stuck process
// cannot hang us.
func (f CacheFile) locked(exclusive bool, fn func() error) error {
	if f.Dir == "" {
		return errors.New("no directory set")
	}
	path := f.lockPath()
	if info, err := os.Lstat(path); err == nil && !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; remove it", path)
	}
	lk := flock.New(path)
	defer lk.Close()
	wait := f.LockWait
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
		return fmt.Errorf("%s is still locked after %s (another entratoken busy?); going on without the cache", path, wait)
	case err != nil:
		return fmt.Errorf("cannot lock: %w", err)
	}
	return fn()
}

// read loads the file, or nil. Only a regular file is read, never
// through a link, and only one of ours that no one else may write. A file
// of ours others may read is tightened to 0600 on the way; no one else's
// is ever changed.
func (f CacheFile) read() []byte {
	fh, err := OpenRegular(f.path(), true)
	if err != nil {
		return nil
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil || !ownedByMe(info) || othersMay(info, 0o022) {
		return nil
	}
	if othersMay(info, 0o044) {
		_ = fh.Chmod(0o600) // ours; best effort, the next Update writes a 0600 file anyway
	}
	b, err := ReadLimited(fh, f.Name)
	if err != nil {
		return nil
	}
	return b
}

// write replaces the file atomically; os.CreateTemp makes it 0600, and a
// rename replaces a link rather than following it.
func (f CacheFile) write(b []byte) error {
	tmp, err := os.CreateTemp(f.Dir, f.Name+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path())
}
