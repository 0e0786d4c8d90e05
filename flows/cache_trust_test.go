//go:build unix

package flows_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// cacheWithToken is a cache folder holding one good token under "k".
func cacheWithToken(t *testing.T) (*flows.Cache, string) {
	t.Helper()
	c := &flows.Cache{Dir: filepath.Join(t.TempDir(), "entratoken")}
	putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
	return c, filepath.Join(c.Dir, "tokens.json")
}

func served(c *flows.Cache) bool {
	_, ok := c.Get("k", time.Now(), 0)
	return ok
}

func TestCacheServesNothingOthersMayWrite(t *testing.T) {
	t.Run("file", func(t *testing.T) {
		c, file := cacheWithToken(t)
		if err := os.Chmod(file, 0o666); err != nil {
			t.Fatal(err)
		}
		if served(c) {
			t.Error("served from a file others may write")
		}
		if info, _ := os.Stat(file); info.Mode().Perm() != 0o666 {
			t.Errorf("mode changed to %v by a read", info.Mode().Perm())
		}
	})
	t.Run("folder", func(t *testing.T) {
		c, _ := cacheWithToken(t)
		if err := os.Chmod(c.Dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if served(c) {
			t.Error("served from a folder others may write")
		}
		putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
		if info, _ := os.Stat(c.Dir); info.Mode().Perm() != 0o700 {
			t.Errorf("our own folder stays %v after a Put, want 0700", info.Mode().Perm())
		}
		if !served(c) {
			t.Error("not served once the folder is ours alone again")
		}
	})
}

// Another user's file or folder is neither used nor changed. Making one
// needs root (chown); as any other user the test cannot run.
func TestCacheLeavesOtherUsersFilesAlone(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("chown to another user needs root")
	}
	const nobody = 65534
	t.Run("file", func(t *testing.T) {
		c, file := cacheWithToken(t)
		if err := os.Chmod(file, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(file, nobody, nobody); err != nil {
			t.Fatal(err)
		}
		if served(c) {
			t.Error("served another user's file")
		}
		info, _ := os.Stat(file)
		if info.Mode().Perm() != 0o644 || info.Sys().(*syscall.Stat_t).Uid != nobody {
			t.Errorf("another user's file changed: %v uid %d", info.Mode().Perm(), info.Sys().(*syscall.Stat_t).Uid)
		}
	})
	t.Run("folder", func(t *testing.T) {
		c, file := cacheWithToken(t)
		if err := os.Chown(c.Dir, nobody, nobody); err != nil {
			t.Fatal(err)
		}
		if served(c) {
			t.Error("served from another user's folder")
		}
		before, _ := os.ReadFile(file)
		if err := c.Put("k3", mustDecode(t, mintExpiring(t, "c", time.Now().Add(time.Hour))), time.Time{}); err == nil {
			t.Error("Put wrote into another user's folder")
		}
		if after, _ := os.ReadFile(file); string(after) != string(before) {
			t.Error("the file in another user's folder changed")
		}
		if info, _ := os.Stat(c.Dir); info.Mode().Perm() != 0o700 {
			t.Errorf("another user's folder changed mode to %v", info.Mode().Perm())
		}
	})
}

func TestCacheRefusesAFIFOAtOnce(t *testing.T) {
	c := &flows.Cache{Dir: t.TempDir()}
	if err := syscall.Mkfifo(filepath.Join(c.Dir, "tokens.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	within(t, 2*time.Second, func() {
		if served(c) {
			t.Error("served from a FIFO")
		}
		putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
	})
	if !served(c) {
		t.Error("the FIFO was not replaced by a file")
	}
}

func TestCachePutRemovesStaleTemporaryFiles(t *testing.T) {
	c, _ := cacheWithToken(t)
	stale := filepath.Join(c.Dir, "tokens.json.123456.tmp")
	if err := os.WriteFile(stale, []byte("half a cache"), 0o600); err != nil {
		t.Fatal(err)
	}
	putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there (%v)", err)
	}
}

func TestCacheReadsAtMostOneMiB(t *testing.T) {
	c, file := cacheWithToken(t)
	b, _ := os.ReadFile(file)
	padded := append(b[:len(b)-1], make([]byte, flows.MaxLocalFile)...)
	for i := len(b) - 1; i < len(padded); i++ {
		padded[i] = ' '
	}
	if err := os.WriteFile(file, append(padded, '}'), 0o600); err != nil {
		t.Fatal(err)
	}
	if served(c) {
		t.Error("read a cache file over 1 MiB")
	}
}
