package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// newManCmd is the hidden "entratoken man": the man page, generated from the
// commands and their flags, for the release archives and the Homebrew cask
// (and "entratoken man | man -l -" after a go install).
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Short:                 "Print the man page (roff), generated from the commands",
		Hidden:                true,
		Args:                  cobra.NoArgs,
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			day, err := manDate(os.Getenv, time.Now)
			if err != nil {
				return err
			}
			return writeManPage(cmd.OutOrStdout(), cmd.Root(), day)
		},
	}
}

// writeManPage writes root's man page, dated day, to w.
func writeManPage(w io.Writer, root *cobra.Command, day time.Time) error {
	// Cobra adds --help and --version only when a command runs; the page
	// lists them on the root all the same.
	root.InitDefaultHelpFlag()
	root.InitDefaultVersionFlag()
	page, err := mcobra.NewManPage(1, root)
	if err != nil {
		return fmt.Errorf("building the man page: %w", err)
	}
	page = page.WithLongDescription(manText(root.Long)).
		WithSection("Exit status", fmt.Sprintf(
			"%d: the token was printed, or the command did what it was asked.\n"+
				"%d: the flow failed: refused, unreachable, not logged in.\n"+
				"%d: bad usage or input, including a missing setting such as NAIS_TOKEN_ENDPOINT.\n"+
				"%d: interrupted.", exitOK, exitFailed, exitUsage, exitInterrupted)).
		WithSection("Files",
			"$XDG_CONFIG_HOME/entratoken/config.yaml (~/.config/entratoken/config.yaml): the saved targets and settings.\n"+
				"$XDG_CACHE_HOME/entratoken/tokens.json (~/.cache/entratoken): the token cache, mode 0600.").
		WithSection("See also", "https://github.com/entratoken/entratoken#readme")
	_, err = io.WriteString(w, page.Build(datedDocument{Document: roff.NewDocument(), day: day}))
	return err
}

// manText reflows help text for the page: the page starts a paragraph at
// every line break, so the lines of a paragraph are joined, and an indented
// line ("  NAME   what it is") becomes a list item ("NAME: what it is").
func manText(help string) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(help), "\n\n") {
		var text []string
		for _, line := range strings.Split(para, "\n") {
			if strings.HasPrefix(line, " ") {
				name, what, _ := strings.Cut(strings.TrimSpace(line), "  ")
				out = appendText(out, text)
				text = nil
				out = append(out, "*"+strings.TrimSpace(name+": "+strings.TrimSpace(what)))
				continue
			}
			text = append(text, line)
		}
		out = appendText(out, text)
	}
	return strings.Join(out, "\n")
}

func appendText(out, lines []string) []string {
	if len(lines) == 0 {
		return out
	}
	return append(out, strings.Join(lines, " "))
}

// manDate is the date the page carries: SOURCE_DATE_EPOCH when set (the
// reproducible-builds convention the release follows, so the same commit
// gives the same page), else today.
func manDate(getenv func(string) string, now func() time.Time) (time.Time, error) {
	s := getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return now().UTC(), nil
	}
	secs, err := strconv.ParseInt(s, 10, 64)
	if err != nil || secs < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got %q", s)
	}
	return time.Unix(secs, 0).UTC(), nil
}

// datedDocument is a roff document whose title line carries day instead of
// the time it was built.
type datedDocument struct {
	*roff.Document
	day time.Time
}

// Heading writes the title line, dated d.day, with the conventional
// "User Commands" as the manual's name (instead of the whole one-line
// description, which crowds the page's header).
func (d datedDocument) Heading(section uint, title, _ string, _ time.Time) {
	d.Document.Heading(section, title, "User Commands", d.day)
}
