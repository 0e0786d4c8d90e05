package config

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/entratoken/entratoken/flows"
)

// scalar returns n's text, or reports that a single value was expected.
func (d *decoder) scalar(n *yaml.Node, key, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.add(n, key, "must be %s, not %s", want, kindName(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) str(n *yaml.Node, key string, dst *string) {
	if s, ok := d.scalar(n, key, "a string"); ok {
		*dst = s
	}
}

// url reads a URL that will receive a credential, by flows' one rule:
// https://, or http:// only to this machine.
func (d *decoder) url(n *yaml.Node, key string, dst *string) {
	d.checkedURL(n, key, dst, flows.CheckCredentialURL)
}

// issuer reads Entra's issuer, a name that is compared but never called,
// so any absolute http(s) URL will do.
func (d *decoder) issuer(n *yaml.Node, key string, dst *string) {
	d.checkedURL(n, key, dst, func(s string) string {
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return show(flows.MaskURL(s)) + " is not an absolute http(s) URL like https://host/path"
		}
		return ""
	})
}

func (d *decoder) checkedURL(n *yaml.Node, key string, dst *string, check func(string) string) {
	s, ok := d.scalar(n, key, "a URL")
	if !ok {
		return
	}
	if msg := check(s); msg != "" {
		d.add(n, key, "%s", msg)
		return
	}
	*dst = s
}

// duration reads Go duration syntax; zero is allowed only where it means
// "off" (never clear, no margin), never for a timeout.
func (d *decoder) duration(n *yaml.Node, key string, zeroOK bool, dst *time.Duration) {
	s, ok := d.scalar(n, key, "a duration")
	if !ok {
		return
	}
	v, err := time.ParseDuration(s)
	switch {
	case err != nil:
		d.add(n, key, "%s is not a duration; write it like 90s, 5m or 1h30m", show(s))
	case v < 0:
		d.add(n, key, "%s is negative", show(s))
	case v == 0 && !zeroOK:
		d.add(n, key, "must be more than 0 (every HTTP call needs a time limit)")
	default:
		*dst = v
	}
}

func (d *decoder) boolean(n *yaml.Node, key string, dst *bool) {
	s, ok := d.scalar(n, key, "true or false")
	if !ok {
		return
	}
	if n.Tag != "!!bool" || n.Decode(dst) != nil {
		d.add(n, key, "%s is not true or false", show(s))
	}
}

// word reads one of a fixed set of words.
func (d *decoder) word(n *yaml.Node, key string, words []string, dst *string) {
	want := strings.Join(words, ", ")
	s, ok := d.scalar(n, key, "one of "+want)
	if !ok {
		return
	}
	if !slices.Contains(words, s) {
		d.add(n, key, "%s is not one of %s", show(s), want)
		return
	}
	*dst = s
}

func (d *decoder) flow(n *yaml.Node, key string, dst *flows.Flow) {
	s, ok := d.scalar(n, key, "obo or m2m")
	if !ok {
		return
	}
	f, err := flows.ParseFlow(s)
	if err != nil {
		d.add(n, key, "%s is not obo or m2m (leave flow out to be asked each time)", show(s))
		return
	}
	*dst = f
}

func (d *decoder) source(n *yaml.Node, key string, dst *flows.Via) {
	s, ok := d.scalar(n, key, "generator, texas or entra")
	if !ok {
		return
	}
	v, err := flows.ParseVia(s)
	if err != nil {
		d.add(n, key, "%s is not generator, texas or entra", show(s))
		return
	}
	*dst = v
}

func (d *decoder) targetName(n *yaml.Node, key string, dst *flows.Target) {
	s, ok := d.scalar(n, key, "cluster:namespace:app")
	if !ok {
		return
	}
	t, err := flows.ParseTarget(s)
	if err != nil {
		d.add(n, key, "%v", err)
		return
	}
	*dst = t
}

// envFile expands ~/ and makes a relative path relative to the config
// file's directory, so the setting means the same from any working dir.
func (d *decoder) envFile(n *yaml.Node, key string, dst *string) {
	s, ok := d.scalar(n, key, "a file path")
	if !ok {
		return
	}
	switch {
	case s == "~" || strings.HasPrefix(s, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			d.add(n, key, "cannot expand ~ (%v); write the full path", err)
			return
		}
		s = filepath.Join(home, s[1:])
	case strings.HasPrefix(s, "~"):
		d.add(n, key, "only ~/ is expanded, not ~user; write the full path")
		return
	case !filepath.IsAbs(s):
		s = filepath.Join(d.dir, s)
	}
	*dst = s
}

// show quotes a value for an error message, cut short so a pasted blob
// cannot flood the terminal.
func show(s string) string { return flows.Quote(s) }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "a number"
	case "!!bool":
		return "true/false"
	}
	return "a string"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func fieldKey(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func indexKey(parent string, i int) string { return fmt.Sprintf("%s[%d]", parent, i) }

// lookup finds key name in mapping n; both are nil when it is absent.
func lookup(n *yaml.Node, name string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == name {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}
