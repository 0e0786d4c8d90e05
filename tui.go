package main

import (
	"context"
	"errors"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/ui"
)

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
	// 30 frames a second keeps typing smooth; Bubble Tea's default of 60
	// wakes the process often enough to cost over 1 % of a core at idle.
	p := tea.NewProgram(model, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(30))
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
