package flows

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

func TestCacheLockTimeoutDoesNotHang(t *testing.T) {
	dir := t.TempDir()
	holder := flock.New(filepath.Join(dir, cacheLockName))
	if err := holder.Lock(); err != nil {
		t.Fatal(err)
	}
	defer holder.Close()

	const wait = 150 * time.Millisecond
	c := &Cache{Dir: dir, lockWait: wait}
	// header {"alg":"none"}, payload {"exp":4102444800} (year 2100)
	tok, err := Decode("eyJhbGciOiJub25lIn0.eyJleHAiOjQxMDI0NDQ4MDB9.sig")
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	if _, ok := c.Get("k", time.Now(), 0); ok {
		t.Error("Get hit while the lock was held")
	}
	err = c.Put("k", tok, time.Time{})
	elapsed := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "still locked") || strings.Contains(err.Error(), tok.Raw) {
		t.Errorf("Put under a held lock = %v", err)
	}
	if elapsed < 2*wait || elapsed > 2*wait+time.Second {
		t.Errorf("Get+Put took %v, want about %v", elapsed, 2*wait)
	}

	if err := holder.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := c.Put("k", tok, time.Time{}); err != nil {
		t.Errorf("Put after unlock: %v", err)
	}
}
