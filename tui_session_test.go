//go:build unix

package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The workday session in the terminal UI, on the standalone sandbox with
// no ENTRATOKEN_SESSION: logged in once from stdin, a new TUI process
// gets an OBO token without the login screen, and its header shows the
// session's time left.
func TestNewTUIUsesTheKeptSession(t *testing.T) {
	sb, env := standalone(t)
	dir := t.TempDir()
	env = append(env, "XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	entratoken(t, env, sb.DemoSession()+"\n", "login").want(t, 0)
	entratoken(t, env, "", "targets", "add", "dev-gcp:pdl:pdl-api", "--flow", "obo").want(t, 0)

	s := startScreenEnv(t, env, 100, 30)
	s.waitFor("pdl-api", "● signed in · 9 h 59 min")
	s.send("\r")
	s.waitFor("dev-gcp:pdl:pdl-api · OBO · from generator", "NAVident", "Z990123", "● signed in · 9 h 59 min")
	if strings.Contains(s.rawOutput(), "Log in to get an OBO token") {
		t.Fatalf("the login screen showed:\n%s", s.text())
	}
	s.send("q")
	s.waitExitOK()
}

// A keyring that never answers (a Secret Service stuck on a password
// prompt) costs the TUI's first frame nothing: the list is drawn at once,
// and the keyring's silence is said when its 3 s are up.
func TestTUIFirstFrameDoesNotWaitForAHungKeyring(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "bus")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() }) // accepted, never answered
		}
	}()
	_, env := standalone(t)
	dir := t.TempDir()
	env = append(env, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	entratoken(t, env, "", "targets", "add", "dev-gcp:pdl:pdl-api", "--flow", "obo").want(t, 0)

	began := time.Now()
	s := startScreenEnv(t, append(env, "ENTRATOKEN_SESSION_STORE=keyring", "DBUS_SESSION_BUS_ADDRESS=unix:path="+sock), 100, 30)
	first := s.until(began, "Saved targets", "pdl-api")
	if strings.Contains(s.text(), "keyring") {
		t.Fatalf("the first frame waited for the keyring:\n%s", s.text())
	}
	s.waitFor("could not read the kept session: the system keyring did not answer within 3s")
	said := time.Since(began)
	t.Logf("first frame after %v; the keyring's timeout said after %v", first.Round(time.Millisecond), said.Round(time.Millisecond))
	if first >= 3*time.Second || said < 3*time.Second {
		t.Fatalf("first frame after %v, the keyring's timeout after %v", first, said)
	}
	s.send("q")
	s.waitExitOK()
}

// A session that ends while the TUI runs (the sandbox's, made to last 4
// seconds): the header counts the seconds down, then says so, and the
// next OBO token opens the login.
func TestTUISessionEndsOnTheSandbox(t *testing.T) {
	s := startScreenEnv(t, []string{"ENTRATOKEN_SANDBOX_SESSION_LIFETIME=4s"}, 100, 30, "--sandbox")
	s.waitFor("pdl-api", "● signed in · ")
	s.waitFor("session ended: o logs in again")
	s.send("/")
	s.send("pdl-api")
	s.send("\r")
	s.send("\r")
	s.waitFor("Log in to get an OBO token for dev-gcp:pdl:pdl-api")
	s.esc("enter run")
	s.send("q")
	s.waitExitOK()
}
