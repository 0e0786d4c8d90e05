package flows

import (
	"fmt"
	"time"
)

// Span says a duration in words, rounded down to the unit that matters at
// its size: "45 s", "58 min", "3 h 10 min", "3 days". The sign is ignored.
// The TUI and the CLI both use it, so a token's time left reads the same
// everywhere.
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d/time.Second))
	case d < 90*time.Minute:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min", int(d/time.Hour), int(d/time.Minute)%60)
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}

// Relative says how far t is from now in words: "in 58 min", "3 min ago",
// or "now" within five seconds either way.
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > -5*time.Second && d < 5*time.Second:
		return "now"
	case d > 0:
		return "in " + Span(d)
	}
	return Span(d) + " ago"
}
