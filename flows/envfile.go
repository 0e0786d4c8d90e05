package flows

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// ReadEnvFile reads a dotenv file such as a dump of an app's Entra ID
// secret, so AZURE_APP_CLIENT_SECRET or AZURE_APP_JWK need not sit in the
// shell's environment. The file holds secrets: keep it mode 0600.
//
// Each line is KEY=VALUE, optionally after "export ". Blank lines and lines
// starting with # are skipped. A value may be single-quoted (taken as is,
// the usual way to write a JSON value such as AZURE_APP_JWK), double-quoted
// (\" \\ \n \r \t are understood) or bare (a " #" starts a comment). Values
// are one line each. A later KEY wins over an earlier one. Errors name the
// file and line, never a value.
func ReadEnvFile(path string) (map[string]string, error) {
	data, err := ReadLocalFile(path)
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	env := map[string]string{}
	for i, line := range strings.Split(text, "\n") {
		key, value, ok, err := parseEnvLine(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, i+1, err)
		}
		if ok {
			env[key] = value
		}
	}
	return env, nil
}

// parseEnvLine reads one line; ok is false for blank and comment lines.
func parseEnvLine(line string) (key, value string, ok bool, err error) {
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if line == "" || strings.HasPrefix(line, "#") {
		return "", "", false, nil
	}
	if rest, found := strings.CutPrefix(line, "export"); found && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
		line = strings.TrimSpace(rest)
	}
	key, raw, found := strings.Cut(line, "=")
	if !found {
		return "", "", false, errors.New("expected KEY=VALUE")
	}
	key = strings.TrimSpace(key)
	if !envName.MatchString(key) {
		return "", "", false, errors.New("the name before '=' is not a variable name (letters, digits and _)")
	}
	value, err = envValue(strings.TrimSpace(raw))
	if err != nil {
		return "", "", false, fmt.Errorf("%s: %w", key, err)
	}
	return key, value, true, nil
}

// envValue unquotes a value and drops a trailing comment.
func envValue(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	switch raw[0] {
	case '\'':
		end := strings.IndexByte(raw[1:], '\'')
		if end < 0 {
			return "", errors.New("the single quote is not closed on this line (values must be on one line)")
		}
		return raw[1 : end+1], afterQuote(raw[end+2:])
	case '"':
		return doubleQuoted(raw)
	}
	if i := strings.Index(raw, " #"); i >= 0 {
		raw = raw[:i]
	}
	return strings.TrimSpace(raw), nil
}

// doubleQuoted reads "…" with backslash escapes.
func doubleQuoted(raw string) (string, error) {
	var b strings.Builder
	for i := 1; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			return b.String(), afterQuote(raw[i+1:])
		case c == '\\' && i+1 < len(raw):
			i++
			b.WriteString(unescape(raw[i]))
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("the double quote is not closed on this line (values must be on one line)")
}

func unescape(c byte) string {
	switch c {
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	case 't':
		return "\t"
	case '"', '\\':
		return string(c)
	}
	return `\` + string(c)
}

// afterQuote allows only blanks or a comment after a closing quote.
func afterQuote(rest string) error {
	rest = strings.TrimSpace(rest)
	if rest == "" || strings.HasPrefix(rest, "#") {
		return nil
	}
	return errors.New("unexpected text after the closing quote")
}
