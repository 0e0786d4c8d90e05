package main

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/entratoken/entratoken/detach"
	"github.com/entratoken/entratoken/flows/sandbox"
	"github.com/spf13/cobra"
)

// sandboxPIDVar names the sandbox that `sandbox --env` leaves serving.
const sandboxPIDVar = "ENTRATOKEN_SANDBOX_PID"

func newSandboxCmd() *cobra.Command {
	var addr string
	var env, serving, autoLogin bool
	var lifetime time.Duration
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve the built-in stand-in for azure-token-generator, Texas and Entra ID",
		Long: `Serve the sandbox on loopback until interrupted. It speaks the same protocols
as azure-token-generator, Texas and Entra ID and signs Entra-shaped tokens.
It prints an export block: paste it into another shell and point any tool,
entratoken included, at it.

With --env it prints only the export block, for eval, and leaves the
sandbox serving in the background until "kill $ENTRATOKEN_SANDBOX_PID".
ENTRATOKEN_SESSION in the block is a signed-in session of the demo user.

` + sandbox.EnvSessionLifetime + ` and ` + sandbox.EnvAutoLogin + ` set the flags'
defaults, here and for --sandbox.`,
		Example: `  eval "$(entratoken sandbox --env)"      # the sandbox in the background, this shell set up for it
  curl -s -X POST "$ENTRATOKEN_GENERATOR_URL/api/public/m2m" -d aud=dev-gcp:team:app
  entratoken token --via texas dev-gcp:team:app
  curl -s -b "io.nais.wonderwall.session=$ENTRATOKEN_SESSION" "$ENTRATOKEN_GENERATOR_URL/oauth2/session"
  kill $ENTRATOKEN_SANDBOX_PID

  entratoken sandbox --addr 127.0.0.1:8099   # in the foreground, with a table
  entratoken sandbox --session-lifetime 2m   # watch the session run out`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := sandbox.OptionsFromEnv(os.Getenv)
			if err != nil {
				return err
			}
			opts.Addr = addr
			if cmd.Flags().Changed("session-lifetime") {
				if lifetime <= 0 {
					return fmt.Errorf("--session-lifetime %s: must be positive, e.g. 2m or 10h", lifetime)
				}
				opts.SessionLifetime = lifetime
			}
			if cmd.Flags().Changed("auto-login") {
				opts.AutoLogin = autoLogin
			}
			if env && !serving {
				return startSandboxInBackground(cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
			}
			sb, err := sandbox.Start(opts)
			if err != nil {
				if serving { // stderr is nobody's: say it where the starter reads
					fmt.Fprintln(cmd.OutOrStdout(), err)
				}
				return err
			}
			defer sb.Close()
			out := cmd.OutOrStdout()
			if serving {
				// The block for eval, then nothing more: closing stdout tells
				// the starting process that the block is whole.
				fmt.Fprintf(out, "%sexport %s=%d\n", sb.ExportBlock(), sandboxPIDVar, os.Getpid())
				if c, ok := out.(io.Closer); ok {
					c.Close()
				}
			} else {
				printSandbox(out, sb, opts)
			}
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	cmd.Flags().DurationVar(&lifetime, "session-lifetime", sandbox.DefaultSessionLifetime, "how long the login sessions last, the demo session's too (default from "+sandbox.EnvSessionLifetime+")")
	cmd.Flags().BoolVar(&autoLogin, "auto-login", false, "answer requests without a session as Wonderwall's auto-login does: 401, or a redirect for browsers (default from "+sandbox.EnvAutoLogin+")")
	cmd.Flags().BoolVar(&env, "env", false, `print only the export block, for eval "$(entratoken sandbox --env)", and serve in the background`)
	cmd.Flags().BoolVar(&serving, "serving", false, "the background half of --env")
	cmd.Flags().MarkHidden("serving")
	return cmd
}

// printSandbox shows where each service answers, in one aligned table, the
// export block and the misbehaving targets.
func printSandbox(out io.Writer, sb *sandbox.Sandbox, opts sandbox.Options) {
	fmt.Fprintf(out, "entratoken sandbox on %s\n\n", sb.URL())
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  azure-token-generator\t%s\n", sb.GeneratorURL())
	for _, v := range sb.Env() {
		fmt.Fprintf(tw, "  %s\t%s\n", v.Name, shorten(v.Value))
	}
	tw.Flush()
	fmt.Fprintf(out, "\nThe demo session (ENTRATOKEN_SESSION) ends %s after start; GET /oauth2/session tells how long is left.\n", cmp.Or(opts.SessionLifetime, sandbox.DefaultSessionLifetime))
	fmt.Fprintf(out, "\nIn another shell, run `eval \"$(entratoken sandbox --env)\"` for a sandbox of its own, or paste this:\n\n%s\nFailing targets:\n", sb.ExportBlock())
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, f := range sandbox.FailureTargets() {
		fmt.Fprintf(tw, "  %s\t%s\n", f.Target, f.Behaviour)
	}
	tw.Flush()
	fmt.Fprintln(out, "\nPress Ctrl+C to stop.")
}

// sandboxStartWait bounds the wait for the background sandbox's block; it
// makes its keys first, which takes a moment.
const sandboxStartWait = 30 * time.Second

// startSandboxInBackground starts `entratoken sandbox --serving` detached
// from this terminal (its own session: closing the shell or ctrl+c does not
// end it), passes its export block on for eval, and returns: eval "$(…)"
// waits for this process, not for the sandbox.
func startSandboxInBackground(stdout, stderr io.Writer, opts sandbox.Options) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot start the sandbox in the background: %w", err)
	}
	// Its stdin and stderr are /dev/null; its stdout is read until the
	// sandbox closes it, after its export block (or the reason it failed).
	child := exec.Command(exe, "sandbox", "--env", "--serving", "--addr", opts.Addr,
		"--session-lifetime", cmp.Or(opts.SessionLifetime, sandbox.DefaultSessionLifetime).String(),
		"--auto-login="+strconv.FormatBool(opts.AutoLogin))
	child.SysProcAttr = detach.Attr()
	pipe, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return fmt.Errorf("cannot start the sandbox in the background: %w", err)
	}
	read := make(chan []byte, 1)
	go func() { b, _ := io.ReadAll(pipe); read <- b }()
	var block []byte
	select {
	case block = <-read:
	case <-time.After(sandboxStartWait):
		child.Process.Kill()
		return fmt.Errorf("the sandbox did not start within %v", sandboxStartWait)
	}
	if !bytes.Contains(block, []byte(sandboxPIDVar)) {
		child.Wait()
		return fmt.Errorf("the sandbox did not start: %s", strings.TrimSpace(string(block)))
	}
	child.Process.Release()
	fmt.Fprint(stdout, string(block))
	fmt.Fprintf(stderr, "# the sandbox serves in the background; stop it with: kill $%s\n", sandboxPIDVar)
	return nil
}

// shorten keeps long values (the demo JWK) readable in the table; the
// export block has them whole.
func shorten(v string) string {
	if len(v) > 60 {
		return v[:57] + "..."
	}
	return v
}
