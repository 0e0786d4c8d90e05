package config

import (
	"regexp"
	"strings"

	"github.com/entratoken/entratoken/flows"
	"go.yaml.in/yaml/v3"
)

// secretAdvice is the whole of what we say about a secret found in the file:
// never the value itself.
const secretAdvice = "secrets do not belong in the config file (it is not secret); " +
	"put AZURE_APP_CLIENT_SECRET / AZURE_APP_JWK in the environment or in the dotenv file named by entra.env_file"

// secretWords are key names (or key name endings, after "_") that can only
// mean a secret is about to be written down.
var secretWords = []string{
	"secret", "jwk", "private_key", "session", "token", "password", "passwd",
	"cookie", "assertion", "api_key",
}

// isSecretKey reports whether a key names a secret, e.g. client_secret,
// azure_app_jwk, access_token. No known key matches.
func isSecretKey(k string) bool {
	k = strings.ToLower(strings.ReplaceAll(k, "-", "_"))
	for _, w := range secretWords {
		if k == w || strings.HasSuffix(k, "_"+w) {
			return true
		}
	}
	return false
}

var secretShapes = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----`), "looks like a private key (PEM)"},
	{regexp.MustCompile(`"kty"(?s:.*)"d"\s*:`), "looks like a private key (JWK)"},
	{regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s]*:[^/?#@\s]+@`), "holds a password (in a URL)"},
}

// looksSecret says what secret s looks like, or "" when it looks harmless.
func looksSecret(s string) string {
	if flows.ContainsJWT(s) {
		return "looks like a token (JWT)"
	}
	for _, sh := range secretShapes {
		if sh.re.MatchString(s) {
			return sh.what
		}
	}
	return ""
}

// scanSecrets reports every secret-named key and secret-looking value or
// comment under n, and marks those nodes so no later message echoes them.
func (d *decoder) scanSecrets(n *yaml.Node, key string) {
	d.scanComments(n, key)
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			d.scanSecrets(c, key)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			d.scanSecrets(c, indexKey(key, i))
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			d.scanPair(n.Content[i], n.Content[i+1], key)
		}
	case yaml.ScalarNode:
		if what := looksSecret(n.Value); what != "" {
			d.add(n, key, "this value %s; %s", what, secretAdvice)
			d.skip[n] = true
		}
	}
}

func (d *decoder) scanPair(k, v *yaml.Node, parent string) {
	d.scanSecrets(k, parent)
	if d.skip[k] {
		d.skip[v] = true // its key is a secret: the path would echo it
		return
	}
	name := fieldKey(parent, k.Value)
	if k.Kind == yaml.ScalarNode && isSecretKey(k.Value) {
		d.add(k, name, "%s", secretAdvice)
		d.skip[k], d.skip[v] = true, true
		d.scanComments(v, name)
		return
	}
	d.scanSecrets(v, name)
}

func (d *decoder) scanComments(n *yaml.Node, key string) {
	for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
		if what := looksSecret(c); what != "" {
			d.add(n, key, "a comment here %s; %s", what, secretAdvice)
			return
		}
	}
}
