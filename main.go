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
	"syscall"

	"github.com/entratoken/entratoken/flows"
)

// Exit codes of script mode.
const (
	exitOK     = 0
	exitFailed = 1 // the flow failed: the service refused, was unreachable, not logged in
	exitUsage  = 2 // bad usage or input
	// exitNotChecked is decode --verify's "could not be checked": the
	// issuer's keys were unreachable, or the audience could not be
	// compared; neither valid (0) nor invalid (1).
	exitNotChecked = 3
	// exitInterrupted is the shell's code for a command ended by SIGINT
	// (128 + 2), so scripts see ctrl+c as ctrl+c, not as a failed flow.
	exitInterrupted = 130
	programName     = "entratoken"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code; main does only
// process things around it, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var fe *flowError
	var ce *flows.ConfigError
	var xe *exitCodeError
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// The signal cancelled the work; "context canceled" would read
		// like a failure of its own.
		fmt.Fprintf(stderr, "%s: interrupted\n", programName)
		return exitInterrupted
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
	}
	// Everything else is bad usage or input: flags, arguments, the config
	// file, a value that is not a token. Any of them may quote what the
	// user or a file gave, so it is made printable.
	fmt.Fprintf(stderr, "%s: %s\n", programName, flows.Printable(err.Error()))
	return exitUsage
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
