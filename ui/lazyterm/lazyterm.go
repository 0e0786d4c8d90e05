// Package lazyterm keeps the terminal out of package initialisation.
//
// Bubble Tea v1's init asks the terminal for its background colour (OSC 11,
// then a cursor position report) and waits up to 5 s for the answer, so
// every command, `--version` included, stalls where the terminal does not
// answer: `script`, `kubectl exec -t` without `-i`, `docker run -t` in CI.
// termenv asks nothing while TERM is "dumb". This package imports only the
// standard library, so the Go spec's initialisation order (import paths in
// order, each once its imports are done) runs its init before Bubble Tea's,
// which waits on github.com/muesli/…: it sets TERM=dumb for the length of
// package initialisation, and Restore, called from package main's init,
// puts TERM back before any command runs. The terminal UI then asks for the
// background colour itself, on a renderer of its own.
package lazyterm

import "os"

// term is TERM as the process got it; set says whether it was set at all.
var term, set = os.LookupEnv("TERM")

func init() { os.Setenv("TERM", "dumb") }

// Restore puts TERM back as the process got it.
func Restore() {
	if set {
		os.Setenv("TERM", term)
	} else {
		os.Unsetenv("TERM")
	}
}
