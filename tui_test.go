package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

func TestNeedTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if err := needTerminal(tty, tty); err != nil {
		t.Fatalf("a terminal was refused: %v", err)
	}
	for _, files := range [][2]*os.File{{tty, w}, {r, tty}} {
		err := needTerminal(files[0], files[1])
		if err == nil || !strings.Contains(err.Error(), "needs a terminal") || !strings.Contains(err.Error(), "entratoken token <target>") {
			t.Errorf("needTerminal(%s, %s) = %v", files[0].Name(), files[1].Name(), err)
		}
	}
}

// `entratoken --sandbox > out.txt` once ran the UI blind and copied the
// token into out.txt through OSC 52. It now stops at once, exit status 2,
// and writes nothing to the file.
func TestTUIRefusesARedirectedStdout(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	defer tty.Close()
	home := t.TempDir()
	out, err := os.Create(filepath.Join(home, "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var stderr strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "--sandbox") // a UI running blind would wait for keys
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "ENTRATOKEN_CLIPBOARD=osc52"}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, out, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage {
		t.Fatalf("exit: %v, want status %d; stderr: %s", err, exitUsage, stderr.String())
	}
	if !strings.Contains(stderr.String(), "the terminal UI needs a terminal, and stdout is not one; in scripts use `entratoken token <target>`") {
		t.Fatalf("stderr: %q", stderr.String())
	}
	if b, _ := os.ReadFile(out.Name()); len(b) != 0 {
		t.Fatalf("the UI wrote %d bytes into the file: %.80q", len(b), b)
	}
}

// A signal that main listens for ends the UI cleanly, with a token copied
// and its clear pending: the terminal restored (the alternate screen
// left) and the sandbox's temporary directory removed; and, as for any
// process a signal ends, exit status 128+n, so a script or a supervisor
// sees it was killed.
func TestTUIEndsCleanlyOnSignal(t *testing.T) {
	t.Run("SIGTERM", func(t *testing.T) { endsCleanlyOn(t, syscall.SIGTERM) })
	t.Run("SIGHUP", func(t *testing.T) { endsCleanlyOn(t, syscall.SIGHUP) })
	t.Run("SIGINT", func(t *testing.T) { endsCleanlyOn(t, syscall.SIGINT) })
}

func endsCleanlyOn(t *testing.T, sig syscall.Signal) {
	tmp, home := t.TempDir(), t.TempDir()
	cmd := exec.Command(binary, "--sandbox")
	cmd.Env = []string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color", "TMPDIR=" + tmp,
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"ENTRATOKEN_CLIPBOARD=osc52", "BROWSER=true",
	}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 100, Rows: 32})
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, pty: f, cmd: cmd, vt: vt10x.New(vt10x.WithSize(100, 32)), done: make(chan struct{}), wrote: make(chan struct{}, 1)}
	go s.read()
	t.Cleanup(func() { cmd.Process.Kill(); f.Close() })

	s.waitFor("dp-soknad")
	if dirs, _ := filepath.Glob(filepath.Join(tmp, "entratoken-sandbox-*")); len(dirs) != 1 {
		t.Fatalf("sandbox dirs in TMPDIR: %q", dirs)
	}
	s.send("/")
	s.send("dp-soknad")
	s.send("\r")
	s.send("\r")
	s.waitFor("idtyp")
	s.send("c")
	s.waitFor("clears in 60 s while entratoken runs")
	before := len(s.rawOutput())
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case <-waited:
		if code := cmd.ProcessState.ExitCode(); code != 128+int(sig) {
			t.Errorf("exit status %d after %v, want %d", code, sig, 128+int(sig))
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("entratoken did not end after %v; screen:\n%s", sig, s.text())
	}
	<-s.done
	if after := s.rawOutput()[before:]; !strings.Contains(after, "\x1b[?1049l") {
		t.Errorf("the alternate screen was not left after %v: %q", sig, after)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left behind in TMPDIR: %v", left)
	}
}
