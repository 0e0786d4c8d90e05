package config

import (
	"bytes"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/entratoken/entratoken/flows"
)

// header opens every file entratoken creates, so whoever finds it knows what
// it is and that it is safe to share.
const header = `# entratoken config: saved targets and settings. Every key is optional.
# entratoken edits the targets list and keeps your comments.
# It holds no secrets: put AZURE_APP_CLIENT_SECRET or AZURE_APP_JWK in the
# environment or in the dotenv file named by entra.env_file.

`

// document is a config file's node tree, open for one change.
type document struct {
	// prefix goes before the rendered tree: the header for a new file, or
	// the text of a file with only comments (yaml.v3 drops those).
	prefix []byte
	doc    *yaml.Node
}

func newDocument(raw []byte, doc *yaml.Node) *document {
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		return &document{prefix: []byte(header), doc: doc}
	case doc.Kind != yaml.DocumentNode:
		return &document{prefix: append(bytes.TrimRight(raw, " \t\r\n"), '\n'), doc: doc}
	}
	return &document{doc: doc}
}

// root is the top-level mapping, created when the file has none.
func (f *document) root() *yaml.Node {
	if f.doc.Kind != yaml.DocumentNode || len(f.doc.Content) == 0 || isNull(f.doc.Content[0]) {
		f.doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	return f.doc.Content[0]
}

// targets is the list of targets, created (empty) when absent.
func (f *document) targets() *yaml.Node {
	root := f.root()
	_, v := lookup(root, "targets")
	switch {
	case v == nil:
		v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		root.Content = append(root.Content, str("targets"), v)
	case isNull(v): // "targets:" with nothing after it; keep its comments
		v.Kind, v.Tag, v.Value, v.Style = yaml.SequenceNode, "!!seq", "", 0
	}
	return v
}

// find returns the index of t's entry in the list, or -1.
func (f *document) find(t flows.Target) int {
	return slices.IndexFunc(f.targets().Content, func(n *yaml.Node) bool {
		_, v := lookup(n, "target")
		if v == nil {
			return false
		}
		got, err := flows.ParseTarget(v.Value)
		return err == nil && got == t
	})
}

// line is where entry i starts, for messages.
func (f *document) line(i int) int { return f.targets().Content[i].Line }

// bytes renders the tree after its prefix.
func (f *document) bytes() ([]byte, error) {
	spellFlowNulls(f.doc, false)
	b := bytes.NewBuffer(slices.Clone(f.prefix))
	enc := yaml.NewEncoder(b)
	enc.SetIndent(2)
	if err := enc.Encode(f.doc); err != nil {
		return nil, fmt.Errorf("cannot render the config file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("cannot render the config file: %w", err)
	}
	return b.Bytes(), nil
}

// spellFlowNulls writes out the empty nulls inside flow collections as
// "null". yaml.v3 renders an empty null (the value of "flow" in
// "{target: a:b:c, flow}") as an empty quoted string inside braces or brackets, which would turn
// a key the user left without a value into an empty string, and a file that
// loaded into one that does not.
func spellFlowNulls(n *yaml.Node, inFlow bool) {
	inFlow = inFlow || n.Style&yaml.FlowStyle != 0
	if inFlow && isNull(n) && n.Value == "" {
		n.Value = "null"
	}
	for _, c := range n.Content {
		spellFlowNulls(c, inFlow)
	}
}

// entryOrder is where each key of an entry goes, so an added key lands
// where a reader expects it.
var entryOrder = []string{"target", "flow", "source", "note"}

// setEntry makes mapping m say t, changing values in place so their
// comments and quoting stay, and leaving out what is the default.
func setEntry(m *yaml.Node, t SavedTarget) {
	setKey(m, "target", t.Target.String())
	setKey(m, "flow", string(t.Flow))
	source := string(t.Source)
	if t.Source == flows.ViaGenerator {
		source = ""
	}
	setKey(m, "source", source)
	setKey(m, "note", t.Note)
}

// setKey sets name to value in m, or removes it when value is "".
func setKey(m *yaml.Node, name, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != name {
			continue
		}
		if value == "" {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
		v := m.Content[i+1]
		v.Kind, v.Tag, v.Value = yaml.ScalarNode, "!!str", value
		v.Style &= yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle
		return
	}
	if value == "" {
		return
	}
	at := len(m.Content)
	rank := slices.Index(entryOrder, name)
	for i := 0; i+1 < len(m.Content); i += 2 {
		if slices.Index(entryOrder, m.Content[i].Value) > rank {
			at = i
			break
		}
	}
	m.Content = slices.Insert(m.Content, at, str(name), str(value))
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
