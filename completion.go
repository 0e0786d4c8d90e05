package main

import (
	"os"

	"github.com/entratoken/entratoken/config"
	"github.com/spf13/cobra"
)

// completeTargets completes saved target names from the config, for shell
// completion of "token" and "targets rm".
func completeTargets(g *globals) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		path, err := config.Path(g.configPath, os.Getenv)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		cfg, err := config.Load(path)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		names := make([]string, 0, len(cfg.Targets))
		for _, t := range cfg.Targets {
			names = append(names, t.Target.String()+"\t"+t.Note)
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}

func fixedCompletions(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}
