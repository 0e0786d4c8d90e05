package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
	"github.com/spf13/cobra"
)

// maxPaste caps what login reads from stdin: a cookie is a few hundred
// bytes, a Cookie: line a few KiB.
const maxPaste = 64 << 10

func newLoginCmd(g *globals) *cobra.Command {
	var noBrowser bool
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to azure-token-generator once a day: OBO tokens then need no browser",
		Long: `Log in to azure-token-generator and keep the login session, so every later
"entratoken token --obo" gets OBO tokens without a browser until the session
ends (about 10 hours after the login).

In a terminal it shows the terminal UI's login screen and opens the
generator's login page in your browser. Log in, then copy the
io.nais.wonderwall.session cookie: in the browser's developer tools,
Application (Chrome, Edge) or Storage (Firefox), Cookies, the generator's
site. The screen picks the cookie up from the clipboard as soon as you copy
it (where the clipboard can be read), or takes it pasted; y copies the login
link, o opens it again, esc gives up. With stdin not a terminal it reads the
cookie from stdin. The value, io.nais.wonderwall.session=<value> and a
"Cookie:" line all work; the value is never shown.

The generator is asked whether it accepts the session before it is kept.
One it rejects is not kept: the screen says why and waits for another; from
stdin the exit status is 1. Giving up on the screen is exit status 1 too
(130 for ctrl+c). The session is kept in the system keyring, or where there
is none in a file only you can read (the config's session_store chooses).
"entratoken status" shows it; "entratoken logout" forgets it.`,
		Example: `  entratoken login
  entratoken login --no-browser      # over SSH: open the link it shows on your laptop
  entratoken login < cookie.txt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(*g, func(a *app) error {
				return a.login(cmd.Context(), noBrowser, cmd.InOrStdin(), cmd.ErrOrStderr())
			})
		},
	}
	cmd.Flags().BoolVar(&noBrowser, "no-browser", false, "only show the login link, do not open a browser")
	return cmd
}

// login takes the session, has the generator check it and keeps it when
// accepted: on the login screen in a terminal, else from stdin.
func (a *app) login(ctx context.Context, noBrowser bool, stdin io.Reader, stderr io.Writer) error {
	var kept session.Kept
	var err error
	if f, ok := stdin.(*os.File); ok && isTerminal(f) && isTerminal(os.Stdout) {
		kept, err = a.loginOnScreen(ctx, noBrowser)
	} else {
		kept, err = a.loginFromStdin(ctx, noBrowser, stdin, stderr)
	}
	if err != nil {
		return err
	}
	noticeFallback(stderr, kept.Place)
	fmt.Fprintf(stderr, "Logged in to %s. The session is kept in %s and ends %s (%s).\n",
		a.cfg.GeneratorURL, kept.Place, clockTime(kept.EndsAt), flows.Relative(kept.EndsAt, a.now()))
	if a.sess.from == fromEnv {
		fmt.Fprintf(stderr, "ENTRATOKEN_SESSION is set in this shell and wins over the kept session: unset it to use this one.\n")
	}
	return nil
}

// loginFromStdin reads the cookie from stdin (or, with only stdin a
// terminal, from a prompt on stderr) and has the keeper check and keep
// it. A session the generator rejects is not kept: exit 1, and why.
func (a *app) loginFromStdin(ctx context.Context, noBrowser bool, stdin io.Reader, stderr io.Writer) (session.Kept, error) {
	text, err := a.readLogin(ctx, noBrowser, stdin, stderr)
	if err != nil {
		return session.Kept{}, err
	}
	cookie, err := flows.PickupCookie(text)
	if errors.Is(err, flows.ErrTokenNotSession) {
		err = fmt.Errorf("%w (%s decode reads tokens)", err, programName)
	}
	if err != nil {
		return session.Kept{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.Timeout)
	defer cancel()
	progress(stderr, "Asking azure-token-generator about the session…")
	kept, info, err := a.sess.keeper.Adopt(ctx, cookie)
	switch {
	case session.Rejected(err):
		why := "there is no such session, or it ended"
		if !info.TimeoutAt.IsZero() {
			why = "it has been idle since " + clockTime(info.TimeoutAt)
		}
		return kept, failed(fmt.Errorf("azure-token-generator does not accept this session (%s), so it was not kept: log in at %s, copy the %s cookie again and rerun `%s login`",
			why, a.gen.SessionLoginURL(), flows.SessionCookie, programName))
	case err != nil:
		return kept, failed(fmt.Errorf("the session was not kept: %w", err))
	}
	return kept, nil
}

// readLogin gets the pasted text: from stdin when it is not a terminal,
// else (stdout is not one: no screen to draw on) by sending the user to
// the login page and reading a line without echo.
func (a *app) readLogin(ctx context.Context, noBrowser bool, stdin io.Reader, stderr io.Writer) (string, error) {
	url := a.gen.SessionLoginURL()
	f, ok := stdin.(*os.File)
	if !ok || !isTerminal(f) {
		b, err := io.ReadAll(io.LimitReader(stdin, maxPaste+1))
		switch {
		case err != nil:
			return "", fmt.Errorf("reading the session from stdin: %w", err)
		case len(b) > maxPaste:
			return "", errors.New("stdin holds more than 64 KiB: give only the io.nais.wonderwall.session cookie")
		case strings.TrimSpace(string(b)) == "":
			return "", fmt.Errorf("no session on stdin: log in at %s, then give the io.nais.wonderwall.session cookie, e.g. entratoken login < cookie.txt", url)
		}
		return string(b), nil
	}
	fmt.Fprintf(stderr, "Log in to azure-token-generator with your trygdeetaten.no user:\n  %s\n", url)
	if !noBrowser {
		openQuietly(clip.NewBrowser(a.getenv), url, stderr)
	}
	fmt.Fprintf(stderr, "Then copy the %s cookie (developer tools → Application or Storage\n→ Cookies → the generator's site) and paste it here; it is not shown: ", flows.SessionCookie)
	text, err := readSecretLine(ctx, f)
	fmt.Fprintln(stderr)
	return text, err
}

// openQuietly opens url in a browser without waiting for it: some openers
// run as long as the browser does. An early failure is said.
func openQuietly(b *clip.Browser, url string, stderr io.Writer) {
	done := make(chan error, 1)
	go func() { done <- b.Open(url) }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Fprintf(stderr, "(could not open a browser: %s; open the link yourself)\n", flows.Printable(err.Error()))
		}
	case <-time.After(500 * time.Millisecond):
	}
}

// readSecretLine reads one line from the terminal without echo. ctrl+c
// cancels ctx (main turns SIGINT into that); the terminal gets its echo
// back then, though the read itself goes on until the process ends.
func readSecretLine(ctx context.Context, f *os.File) (string, error) {
	state, err := term.GetState(f.Fd())
	if err != nil {
		return "", fmt.Errorf("reading the session from the terminal: %w", err)
	}
	type line struct {
		b   []byte
		err error
	}
	done := make(chan line, 1)
	go func() {
		b, err := term.ReadPassword(f.Fd())
		done <- line{b, err}
	}()
	select {
	case l := <-done:
		if l.err != nil {
			return "", fmt.Errorf("reading the session from the terminal: %w", l.err)
		}
		return string(l.b), nil
	case <-ctx.Done():
		_ = term.Restore(f.Fd(), state)
		return "", ctx.Err()
	}
}

func newLogoutCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "logout",
		Short: "Forget the kept generator session",
		Long: `Forget the session "entratoken login" kept for the generator, wherever it
is kept (the system keyring or the session file). The login in your browser
is left alone: it ends on its own, or log out there.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(*g, func(a *app) error { return a.logout(cmd.ErrOrStderr()) })
		},
	}
}

// logout forgets the kept session and says what it forgot.
func (a *app) logout(stderr io.Writer) error {
	p, err := a.sess.keeper.Forget()
	switch {
	case p.Kind != "":
		fmt.Fprintf(stderr, "Logged out of %s: forgot the session kept in %s.\n", a.cfg.GeneratorURL, p)
	case err == nil:
		fmt.Fprintf(stderr, "No session was kept for %s; nothing to forget.\n", a.cfg.GeneratorURL)
	}
	if err != nil {
		return failed(fmt.Errorf("could not forget the session: %w", err))
	}
	if a.sess.from == fromEnv {
		fmt.Fprintln(stderr, "ENTRATOKEN_SESSION is still set in this shell: unset it too.")
	}
	return nil
}

// clockTime is a time as a person reads it here: local, to the minute.
func clockTime(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
