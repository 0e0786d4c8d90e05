package main

import (
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestManPageIsGeneratedFromTheCommands(t *testing.T) {
	r := entratoken(t, []string{"SOURCE_DATE_EPOCH=1764583200"}, "", "man")
	r.want(t, 0)
	page := r.stdout
	if first, _, _ := strings.Cut(page, "\n"); first != `.TH ENTRATOKEN 1 "2025-12-01" "entratoken" "User Commands"` {
		t.Errorf("title line %q: want SOURCE_DATE_EPOCH's day and the usual manual name", first)
	}
	// Every visible command and flag of the cobra tree is on the page, so a
	// new one cannot be forgotten; the hidden ones are not.
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(page, "--"+f.Name+`\fP`) {
				t.Errorf("flag --%s of %q is not on the page", f.Name, c.CommandPath())
			}
		})
		for _, sub := range c.Commands() {
			if on := strings.Contains(page, `\fB`+sub.Name()+`\fP`); on == sub.Hidden {
				t.Errorf("command %q (hidden: %v) on the page: %v", sub.CommandPath(), sub.Hidden, on)
			}
			if !sub.Hidden {
				walk(sub)
			}
		}
	}
	walk(newRootCmd(nil, io.Discard, io.Discard))
	for _, want := range []string{
		// The help text's lines are joined into paragraphs, and its
		// indented list is a list.
		"entratoken gets Entra ID access tokens for apps on NAIS: on behalf of you (OBO) or as an app (M2M)",
		".IP \\(bu 3\nENTRATOKEN_SESSION: io\\&.nais\\&.wonderwall\\&.session cookie",
		// A further-indented line continues its item, not a new one.
		"ENTRATOKEN_SESSION: io\\&.nais\\&.wonderwall\\&.session cookie, for OBO via the generator (wins over the session",
		".SH EXIT STATUS\n0: ", "\n3: decode --verify could not check", "\n70: a bug", "\n130, 143, 129: interrupted",
		".SH FILES\n", "keys\\&.json", "session-*\\&.json",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if again := entratoken(t, []string{"SOURCE_DATE_EPOCH=1764583200"}, "", "man"); again.stdout != page {
		t.Error("the same SOURCE_DATE_EPOCH gave a different page: the release would not be reproducible")
	}
}

func TestManRefusesABadSourceDateEpoch(t *testing.T) {
	r := entratoken(t, []string{"SOURCE_DATE_EPOCH=2025-12-01"}, "", "man")
	r.want(t, 2)
	if r.stdout != "" || !strings.Contains(r.stderr, `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got "2025-12-01"`) {
		t.Errorf("stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
