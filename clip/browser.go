package clip

import (
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/cli/browser"
)

// Browser opens URLs: with $BROWSER when set (a ':'-separated list of
// commands, each may hold %s for the URL), else the platform's opener.
// Nothing it starts may write to the terminal the UI is drawing on.
type Browser struct {
	getenv func(string) string
	run    func(name string, args ...string) error
	open   func(url string) error
}

// NewBrowser returns a Browser; getenv is os.Getenv.
func NewBrowser(getenv func(string) string) *Browser {
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	return &Browser{getenv: getenv, run: runQuiet, open: browser.OpenURL}
}

func runQuiet(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	return cmd.Run()
}

// Open opens url; the URL is passed as an argument, never through a shell.
func (b *Browser) Open(url string) error {
	env := strings.TrimSpace(b.getenv("BROWSER"))
	if env == "" {
		return b.open(url)
	}
	var last error
	for _, entry := range strings.Split(env, ":") {
		fields := strings.Fields(entry)
		if len(fields) == 0 {
			continue
		}
		args, placed := make([]string, 0, len(fields)), false
		for _, f := range fields[1:] {
			if strings.Contains(f, "%s") {
				f, placed = strings.ReplaceAll(f, "%s", url), true
			}
			args = append(args, f)
		}
		if !placed {
			args = append(args, url)
		}
		if last = b.run(fields[0], args...); last == nil {
			return nil
		}
	}
	if last == nil { // $BROWSER held no command at all
		return b.open(url)
	}
	return fmt.Errorf("$BROWSER could not open the page: %w", last)
}
