package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/flows"
)

// level is how urgent a token's remaining time is; it picks the countdown's
// colour.
type level int

const (
	levelFresh   level = iota // 5 min or more left: green
	levelWarn                 // under 5 min: amber
	levelDanger               // under 1 min: red
	levelExpired              // gone
)

// words says an urgent level next to the countdown, so that it reads
// without colour (NO_COLOR) and to everyone else too; "" when fresh, and
// when expired, which the words beside the countdown say.
func (l level) words() string {
	return [...]string{"", "(under 5 min)", "(under 1 min)", ""}[l]
}

func levelOf(left time.Duration) level {
	switch {
	case left <= 0:
		return levelExpired
	case left < time.Minute:
		return levelDanger
	case left < 5*time.Minute:
		return levelWarn
	}
	return levelFresh
}

// clockString renders a duration as h:mm:ss, rounding down to whole seconds.
func clockString(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

// glyphs is a three-row block font for the big countdown.
var glyphs = map[rune][3]string{
	'0': {"█▀█", "█ █", "▀▀▀"}, '1': {"▀█ ", " █ ", "▀▀▀"},
	'2': {"▀▀█", "█▀▀", "▀▀▀"}, '3': {"▀▀█", " ▀█", "▀▀▀"},
	'4': {"█ █", "▀▀█", "  ▀"}, '5': {"█▀▀", "▀▀█", "▀▀▀"},
	'6': {"█▀▀", "█▀█", "▀▀▀"}, '7': {"▀▀█", "  █", "  ▀"},
	'8': {"█▀█", "█▀█", "▀▀▀"}, '9': {"█▀█", "▀▀█", "▀▀▀"},
	':': {" ", "▀", "▀"},
}

// bigText draws digits and colons three rows high.
func bigText(s string) string {
	var rows [3]strings.Builder
	for i, r := range s {
		g := glyphs[r]
		for j := range rows {
			if i > 0 {
				rows[j].WriteByte(' ')
			}
			rows[j].WriteString(g[j])
		}
	}
	return rows[0].String() + "\n" + rows[1].String() + "\n" + rows[2].String()
}

// localTime shows t on the local clock, with the date only when it is not
// today.
func localTime(t, now time.Time) string {
	lt, ln := t.In(time.Local), now.In(time.Local)
	if lt.YearDay() == ln.YearDay() && lt.Year() == ln.Year() {
		return lt.Format("15:04:05")
	}
	return lt.Format("2006-01-02 15:04")
}

// when is a time as "14:32:10 (in 58 min)".
func when(t, now time.Time) string {
	return localTime(t, now) + " (" + flows.Relative(t, now) + ")"
}

// tableWhen is when to the minute, for the claims table: "under a minute
// ago" rather than a count of seconds, so the table's text changes at most
// once a minute (the countdown above it counts the seconds).
func tableWhen(t, now time.Time) string {
	switch d := t.Sub(now); {
	case d > -time.Minute && d <= 0:
		return localTime(t, now) + " (under a minute ago)"
	case d > 0 && d < time.Minute:
		return localTime(t, now) + " (in under a minute)"
	}
	return when(t, now)
}

// countdownView is the big h:mm:ss, the expiry and the lifetime bar. big
// is false on short terminals, where one line must do.
//
// One rule for rounding: a time left is counted down in whole units, as a
// clock does (0:05:58 is five whole minutes and 58 s; "5 min left" in the
// list), and beside the countdown the expiry is the clock time alone, so
// the screen never shows one span rounded two ways. An expired token's
// clock stands at 0:00:00, with "expired" said once, beside it.
func countdownView(st styles, exp time.Time, lifetime time.Duration, now time.Time, width int, big bool) string {
	if exp.IsZero() {
		return st.levels[levelWarn].Render("expiry unknown: no exp claim, and no usable expires_in")
	}
	left := exp.Sub(now)
	lv := levelOf(left)
	style := st.levels[lv]
	info := st.muted.Render("expires " + localTime(exp, now))
	if lv == levelExpired {
		info = style.Render("expired") + st.muted.Render(" "+localTime(exp, now)+" ("+flows.Relative(exp, now)+")")
	}
	var clock string
	if big {
		clock = style.Render(bigText(clockString(left)))
		if w := lv.words(); w != "" {
			info = style.Render(w) + "\n" + info
		}
	} else {
		clock = style.Render(strings.TrimSpace(clockString(left) + " " + lv.words()))
	}
	if lifetime > 0 {
		life := st.muted.Render("lifetime " + flows.Span(lifetime))
		switch oneLine := info + st.muted.Render(" · ") + life; {
		case big:
			info += "\n" + life
		case lipgloss.Width(clock)+3+lipgloss.Width(oneLine) <= width: // else it is left out
			info = oneLine
		}
	}
	top := lipgloss.JoinHorizontal(lipgloss.Center, clock, "   ", info)
	return top + "\n" + lifetimeBar(lv, left, lifetime, width)
}

// lifetimeBar shows the share of the token's lifetime that is left.
func lifetimeBar(lv level, left, lifetime time.Duration, width int) string {
	pct := 0.0
	if lifetime > 0 && left > 0 {
		pct = min(float64(left)/float64(lifetime), 1)
	}
	colour := [...]lipgloss.AdaptiveColor{colGreen, colAmber, colRed, colRed}[lv]
	hex := colour.Dark
	if !lipgloss.HasDarkBackground() {
		hex = colour.Light
	}
	// No percentage: a third rounding of the same time left.
	bar := progress.New(progress.WithSolidFill(hex), progress.WithWidth(width), progress.WithoutPercentage(),
		progress.WithColorProfile(lipgloss.ColorProfile()))
	return bar.ViewAs(pct)
}
