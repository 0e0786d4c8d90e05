package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/ui"
	"github.com/entratoken/entratoken/ui/lazyterm"
	"github.com/muesli/termenv"
)

// frameRate is how often Bubble Tea's renderer wakes to draw, changed or
// not. At its default 60 the wake-ups alone cost about 1 % of a core while
// the token screen sits idle (1.33 % measured in all, against 0.77 % at 30);
// at 30 a key's effect still shows within one 33 ms frame.
const frameRate = 30

// Package initialisation ran with TERM=dumb, so that Bubble Tea's init
// asked the terminal nothing (see lazyterm); every command sees the real
// TERM again from here on.
func init() { lazyterm.Restore() }

// runTUI opens the terminal UI. Bubble Tea restores the terminal on every
// exit path, panics included; a clipboard clear still owed is then handed
// to a background process, whatever ended the program (q, a second ctrl+c,
// a signal, a panic), from the clipboard's own record of it.
func runTUI(ctx context.Context, g globals) (err error) {
	if err := needTerminal(os.Stdin, os.Stdout); err != nil {
		return err
	}
	// Lip Gloss's default renderer was made under TERM=dumb: a fresh one
	// sees the real terminal, and ui.New asks it for the background colour
	// before the program starts reading input.
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(os.Stdout))
	termenv.SetDefaultOutput(termenv.NewOutput(os.Stdout))
	a, err := newApp(g)
	if err != nil {
		return err
	}
	defer a.cleanup()
	clipboard := clip.New(os.Stdout, a.getenv)
	defer func() {
		if herr := clipboard.HandOff(); herr != nil && err == nil {
			err = fmt.Errorf("the copied token could not be cleared from the clipboard: %w", herr)
		}
	}()
	model := ui.New(ui.Deps{
		Tokens:    a.broker,
		Store:     a.store,
		Clipboard: clipboard,
		Browser:   clip.NewBrowser(a.getenv),
		Clock:     ui.SystemClock{},
		Config:    a.cfg,
		Session:   a.session,
		Banner:    a.banner,
	})
	// Signals end the program through ctx alone (main's signal.NotifyContext):
	// Bubble Tea's own handler races it, and when ctx wins, the handler
	// blocks sending a QuitMsg nobody reads, and shutdown waits on it forever.
	p := tea.NewProgram(model, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithFPS(frameRate), tea.WithoutSignalHandler())
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// needTerminal refuses to draw where nobody can see it: with stdout
// redirected the UI would run blind, and OSC 52 would copy the token into
// the file.
func needTerminal(stdin, stdout *os.File) error {
	for _, f := range []*os.File{stdin, stdout} {
		if !term.IsTerminal(f.Fd()) {
			return fmt.Errorf("the terminal UI needs a terminal, and %s is not one; in scripts use `%s token <target>`", strings.TrimPrefix(f.Name(), "/dev/"), programName)
		}
	}
	return nil
}
