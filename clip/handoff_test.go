package clip

import (
	"errors"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fakeStart records the command ClearLater would start.
type fakeStart struct {
	cmds []*exec.Cmd
	err  error
}

func (f *fakeStart) start(cmd *exec.Cmd) error {
	f.cmds = append(f.cmds, cmd)
	return f.err
}

func newHandOff(sys *fakeSystem, getenv func(string) string, startErr error) (*Clipboard, *fakeStart) {
	c, _ := newTest(sys, getenv)
	fs := &fakeStart{err: startErr}
	c.executable = func() (string, error) { return "/usr/local/bin/entratoken", nil }
	c.start = fs.start
	return c, fs
}

func TestClearLaterStartsADetachedClear(t *testing.T) {
	sys := &fakeSystem{}
	c, fs := newHandOff(sys, env(), nil)
	c.Write(tok)
	if err := c.ClearLater(tok, 36600*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if len(fs.cmds) != 1 {
		t.Fatalf("started %d processes, want 1", len(fs.cmds))
	}
	cmd := fs.cmds[0]
	want := []string{"/usr/local/bin/entratoken", "clipboard-clear", "--after", "37s", "--sum", Sum(tok)}
	if cmd.Path != want[0] || !reflect.DeepEqual(cmd.Args, want) {
		t.Fatalf("ran %s %q, want %q", cmd.Path, cmd.Args, want)
	}
	for _, s := range append(cmd.Args, cmd.Env...) {
		if strings.Contains(s, tok) || strings.Contains(s, tok[:20]) {
			t.Fatalf("the token is on the command line or in the environment: %q", s)
		}
	}
	if cmd.Env != nil || cmd.Stdin != nil || cmd.Stdout != nil || cmd.Stderr != nil {
		t.Fatal("the process must inherit the environment only, with stdin/stdout/stderr on /dev/null")
	}
	if !reflect.DeepEqual(cmd.SysProcAttr, detached()) {
		t.Fatalf("SysProcAttr = %+v, want detached()", cmd.SysProcAttr)
	}
	if sys.text != tok {
		t.Fatalf("the clipboard holds %q; the token must stay for the user to paste", sys.text)
	}
	// Handed off: the token is no longer ours to clear here.
	if err := c.ClearIfUnchanged(tok); err != nil || sys.text != tok {
		t.Fatalf("cleared after handing off: %q, %v", sys.text, err)
	}
}

func TestClearLaterHasNothingToHandOff(t *testing.T) {
	tests := []struct {
		name   string
		getenv func(string) string
		copies []string
	}{
		{"OSC 52 cannot be read back", env("SSH_TTY", "/dev/pts/1"), []string{tok}},
		{"tmux cannot be read back", env("TMUX", inTmux, "SSH_TTY", "/dev/pts/1"), []string{tok}},
		{"a newer copy of ours", env(), []string{tok, "newer"}},
		{"nothing copied", env(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, fs := newHandOff(&fakeSystem{}, tt.getenv, nil)
			for _, s := range tt.copies {
				c.Write(s)
			}
			if err := c.ClearLater(tok, time.Minute); err != nil || len(fs.cmds) != 0 {
				t.Fatalf("ClearLater = %v, started %d", err, len(fs.cmds))
			}
		})
	}
}

func TestClearLaterFailingKeepsTheClearHere(t *testing.T) {
	sys := &fakeSystem{}
	c, _ := newHandOff(sys, env(), errors.New("fork/exec: resource temporarily unavailable"))
	c.Write(tok)
	err := c.ClearLater(tok, time.Minute)
	if err == nil || strings.Contains(err.Error(), tok) {
		t.Fatalf("ClearLater = %v, want an error without the token", err)
	}
	if err := c.ClearIfUnchanged(tok); err != nil || sys.text != "" {
		t.Fatalf("the caller's clear after a failed hand-off left %q, %v", sys.text, err)
	}
}

func TestClearIfSum(t *testing.T) {
	tests := []struct {
		name    string
		sys     fakeSystem
		want    string // the clipboard afterwards
		writes  int
		wantErr bool
	}{
		{"still the token", fakeSystem{text: tok}, "", 1, false},
		{"the user copied since", fakeSystem{text: "the user's own text"}, "the user's own text", 0, false},
		{"already empty", fakeSystem{text: ""}, "", 0, false},
		{"unreadable", fakeSystem{text: tok, failRead: true}, tok, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := tt.sys
			err := clearIfSum(&sys, Sum(tok))
			if (err != nil) != tt.wantErr || sys.text != tt.want || sys.writes != tt.writes {
				t.Fatalf("clipboard %q after %d writes, err %v; want %q after %d", sys.text, sys.writes, err, tt.want, tt.writes)
			}
		})
	}
}

func TestSum(t *testing.T) {
	// sha256 of "abc", a published test vector.
	if got := Sum("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Fatalf("Sum = %s", got)
	}
}
