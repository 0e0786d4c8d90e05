package ui

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/flows"
)

// spin's frames follow the clock, not a frame counter, so a fixed clock
// gives a fixed picture.
var spin = spinner.MiniDot

// runningScreen shows what is being asked of whom while a token is on its
// way; esc gives up and goes back where the run started.
type runningScreen struct {
	desc   string
	target flows.Target
	start  time.Time
	back   screenID
}

func (r runningScreen) update(msg tea.KeyMsg) tea.Msg {
	if msg.String() == "esc" {
		return cancelRunMsg{}
	}
	return nil
}

func (r runningScreen) view(st styles, now time.Time, width int) string {
	elapsed := max(now.Sub(r.start), 0)
	frame := spin.Frames[int(elapsed/spin.FPS)%len(spin.Frames)]
	line := st.accent.Render(frame) + " " + r.desc + "…  " + st.muted.Render(fmt.Sprintf("%.1f s", elapsed.Seconds()))
	return truncate(st.header.Render(r.target.String()), width) + "\n\n" + truncate(line, width) + "\n\n" +
		st.muted.Render("esc cancels; a late answer is ignored.")
}
