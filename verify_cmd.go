package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/spf13/cobra"
)

// verifyFlags are decode's verification flags.
type verifyFlags struct {
	verify              bool
	aud, target, issuer string
}

func (f *verifyFlags) add(cmd *cobra.Command, g *globals) {
	fl := cmd.Flags()
	fl.BoolVar(&f.verify, "verify", false, "verify the signature with the issuer's published keys and check issuer and expiry: exit 1 when invalid, 3 when it could not be checked")
	fl.StringVar(&f.aud, "aud", "", "the audience (aud) the token must have (with --target: that app's client ID); implies --verify")
	fl.StringVar(&f.target, "target", "", "the app (cluster:namespace:app) that must accept the token; implies --verify")
	fl.StringVar(&f.issuer, "issuer", "", "the only issuer to accept (default: Entra ID, or AZURE_OPENID_CONFIG_ISSUER); implies --verify")
	_ = cmd.RegisterFlagCompletionFunc("target", completeTargets(g))
}

// on reports whether a verification was asked for: --aud, --target and
// --issuer imply --verify.
func (f verifyFlags) on() bool { return f.verify || f.aud != "" || f.target != "" || f.issuer != "" }

// expect reads the flags into what the verification requires.
func (f verifyFlags) expect() (verify.Expect, error) {
	want := verify.Expect{Audience: strings.TrimSpace(f.aud), Issuer: strings.TrimSpace(f.issuer)}
	if f.target != "" {
		t, err := flows.ParseTarget(f.target)
		if err != nil {
			return want, fmt.Errorf("--target: %w", err)
		}
		want.Target = t
	}
	return want, nil
}

// verifier checks tokens with the keys the environment (the sandbox's,
// with --sandbox) names or the issuer publishes, cached beside the token
// cache, fetched with the config's timeout. The TUI gets the same one.
func (a *app) verifier() *verify.Verifier {
	return &verify.Verifier{HTTP: flows.NewHTTPClient(a.cfg.Timeout), Getenv: a.getenv, CacheDir: a.broker.Cache.Dir}
}

// writeReport prints the verdict and one line per check.
func writeReport(w io.Writer, r verify.Report) {
	fmt.Fprintf(w, "\nverification: %s\n", r.Summary())
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-10s %s\n", c.Name+":", c.Detail)
	}
}

// verdict is the verification's outcome as the command's: nil when the
// token is valid, exit 1 when it is not, exit 3 when it could not be
// checked (the keys were unreachable, the audience unknown), and ctx's
// error when a signal cut the check short.
func verdict(ctx context.Context, r verify.Report) error {
	switch {
	case r.State == verify.Valid:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case r.State == verify.Invalid:
		return &exitCodeError{code: exitFailed, msg: "the token does not verify (" + r.Summary() + ")"}
	}
	return &exitCodeError{code: exitNotChecked, msg: "the token could not be fully verified (" + r.Summary() + ")"}
}

// exitCodeError ends a command that has printed its result with an exit
// code of its own; msg goes to stderr.
type exitCodeError struct {
	code int
	msg  string
}

func (e *exitCodeError) Error() string { return e.msg }
