package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
)

// screen is the built binary running in a real pseudo-terminal, read by a
// terminal emulator, as a person would see it.
type screen struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	vt   vt10x.Terminal
	mu   sync.Mutex
	raw  bytes.Buffer // every byte the program wrote, escape sequences included
	done chan struct{}
	// wrote gets a signal after each chunk reaches the emulator, so a
	// measurement can look at the screen the moment it changes.
	wrote chan struct{}
}

func startScreen(t *testing.T, cols, rows int, args ...string) *screen {
	t.Helper()
	return startScreenEnv(t, nil, cols, rows, args...)
}

// startScreenEnv is startScreen with env laid over the clean environment
// (a later value of a variable wins).
func startScreenEnv(t *testing.T, env []string, cols, rows int, args ...string) *screen {
	t.Helper()
	return startCmd(t, screenCmd(t, env, args...), cols, rows)
}

// screenCmd is the built binary with env laid over the clean environment.
func screenCmd(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Env = append([]string{
		"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color",
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache"),
		"ENTRATOKEN_CLIPBOARD=osc52", "BROWSER=true",
		// Never the developer's keyring.
		"ENTRATOKEN_SESSION_STORE=file", "XDG_STATE_HOME=" + filepath.Join(home, "state"),
	}, env...)
	return cmd
}

// startCmd starts cmd in a pseudo-terminal of cols×rows; its stdin,
// stdout and stderr are the terminal unless cmd sets them.
func startCmd(t *testing.T, cmd *exec.Cmd, cols, rows int) *screen {
	t.Helper()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)})
	if err != nil {
		t.Fatal(err)
	}
	s := &screen{t: t, pty: f, cmd: cmd, vt: vt10x.New(vt10x.WithSize(cols, rows)), done: make(chan struct{}), wrote: make(chan struct{}, 1)}
	go s.read()
	t.Cleanup(func() { cmd.Process.Kill(); f.Close() })
	return s
}

// read feeds the emulator and answers the terminal queries a real
// terminal would (background colour, device attributes, cursor position).
func (s *screen) read() {
	defer close(s.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := s.pty.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			s.mu.Lock()
			s.raw.Write(chunk)
			s.mu.Unlock()
			s.vt.Write(chunk)
			select {
			case s.wrote <- struct{}{}:
			default:
			}
			if bytes.Contains(chunk, []byte("\x1b]11;?")) {
				s.pty.WriteString("\x1b]11;rgb:1c1c/1c1c/1c1c\x1b\\")
			}
			if bytes.Contains(chunk, []byte("\x1b[c")) {
				s.pty.WriteString("\x1b[?62;22c")
			}
			if bytes.Contains(chunk, []byte("\x1b[6n")) {
				// The cursor position: termenv asks for it right after the
				// background colour and waits up to 5 s for the answer.
				s.pty.WriteString("\x1b[1;1R")
			}
		}
		if err != nil {
			return
		}
	}
}

func (s *screen) text() string { return s.vt.String() }

func (s *screen) rawOutput() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.raw.String()
}

// waitFor waits until every string is on screen at once.
func (s *screen) waitFor(wants ...string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		text := s.text()
		ok := true
		for _, w := range wants {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("timed out waiting for %q; the screen shows:\n%s", wants, s.text())
}

// esc sends esc alone and waits for what it leads to: an esc read
// together with the next key is alt+key, and a loaded machine may read
// them together however long the test sleeps between them.
func (s *screen) esc(wants ...string) {
	s.t.Helper()
	s.send("\x1b")
	s.waitFor(wants...)
}

func (s *screen) send(keys string) {
	s.t.Helper()
	if _, err := io.WriteString(s.pty, keys); err != nil {
		s.t.Fatal(err)
	}
	time.Sleep(60 * time.Millisecond) // let the program take one key press at a time
}

var osc52 = regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]+)(\x07|\x1b\\)`)

func TestEndToEndInAPseudoTerminal(t *testing.T) {
	s := startScreen(t, 100, 32, "--sandbox")
	s.waitFor("dp-soknad", "pdl-api")

	// 1. filter to a target, 2. get an M2M token.
	s.send("/")
	s.send("dp-soknad")
	s.send("\r")
	s.waitFor("dp-soknad")
	s.send("\r")

	// 3. idtyp and access_as_application on screen.
	s.waitFor("idtyp", "access_as_application")

	// 4. c copies: the OSC 52 sequence carries that token.
	s.send("c")
	s.waitFor("copied")
	m := osc52.FindStringSubmatch(s.rawOutput())
	if m == nil {
		t.Fatalf("no OSC 52 sequence in the output after pressing c")
	}
	copied, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	tok := decoded(t, string(copied))
	if !tok.IsApp() || !strings.Contains(tok.Claim("roles"), "access_as_application") {
		t.Errorf("the copied token is not the M2M token: %v", tok.Claims)
	}

	// 5. back to the list, get an OBO token (the sandbox is signed in).
	s.esc("enter run")
	s.esc("pdl-api") // the filter is cleared
	s.send("/")
	s.send("pdl-api")
	s.send("\r")
	s.send("\r")
	s.waitFor("NAVident", "Z990123")

	// 6. quit with exit status 0.
	s.esc("enter run")
	s.send("q")
	s.waitExitOK()
}

// waitExitOK waits for the program to end with exit status 0.
func (s *screen) waitExitOK() {
	s.t.Helper()
	if code := s.waitExit(); code != 0 {
		s.t.Fatalf("entratoken exited with status %d; screen:\n%s", code, s.text())
	}
}

// waitExit waits for the program to end and returns its exit status.
func (s *screen) waitExit() int {
	s.t.Helper()
	waited := make(chan error, 1)
	go func() { waited <- s.cmd.Wait() }()
	select {
	case err := <-waited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			s.t.Fatalf("waiting for entratoken: %v", err)
		}
		return 0
	case <-time.After(10 * time.Second):
		s.t.Fatalf("entratoken did not quit; screen:\n%s", s.text())
	}
	return -1
}
