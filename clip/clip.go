// Package clip copies text to the clipboard the way a terminal user
// expects: the system clipboard when the machine has one, else the
// terminal's own via OSC 52 (SSH sessions, no xclip/xsel/wl-copy), wrapped
// for tmux or screen. It also opens URLs in the user's browser.
package clip

import (
	"errors"
	"io"
	"sync"

	"github.com/atotto/clipboard"
	"github.com/aymanbagabas/go-osc52/v2"
)

// How a copy was made, as shown to the user.
const (
	MethodSystem = "system clipboard"
	MethodOSC52  = "OSC 52"
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
// the terminal with OSC 52. It is safe for concurrent use.
type Clipboard struct {
	w      io.Writer
	getenv func(string) string
	sys    system

	mu       sync.Mutex
	lastText string
	lastOSC  bool // lastText went out as OSC 52
}

// New returns a clipboard whose OSC 52 sequences go to w (the terminal);
// getenv is os.Getenv, passed in so the choice can be tested.
func New(w io.Writer, getenv func(string) string) *Clipboard {
	return &Clipboard{w: w, getenv: getenv, sys: atotto{}}
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
// without a display) falls back to OSC 52.
func (c *Clipboard) Write(text string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.useOSC52() && c.sys.WriteAll(text) == nil {
		c.lastText, c.lastOSC = text, false
		return MethodSystem, nil
	}
	if err := c.writeOSC52(text); err != nil {
		return MethodOSC52, err
	}
	c.lastText, c.lastOSC = text, true
	return MethodOSC52, nil
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
// Text that went out as OSC 52 cannot be read back: it is cleared anyway
// (by writing an empty string), as long as it was the last thing we copied.
func (c *Clipboard) ClearIfUnchanged(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastText != text {
		return nil
	}
	if c.lastOSC {
		c.lastText = ""
		return c.writeOSC52("")
	}
	cur, err := c.sys.ReadAll()
	if err != nil || cur != text {
		return err
	}
	c.lastText = ""
	return c.sys.WriteAll("")
}

// writeOSC52 sends the sequence, wrapped for tmux or screen so it reaches
// the outer terminal (tmux needs "allow-passthrough on" or
// "set-clipboard on").
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
