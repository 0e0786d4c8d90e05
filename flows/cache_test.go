package flows_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestDefaultCacheDir(t *testing.T) {
	cases := []struct {
		name, xdg, home, want, errMention string
	}{
		{"XDG set", "/xdg/cache", "/home/kari", "/xdg/cache/entratoken", ""},
		{"HOME only", "", "/home/kari", "/home/kari/.cache/entratoken", ""},
		{"XDG relative is ignored", "rel/cache", "/home/kari", "/home/kari/.cache/entratoken", ""},
		{"nothing set", "", "", "", "neither $XDG_CACHE_HOME nor $HOME is set"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"XDG_CACHE_HOME": c.xdg, "HOME": c.home}
			got, err := flows.DefaultCacheDir(func(k string) string { return env[k] })
			if c.errMention != "" {
				if err == nil || !strings.Contains(err.Error(), c.errMention) {
					t.Fatalf("err = %v, want one saying %q", err, c.errMention)
				}
				return
			}
			if err != nil || got != c.want {
				t.Errorf("DefaultCacheDir = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// putToken decodes raw and stores it, failing the test on any error.
func putToken(t testing.TB, c *flows.Cache, key, raw string) *flows.Token {
	t.Helper()
	tok := mustDecode(t, raw)
	if err := c.Put(key, tok, time.Time{}); err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestCacheMargin(t *testing.T) {
	c := &flows.Cache{Dir: t.TempDir()}
	now := time.Now().Truncate(time.Second)
	raw := mintExpiring(t, "a", now.Add(10*time.Minute))
	putToken(t, c, "k", raw)

	if tok, ok := c.Get("k", now, 10*time.Minute-time.Second); !ok || tok.Raw != raw {
		t.Errorf("just over the margin: got %v, %v; want a hit", tok, ok)
	}
	if tok, ok := c.Get("k", now, 10*time.Minute+time.Second); ok {
		t.Errorf("just under the margin: got %v, want a miss", tok)
	}
	if _, ok := c.Get("k", now.Add(11*time.Minute), 0); ok {
		t.Error("an expired token was returned")
	}
	if _, ok := c.Get("other", now, 0); ok {
		t.Error("an unknown key hit")
	}
}

func TestCacheTokenWithoutExpClaim(t *testing.T) {
	c := &flows.Cache{Dir: t.TempDir()}
	now := time.Now().Truncate(time.Second)
	tok, err := flows.Decode(mintJWT(t, map[string]any{"aud": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put("k", tok, time.Time{}); err == nil || !strings.Contains(err.Error(), "no expiry") {
		t.Errorf("Put without expiry = %v, want an error", err)
	}
	tok.ExpiresAt = now.Add(time.Hour) // as the broker does from expires_in
	if err := c.Put("k", tok, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Get("k", now, time.Minute)
	if !ok || !got.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("Get = %v, %v; want the stored expiry", got, ok)
	}
}

func TestCacheFileModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "entratoken")
	c := &flows.Cache{Dir: dir}
	putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
	for path, want := range map[string]os.FileMode{
		dir:                               0o700 | os.ModeDir,
		filepath.Join(dir, "tokens.json"): 0o600,
		filepath.Join(dir, "tokens.lock"): 0o600,
	} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want {
			t.Errorf("%s mode = %v, want %v", path, info.Mode(), want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("dir holds %d files, want tokens.json and tokens.lock only (temp file left?)", len(entries))
	}
}

func TestCacheTightensWideFile(t *testing.T) {
	dir := t.TempDir()
	c := &flows.Cache{Dir: dir}
	putToken(t, c, "k", mintExpiring(t, "a", time.Now().Add(time.Hour)))
	file := filepath.Join(dir, "tokens.json")
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get("k", time.Now(), 0); !ok {
		t.Fatal("miss after chmod")
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Errorf("mode after Get = %v, want 0600", info.Mode().Perm())
	}
}

func TestCacheCorruptFileIgnored(t *testing.T) {
	for name, content := range map[string]string{
		"not JSON":       "{\"entries\": {\"k\": {\"tok",
		"empty":          "",
		"wrong types":    `{"entries": 5}`,
		"null entries":   `{"entries": null}`,
		"binary garbage": "\x00\xff\xfe",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "tokens.json")
			if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			c := &flows.Cache{Dir: dir}
			if _, ok := c.Get("k", time.Now(), 0); ok {
				t.Fatal("a corrupt file gave a hit")
			}
			raw := mintExpiring(t, "a", time.Now().Add(time.Hour))
			putToken(t, c, "k", raw)
			if tok, ok := c.Get("k", time.Now(), 0); !ok || tok.Raw != raw {
				t.Fatal("the file was not rewritten by Put")
			}
			var contents map[string]any
			b, _ := os.ReadFile(file)
			if err := json.Unmarshal(b, &contents); err != nil {
				t.Errorf("rewritten file is not JSON: %v", err)
			}
		})
	}
}

func TestCacheEntryNotAToken(t *testing.T) {
	dir := t.TempDir()
	exp := time.Now().Add(time.Hour).Unix()
	body := `{"entries":{"k":{"token":"not-a-jwt","exp":` + jsonNumber(exp) + `}}}`
	if err := os.WriteFile(filepath.Join(dir, "tokens.json"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := (&flows.Cache{Dir: dir}).Get("k", time.Now(), 0); ok {
		t.Error("an entry that is not a JWT gave a hit")
	}
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestCachePutPrunesExpired(t *testing.T) {
	dir := t.TempDir()
	c := &flows.Cache{Dir: dir}
	now := time.Now()
	putToken(t, c, "old", mintExpiring(t, "old", now.Add(-time.Minute)))
	putToken(t, c, "live", mintExpiring(t, "live", now.Add(time.Hour)))
	putToken(t, c, "new", mintExpiring(t, "new", now.Add(time.Hour)))
	var contents struct {
		Entries map[string]json.RawMessage `json:"entries"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "tokens.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &contents); err != nil {
		t.Fatal(err)
	}
	if _, ok := contents.Entries["old"]; ok || len(contents.Entries) != 2 {
		t.Errorf("entries after prune: %v", keysOf(contents.Entries))
	}
}

func keysOf[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestCacheMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	if _, ok := (&flows.Cache{Dir: dir}).Get("k", time.Now(), 0); ok {
		t.Error("hit from a missing directory")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("Get created the cache directory")
	}
}

func TestCacheWithoutDir(t *testing.T) {
	t.Chdir(t.TempDir())
	c := &flows.Cache{}
	if err := c.Put("k", mustDecode(t, mintExpiring(t, "a", time.Now().Add(time.Hour))), time.Time{}); err == nil || !strings.Contains(err.Error(), "no directory set") {
		t.Errorf("Put = %v", err)
	}
	if _, ok := c.Get("k", time.Now(), 0); ok {
		t.Error("Get hit without a directory")
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("files created in the working directory: %v", entries)
	}
}

func mustDecode(t testing.TB, raw string) *flows.Token {
	t.Helper()
	tok, err := flows.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestCacheConcurrentGoroutines(t *testing.T) {
	c := &flows.Cache{Dir: t.TempDir()}
	exp := time.Now().Add(time.Hour)
	var wg sync.WaitGroup
	const writers, each = 8, 5
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				key := "g" + string(rune('a'+w)) + string(rune('0'+i))
				tok, _ := flows.Decode(mintExpiring(t, key, exp))
				if err := c.Put(key, tok, time.Time{}); err != nil {
					t.Error(err)
				}
				c.Get(key, time.Now(), 0) // readers interleave with writers
			}
		})
	}
	wg.Wait()
	for w := range writers {
		for i := range each {
			key := "g" + string(rune('a'+w)) + string(rune('0'+i))
			tok, ok := c.Get(key, time.Now(), 0)
			if !ok || tok.Claim("marker") != key {
				t.Errorf("key %s lost", key)
			}
		}
	}
}

func TestCacheErrorsCarryNoToken(t *testing.T) {
	raw := mintExpiring(t, "s3cr3t", time.Now().Add(time.Hour))
	tok, _ := flows.Decode(raw)

	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	blocked := t.TempDir() // tokens.json is a non-empty directory: the rename must fail
	if err := os.MkdirAll(filepath.Join(blocked, "tokens.json", "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"dir is a file": filepath.Join(notADir, "sub"), "file is a dir": blocked} {
		err := (&flows.Cache{Dir: dir}).Put("https://texas/api/v1/token|m2m|a:b:c", tok, time.Time{})
		if err == nil {
			t.Errorf("%s: Put succeeded", name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "token cache: ") || strings.Contains(msg, raw) || strings.Contains(msg, tok.Raw[40:80]) {
			t.Errorf("%s: error %q is unclear or carries the token", name, msg)
		}
	}
}
