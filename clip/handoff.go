package clip

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"github.com/entratoken/entratoken/detach"
	"os/exec"
	"time"
)

// ClearCommand is the hidden entratoken command that HandOff starts:
// "entratoken clipboard-clear --after 37s --sum <hex>". It waits, then
// calls ClearIfSum.
const ClearCommand = "clipboard-clear"

// HandOff keeps the promise of the last Write when entratoken ends: a
// token copied to the system clipboard, due to be cleared later, is handed
// to a background process that outlives this one, as gopass does, so that
// quitting right after a copy leaves the token to be pasted. A clear
// already due, or one that cannot be handed off, is done now: better gone
// early than left behind. Call it once the UI has ended, whatever ended it
// (q, a second ctrl+c, a signal, a panic): the promise lives here, not in
// the UI's state.
//
// A copy through the terminal (OSC 52, tmux) is left as it is: the user
// may be about to paste it, and no process can read that clipboard back to
// check that it still holds the token.
func (c *Clipboard) HandOff() error {
	c.mu.Lock()
	text, due, system := c.lastText, c.clearAt, c.lastMethod == MethodSystem
	c.mu.Unlock()
	if text == "" || due.IsZero() || !system {
		return nil
	}
	if left := due.Sub(c.now()); left > 0 && c.clearLater(text, left) == nil {
		return nil
	}
	return c.ClearIfUnchanged(text)
}

// clearLater starts the background process that clears text after the
// delay if the system clipboard still holds it. The process gets only the
// SHA-256 of text, never text itself (a command line and an environment
// are readable by other processes).
func (c *Clipboard) clearLater(text string, after time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastText != text {
		return nil // a newer copy: text is gone already
	}
	exe, err := c.executable()
	if err != nil {
		return fmt.Errorf("cannot hand the clipboard clear to a background process: %w", err)
	}
	cmd := exec.Command(exe, ClearCommand, "--after", max(after, 0).Round(time.Second).String(), "--sum", Sum(text))
	cmd.SysProcAttr = detach.Attr()
	if err := c.start(cmd); err != nil {
		return fmt.Errorf("cannot start the background clipboard clear: %w", err)
	}
	c.forget()
	return nil
}

// wallStep bounds each wait of WaitUntil, so that a deadline passed while
// the machine slept is noticed within this long of waking.
const wallStep = 5 * time.Second

// WaitUntil waits until the wall clock reaches deadline, or ctx is done.
// It wakes every few seconds to look at the wall clock, because Go's
// timers run on the monotonic clock, which stops while the machine sleeps.
func WaitUntil(ctx context.Context, deadline time.Time) {
	waitUntil(ctx, deadline, WallNow, time.After)
}

func waitUntil(ctx context.Context, deadline time.Time, now func() time.Time, after func(time.Duration) <-chan time.Time) {
	for left := deadline.Sub(now()); left > 0; left = deadline.Sub(now()) {
		select {
		case <-after(min(left, wallStep)):
		case <-ctx.Done():
			return
		}
	}
}

// startDetached starts cmd and lets it go: it is never waited for. Its
// stdin, stdout and stderr are left nil, which is /dev/null, so it neither
// reads from nor draws on the terminal.
func startDetached(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}

// Sum is the hex SHA-256 of text: how HandOff names the copied text to
// the background process without passing the text.
func Sum(text string) string {
	s := sha256.Sum256([]byte(text))
	return hex.EncodeToString(s[:])
}

// ClearIfSum empties the system clipboard if it still holds the text whose
// Sum is sum, so that whatever the user copied since is left alone. It is
// the background half of HandOff.
func ClearIfSum(sum string) error { return clearIfSum(atotto{}, sum) }

func clearIfSum(sys system, sum string) error {
	cur, err := sys.ReadAll()
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare([]byte(Sum(cur)), []byte(sum)) != 1 {
		return nil
	}
	return sys.WriteAll("")
}
