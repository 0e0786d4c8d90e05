package main

import (
	"fmt"

	"github.com/entratoken/entratoken/flows/sandbox"
	"github.com/spf13/cobra"
)

func newSandboxCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve the built-in stand-in for azure-token-generator, Texas and Entra ID",
		Long: `Serve the sandbox on loopback until interrupted. It speaks the same protocols
as azure-token-generator, Texas and Entra ID and signs Entra-shaped tokens.
It prints an export block: paste it into another shell and point any tool,
entratoken included, at it.`,
		Example: `  entratoken sandbox --addr 127.0.0.1:8099
  # in another shell, after pasting the export block:
  curl -s -X POST "$ENTRATOKEN_GENERATOR_URL/api/public/m2m" -d aud=dev-gcp:team:app
  entratoken token --via texas dev-gcp:team:app`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sb, err := sandbox.Start(sandbox.Options{Addr: addr})
			if err != nil {
				return err
			}
			defer sb.Close()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "entratoken sandbox on %s\n\n", sb.URL())
			fmt.Fprintf(out, "  azure-token-generator  %s\n", sb.GeneratorURL())
			for _, v := range sb.Env() {
				fmt.Fprintf(out, "  %-36s %s\n", v.Name, shorten(v.Value))
			}
			fmt.Fprintf(out, "\nPaste this into another shell:\n\n%s\n\nFailing targets:\n", sb.ExportBlock())
			for _, f := range sandbox.FailureTargets() {
				fmt.Fprintf(out, "  %-32s %s\n", f.Target, f.Behaviour)
			}
			fmt.Fprintln(out, "\nPress Ctrl+C to stop.")
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:0", "loopback address to listen on")
	return cmd
}

// shorten keeps long values (the demo JWK) readable in the table; the
// export block has them whole.
func shorten(v string) string {
	if len(v) > 60 {
		return v[:57] + "..."
	}
	return v
}
