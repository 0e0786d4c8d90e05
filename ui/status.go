package ui

import (
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

func (s statusLine) view(st styles, width int) string {
	if s.text == "" {
		return ""
	}
	text := ansi.Truncate(s.text, width, "…")
	if s.isErr {
		return st.statusErr.Render(text)
	}
	return st.status.Render(text)
}
