package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/spf13/cobra"
)

func newTargetsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "targets",
		Short: "List, add and remove saved targets",
		Example: `  entratoken targets
  entratoken targets add dev-gcp:team:app --flow m2m --note "the dokument API"
  entratoken targets rm dev-gcp:team:app`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(*g, func(a *app) error { return listTargets(a, cmd.OutOrStdout(), cmd.ErrOrStderr()) })
		},
	}
	cmd.AddCommand(newTargetsAddCmd(g), newTargetsRmCmd(g))
	return cmd
}

// listTargets prints the saved targets as a table, or how to add one.
func listTargets(a *app, stdout, stderr io.Writer) error {
	if len(a.cfg.Targets) == 0 {
		fmt.Fprintf(stderr, "No saved targets in %s yet. Add one:\n  entratoken targets add dev-gcp:my-team:my-app\n", a.cfg.Path)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tFLOW\tM2M SOURCE\tCACHED\tNOTE")
	left := a.cachedLeft(a.cfg.Targets)
	for i, t := range a.cfg.Targets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Target, orDash(string(t.Flow)), t.M2MSource(), left[i], t.Note)
	}
	return tw.Flush()
}

func newTargetsAddCmd(g *globals) *cobra.Command {
	var flow, source, note string
	cmd := &cobra.Command{
		Use:     "add <target>",
		Short:   "Save a target (cluster:namespace:app)",
		Example: `  entratoken targets add api://dev-gcp.team.app/.default --flow obo`,
		Args:    exactlyOneTarget,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := savedTargetFromFlags(args[0], flow, source, note)
			if err != nil {
				return err
			}
			return withApp(*g, func(a *app) error {
				if err := a.store.AddTarget(st); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Saved %s in %s\n", st.Target, a.store.Path)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&flow, "flow", "", "default flow: obo or m2m (empty: ask each time)")
	cmd.Flags().StringVar(&source, "source", "", "where M2M tokens come from: generator (default), texas or entra")
	cmd.Flags().StringVar(&note, "note", "", "a note shown in the list")
	_ = cmd.RegisterFlagCompletionFunc("flow", fixedCompletions("obo", "m2m"))
	_ = cmd.RegisterFlagCompletionFunc("source", fixedCompletions("generator", "texas", "entra"))
	return cmd
}

func newTargetsRmCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:               "rm <target>",
		Aliases:           []string{"remove", "delete"},
		Short:             "Remove a saved target",
		Args:              exactlyOneTarget,
		ValidArgsFunction: completeTargets(g),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := flows.ParseTarget(args[0])
			if err != nil {
				return err
			}
			return withApp(*g, func(a *app) error {
				if err := a.store.RemoveTarget(t); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Removed %s from %s\n", t, a.store.Path)
				return nil
			})
		},
	}
}

func savedTargetFromFlags(target, flow, source, note string) (config.SavedTarget, error) {
	t, err := flows.ParseTarget(target)
	if err != nil {
		return config.SavedTarget{}, err
	}
	st := config.SavedTarget{Target: t, Note: note}
	if flow != "" {
		if st.Flow, err = flows.ParseFlow(flow); err != nil {
			return st, err
		}
	}
	if source != "" {
		if st.Source, err = flows.ParseVia(source); err != nil {
			return st, err
		}
	}
	return st, nil
}

// cachedLeft is, for each target, the time its cached token (for its
// default flow, else M2M) has left, or "-"; the cache is read once.
func (a *app) cachedLeft(targets []config.SavedTarget) []string {
	reqs := make([]flows.Request, len(targets))
	for i, t := range targets {
		flow := flows.M2M
		if t.Flow == flows.OBO {
			flow = flows.OBO
		}
		reqs[i] = t.Request(flow, a.session)
	}
	left := make([]string, len(targets))
	for i, tok := range a.broker.CachedAll(reqs) {
		left[i] = "-"
		if tok != nil {
			left[i] = flows.Span(tok.TimeLeft(a.now()))
		}
	}
	return left
}

// savedTarget finds a target in the config.
func (a *app) savedTarget(t flows.Target) (config.SavedTarget, bool) {
	for _, s := range a.cfg.Targets {
		if s.Target == t {
			return s, true
		}
	}
	return config.SavedTarget{}, false
}

func (a *app) now() time.Time { return time.Now() }
