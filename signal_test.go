package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// A step that does not watch the cancel (here, the wait for another
// entratoken's config lock) ends signalGrace after a signal, and at once
// on a second one, with the signal's code either way.
func TestSignalEndsAStepThatDoesNotWatch(t *testing.T) {
	for _, second := range []bool{false, true} {
		home := t.TempDir()
		cfg := filepath.Join(home, "config.yaml")
		if err := os.WriteFile(cfg, []byte("targets: []\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		held := flock.New(cfg + ".lock")
		if err := held.Lock(); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binary, "--config", cfg, "targets", "add", "dev-gcp:team:app")
		cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // it waits for the lock now
		start := time.Now()
		_ = cmd.Process.Signal(syscall.SIGTERM)
		if second {
			time.Sleep(100 * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGTERM)
		}
		_ = cmd.Wait()
		took := time.Since(start)
		_ = held.Unlock()
		limit := signalGrace + time.Second
		if second {
			limit = time.Second
		}
		if code := cmd.ProcessState.ExitCode(); code != 143 || took > limit || !strings.Contains(stderr.String(), "entratoken: stopped by SIGTERM") {
			t.Errorf("second signal %v: exit %d after %v (want 143 within %v), stderr %q", second, code, took.Round(time.Millisecond), limit, stderr.String())
		}
	}
}
