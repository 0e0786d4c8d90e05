package config

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/entratoken/entratoken/flows"
)

// The keys each level knows, in the order the docs show them.
var (
	topKeys    = []string{"generator_url", "timeout", "expiry_margin", "clipboard_clear", "auto_refresh", "session_store", "texas", "entra", "targets"}
	texasKeys  = []string{"token_endpoint", "exchange_endpoint", "introspection_endpoint"}
	entraKeys  = []string{"token_endpoint", "client_id", "issuer", "env_file"}
	targetKeys = []string{"target", "flow", "source", "note"}
)

// decoder walks a parsed file against the schema, collecting every problem
// instead of stopping at the first.
type decoder struct {
	problems []Problem
	// skip holds nodes already reported as secrets; nothing else may echo
	// or judge them.
	skip map[*yaml.Node]bool
	// dir is the config file's directory, for a relative env_file.
	dir string
}

func (d *decoder) add(n *yaml.Node, key, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: n.Line, Column: n.Column, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// fields checks that n is a mapping of known, unique keys and calls set for
// each key whose value is present (not null) and not a secret.
func (d *decoder) fields(n *yaml.Node, key string, known []string, set func(name string, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		if key == "" {
			d.add(n, key, "the file must hold settings as key: value lines, not %s", kindName(n))
		} else {
			d.add(n, key, "must be a mapping with the keys %s, not %s", strings.Join(known, ", "), kindName(n))
		}
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case d.skip[k]:
		case k.Kind != yaml.ScalarNode:
			d.add(k, key, "a key must be a plain name, not %s", kindName(k))
		case !slices.Contains(known, k.Value):
			d.add(k, key, "unknown key %s; known keys: %s", show(k.Value), strings.Join(known, ", "))
		case seen[k.Value] > 0:
			d.add(k, fieldKey(key, k.Value), "is set twice (first at line %d)", seen[k.Value])
		default:
			seen[k.Value] = k.Line
			if v.Kind == yaml.AliasNode {
				d.add(v, fieldKey(key, k.Value), "aliases (*name) are not supported; write the value out")
			} else if !d.skip[v] && !isNull(v) {
				set(k.Value, v)
			}
		}
	}
}

func (d *decoder) root(n *yaml.Node, c *Config) {
	d.fields(n, "", topKeys, func(name string, v *yaml.Node) {
		switch name {
		case "generator_url":
			d.url(v, name, &c.GeneratorURL)
			c.GeneratorURL = strings.TrimRight(c.GeneratorURL, "/")
		case "timeout":
			d.duration(v, name, false, &c.Timeout)
		case "expiry_margin":
			d.duration(v, name, true, &c.ExpiryMargin)
		case "clipboard_clear":
			d.duration(v, name, true, &c.ClipboardClear)
		case "auto_refresh":
			d.boolean(v, name, &c.AutoRefresh)
		case "session_store":
			d.word(v, name, sessionStores, &c.SessionStore)
		case "texas":
			d.texas(v, &c.Texas)
		case "entra":
			d.entra(v, &c.Entra)
		case "targets":
			c.Targets = d.targets(v)
		}
	})
}

func (d *decoder) texas(n *yaml.Node, t *Texas) {
	d.fields(n, "texas", texasKeys, func(name string, v *yaml.Node) {
		dst := map[string]*string{
			"token_endpoint":         &t.TokenEndpoint,
			"exchange_endpoint":      &t.ExchangeEndpoint,
			"introspection_endpoint": &t.IntrospectionEndpoint,
		}[name]
		d.url(v, "texas."+name, dst)
	})
}

func (d *decoder) entra(n *yaml.Node, e *Entra) {
	d.fields(n, "entra", entraKeys, func(name string, v *yaml.Node) {
		key := "entra." + name
		switch name {
		case "token_endpoint":
			d.url(v, key, &e.TokenEndpoint)
		case "client_id":
			d.str(v, key, &e.ClientID)
		case "issuer":
			d.issuer(v, key, &e.Issuer)
		case "env_file":
			d.envFile(v, key, &e.EnvFile)
		}
	})
}

func (d *decoder) targets(n *yaml.Node) []SavedTarget {
	if n.Kind != yaml.SequenceNode {
		d.add(n, "targets", "must be a list of entries (- target: cluster:namespace:app), not %s", kindName(n))
		return nil
	}
	var out []SavedTarget
	first := map[flows.Target]int{}
	for i, item := range n.Content {
		key := indexKey("targets", i)
		st, at, ok := d.target(item, key)
		if !ok {
			continue
		}
		if line, dup := first[st.Target]; dup {
			d.add(at, key+".target", "%s is listed twice (first at line %d); keep one entry", st.Target, line)
			continue
		}
		first[st.Target] = at.Line
		out = append(out, st)
	}
	return out
}

// target decodes one list entry; at is the node of its target value.
func (d *decoder) target(n *yaml.Node, key string) (st SavedTarget, at *yaml.Node, ok bool) {
	if d.skip[n] {
		return st, nil, false
	}
	before := len(d.problems)
	st.Source = flows.ViaGenerator
	d.fields(n, key, targetKeys, func(name string, v *yaml.Node) {
		switch name {
		case "target":
			at = v
			d.targetName(v, key+".target", &st.Target)
		case "flow":
			d.flow(v, key+".flow", &st.Flow)
		case "source":
			d.source(v, key+".source", &st.Source)
		case "note":
			d.str(v, key+".note", &st.Note)
		}
	})
	if at == nil && n.Kind == yaml.MappingNode {
		d.missingTarget(n, key)
	}
	return st, at, len(d.problems) == before && at != nil
}

// missingTarget explains an entry without a usable target, unless its
// target was already reported (a secret or an alias).
func (d *decoder) missingTarget(n *yaml.Node, key string) {
	_, v := lookup(n, "target")
	switch {
	case v == nil:
		d.add(n, key, "has no target; every entry needs target: cluster:namespace:app")
	case isNull(v):
		d.add(v, key+".target", "is empty; write cluster:namespace:app")
	}
}
