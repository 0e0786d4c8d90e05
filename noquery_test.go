//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"
)

// In a pseudo-terminal that never answers (as under `script`, `kubectl
// exec -t` or `docker run -t`), every command that is not the terminal UI
// finishes at once and asks the terminal nothing. Bubble Tea's package
// initialisation used to ask for the background colour and wait 5 s for
// an answer before main ran, even for --version.
func TestScriptModeAsksTheTerminalNothing(t *testing.T) {
	for _, args := range [][]string{
		{"--version"},
		{"--help"},
		{"targets"},
		{"--sandbox", "token", "dev-gcp:team:app"},
	} {
		t.Run(args[0]+" "+args[len(args)-1], func(t *testing.T) {
			home := t.TempDir()
			cmd := exec.Command(binary, args...)
			cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color",
				"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
			began := time.Now()
			f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var out bytes.Buffer
			read := make(chan struct{})
			go func() { io.Copy(&out, f); close(read) }() // read, never answer
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Fatalf("exit: %v", err)
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatal("still running after 10 s")
			}
			took := time.Since(began)
			<-read
			if took > 2*time.Second {
				t.Errorf("took %v; a query waiting for its answer takes 5 s", took.Round(time.Millisecond))
			}
			for _, q := range []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n", "\x1b[c"} {
				if bytes.Contains(out.Bytes(), []byte(q)) {
					t.Errorf("asked the terminal %q: %q", q, out.String())
				}
			}
		})
	}
}
