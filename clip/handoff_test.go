package clip

import (
	"context"
	"errors"
	"github.com/entratoken/entratoken/detach"
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

// t0 is the wall-clock time of the hand-off tests.
var t0 = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func newHandOff(sys *fakeSystem, getenv func(string) string, startErr error) (*Clipboard, *fakeStart) {
	c, _ := newTest(sys, getenv)
	fs := &fakeStart{err: startErr}
	c.executable = func() (string, error) { return "/usr/local/bin/entratoken", nil }
	c.start = fs.start
	c.now = func() time.Time { return t0 }
	return c, fs
}

// Copy, quit, paste into curl: the promise of the copy (clear at due)
// outlives the UI in a background process, given the time still left and
// the token's hash only; the token stays on the clipboard to be pasted.
func TestHandOffStartsADetachedClear(t *testing.T) {
	sys := &fakeSystem{}
	c, fs := newHandOff(sys, env(), nil)
	c.Write(tok, t0.Add(36600*time.Millisecond))
	if err := c.HandOff(); err != nil {
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
	if !reflect.DeepEqual(cmd.SysProcAttr, detach.Attr()) {
		t.Fatalf("SysProcAttr = %+v, want detach.Attr()", cmd.SysProcAttr)
	}
	if sys.text != tok {
		t.Fatalf("the clipboard holds %q; the token must stay for the user to paste", sys.text)
	}
	// Handed off: the token is no longer ours to clear here, nor to hand
	// off twice.
	if err := c.ClearIfUnchanged(tok); err != nil || sys.text != tok {
		t.Fatalf("cleared after handing off: %q, %v", sys.text, err)
	}
	if err := c.HandOff(); err != nil || len(fs.cmds) != 1 {
		t.Fatalf("a second HandOff started %d processes, %v", len(fs.cmds), err)
	}
}

func TestHandOffHasNothingToHandOff(t *testing.T) {
	due := t0.Add(time.Minute)
	tests := []struct {
		name   string
		getenv func(string) string
		copies []string
		due    time.Time
	}{
		{"OSC 52 cannot be read back", env("SSH_TTY", "/dev/pts/1"), []string{tok}, due},
		{"tmux cannot be read back", env("TMUX", inTmux, "SSH_TTY", "/dev/pts/1"), []string{tok}, due},
		{"a newer copy without a clear", env(), []string{tok, "claims"}, time.Time{}},
		{"no clear promised", env(), []string{tok}, time.Time{}},
		{"nothing copied", env(), nil, due},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := &fakeSystem{}
			c, fs := newHandOff(sys, tt.getenv, nil)
			for i, s := range tt.copies {
				at := time.Time{}
				if i == 0 {
					at = due
				}
				if i == len(tt.copies)-1 {
					at = tt.due
				}
				c.Write(s, at)
			}
			writes := sys.writes
			if err := c.HandOff(); err != nil || len(fs.cmds) != 0 || sys.writes != writes {
				t.Fatalf("HandOff = %v, started %d, wrote %d", err, len(fs.cmds), sys.writes-writes)
			}
		})
	}
}

// A clear already due (the laptop slept through it, or the UI's timer had
// not fired yet), or one that cannot be handed off, is done at once: better
// gone early than left behind.
func TestHandOffClearsAtOnce(t *testing.T) {
	tests := []struct {
		name     string
		due      time.Time
		startErr error
		started  int
	}{
		{"the clear is due", t0.Add(-time.Second), nil, 0},
		{"the hand-off fails", t0.Add(time.Minute), errors.New("fork/exec: resource temporarily unavailable"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sys := &fakeSystem{}
			c, fs := newHandOff(sys, env(), tt.startErr)
			c.Write(tok, tt.due)
			if err := c.HandOff(); err != nil || sys.text != "" || len(fs.cmds) != tt.started {
				t.Fatalf("HandOff = %v; clipboard %q, %d started; want cleared now", err, sys.text, len(fs.cmds))
			}
		})
	}
}

// The wait of the background clear looks at the wall clock every few
// seconds: the monotonic clock behind Go's timers stops while a laptop
// sleeps, so one long timer would clear an hour late after an hour's sleep.
func TestWaitUntilFollowsTheWallClock(t *testing.T) {
	now := t0
	var waits []time.Duration
	after := func(d time.Duration) <-chan time.Time {
		waits = append(waits, d)
		if len(waits) == 2 {
			now = now.Add(time.Hour) // the lid closed for an hour during this wait
		} else {
			now = now.Add(d)
		}
		ch := make(chan time.Time, 1)
		ch <- now
		return ch
	}
	waitUntil(context.Background(), t0.Add(time.Minute), func() time.Time { return now }, after)
	if len(waits) != 2 {
		t.Fatalf("waited %v; want to stop after the wait that slept past the deadline", waits)
	}
	for _, d := range waits {
		if d > wallStep {
			t.Fatalf("waited %v at once; a sleeping machine would clear that late", d)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	waits = nil
	waitUntil(ctx, t0.Add(time.Hour), func() time.Time { return t0 }, func(time.Duration) <-chan time.Time { return nil })
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
