package main

import (
	"fmt"
	"os"
	"time"

	"github.com/entratoken/entratoken/flows/sandbox"
	"github.com/spf13/cobra"
)

func newSandboxCmd() *cobra.Command {
	var addr string
	var lifetime time.Duration
	var autoLogin bool
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve the built-in stand-in for azure-token-generator, Texas and Entra ID",
		Long: `Serve the sandbox on loopback until interrupted. It answers as
azure-token-generator behind Wonderwall, Texas and Entra ID do, and signs
Entra-shaped tokens. It prints an export block: paste it into another shell
and point any tool, entratoken included, at it. ENTRATOKEN_SESSION in it is
a signed-in session of the demo user.

` + sandbox.EnvSessionLifetime + ` and ` + sandbox.EnvAutoLogin + ` set the flags'
defaults, here and for --sandbox.`,
		Example: `  entratoken sandbox --addr 127.0.0.1:8099
  entratoken sandbox --session-lifetime 2m   # watch the session run out
  # in another shell, after pasting the export block:
  curl -s -X POST "$ENTRATOKEN_GENERATOR_URL/api/public/m2m" -d aud=dev-gcp:team:app
  curl -s -b "io.nais.wonderwall.session=$ENTRATOKEN_SESSION" "$ENTRATOKEN_GENERATOR_URL/oauth2/session"
  entratoken token --via texas dev-gcp:team:app`,
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
			sb, err := sandbox.Start(opts)
			if err != nil {
				return err
			}
			defer sb.Close()
			printSandbox(cmd, sb, opts)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	cmd.Flags().DurationVar(&lifetime, "session-lifetime", sandbox.DefaultSessionLifetime, "how long the login sessions last, the demo session's too (default from "+sandbox.EnvSessionLifetime+")")
	cmd.Flags().BoolVar(&autoLogin, "auto-login", false, "answer requests without a session as Wonderwall's auto-login does: 401, or a redirect for browsers (default from "+sandbox.EnvAutoLogin+")")
	return cmd
}

func printSandbox(cmd *cobra.Command, sb *sandbox.Sandbox, opts sandbox.Options) {
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "entratoken sandbox on %s\n\n", sb.URL())
	fmt.Fprintf(out, "  azure-token-generator  %s\n", sb.GeneratorURL())
	for _, v := range sb.Env() {
		fmt.Fprintf(out, "  %-36s %s\n", v.Name, shorten(v.Value))
	}
	ends := opts.SessionLifetime
	if ends == 0 {
		ends = sandbox.DefaultSessionLifetime
	}
	fmt.Fprintf(out, "\nThe demo session (ENTRATOKEN_SESSION) ends %s after start; GET /oauth2/session tells how long is left.\n", ends)
	fmt.Fprintf(out, "\nPaste this into another shell:\n\n%s\n\nTargets that misbehave on purpose:\n", sb.ExportBlock())
	for _, f := range sandbox.FailureTargets() {
		fmt.Fprintf(out, "  %-32s %s\n", f.Target, f.Behaviour)
	}
	fmt.Fprintln(out, "\nPress Ctrl+C to stop.")
}

// shorten keeps long values (the demo JWK) readable in the table; the
// export block has them whole.
func shorten(v string) string {
	if len(v) > 60 {
		return v[:57] + "..."
	}
	return v
}
