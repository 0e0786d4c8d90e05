package clip

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// tmuxBuffer is the tmux paste buffer a copy goes to. A buffer of our own
// can be overwritten when the copy is cleared, without touching the
// buffers the user made.
const tmuxBuffer = "entratoken"

// tmuxTimeout bounds a tmux command: the server answers at once or not at
// all.
const tmuxTimeout = 2 * time.Second

// tmuxLoad puts text in our tmux buffer and, with -w (tmux 3.2 and later),
// on the outer terminal's clipboard through tmux's own OSC 52, which the
// default "set-clipboard external" allows.
func (c *Clipboard) tmuxLoad(text string) error {
	return c.tmux(text, "load-buffer", "-b", tmuxBuffer, "-w", "-")
}

// tmuxClear takes the copy back from the outer terminal's clipboard and
// from tmux. tmux ignores an empty load, so the outer clipboard gets a
// single space (the nearest to empty that tmux can send); then our buffer
// is deleted, so that tmux's paste finds nothing of ours, not even the
// space.
func (c *Clipboard) tmuxClear() error {
	if err := c.tmuxLoad(" "); err != nil {
		return err
	}
	return c.tmux("", "delete-buffer", "-b", tmuxBuffer)
}

// runTmux runs tmux with stdin. Its error carries tmux's own message (such
// as "unknown flag -w" from a tmux older than 3.2), never stdin.
func runTmux(stdin string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), tmuxTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "tmux", args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("tmux %s: %w: %s", args[0], err, strings.TrimSpace(string(out)))
	}
	return nil
}
