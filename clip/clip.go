// Package clip copies text to the clipboard the way a terminal user
// expects: the system clipboard when the machine has one, else the
// terminal's own (SSH sessions, no xclip/xsel/wl-copy): through tmux's
// buffer under tmux, else OSC 52, wrapped for tmux or screen. It clears a
// copied token later, in a background process when the UI quits first. It
// also opens URLs in the user's browser.
package clip

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
)

// How a copy was made, as shown to the user.
const (
	MethodSystem = "system clipboard"
	MethodOSC52  = "OSC 52"
	MethodTmux   = "tmux buffer + clipboard"
)

// ErrUnreadable is Read's answer under OSC 52: a terminal's clipboard can be
// written but not read back (most terminals refuse OSC 52 queries).
var ErrUnreadable = errors.New("the clipboard cannot be read through the terminal (OSC 52): paste the text instead")

// system is the machine's clipboard; a field so tests need no xclip.
type system interface {
	ReadAll() (string, error)
	WriteAll(text string) error
	Unsupported() bool
}

type atotto struct{}

func (atotto) ReadAll() (string, error)   { return clipboard.ReadAll() }
func (atotto) WriteAll(text string) error { return clipboard.WriteAll(text) }
func (atotto) Unsupported() bool          { return clipboard.Unsupported }

// Clipboard writes to the system clipboard or, where that cannot work, to
// the terminal: through tmux, or with OSC 52. It is safe for concurrent use.
type Clipboard struct {
	w      io.Writer
	getenv func(string) string
	sys    system
	// tmux runs a tmux command with stdin; executable and start spawn the
	// process HandOff gives its clear to; now is the wall clock. Fields, so
	// tests run none of them.
	tmux       func(stdin string, args ...string) error
	executable func() (string, error)
	start      func(*exec.Cmd) error
	now        func() time.Time

	mu         sync.Mutex
	lastText   string
	lastMethod string    // how lastText went out
	clearAt    time.Time // when lastText must be gone; zero: never
}

// New returns a clipboard whose OSC 52 sequences go to w (the terminal);
// getenv is os.Getenv, passed in so the choice can be tested.
func New(w io.Writer, getenv func(string) string) *Clipboard {
	return &Clipboard{w: w, getenv: getenv, sys: atotto{}, tmux: runTmux, executable: os.Executable, start: startDetached, now: WallNow}
}

// useOSC52 is true when forced (ENTRATOKEN_CLIPBOARD=osc52), over SSH
// (the system clipboard there is the remote machine's) or when no
// clipboard tool is installed.
func (c *Clipboard) useOSC52() bool {
	return c.getenv("ENTRATOKEN_CLIPBOARD") == "osc52" ||
		c.getenv("SSH_TTY") != "" || c.getenv("SSH_CONNECTION") != "" ||
		c.sys.Unsupported()
}

// Write copies text and says how. A failing system clipboard (say, xclip
// without a display) falls back to the terminal's. A non-zero clearAt is
// the promise that text is gone from the clipboard by then (wall clock):
// the clipboard keeps it, so that HandOff can keep it after the UI ends,
// however it ends.
func (c *Clipboard) Write(text string, clearAt time.Time) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	method := MethodSystem
	if c.useOSC52() || c.sys.WriteAll(text) != nil {
		var err error
		if method, err = c.writeTerminal(text); err != nil {
			return method, err
		}
	}
	c.lastText, c.lastMethod, c.clearAt = text, method, clearAt
	return method, nil
}

// writeTerminal copies text to the terminal's clipboard. Under tmux it goes
// through tmux's own buffer and clipboard, because tmux drops an
// application's OSC 52 by default ("allow-passthrough off"); the wrapped
// OSC 52 is the fallback for a tmux older than 3.2.
func (c *Clipboard) writeTerminal(text string) (string, error) {
	if c.getenv("TMUX") != "" && c.tmuxLoad(text) == nil {
		return MethodTmux, nil
	}
	return MethodOSC52, c.writeOSC52(text)
}

// Read returns the system clipboard's text, or ErrUnreadable under OSC 52.
func (c *Clipboard) Read() (string, error) {
	if c.useOSC52() {
		return "", ErrUnreadable
	}
	return c.sys.ReadAll()
}

// ClearIfUnchanged empties the clipboard if it still holds text, so that
// something the user copied since is never wiped. Once we have copied
// something newer, text is no longer ours to clear and nothing is read.
// A terminal's clipboard cannot be read back: it is cleared anyway, as long
// as text was the last thing we copied.
func (c *Clipboard) ClearIfUnchanged(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastText != text {
		return nil
	}
	switch c.lastMethod {
	case MethodTmux:
		c.forget()
		if c.tmuxClear() == nil {
			return nil
		}
		return c.writeOSC52("")
	case MethodOSC52:
		c.forget()
		return c.writeOSC52("")
	}
	cur, err := c.sys.ReadAll()
	if err != nil || cur != text {
		return err
	}
	c.forget()
	return c.sys.WriteAll("")
}

// forget drops the last copy: it is cleared, or no longer ours to clear.
func (c *Clipboard) forget() { c.lastText, c.clearAt = "", time.Time{} }

// WallNow is the time on the wall clock, without Go's monotonic reading:
// the monotonic clock stops while a laptop sleeps, so a clear due in a
// minute would wait a minute more after an hour's sleep.
func WallNow() time.Time { return time.Now().Round(0) }

// writeOSC52 sends the sequence, wrapped for tmux or screen so it reaches
// the outer terminal (tmux needs "allow-passthrough on").
func (c *Clipboard) writeOSC52(text string) error {
	seq := osc52.New(text)
	switch {
	case c.getenv("TMUX") != "":
		seq = seq.Tmux()
	case c.getenv("STY") != "":
		seq = seq.Screen()
	}
	_, err := seq.WriteTo(c.w)
	return err
}
