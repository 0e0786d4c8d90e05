package main

import (
	"context"
	"errors"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/ui"
)

// frameRate is how often Bubble Tea's renderer wakes to draw, changed or
// not. At its default 60 the wake-ups alone cost about 1 % of a core while
// the token screen sits idle (1.33 % measured in all, against 0.77 % at 30);
// at 30 a key's effect still shows within one 33 ms frame.
const frameRate = 30

// runTUI opens the terminal UI. Bubble Tea restores the terminal on every
// exit path, panics included.
func runTUI(ctx context.Context, g globals) error {
	a, err := newApp(g)
	if err != nil {
		return err
	}
	defer a.cleanup()
	model := ui.New(ui.Deps{
		Tokens:    a.broker,
		Store:     a.store,
		Clipboard: clip.New(os.Stdout, a.getenv),
		Browser:   clip.NewBrowser(a.getenv),
		Clock:     ui.SystemClock{},
		Config:    a.cfg,
		Session:   a.session,
		Banner:    a.banner,
	})
	p := tea.NewProgram(model, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(frameRate))
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
