package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/entratoken/entratoken/flows"
)

// outputFormat is how "entratoken token" prints its result.
type outputFormat string

var formats = []outputFormat{"raw", "json", "header", "curl", "env"}

func parseFormat(s string) (outputFormat, error) {
	for _, f := range formats {
		if string(f) == s {
			return f, nil
		}
	}
	return "", fmt.Errorf("--format %q: must be one of raw, json, header, curl, env", s)
}

// render prints the token in the format. curl is a curl config line (for
// curl -K), which keeps the token out of the process list.
func (f outputFormat) render(res flows.Result, now time.Time) string {
	tok := res.Token
	switch f {
	case "json":
		b, _ := json.MarshalIndent(struct {
			AccessToken string `json:"access_token"`
			TokenType   string `json:"token_type"`
			ExpiresIn   int64  `json:"expires_in"`
			ExpiresAt   string `json:"expires_at"`
			Target      string `json:"target"`
			Flow        string `json:"flow"`
			Via         string `json:"via"`
			Cached      bool   `json:"cached"`
		}{tok.Raw, "Bearer", int64(tok.TimeLeft(now).Seconds()), tok.ExpiresAt.UTC().Format(time.RFC3339),
			res.Request.Target.String(), string(res.Request.Flow), string(res.Request.Via), res.FromCache}, "", "  ")
		return string(b) + "\n"
	case "header":
		return "Authorization: Bearer " + tok.Raw + "\n"
	case "curl":
		return `header = "` + curlEscaper.Replace("Authorization: Bearer "+tok.Raw) + `"` + "\n"
	case "env":
		return "export ACCESS_TOKEN=" + shellQuote(tok.Raw) + "\nexport ACCESS_TOKEN_EXPIRES_AT=" +
			shellQuote(tok.ExpiresAt.UTC().Format(time.RFC3339)) + "\n"
	}
	return tok.Raw + "\n"
}

// shellQuote single-quotes s for a POSIX shell: inside single quotes
// nothing is special but the quote itself, which is written as: end the
// quoting, a backslash-escaped quote, quote again. flows.Decode already
// refuses tokens with quotes; this keeps eval safe regardless.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// curlEscaper escapes a double-quoted curl config value: curl -K reads
// \", \\, \n, \r, \t and \v there as escapes, and a raw line break would
// end the value and start another option.
var curlEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`, "\v", `\v`)

// describeResult is the progress line after a token arrived.
func describeResult(res flows.Result, now time.Time) string {
	kind := "user"
	if res.Token.IsApp() {
		kind = "app"
	}
	from := "new"
	if res.FromCache {
		from = "cached"
	}
	return fmt.Sprintf("Got %s %s token for %s (%s, %s left)", from, kind, res.Request.Target,
		res.Request.Via, flows.Span(res.Token.TimeLeft(now)))
}

func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }
