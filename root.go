package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var g globals
	b := buildVersion()
	root := &cobra.Command{
		Use:   programName,
		Short: "Entra ID access tokens for NAIS dev APIs, one keystroke away",
		Long: `entratoken gets Entra ID access tokens for apps on NAIS: on behalf of you (OBO)
or as an app (M2M), from azure-token-generator, Texas or Entra ID directly.

Run it without a command for the terminal UI: pick a saved target, get a
token, read its claims, copy it. Or use "entratoken token" in scripts.

Environment:
  ENTRATOKEN_CONFIG         config file (instead of ~/.config/entratoken/config.yaml)
  ENTRATOKEN_GENERATOR_URL  azure-token-generator base URL
  ENTRATOKEN_SESSION        io.nais.wonderwall.session cookie, for OBO via the generator
                            (wins over the session "entratoken login" kept, and is then kept)
  ENTRATOKEN_SESSION_STORE  where the session is kept: keyring, file or none (overrides session_store)
  ENTRATOKEN_CLIPBOARD      "osc52" to copy through the terminal even where xclip works
  NAIS_TOKEN_*              Texas's endpoints, as in a NAIS pod
  AZURE_*                   your app's Entra ID settings (client ID, secret or JWK, token endpoint)
  HTTPS_PROXY, BROWSER      honoured`,
		Example: `  entratoken --sandbox                      # try it all on the built-in sandbox
  entratoken                                # the terminal UI on your saved targets
  entratoken login                          # log in once a day: OBO tokens then need no browser
  curl -H "$(entratoken token --format header dev-gcp:team:app)" https://…
  entratoken token --obo dev-gcp:team:app | entratoken decode`,
		Version:       b.version,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), g)
		},
	}
	root.SetVersionTemplate(b.versionTemplate())
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w\nsee '%s --help'", err, c.CommandPath())
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "config file (default $ENTRATOKEN_CONFIG or $XDG_CONFIG_HOME/entratoken/config.yaml)")
	pf.StringVar(&g.generatorURL, "generator-url", "", "azure-token-generator base URL (default from the config)")
	pf.BoolVar(&g.sandbox, "sandbox", false, "run against the built-in sandbox, with throwaway config and cache")
	root.AddCommand(newTokenCmd(&g), newDecodeCmd(&g), newTargetsCmd(&g), newSandboxCmd())
	root.AddCommand(newLoginCmd(&g), newStatusCmd(&g), newLogoutCmd(&g))
	root.AddCommand(newClipboardClearCmd(), newManCmd())
	return root
}
