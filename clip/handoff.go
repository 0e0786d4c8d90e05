package clip

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"os/exec"
	"time"
)

// ClearCommand is the hidden entratoken command that ClearLater starts:
// "entratoken clipboard-clear --after 37s --sum <hex>". It waits, then
// calls ClearIfSum.
const ClearCommand = "clipboard-clear"

// ClearLater hands the clear of text to a background process that outlives
// this one, as gopass does: quitting right after a copy leaves the token on
// the clipboard for the user to paste, and it is still cleared after the
// delay. The process gets only the SHA-256 of text, never text itself (a
// command line and an environment are readable by other processes).
//
// Only a copy to the system clipboard, the last one made, is handed off;
// for anything else there is nothing to do: a newer copy means text is
// gone already, and a terminal's clipboard cannot be read back to check
// that the user has not copied something since.
func (c *Clipboard) ClearLater(text string, after time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastText != text || c.lastMethod != MethodSystem {
		return nil
	}
	exe, err := c.executable()
	if err != nil {
		return fmt.Errorf("cannot hand the clipboard clear to a background process: %w", err)
	}
	cmd := exec.Command(exe, ClearCommand, "--after", max(after, 0).Round(time.Second).String(), "--sum", Sum(text))
	cmd.SysProcAttr = detached()
	if err := c.start(cmd); err != nil {
		return fmt.Errorf("cannot start the background clipboard clear: %w", err)
	}
	c.lastText = ""
	return nil
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

// Sum is the hex SHA-256 of text: how ClearLater names the copied text to
// the background process without passing the text.
func Sum(text string) string {
	s := sha256.Sum256([]byte(text))
	return hex.EncodeToString(s[:])
}

// ClearIfSum empties the system clipboard if it still holds the text whose
// Sum is sum, so that whatever the user copied since is left alone. It is
// the background half of ClearLater.
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
