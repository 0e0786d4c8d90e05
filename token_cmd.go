package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/entratoken/entratoken/flows"
	"github.com/spf13/cobra"
)

// tokenOpts are the flags of "entratoken token".
type tokenOpts struct {
	obo, m2m    bool
	via         string
	format      string
	fresh       bool
	sessionFile string
	userToken   string
}

func newTokenCmd(g *globals) *cobra.Command {
	var o tokenOpts
	cmd := &cobra.Command{
		Use:   "token <target>",
		Short: "Print an access token for a target (script mode)",
		Long: `Print an access token for cluster:namespace:app on stdout. Progress and
errors go to stderr. Tokens are cached until 5 minutes (expiry_margin) before
they expire; --fresh skips the cache.

The flow is --obo or --m2m, else the target's saved default, else M2M. M2M
comes from the target's saved source (default azure-token-generator); --via
picks another. OBO via the generator needs your login session: the one
"entratoken login" kept, or for one run ENTRATOKEN_SESSION or
--session-file with the io.nais.wonderwall.session cookie (which wins, and
is then kept). OBO via Texas or Entra exchanges a user token you hold.

Exit status: 0 token printed, 1 the flow failed, 2 bad usage or input.`,
		Example: `  curl -H "$(entratoken token --format header dev-gcp:team:app)" https://app.intern.dev.nav.no/api
  curl -K <(entratoken token --format curl dev-gcp:team:app) https://app.intern.dev.nav.no/api
  eval "$(entratoken token --format env dev-gcp:team:app)"; echo "$ACCESS_TOKEN_EXPIRES_AT"
  ENTRATOKEN_SESSION=… entratoken token --obo dev-gcp:team:app
  entratoken token --obo --via texas --user-token - dev-gcp:team:app < user-token.txt`,
		Args:              exactlyOneTarget,
		ValidArgsFunction: completeTargets(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runToken(cmd.Context(), *g, o, args[0], cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.obo, "obo", false, "on behalf of you: a user token (NAVident, groups, scp)")
	f.BoolVar(&o.m2m, "m2m", false, "machine to machine: an app token (roles, no user)")
	f.StringVar(&o.via, "via", "", "source: generator, texas or entra")
	f.StringVar(&o.format, "format", "raw", "output: raw, json, header, curl or env")
	f.BoolVar(&o.fresh, "fresh", false, "skip the cache (and Texas's) and get a new token")
	f.StringVar(&o.sessionFile, "session-file", "", "file holding the io.nais.wonderwall.session cookie (OBO via the generator)")
	f.StringVar(&o.userToken, "user-token", "", "user token to exchange for OBO via texas or entra; - reads stdin")
	_ = cmd.RegisterFlagCompletionFunc("via", fixedCompletions("generator", "texas", "entra"))
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletions("raw", "json", "header", "curl", "env"))
	return cmd
}

func runToken(ctx context.Context, g globals, o tokenOpts, arg string, stdin io.Reader, stdout, stderr io.Writer) error {
	if o.obo && o.m2m {
		return fmt.Errorf("--obo and --m2m: pick one flow")
	}
	target, err := flows.ParseTarget(arg)
	if err != nil {
		return err
	}
	format, err := parseFormat(o.format)
	if err != nil {
		return err
	}
	a, err := newApp(g)
	if err != nil {
		return err
	}
	defer a.cleanup()
	req, err := a.tokenRequest(target, o, stdin)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	progress(stderr, a.broker.Describe(req)+"…")
	res, err := a.broker.Get(ctx, req)
	a.settleSession(ctx, req, err, stderr)
	if err != nil {
		return failed(err)
	}
	progress(stderr, describeResult(res, a.now()))
	_, err = io.WriteString(stdout, format.render(res, a.now()))
	return err // run reports a failed write as such
}

// readStdin reads at most 1 MiB of stdin: a token is a few KiB.
func readStdin(stdin io.Reader) ([]byte, error) {
	b, err := flows.ReadLimited(stdin, "stdin")
	if errors.Is(err, flows.ErrTooLarge) {
		return nil, errors.New("more than 1 MiB on stdin; a token is a few KiB")
	}
	return b, err
}

// tokenRequest works out flow, source and credentials from the flags, the
// saved target and the environment.
func (a *app) tokenRequest(target flows.Target, o tokenOpts, stdin io.Reader) (flows.Request, error) {
	flow := flows.M2M
	saved, isSaved := a.savedTarget(target)
	switch {
	case o.obo:
		flow = flows.OBO
	case o.m2m:
		flow = flows.M2M
	case isSaved && saved.Flow != "":
		flow = saved.Flow
	}
	saved.Target = target // an unsaved target has the defaults
	req := saved.Request(flow, "")
	req.Fresh = o.fresh
	if o.via != "" {
		via, err := flows.ParseVia(o.via)
		if err != nil {
			return req, err
		}
		req.Via = via
	}
	if o.userToken != "" {
		if req.Flow != flows.OBO || req.Via == flows.ViaGenerator {
			return req, fmt.Errorf("--user-token is for --obo --via texas or --via entra (the generator uses your login session instead)")
		}
		tok, err := readUserToken(o.userToken, stdin)
		if err != nil {
			return req, err
		}
		req.UserToken = tok
	} else if req.Flow == flows.OBO && req.Via != flows.ViaGenerator {
		return req, fmt.Errorf("OBO via %s exchanges a user token: pass --user-token <jwt|->", req.Via)
	}
	if req.Flow == flows.OBO && req.Via == flows.ViaGenerator {
		session, err := a.sessionFor(o.sessionFile)
		if err != nil {
			return req, err
		}
		req.Session = session
	}
	return req, nil
}

// sessionFor reads the generator session from --session-file, else from
// ENTRATOKEN_SESSION (or the sandbox's demo session), else the kept one.
func (a *app) sessionFor(file string) (string, error) {
	if file == "" {
		return a.runSession(), nil
	}
	b, err := flows.ReadLocalFile(file)
	if err != nil {
		return "", fmt.Errorf("--session-file: %w", err)
	}
	p, err := flows.PickupSession(string(b))
	if err != nil || p.Session == "" {
		return "", fmt.Errorf("--session-file %s: no io.nais.wonderwall.session cookie in it (put the cookie's value, or name=value, in the file)", file)
	}
	a.sess.from = fromFile
	return p.Session, nil
}

func readUserToken(v string, stdin io.Reader) (string, error) {
	if v == "-" {
		b, err := readStdin(stdin)
		if err != nil {
			return "", fmt.Errorf("--user-token -: %w", err)
		}
		v = string(b)
	}
	p, err := flows.Pickup(v)
	switch {
	case err != nil:
		return "", fmt.Errorf("--user-token: %w", err)
	case p.Token == nil:
		return "", fmt.Errorf("--user-token: that is a session cookie, not a user token (for OBO via the generator, set ENTRATOKEN_SESSION instead)")
	}
	return p.Token.Raw, nil
}

func exactlyOneTarget(_ *cobra.Command, args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("need exactly one target, like dev-gcp:my-team:my-app (got %d arguments)", len(args))
	}
	return nil
}

// progress writes a line to stderr when a person is watching it.
func progress(stderr io.Writer, line string) {
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		fmt.Fprintln(stderr, strings.TrimSpace(line))
	}
}
