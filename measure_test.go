package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMeasureTUILatency times the terminal UI on the in-process sandbox as
// a person meets it, in a pseudo-terminal read by a terminal emulator:
// process start to first output and to the first frame with the target
// list, and enter to the token on screen (at once after the first frame,
// while the sandbox may still be making its keys; from the cache; and a
// fresh fetch once the keys are there), and enter to the verification
// line's "signature ✓" (the first check fetches the sandbox's keys, the
// second finds them cached). It is a measurement, not a check,
// so it runs only with ENTRATOKEN_MEASURE=1. ENTRATOKEN_MEASURE_RUNS sets
// the number of runs (default 10); ENTRATOKEN_MEASURE_BINARY measures
// another build, e.g. an older commit's.
func TestMeasureTUILatency(t *testing.T) {
	if os.Getenv("ENTRATOKEN_MEASURE") != "1" {
		t.Skip("set ENTRATOKEN_MEASURE=1 to measure the TUI's latencies")
	}
	if b := os.Getenv("ENTRATOKEN_MEASURE_BINARY"); b != "" {
		saved := binary
		binary = b
		t.Cleanup(func() { binary = saved })
	}
	runs, err := strconv.Atoi(cmpOr(os.Getenv("ENTRATOKEN_MEASURE_RUNS"), "10"))
	if err != nil || runs < 1 {
		t.Fatalf("ENTRATOKEN_MEASURE_RUNS=%q: want a positive number", os.Getenv("ENTRATOKEN_MEASURE_RUNS"))
	}
	var all []tuiTimes
	for range runs {
		all = append(all, measureTUIOnce(t))
	}
	t.Logf("%d runs of %s --sandbox at 100x32", runs, binary)
	t.Logf("%-52s %9s %9s %9s", "", "min", "median", "max")
	for _, row := range []struct {
		name string
		get  func(tuiTimes) time.Duration
	}{
		{"start → first output", func(m tuiTimes) time.Duration { return m.firstOutput }},
		{"start → first frame (target list)", func(m tuiTimes) time.Duration { return m.firstFrame }},
		{"enter at first frame → token (M2M)", func(m tuiTimes) time.Duration { return m.enterAtOnce }},
		{"enter → cached token (M2M)", func(m tuiTimes) time.Duration { return m.enterCached }},
		{"enter → fresh token, keys ready (OBO)", func(m tuiTimes) time.Duration { return m.enterFresh }},
		{"enter at first frame → signature ✓ (keys fetched)", func(m tuiTimes) time.Duration { return m.verifiedAtOnce }},
		{"enter → signature ✓ (cached token, keys cached)", func(m tuiTimes) time.Duration { return m.verifiedCached }},
	} {
		d := make([]time.Duration, len(all))
		for i, m := range all {
			d[i] = row.get(m)
		}
		slices.Sort(d)
		if d[0] < 0 {
			continue // a build without the verification line
		}
		t.Logf("%-52s %9s %9s %9s", row.name, ms(d[0]), ms(d[len(d)/2]), ms(d[len(d)-1]))
	}
}

// tuiTimes are one run's latencies.
type tuiTimes struct {
	firstOutput, firstFrame              time.Duration
	enterAtOnce, enterCached, enterFresh time.Duration
	verifiedAtOnce, verifiedCached       time.Duration // -1: no verification line
}

// measureTUIOnce starts the TUI on the sandbox with an empty cache, gets
// three tokens and quits.
func measureTUIOnce(t *testing.T) tuiTimes {
	t.Helper()
	var m tuiTimes
	began := time.Now()
	s := startScreen(t, 100, 32, "--sandbox")
	select {
	case <-s.wrote:
		m.firstOutput = time.Since(began)
	case <-time.After(15 * time.Second):
		t.Fatal("no output within 15 s")
	}
	m.firstFrame = s.until(began, "Saved targets", "dp-soknad", "pdl-api")

	at := time.Now()
	m.enterAtOnce = s.press("\r", "dp-soknad · M2M", "access_as_application")
	m.verifiedAtOnce = s.verifiedSince(at)
	s.press("\x1b", "Saved targets")
	at = time.Now()
	m.enterCached = s.press("\r", "dp-soknad · M2M", "access_as_application")
	m.verifiedCached = s.verifiedSince(at)
	s.press("\x1b", "Saved targets")
	s.send("\x1b[B") // down to pdl-api
	m.enterFresh = s.press("\r", "pdl-api · OBO", "NAVident")

	s.press("\x1b", "Saved targets")
	s.send("q")
	s.waitExitOK()
	return m
}

