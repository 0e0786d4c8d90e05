// Package render draws a Bubble Tea program on the terminal when its view
// changes, and at no other time.
//
// Bubble Tea v1's own renderer wakes at its frame rate (30 or 60 times a
// second) to see whether the view changed, so a TUI left open in a tmux
// pane costs half a percent of a core while nothing happens: the wake-ups,
// not the drawing, are the cost (measured with pprof: the Go scheduler
// parking and waking its threads). This renderer sleeps until a view
// differs from the last one, draws it at once (a key's effect shows without
// waiting for a frame), and draws at most one frame per interval when views
// come faster (a paste, a spinner), so a burst is still one frame.
//
// Run the program with the model wrapped by Wrap, Silent as its output and
// the lowest frame rate (tea.WithFPS(1)): Bubble Tea still sets the
// terminal up (raw input, its size, console modes on Windows) through
// Silent's file descriptor, and its own renderer, which cannot be left out
// without losing all that, draws into nothing once a second. Start and
// Stop take the alternate screen, the cursor and bracketed paste mode, as
// Bubble Tea's renderer would.
package render

import (
	"io"
	"os"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Terminal modes the renderer takes and gives back.
const (
	altScreenOn     = "\x1b[?1049h"
	altScreenOff    = "\x1b[?1049l"
	cursorHidden    = "\x1b[?25l"
	cursorShown     = "\x1b[?25h"
	bracketedOn     = "\x1b[?2004h"
	bracketedOff    = "\x1b[?2004l"
	defaultInterval = time.Second / 60
)

// Renderer draws views on a terminal. It is safe for concurrent use.
type Renderer struct {
	tty      *os.File
	interval time.Duration // the least time between two frames

	mu            sync.Mutex
	view          string // the latest view
	width, height int
	repaint       bool // clear the screen and draw every line next time

	last    []string      // the lines on screen; the draw loop's alone
	dirty   chan struct{} // a new view waits; holds at most one signal
	done    chan struct{}
	stopped chan struct{}
}

// New returns a renderer for tty, the terminal.
func New(tty *os.File) *Renderer {
	return &Renderer{tty: tty, interval: defaultInterval, dirty: make(chan struct{}, 1),
		done: make(chan struct{}), stopped: make(chan struct{})}
}

// Silent is the terminal as Bubble Tea's output: its file descriptor, for
// the window size and the terminal modes, but none of its writes.
func (r *Renderer) Silent() *SilentTTY { return &SilentTTY{r.tty} }

// SilentTTY is a terminal that takes writes and drops them.
type SilentTTY struct{ *os.File }

// Write drops p.
func (SilentTTY) Write(p []byte) (int, error) { return len(p), nil }

// WriteString drops s; io.WriteString would otherwise reach the file.
func (SilentTTY) WriteString(s string) (int, error) { return len(s), nil }

// Start switches to the alternate screen, hides the cursor, turns on
// bracketed paste and starts drawing.
func (r *Renderer) Start() {
	io.WriteString(r.tty, altScreenOn+ansi.EraseEntireScreen+ansi.CursorHomePosition+cursorHidden+bracketedOn)
	go r.loop()
}

// Stop stops drawing and gives the terminal back as Start found it. Call it
// once, after the program has ended.
func (r *Renderer) Stop() {
	close(r.done)
	<-r.stopped
	io.WriteString(r.tty, bracketedOff+cursorShown+altScreenOff)
}

// Wrap returns m drawn by r: every view it renders is handed to r, and a
// window size change repaints the whole screen.
func (r *Renderer) Wrap(m tea.Model) tea.Model { return model{m, r} }

type model struct {
	tea.Model
	r *Renderer
}

// Unwrap is the model that Wrap wrapped, for reading a program's final
// model; a model Wrap did not make is returned as it is.
func Unwrap(m tea.Model) tea.Model {
	if w, ok := m.(model); ok {
		return w.Model
	}
	return m
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		m.r.resize(ws.Width, ws.Height)
	}
	next, cmd := m.Model.Update(msg)
	return model{next, m.r}, cmd
}

func (m model) View() string {
	v := m.Model.View()
	m.r.write(v)
	return v
}

func (r *Renderer) resize(w, h int) {
	r.mu.Lock()
	r.width, r.height, r.repaint = w, h, true
	r.mu.Unlock()
	r.wake()
}

// write takes a view; one equal to the last costs nothing more.
func (r *Renderer) write(view string) {
	r.mu.Lock()
	same := view == r.view && !r.repaint
	r.view = view
	r.mu.Unlock()
	if !same {
		r.wake()
	}
}

func (r *Renderer) wake() {
	select {
	case r.dirty <- struct{}{}:
	default: // a frame is due already
	}
}

// loop draws each new view; it sleeps while there is none.
func (r *Renderer) loop() {
	defer close(r.stopped)
	var drawn time.Time
	for {
		select {
		case <-r.dirty:
		case <-r.done:
			return
		}
		if wait := r.interval - time.Since(drawn); wait > 0 {
			select {
			case <-time.After(wait):
			case <-r.done:
				return
			}
		}
		r.draw()
		drawn = time.Now()
	}
}

// draw writes the lines that differ from those on screen, each at its row,
// cut to the width and cleared to its end; rows the view no longer has are
// cleared.
func (r *Renderer) draw() {
	r.mu.Lock()
	view, w, h, repaint := r.view, r.width, r.height, r.repaint
	r.repaint = false
	r.mu.Unlock()
	lines := strings.Split(view, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	if repaint {
		b.WriteString(ansi.EraseEntireScreen)
		r.last = nil
	}
	for i, line := range lines {
		if i < len(r.last) && r.last[i] == line {
			continue
		}
		if w > 0 {
			line = ansi.Truncate(line, w, "")
		}
		b.WriteString(ansi.CursorPosition(1, i+1))
		b.WriteString(line)
		if w <= 0 || ansi.StringWidth(line) < w {
			b.WriteString(ansi.EraseLineRight)
		}
	}
	for i := len(lines); i < len(r.last); i++ {
		b.WriteString(ansi.CursorPosition(1, i+1) + ansi.EraseEntireLine)
	}
	r.last = lines
	if b.Len() > 0 {
		io.WriteString(r.tty, b.String())
	}
}
