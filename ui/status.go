package ui

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// statusFade is how long a status message stays before it fades.
const statusFade = 4 * time.Second

// statusLine is the one-line confirmation under each screen ("copied
// token…"). Each message gets a sequence number so an old fade timer never
// wipes a newer message.
type statusLine struct {
	text  string
	isErr bool
	seq   int
}

// set shows text and returns the timer that fades it.
func (s *statusLine) set(text string, isErr bool, after afterFunc) tea.Cmd {
	s.seq++
	s.text, s.isErr = text, isErr
	return after(statusFade, statusFadeMsg{seq: s.seq})
}

// hold shows text without fading it: for news the user may not be looking
// at when it happens, such as a failed auto-refresh. Like every message,
// it goes when its screen does.
func (s *statusLine) hold(text string, isErr bool) {
	s.seq++
	s.text, s.isErr = text, isErr
}

// fade clears the message if msg belongs to it.
func (s *statusLine) fade(msg statusFadeMsg) {
	if msg.seq == s.seq {
		s.text = ""
	}
}

// clear drops the message at once, e.g. when a new run starts and the
// message belongs to what was on screen before.
func (s *statusLine) clear() {
	s.seq++
	s.text = ""
}

// statusMaxLines is as tall as a status message grows: a warning about a
// pasted token with its aud and what to do takes three lines at 60 columns.
const statusMaxLines = 3

// lines is the message wrapped to width: at most statusMaxLines, the last
// cut short if need be, so that a warning is read whole where it can be.
func (s statusLine) lines(width int) []string {
	if s.text == "" {
		return []string{""}
	}
	lines := wrapWords(s.text, max(width, 10))
	if len(lines) > statusMaxLines {
		lines = append(lines[:statusMaxLines-1], strings.Join(lines[statusMaxLines-1:], " "))
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], width, "…")
	}
	return lines
}

// height is how many lines the status takes at width.
func (s statusLine) height(width int) int { return len(s.lines(width)) }

func (s statusLine) view(st styles, width int) string {
	text := strings.Join(s.lines(width), "\n")
	if s.isErr {
		return st.statusErr.Render(text)
	}
	return st.status.Render(text)
}
