//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A config path that is no file is refused at once, by Load and by a
// save: a FIFO would otherwise block for ever.
func TestConfigRefusesWhatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "a FIFO", dir: "a directory", "/dev/zero": "a device"} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := Load(path); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Load(%s) = %v, want it refused as %s", path, err, want)
			}
			if err := (Store{Path: path}).AddTarget(SavedTarget{Target: target("a:b:c")}); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("AddTarget(%s) = %v, want it refused as %s", path, err, want)
			}
			if _, err := os.Stat(path + ".lock"); !os.IsNotExist(err) {
				t.Errorf("a lock file was made beside %s (%v)", path, err)
				_ = os.Remove(path + ".lock")
			}
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: still blocked", path)
		}
	}
}

// A config that is a symlink to a file not there yet (a fresh dotfiles
// checkout) stays a symlink; the first save creates the file it points at.
func TestStoreKeepsADanglingSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "entratoken.yaml")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "config.yaml")
	if err := os.Symlink("dotfiles/entratoken.yaml", link); err != nil { // relative, as dotfile managers make them
		t.Fatal(err)
	}
	if err := (Store{Path: link}).AddTarget(SavedTarget{Target: target("a:b:c")}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", st.Mode(), err)
	}
	if !strings.Contains(readText(t, real), "target: a:b:c") {
		t.Errorf("the target did not reach the file the link points at:\n%s", readText(t, real))
	}
}

func TestStoreRefusesASymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")
	_ = os.Symlink(b, a)
	_ = os.Symlink(a, b)
	if err := (Store{Path: a}).AddTarget(SavedTarget{Target: target("a:b:c")}); err == nil || !strings.Contains(err.Error(), "symbolic links") {
		t.Errorf("AddTarget through a loop = %v", err)
	}
}

// A save killed half-way leaves its temporary file; the next save removes
// it, and only files of that pattern.
func TestStoreRemovesStaleTemporaryFiles(t *testing.T) {
	p := writeConfig(t, "targets: []\n")
	dir := filepath.Dir(p)
	stale := filepath.Join(dir, "."+filepath.Base(p)+".123456.tmp")
	other := filepath.Join(dir, ".other.yaml.1.tmp")
	for _, f := range []string{stale, other} {
		if err := os.WriteFile(f, []byte("targets: [half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := (Store{Path: p}).AddTarget(SavedTarget{Target: target("a:b:c")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file is still there (%v)", err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another file's temporary was removed: %v", err)
	}
}
