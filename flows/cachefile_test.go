package flows_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestCacheFileRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	f := flows.CacheFile{Dir: dir, Name: "keys.json"}
	if b := f.Read(); b != nil {
		t.Fatalf("Read before any Update = %q", b)
	}
	for _, want := range []string{`{"n":1}`, `{"n":2}`} {
		err := f.Update(func(old []byte) ([]byte, error) { return []byte(want), nil })
		if err != nil {
			t.Fatal(err)
		}
		if got := string(f.Read()); got != want {
			t.Errorf("Read = %q, want %q", got, want)
		}
	}
	for name, perm := range map[string]os.FileMode{"": 0o700, "keys.json": 0o600, "keys.lock": 0o600} {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm()&^perm != 0 {
			t.Errorf("%q is %v, want at most %v", name, info.Mode().Perm(), perm)
		}
	}
}

// A link planted where the file or its lock should be is never followed:
// not read, not chmodded, not written through, not locked.
func TestCacheFileNeverFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(elsewhere, []byte(`{"entries":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "tokens.json")); err != nil {
		t.Fatal(err)
	}
	f := flows.CacheFile{Dir: dir, Name: "tokens.json"}
	if b := f.Read(); b != nil {
		t.Errorf("Read followed the link: %q", b)
	}
	if err := f.Update(func([]byte) ([]byte, error) { return []byte("new"), nil }); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(elsewhere)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(elsewhere)
	if string(b) != `{"entries":{}}` || info.Mode().Perm() != 0o644 {
		t.Errorf("the link's target was changed: %q, %v", b, info.Mode().Perm())
	}
	if got := string(f.Read()); got != "new" {
		t.Errorf("Read after Update = %q; the link should have been replaced by the file", got)
	}

	lockDir := t.TempDir()
	if err := os.Symlink(elsewhere, filepath.Join(lockDir, "keys.lock")); err != nil {
		t.Fatal(err)
	}
	err = flows.CacheFile{Dir: lockDir, Name: "keys.json"}.Update(func([]byte) ([]byte, error) { return []byte("x"), nil })
	if err == nil || !strings.Contains(err.Error(), "keys.lock is not a regular file") {
		t.Errorf("Update with a linked lock = %v", err)
	}
}

// The token cache reads through CacheFile, so a linked tokens.json is a
// miss, not someone else's file.
func TestCacheIgnoresLinkedFile(t *testing.T) {
	src := t.TempDir()
	c := &flows.Cache{Dir: src}
	raw := mintExpiring(t, "a", time.Now().Add(time.Hour))
	if err := c.Put("k", mustDecode(t, raw), time.Time{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Symlink(filepath.Join(src, "tokens.json"), filepath.Join(dir, "tokens.json")); err != nil {
		t.Fatal(err)
	}
	if _, ok := (&flows.Cache{Dir: dir}).Get("k", time.Now(), 0); ok {
		t.Error("Get read a token through a link")
	}
}
