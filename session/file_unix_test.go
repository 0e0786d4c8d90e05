//go:build unix

package session

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A FIFO, or a link, where the session file should be is refused at once:
// opening a FIFO would block until a writer comes, and a link may point
// at what is not ours.
func TestFileStoreRefusesAFIFOAndALinkAtOnce(t *testing.T) {
	dir := t.TempDir()
	f := &File{Dir: dir}
	if err := syscall.Mkfifo(f.Path(gen), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() { _, err := f.Load(gen); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "FIFO") || !strings.Contains(err.Error(), "remove it") {
			t.Errorf("a FIFO: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
	os.Remove(f.Path(gen))
	target := filepath.Join(t.TempDir(), "elsewhere.json")
	os.WriteFile(target, []byte(`{"generator":"`+gen+`","cookie":"`+cookie+`"}`), 0o600)
	if err := os.Symlink(target, f.Path(gen)); err != nil {
		t.Fatal(err)
	}
	if k, err := f.Load(gen); err == nil || k.Cookie != "" {
		t.Errorf("a link: %v, %v", k, err)
	}
}
