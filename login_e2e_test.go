//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows/sandbox"
)

// bracketed is text as a terminal pastes it in bracketed paste mode.
func bracketed(text string) string { return "\x1b[200~" + text + "\x1b[201~" }

// waitOutput waits until the program has written want, however the
// terminal wrapped it.
func (s *screen) waitOutput(want string) {
	s.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(s.rawOutput(), want) {
			return
		}
	}
	s.t.Fatalf("the program did not write %q; the screen shows:\n%s", want, s.text())
}

// loginEnv is the standalone sandbox's environment, without
// ENTRATOKEN_SESSION, with a state and a config folder every run shares.
func loginEnv(t *testing.T) (*sandbox.Sandbox, []string) {
	t.Helper()
	sb, env := standalone(t)
	dir := t.TempDir()
	return sb, append(env, "XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
}

// `entratoken login` in a terminal is the TUI's login screen: the
// sandbox's session pasted there is checked and kept, the program exits
// 0 and says so, and a new process finds the session kept.
func TestLoginScreenKeepsAPastedSession(t *testing.T) {
	sb, env := loginEnv(t)
	entratoken(t, env, "", "status").want(t, 1)

	s := startScreenEnv(t, env, 100, 30, "login")
	s.waitFor("Log in to azure-token-generator for the workday", "1. Your browser opens", "Paste it here", "esc cancel")
	if url := sb.GeneratorURL() + "/oauth2/login?redirect=/oauth2/session"; !strings.Contains(s.rawOutput(), "\x1b]8;id=entratoken;"+url) {
		t.Fatalf("no OSC 8 link to %s in the output", url)
	}
	s.send(bracketed(sb.DemoSession()))
	if code := s.waitExit(); code != 0 {
		t.Fatalf("exit status %d; screen:\n%s", code, s.text())
	}
	s.waitFor("Logged in to "+sb.GeneratorURL()+". The session is kept in ", "and ends ")
	if strings.Contains(s.rawOutput(), sb.DemoSession()) {
		t.Fatal("the session's value reached the terminal")
	}
	r := entratoken(t, env, "", "status")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Signed in") {
		t.Errorf("status after the login:\n%s", r.stdout)
	}
}

// A session the generator rejects is said on the screen, which waits for
// another; giving up is exit 1 with the reason, ctrl+c is 130, a signal
// 128+n, and nothing is kept.
func TestLoginScreenGivingUp(t *testing.T) {
	const unknown = "dW5rbm93bi1zZXNzaW9uLXZhbHVlLXRvbw"
	for _, tc := range []struct {
		name string
		end  func(s *screen)
		code int
		says string
	}{
		{"esc", func(s *screen) { s.send("\x1b") }, 1, "entratoken: no session kept: azure-token-generator does not accept this session (there is no such session, or it ended)"},
		{"ctrl+c", func(s *screen) { s.send("\x03") }, 130, "entratoken: interrupted"},
		{"SIGTERM", func(s *screen) { s.cmd.Process.Signal(syscall.SIGTERM) }, 143, "entratoken: stopped by SIGTERM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, env := loginEnv(t)
			s := startScreenEnv(t, env, 60, 20, "login", "--no-browser")
			s.waitFor("1. Open azure-token-generator's login page in a browser:", "Paste it here")
			s.send(bracketed(unknown))
			s.waitFor("does not accept this session", "log in again,")
			s.waitFor("Paste it here") // still waiting
			time.Sleep(100 * time.Millisecond)
			tc.end(s)
			if code := s.waitExit(); code != tc.code {
				t.Fatalf("exit status %d, want %d; screen:\n%s", code, tc.code, s.text())
			}
			s.waitOutput(tc.says)
			if strings.Contains(s.rawOutput(), unknown) {
				t.Fatal("the session's value reached the terminal")
			}
			entratoken(t, env, "", "status").want(t, 1)
		})
	}
}

// With stdin a terminal but stdout not (entratoken login > log), there is
// no screen to draw on: login asks on stderr and reads the cookie without
// echo, as before.
func TestLoginPromptsWhenStdoutIsNotATerminal(t *testing.T) {
	sb, env := loginEnv(t)
	out, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := screenCmd(t, env, "login", "--no-browser")
	cmd.Stdout = out
	s := startCmd(t, cmd, 100, 30)
	s.waitFor("Log in to azure-token-generator with your trygdeetaten.no user:", "it is not shown:")
	s.send(sb.DemoSession() + "\r")
	s.waitExitOK()
	s.waitFor("Logged in to " + sb.GeneratorURL())
	if strings.Contains(s.rawOutput(), sb.DemoSession()) {
		t.Fatal("the session was echoed")
	}
	entratoken(t, env, "", "status").want(t, 0)
}
