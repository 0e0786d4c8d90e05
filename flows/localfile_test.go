//go:build unix

package flows_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// within fails the test if fn does not return in time: a FIFO must be
// refused at once, never waited on.
func within(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still blocked after %v", d)
	}
}

func TestReadLocalFileRefusesWhatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, flows.MaxLocalFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo:        "is a FIFO (named pipe), not a regular file",
		dir:         "is a directory, not a regular file",
		"/dev/zero": "is a device, not a regular file",
		big:         "is larger than 1 MiB",
	} {
		within(t, 2*time.Second, func() {
			_, err := flows.ReadLocalFile(path)
			if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("ReadLocalFile(%s) = %v, want %q naming the path", path, err, want)
			}
		})
	}
	if _, err := flows.ReadLocalFile(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	ok := filepath.Join(dir, "ok")
	_ = os.WriteFile(ok, []byte("hello"), 0o600)
	if b, err := flows.ReadLocalFile(ok); err != nil || string(b) != "hello" {
		t.Errorf("ReadLocalFile(ok) = %q, %v", b, err)
	}
	link := filepath.Join(dir, "link")
	_ = os.Symlink(ok, link)
	if _, err := flows.OpenRegular(link, true); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("OpenRegular(link, noFollow) = %v, want a refusal", err)
	}
	if b, err := flows.ReadLocalFile(link); err != nil || string(b) != "hello" {
		t.Errorf("ReadLocalFile follows a link for the config: %q, %v", b, err)
	}
}
