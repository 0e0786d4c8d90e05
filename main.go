// Command entratoken gets Entra ID access tokens for NAIS dev APIs: a
// terminal UI to pick a target and read its token, and a script mode for
// curl and friends. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/spf13/cobra"
)

// Exit codes of script mode.
const (
	exitOK     = 0
	exitFailed = 1 // the flow failed (refused, unreachable, not logged in), or the output could not be written
	exitUsage  = 2 // bad usage or input
	// exitNotChecked is decode --verify's "could not be checked": the
	// issuer's keys were unreachable, or the audience could not be
	// compared; neither valid (0) nor invalid (1).
	exitNotChecked = 3
	// exitInternal is a bug: a panic (EX_SOFTWARE in sysexits.h), never
	// to be mistaken for bad usage.
	exitInternal = 70
	// exitInterrupted is the shell's code for a command ended by SIGINT
	// (128 + 2); SIGTERM and SIGHUP give 143 and 129 the same way.
	exitInterrupted = 130
	programName     = "entratoken"
)

// maxMessageLine caps each line of a bad-usage message: cobra quotes an
// unknown command whole, and it may be a 100 KB paste.
const maxMessageLine = 300

// signalGrace is how long the work has to end after a signal cancelled
// it: ample for the TUI to restore the terminal and hand off the clipboard
// clear; a step that does not watch the cancel (a config lock wait, an
// open that blocks) is cut off then.
const signalGrace = 2 * time.Second

func main() {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		first := signalled{<-sigs}
		cancel(first) // the work ends, and says why
		// Should it not end in time, or another signal come, the process
		// ends here, with the same code.
		select {
		case <-sigs:
		case <-time.After(signalGrace):
		}
		fmt.Fprintf(os.Stderr, "%s: %s\n", programName, first)
		os.Exit(first.code())
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	os.Exit(code)
}

// signalled is the cause of a context that a signal cancelled.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string {
	switch s.sig {
	case syscall.SIGTERM:
		return "stopped by SIGTERM"
	case syscall.SIGHUP:
		return "stopped by SIGHUP (the terminal went away)"
	}
	return "interrupted"
}

// code is 128 + the signal's number, as a shell reports a process the
// signal killed.
func (s signalled) code() int {
	if n, ok := s.sig.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return exitInterrupted
}

// run executes one command line and returns the exit code; main does only
// process things around it, so tests can call it. A panic is reported as
// the bug it is, with exit status 70.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "%s: internal error, please report it: %s\n%s", programName,
				flows.Printable(flows.Redact(fmt.Sprint(r))), debug.Stack())
			code = exitInternal
		}
	}()
	out := &outputWriter{w: stdout}
	root := newRootCmd(stdin, out, stderr)
	strictCompletion(root)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if out.err != nil {
		// Whatever else went wrong followed from this.
		fmt.Fprintf(stderr, "%s: cannot write the output: %s\n", programName, flows.Printable(out.err.Error()))
		return exitFailed
	}
	if err == nil {
		return exitOK
	}
	return explainExit(ctx, err, stderr)
}

// explainExit prints err and picks the exit code.
func explainExit(ctx context.Context, err error, stderr io.Writer) int {
	var fe *flowError
	var ce *flows.ConfigError
	var sig signalled
	var xe *exitCodeError
	switch {
	case ctx.Err() != nil:
		// A signal cancelled the work; "context canceled" would read like
		// a failure of its own.
		if !errors.As(context.Cause(ctx), &sig) {
			sig = signalled{os.Interrupt}
		}
		fmt.Fprintf(stderr, "%s: %s\n", programName, sig)
		return sig.code()
	case errors.As(err, &ce):
		// A source lacks a setting: the user's configuration, not the flow.
		fmt.Fprintf(stderr, "%s: %s\n", programName, flows.Printable(ce.Error()))
		return exitUsage
	case errors.As(err, &xe):
		// The command printed its result; this is only its verdict.
		fmt.Fprintf(stderr, "%s: %s\n", programName, flows.Printable(xe.msg))
		return xe.code
	case errors.As(err, &fe):
		printFlowError(stderr, fe.err)
		return exitFailed
	case errors.Is(err, errPanicked):
		fmt.Fprintf(stderr, "%s: internal error, please report it: %s\n", programName, flows.Printable(err.Error()))
		return exitInternal
	}
	// Everything else is bad usage or input: flags, arguments, the config
	// file, a value that is not a token. Any of them may quote what the
	// user or a file gave (cobra quotes an unknown command whole), so it is
	// made printable and each quote and line is cut short.
	msg := quoted.ReplaceAllStringFunc(flows.Printable(err.Error()), func(q string) string {
		if v, err := strconv.Unquote(q); err == nil {
			return flows.Quote(v)
		}
		return q
	})
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = flows.Shorten(l, maxMessageLine)
	}
	fmt.Fprintf(stderr, "%s: %s\n", programName, strings.Join(lines, "\n"))
	return exitUsage
}

// quoted finds a Go-quoted string in a message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// errPanicked marks an error that stands for a recovered panic (in the
// TUI), so it gets exit status 70, not 2.
var errPanicked = errors.New("a panic")

// outputWriter is stdout that remembers its first failed write (stdout
// closed, the disk full), so a lost result is reported as such.
type outputWriter struct {
	w   io.Writer
	err error
}

func (o *outputWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// Close closes stdout when it can be closed: the background half of
// `sandbox --env` closes it to tell its starter that the export block is
// whole.
func (o *outputWriter) Close() error {
	if c, ok := o.w.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// strictCompletion makes "completion <not a shell>" an error (cobra shows
// the help and exits 0), and a bare "completion" still the help.
func strictCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
}

// flowError marks a failure of the token flow itself (exit code 1), as
// opposed to bad usage or input (exit code 2).
type flowError struct{ err error }

func (e *flowError) Error() string { return e.err.Error() }
func (e *flowError) Unwrap() error { return e.err }

// failed marks err as a flow failure; nil stays nil.
func failed(err error) error {
	if err == nil {
		return nil
	}
	return &flowError{err: err}
}
