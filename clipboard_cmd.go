package main

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/entratoken/entratoken/clip"
	"github.com/spf13/cobra"
)

// maxClearDelay bounds --after: the UI asks for what is left of the
// configured clear, never hours.
const maxClearDelay = 24 * time.Hour

// newClipboardClearCmd is the hidden command the terminal UI leaves behind
// when it quits with a copied token still on the system clipboard (see
// clip.Clipboard.HandOff): it waits, then clears the clipboard if it
// still holds the text whose SHA-256 is --sum.
func newClipboardClearCmd() *cobra.Command { return clipboardClearCmd(clip.ClearIfSum) }

// clipboardClearCmd is newClipboardClearCmd with the compare-and-clear
// passed in, so tests touch no real clipboard.
func clipboardClearCmd(clear func(sum string) error) *cobra.Command {
	var after time.Duration
	var sum string
	cmd := &cobra.Command{
		Use:    clip.ClearCommand,
		Short:  "Clear the clipboard later if it still holds a copied token (started by the terminal UI)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if b, err := hex.DecodeString(sum); err != nil || len(b) != 32 {
				return fmt.Errorf("--sum must be a SHA-256 in hex (64 characters), got %q", sum)
			}
			if after < 0 || after > maxClearDelay {
				return fmt.Errorf("--after must be between 0s and %v, got %v", maxClearDelay, after)
			}
			// The wait is on the wall clock, so a laptop that slept through
			// it clears on waking. A termination signal cuts it short:
			// better cleared early than left on the clipboard.
			clip.WaitUntil(cmd.Context(), clip.WallNow().Add(after))
			return clear(sum)
		},
	}
	cmd.Flags().DurationVar(&after, "after", 0, "how long to wait before clearing")
	cmd.Flags().StringVar(&sum, "sum", "", "hex SHA-256 of the text to clear")
	return cmd
}
