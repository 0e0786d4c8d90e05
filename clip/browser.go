package clip

import (
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/cli/browser"
)

// Browser opens URLs: with $BROWSER when set (a ':'-separated list of
// commands, each may hold %s for the URL), else the platform's opener.
// Nothing it starts may write to the terminal the UI is drawing on.
type Browser struct {
	getenv func(string) string
	wait   time.Duration // see openWait
	run    func(name string, args ...string) error
	open   func(url string) error
}

// openWait is how long a browser command gets to fail. One still running
// then is the browser itself (`firefox` as the first window runs until it
// is closed): that is success, not something to wait for.
const openWait = 3 * time.Second

// NewBrowser returns a Browser; getenv is os.Getenv.
func NewBrowser(getenv func(string) string) *Browser {
	// nil is /dev/null: no pipes, which a launcher's child (the browser)
	// would hold open, and Go would wait on, as long as the browser runs.
	browser.Stdout, browser.Stderr = nil, nil
	b := &Browser{getenv: getenv, wait: openWait}
	// The platform's opener runs its command to the end too (cli/browser
	// calls Run): it gets the same wait.
	b.open = func(url string) error { return within(b.wait, func() error { return browser.OpenURL(url) }) }
	b.run = func(name string, args ...string) error {
		// stdin, stdout and stderr on /dev/null: exec.Command's nil.
		return within(b.wait, exec.Command(name, args...).Run)
	}
	return b
}

// within runs open and returns its failure if it fails within wait; after
// that it is left to run (a browser that runs until it is closed), and
// reaped when it ends.
func within(wait time.Duration, open func() error) error {
	done := make(chan error, 1)
	go func() { done <- open() }()
	select {
	case err := <-done:
		return err
	case <-time.After(wait):
		return nil
	}
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
