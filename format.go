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
// curl -K), which keeps the token out of the process list. A token whose
// expiry is unknown gets none invented: null in JSON, an empty
// ACCESS_TOKEN_EXPIRES_AT (which also clears one left by an earlier eval).
func (f outputFormat) render(res flows.Result, now time.Time) string {
	tok := res.Token
	var expiresIn *int64
	var expiresAt *string
	if !tok.ExpiresAt.IsZero() {
		left, at := int64(tok.TimeLeft(now).Seconds()), tok.ExpiresAt.UTC().Format(time.RFC3339)
		expiresIn, expiresAt = &left, &at
	}
	switch f {
	case "json":
		b, _ := json.MarshalIndent(struct {
			AccessToken string  `json:"access_token"`
			TokenType   string  `json:"token_type"`
			ExpiresIn   *int64  `json:"expires_in"`
			ExpiresAt   *string `json:"expires_at"`
			Target      string  `json:"target"`
			Flow        string  `json:"flow"`
			Via         string  `json:"via"`
			Cached      bool    `json:"cached"`
		}{tok.Raw, "Bearer", expiresIn, expiresAt,
			res.Request.Target.String(), string(res.Request.Flow), string(res.Request.Via), res.FromCache}, "", "  ")
		return string(b) + "\n"
	case "header":
		return "Authorization: Bearer " + tok.Raw + "\n"
	case "curl":
		return `header = "` + curlEscaper.Replace("Authorization: Bearer "+tok.Raw) + `"` + "\n"
	case "env":
		at := ""
		if expiresAt != nil {
			at = *expiresAt
		}
		return "export ACCESS_TOKEN=" + shellQuote(tok.Raw) + "\nexport ACCESS_TOKEN_EXPIRES_AT=" + shellQuote(at) + "\n"
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
	left := "expiry unknown"
	if !res.Token.ExpiresAt.IsZero() {
		left = flows.Span(res.Token.TimeLeft(now)) + " left"
	}
	return fmt.Sprintf("Got %s %s token for %s (%s, %s)", from, kind, res.Request.Target, res.Request.Via, left)
}

func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }
