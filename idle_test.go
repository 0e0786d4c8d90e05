//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wakeups counts the times the process's threads went to sleep and woke
// (voluntary context switches), from /proc.
func wakeups(t *testing.T, pid int) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "status"))
	n := 0
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "voluntary_ctxt_switches:"); ok {
				c, _ := strconv.Atoi(strings.TrimSpace(v))
				n += c
			}
		}
	}
	return n
}

// A TUI left open all day costs next to nothing: Bubble Tea's renderer
// woke 30 times a second to look for a change, about 150 thread wake-ups a
// second and half a percent of a core on the idle list. Now the list sleeps,
// and the token screen wakes for its countdown only.
func TestIdleTUISleeps(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("needs /proc")
	}
	s := startScreen(t, 100, 30, "--sandbox")
	s.waitFor("dp-soknad", "pdl-api")
	measure := func(screen string, most float64) {
		t.Helper()
		time.Sleep(time.Second)
		before := wakeups(t, s.cmd.Process.Pid)
		const span = 3 * time.Second
		time.Sleep(span)
		if rate := float64(wakeups(t, s.cmd.Process.Pid)-before) / span.Seconds(); rate > most {
			t.Errorf("%s: %.0f wake-ups a second while idle, want at most %.0f", screen, rate, most)
		}
	}
	measure("the list", 20)
	s.send("\r")
	s.waitFor("access_as_application")
	measure("the token screen", 75)
	s.send("q")
	s.waitExitOK()
}
