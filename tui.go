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
	"github.com/entratoken/entratoken/ui/render"
	"github.com/muesli/termenv"
)

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
	freshRenderer()
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
		Verifier:  a.verifier(), // decode --verify's, with the same keys
		Config:    a.cfg,
		Session:   a.session,
		// Under --sandbox the keeper keeps in memory: the user's kept
		// session is never read or written there.
		Keeper:  a.sess.keeper,
		Checker: a.gen,
		KeptIn:  a.sess.keeper.Store.Kind(),
		Banner:  a.banner,
	})
	_, err = runScreen(ctx, model)
	return err
}

// freshRenderer makes Lip Gloss draw for the real terminal. Its default
// renderer was made under TERM=dumb: a fresh one sees the terminal, and
// ui.New and ui.NewLogin ask it for the background colour before the
// program starts reading input.
func freshRenderer() {
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(os.Stdout))
	termenv.SetDefaultOutput(termenv.NewOutput(os.Stdout))
}

// runScreen runs model on the terminal until it ends, and returns the
// model as it ended. Bubble Tea restores the terminal on every exit path,
// panics included.
func runScreen(ctx context.Context, model tea.Model) (tea.Model, error) {
	// Signals end the program through ctx alone (main's signal.NotifyContext):
	// Bubble Tea's own handler races it, and when ctx wins, the handler
	// blocks sending a QuitMsg nobody reads, and shutdown waits on it forever.
	//
	// The view is drawn by render, which sleeps while nothing changes:
	// Bubble Tea's renderer wakes at its frame rate whatever happens, and
	// those wake-ups were all the cost of an idle TUI.
	screen := render.New(os.Stdout)
	p := tea.NewProgram(screen.Wrap(model), tea.WithContext(ctx), tea.WithOutput(screen.Silent()), tea.WithFPS(1), tea.WithoutSignalHandler())
	screen.Start()
	defer screen.Stop()
	final, err := p.Run()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		return nil, fmt.Errorf("%w: the terminal UI crashed (%v)", errPanicked, err)
	case ctx.Err() != nil:
		// Killed by a signal: exit 128+n, like any process it kills.
		return nil, context.Cause(ctx)
	}
	return render.Unwrap(final), err
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
