package flows_test

import (
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func TestRelative(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{58*time.Minute + 12*time.Second, "in 58 min"},
		{64 * time.Minute, "in 64 min"},
		{-3 * time.Minute, "3 min ago"},
		{45 * time.Second, "in 45 s"},
		{-45 * time.Second, "45 s ago"},
		{2 * time.Second, "now"},
		{-4 * time.Second, "now"},
		{5 * time.Second, "in 5 s"},
		{90 * time.Minute, "in 1 h 30 min"},
		{3*time.Hour + 10*time.Minute, "in 3 h 10 min"},
		{-72 * time.Hour, "3 days ago"},
	} {
		if got := flows.Relative(now.Add(tt.d), now); got != tt.want {
			t.Errorf("Relative(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                            "0 s",
		59 * time.Second:             "59 s",
		-2 * time.Minute:             "2 min",
		3899 * time.Second:           "64 min",
		2*time.Hour + 59*time.Second: "2 h 0 min",
		49 * time.Hour:               "2 days",
	} {
		if got := flows.Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}
