package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
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
				"%d: decode --verify could not check the token: the issuer's keys were unreachable, or the audience could not be compared.\n"+
				"%d: a bug in entratoken; please report it.\n"+
				"%d, %d, %d: interrupted (SIGINT, SIGTERM, SIGHUP).",
			exitOK, exitFailed, exitUsage, exitNotChecked, exitInternal, signalled{syscall.SIGINT}.code(), signalled{syscall.SIGTERM}.code(), signalled{syscall.SIGHUP}.code())).
		WithSection("Files",
			"$XDG_CONFIG_HOME/entratoken/config.yaml (~/.config/entratoken/config.yaml): the saved targets and settings.\n"+
				"$XDG_CACHE_HOME/entratoken/tokens.json (~/.cache/entratoken): the token cache, mode 0600.\n"+
				"$XDG_CACHE_HOME/entratoken/keys.json: the Entra ID signing keys decode --verify and the terminal UI check against, kept a day.\n"+
				"$XDG_STATE_HOME/entratoken/session-*.json (~/.local/state/entratoken): the login session, mode 0600, when no OS keyring is at hand.").
		WithSection("See also", "https://github.com/entratoken/entratoken#readme")
	_, err = io.WriteString(w, page.Build(datedDocument{Document: roff.NewDocument(), day: day}))
	return err
}

// manText reflows help text for the page: the page starts a paragraph at
// every line break, so the lines of a paragraph are joined, and an indented
// line ("  NAME   what it is") becomes a list item ("NAME: what it is"),
// which a line indented further ("      more of what it is") continues.
func manText(help string) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(help), "\n\n") {
		var text []string
		itemIndent := -1 // the indent of the list item being written, if any
		for _, line := range strings.Split(para, "\n") {
			indent := len(line) - len(strings.TrimLeft(line, " "))
			if itemIndent >= 0 && indent > itemIndent {
				out[len(out)-1] += " " + strings.TrimSpace(line)
				continue
			}
			itemIndent = -1
			if indent > 0 {
				itemIndent = indent
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