// press sends keys and returns how long until every string is on screen.
func (s *screen) press(keys string, wants ...string) time.Duration {
	s.t.Helper()
	began := time.Now()
	if _, err := s.pty.WriteString(keys); err != nil {
		s.t.Fatal(err)
	}
	return s.until(began, wants...)
}

// verifiedSince is the time from began until the token screen's
// verification line reads "signature ✓"; -1 when the token screen has no
// such line (an older build).
func (s *screen) verifiedSince(began time.Time) time.Duration {
	s.t.Helper()
	if !strings.Contains(s.text(), "signature") {
		return -1
	}
	return s.until(began, "signature ✓")
}

// until waits until every string is on screen, looking each time the
// program writes rather than polling, and returns the time since began.
func (s *screen) until(began time.Time, wants ...string) time.Duration {
	s.t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		text := s.text()
		if !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(text, w) }) {
			return time.Since(began)
		}
		select {
		case <-s.wrote:
		case <-deadline:
			s.t.Fatalf("timed out waiting for %q; the screen shows:\n%s", wants, text)
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// TestMeasureTUIKeptSession times what the kept session costs a TUI's
// start, on the standalone sandbox with the session `entratoken login`
// kept in the file store: start → first frame (the list), start → the
// header's badge (the store read, then GET /oauth2/session, both in the
// background). A binary
// without the badge (ENTRATOKEN_MEASURE_BINARY, an older build) shows
// none: its rows say so. ENTRATOKEN_MEASURE=1 only, as above.
func TestMeasureTUIKeptSession(t *testing.T) {
	if os.Getenv("ENTRATOKEN_MEASURE") != "1" {
		t.Skip("set ENTRATOKEN_MEASURE=1 to measure the TUI's latencies")
	}
	sb, env := standalone(t)
	dir := t.TempDir()
	env = append(env, "XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	entratoken(t, env, sb.DemoSession()+"\n", "login").want(t, 0)
	entratoken(t, env, "", "targets", "add", "dev-gcp:pdl:pdl-api", "--flow", "obo").want(t, 0)
	if b := os.Getenv("ENTRATOKEN_MEASURE_BINARY"); b != "" {
		saved := binary
		binary = b
		t.Cleanup(func() { binary = saved })
	}
	runs, err := strconv.Atoi(cmpOr(os.Getenv("ENTRATOKEN_MEASURE_RUNS"), "10"))
	if err != nil || runs < 1 {
		t.Fatalf("ENTRATOKEN_MEASURE_RUNS=%q: want a positive number", os.Getenv("ENTRATOKEN_MEASURE_RUNS"))
	}
	var frame, badge []time.Duration
	for range runs {
		began := time.Now()
		s := startScreenEnv(t, env, 100, 32)
		frame = append(frame, s.until(began, "Saved targets", "pdl-api"))
		if b, ok := s.within(began, 2*time.Second, "signed in · 9 h"); ok {
			badge = append(badge, b)
		}
		s.send("q")
		s.waitExitOK()
	}
	t.Logf("%d runs of %s with a kept session (file store) at 100x32", runs, binary)
	t.Logf("%-44s %9s %9s %9s", "", "min", "median", "max")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{{"start → first frame (target list)", frame}, {"start → session badge in the header", badge}} {
		if len(row.d) == 0 {
			t.Logf("%-44s %9s", row.name, "never")
			continue
		}
		slices.Sort(row.d)
		t.Logf("%-44s %9s %9s %9s", row.name, ms(row.d[0]), ms(row.d[len(row.d)/2]), ms(row.d[len(row.d)-1]))
	}
}

// within is until with a limit: whether every string was on screen
// within limit of began, and when.
func (s *screen) within(began time.Time, limit time.Duration, wants ...string) (time.Duration, bool) {
	deadline := time.After(time.Until(began.Add(limit)))
	for {
		text := s.text()
		if !slices.ContainsFunc(wants, func(w string) bool { return !strings.Contains(text, w) }) {
			return time.Since(began), true
		}
		select {
		case <-s.wrote:
		case <-deadline:
			return 0, false
		}
	}
}
